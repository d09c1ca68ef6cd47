-- Career guidance (issue 9; the rules are in internal/domain/guidance.go).
--
-- guidance_items and guidance_profiles are reference data, replaced at
-- every start from refdata like the regions: the 60 items of the O*NET
-- Interest Profiler Short Form with their texts, and the interest profile
-- of each classifier code (its ISCO-08 unit group and RIASEC code, with
-- the reasons).
--
-- guidance_attempts are tests, anonymous: no user, no name, no address —
-- the answers (one character per item, '-' for one not answered), the
-- city the pupil chose for the recommendations, and once finished the
-- scores and the code. id is the secret key of a test in progress (the
-- browser keeps it in the test's URL and a cookie); result_id is drawn
-- when it is finished and is the one shared, so a shared link reads the
-- results and cannot change the answers.
--
-- guidance_sessions are counsellors' class sessions with their join code;
-- a test started through one counts in its anonymous summary.

-- +goose Up
CREATE TABLE guidance_items (
    id       TEXT    PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    area     TEXT    NOT NULL CHECK (area IN ('R', 'I', 'A', 'S', 'E', 'C')),
    text_kk  TEXT    NOT NULL,
    text_ru  TEXT    NOT NULL,
    text_en  TEXT    NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE guidance_profiles (
    code           TEXT NOT NULL PRIMARY KEY, -- a qualification or a specialty
    isco_code      TEXT NOT NULL,
    isco_title     TEXT NOT NULL,
    interest       TEXT NOT NULL,
    rationale      TEXT NOT NULL,
    isco_rationale TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE guidance_sessions (
    id         INTEGER PRIMARY KEY,
    join_code  TEXT    NOT NULL UNIQUE,
    title      TEXT    NOT NULL,
    owner_id   INTEGER NOT NULL REFERENCES users (id),
    college_id INTEGER REFERENCES colleges (id),
    region_id  INTEGER REFERENCES regions (id),
    closed     INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
) STRICT;
CREATE INDEX guidance_sessions_owner ON guidance_sessions (owner_id, created_at);

CREATE TABLE guidance_attempts (
    id          TEXT    NOT NULL PRIMARY KEY,
    result_id   TEXT    UNIQUE,
    session_id  INTEGER REFERENCES guidance_sessions (id),
    city_id     INTEGER REFERENCES cities (id),
    answers     TEXT    NOT NULL CHECK (length(answers) = 60),
    score_r     INTEGER NOT NULL DEFAULT 0 CHECK (score_r BETWEEN 0 AND 40),
    score_i     INTEGER NOT NULL DEFAULT 0 CHECK (score_i BETWEEN 0 AND 40),
    score_a     INTEGER NOT NULL DEFAULT 0 CHECK (score_a BETWEEN 0 AND 40),
    score_s     INTEGER NOT NULL DEFAULT 0 CHECK (score_s BETWEEN 0 AND 40),
    score_e     INTEGER NOT NULL DEFAULT 0 CHECK (score_e BETWEEN 0 AND 40),
    score_c     INTEGER NOT NULL DEFAULT 0 CHECK (score_c BETWEEN 0 AND 40),
    code        TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    finished_at TEXT,
    CHECK ((finished_at IS NULL) = (result_id IS NULL))
) STRICT, WITHOUT ROWID;
-- A class's summary reads its finished tests from this index alone.
CREATE INDEX guidance_attempts_session ON guidance_attempts (session_id, finished_at, code, score_r, score_i, score_a, score_s, score_e, score_c)
    WHERE session_id IS NOT NULL;

-- +goose Down
DROP TABLE guidance_attempts;
DROP TABLE guidance_sessions;
DROP TABLE guidance_profiles;
DROP TABLE guidance_items;
