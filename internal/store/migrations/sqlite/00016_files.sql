-- Files kept in the database (issue 11): the uploads of the import page,
-- which a background job on any node imports, and the large downloads
-- written by a background job for the person who asked. A file is stored
-- in chunks of a megabyte, each its own row, so that neither an upload
-- nor a download is ever held whole in memory, and on SQLite each chunk
-- is a short write rather than one that holds the writer for the whole
-- upload. import_jobs.upload names a file by its ID from here on.

-- +goose Up
CREATE TABLE stored_files (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    size       INTEGER NOT NULL DEFAULT 0,
    complete   INTEGER NOT NULL DEFAULT 0,  -- 1 once its last chunk is written
    created_at TEXT    NOT NULL
) STRICT;
CREATE INDEX stored_files_created ON stored_files (created_at);

CREATE TABLE stored_file_chunks (
    file_id INTEGER NOT NULL REFERENCES stored_files (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    data    BLOB    NOT NULL,
    PRIMARY KEY (file_id, seq)
) STRICT;

-- A download of a list too long to stream within the request: the list's
-- path and query as the person asked for it, replayed by the job as them
-- (their role at the time, which must still be theirs), in their language.
CREATE TABLE export_jobs (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    role         TEXT    NOT NULL,
    path         TEXT    NOT NULL,
    query        TEXT    NOT NULL,
    lang         TEXT    NOT NULL,
    row_count    INTEGER NOT NULL,  -- as counted when asked
    status       TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    file_id      INTEGER REFERENCES stored_files (id) ON DELETE SET NULL,
    file_name    TEXT    NOT NULL DEFAULT '',
    content_type TEXT    NOT NULL DEFAULT '',
    error_key    TEXT    NOT NULL DEFAULT '',
    error_params TEXT    NOT NULL DEFAULT '{}',
    created_at   TEXT    NOT NULL,
    finished_at  TEXT
) STRICT;
CREATE INDEX export_jobs_user ON export_jobs (user_id, id);
CREATE INDEX export_jobs_created ON export_jobs (created_at);

-- The uploads of the imports before this version were files in a node's
-- folder, which the new jobs cannot read: the imports left waiting are
-- failed as interrupted, and the dry runs' files forgotten.
UPDATE import_jobs SET status = 'failed', error_key = 'error.import_job.interrupted',
    finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE status IN ('queued', 'running');
UPDATE import_jobs SET upload = '' WHERE upload <> '';

-- +goose Down
DROP TABLE export_jobs;
DROP TABLE stored_file_chunks;
DROP TABLE stored_files;
