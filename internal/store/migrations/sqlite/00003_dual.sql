-- Dual training end to end: policy settings, mentors, programme
-- competences, placement offers and applications, tripartite agreements
-- with versioned approvals, changes of party, the weekly logbook with photo
-- evidence, and assessments. A mentor's trainees now come from the
-- agreements that name them, so students.mentor_id goes.

-- +goose Up
DROP INDEX students_mentor;
ALTER TABLE students DROP COLUMN mentor_id;

-- One row; absent means the shipped defaults.
CREATE TABLE dual_settings (
    id                      INTEGER PRIMARY KEY CHECK (id = 1),
    max_trainees_per_mentor INTEGER NOT NULL,
    behind_plan_percent     INTEGER NOT NULL,
    missing_weeks           INTEGER NOT NULL,
    unsigned_days           INTEGER NOT NULL,
    mentor_inactive_days    INTEGER NOT NULL,
    updated_at              TEXT    NOT NULL
) STRICT;

CREATE TABLE mentors (
    id               INTEGER PRIMARY KEY,
    enterprise_id    INTEGER NOT NULL REFERENCES enterprises (id),
    user_id          INTEGER UNIQUE REFERENCES users (id),
    name             TEXT    NOT NULL,
    search_key       TEXT    NOT NULL,
    position         TEXT    NOT NULL,
    qualification    TEXT    NOT NULL,
    experience_years INTEGER NOT NULL,
    phone            TEXT    NOT NULL,
    pay_per_trainee  INTEGER NOT NULL,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
) STRICT;
CREATE INDEX mentors_enterprise ON mentors (enterprise_id, search_key);

CREATE TABLE competences (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    code         TEXT    NOT NULL,
    name_kk      TEXT    NOT NULL,
    name_ru      TEXT    NOT NULL,
    name_en      TEXT    NOT NULL,
    UNIQUE (programme_id, code)
) STRICT;

CREATE TABLE offers (
    id                 INTEGER PRIMARY KEY,
    enterprise_id      INTEGER NOT NULL REFERENCES enterprises (id),
    college_id         INTEGER REFERENCES colleges (id),
    qualification_code TEXT    NOT NULL REFERENCES qualifications (code),
    city_id            INTEGER NOT NULL REFERENCES cities (id),
    region_id          INTEGER NOT NULL REFERENCES regions (id),
    capacity           INTEGER NOT NULL CHECK (capacity > 0),
    starts_on          TEXT    NOT NULL,
    ends_on            TEXT    NOT NULL,
    weekdays           TEXT    NOT NULL,
    hours_per_week     INTEGER NOT NULL,
    requirements       TEXT    NOT NULL,
    stipend_tenge      INTEGER NOT NULL,
    reserved           INTEGER NOT NULL,
    status             TEXT    NOT NULL CHECK (status IN ('draft', 'submitted', 'referred', 'approved', 'open', 'closed')),
    referral_reason    TEXT    NOT NULL,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL
) STRICT;
CREATE INDEX offers_search ON offers (status, region_id, qualification_code);
CREATE INDEX offers_enterprise ON offers (enterprise_id, created_at);
CREATE INDEX offers_college ON offers (college_id, status);

CREATE TABLE agreements (
    id             INTEGER PRIMARY KEY,
    student_id     INTEGER NOT NULL REFERENCES students (id),
    college_id     INTEGER NOT NULL REFERENCES colleges (id),
    enterprise_id  INTEGER NOT NULL REFERENCES enterprises (id),
    offer_id       INTEGER REFERENCES offers (id),
    mentor_id      INTEGER REFERENCES mentors (id),
    previous_id    INTEGER REFERENCES agreements (id),
    position       TEXT    NOT NULL,
    starts_on      TEXT    NOT NULL,
    ends_on        TEXT    NOT NULL,
    weekdays       TEXT    NOT NULL,
    hours_per_week INTEGER NOT NULL,
    stipend_tenge  INTEGER NOT NULL,
    mentor_pay     INTEGER NOT NULL,
    guardian_name  TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('draft', 'awaiting', 'active', 'completed', 'terminated')),
    version        INTEGER NOT NULL,
    end_reason     TEXT    NOT NULL,
    active_on      TEXT,
    ended_on       TEXT,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
) STRICT;
-- A student has at most one live agreement.
CREATE UNIQUE INDEX agreements_live_student ON agreements (student_id) WHERE status IN ('draft', 'awaiting', 'active');
CREATE INDEX agreements_student ON agreements (student_id, id);
CREATE INDEX agreements_college ON agreements (college_id, status);
CREATE INDEX agreements_enterprise ON agreements (enterprise_id, status);
CREATE INDEX agreements_mentor ON agreements (mentor_id, status);

-- Approvals of every version are kept; an edit sets cleared_at on the
-- approvals of the version it replaces.
CREATE TABLE agreement_approvals (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id),
    party        TEXT    NOT NULL CHECK (party IN ('college', 'enterprise', 'student', 'guardian')),
    version      INTEGER NOT NULL,
    user_id      INTEGER REFERENCES users (id),
    name         TEXT    NOT NULL,
    at           TEXT    NOT NULL,
    cleared_at   TEXT,
    UNIQUE (agreement_id, version, party)
) STRICT;

CREATE TABLE party_changes (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id),
    student_id   INTEGER NOT NULL REFERENCES students (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('mentor', 'enterprise')),
    from_id      INTEGER NOT NULL,
    to_id        INTEGER NOT NULL,
    reason       TEXT    NOT NULL,
    at           TEXT    NOT NULL,
    login        TEXT    NOT NULL
) STRICT;
CREATE INDEX party_changes_student ON party_changes (student_id, at);

CREATE TABLE applications (
    id           INTEGER PRIMARY KEY,
    offer_id     INTEGER NOT NULL REFERENCES offers (id),
    student_id   INTEGER NOT NULL REFERENCES students (id),
    status       TEXT    NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
    note         TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    agreement_id INTEGER REFERENCES agreements (id),
    created_at   TEXT    NOT NULL,
    decided_at   TEXT,
    UNIQUE (offer_id, student_id)
) STRICT;
CREATE INDEX applications_student ON applications (student_id, created_at);
CREATE INDEX applications_offer ON applications (offer_id, status);

-- The logbook. is_current marks the newest version of a student's week;
-- counted marks the newest signed version, whose hours count.
CREATE TABLE logbook_entries (
    id             INTEGER PRIMARY KEY,
    student_id     INTEGER NOT NULL REFERENCES students (id),
    agreement_id   INTEGER NOT NULL REFERENCES agreements (id),
    week_start     TEXT    NOT NULL,
    version        INTEGER NOT NULL,
    is_current     INTEGER NOT NULL,
    counted        INTEGER NOT NULL,
    days           TEXT    NOT NULL,
    hours          INTEGER NOT NULL,
    tasks          TEXT    NOT NULL,
    competences    TEXT    NOT NULL, -- competence IDs, comma-separated
    status         TEXT    NOT NULL CHECK (status IN ('draft', 'submitted', 'signed', 'returned')),
    comment        TEXT    NOT NULL,
    submitted_at   TEXT,
    mentor_id      INTEGER REFERENCES mentors (id), -- who signed or returned it
    decided_at     TEXT,                            -- when
    signed_at      TEXT,
    reviewed_at    TEXT,
    reviewed_by    TEXT    NOT NULL,
    review_comment TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    UNIQUE (student_id, week_start, version)
) STRICT;
CREATE UNIQUE INDEX logbook_current_week ON logbook_entries (student_id, week_start) WHERE is_current = 1;
CREATE INDEX logbook_agreement ON logbook_entries (agreement_id, week_start);
CREATE INDEX logbook_waiting ON logbook_entries (agreement_id, submitted_at) WHERE status = 'submitted';
CREATE INDEX logbook_mentor_acted ON logbook_entries (mentor_id, decided_at);

CREATE TABLE entry_photos (
    id           INTEGER PRIMARY KEY,
    entry_id     INTEGER NOT NULL REFERENCES logbook_entries (id),
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    data         BLOB    NOT NULL,
    created_at   TEXT    NOT NULL
) STRICT;
CREATE INDEX entry_photos_entry ON entry_photos (entry_id);

CREATE TABLE competence_assessments (
    id            INTEGER PRIMARY KEY,
    student_id    INTEGER NOT NULL REFERENCES students (id),
    agreement_id  INTEGER NOT NULL REFERENCES agreements (id),
    competence_id INTEGER NOT NULL REFERENCES competences (id),
    level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    comment       TEXT    NOT NULL,
    mentor_id     INTEGER REFERENCES mentors (id),
    assessed_by   TEXT    NOT NULL,
    at            TEXT    NOT NULL
) STRICT;
CREATE INDEX competence_assessments_student ON competence_assessments (student_id, at);

CREATE TABLE final_assessments (
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL REFERENCES students (id),
    grade       INTEGER NOT NULL CHECK (grade BETWEEN 2 AND 5),
    comment     TEXT    NOT NULL,
    recorded_by TEXT    NOT NULL,
    at          TEXT    NOT NULL
) STRICT;
CREATE INDEX final_assessments_student ON final_assessments (student_id, at);

-- +goose Down
DROP TABLE final_assessments;
DROP TABLE competence_assessments;
DROP TABLE entry_photos;
DROP TABLE logbook_entries;
DROP TABLE applications;
DROP TABLE party_changes;
DROP TABLE agreement_approvals;
DROP TABLE agreements;
DROP TABLE offers;
DROP TABLE competences;
DROP TABLE mentors;
DROP TABLE dual_settings;
ALTER TABLE students ADD COLUMN mentor_id INTEGER REFERENCES users (id);
CREATE INDEX students_mentor ON students (mentor_id) WHERE mentor_id IS NOT NULL;
