-- Bulk imports (issue 6): graduates' employment as the register of
-- employment contracts gives it. The person and the employer need not be in
-- the registry, so the record keeps their IIN and BIN rather than
-- references: matching them to graduates is the employment check's work.

-- +goose Up
CREATE TABLE employment_records (
    id           INTEGER PRIMARY KEY,
    iin          TEXT    NOT NULL,
    employer_bin TEXT    NOT NULL,
    starts_on    TEXT    NOT NULL,
    ends_on      TEXT,             -- NULL while the contract runs
    position     TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    UNIQUE (iin, employer_bin, starts_on)
) STRICT;
CREATE INDEX employment_records_employer ON employment_records (employer_bin, starts_on);

-- +goose Down
DROP TABLE employment_records;
