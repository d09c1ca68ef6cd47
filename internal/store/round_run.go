package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/match"
)

// Running a round: read it from the database into the engine's flat
// instance, run deferred acceptance (internal/match), write every
// student's placement and every offer's cutoff back, all in one
// transaction. A national round — 100,000 students ranking 10 of 18,000
// offers — must take at most 5 s end to end on either database (issue 5),
// so nothing here works row by row through maps of structs: one query
// reads the offers, one the students with their lists (one row each, not
// a row per choice), one the interviews; the rows stream into slices
// indexed by dense offer and student numbers; and each table is written
// by one UPDATE of array parameters on PostgreSQL and by a prepared
// one-row UPDATE run for each row on SQLite. The engine runs the round's
// qualifications, which no student connects, on separate cores.
// BenchmarkRunRound measures it.

// roundInput is a round as the engine takes it, with what the writes need
// to map its dense numbers back to IDs.
type roundInput struct {
	weights domain.PriorityWeights

	// Offers by dense number.
	offerIDs        []int64
	offerRegion     []int32
	offerEnterprise []int64
	instance        match.Input

	// Students who ranked something, by dense number, with the inputs of
	// their score recorded at the run.
	studentIDs []int64
	average    []int32
	region     []int32
}

// RunRound computes every student's score at every offer they ranked,
// runs the allocation and stores the placements and the offers' cutoffs:
// open (whether or not the deadline has passed) → allocated; running an
// allocated round again replaces its results. A student who has left
// studies or got a live agreement since the opening is not placed, and an
// offer closed since places nobody. ENOTFOUND for an unknown round;
// ECONFLICT (error.round.state) once the round is published.
func (s *Store) RunRound(ctx context.Context, roundID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := roundIn(ctx, tx, roundID, s.roundLock())
		if err != nil {
			return err
		}
		if before.Status != domain.RoundOpen && before.Status != domain.RoundAllocated {
			return roundStateError(before.Status)
		}
		if s.dialect.name == "postgres" {
			// The run's update joins a hundred thousand rows of arrays,
			// more than the default 4 MB of working memory holds.
			if _, err := tx.ExecContext(ctx, `SET LOCAL work_mem = '64MB'`); err != nil {
				return err
			}
		}
		in, err := s.readRound(ctx, tx, before)
		if err != nil {
			return err
		}
		instance, err := match.New(&in.instance)
		if err != nil {
			return fmt.Errorf("round %d: %w", roundID, err)
		}
		res := match.Run(instance)
		if err := s.writeRun(ctx, tx, roundID, in, res); err != nil {
			return err
		}
		after := before
		after.Status, after.RunAt = domain.RoundAllocated, s.Now().UTC()
		after.Students, after.Placed = len(in.studentIDs), res.Placed()
		if _, err := tx.ExecContext(ctx, `UPDATE rounds SET status = $2, run_at = $3, students = $4, placed = $5 WHERE id = $1`,
			roundID, string(after.Status), timeParam(after.RunAt), after.Students, after.Placed); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "run", recordType: "round", recordID: roundID, before: before, after: after,
			regionID: before.RegionID})
	})
}

// readRound reads a round into the engine's instance with every
// application's score: its offers, then its students who ranked with their
// lists, then the interviews.
func (s *Store) readRound(ctx context.Context, tx *sql.Tx, r domain.Round) (*roundInput, error) {
	in := &roundInput{weights: r.Weights}
	offerAt, err := s.readRoundOffers(ctx, tx, r.ID, in)
	if err != nil {
		return nil, err
	}
	studentAt, contractWith, err := s.readRoundStudents(ctx, tx, r.ID, in, offerAt)
	if err != nil {
		return nil, err
	}
	interviews, err := readInterviews(ctx, tx, r.ID, offerAt, studentAt)
	if err != nil {
		return nil, err
	}
	in.score(contractWith, interviews)
	return in, nil
}

// readRoundOffers reads the offers of a round and returns the dense number
// of each offer ID. Every offer's group (see match.Input) is the dense
// number of its qualification: a student ranks only offers of her
// programme's qualification, so a national round's qualifications are
// separate problems, which the engine runs on separate cores (any that a
// student does connect, it runs together: the allocation is the same).
func (s *Store) readRoundOffers(ctx context.Context, tx *sql.Tx, roundID int64, in *roundInput) (map[int64]int32, error) {
	rows, err := tx.QueryContext(ctx, `SELECT ro.offer_id, ro.capacity, ro.reserved, o.region_id, o.status = 'open', o.qualification_code,
			o.enterprise_id
		FROM round_offers ro JOIN offers o ON o.id = ro.offer_id WHERE ro.round_id = $1`, roundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	offerAt := map[int64]int32{}
	groupOf := map[string]int32{}
	ins := &in.instance
	for rows.Next() {
		var id, enterprise int64
		var capacity, region int32
		var reserved, open bool
		var qualification string
		if err := rows.Scan(&id, &capacity, &reserved, &region, &open, &qualification, &enterprise); err != nil {
			return nil, err
		}
		// An offer closed since the opening places nobody.
		if !open {
			capacity = 0
		}
		group, ok := groupOf[qualification]
		if !ok {
			group = int32(len(groupOf))
			groupOf[qualification] = group
		}
		offerAt[id] = int32(len(in.offerIDs))
		in.offerIDs, in.offerRegion = append(in.offerIDs, id), append(in.offerRegion, region)
		in.offerEnterprise = append(in.offerEnterprise, enterprise)
		ins.Capacity, ins.Reserved, ins.Group = append(ins.Capacity, capacity), append(ins.Reserved, reserved), append(ins.Group, group)
	}
	return offerAt, rows.Err()
}

// readRoundStudents reads the students of a round who ranked at least one
// offer, with the inputs of their scores and their ranked lists, into the
// instance's runs of applications; it returns the dense number of each
// student ID and the employer each holds a targeted-training contract
// with (0 for none). A student who is no longer studying or has got a
// live agreement since the opening keeps an empty run: the engine places
// them nowhere.
//
// Each student's list comes as one text, "rank:offer" pairs: a million
// rows of choices cost more to hand over one by one, through database/sql
// and the driver, than everything else the run does. The pairs carry their
// ranks because asking the database to concatenate in rank order costs it
// a sort per student.
func (s *Store) readRoundStudents(ctx context.Context, tx *sql.Tx, roundID int64, in *roundInput,
	offerAt map[int64]int32) (map[int64]int32, []int64, error) {
	var n, total int
	if err := tx.QueryRowContext(ctx, `SELECT count(*), COALESCE(sum(choices), 0) FROM round_students WHERE round_id = $1 AND choices > 0`,
		roundID).Scan(&n, &total); err != nil {
		return nil, nil, err
	}
	in.studentIDs, in.average, in.region = make([]int64, 0, n), make([]int32, 0, n), make([]int32, 0, n)
	ins := &in.instance
	ins.Lottery, ins.Start, ins.Offer = make([]int64, 0, n), make([]int32, 1, n+1), make([]int32, 0, total)
	contractWith := make([]int64, 0, n)
	studentAt := make(map[int64]int32, n)
	rows, err := tx.QueryContext(ctx, `SELECT rs.student_id, rs.lottery, s.academic_average, c.region_id, `+contractEmployer+`,
			s.status = 'studying'
				AND NOT EXISTS (SELECT 1 FROM agreements a WHERE a.student_id = s.id AND a.status IN `+liveStatuses+`),
			ch.offers
		FROM round_students rs
		JOIN students s ON s.id = rs.student_id
		JOIN colleges c ON c.id = s.college_id
		JOIN (SELECT student_id, string_agg(CAST(rank AS TEXT) || ':' || CAST(offer_id AS TEXT), ',') AS offers
			FROM round_choices WHERE round_id = $1 GROUP BY student_id) ch ON ch.student_id = rs.student_id
		WHERE rs.round_id = $1`, roundID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, lottery, employer int64
		var average, region int32
		var eligible bool
		var list sql.RawBytes
		if err := rows.Scan(&id, &lottery, &average, &region, &employer, &eligible, &list); err != nil {
			return nil, nil, err
		}
		if eligible {
			if ins.Offer, err = appendRanked(ins.Offer, list, offerAt); err != nil {
				return nil, nil, fmt.Errorf("round %d: student %d: %w", roundID, id, err)
			}
		}
		studentAt[id] = int32(len(in.studentIDs))
		in.studentIDs, in.average, in.region = append(in.studentIDs, id), append(in.average, average), append(in.region, region)
		ins.Lottery, contractWith = append(ins.Lottery, lottery), append(contractWith, employer)
		ins.Start = append(ins.Start, int32(len(ins.Offer)))
	}
	return studentAt, contractWith, rows.Err()
}

// appendRanked appends to run the dense numbers of the offers of a list
// of "rank:offer" pairs, in rank order. The ranks must be 1..n.
func appendRanked(run []int32, list []byte, offerAt map[int64]int32) ([]int32, error) {
	n := bytes.Count(list, []byte{','}) + 1
	first := len(run)
	for range n {
		run = append(run, -1)
	}
	for pair := range bytes.SplitSeq(list, []byte{','}) {
		rank, offer, ok := bytes.Cut(pair, []byte{':'})
		r, err := strconv.Atoi(string(rank))
		if !ok || err != nil || r < 1 || r > n || run[first+r-1] != -1 {
			return nil, fmt.Errorf("ranks in %q are not 1 to %d", list, n)
		}
		id, err := strconv.ParseInt(string(offer), 10, 64)
		o, known := offerAt[id]
		if err != nil || !known {
			return nil, fmt.Errorf("offer %q is not in the round", offer)
		}
		run[first+r-1] = o
	}
	return run, nil
}

// interviewKey is a student's and an offer's dense numbers in one word.
func interviewKey(student, offer int32) uint64 { return uint64(student)<<32 | uint64(uint32(offer)) }

// readInterviews reads a round's interview scores by student and offer.
func readInterviews(ctx context.Context, tx *sql.Tx, roundID int64, offerAt, studentAt map[int64]int32) (map[uint64]int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT student_id, offer_id, score FROM interviews WHERE round_id = $1`, roundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[uint64]int{}
	for rows.Next() {
		var student, offer int64
		var score int
		if err := rows.Scan(&student, &offer, &score); err != nil {
			return nil, err
		}
		// An interview of a student who has emptied their list since is
		// of no use.
		if i, ok := studentAt[student]; ok {
			out[interviewKey(i, offerAt[offer])] = score
		}
	}
	return out, rows.Err()
}

// score computes every application's score by the round's formula and
// drops the applications to reserved offers by students who hold no
// targeted-training contract with the offer's employer: the list was
// checked when it was saved, but a contract may have been cancelled since.
func (in *roundInput) score(contractWith []int64, interviews map[uint64]int) {
	ins := &in.instance
	ins.Score = make([]int32, len(ins.Offer))
	w := 0
	for i := range len(in.studentIDs) {
		lo, hi := ins.Start[i], ins.Start[i+1]
		ins.Start[i] = int32(w)
		for a := lo; a < hi; a++ {
			o := ins.Offer[a]
			if ins.Reserved[o] && contractWith[i] != in.offerEnterprise[o] {
				continue
			}
			interview := 0
			if len(interviews) > 0 {
				interview = interviews[interviewKey(int32(i), o)]
			}
			ins.Offer[w] = o
			ins.Score[w] = int32(in.weights.Score(int(in.average[i]), interview, in.region[i] == in.offerRegion[o]))
			w++
		}
	}
	ins.Start[len(in.studentIDs)] = int32(w)
	ins.Offer, ins.Score = ins.Offer[:w], ins.Score[:w]
}

// writeRun stores a run's results: each student's placement with the
// inputs of their scores, each offer's seats filled and cutoff.
func (s *Store) writeRun(ctx context.Context, tx *sql.Tx, roundID int64, in *roundInput, res *match.Result) error {
	offer, status := make([]int64, len(in.studentIDs)), make([]string, len(in.studentIDs))
	for i := range in.studentIDs {
		if o := res.Offer(i); o >= 0 {
			offer[i], status[i] = in.offerIDs[o], string(domain.PlacementOffered)
		}
	}
	// 0 and '' stand for NULL: no offer has the ID 0 and no status is empty.
	err := s.updateColumns(ctx, tx, columnUpdate{table: "round_students", roundID: roundID, key: "student_id", keys: in.studentIDs,
		set:    []string{"academic_average = %s", "region_id = %s", "offer_id = NULLIF(%s, 0)", "status = NULLIF(%s, '')"},
		types:  []string{"int", "int", "bigint", "text"},
		values: []any{in.average, in.region, offer, status}})
	if err != nil {
		return err
	}
	filled, score, lottery := make([]int32, len(in.offerIDs)), make([]int32, len(in.offerIDs)), make([]int64, len(in.offerIDs))
	for o := range in.offerIDs {
		filled[o], score[o] = res.Filled(o), -1
		if c := res.Cutoff(o); c.Full && c.Student >= 0 {
			score[o], lottery[o] = c.Score, in.instance.Lottery[c.Student]
		}
	}
	// -1 and 0 stand for NULL: scores are 0 or more, lottery numbers 1 or more.
	return s.updateColumns(ctx, tx, columnUpdate{table: "round_offers", roundID: roundID, key: "offer_id", keys: in.offerIDs,
		set:    []string{"filled = %s", "cutoff_score = NULLIF(%s, -1)", "cutoff_lottery = NULLIF(%s, 0)"},
		types:  []string{"int", "int", "bigint"},
		values: []any{filled, score, lottery}})
}

// columnUpdate sets columns of many rows of a round's table, the new
// values given column by column.
type columnUpdate struct {
	table   string
	roundID int64
	key     string  // the column that identifies a row within the round
	keys    []int64 // its value in each row
	set     []string
	// set holds an assignment per column, %s standing for the new value:
	// "offer_id = NULLIF(%s, 0)". types are the PostgreSQL types of the
	// values and values the new values, a []int64, []int32 or []string of
	// one entry per row each.
	types  []string
	values []any
}

// updateColumns runs a columnUpdate. PostgreSQL takes each column as one
// array parameter and updates every row in one statement; SQLite, which
// has no arrays, runs a prepared one-row UPDATE for each row, which is the
// fast way there (see rowsPerStatement).
func (s *Store) updateColumns(ctx context.Context, tx *sql.Tx, u columnUpdate) error {
	set := make([]string, len(u.set))
	if s.dialect.name == "postgres" {
		names, arrays := []string{"k"}, []string{"$2::bigint[]"}
		for i, assign := range u.set {
			name := "c" + strconv.Itoa(i)
			set[i] = fmt.Sprintf(assign, "v."+name)
			names, arrays = append(names, name), append(arrays, "$"+strconv.Itoa(i+3)+"::"+u.types[i]+"[]")
		}
		_, err := tx.ExecContext(ctx, `UPDATE `+u.table+` AS t SET `+strings.Join(set, ", ")+
			` FROM unnest(`+strings.Join(arrays, ", ")+`) AS v (`+strings.Join(names, ", ")+`)
			WHERE t.round_id = $1 AND t.`+u.key+` = v.k`, append([]any{u.roundID, u.keys}, u.values...)...)
		return err
	}
	for i, assign := range u.set {
		set[i] = fmt.Sprintf(assign, "$"+strconv.Itoa(i+3))
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE `+u.table+` SET `+strings.Join(set, ", ")+` WHERE round_id = $1 AND `+u.key+` = $2`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	args := make([]any, 2+len(u.values))
	args[0] = u.roundID
	for row, key := range u.keys {
		args[1] = key
		for j, column := range u.values {
			switch c := column.(type) {
			case []int64:
				args[j+2] = c[row]
			case []int32:
				args[j+2] = c[row]
			case []string:
				args[j+2] = c[row]
			default:
				return fmt.Errorf("%s: column of %T", u.table, column)
			}
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("%s row %d: %w", u.table, row+1, err)
		}
	}
	return nil
}
