package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The bulk loader of allocation rounds, for the demo: rounds in any state,
// their offers, their students with lottery numbers, ranked lists and
// placements, and interviews, with the IDs the caller set. Like the other
// loaders each call validates every row and writes all of them or none,
// with one audit entry. The figures of a round (offers, seats, students,
// placed) are counted from the rows written for it, so a round can be
// loaded in as many batches as the caller likes.
//
// A round that has run needs results consistent with its priorities for
// the explanations to hold; the simplest way is to load it open, with its
// offers, students and interviews, and call RunRound, PublishRound and
// CloseRound. A loaded round's scores are computed from the students'
// academic averages and regions as they are when the results are loaded.

// InsertRounds stores rounds with their IDs set, in any state. EINVALID
// for an invalid round, an unknown state, or a missing time of the run or
// of publishing for a round that has them.
func (s *Store) InsertRounds(ctx context.Context, rows []domain.Round) error {
	now := s.Now()
	for i := range rows {
		r := &rows[i]
		err := r.Validate()
		switch {
		case err != nil:
		case !slices.Contains(domain.RoundStatuses, r.Status):
			err = domain.Invalid("status", "error.round.status", "unknown round status")
		case r.Status != domain.RoundOpen && r.RunAt.IsZero():
			err = domain.Invalid("run_at", "error.date.required", "a round that has run needs the time of the run")
		case (r.Status == domain.RoundPublished || r.Status == domain.RoundClosed) && r.PublishedAt.IsZero():
			err = domain.Invalid("published_at", "error.date.required", "a published round needs the time it was published")
		}
		if err != nil {
			return fmt.Errorf("rounds row %d: %w", i+1, err)
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		err := s.insertIn(ctx, tx, "rounds",
			[]string{"id", "region_id", "parent_id", "name", "max_choices", "deadline", "weight_academic", "weight_interview",
				"weight_same_region", "status", "offers", "seats", "students", "placed", "created_at", "run_at", "published_at"}, "",
			len(rows), func(i int) ([]any, error) {
				r := &rows[i]
				return []any{r.ID, nullID(int64(r.RegionID)), nullID(r.ParentID), r.Name, r.MaxChoices, timeParam(r.Deadline),
					r.Weights.Academic, r.Weights.Interview, r.Weights.SameRegion, string(r.Status), 0, 0, 0, 0,
					orNow(r.CreatedAt, now), nullTime(r.RunAt), nullTime(r.PublishedAt)}, nil
			})
		if err != nil {
			return err
		}
		// The rounds opened later must not reuse the loaded IDs.
		if s.dialect.name == "postgres" {
			if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('rounds', 'id'), COALESCE(max(id), 0) + 1, false) FROM rounds`); err != nil {
				return err
			}
		}
		return s.auditBatch(ctx, tx, "rounds", map[string]int{"rows": len(rows)})
	})
}

// loadedRound is what the loader checks rows against.
type loadedRound struct {
	status     domain.RoundStatus
	maxChoices int
}

// loadedRounds reads the rounds the rows refer to; EINVALID (field
// round_id, error.reference) for an unknown one.
func loadedRounds(ctx context.Context, tx *sql.Tx, table string, ids []int64) (map[int64]loadedRound, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	out := make(map[int64]loadedRound, len(ids))
	for chunk := range slices.Chunk(ids, 1000) {
		in, args := inList(nil, chunk)
		rows, err := tx.QueryContext(ctx, `SELECT id, status, max_choices FROM rounds WHERE id IN `+in, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var r loadedRound
			var status string
			if err := rows.Scan(&id, &status, &r.maxChoices); err != nil {
				rows.Close()
				return nil, err
			}
			r.status = domain.RoundStatus(status)
			out[id] = r
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			return nil, fmt.Errorf("%s: %w", table, domain.Invalid("round_id", "error.reference", "there is no round "+strconv.FormatInt(id, 10)))
		}
	}
	return out, nil
}

// addFigures adds to the figures of rounds.
func addFigures(ctx context.Context, tx *sql.Tx, set string, figures map[int64][2]int) error {
	for id, f := range figures {
		if _, err := tx.ExecContext(ctx, `UPDATE rounds SET `+set+` WHERE id = $1`, id, f[0], f[1]); err != nil {
			return err
		}
	}
	return nil
}

// InsertRoundOffers stores the offers of rounds with their seats; for a
// round that has run, with the seats filled and the cutoff (HasCutoff when
// the offer is full). EINVALID for an unknown round or offer, no seats,
// more filled than seats, or a cutoff in a round that has not run or at an
// offer that is not full.
func (s *Store) InsertRoundOffers(ctx context.Context, rows []domain.RoundOffer) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		ids := make([]int64, len(rows))
		for i, ro := range rows {
			ids[i] = ro.RoundID
		}
		rounds, err := loadedRounds(ctx, tx, "round_offers", ids)
		if err != nil {
			return err
		}
		figures := map[int64][2]int{}
		for i, ro := range rows {
			ran := rounds[ro.RoundID].status != domain.RoundOpen
			switch {
			case ro.Capacity < 1 || ro.Capacity > 1000:
				err = domain.Invalid("capacity", "error.offer.capacity", "seats must be 1 to 1000")
			case ro.Filled < 0 || ro.Filled > ro.Capacity || (!ran && ro.Filled > 0):
				err = domain.Invalid("filled", "error.bulk.filled", "seats filled must be 0 before the run and at most the seats after")
			case ro.HasCutoff && (!ran || ro.Filled != ro.Capacity):
				err = domain.Invalid("cutoff_score", "error.bulk.cutoff", "only a full offer of a round that has run has a cutoff")
			case ro.HasCutoff && (ro.CutoffScore < 0 || ro.CutoffLottery < 1):
				err = domain.Invalid("cutoff_score", "error.bulk.cutoff", "a cutoff is a score of 0 or more and a lottery number")
			}
			if err != nil {
				return fmt.Errorf("round_offers row %d: %w", i+1, err)
			}
			f := figures[ro.RoundID]
			figures[ro.RoundID] = [2]int{f[0] + 1, f[1] + ro.Capacity}
		}
		err = s.insertIn(ctx, tx, "round_offers",
			[]string{"round_id", "offer_id", "capacity", "reserved", "filled", "cutoff_score", "cutoff_lottery"}, "",
			len(rows), func(i int) ([]any, error) {
				ro := &rows[i]
				score, lottery := sql.NullInt64{}, sql.NullInt64{}
				if ro.HasCutoff {
					score = sql.NullInt64{Int64: int64(ro.CutoffScore), Valid: true}
					lottery = sql.NullInt64{Int64: int64(ro.CutoffLottery), Valid: true}
				}
				return []any{ro.RoundID, ro.OfferID, ro.Capacity, ro.Reserved, ro.Filled, score, lottery}, nil
			})
		if err != nil {
			return err
		}
		if err := addFigures(ctx, tx, "offers = offers + $2, seats = seats + $3", figures); err != nil {
			return err
		}
		return s.auditBatch(ctx, tx, "round_offers", map[string]int{"rows": len(rows)})
	})
}

// InsertRoundResults stores the students of rounds: each one's lottery
// number, ranked offers (Choices, Rank 1, 2, … in order; the offers must
// be the round's) and, for a round that has run, placement: OfferID one of
// the ranked offers, Status offered once the run is done, and accepted
// (with AgreementID) or declined once the results are published; a closed
// round has no placement still offered. For a round that has run, the
// inputs of the scores are the students' academic averages and regions as
// they are now. EINVALID for a row that breaks these rules, an unknown
// round, or an offer not in the round (error.reference).
func (s *Store) InsertRoundResults(ctx context.Context, rows []domain.RoundResult) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.RoundID
		}
		rounds, err := loadedRounds(ctx, tx, "round_students", ids)
		if err != nil {
			return err
		}
		figures := map[int64][2]int{}
		var open, ran []int
		choices := 0
		for i := range rows {
			r := &rows[i]
			round := rounds[r.RoundID]
			if err := validateLoadedResult(r, round); err != nil {
				return fmt.Errorf("round_students row %d: %w", i+1, err)
			}
			choices += len(r.Choices)
			if round.status == domain.RoundOpen || len(r.Choices) == 0 {
				open = append(open, i)
				continue
			}
			ran = append(ran, i)
			f := figures[r.RoundID]
			f[0]++
			if r.OfferID != 0 {
				f[1]++
			}
			figures[r.RoundID] = f
		}
		columns := []string{"round_id", "student_id", "lottery", "choices", "offer_id", "status", "agreement_id"}
		values := func(r *domain.RoundResult) []any {
			status := sql.NullString{String: string(r.Status), Valid: r.Status != ""}
			return []any{r.RoundID, r.StudentID, r.Lottery, len(r.Choices), nullID(r.OfferID), status, nullID(r.AgreementID)}
		}
		err = s.insertIn(ctx, tx, "round_students", columns, "", len(open), func(i int) ([]any, error) {
			return values(&rows[open[i]]), nil
		})
		if err != nil {
			return err
		}
		// A student who ranked in a round that has run gets the inputs of
		// their scores, as RunRound records them.
		err = s.insertIn(ctx, tx, "round_students", append(columns, "academic_average", "region_id"),
			"(?,?,?,?,?,?,?,(SELECT academic_average FROM students WHERE id = ?),"+
				"(SELECT c.region_id FROM students s JOIN colleges c ON c.id = s.college_id WHERE s.id = ?))",
			len(ran), func(i int) ([]any, error) {
				r := &rows[ran[i]]
				return append(values(r), r.StudentID, r.StudentID), nil
			})
		if err != nil {
			return err
		}
		type choice struct {
			result *domain.RoundResult
			domain.Choice
		}
		all := make([]choice, 0, choices)
		for i := range rows {
			for _, c := range rows[i].Choices {
				all = append(all, choice{&rows[i], c})
			}
		}
		err = s.insertIn(ctx, tx, "round_choices", []string{"round_id", "student_id", "rank", "offer_id"}, "",
			len(all), func(i int) ([]any, error) {
				c := &all[i]
				return []any{c.result.RoundID, c.result.StudentID, c.Rank, c.OfferID}, nil
			})
		if err != nil {
			return err
		}
		if err := addFigures(ctx, tx, "students = students + $2, placed = placed + $3", figures); err != nil {
			return err
		}
		return s.auditBatch(ctx, tx, "round_students", map[string]int{"rows": len(rows), "choices": len(all)})
	})
}

// validateLoadedResult checks a student's row of a round as
// InsertRoundResults takes it.
func validateLoadedResult(r *domain.RoundResult, round loadedRound) error {
	if r.Lottery < 1 {
		return domain.Invalid("lottery", "error.bulk.lottery", "a lottery number is 1 or more")
	}
	if len(r.Choices) > round.maxChoices {
		return domain.Invalid("choices", "error.round.too_many", "too many offers ranked").With("max", strconv.Itoa(round.maxChoices))
	}
	placedRanked := false
	seen := make(map[int64]bool, len(r.Choices))
	for i, c := range r.Choices {
		switch {
		case c.Rank != i+1:
			return domain.Invalid("choices", "error.bulk.rank", "ranks run 1, 2, … in order").With("rank", strconv.Itoa(i+1))
		case seen[c.OfferID]:
			return domain.Invalid("choices", "error.round.duplicate", "an offer is ranked twice").With("rank", strconv.Itoa(i+1))
		}
		seen[c.OfferID] = true
		placedRanked = placedRanked || c.OfferID == r.OfferID
	}
	var allowed []domain.PlacementStatus
	switch round.status {
	case domain.RoundAllocated:
		allowed = []domain.PlacementStatus{domain.PlacementOffered}
	case domain.RoundPublished:
		allowed = []domain.PlacementStatus{domain.PlacementOffered, domain.PlacementAccepted, domain.PlacementDeclined}
	case domain.RoundClosed:
		allowed = []domain.PlacementStatus{domain.PlacementAccepted, domain.PlacementDeclined}
	}
	switch {
	case r.OfferID == 0 && (r.Status != "" || r.AgreementID != 0):
		return domain.Invalid("status", "error.bulk.placement", "a student who is not placed has no placement status")
	case r.OfferID == 0:
	case !placedRanked:
		return domain.Invalid("offer_id", "error.bulk.placement", "a student is placed only at an offer they ranked")
	case !slices.Contains(allowed, r.Status):
		return domain.Invalid("status", "error.bulk.placement", "the placement's status does not fit the round's").
			With("status", string(r.Status))
	case (r.Status == domain.PlacementAccepted) != (r.AgreementID != 0):
		return domain.Invalid("agreement_id", "error.bulk.placement", "an accepted placement, and only one, names its agreement")
	}
	return nil
}

// InsertInterviews stores interview scores. EINVALID for a score out of
// 0–100, or an offer or student not in the round (error.reference).
func (s *Store) InsertInterviews(ctx context.Context, rows []domain.Interview) error {
	now := timeParam(s.Now())
	return s.insertRows(ctx, "interviews", []string{"round_id", "offer_id", "student_id", "score", "recorded_at"},
		len(rows), func(i int) ([]any, error) {
			iv := &rows[i]
			if iv.Score < 0 || iv.Score > 100 {
				return nil, domain.Invalid("score", "error.round.interview", "an interview score is from 0 to 100").
					With("min", "0").With("max", "100")
			}
			return []any{iv.RoundID, iv.OfferID, iv.StudentID, iv.Score, now}, nil
		})
}
