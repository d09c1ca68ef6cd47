-- Analytics (issue 8): the dashboards' counts, made ahead.
--
-- The dashboards of the country and of a region must answer in tens of
-- milliseconds, and counting 560,000 students with their agreements,
-- logbooks, assessments, contracts and employment per view takes seconds.
-- Like employment_outcomes (00009) the counts are kept in summary tables,
-- one row per combination of the dashboards' filters — college,
-- qualification, funding, academic year of enrolment and of leaving, dual
-- or not — so that a dashboard sums a few thousand rows instead. They are
-- made again whole by a refresh (store/analytics.go says when), not kept
-- up incrementally: the funnel's steps depend on six other tables and on
-- today (the logbook's weeks, the employment points), which triggers on
-- every one of them could not follow; the dashboards show when the counts
-- were made (analytics_state.refreshed_at).

-- +goose Up
-- One row per college, programme qualification (or specialty), funding,
-- academic year of enrolment and of leaving (graduation; 9999 while on
-- the roll) and dual or not. The step columns count students; employed_12
-- and reached_12 graduates.
CREATE TABLE analytics_students (
    college_id         BIGINT  NOT NULL,
    region_id          INTEGER NOT NULL,
    qualification_code TEXT    NOT NULL,
    specialty_code     TEXT    NOT NULL, -- its first 4 digits are the ISCED-F detailed field
    funding            TEXT    NOT NULL,
    enrolled_year      INTEGER NOT NULL,
    left_year          INTEGER NOT NULL,
    dual               INTEGER NOT NULL CHECK (dual IN (0, 1)),
    students           INTEGER NOT NULL,
    allocated          INTEGER NOT NULL,
    agreed             INTEGER NOT NULL,
    on_track           INTEGER NOT NULL,
    assessed           INTEGER NOT NULL,
    contracts          INTEGER NOT NULL,
    graduates          INTEGER NOT NULL,
    reached_12         INTEGER NOT NULL,
    employed_12        INTEGER NOT NULL,
    PRIMARY KEY (college_id, qualification_code, funding, enrolled_year, left_year, dual)
);
-- A region's dashboard is a range of this index.
CREATE INDEX analytics_students_region ON analytics_students (region_id, college_id);

-- The dual students by the enterprise that trains them, with the same
-- counts, for the count of distinct enterprises and the enterprise's own
-- dashboard.
CREATE TABLE analytics_placements (
    enterprise_id      BIGINT  NOT NULL,
    college_id         BIGINT  NOT NULL,
    region_id          INTEGER NOT NULL, -- the college's
    qualification_code TEXT    NOT NULL,
    specialty_code     TEXT    NOT NULL,
    funding            TEXT    NOT NULL,
    enrolled_year      INTEGER NOT NULL,
    left_year          INTEGER NOT NULL,
    students           INTEGER NOT NULL,
    allocated          INTEGER NOT NULL,
    agreed             INTEGER NOT NULL,
    on_track           INTEGER NOT NULL,
    assessed           INTEGER NOT NULL,
    contracts          INTEGER NOT NULL,
    graduates          INTEGER NOT NULL,
    reached_12         INTEGER NOT NULL,
    employed_12        INTEGER NOT NULL,
    PRIMARY KEY (enterprise_id, college_id, qualification_code, funding, enrolled_year, left_year)
);
CREATE INDEX analytics_placements_region ON analytics_placements (region_id, enterprise_id);
CREATE INDEX analytics_placements_qualification ON analytics_placements (qualification_code);
CREATE INDEX analytics_placements_college ON analytics_placements (college_id, enterprise_id);

-- Places offered (approved, open or closed offers), by academic year of
-- the offer's start.
CREATE TABLE analytics_offers (
    enterprise_id      BIGINT  NOT NULL,
    college_id         BIGINT  NOT NULL, -- 0: an offer to every college
    region_id          INTEGER NOT NULL,
    qualification_code TEXT    NOT NULL,
    specialty_code     TEXT    NOT NULL,
    year               INTEGER NOT NULL,
    places             INTEGER NOT NULL,
    PRIMARY KEY (enterprise_id, college_id, qualification_code, year)
);
CREATE INDEX analytics_offers_region ON analytics_offers (region_id, year);

-- Rollups of analytics_students, so that a dashboard sums hundreds of rows
-- rather than a hundred thousand: without the qualification (a college's
-- and a region's dashboards when no qualification or field is chosen),
-- without the college (the country's, by region), and without either.
CREATE TABLE analytics_colleges (
    college_id         BIGINT   NOT NULL,
    region_id          INTEGER NOT NULL,
    funding            TEXT    NOT NULL,
    enrolled_year      INTEGER NOT NULL,
    left_year          INTEGER NOT NULL,
    dual               INTEGER NOT NULL,
    students           INTEGER NOT NULL,
    allocated          INTEGER NOT NULL,
    agreed             INTEGER NOT NULL,
    on_track           INTEGER NOT NULL,
    assessed           INTEGER NOT NULL,
    contracts          INTEGER NOT NULL,
    graduates          INTEGER NOT NULL,
    reached_12         INTEGER NOT NULL,
    employed_12        INTEGER NOT NULL,
    PRIMARY KEY (region_id, college_id, funding, enrolled_year, left_year, dual)
);
CREATE TABLE analytics_regions (
    qualification_code TEXT    NOT NULL,
    specialty_code     TEXT    NOT NULL,
    region_id          INTEGER NOT NULL,
    funding            TEXT    NOT NULL,
    enrolled_year      INTEGER NOT NULL,
    left_year          INTEGER NOT NULL,
    dual               INTEGER NOT NULL,
    students           INTEGER NOT NULL,
    allocated          INTEGER NOT NULL,
    agreed             INTEGER NOT NULL,
    on_track           INTEGER NOT NULL,
    assessed           INTEGER NOT NULL,
    contracts          INTEGER NOT NULL,
    graduates          INTEGER NOT NULL,
    reached_12         INTEGER NOT NULL,
    employed_12        INTEGER NOT NULL,
    PRIMARY KEY (qualification_code, region_id, funding, enrolled_year, left_year, dual)
);
CREATE INDEX analytics_regions_specialty ON analytics_regions (specialty_code);
CREATE TABLE analytics_region_totals (
    region_id          INTEGER NOT NULL,
    funding            TEXT    NOT NULL,
    enrolled_year      INTEGER NOT NULL,
    left_year          INTEGER NOT NULL,
    dual               INTEGER NOT NULL,
    students           INTEGER NOT NULL,
    allocated          INTEGER NOT NULL,
    agreed             INTEGER NOT NULL,
    on_track           INTEGER NOT NULL,
    assessed           INTEGER NOT NULL,
    contracts          INTEGER NOT NULL,
    graduates          INTEGER NOT NULL,
    reached_12         INTEGER NOT NULL,
    employed_12        INTEGER NOT NULL,
    PRIMARY KEY (region_id, funding, enrolled_year, left_year, dual)
);

-- The enterprises training students on the roll in each academic year, by
-- region and by college, for the counts of distinct enterprises (which no
-- sum of the areas' counts gives: an enterprise trains for several).
CREATE TABLE analytics_enterprise_regions (
    year          INTEGER NOT NULL,
    region_id     INTEGER NOT NULL,
    enterprise_id BIGINT   NOT NULL,
    PRIMARY KEY (year, region_id, enterprise_id)
);
CREATE INDEX analytics_enterprise_regions_distinct ON analytics_enterprise_regions (year, enterprise_id);
CREATE TABLE analytics_enterprise_colleges (
    year          INTEGER NOT NULL,
    region_id     INTEGER NOT NULL,
    college_id    BIGINT   NOT NULL,
    enterprise_id BIGINT   NOT NULL,
    PRIMARY KEY (year, region_id, college_id, enterprise_id)
);

CREATE TABLE analytics_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    refreshed_at TIMESTAMPTZ, -- when the counts were made; NULL: never
    today        DATE         -- the day they were made as of
);
INSERT INTO analytics_state (id) VALUES (1);

-- Published statistics (refdata kz_tvet_statistics.csv), replaced at every
-- start like the rest of the reference data.
CREATE TABLE official_figures (
    position  INTEGER PRIMARY KEY, -- the order of the reference file
    indicator TEXT    NOT NULL,
    period    TEXT    NOT NULL,
    geography TEXT    NOT NULL,
    region_id INTEGER NOT NULL, -- 0: the country or no region
    value     DOUBLE PRECISION NOT NULL,
    unit      TEXT    NOT NULL,
    source    TEXT    NOT NULL,
    publisher TEXT    NOT NULL,
    definition TEXT   NOT NULL, -- the catalog key of what the indicator counts
    note      TEXT    NOT NULL
);

-- +goose Down
DROP TABLE official_figures;
DROP TABLE analytics_enterprise_colleges;
DROP TABLE analytics_enterprise_regions;
DROP TABLE analytics_region_totals;
DROP TABLE analytics_regions;
DROP TABLE analytics_colleges;
DROP TABLE analytics_state;
DROP TABLE analytics_offers;
DROP TABLE analytics_placements;
DROP TABLE analytics_students;
