-- The figures every view of the country's or a region's dashboard asks
-- for, unfiltered: the distinct enterprises training students of a year
-- and the places offered. Counting them from analytics_enterprise_regions
-- and analytics_offers took 12–25 ms a view at national size; the refresh
-- counts them here once (analytics_refresh.go), and a view reads a row.

-- +goose Up
CREATE TABLE analytics_year_totals (
    year        INTEGER NOT NULL,
    region_id   INTEGER NOT NULL, -- 0: the country
    enterprises INTEGER NOT NULL,
    places      INTEGER NOT NULL,
    PRIMARY KEY (year, region_id)
) STRICT, WITHOUT ROWID;
-- The counts are made again at the next read, with this table.
UPDATE analytics_state SET refreshed_at = NULL;

-- +goose Down
DROP TABLE analytics_year_totals;
