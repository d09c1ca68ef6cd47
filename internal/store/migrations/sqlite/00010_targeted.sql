-- State-funded seats and targeted training with its work obligation
-- (issue 7; the rules are in internal/domain/seats.go and targeted.go).
--
-- Seats. state_seats holds the state order per college, qualification (the
-- programme's, or its specialty's code when it names none), year of intake
-- and source of funding, with the seats taken. The seats taken are kept by
-- triggers on students, not counted per page view and not by each writer:
-- students arrive one by one, by bulk import (an upsert by IIN that may
-- move a student to another group or change the funding), by the demo's
-- bulk loader and by graduation, and a count kept by triggers is right
-- whichever wrote. The region's and the nation's totals then read a few
-- tens of thousands of rows instead of every student. A student counts
-- while on state funding and not expelled; one whose record names no
-- source counts against the local budget (domain.DefaultSeatSource). The
-- CHECK seats_overfill refuses an overfill whatever the writer: the store
-- checks first and says which seats are full; the constraint is the
-- backstop (and the store maps it to the same kind of message).
--
-- Diplomas. tvet_diplomas holds the TVET qualifications people already
-- hold, by IIN, for the free-first-profession rule.
--
-- Targeted training. training_orders are employers' orders; the contracts
-- against an order count in training_orders.contracts, kept by the store in
-- the contract's transaction. targeted_contracts carry the obligation's
-- state with its deadline (the start of work, the end of a deferral or of
-- the obligation) in one column, so the sweep that raises the deadline
-- alerts is an index range. obligation_events is each obligation's history,
-- alerts what the college and the employer are told; a deadline alert is
-- raised once per contract, state and deadline (alerts_once).

-- +goose Up
ALTER TABLE students ADD COLUMN seat_source TEXT CHECK (seat_source IN ('local', 'republican'));

CREATE TABLE state_seats (
    college_id         INTEGER NOT NULL REFERENCES colleges (id),
    qualification_code TEXT    NOT NULL,
    year               INTEGER NOT NULL,
    source             TEXT    NOT NULL CHECK (source IN ('local', 'republican')),
    seats              INTEGER NOT NULL CHECK (seats >= 0),
    filled             INTEGER NOT NULL DEFAULT 0 CHECK (filled >= 0),
    region_id          INTEGER NOT NULL REFERENCES regions (id), -- the college's
    updated_at         TEXT    NOT NULL,
    PRIMARY KEY (college_id, qualification_code, year, source),
    CONSTRAINT seats_overfill CHECK (filled <= seats)
) STRICT, WITHOUT ROWID;
-- Covering: a year's totals by region or by college from the index alone.
CREATE INDEX state_seats_year ON state_seats (year, region_id, college_id, source, seats, filled);

-- +goose StatementBegin
CREATE TRIGGER students_seats_insert AFTER INSERT ON students
WHEN NEW.funding = 'state' AND NEW.status <> 'expelled'
BEGIN
    UPDATE state_seats SET filled = filled + 1
    WHERE college_id = NEW.college_id
      AND qualification_code = (SELECT COALESCE(qualification_code, specialty_code) FROM programmes WHERE id = NEW.programme_id)
      AND year = (SELECT intake_year FROM study_groups WHERE id = NEW.group_id)
      AND source = COALESCE(NEW.seat_source, 'local');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER students_seats_delete AFTER DELETE ON students
WHEN OLD.funding = 'state' AND OLD.status <> 'expelled'
BEGIN
    UPDATE state_seats SET filled = filled - 1
    WHERE college_id = OLD.college_id
      AND qualification_code = (SELECT COALESCE(qualification_code, specialty_code) FROM programmes WHERE id = OLD.programme_id)
      AND year = (SELECT intake_year FROM study_groups WHERE id = OLD.group_id)
      AND source = COALESCE(OLD.seat_source, 'local');
END;
-- +goose StatementEnd

-- The old seat is given back before the new one is taken, so a student
-- who stays on the same seat never counts twice against a full row.
-- +goose StatementBegin
CREATE TRIGGER students_seats_update AFTER UPDATE OF funding, status, college_id, group_id, programme_id, seat_source ON students
WHEN (OLD.funding = 'state' AND OLD.status <> 'expelled') OR (NEW.funding = 'state' AND NEW.status <> 'expelled')
BEGIN
    UPDATE state_seats SET filled = filled - 1
    WHERE OLD.funding = 'state' AND OLD.status <> 'expelled'
      AND college_id = OLD.college_id
      AND qualification_code = (SELECT COALESCE(qualification_code, specialty_code) FROM programmes WHERE id = OLD.programme_id)
      AND year = (SELECT intake_year FROM study_groups WHERE id = OLD.group_id)
      AND source = COALESCE(OLD.seat_source, 'local');
    UPDATE state_seats SET filled = filled + 1
    WHERE NEW.funding = 'state' AND NEW.status <> 'expelled'
      AND college_id = NEW.college_id
      AND qualification_code = (SELECT COALESCE(qualification_code, specialty_code) FROM programmes WHERE id = NEW.programme_id)
      AND year = (SELECT intake_year FROM study_groups WHERE id = NEW.group_id)
      AND source = COALESCE(NEW.seat_source, 'local');
END;
-- +goose StatementEnd

CREATE TABLE tvet_diplomas (
    iin                TEXT NOT NULL,
    number             TEXT NOT NULL,
    qualification_code TEXT,          -- as written on the diploma, which may predate the classifier
    awarded_on         TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    PRIMARY KEY (iin, number)
) STRICT, WITHOUT ROWID;

CREATE TABLE training_orders (
    id                 INTEGER PRIMARY KEY,
    enterprise_id      INTEGER NOT NULL REFERENCES enterprises (id),
    region_id          INTEGER NOT NULL REFERENCES regions (id),
    qualification_code TEXT    NOT NULL, -- a qualification, or a specialty's code for programmes that name none
    year               INTEGER NOT NULL,
    graduates          INTEGER NOT NULL CHECK (graduates > 0),
    contracts          INTEGER NOT NULL DEFAULT 0, -- not cancelled
    note               TEXT    NOT NULL,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    CHECK (contracts BETWEEN 0 AND graduates)
) STRICT;
CREATE INDEX training_orders_enterprise ON training_orders (enterprise_id, year);
-- Covering: the overview sums the graduates ordered by region or employer
-- from the indexes alone, for every year or one.
CREATE INDEX training_orders_region ON training_orders (region_id, year, enterprise_id, graduates);
CREATE INDEX training_orders_year ON training_orders (year, region_id, enterprise_id, graduates);

CREATE TABLE targeted_contracts (
    id                INTEGER PRIMARY KEY,
    order_id          INTEGER NOT NULL REFERENCES training_orders (id),
    student_id        INTEGER NOT NULL REFERENCES students (id),
    enterprise_id     INTEGER NOT NULL REFERENCES enterprises (id),
    college_id        INTEGER NOT NULL REFERENCES colleges (id),
    region_id         INTEGER NOT NULL REFERENCES regions (id),
    year              INTEGER NOT NULL,
    number            TEXT    NOT NULL,
    signed_on         TEXT    NOT NULL,
    tuition_cost      INTEGER NOT NULL CHECK (tuition_cost >= 0),
    obligation_months INTEGER NOT NULL CHECK (obligation_months BETWEEN 1 AND 120),
    state             TEXT    NOT NULL CHECK (state IN ('studying', 'pending', 'working', 'deferred', 'fulfilled', 'breached', 'cancelled')),
    state_since       TEXT    NOT NULL,
    graduated_on      TEXT,
    start_by          TEXT,
    working_since     TEXT,
    served_days       INTEGER NOT NULL DEFAULT 0 CHECK (served_days >= 0),
    deferral_reason   TEXT    CHECK (deferral_reason IN ('military_service', 'further_study', 'parental_leave')),
    deferred_until    TEXT,
    ends_on           TEXT,
    deadline          TEXT,    -- start_by, deferred_until or ends_on, by the state
    reimbursement     INTEGER NOT NULL DEFAULT 0 CHECK (reimbursement >= 0),
    note              TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    CHECK ((deferral_reason IS NULL) = (state <> 'deferred'))
) STRICT;
-- One contract per student at a time; a cancelled one leaves room for the next.
CREATE UNIQUE INDEX targeted_contracts_student ON targeted_contracts (student_id) WHERE state <> 'cancelled';
CREATE INDEX targeted_contracts_order ON targeted_contracts (order_id);
CREATE INDEX targeted_contracts_enterprise ON targeted_contracts (enterprise_id, state);
CREATE INDEX targeted_contracts_college ON targeted_contracts (college_id, state);
-- Covering: the overview counts by region and state from the index alone.
CREATE INDEX targeted_contracts_region ON targeted_contracts (region_id, state, year, enterprise_id, reimbursement);
CREATE INDEX targeted_contracts_deadline ON targeted_contracts (deadline) WHERE deadline IS NOT NULL;
CREATE INDEX targeted_contracts_studying ON targeted_contracts (state, student_id) WHERE state = 'studying';

CREATE TABLE obligation_events (
    id              INTEGER PRIMARY KEY,
    contract_id     INTEGER NOT NULL REFERENCES targeted_contracts (id),
    from_state      TEXT    NOT NULL,
    to_state        TEXT    NOT NULL,
    on_date         TEXT    NOT NULL,
    deferral_reason TEXT,
    deferred_until  TEXT,
    reimbursement   INTEGER NOT NULL DEFAULT 0,
    note            TEXT    NOT NULL,
    login           TEXT    NOT NULL,
    created_at      TEXT    NOT NULL
) STRICT;
CREATE INDEX obligation_events_contract ON obligation_events (contract_id, id);

CREATE TABLE alerts (
    id              INTEGER PRIMARY KEY,
    contract_id     INTEGER NOT NULL REFERENCES targeted_contracts (id),
    college_id      INTEGER NOT NULL REFERENCES colleges (id),
    enterprise_id   INTEGER NOT NULL REFERENCES enterprises (id),
    kind            TEXT    NOT NULL CHECK (kind IN ('change', 'deadline')),
    state           TEXT    NOT NULL,
    deferral_reason TEXT,
    due_on          TEXT,
    created_at      TEXT    NOT NULL
) STRICT;
CREATE INDEX alerts_college ON alerts (college_id, id);
CREATE INDEX alerts_enterprise ON alerts (enterprise_id, id);
CREATE UNIQUE INDEX alerts_once ON alerts (contract_id, state, due_on) WHERE kind = 'deadline';

-- +goose Down
DROP TABLE alerts;
DROP TABLE obligation_events;
DROP TABLE targeted_contracts;
DROP TABLE training_orders;
DROP TABLE tvet_diplomas;
DROP TRIGGER students_seats_update;
DROP TRIGGER students_seats_delete;
DROP TRIGGER students_seats_insert;
DROP TABLE state_seats;
ALTER TABLE students DROP COLUMN seat_source;
