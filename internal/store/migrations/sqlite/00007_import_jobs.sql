-- The uploads of the import page (issue 6) and how their imports went. An
-- import runs in the background on the node that received the file
-- (node), which keeps the file (upload, a name in its upload folder) until
-- the import has written it, or for a day after a dry run so that the same
-- file can be imported for real. Problems are kept as catalog keys with
-- their values (JSON), never as text, so each reader sees them in their
-- own language.

-- +goose Up
CREATE TABLE import_jobs (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    kind          TEXT    NOT NULL,
    file_name     TEXT    NOT NULL,
    file_size     INTEGER NOT NULL,
    sheet         TEXT    NOT NULL,
    dry_run       INTEGER NOT NULL,
    source_id     INTEGER REFERENCES import_jobs (id),
    status        TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    node          TEXT    NOT NULL,
    upload        TEXT    NOT NULL,  -- '' once the file is removed
    rows_read     INTEGER NOT NULL DEFAULT 0,
    bytes_read    INTEGER NOT NULL DEFAULT 0,
    row_count     INTEGER NOT NULL DEFAULT 0,
    inserted      INTEGER NOT NULL DEFAULT 0,
    updated       INTEGER NOT NULL DEFAULT 0,
    unchanged     INTEGER NOT NULL DEFAULT 0,
    problems      TEXT    NOT NULL DEFAULT '[]',  -- the first problems: line, column, key, params
    problem_total INTEGER NOT NULL DEFAULT 0,
    error_key     TEXT    NOT NULL DEFAULT '',
    error_params  TEXT    NOT NULL DEFAULT '{}',
    created_at    TEXT    NOT NULL,
    started_at    TEXT,
    finished_at   TEXT
) STRICT;
CREATE INDEX import_jobs_user ON import_jobs (user_id, id);
CREATE INDEX import_jobs_source ON import_jobs (source_id);
CREATE INDEX import_jobs_node ON import_jobs (node, status);

-- +goose Down
DROP TABLE import_jobs;
