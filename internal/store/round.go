package store

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var _ domain.RoundService = (*Store)(nil)

// Allocation rounds (issue 5). A round snapshots offers and their free
// seats when it opens and draws every eligible student's lottery number;
// students rank offers until the deadline and enterprises record interview
// scores; RunRound (round_run.go) places the students; the organiser
// publishes the results, each placed student accepts (a draft agreement)
// or declines, and closing the round declines what is still offered. A
// supplementary round then runs on the seats left, for the students left.
//
// A student's score at an offer is not stored per choice but computed by
// the round's formula (domain.PriorityWeights) from the academic average
// and the college's region recorded in round_students at the run (the
// current ones before it) and the interview at the offer: the interviews
// cannot change once the round has run, so the score shown is the score
// the run used.

const roundColumns = `r.id, COALESCE(r.region_id, 0), COALESCE(r.parent_id, 0), r.name, r.max_choices, r.deadline,
	r.weight_academic, r.weight_interview, r.weight_same_region, r.status, r.offers, r.seats,
	CASE WHEN r.status = 'open'
		THEN (SELECT count(*) FROM round_students rs WHERE rs.round_id = r.id AND rs.choices > 0)
		ELSE r.students END,
	r.placed, r.created_at, r.run_at, r.published_at`

func scanRound(row interface{ Scan(...any) error }) (domain.Round, error) {
	var r domain.Round
	var status string
	err := row.Scan(&r.ID, &r.RegionID, &r.ParentID, &r.Name, &r.MaxChoices, timeScanner{&r.Deadline},
		&r.Weights.Academic, &r.Weights.Interview, &r.Weights.SameRegion, &status, &r.Offers, &r.Seats, &r.Students,
		&r.Placed, timeScanner{&r.CreatedAt}, timeScanner{&r.RunAt}, timeScanner{&r.PublishedAt})
	r.Status = domain.RoundStatus(status)
	return r, err
}

// queryRower is a connection pool or a transaction.
type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// roundIn reads a round; lock is "", s.forShare() or s.roundLock(). An
// open round's count of students who ranked is counted afresh; a run
// records it.
func roundIn(ctx context.Context, q queryRower, id int64, lock string) (domain.Round, error) {
	r, err := scanRound(q.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM rounds r WHERE r.id = $1`+lock, id))
	return r, notFound(err, "round")
}

// forShare keeps a round's state from changing while a student's list or
// an interview is written, without making those writers wait for each
// other on PostgreSQL; SQLite's writers are serial already.
func (s *Store) forShare() string {
	if s.dialect.name == "postgres" {
		return " FOR SHARE OF r"
	}
	return ""
}

// roundLock is forUpdate for a query over rounds r: the steps of a round
// (run, publish, close, a supplementary round of it) one after the other.
func (s *Store) roundLock() string {
	if s.dialect.name == "postgres" {
		return " FOR UPDATE OF r"
	}
	return ""
}

func roundStateError(status domain.RoundStatus) error {
	return domain.Errorf(domain.ECONFLICT, "error.round.state", "not allowed while the round is %s", status).
		With("status", string(status))
}

// Rounds returns a page of rounds, newest first. RegionID selects the
// rounds that concern the region: its own and the national ones.
// EINVALID for a bad filter.
func (s *Store) Rounds(ctx context.Context, f domain.RoundFilter) (domain.List[domain.Round], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.Round]{}, err
	}
	var w where
	if f.RegionID != 0 {
		w.add("(r.region_id = ? OR r.region_id IS NULL)", f.RegionID)
	}
	if f.Status != "" {
		w.add("r.status = ?", string(f.Status))
	}
	if len(f.Statuses) > 0 {
		args := make([]any, len(f.Statuses))
		for i, st := range f.Statuses {
			args[i] = string(st)
		}
		w.add("r.status IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")+")", args...)
	}
	if f.EnterpriseID != 0 {
		w.add(`r.id IN (SELECT ro.round_id FROM round_offers ro JOIN offers o ON o.id = ro.offer_id WHERE o.enterprise_id = ?)`,
			f.EnterpriseID)
	}
	list := domain.List[domain.Round]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM rounds r`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+roundColumns+` FROM rounds r`+w.sql()+
		` ORDER BY r.created_at DESC, r.id DESC`+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanRound)
	return list, err
}

// Round returns one round with its figures; ENOTFOUND if there is none.
func (s *Store) Round(ctx context.Context, id int64) (domain.Round, error) {
	return roundIn(ctx, s.read, id, "")
}

// OpenRound validates and creates a round and sets its ID, state and
// figures. A round takes the open offers of its region (of the country when
// RegionID is 0) with the seats they have left — capacity less the
// applications and placements accepted — except offers already in a round
// that is not closed. Its students are those studying in a programme —
// dual or not, as anyone may apply to an offer — whose qualification one
// of the offers trains for, at a college of the region, without a live
// agreement. A supplementary round (ParentID) has its parent's region, the
// parent's offers still open with the seats left, and the parent's
// students who were not placed or declined. Each student gets a lottery
// number: a random order of them all, drawn from the operating system's
// cryptographic source.
//
// EINVALID for bad input, a deadline in the past, an unknown region or
// parent; ECONFLICT when the parent is not closed (error.round.state) or
// has a supplementary round already (error.round.supplemented), or when
// no offer has a free seat (error.round.no_offers) or no student can take
// part (error.round.no_students).
func (s *Store) OpenRound(ctx context.Context, r *domain.Round) error {
	if err := r.Validate(); err != nil {
		return err
	}
	now := s.Now().UTC()
	if !r.Deadline.After(now) {
		return domain.Invalid("deadline", "error.round.deadline_past", "the deadline must be in the future")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if r.ParentID != 0 {
			parent, err := roundIn(ctx, tx, r.ParentID, s.roundLock())
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				return domain.Invalid("parent_id", "error.round.parent", "there is no such round")
			}
			if err != nil {
				return err
			}
			if parent.Status != domain.RoundClosed {
				return roundStateError(parent.Status)
			}
			var children int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM rounds WHERE parent_id = $1`, parent.ID).Scan(&children); err != nil {
				return err
			}
			if children > 0 {
				return domain.Errorf(domain.ECONFLICT, "error.round.supplemented", "round %d has a supplementary round already", parent.ID)
			}
			r.RegionID = parent.RegionID
		} else if r.RegionID != 0 {
			if err := exists(ctx, tx, `SELECT count(*) FROM regions WHERE id = $1`, r.RegionID,
				domain.Invalid("region_id", "error.region.unknown", "unknown region")); err != nil {
				return err
			}
		}
		r.Status, r.CreatedAt, r.RunAt, r.PublishedAt = domain.RoundOpen, now, time.Time{}, time.Time{}
		r.Students, r.Placed = 0, 0
		err := tx.QueryRowContext(ctx, `
			INSERT INTO rounds (region_id, parent_id, name, max_choices, deadline, weight_academic, weight_interview,
				weight_same_region, status, offers, seats, students, placed, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 0, 0, 0, $10) RETURNING id`,
			nullID(int64(r.RegionID)), nullID(r.ParentID), r.Name, r.MaxChoices, timeParam(r.Deadline), r.Weights.Academic,
			r.Weights.Interview, r.Weights.SameRegion, string(r.Status), timeParam(now)).Scan(&r.ID)
		if err != nil {
			return err
		}
		if err := s.snapshotOffers(ctx, tx, r); err != nil {
			return err
		}
		eligible, err := s.drawLotteries(ctx, tx, r)
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "open", recordType: "round", recordID: r.ID,
			after: struct {
				*domain.Round
				Eligible int `json:"eligible"`
			}{r, eligible}, regionID: r.RegionID})
	})
}

// takenSeats is, per offer, the places accepted so far: accepted
// applications and accepted placements of every round.
const takenSeats = `
	LEFT JOIN (SELECT offer_id, count(*) AS n FROM applications WHERE status = 'accepted' GROUP BY offer_id) ap ON ap.offer_id = o.id
	LEFT JOIN (SELECT offer_id, count(*) AS n FROM round_students WHERE status = 'accepted' GROUP BY offer_id) pl ON pl.offer_id = o.id`

const freeSeats = `o.capacity - COALESCE(ap.n, 0) - COALESCE(pl.n, 0)`

// snapshotOffers copies the round's offers with their free seats into
// round_offers and records the figures.
func (s *Store) snapshotOffers(ctx context.Context, tx *sql.Tx, r *domain.Round) error {
	var w where
	w.add("o.status = ?", string(domain.OfferOpen))
	w.add(freeSeats + " > 0")
	// An offer's seats are allocated by one round at a time.
	w.add(`NOT EXISTS (SELECT 1 FROM round_offers lo JOIN rounds lr ON lr.id = lo.round_id
		WHERE lo.offer_id = o.id AND lr.status <> 'closed' AND lr.id <> ?)`, r.ID)
	switch {
	case r.ParentID != 0:
		w.add("o.id IN (SELECT offer_id FROM round_offers WHERE round_id = ?)", r.ParentID)
	case r.RegionID != 0:
		w.add("o.region_id = ?", r.RegionID)
	}
	// The round's ID is cast: PostgreSQL would take a bare parameter in a
	// select list for text.
	id := "CAST($" + strconv.Itoa(len(w.args)+1) + " AS BIGINT)"
	if _, err := tx.ExecContext(ctx, `INSERT INTO round_offers (round_id, offer_id, capacity, reserved, filled)
		SELECT `+id+`, o.id, `+freeSeats+`, o.reserved, 0 FROM offers o`+takenSeats+w.sql(), append(w.args, r.ID)...); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*), COALESCE(sum(capacity), 0) FROM round_offers WHERE round_id = $1`, r.ID).
		Scan(&r.Offers, &r.Seats); err != nil {
		return err
	}
	if r.Offers == 0 {
		return domain.Errorf(domain.ECONFLICT, "error.round.no_offers", "no open offer has a free seat for this round")
	}
	_, err := tx.ExecContext(ctx, `UPDATE rounds SET offers = $2, seats = $3 WHERE id = $1`, r.ID, r.Offers, r.Seats)
	return err
}

// drawLotteries records a lottery number for every eligible student of the
// round and returns how many there are.
func (s *Store) drawLotteries(ctx context.Context, tx *sql.Tx, r *domain.Round) (int, error) {
	var w where
	w.add("s.status = ?", domain.StatusStudying)
	w.add(`p.qualification_code IN (SELECT o.qualification_code FROM round_offers ro JOIN offers o ON o.id = ro.offer_id
		WHERE ro.round_id = ?)`, r.ID)
	w.add(`NOT EXISTS (SELECT 1 FROM agreements a WHERE a.student_id = s.id AND a.status IN ` + liveStatuses + `)`)
	switch {
	case r.ParentID != 0:
		w.add(`s.id IN (SELECT student_id FROM round_students WHERE round_id = ? AND (offer_id IS NULL OR status = 'declined'))`, r.ParentID)
	case r.RegionID != 0:
		w.add("s.college_id IN (SELECT id FROM colleges WHERE region_id = ?)", r.RegionID)
	}
	rows, err := tx.QueryContext(ctx, `SELECT s.id FROM students s JOIN programmes p ON p.id = s.programme_id`+w.sql()+
		` ORDER BY s.id`, w.args...)
	if err != nil {
		return 0, err
	}
	ids, err := collect(rows, func(r interface{ Scan(...any) error }) (int64, error) {
		var id int64
		err := r.Scan(&id)
		return id, err
	})
	if err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, domain.Errorf(domain.ECONFLICT, "error.round.no_students", "no student can take part in this round")
	}
	lottery := drawLottery(len(ids))
	err = s.insertIn(ctx, tx, "round_students", []string{"round_id", "student_id", "lottery", "choices"}, "",
		len(ids), func(i int) ([]any, error) {
			return []any{r.ID, ids[i], lottery[i], 0}, nil
		})
	return len(ids), err
}

// drawLottery returns the numbers 1..n in a uniformly random order.
// ChaCha8 seeded from crypto/rand is itself a cryptographic generator, so
// nobody can predict or reproduce the draw, and it shuffles a national
// round of hundreds of thousands of students in milliseconds.
func drawLottery(n int) []int32 {
	var seed [32]byte
	crand.Read(seed[:]) // never fails (Go 1.24+)
	r := rand.New(rand.NewChaCha8(seed))
	out := make([]int32, n)
	for i := range out {
		out[i] = int32(i + 1)
	}
	r.Shuffle(n, func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// RoundOffers returns a page of the offers of a round that the filter
// selects, with their seats and, after the run, the seats filled and the
// cutoff: nearest to f.FromCityID first, else in the order of the offers'
// IDs. ENOTFOUND for an unknown round; EINVALID for a bad filter or an
// unknown FromCityID.
func (s *Store) RoundOffers(ctx context.Context, roundID int64, f domain.RoundOfferFilter) (domain.List[domain.RoundOffer], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.RoundOffer]{}, err
	}
	list := domain.List[domain.RoundOffer]{Page: f.Page.Number, Size: f.Page.Size}
	if _, err := s.Round(ctx, roundID); err != nil {
		return list, err
	}
	from, err := s.cityPlace(ctx, f.FromCityID)
	if err != nil {
		return list, err
	}
	var w where
	w.add("ro.round_id = ?", roundID)
	switch q := f.Qualification; {
	case domain.IsSpecialtyCode(q):
		w.add("o.qualification_code IN (SELECT code FROM qualifications WHERE specialty_code = ?)", q)
	case domain.IsQualificationCode(q):
		w.add("o.qualification_code = ?", q)
	}
	if f.RegionID != 0 {
		w.add("o.region_id = ?", f.RegionID)
	}
	if f.CityID != 0 {
		w.add("o.city_id = ?", f.CityID)
	}
	if f.EnterpriseID != 0 {
		w.add("o.enterprise_id = ?", f.EnterpriseID)
	}
	if f.Reserved != nil {
		w.add("ro.reserved = ?", *f.Reserved)
	}
	if f.ContractHolderID != 0 {
		w.add("(NOT ro.reserved OR o.enterprise_id IN (SELECT enterprise_id FROM targeted_contracts WHERE student_id = ? AND state = 'studying'))",
			f.ContractHolderID)
	}
	if len(f.OfferIDs) > 0 {
		ids := make([]any, len(f.OfferIDs))
		for i, id := range f.OfferIDs {
			ids[i] = id
		}
		w.add("ro.offer_id IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+")", ids...)
	}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM round_offers ro JOIN offers o ON o.id = ro.offer_id`+w.sql(),
		w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	order := " ORDER BY ro.offer_id"
	if from != nil {
		// As Offers orders by distance: the equirectangular approximation,
		// plain arithmetic both databases do, in the order of the true
		// distance within one country.
		n := len(w.args)
		w.args = append(w.args, from.lat, from.lon, math.Cos(from.lat*math.Pi/180))
		order = fmt.Sprintf(` ORDER BY ci.lat IS NULL, (ci.lat - $%[1]d) * (ci.lat - $%[1]d) +
			(ci.lon - $%[2]d) * (ci.lon - $%[2]d) * $%[3]d * $%[3]d, ro.offer_id`, n+1, n+2, n+3)
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT ro.round_id, ro.capacity, ro.reserved, ro.filled, ro.cutoff_score, ro.cutoff_lottery, `+
		offerColumns+` FROM round_offers ro JOIN offers o ON o.id = ro.offer_id`+offerJoins+w.sql()+order+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, func(row interface{ Scan(...any) error }) (domain.RoundOffer, error) {
		var ro domain.RoundOffer
		var score, lottery sql.NullInt64
		o, err := scanOffer(withColumns{row, []any{&ro.RoundID, &ro.Capacity, &ro.Reserved, &ro.Filled, &score, &lottery}})
		if err != nil {
			return ro, err
		}
		ro.Offer = o
		ro.OfferID = ro.Offer.ID
		ro.HasCutoff, ro.CutoffScore, ro.CutoffLottery = score.Valid, int(score.Int64), int(lottery.Int64)
		return ro, nil
	})
	return list, err
}

// cityPlace is where a city of the registry is, nil for none (id 0) or a
// city without coordinates; EINVALID (field from_city_id) for an unknown
// city.
func (s *Store) cityPlace(ctx context.Context, id int64) (*place, error) {
	if id == 0 {
		return nil, nil
	}
	var lat, lon sql.NullFloat64
	err := s.read.QueryRowContext(ctx, `SELECT lat, lon FROM cities WHERE id = $1`, id).Scan(&lat, &lon)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Invalid("from_city_id", "error.city.unknown", "unknown city")
	}
	if err != nil || !lat.Valid || !lon.Valid {
		return nil, err
	}
	return &place{lat.Float64, lon.Float64}, nil
}

// offerJoins are the joins offerColumns needs beside offers o.
const offerJoins = `
	JOIN enterprises e ON e.id = o.enterprise_id
	LEFT JOIN colleges c ON c.id = o.college_id
	JOIN qualifications q ON q.code = o.qualification_code
	JOIN cities ci ON ci.id = o.city_id`

// withColumns scans the columns before those another scanner reads, so
// that scanOffer reads an offer that comes after a row's own columns.
type withColumns struct {
	row   interface{ Scan(...any) error }
	first []any
}

func (w withColumns) Scan(dest ...any) error { return w.row.Scan(append(w.first, dest...)...) }

// roundStudent is a student's row of a round with what the rules need.
type roundStudent struct {
	lottery, choices int
	offerID          int64
	status           domain.PlacementStatus
	agreementID      int64
	contractWith     int64 // the employer of the student's targeted-training contract, 0 if none
	qualification    string
	collegeID        int64
	regionID         int
}

// roundStudentIn reads a student's row of a round, locking it on
// PostgreSQL. ENOTFOUND for an unknown student; ECONFLICT
// (error.round.not_eligible) for a student who is not in the round.
func (s *Store) roundStudentIn(ctx context.Context, tx *sql.Tx, roundID, studentID int64) (roundStudent, error) {
	var rs roundStudent
	err := tx.QueryRowContext(ctx, `SELECT `+contractEmployer+`, COALESCE(p.qualification_code, ''), s.college_id, c.region_id
		FROM students s JOIN programmes p ON p.id = s.programme_id JOIN colleges c ON c.id = s.college_id WHERE s.id = $1`,
		studentID).Scan(&rs.contractWith, &rs.qualification, &rs.collegeID, &rs.regionID)
	if errors.Is(err, sql.ErrNoRows) {
		return rs, domain.NotFound("student")
	}
	if err != nil {
		return rs, err
	}
	var offer, agreement sql.NullInt64
	var status sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT lottery, choices, offer_id, status, agreement_id FROM round_students
		WHERE round_id = $1 AND student_id = $2`+s.forUpdate(), roundID, studentID).
		Scan(&rs.lottery, &rs.choices, &offer, &status, &agreement)
	if errors.Is(err, sql.ErrNoRows) {
		return rs, domain.Errorf(domain.ECONFLICT, "error.round.not_eligible", "the student does not take part in this round")
	}
	rs.offerID, rs.status, rs.agreementID = offer.Int64, domain.PlacementStatus(status.String), agreement.Int64
	return rs, err
}

// SetChoices replaces a student's ranked list in an open round before its
// deadline; an empty list withdraws the student from the allocation.
// ENOTFOUND for an unknown round or student; ECONFLICT when the round is
// not open (error.round.state), the deadline has passed
// (error.round.deadline) or the student is not in the round
// (error.round.not_eligible); EINVALID on field "choices", with the rank
// of the offer at fault, for more offers than the round allows
// (error.round.too_many with {max}), an offer twice (error.round.duplicate),
// an offer not in the round (error.round.offer) or no longer open
// (error.round.offer_closed), an offer for another qualification than the
// student's programme's (error.round.qualification) or reserved for the
// holders of another employer's targeted-training contracts
// (error.round.reserved).
func (s *Store) SetChoices(ctx context.Context, roundID, studentID int64, offerIDs []int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		r, err := roundIn(ctx, tx, roundID, s.forShare())
		if err != nil {
			return err
		}
		if r.Status != domain.RoundOpen {
			return roundStateError(r.Status)
		}
		if s.Now().After(r.Deadline) {
			return domain.Errorf(domain.ECONFLICT, "error.round.deadline", "the deadline of the round has passed")
		}
		rs, err := s.roundStudentIn(ctx, tx, roundID, studentID)
		if err != nil {
			return err
		}
		if err := s.checkChoices(ctx, tx, r, rs, offerIDs); err != nil {
			return err
		}
		before, err := choiceIDs(ctx, tx, roundID, studentID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM round_choices WHERE round_id = $1 AND student_id = $2`, roundID, studentID); err != nil {
			return err
		}
		err = s.insertIn(ctx, tx, "round_choices", []string{"round_id", "student_id", "rank", "offer_id"}, "",
			len(offerIDs), func(i int) ([]any, error) { return []any{roundID, studentID, i + 1, offerIDs[i]}, nil })
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE round_students SET choices = $3 WHERE round_id = $1 AND student_id = $2`,
			roundID, studentID, len(offerIDs)); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "rank", recordType: "round_choices", recordID: fmt.Sprintf("%d/%d", roundID, studentID),
			before: before, after: append([]int64{}, offerIDs...), regionID: rs.regionID, collegeID: rs.collegeID})
	})
}

// checkChoices checks a student's ranked list against the round.
func (s *Store) checkChoices(ctx context.Context, tx *sql.Tx, r domain.Round, rs roundStudent, offerIDs []int64) error {
	choiceError := func(key, message string, rank int) *domain.Error {
		return domain.Invalid("choices", key, message).With("rank", strconv.Itoa(rank))
	}
	if len(offerIDs) > r.MaxChoices {
		return domain.Invalid("choices", "error.round.too_many", "too many offers ranked").With("max", strconv.Itoa(r.MaxChoices))
	}
	seen := make(map[int64]bool, len(offerIDs))
	for i, id := range offerIDs {
		if seen[id] {
			return choiceError("error.round.duplicate", "an offer is ranked twice", i+1)
		}
		seen[id] = true
	}
	if len(offerIDs) == 0 {
		return nil
	}
	type roundOffer struct {
		reserved      bool
		qualification string
		status        string
		enterpriseID  int64
	}
	found := make(map[int64]roundOffer, len(offerIDs))
	in, args := inList([]any{r.ID}, offerIDs)
	rows, err := tx.QueryContext(ctx, `SELECT ro.offer_id, ro.reserved, o.qualification_code, o.status, o.enterprise_id
		FROM round_offers ro JOIN offers o ON o.id = ro.offer_id WHERE ro.round_id = $1 AND ro.offer_id IN `+in, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var o roundOffer
		if err := rows.Scan(&id, &o.reserved, &o.qualification, &o.status, &o.enterpriseID); err != nil {
			return err
		}
		found[id] = o
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i, id := range offerIDs {
		o, ok := found[id]
		switch {
		case !ok:
			return choiceError("error.round.offer", "the offer is not in this round", i+1)
		case o.status != string(domain.OfferOpen):
			return choiceError("error.round.offer_closed", "the offer is no longer open", i+1)
		case o.qualification != rs.qualification:
			return choiceError("error.round.qualification", "the offer is for another qualification than the student's programme", i+1)
		case o.reserved && rs.contractWith != o.enterpriseID:
			return choiceError("error.round.reserved", "the offer is reserved for targeted training", i+1)
		}
	}
	return nil
}

// choiceIDs is a student's ranked list in a round.
func choiceIDs(ctx context.Context, tx *sql.Tx, roundID, studentID int64) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT offer_id FROM round_choices WHERE round_id = $1 AND student_id = $2 ORDER BY rank`,
		roundID, studentID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (int64, error) {
		var id int64
		err := r.Scan(&id)
		return id, err
	})
}

// SetInterview records or changes the interview score an enterprise gave a
// student who ranked its offer, while the round is open (the deadline for
// the students does not bind the enterprises). EINVALID for a score out of
// 0–100 (error.round.interview) or a student who did not rank the offer
// (error.round.not_ranked, field student_id); ENOTFOUND for an unknown
// round; ECONFLICT when the round is not open (error.round.state).
func (s *Store) SetInterview(ctx context.Context, iv domain.Interview) error {
	if iv.Score < 0 || iv.Score > 100 {
		return domain.Invalid("score", "error.round.interview", "an interview score is from 0 to 100").
			With("min", "0").With("max", "100")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		r, err := roundIn(ctx, tx, iv.RoundID, s.forShare())
		if err != nil {
			return err
		}
		if r.Status != domain.RoundOpen {
			return roundStateError(r.Status)
		}
		var collegeID int64
		var regionID int
		err = tx.QueryRowContext(ctx, `SELECT s.college_id, c.region_id FROM round_choices rc
			JOIN students s ON s.id = rc.student_id JOIN colleges c ON c.id = s.college_id
			WHERE rc.round_id = $1 AND rc.student_id = $2 AND rc.offer_id = $3`, iv.RoundID, iv.StudentID, iv.OfferID).
			Scan(&collegeID, &regionID)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Invalid("student_id", "error.round.not_ranked", "the student did not rank this offer")
		}
		if err != nil {
			return err
		}
		var before *domain.Interview
		var old int
		err = tx.QueryRowContext(ctx, `SELECT score FROM interviews WHERE round_id = $1 AND offer_id = $2 AND student_id = $3`,
			iv.RoundID, iv.OfferID, iv.StudentID).Scan(&old)
		switch {
		case err == nil:
			b := iv
			b.Score = old
			before = &b
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO interviews (round_id, offer_id, student_id, score, recorded_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (round_id, offer_id, student_id) DO UPDATE SET score = excluded.score, recorded_at = excluded.recorded_at`,
			iv.RoundID, iv.OfferID, iv.StudentID, iv.Score, timeParam(s.Now())); err != nil {
			return err
		}
		var beforeAudit any
		if before != nil {
			beforeAudit = before
		}
		return s.audit(ctx, tx, change{action: "interview", recordType: "interview",
			recordID: fmt.Sprintf("%d/%d/%d", iv.RoundID, iv.OfferID, iv.StudentID), before: beforeAudit, after: iv,
			regionID: regionID, collegeID: collegeID})
	})
}

// moveRound moves a locked round from the state from to the state to with
// the columns set (their placeholders from $2), and audits it.
func (s *Store) moveRound(ctx context.Context, tx *sql.Tx, id int64, action string, from, to domain.RoundStatus,
	set string, args []any, extra map[string]int) (domain.Round, error) {
	before, err := roundIn(ctx, tx, id, s.roundLock())
	if err != nil {
		return before, err
	}
	if before.Status != from {
		return before, roundStateError(before.Status)
	}
	n := len(args)
	res, err := tx.ExecContext(ctx, `UPDATE rounds SET status = $`+strconv.Itoa(n+2)+set+` WHERE id = $1 AND status = $`+strconv.Itoa(n+3),
		append(append([]any{id}, args...), string(to), string(from))...)
	if err := oneRow(res, err, roundStateError(before.Status)); err != nil {
		return before, err
	}
	after, err := roundIn(ctx, tx, id, "")
	if err != nil {
		return before, err
	}
	var auditAfter any = after
	if extra != nil {
		auditAfter = struct {
			domain.Round
			Extra map[string]int `json:"counts"`
		}{after, extra}
	}
	return after, s.audit(ctx, tx, change{action: action, recordType: "round", recordID: id, before: before, after: auditAfter,
		regionID: before.RegionID})
}

// PublishRound makes the results of a run round visible to students,
// colleges and enterprises: allocated → published. ENOTFOUND for an
// unknown round; ECONFLICT (error.round.state) from another state.
func (s *Store) PublishRound(ctx context.Context, roundID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := s.moveRound(ctx, tx, roundID, "publish", domain.RoundAllocated, domain.RoundPublished,
			", published_at = $2", []any{timeParam(s.Now())}, nil)
		return err
	})
}

// CloseRound ends acceptance: published → closed, and the placements still
// offered are declined, so that their seats go to a supplementary round.
// ENOTFOUND for an unknown round; ECONFLICT (error.round.state) from
// another state.
func (s *Store) CloseRound(ctx context.Context, roundID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		r, err := roundIn(ctx, tx, roundID, s.roundLock())
		if err != nil {
			return err
		}
		if r.Status != domain.RoundPublished {
			return roundStateError(r.Status)
		}
		res, err := tx.ExecContext(ctx, `UPDATE round_students SET status = 'declined' WHERE round_id = $1 AND status = 'offered'`, roundID)
		if err != nil {
			return err
		}
		declined, err := res.RowsAffected()
		if err != nil {
			return err
		}
		_, err = s.moveRound(ctx, tx, roundID, "close", domain.RoundPublished, domain.RoundClosed, "", nil,
			map[string]int{"declined": int(declined)})
		return err
	})
}

// resultColumns read a student's row of a round with the inputs of the
// score: those recorded at the run, else the current ones.
const resultColumns = `rs.round_id, rs.student_id, rs.lottery, COALESCE(rs.offer_id, 0), COALESCE(rs.status, ''),
	COALESCE(rs.agreement_id, 0), s.last_name, s.first_name, s.middle_name,
	COALESCE(rs.academic_average, s.academic_average), COALESCE(rs.region_id, c.region_id)`

const resultFrom = ` FROM round_students rs JOIN students s ON s.id = rs.student_id JOIN colleges c ON c.id = s.college_id`

// result is a student's row of a round with the inputs of the score.
type result struct {
	domain.RoundResult
	average, regionID int
}

func scanResult(row interface{ Scan(...any) error }) (result, error) {
	var r result
	var status string
	err := row.Scan(&r.RoundID, &r.StudentID, &r.Lottery, &r.OfferID, &status, &r.AgreementID,
		&r.Student.Last, &r.Student.First, &r.Student.Middle, &r.average, &r.regionID)
	r.Status = domain.PlacementStatus(status)
	r.Choices = []domain.Choice{}
	return r, err
}

// Result returns a student's ranked offers in a round with the student's
// score at each, the offers' cutoffs once the round has run, and the
// placement. ENOTFOUND for an unknown round or a student not in it.
func (s *Store) Result(ctx context.Context, roundID, studentID int64) (domain.RoundResult, error) {
	r, err := s.Round(ctx, roundID)
	if err != nil {
		return domain.RoundResult{}, err
	}
	res, err := scanResult(s.read.QueryRowContext(ctx, `SELECT `+resultColumns+resultFrom+
		` WHERE rs.round_id = $1 AND rs.student_id = $2`, roundID, studentID))
	if err != nil {
		return domain.RoundResult{}, notFound(err, "round_result")
	}
	items := []result{res}
	if err := s.loadChoices(ctx, r, items); err != nil {
		return domain.RoundResult{}, err
	}
	return items[0].RoundResult, nil
}

// loadChoices fills in the ranked offers of the students of one round.
func (s *Store) loadChoices(ctx context.Context, r domain.Round, items []result) error {
	if len(items) == 0 {
		return nil
	}
	byStudent := make(map[int64]*result, len(items))
	ids := make([]int64, len(items))
	for i := range items {
		byStudent[items[i].StudentID], ids[i] = &items[i], items[i].StudentID
	}
	in, args := inList([]any{r.ID}, ids)
	rows, err := s.read.QueryContext(ctx, `SELECT rc.student_id, rc.rank, ro.cutoff_score, ro.cutoff_lottery, iv.score, `+
		offerColumns+` FROM round_choices rc
		JOIN round_offers ro ON ro.round_id = rc.round_id AND ro.offer_id = rc.offer_id
		LEFT JOIN interviews iv ON iv.round_id = rc.round_id AND iv.offer_id = rc.offer_id AND iv.student_id = rc.student_id
		JOIN offers o ON o.id = rc.offer_id`+offerJoins+`
		WHERE rc.round_id = $1 AND rc.student_id IN `+in+` ORDER BY rc.student_id, rc.rank`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var studentID int64
		var c domain.Choice
		var score, lottery, interview sql.NullInt64
		if c.Offer, err = scanOffer(withColumns{rows, []any{&studentID, &c.Rank, &score, &lottery, &interview}}); err != nil {
			return err
		}
		res := byStudent[studentID]
		c.OfferID = c.Offer.ID
		c.Interview, c.Interviewed = int(interview.Int64), interview.Valid
		c.Score = r.Weights.Score(res.average, c.Interview, res.regionID == c.Offer.RegionID)
		c.HasCutoff, c.CutoffScore, c.CutoffLottery = score.Valid, int(score.Int64), int(lottery.Int64)
		c.Placed = res.OfferID == c.OfferID
		res.Choices = append(res.Choices, c)
	}
	return rows.Err()
}

// Results returns a page of the students of a round who ranked at least one
// offer, each with their ranked offers and placement. With OfferID they are
// in the offer's order of priority — score there, then lottery — else by
// name. ENOTFOUND for an unknown round; EINVALID for a bad page.
func (s *Store) Results(ctx context.Context, roundID int64, f domain.ResultFilter) (domain.List[domain.RoundResult], error) {
	if err := f.Page.Normalize(); err != nil {
		return domain.List[domain.RoundResult]{}, err
	}
	list := domain.List[domain.RoundResult]{Page: f.Page.Number, Size: f.Page.Size}
	r, err := s.Round(ctx, roundID)
	if err != nil {
		return list, err
	}
	var w where
	w.add("rs.round_id = ?", roundID)
	w.add("rs.choices > 0")
	placedAt := ""
	switch {
	case f.OfferID != 0:
		w.add("rs.student_id IN (SELECT student_id FROM round_choices WHERE round_id = ? AND offer_id = ?)", roundID, f.OfferID)
		placedAt = "rs.offer_id = ?"
	case f.EnterpriseID != 0:
		w.add(`rs.student_id IN (SELECT rc.student_id FROM round_choices rc JOIN offers o ON o.id = rc.offer_id
			WHERE rc.round_id = ? AND o.enterprise_id = ?)`, roundID, f.EnterpriseID)
		placedAt = "rs.offer_id IN (SELECT id FROM offers WHERE enterprise_id = ?)"
	}
	if f.Placed != nil {
		switch {
		case placedAt == "" && *f.Placed:
			w.add("rs.offer_id IS NOT NULL")
		case placedAt == "":
			w.add("rs.offer_id IS NULL")
		case *f.Placed:
			w.add(placedAt, max(f.OfferID, f.EnterpriseID))
		default:
			w.add("(rs.offer_id IS NULL OR NOT "+placedAt+")", max(f.OfferID, f.EnterpriseID))
		}
	}
	if f.CollegeID != 0 {
		w.add("s.college_id = ?", f.CollegeID)
	}
	if f.CuratorID != 0 {
		w.add("s.group_id IN (SELECT id FROM study_groups WHERE curator_id = ?)", f.CuratorID)
	}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*)`+resultFrom+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	order := " ORDER BY s.search_key, s.id"
	if f.OfferID != 0 {
		var region int
		err := s.read.QueryRowContext(ctx, `SELECT region_id FROM offers WHERE id = $1`, f.OfferID).Scan(&region)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return list, err
		}
		// The published formula, as PriorityWeights.Score computes it.
		n := len(w.args)
		order = fmt.Sprintf(` ORDER BY COALESCE(rs.academic_average, s.academic_average) * $%d
			+ COALESCE((SELECT iv.score FROM interviews iv WHERE iv.round_id = rs.round_id AND iv.offer_id = $%d
				AND iv.student_id = rs.student_id), 0) * $%d
			+ CASE WHEN COALESCE(rs.region_id, c.region_id) = $%d THEN $%d ELSE 0 END DESC, rs.lottery`, n+1, n+2, n+3, n+4, n+5)
		w.args = append(w.args, r.Weights.Academic, f.OfferID, r.Weights.Interview, region, r.Weights.SameRegion)
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+resultColumns+resultFrom+w.sql()+order+limit, args...)
	if err != nil {
		return list, err
	}
	items, err := collect(rows, scanResult)
	if err != nil {
		return list, err
	}
	if err := s.loadChoices(ctx, r, items); err != nil {
		return list, err
	}
	list.Items = make([]domain.RoundResult, len(items))
	for i, it := range items {
		list.Items[i] = it.RoundResult
	}
	return list, nil
}

// placementIn reads a student's placement in a published round for a
// decision, locking it. ENOTFOUND for an unknown round or a student not in
// it; ECONFLICT when the round is not published (error.round.state), the
// student was not placed (error.round.not_placed) or has decided already
// (error.round.placement with {status}).
func (s *Store) placementIn(ctx context.Context, tx *sql.Tx, roundID, studentID int64) (domain.Round, roundStudent, error) {
	r, err := roundIn(ctx, tx, roundID, s.forShare())
	if err != nil {
		return r, roundStudent{}, err
	}
	rs, err := s.roundStudentIn(ctx, tx, roundID, studentID)
	if domain.ErrorCode(err) == domain.ECONFLICT {
		err = domain.NotFound("round_result")
	}
	if err != nil {
		return r, rs, err
	}
	switch {
	case r.Status != domain.RoundPublished:
		return r, rs, roundStateError(r.Status)
	case rs.offerID == 0:
		return r, rs, domain.Errorf(domain.ECONFLICT, "error.round.not_placed", "the student was not placed in this round")
	case rs.status != domain.PlacementOffered:
		return r, rs, domain.Errorf(domain.ECONFLICT, "error.round.placement", "the placement is %s already", rs.status).
			With("status", string(rs.status))
	}
	return r, rs, nil
}

// placement is a decision on a placement as the audit log records it.
type placement struct {
	RoundID     int64                  `json:"round_id"`
	StudentID   int64                  `json:"student_id"`
	OfferID     int64                  `json:"offer_id"`
	Status      domain.PlacementStatus `json:"status"`
	AgreementID int64                  `json:"agreement_id,omitempty"`
}

// decidePlacement moves an offered placement to the state to and audits it.
func (s *Store) decidePlacement(ctx context.Context, tx *sql.Tx, roundID, studentID int64, rs roundStudent,
	action string, to domain.PlacementStatus, agreementID int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE round_students SET status = $3, agreement_id = $4
		WHERE round_id = $1 AND student_id = $2 AND status = 'offered'`, roundID, studentID, string(to), nullID(agreementID))
	if err := oneRow(res, err, domain.Errorf(domain.ECONFLICT, "error.round.placement", "the placement was decided meanwhile").
		With("status", string(to))); err != nil {
		return err
	}
	before := placement{RoundID: roundID, StudentID: studentID, OfferID: rs.offerID, Status: rs.status}
	after := before
	after.Status, after.AgreementID = to, agreementID
	return s.audit(ctx, tx, change{action: action, recordType: "placement", recordID: fmt.Sprintf("%d/%d", roundID, studentID),
		before: before, after: after, regionID: rs.regionID, collegeID: rs.collegeID})
}

// AcceptPlacement accepts a student's published placement and creates the
// draft agreement from the offer, as AcceptApplication does, returning the
// agreement's ID. ENOTFOUND for an unknown round or a student not in it;
// ECONFLICT when the round is not published (error.round.state), the
// student was not placed (error.round.not_placed) or decided already
// (error.round.placement), the offer has closed since (error.offer.state)
// or has no place left (error.offer.full: applications may have been
// accepted meanwhile), or the student has a live agreement
// (error.agreement.live).
func (s *Store) AcceptPlacement(ctx context.Context, roundID, studentID int64) (int64, error) {
	var agreementID int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, rs, err := s.placementIn(ctx, tx, roundID, studentID)
		if err != nil {
			return err
		}
		// Serialises acceptances for one offer, as in AcceptApplication.
		if _, err := tx.ExecContext(ctx, `UPDATE offers SET updated_at = updated_at WHERE id = $1`, rs.offerID); err != nil {
			return err
		}
		o, err := offerIn(ctx, tx, rs.offerID)
		if err != nil {
			return err
		}
		if o.Status != domain.OfferOpen {
			return offerStateError(o.Status)
		}
		// Accepted counts the applications and the placements accepted.
		if o.Accepted >= o.Capacity {
			return domain.Errorf(domain.ECONFLICT, "error.offer.full", "all %d places of the offer are taken", o.Capacity)
		}
		a := domain.Agreement{StudentID: studentID, EnterpriseID: o.EnterpriseID, OfferID: o.ID,
			Position: positionFor(o), StartsOn: o.StartsOn, EndsOn: o.EndsOn, Weekdays: o.Weekdays,
			HoursPerWeek: o.HoursPerWeek, StipendTenge: o.StipendTenge, Status: domain.AgreementDraft, Version: 1}
		if err := s.insertAgreement(ctx, tx, &a); err != nil {
			return err
		}
		agreementID = a.ID
		return s.decidePlacement(ctx, tx, roundID, studentID, rs, "accept", domain.PlacementAccepted, a.ID)
	})
	if err != nil {
		return 0, err
	}
	return agreementID, nil
}

// DeclinePlacement declines a student's published placement; the seat goes
// to a supplementary round. Errors as for AcceptPlacement's placement.
func (s *Store) DeclinePlacement(ctx context.Context, roundID, studentID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, rs, err := s.placementIn(ctx, tx, roundID, studentID)
		if err != nil {
			return err
		}
		return s.decidePlacement(ctx, tx, roundID, studentID, rs, "decline", domain.PlacementDeclined, 0)
	})
}
