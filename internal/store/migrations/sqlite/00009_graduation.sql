-- Graduation and verified employment (issue 7, DOMAIN.md §4 rule 8; the
-- definition is in internal/domain/graduation.go).
--
-- A student's status said "graduated" but not when, and the points at
-- which employment is checked (3, 6, 12 months) count from that day:
-- students.graduated_on holds it, set when a college marks a group
-- graduated.
--
-- The rates are counted ahead, not per page view: checking half a million
-- graduates at three points each against the register is some 1.5 million
-- index probes, seconds on either database, while the pages must answer
-- in tens of milliseconds. employment_outcomes holds the counts per
-- college, qualification, dual or not and day of graduation — tens of
-- thousands of rows for the whole country — including the points whose
-- day has not come yet: whether a point is reached depends on today, so
-- the pages choose which days count when they read (graduation_dates gives
-- each day's points, worked out in Go, domain.PointDate). A graduation
-- adds its graduates' counts in its own transaction; an import of
-- employment records changes employment_records, whose newest updated_at
-- and id the counts remember (employment_outcomes_state): when either has
-- moved, the next reader counts again.

-- +goose Up
ALTER TABLE students ADD COLUMN graduated_on TEXT;
-- The graduates, for counting them again and for the registry's totals,
-- which count students not yet graduated (the index alone answers); and
-- by name, for the list of graduates, which would otherwise sort every
-- graduate of the country for its first page.
CREATE INDEX students_graduated ON students (graduated_on, college_id, enterprise_id, status) WHERE graduated_on IS NOT NULL;
CREATE INDEX students_graduates_by_name ON students (search_key, id, college_id, graduated_on, status) WHERE graduated_on IS NOT NULL;
-- The newest record, read on every report to tell whether the counts are
-- still those of the register.
CREATE INDEX employment_records_updated ON employment_records (updated_at);

CREATE TABLE graduation_dates (
    graduated_on TEXT PRIMARY KEY,
    point_3      TEXT NOT NULL,
    point_6      TEXT NOT NULL,
    point_12     TEXT NOT NULL
) STRICT;

-- Derived from students, programmes, agreements and employment_records;
-- rebuilt whole by a recount, so it keeps no references of its own.
CREATE TABLE employment_outcomes (
    college_id         INTEGER NOT NULL,
    region_id          INTEGER NOT NULL,
    qualification_code TEXT    NOT NULL, -- or the specialty's code when the programme names no qualification
    dual               INTEGER NOT NULL CHECK (dual IN (0, 1)),
    graduated_on       TEXT    NOT NULL,
    graduates          INTEGER NOT NULL,
    employed_3         INTEGER NOT NULL,
    employed_6         INTEGER NOT NULL,
    employed_12        INTEGER NOT NULL,
    PRIMARY KEY (college_id, qualification_code, dual, graduated_on)
) STRICT, WITHOUT ROWID;
-- Covering, in the order of the country's report (by region, qualification
-- and dual): the reports read the index alone, the country's in index
-- order without sorting; a region's is a range of it.
CREATE INDEX employment_outcomes_report ON employment_outcomes
    (region_id, qualification_code, dual, graduated_on, college_id, graduates, employed_3, employed_6, employed_12);

CREATE TABLE employment_outcomes_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    records_at   TEXT,    -- max(employment_records.updated_at) when last counted
    records_id   INTEGER, -- max(employment_records.id) likewise
    refreshed_at TEXT     -- when last counted; NULL: count again
) STRICT;
INSERT INTO employment_outcomes_state (id) VALUES (1);

-- Published rates shown beside the product's own (refdata), replaced at
-- every start like the rest of the reference data.
CREATE TABLE published_employment (
    position   INTEGER PRIMARY KEY, -- the order of the reference file
    period     TEXT    NOT NULL,
    rate       REAL    NOT NULL,
    graduates  INTEGER NOT NULL,
    employed   INTEGER NOT NULL,
    publisher  TEXT    NOT NULL,
    source_url TEXT    NOT NULL,
    note       TEXT    NOT NULL
) STRICT;

-- +goose Down
DROP TABLE published_employment;
DROP TABLE employment_outcomes_state;
DROP TABLE employment_outcomes;
DROP TABLE graduation_dates;
DROP INDEX employment_records_updated;
DROP INDEX students_graduates_by_name;
DROP INDEX students_graduated;
ALTER TABLE students DROP COLUMN graduated_on;
