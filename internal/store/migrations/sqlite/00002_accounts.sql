-- Accounts with roles and scopes, server-side sessions, sign-in throttling,
-- API tokens, the append-only audit log, and the links that scope a
-- teacher (the groups they supervise) and a mentor (their trainees).

-- +goose Up
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    search_key    TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('ministry', 'region', 'college', 'teacher', 'enterprise', 'mentor', 'student', 'auditor')),
    region_id     INTEGER REFERENCES regions (id),
    college_id    INTEGER REFERENCES colleges (id),
    enterprise_id INTEGER REFERENCES enterprises (id),
    teacher_id    INTEGER REFERENCES teachers (id),
    student_id    INTEGER REFERENCES students (id),
    expires_at    TEXT,
    disabled      INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT    NOT NULL,
    credentials_changed_at TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
) STRICT;
CREATE INDEX users_region ON users (region_id);
CREATE INDEX users_college ON users (college_id);
CREATE INDEX users_enterprise ON users (enterprise_id);

-- scs session data; expiry in Unix seconds.
CREATE TABLE sessions (
    token  TEXT    PRIMARY KEY,
    data   BLOB    NOT NULL,
    expiry INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE signin_failures (
    id      INTEGER PRIMARY KEY,
    login   TEXT NOT NULL,
    address TEXT NOT NULL,
    at      TEXT NOT NULL
) STRICT;
CREATE INDEX signin_failures_login ON signin_failures (login, at);
CREATE INDEX signin_failures_address ON signin_failures (address, at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    name         TEXT    NOT NULL,
    prefix       TEXT    NOT NULL,
    hash         TEXT    NOT NULL UNIQUE,
    created_at   TEXT    NOT NULL,
    expires_at   TEXT,
    last_used_at TEXT,
    revoked_at   TEXT
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    user_id     INTEGER,
    login       TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    record_type TEXT    NOT NULL,
    record_id   TEXT    NOT NULL,
    before      TEXT    NOT NULL,
    after       TEXT    NOT NULL,
    region_id   INTEGER,
    college_id  INTEGER
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user ON audit_log (user_id, at);
CREATE INDEX audit_log_record ON audit_log (record_type, record_id, at);
CREATE INDEX audit_log_region ON audit_log (region_id, at);
CREATE INDEX audit_log_college ON audit_log (college_id, at);

-- The audit log is append-only: the database itself refuses to change it.
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- +goose StatementEnd

ALTER TABLE study_groups ADD COLUMN curator_id INTEGER REFERENCES teachers (id);
CREATE INDEX study_groups_curator ON study_groups (curator_id);
ALTER TABLE students ADD COLUMN mentor_id INTEGER REFERENCES users (id);
CREATE INDEX students_mentor ON students (mentor_id) WHERE mentor_id IS NOT NULL;

-- +goose Down
DROP INDEX students_mentor;
ALTER TABLE students DROP COLUMN mentor_id;
DROP INDEX study_groups_curator;
ALTER TABLE study_groups DROP COLUMN curator_id;
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_update;
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE signin_failures;
DROP TABLE sessions;
DROP TABLE users;
