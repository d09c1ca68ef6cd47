-- Patronage (issue 7): tripartite memoranda of the regional education
-- department, an enterprise and a college, with measurable commitments and
-- the deliveries the enterprise reports against them (DOMAIN.md §4 rule 6).
--
-- A commitment's state (on track, behind, done) depends on the day, so it
-- is not stored; what is stored is the last day on which the commitment is
-- on track with what it has delivered (domain.OnTrackUntil, NULL once it is
-- done), recomputed with every report and every change of the period. The
-- state on any day is then a comparison of dates, on both databases, and
-- a memorandum keeps the earliest such day of its commitments. The sums of
-- the reports are kept with the commitment for the same reason, and so
-- are its memorandum's parties and period: the national figures read the
-- commitments alone, a few thousand rows, not every report nor a join.

-- +goose Up
CREATE TABLE memoranda (
    id             INTEGER PRIMARY KEY,
    number         TEXT    NOT NULL,
    region_id      INTEGER NOT NULL REFERENCES regions (id),
    college_id     INTEGER NOT NULL REFERENCES colleges (id),
    enterprise_id  INTEGER NOT NULL REFERENCES enterprises (id),
    signed_on      TEXT    NOT NULL,
    starts_on      TEXT    NOT NULL,
    ends_on        TEXT    NOT NULL,
    note           TEXT    NOT NULL,
    on_track_until TEXT,             -- the earliest of its commitments'; NULL when all are done
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    UNIQUE (region_id, number),
    CHECK (starts_on >= signed_on AND ends_on > starts_on)
) STRICT;
-- The figures count the memoranda in force from this index alone.
CREATE INDEX memoranda_period ON memoranda (starts_on, ends_on, region_id, enterprise_id, college_id, on_track_until);
CREATE INDEX memoranda_college ON memoranda (college_id, starts_on);
CREATE INDEX memoranda_enterprise ON memoranda (enterprise_id, starts_on);

CREATE TABLE commitments (
    id              INTEGER PRIMARY KEY,
    memorandum_id   INTEGER NOT NULL REFERENCES memoranda (id),
    position        INTEGER NOT NULL, -- the order on the memorandum
    kind            TEXT    NOT NULL CHECK (kind IN ('practice_places', 'mentors', 'equipment', 'hires', 'scholarships')),
    description     TEXT    NOT NULL,
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    value           INTEGER NOT NULL CHECK (value >= 0), -- tenge, equipment only
    delivered       INTEGER NOT NULL DEFAULT 0,
    delivered_value INTEGER NOT NULL DEFAULT 0,
    confirmed_value INTEGER NOT NULL DEFAULT 0,
    on_track_until  TEXT,             -- NULL when done
    -- The memorandum's, kept with every change of it, for the figures.
    region_id       INTEGER NOT NULL,
    college_id      INTEGER NOT NULL,
    enterprise_id   INTEGER NOT NULL,
    starts_on       TEXT    NOT NULL,
    ends_on         TEXT    NOT NULL
) STRICT;
CREATE INDEX commitments_memorandum ON commitments (memorandum_id, position);
-- The figures read the commitments in force from this index alone, in
-- the order they are grouped by (region, kind), so without a sort.
CREATE INDEX commitments_figures ON commitments (region_id, kind, starts_on, ends_on, on_track_until, quantity, delivered, value,
    delivered_value, confirmed_value, college_id, enterprise_id);

-- A delivery reported against a commitment, with its evidence: the
-- document's number and description, and optionally the file (in the
-- database, as the logbook's photos, so any node serves it).
CREATE TABLE fulfilments (
    id            INTEGER PRIMARY KEY,
    commitment_id INTEGER NOT NULL REFERENCES commitments (id),
    quantity      INTEGER NOT NULL CHECK (quantity > 0),
    value         INTEGER NOT NULL CHECK (value >= 0),
    delivered_on  TEXT    NOT NULL,
    document      TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    evidence_name TEXT,
    evidence_type TEXT,
    evidence_size INTEGER,
    evidence      BLOB,
    reported_by   INTEGER REFERENCES users (id),
    reported_at   TEXT    NOT NULL,
    confirmed_by  INTEGER REFERENCES users (id),
    confirmed_at  TEXT,
    CHECK ((evidence IS NULL) = (evidence_type IS NULL))
) STRICT;
CREATE INDEX fulfilments_commitment ON fulfilments (commitment_id, delivered_on);

-- +goose Down
DROP TABLE fulfilments;
DROP TABLE commitments;
DROP TABLE memoranda;
