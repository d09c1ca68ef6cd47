-- The national registry: reference data, institutions, programmes, people.
-- SQLite flavour; postgres/00001_registry.sql is the same schema in
-- PostgreSQL types. Dates are 'YYYY-MM-DD' text, timestamps RFC 3339 UTC text.

-- +goose Up
CREATE TABLE regions (
    id          INTEGER PRIMARY KEY,          -- KATO 2-digit code
    iso_code    TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL CHECK (kind IN ('region', 'city')),
    name_kk     TEXT    NOT NULL,
    name_ru     TEXT    NOT NULL,
    name_en     TEXT    NOT NULL,
    centre_kk   TEXT    NOT NULL,
    centre_ru   TEXT    NOT NULL,
    centre_en   TEXT    NOT NULL,
    lat         REAL    NOT NULL,
    lon         REAL    NOT NULL,
    population  INTEGER NOT NULL
) STRICT;

CREATE TABLE cities (
    id              INTEGER PRIMARY KEY,
    region_id       INTEGER NOT NULL REFERENCES regions (id),
    name_kk         TEXT    NOT NULL,
    name_ru         TEXT    NOT NULL,
    name_en         TEXT    NOT NULL,
    lat             REAL,
    lon             REAL,
    population      INTEGER NOT NULL,
    is_admin_centre INTEGER NOT NULL
) STRICT;
CREATE INDEX cities_region ON cities (region_id);

CREATE TABLE isced_fields (
    code        TEXT PRIMARY KEY,
    level       TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    parent_code TEXT NOT NULL
) STRICT;

CREATE TABLE specialties (
    code       TEXT PRIMARY KEY,
    isced_code TEXT NOT NULL,
    name_kk    TEXT NOT NULL,
    name_ru    TEXT NOT NULL,
    name_en    TEXT NOT NULL
) STRICT;

CREATE TABLE qualifications (
    code           TEXT PRIMARY KEY,
    specialty_code TEXT NOT NULL REFERENCES specialties (code),
    level          TEXT NOT NULL CHECK (level IN ('worker', 'specialist')),
    name_kk        TEXT NOT NULL,
    name_ru        TEXT NOT NULL,
    name_en        TEXT NOT NULL
) STRICT;
CREATE INDEX qualifications_specialty ON qualifications (specialty_code);

CREATE TABLE colleges (
    id         INTEGER PRIMARY KEY,
    bin        TEXT    NOT NULL UNIQUE,
    name_kk    TEXT    NOT NULL,
    name_ru    TEXT    NOT NULL,
    name_en    TEXT    NOT NULL,
    search_key TEXT    NOT NULL,
    region_id  INTEGER NOT NULL REFERENCES regions (id),
    city_id    INTEGER NOT NULL REFERENCES cities (id),
    ownership  TEXT    NOT NULL CHECK (ownership IN ('state', 'private')),
    address    TEXT    NOT NULL,
    created_at TEXT    NOT NULL
) STRICT;
CREATE INDEX colleges_region ON colleges (region_id);
CREATE INDEX colleges_city ON colleges (city_id);

CREATE TABLE enterprises (
    id         INTEGER PRIMARY KEY,
    bin        TEXT    NOT NULL UNIQUE,
    name_kk    TEXT    NOT NULL,
    name_ru    TEXT    NOT NULL,
    name_en    TEXT    NOT NULL,
    search_key TEXT    NOT NULL,
    region_id  INTEGER NOT NULL REFERENCES regions (id),
    city_id    INTEGER NOT NULL REFERENCES cities (id),
    industry   TEXT    NOT NULL,
    employees  INTEGER NOT NULL,
    created_at TEXT    NOT NULL
) STRICT;
CREATE INDEX enterprises_region ON enterprises (region_id, search_key);
CREATE INDEX enterprises_search ON enterprises (search_key);

CREATE TABLE programmes (
    id                 INTEGER PRIMARY KEY,
    college_id         INTEGER NOT NULL REFERENCES colleges (id),
    specialty_code     TEXT    NOT NULL REFERENCES specialties (code),
    qualification_code TEXT    REFERENCES qualifications (code),
    duration_months    INTEGER NOT NULL,
    is_dual            INTEGER NOT NULL,
    hours_total        INTEGER NOT NULL,
    hours_practice     INTEGER NOT NULL,
    hours_enterprise   INTEGER NOT NULL
) STRICT;
CREATE INDEX programmes_college ON programmes (college_id);
CREATE INDEX programmes_specialty ON programmes (specialty_code);
CREATE INDEX programmes_qualification ON programmes (qualification_code);

CREATE TABLE study_groups (
    id           INTEGER PRIMARY KEY,
    college_id   INTEGER NOT NULL REFERENCES colleges (id),
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    code         TEXT    NOT NULL,
    intake_year  INTEGER NOT NULL,
    language     TEXT    NOT NULL CHECK (language IN ('kk', 'ru')),
    UNIQUE (college_id, code)
) STRICT;
CREATE INDEX study_groups_programme ON study_groups (programme_id);

CREATE TABLE teachers (
    id          INTEGER PRIMARY KEY,
    iin         TEXT    NOT NULL UNIQUE,
    last_name   TEXT    NOT NULL,
    first_name  TEXT    NOT NULL,
    middle_name TEXT    NOT NULL,
    search_key  TEXT    NOT NULL,
    birth_date  TEXT    NOT NULL,
    sex         TEXT    NOT NULL CHECK (sex IN ('M', 'F')),
    college_id  INTEGER NOT NULL REFERENCES colleges (id),
    position    TEXT    NOT NULL,
    phone       TEXT    NOT NULL,
    hired_on    TEXT    NOT NULL
) STRICT;
CREATE INDEX teachers_college ON teachers (college_id, search_key);
CREATE INDEX teachers_search ON teachers (search_key);

CREATE TABLE students (
    id            INTEGER PRIMARY KEY,
    iin           TEXT    NOT NULL UNIQUE,
    last_name     TEXT    NOT NULL,
    first_name    TEXT    NOT NULL,
    middle_name   TEXT    NOT NULL,
    search_key    TEXT    NOT NULL,
    birth_date    TEXT    NOT NULL,
    sex           TEXT    NOT NULL CHECK (sex IN ('M', 'F')),
    college_id    INTEGER NOT NULL REFERENCES colleges (id),
    group_id      INTEGER NOT NULL REFERENCES study_groups (id),
    programme_id  INTEGER NOT NULL REFERENCES programmes (id),
    funding       TEXT    NOT NULL CHECK (funding IN ('state', 'paid', 'targeted')),
    status        TEXT    NOT NULL CHECK (status IN ('studying', 'academic_leave', 'graduated', 'expelled')),
    phone         TEXT    NOT NULL,
    enrolled_on   TEXT    NOT NULL,
    enterprise_id INTEGER REFERENCES enterprises (id),
    created_at    TEXT    NOT NULL
) STRICT;
-- Covering: a filtered page by name is chosen from the index alone.
CREATE INDEX students_search ON students (search_key, id, college_id, programme_id);
CREATE INDEX students_college ON students (college_id, search_key, id);
CREATE INDEX students_group ON students (group_id, search_key);
-- (programme_id, college_id): counts by specialty within a region read the index alone.
CREATE INDEX students_programme ON students (programme_id, college_id);
CREATE INDEX students_enterprise ON students (enterprise_id) WHERE enterprise_id IS NOT NULL;
-- Counts of a college's students in dual training, read from the index alone.
CREATE INDEX students_college_enterprise ON students (college_id, enterprise_id);

-- +goose Down
DROP TABLE students;
DROP TABLE teachers;
DROP TABLE study_groups;
DROP TABLE programmes;
DROP TABLE enterprises;
DROP TABLE colleges;
DROP TABLE qualifications;
DROP TABLE specialties;
DROP TABLE isced_fields;
DROP TABLE cities;
DROP TABLE regions;
