package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// State-funded seats (migration 00010): the seats taken are counted by
// triggers on students, so every writer of students keeps them; this file
// sets the seats, reads them, and checks an enrolment before the student
// is written, so that a refusal says which seats are full instead of the
// constraint's bare "seats_overfill".

const seatColumns = `ss.college_id, ss.qualification_code, ss.year, ss.source, ss.seats, ss.filled, ss.region_id, ss.updated_at,
	c.name_kk, c.name_ru, c.name_en, ` + codeNames

// codeNames are the names of ss.qualification_code: a qualification's, or
// a specialty's for programmes that name no qualification.
const codeNames = `COALESCE(q.name_kk, sp.name_kk, ''), COALESCE(q.name_ru, sp.name_ru, ''), COALESCE(q.name_en, sp.name_en, '')`

const seatFrom = ` FROM state_seats ss JOIN colleges c ON c.id = ss.college_id
	LEFT JOIN qualifications q ON q.code = ss.qualification_code
	LEFT JOIN specialties sp ON sp.code = ss.qualification_code`

func scanSeats(r interface{ Scan(...any) error }) (domain.StateSeats, error) {
	var s domain.StateSeats
	var source string
	err := r.Scan(&s.CollegeID, &s.QualificationCode, &s.Year, &source, &s.Seats, &s.Filled, &s.RegionID, timeScanner{&s.UpdatedAt},
		&s.College.KK, &s.College.RU, &s.College.EN, &s.Qualification.KK, &s.Qualification.RU, &s.Qualification.EN)
	s.Source = domain.SeatSource(source)
	return s, err
}

// seatOrders are the ORDER BY of domain.SeatSorts.
var seatOrders = map[string]string{
	"qualification": " ORDER BY ss.qualification_code, ss.year DESC, ss.source, ss.college_id",
	// Per mille taken, so that both databases sort by integers.
	"-fill": " ORDER BY ss.filled * 1000 / (CASE WHEN ss.seats = 0 THEN 1 ELSE ss.seats END) DESC, ss.qualification_code, ss.year DESC, ss.source, ss.college_id",
	"-year": " ORDER BY ss.year DESC, ss.qualification_code, ss.source, ss.college_id",
}

// Seats returns a page of seats.
func (s *Store) Seats(ctx context.Context, f domain.SeatFilter) (domain.List[domain.StateSeats], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.StateSeats]{}, err
	}
	var w where
	if f.RegionID != 0 {
		w.add("ss.region_id = ?", f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("ss.college_id = ?", f.CollegeID)
	}
	if f.Year != 0 {
		w.add("ss.year = ?", f.Year)
	}
	if f.Source != "" {
		w.add("ss.source = ?", string(f.Source))
	}
	if f.Qualification != "" {
		w.add("ss.qualification_code = ?", f.Qualification)
	}
	list := domain.List[domain.StateSeats]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM state_seats ss`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+seatColumns+seatFrom+w.sql()+seatOrders[f.Sort]+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanSeats)
	return list, err
}

// seatKey names a row of state_seats in the audit log.
func seatKey(st *domain.StateSeats) string {
	return fmt.Sprintf("%d/%s/%d/%s", st.CollegeID, st.QualificationCode, st.Year, st.Source)
}

// SetSeats sets the seats of a college, qualification, year and source.
// A new row starts with the students already enrolled on it.
func (s *Store) SetSeats(ctx context.Context, st *domain.StateSeats) error {
	if err := st.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT region_id, name_kk, name_ru, name_en FROM colleges WHERE id = $1`, st.CollegeID).
			Scan(&st.RegionID, &st.College.KK, &st.College.RU, &st.College.EN); errors.Is(err, sql.ErrNoRows) {
			return domain.Invalid("college_id", "error.college.unknown", "unknown college")
		} else if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT `+codeNames+` FROM (SELECT 1) one
			LEFT JOIN qualifications q ON q.code = $1 LEFT JOIN specialties sp ON sp.code = $1
			WHERE q.code IS NOT NULL OR sp.code IS NOT NULL`, st.QualificationCode).
			Scan(&st.Qualification.KK, &st.Qualification.RU, &st.Qualification.EN); errors.Is(err, sql.ErrNoRows) {
			return domain.Invalid("qualification_code", "error.qualification.unknown", "unknown qualification")
		} else if err != nil {
			return err
		}
		before, err := s.seatsIn(ctx, tx, st)
		found := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if found {
			st.Filled = before.Filled
		} else if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM students s
				JOIN programmes p ON p.id = s.programme_id JOIN study_groups g ON g.id = s.group_id
				WHERE s.college_id = $1 AND COALESCE(p.qualification_code, p.specialty_code) = $2 AND g.intake_year = $3
					AND COALESCE(s.seat_source, '`+string(domain.DefaultSeatSource)+`') = $4
					AND s.funding = 'state' AND s.status <> 'expelled'`,
			st.CollegeID, st.QualificationCode, st.Year, string(st.Source)).Scan(&st.Filled); err != nil {
			return err
		}
		if st.Seats < st.Filled {
			return domain.Errorf(domain.ECONFLICT, "error.seats.below_filled", "%d seats are taken already", st.Filled).
				With("filled", strconv.Itoa(st.Filled))
		}
		st.UpdatedAt = s.Now().UTC()
		if _, err := tx.ExecContext(ctx, `INSERT INTO state_seats (college_id, qualification_code, year, source, seats, filled, region_id, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (college_id, qualification_code, year, source) DO UPDATE SET seats = excluded.seats, updated_at = excluded.updated_at`,
			st.CollegeID, st.QualificationCode, st.Year, string(st.Source), st.Seats, st.Filled, st.RegionID, timeParam(st.UpdatedAt)); err != nil {
			return err
		}
		c := change{action: "create", recordType: "state_seats", recordID: seatKey(st), after: st, regionID: st.RegionID, collegeID: st.CollegeID}
		if found {
			c.action, c.before = "update", before
		}
		return s.audit(ctx, tx, c)
	})
}

// seatsIn reads one row of seats inside tx, locking it on PostgreSQL;
// sql.ErrNoRows if there is none.
func (s *Store) seatsIn(ctx context.Context, tx *sql.Tx, key *domain.StateSeats) (domain.StateSeats, error) {
	lock := ""
	if s.dialect.name == "postgres" {
		lock = " FOR UPDATE OF ss"
	}
	return scanSeats(tx.QueryRowContext(ctx, `SELECT `+seatColumns+seatFrom+`
		WHERE ss.college_id = $1 AND ss.qualification_code = $2 AND ss.year = $3 AND ss.source = $4`+lock,
		key.CollegeID, key.QualificationCode, key.Year, string(key.Source)))
}

// SeatOverview totals the seats of a year: the nation's by region, a
// region's by college. It reads a year's rows of state_seats (some ten
// thousand for the country) from their covering index, grouped in the
// database.
func (s *Store) SeatOverview(ctx context.Context, f domain.SeatOverviewFilter) (domain.SeatOverview, error) {
	o := domain.SeatOverview{RegionID: f.RegionID, Year: f.Year, Years: []int{}, Rows: []domain.SeatTotal{}}
	years, err := s.yearsOf(ctx, "state_seats", f.RegionID)
	if err != nil {
		return o, err
	}
	o.Years = years
	if o.Year == 0 && len(o.Years) > 0 {
		o.Year = o.Years[0]
	}
	// Summed from the covering index first, named after.
	query := `SELECT t.region_id, 0, r.name_kk, r.name_ru, r.name_en, t.source, t.seats, t.filled
		FROM (SELECT region_id, source, sum(seats) AS seats, sum(filled) AS filled FROM state_seats WHERE year = $1
			GROUP BY region_id, source) t
		JOIN regions r ON r.id = t.region_id`
	args := []any{o.Year}
	if f.RegionID != 0 {
		query = `SELECT t.region_id, t.college_id, c.name_kk, c.name_ru, c.name_en, t.source, t.seats, t.filled
			FROM (SELECT region_id, college_id, source, sum(seats) AS seats, sum(filled) AS filled FROM state_seats
				WHERE year = $1 AND region_id = $2 GROUP BY region_id, college_id, source) t
			JOIN colleges c ON c.id = t.college_id`
		args = append(args, f.RegionID)
	}
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return o, err
	}
	defer rows.Close()
	at := map[[2]int64]int{}
	for rows.Next() {
		var t domain.SeatTotal
		var source string
		var seats, filled int
		if err := rows.Scan(&t.RegionID, &t.CollegeID, &t.Name.KK, &t.Name.RU, &t.Name.EN, &source, &seats, &filled); err != nil {
			return o, err
		}
		key := [2]int64{int64(t.RegionID), t.CollegeID}
		i, ok := at[key]
		if !ok {
			i = len(o.Rows)
			at[key] = i
			o.Rows = append(o.Rows, t)
		}
		o.Rows[i].Add(domain.SeatSource(source), seats, filled)
		o.Total.Add(domain.SeatSource(source), seats, filled)
	}
	if err := rows.Err(); err != nil {
		return o, err
	}
	keys := make(map[[2]int64]string, len(o.Rows))
	for _, t := range o.Rows {
		keys[[2]int64{int64(t.RegionID), t.CollegeID}] = domain.SearchKey(t.Name.RU)
	}
	slices.SortFunc(o.Rows, func(a, b domain.SeatTotal) int {
		return cmp.Or(compareKeys(keys[[2]int64{int64(a.RegionID), a.CollegeID}], keys[[2]int64{int64(b.RegionID), b.CollegeID}]),
			cmp.Compare(a.CollegeID, b.CollegeID))
	})
	return o, nil
}

// compareKeys orders search keys bytewise, as the database does.
func compareKeys(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// takeStateSeat applies the rules of state funding (domain/seats.go) to a
// student about to be enrolled, inside the enrolment's transaction: the
// free first profession, then a free seat of the student's college,
// qualification, year of intake and source, choosing the source when the
// student names none. The row is locked on PostgreSQL, so two enrolments
// cannot take its last seat twice; the trigger counts the seat when the
// student is written. ECONFLICT error.seats.first_profession,
// error.seats.none or error.seats.full, naming the college, the
// qualification and the year.
func (s *Store) takeStateSeat(ctx context.Context, tx *sql.Tx, st *domain.Student) error {
	if st.Funding != domain.FundingState {
		st.SeatSource = ""
		return nil
	}
	var number string
	err := tx.QueryRowContext(ctx, `SELECT number FROM tvet_diplomas WHERE iin = $1 ORDER BY awarded_on LIMIT 1`,
		st.IIN).Scan(&number)
	if err == nil {
		return domain.Errorf(domain.ECONFLICT, "error.seats.first_profession",
			"the person already holds a TVET qualification (diploma %s): a second profession is not state-funded", number).
			With("number", number)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	key := domain.StateSeats{CollegeID: st.CollegeID}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(p.qualification_code, p.specialty_code), g.intake_year, c.name_kk, c.name_ru, c.name_en,
			COALESCE(q.name_kk, sp.name_kk), COALESCE(q.name_ru, sp.name_ru), COALESCE(q.name_en, sp.name_en)
		FROM study_groups g JOIN programmes p ON p.id = g.programme_id JOIN colleges c ON c.id = g.college_id
		JOIN specialties sp ON sp.code = p.specialty_code LEFT JOIN qualifications q ON q.code = p.qualification_code
		WHERE g.id = $1`, st.GroupID).Scan(&key.QualificationCode, &key.Year, &key.College.KK, &key.College.RU, &key.College.EN,
		&key.Qualification.KK, &key.Qualification.RU, &key.Qualification.EN); err != nil {
		return err
	}
	lock := ""
	if s.dialect.name == "postgres" {
		lock = " FOR UPDATE"
	}
	rows, err := tx.QueryContext(ctx, `SELECT source, seats, filled FROM state_seats
		WHERE college_id = $1 AND year = $2 AND qualification_code = $3`+lock, key.CollegeID, key.Year, key.QualificationCode)
	if err != nil {
		return err
	}
	free := map[domain.SeatSource]int{}
	total, taken := 0, 0
	for rows.Next() {
		var source string
		var seats, filled int
		if err := rows.Scan(&source, &seats, &filled); err != nil {
			rows.Close()
			return err
		}
		free[domain.SeatSource(source)] = seats - filled
		total, taken = total+seats, taken+filled
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(free) == 0 {
		var planned int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM state_seats WHERE college_id = $1 AND year = $2`,
			key.CollegeID, key.Year).Scan(&planned); err != nil {
			return err
		}
		if planned == 0 {
			// The college's order for the year is not on record: not checked.
			return nil
		}
		return seatError("error.seats.none", "no state-funded seats", &key, 0, 0)
	}
	if st.SeatSource == "" {
		for _, p := range domain.SeatSources {
			if free[p.Source] > 0 {
				st.SeatSource = p.Source
				return nil
			}
		}
		return seatError("error.seats.full", "every state-funded seat is taken", &key, total, taken)
	}
	if free[st.SeatSource] <= 0 {
		key.Source = st.SeatSource
		return seatError("error.seats.source_full", "every state-funded seat of the source is taken", &key, total, taken).
			WithNames("source", st.SeatSource.Name())
	}
	return nil
}

// seatError is a refused enrolment naming the college, the qualification
// (both in the reader's language) and the year.
func seatError(key, message string, k *domain.StateSeats, seats, filled int) *domain.Error {
	return domain.Errorf(domain.ECONFLICT, key, "%s: %s, %s, %d", message, k.College.RU, k.QualificationCode, k.Year).
		WithNames("college", k.College).WithNames("qualification", k.Qualification).
		With("code", k.QualificationCode).With("year", strconv.Itoa(k.Year)).
		With("seats", strconv.Itoa(seats)).With("filled", strconv.Itoa(filled))
}

// InsertSeats writes rows of seats for the demo generator and counts the
// students already enrolled on them, in one transaction with one audit
// entry; EINVALID for a bad row, the constraint's error for fewer seats
// than students.
func (s *Store) InsertSeats(ctx context.Context, rows []domain.StateSeats) error {
	now := timeParam(s.Now())
	return s.tx(ctx, func(tx *sql.Tx) error {
		err := s.insertIn(ctx, tx, "state_seats", []string{"college_id", "qualification_code", "year", "source", "seats", "filled", "region_id", "updated_at"},
			"(?, ?, ?, ?, ?, 0, (SELECT region_id FROM colleges WHERE id = ?), ?)", len(rows), func(i int) ([]any, error) {
				r := &rows[i]
				if err := r.Validate(); err != nil {
					return nil, err
				}
				return []any{r.CollegeID, r.QualificationCode, r.Year, string(r.Source), r.Seats, r.CollegeID, now}, nil
			})
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		low, high := rows[0].CollegeID, rows[0].CollegeID
		for _, r := range rows {
			low, high = min(low, r.CollegeID), max(high, r.CollegeID)
		}
		if err := recountSeats(ctx, tx, low, high); err != nil {
			return err
		}
		return s.auditBatch(ctx, tx, "state_seats", map[string]int{"rows": len(rows)})
	})
}

// recountSeats counts again the students on the rows of seats of the
// colleges with IDs low to high, in one pass over their state-funded
// students.
func recountSeats(ctx context.Context, tx *sql.Tx, low, high int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE state_seats SET filled = d.n
		FROM (SELECT s.college_id, COALESCE(p.qualification_code, p.specialty_code) AS q, g.intake_year AS y,
				COALESCE(s.seat_source, '`+string(domain.DefaultSeatSource)+`') AS src, count(*) AS n
			FROM students s JOIN programmes p ON p.id = s.programme_id JOIN study_groups g ON g.id = s.group_id
			WHERE s.funding = 'state' AND s.status <> 'expelled' AND s.college_id BETWEEN $1 AND $2
			GROUP BY s.college_id, COALESCE(p.qualification_code, p.specialty_code), g.intake_year,
				COALESCE(s.seat_source, '`+string(domain.DefaultSeatSource)+`')) d
		WHERE state_seats.college_id = d.college_id AND state_seats.qualification_code = d.q
			AND state_seats.year = d.y AND state_seats.source = d.src AND state_seats.filled <> d.n`, low, high)
	return err
}

// InsertDiplomas writes diplomas people already hold, for the demo
// generator and loads of the archive; one audit entry per batch.
func (s *Store) InsertDiplomas(ctx context.Context, rows []domain.Diploma) error {
	now := timeParam(s.Now())
	return s.insertRows(ctx, "tvet_diplomas", []string{"iin", "number", "qualification_code", "awarded_on", "created_at"},
		len(rows), func(i int) ([]any, error) {
			d := &rows[i]
			if err := d.Validate(); err != nil {
				return nil, err
			}
			return []any{d.IIN, d.Number, nullString(d.QualificationCode), dateParam(d.AwardedOn), now}, nil
		})
}
