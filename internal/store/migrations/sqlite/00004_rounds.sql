-- Allocation rounds (issue 5): a round snapshots the open offers of a
-- region (or of the country) with their free seats, draws a lottery number
-- for every eligible student, takes the students' ranked lists and the
-- enterprises' interview scores, and after the run holds each student's
-- placement and each offer's cutoff. Students get the academic average
-- that the priority formula weighs.
--
-- A choice's score at the run is not stored per choice: the run records
-- the student's inputs (academic average, region) in round_students, the
-- interviews are frozen once the round has run, and the score is the
-- round's published formula of them. Writing a million scores back would
-- cost more than the whole run (issue 5 asks for 5 s for 100,000 students).

-- +goose Up
ALTER TABLE students ADD COLUMN academic_average INTEGER NOT NULL DEFAULT 0
    CHECK (academic_average BETWEEN 0 AND 100);

CREATE TABLE rounds (
    id                 INTEGER PRIMARY KEY,
    region_id          INTEGER REFERENCES regions (id), -- NULL: the whole country
    parent_id          INTEGER REFERENCES rounds (id),  -- a supplementary round's parent
    name               TEXT    NOT NULL,
    max_choices        INTEGER NOT NULL CHECK (max_choices BETWEEN 10 AND 50),
    deadline           TEXT    NOT NULL,
    weight_academic    INTEGER NOT NULL CHECK (weight_academic >= 0),
    weight_interview   INTEGER NOT NULL CHECK (weight_interview >= 0),
    weight_same_region INTEGER NOT NULL CHECK (weight_same_region >= 0),
    status             TEXT    NOT NULL CHECK (status IN ('open', 'allocated', 'published', 'closed')),
    offers             INTEGER NOT NULL, -- offers and seats snapshotted at the opening
    seats              INTEGER NOT NULL,
    students           INTEGER NOT NULL, -- students who ranked an offer, and those placed, at the run
    placed             INTEGER NOT NULL,
    created_at         TEXT    NOT NULL,
    run_at             TEXT,
    published_at       TEXT
) STRICT;
CREATE INDEX rounds_region ON rounds (region_id, created_at);
-- The seats a round left are allocated once: one supplementary round each.
CREATE UNIQUE INDEX rounds_parent ON rounds (parent_id) WHERE parent_id IS NOT NULL;

-- The offers of a round with the seats they bring; after the run the seats
-- filled and the cutoff, the priority of the last student admitted (NULL
-- while the offer is not full).
CREATE TABLE round_offers (
    round_id       INTEGER NOT NULL REFERENCES rounds (id),
    offer_id       INTEGER NOT NULL REFERENCES offers (id),
    capacity       INTEGER NOT NULL CHECK (capacity > 0),
    reserved       INTEGER NOT NULL,
    filled         INTEGER NOT NULL,
    cutoff_score   INTEGER,
    cutoff_lottery INTEGER,
    PRIMARY KEY (round_id, offer_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX round_offers_offer ON round_offers (offer_id);

-- The students of a round: those eligible when it opened, each with the
-- lottery number drawn then; how many offers they ranked; and, from the
-- run, the inputs of their score (academic average, their college's
-- region) and the placement, which the student accepts (with the draft
-- agreement made of it) or declines once the results are published. The
-- placement has no foreign key: the run writes up to a hundred thousand of
-- them at once, and checking each against offers would cost a good part of
-- the write.
CREATE TABLE round_students (
    round_id         INTEGER NOT NULL REFERENCES rounds (id),
    student_id       INTEGER NOT NULL REFERENCES students (id),
    lottery          INTEGER NOT NULL CHECK (lottery > 0),
    choices          INTEGER NOT NULL,
    academic_average INTEGER,
    region_id        INTEGER,
    offer_id         INTEGER, -- the placement, an offer of the round; written by the run only
    status           TEXT    CHECK (status IN ('offered', 'accepted', 'declined')),
    agreement_id     INTEGER REFERENCES agreements (id),
    PRIMARY KEY (round_id, student_id),
    UNIQUE (round_id, lottery),
    CHECK ((offer_id IS NULL) = (status IS NULL)),
    CHECK ((agreement_id IS NULL) = (status IS NOT 'accepted'))
) STRICT, WITHOUT ROWID;
-- The students who ranked something: the run reads them, the figures count them.
CREATE INDEX round_students_ranked ON round_students (round_id) WHERE choices > 0;

-- A student's ranked list, rank 1 the most wanted.
CREATE TABLE round_choices (
    round_id   INTEGER NOT NULL,
    student_id INTEGER NOT NULL,
    rank       INTEGER NOT NULL CHECK (rank > 0),
    offer_id   INTEGER NOT NULL,
    PRIMARY KEY (round_id, student_id, rank),
    FOREIGN KEY (round_id, student_id) REFERENCES round_students (round_id, student_id),
    FOREIGN KEY (round_id, offer_id) REFERENCES round_offers (round_id, offer_id)
) STRICT, WITHOUT ROWID;
-- Who ranked an offer: the enterprise's list, interviews, placements there.
CREATE INDEX round_choices_offer ON round_choices (round_id, offer_id);

-- The interview score an enterprise gave a student at one of its offers.
CREATE TABLE interviews (
    round_id    INTEGER NOT NULL,
    offer_id    INTEGER NOT NULL,
    student_id  INTEGER NOT NULL,
    score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    recorded_at TEXT    NOT NULL,
    PRIMARY KEY (round_id, offer_id, student_id),
    FOREIGN KEY (round_id, student_id) REFERENCES round_students (round_id, student_id),
    FOREIGN KEY (round_id, offer_id) REFERENCES round_offers (round_id, offer_id)
) STRICT, WITHOUT ROWID;

-- +goose Down
DROP TABLE interviews;
DROP TABLE round_choices;
DROP TABLE round_students;
DROP TABLE round_offers;
DROP TABLE rounds;
ALTER TABLE students DROP COLUMN academic_average;
