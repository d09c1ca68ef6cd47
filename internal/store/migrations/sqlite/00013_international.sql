-- Teachers' qualification and internationalisation (issue 10; the rules
-- are in internal/domain/teachers_dev.go and international.go).
--
-- Teachers. The qualification categories are a policy list, not an enum:
-- the ministry changes the scheme by order now and then, so the shipped
-- Kazakh scheme is rows an administrator edits (a retired category stays
-- for the teachers who hold it, but is no longer offered). teacher_policy
-- holds the intervals (professional development every N years; an
-- internship counts for N years), one row, the defaults until changed.
-- teacher_profiles adds to a teacher of the registry what the registry
-- does not hold: the category, the subjects, and the end of the latest
-- course and the latest industry internship, kept by the store with every
-- record written, so that "overdue" and "with an internship in the last
-- three years" are comparisons of dates with a day the store computes from
-- the policy — on both databases, without reading every record. A teacher
-- without a profile has no category and counts from the day of hire.
--
-- Internationalisation. international_partners are the foreign
-- organisations any college may work with (one row per organisation and
-- country, so two colleges working with one Russian college count one
-- partner); a Russian partner may name its region (ru_regions, the
-- reference data of the 12 regions bordering Kazakhstan, loaded at every
-- start). international_agreements are a college's agreements with them;
-- foreign_specialists the foreign managers and specialists a college
-- engages; mobility the incoming and outgoing students and teachers. Each
-- row of a college keeps the college's region, so the regional and
-- cross-border figures group without a join to the colleges.

-- +goose Up
CREATE TABLE qualification_categories (
    code       TEXT    PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 40),
    position   INTEGER NOT NULL,             -- the order of rank, lowest first
    name_kk    TEXT    NOT NULL,
    name_ru    TEXT    NOT NULL,
    name_en    TEXT    NOT NULL,
    retired    INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    updated_at TEXT    NOT NULL
) STRICT;
-- The scheme in force since 2016 (Law on the Status of a Teacher, 2019).
INSERT INTO qualification_categories (code, position, name_kk, name_ru, name_en, updated_at) VALUES
    ('pedagogue',  1, 'педагог',             'педагог',               'teacher',             '2026-01-01T00:00:00.000000Z'),
    ('moderator',  2, 'педагог-модератор',   'педагог-модератор',     'teacher-moderator',   '2026-01-01T00:00:00.000000Z'),
    ('expert',     3, 'педагог-сарапшы',     'педагог-эксперт',       'teacher-expert',      '2026-01-01T00:00:00.000000Z'),
    ('researcher', 4, 'педагог-зерттеуші',   'педагог-исследователь', 'teacher-researcher',  '2026-01-01T00:00:00.000000Z'),
    ('master',     5, 'педагог-шебер',       'педагог-мастер',        'teacher-master',      '2026-01-01T00:00:00.000000Z');

CREATE TABLE teacher_policy (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    development_years INTEGER NOT NULL,
    due_soon_days     INTEGER NOT NULL,
    internship_years  INTEGER NOT NULL,
    updated_at        TEXT    NOT NULL
) STRICT;

CREATE TABLE teacher_profiles (
    teacher_id    INTEGER PRIMARY KEY REFERENCES teachers (id),
    category      TEXT    REFERENCES qualification_categories (code),
    subjects      TEXT    NOT NULL DEFAULT '', -- one subject a line
    developed_on  TEXT,                        -- the end of the latest course
    internship_on TEXT,                        -- the end of the latest internship
    updated_at    TEXT    NOT NULL
) STRICT;
CREATE INDEX teacher_profiles_category ON teacher_profiles (category);

CREATE TABLE professional_development (
    id          INTEGER PRIMARY KEY,
    teacher_id  INTEGER NOT NULL REFERENCES teachers (id),
    course      TEXT    NOT NULL,
    provider    TEXT    NOT NULL,
    hours       INTEGER NOT NULL CHECK (hours > 0),
    certificate TEXT    NOT NULL,
    starts_on   TEXT    NOT NULL,
    ends_on     TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    CHECK (ends_on >= starts_on)
) STRICT;
CREATE INDEX professional_development_teacher ON professional_development (teacher_id, ends_on);

CREATE TABLE industry_internships (
    id            INTEGER PRIMARY KEY,
    teacher_id    INTEGER NOT NULL REFERENCES teachers (id),
    enterprise_id INTEGER NOT NULL REFERENCES enterprises (id),
    hours         INTEGER NOT NULL CHECK (hours > 0),
    starts_on     TEXT    NOT NULL,
    ends_on       TEXT    NOT NULL,
    note          TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    CHECK (ends_on >= starts_on)
) STRICT;
CREATE INDEX industry_internships_teacher ON industry_internships (teacher_id, ends_on);
CREATE INDEX industry_internships_enterprise ON industry_internships (enterprise_id, ends_on);

CREATE TABLE ru_regions (
    iso     TEXT PRIMARY KEY,  -- ISO 3166-2:RU
    name_kk TEXT NOT NULL,
    name_ru TEXT NOT NULL,
    name_en TEXT NOT NULL,
    centre  TEXT NOT NULL,     -- the administrative centre, in English
    lat     REAL NOT NULL,
    lon     REAL NOT NULL
) STRICT;

CREATE TABLE international_partners (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('college', 'university', 'enterprise', 'organisation')),
    name       TEXT    NOT NULL,
    search_key TEXT    NOT NULL,
    country    TEXT    NOT NULL CHECK (length(country) = 2 AND country <> 'KZ'), -- ISO 3166-1 alpha-2
    ru_region  TEXT    REFERENCES ru_regions (iso),
    city       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    UNIQUE (country, search_key),
    CHECK (ru_region IS NULL OR country = 'RU')
) STRICT;
CREATE INDEX international_partners_search ON international_partners (search_key);

CREATE TABLE international_agreements (
    id         INTEGER PRIMARY KEY,
    college_id INTEGER NOT NULL REFERENCES colleges (id),
    region_id  INTEGER NOT NULL REFERENCES regions (id), -- the college's
    partner_id INTEGER NOT NULL REFERENCES international_partners (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('joint_programme', 'international_standard', 'double_diploma', 'academic_mobility')),
    standard   TEXT    NOT NULL, -- the international standard adopted (WorldSkills, …)
    number     TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('negotiation', 'active', 'suspended', 'terminated')),
    signed_on  TEXT,
    starts_on  TEXT    NOT NULL,
    ends_on    TEXT,             -- NULL: open-ended
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX international_agreements_college ON international_agreements (college_id, starts_on);
CREATE INDEX international_agreements_region ON international_agreements (region_id, status, partner_id, college_id);
CREATE INDEX international_agreements_partner ON international_agreements (partner_id);

CREATE TABLE foreign_specialists (
    id         INTEGER PRIMARY KEY,
    college_id INTEGER NOT NULL REFERENCES colleges (id),
    region_id  INTEGER NOT NULL REFERENCES regions (id),
    full_name  TEXT    NOT NULL,
    country    TEXT    NOT NULL CHECK (length(country) = 2 AND country <> 'KZ'),
    role       TEXT    NOT NULL CHECK (role IN ('manager', 'teacher', 'master', 'expert')),
    position   TEXT    NOT NULL, -- as the college's order names it
    starts_on  TEXT    NOT NULL,
    ends_on    TEXT,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX foreign_specialists_college ON foreign_specialists (college_id, starts_on);
CREATE INDEX foreign_specialists_region ON foreign_specialists (region_id, starts_on);

CREATE TABLE mobility (
    id          INTEGER PRIMARY KEY,
    college_id  INTEGER NOT NULL REFERENCES colleges (id),
    region_id   INTEGER NOT NULL REFERENCES regions (id),
    direction   TEXT    NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
    participant TEXT    NOT NULL CHECK (participant IN ('student', 'teacher')),
    student_id  INTEGER REFERENCES students (id),
    teacher_id  INTEGER REFERENCES teachers (id),
    person_name TEXT    NOT NULL, -- an incoming guest, or the record's name
    country     TEXT    NOT NULL CHECK (length(country) = 2 AND country <> 'KZ'),
    partner_id  INTEGER REFERENCES international_partners (id),
    host        TEXT    NOT NULL, -- the host organisation (the college itself for incoming)
    starts_on   TEXT    NOT NULL,
    ends_on     TEXT    NOT NULL,
    funding     TEXT    NOT NULL CHECK (funding IN ('state_budget', 'college', 'partner', 'grant', 'personal')),
    outcome     TEXT    NOT NULL CHECK (outcome IN ('', 'completed', 'certificate', 'credits_recognised', 'interrupted')),
    note        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    CHECK (ends_on >= starts_on),
    CHECK ((participant = 'student' AND teacher_id IS NULL) OR (participant = 'teacher' AND student_id IS NULL))
) STRICT;
CREATE INDEX mobility_college ON mobility (college_id, starts_on);
CREATE INDEX mobility_region ON mobility (region_id, starts_on, direction, country);

-- +goose Down
DROP TABLE mobility;
DROP TABLE foreign_specialists;
DROP TABLE international_agreements;
DROP TABLE international_partners;
DROP TABLE ru_regions;
DROP TABLE industry_internships;
DROP TABLE professional_development;
DROP TABLE teacher_profiles;
DROP TABLE teacher_policy;
DROP TABLE qualification_categories;
