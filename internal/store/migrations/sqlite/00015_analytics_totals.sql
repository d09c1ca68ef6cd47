-- The figures every view of a dashboard asks for, unfiltered: the
-- distinct enterprises training students of a year (the country's, each
-- region's, each college's) and the places offered (the country's and each
-- region's). Counting them from analytics_enterprise_regions,
-- analytics_enterprise_colleges and analytics_offers took 12–25 ms a view
-- at national size; the refresh counts them here once
-- (analytics_refresh.go), and a view reads a few rows.

-- +goose Up
CREATE TABLE analytics_year_totals (
    year        INTEGER NOT NULL,
    region_id   INTEGER NOT NULL, -- 0: the country
    college_id  INTEGER NOT NULL, -- 0: the region (or the country)
    enterprises INTEGER NOT NULL,
    places      INTEGER NOT NULL, -- counted for the country and the regions only
    PRIMARY KEY (year, region_id, college_id)
) STRICT, WITHOUT ROWID;
-- The counts are made again at the next read, with this table.
UPDATE analytics_state SET refreshed_at = NULL;

-- +goose Down
DROP TABLE analytics_year_totals;
