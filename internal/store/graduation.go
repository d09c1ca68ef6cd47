package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Graduation and verified employment (migration 00009; the definition is
// domain/graduation.go's). The rates are read from employment_outcomes,
// counts per college, qualification, dual or not and day of graduation
// that include every point whether reached or not; the report picks the
// days whose points have come. The counts change in three ways:
//
//   - a graduation adds its graduates to them, in its own transaction;
//   - an import of employment records moves the register's newest
//     updated_at or id, which the counts remember: the next report sees
//     that and counts everything again (recount) before it reads;
//   - RefreshEmploymentOutcomes counts everything again on demand (the
//     demo generator, after writing graduates and their contracts).
//
// A recount and a graduation both lock employment_outcomes_state's one row
// first, so on PostgreSQL they never interleave; SQLite's writer is
// serial anyway.

// GraduateGroup marks the group's studying students graduated on the day,
// with an audit entry per student, and adds them to the counts of the
// employment rates.
func (s *Store) GraduateGroup(ctx context.Context, groupID int64, on time.Time) (domain.Graduation, error) {
	on = domain.Date(on)
	g := domain.Graduation{GroupID: groupID, GraduatedOn: on}
	if err := domain.GraduationDay(on, s.today()); err != nil {
		return g, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockOutcomes(ctx, tx); err != nil {
			return err
		}
		var collegeID int64
		var regionID int
		err := tx.QueryRowContext(ctx, `SELECT g.college_id, c.region_id FROM study_groups g JOIN colleges c ON c.id = g.college_id
			WHERE g.id = $1`, groupID).Scan(&collegeID, &regionID)
		if err != nil {
			return notFound(err, "group")
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, status, enrolled_on FROM students WHERE group_id = $1 ORDER BY id`, groupID)
		if err != nil {
			return err
		}
		type member struct {
			id       int64
			status   string
			enrolled time.Time
		}
		members, err := collect(rows, func(r interface{ Scan(...any) error }) (member, error) {
			var m member
			return m, r.Scan(&m.id, &m.status, timeScanner{&m.enrolled})
		})
		if err != nil {
			return err
		}
		var ids []int64
		for _, m := range members {
			if m.status != domain.StatusStudying {
				g.Skipped++
				continue
			}
			if !on.After(m.enrolled) {
				return domain.Invalid("graduated_on", "error.graduation.before_enrolment",
					"the day of graduation must be after every graduate's enrolment").With("date", dateParam(m.enrolled))
			}
			ids = append(ids, m.id)
		}
		if len(ids) == 0 {
			return domain.Errorf(domain.ECONFLICT, "error.graduation.none", "nobody in the group is studying: there is nobody to graduate")
		}
		g.Graduated = len(ids)
		in, args := inList([]any{dateParam(on)}, ids)
		if _, err := tx.ExecContext(ctx, `UPDATE students SET status = 'graduated', graduated_on = $1 WHERE id IN `+in, args...); err != nil {
			return err
		}
		if err := s.keepGraduationDates(ctx, tx, []time.Time{on}); err != nil {
			return err
		}
		in, args = inList(nil, ids)
		if _, err := tx.ExecContext(ctx, `INSERT INTO employment_outcomes (`+outcomeColumns+`) `+outcomeCounts(" AND s.id IN "+in)+`
			ON CONFLICT (college_id, qualification_code, dual, graduated_on) DO UPDATE SET
				graduates = employment_outcomes.graduates + excluded.graduates,
				employed_3 = employment_outcomes.employed_3 + excluded.employed_3,
				employed_6 = employment_outcomes.employed_6 + excluded.employed_6,
				employed_12 = employment_outcomes.employed_12 + excluded.employed_12`, args...); err != nil {
			return err
		}
		for _, id := range ids {
			if err := s.audit(ctx, tx, change{action: "graduate", recordType: "student", recordID: id,
				before:   map[string]any{"status": domain.StatusStudying},
				after:    map[string]any{"status": domain.StatusGraduated, "graduated_on": dateParam(on)},
				regionID: regionID, collegeID: collegeID}); err != nil {
				return err
			}
		}
		return nil
	})
	return g, err
}

// outcomeColumns are employment_outcomes' columns in outcomeCounts' order.
const outcomeColumns = `college_id, region_id, qualification_code, dual, graduated_on, graduates, employed_3, employed_6, employed_12`

// outcomeCounts counts graduates and their employment at each point, per
// college, qualification, dual or not and day of graduation; restrict adds
// to the condition on students s. Each graduate is checked in the
// register by IIN at the days graduation_dates gives (domain.PointDate),
// with the test of domain.EmploymentRecord.Covers; dual is the domain's
// definition: an agreement that became active, or an enterprise recorded.
func outcomeCounts(restrict string) string {
	employedAt := func(day string) string {
		return `CASE WHEN EXISTS (SELECT 1 FROM employment_records e WHERE e.iin = s.iin AND e.starts_on <= ` + day +
			` AND (e.ends_on IS NULL OR e.ends_on >= ` + day + `)) THEN 1 ELSE 0 END`
	}
	return `SELECT college_id, region_id, qualification_code, dual, graduated_on, count(*), sum(e3), sum(e6), sum(e12)
		FROM (SELECT s.college_id, c.region_id, COALESCE(p.qualification_code, p.specialty_code) AS qualification_code,
				` + dualGraduate + ` AS dual, s.graduated_on,
				` + employedAt("d.point_3") + ` AS e3,
				` + employedAt("d.point_6") + ` AS e6,
				` + employedAt("d.point_12") + ` AS e12
			FROM students s
			JOIN graduation_dates d ON d.graduated_on = s.graduated_on
			JOIN colleges c ON c.id = s.college_id
			JOIN programmes p ON p.id = s.programme_id
			WHERE s.graduated_on IS NOT NULL AND s.status = 'graduated'` + restrict + `) g
		GROUP BY college_id, region_id, qualification_code, dual, graduated_on`
}

// dualGraduate is 1 for a graduate who trained at an enterprise under a
// signed dual-training agreement (see domain/graduation.go), else 0.
const dualGraduate = `CASE WHEN s.enterprise_id IS NOT NULL
	OR EXISTS (SELECT 1 FROM agreements a WHERE a.student_id = s.id AND a.active_on IS NOT NULL) THEN 1 ELSE 0 END`

// lockOutcomes takes the row that serialises changes of the counts.
func (s *Store) lockOutcomes(ctx context.Context, tx *sql.Tx) error {
	var id int
	return tx.QueryRowContext(ctx, `SELECT id FROM employment_outcomes_state WHERE id = 1`+s.forUpdate()).Scan(&id)
}

// keepGraduationDates records the points of each day of graduation.
func (s *Store) keepGraduationDates(ctx context.Context, tx *sql.Tx, days []time.Time) error {
	for _, d := range days {
		if _, err := tx.ExecContext(ctx, `INSERT INTO graduation_dates (graduated_on, point_3, point_6, point_12)
			VALUES ($1, $2, $3, $4) ON CONFLICT (graduated_on) DO NOTHING`, dateParam(d),
			dateParam(domain.PointDate(d, 3)), dateParam(domain.PointDate(d, 6)), dateParam(domain.PointDate(d, 12))); err != nil {
			return err
		}
	}
	return nil
}

// registerMark is what the counts remember of the register: its newest
// change and its newest record. Records are only ever added or changed
// (the import upserts), so a new or changed record moves one of them.
type registerMark struct {
	at time.Time // zero for an empty register
	id int64
}

func readRegisterMark(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (registerMark, error) {
	var m registerMark
	var id sql.NullInt64
	// Two subqueries, not one SELECT of two aggregates: SQLite answers a
	// lone max() from the index's end, two of them by reading every row.
	err := q.QueryRowContext(ctx, `SELECT (SELECT max(updated_at) FROM employment_records),
		(SELECT max(id) FROM employment_records)`).Scan(timeScanner{&m.at}, &id)
	m.id = id.Int64
	return m, err
}

// outcomesStale reports whether the counts must be made again: never made
// since a bulk load, or made from another state of the register.
func (s *Store) outcomesStale(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (bool, error) {
	now, err := readRegisterMark(ctx, q)
	if err != nil {
		return false, err
	}
	var counted registerMark
	var refreshed time.Time
	var id sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT records_at, records_id, refreshed_at FROM employment_outcomes_state WHERE id = 1`).
		Scan(timeScanner{&counted.at}, &id, timeScanner{&refreshed}); err != nil {
		return false, err
	}
	counted.id = id.Int64
	return refreshed.IsZero() || !counted.at.Equal(now.at) || counted.id != now.id, nil
}

// RefreshEmploymentOutcomes counts every graduate's employment again.
func (s *Store) RefreshEmploymentOutcomes(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockOutcomes(ctx, tx); err != nil {
			return err
		}
		return s.recount(ctx, tx)
	})
}

// refreshIfStale recounts when the register moved since the last count;
// of two readers that both find it so, the second finds it done. The
// recount takes seconds at national scale, and goes on if the reader who
// started it leaves: the next one would otherwise start again.
func (s *Store) refreshIfStale(ctx context.Context) error {
	stale, err := s.outcomesStale(ctx, s.read)
	if err != nil || !stale {
		return err
	}
	ctx = context.WithoutCancel(ctx)
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockOutcomes(ctx, tx); err != nil {
			return err
		}
		if stale, err := s.outcomesStale(ctx, tx); err != nil || !stale {
			return err
		}
		return s.recount(ctx, tx)
	})
}

// recount makes the counts again from the registry and the register, in
// tx, which holds the state's lock. The register's mark is read first: a
// contract imported meanwhile then makes the next reader count again,
// rather than being missed.
func (s *Store) recount(ctx context.Context, tx *sql.Tx) error {
	mark, err := readRegisterMark(ctx, tx)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT graduated_on FROM students WHERE graduated_on IS NOT NULL`)
	if err != nil {
		return err
	}
	days, err := collect(rows, func(r interface{ Scan(...any) error }) (time.Time, error) {
		var d time.Time
		return d, r.Scan(timeScanner{&d})
	})
	if err != nil {
		return err
	}
	if err := s.keepGraduationDates(ctx, tx, days); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM employment_outcomes`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO employment_outcomes (`+outcomeColumns+`) `+outcomeCounts("")); err != nil {
		return fmt.Errorf("count employment outcomes: %w", err)
	}
	// The planner's statistics of a table just rewritten (milliseconds).
	if _, err := tx.ExecContext(ctx, `ANALYZE employment_outcomes`); err != nil {
		return err
	}
	var at any
	if !mark.at.IsZero() {
		at = timeParam(mark.at)
	}
	_, err = tx.ExecContext(ctx, `UPDATE employment_outcomes_state SET records_at = $1, records_id = $2, refreshed_at = $3 WHERE id = 1`,
		at, mark.id, timeParam(s.Now()))
	return err
}

// pointCutoffs are, for each point, the last day of graduation whose point
// has come by today ("0001-01-01" when none has), and the years of
// graduation on record, newest first.
func (s *Store) pointCutoffs(ctx context.Context, today time.Time) ([len(domain.EmploymentPoints)]string, []int, error) {
	var cut [len(domain.EmploymentPoints)]string
	for i := range cut {
		cut[i] = "0001-01-01"
	}
	rows, err := s.read.QueryContext(ctx, `SELECT graduated_on, point_3, point_6, point_12 FROM graduation_dates ORDER BY graduated_on`)
	if err != nil {
		return cut, nil, err
	}
	defer rows.Close()
	var years []int
	for rows.Next() {
		var day time.Time
		var points [len(domain.EmploymentPoints)]time.Time
		if err := rows.Scan(timeScanner{&day}, timeScanner{&points[0]}, timeScanner{&points[1]}, timeScanner{&points[2]}); err != nil {
			return cut, nil, err
		}
		for i, p := range points {
			if !p.After(today) {
				cut[i] = dateParam(day)
			}
		}
		if !slices.Contains(years, day.Year()) {
			years = append(years, day.Year())
		}
	}
	slices.Reverse(years)
	return cut, years, rows.Err()
}

// EmploymentReport counts the graduates the filter selects and their
// employment at each point that has come, broken down by region (the
// country) or college (a region), by qualification and by dual or not,
// with the country's figures and the published ones beside.
func (s *Store) EmploymentReport(ctx context.Context, f domain.EmploymentFilter) (domain.EmploymentReport, error) {
	rep := domain.EmploymentReport{Filter: f, Total: domain.NewEmploymentFigures(), Dual: domain.NewEmploymentFigures(),
		NonDual: domain.NewEmploymentFigures(), Areas: []domain.EmploymentGroup{}, Qualifications: []domain.EmploymentGroup{}}
	if err := f.Validate(); err != nil {
		return rep, err
	}
	if err := s.refreshIfStale(ctx); err != nil {
		return rep, err
	}
	rep.AsOf = s.today()
	cut, years, err := s.pointCutoffs(ctx, rep.AsOf)
	if err != nil {
		return rep, err
	}
	rep.Cohorts = years
	if rep.Cohorts == nil {
		rep.Cohorts = []int{}
	}
	area := "o.region_id"
	if f.RegionID != 0 || f.CollegeID != 0 {
		area = "o.college_id"
	}
	w := reportWhere(cut, f)
	rows, err := s.read.QueryContext(ctx, `SELECT `+area+`, o.qualification_code, o.dual, `+outcomeSums+`
		FROM employment_outcomes o`+w.sql()+`
		GROUP BY `+area+`, o.qualification_code, o.dual`, w.args...)
	if err != nil {
		return rep, err
	}
	areas := map[string]*domain.EmploymentGroup{}
	quals := map[string]*domain.EmploymentGroup{}
	group := func(m map[string]*domain.EmploymentGroup, key string) *domain.EmploymentGroup {
		g, ok := m[key]
		if !ok {
			g = &domain.EmploymentGroup{Key: key, EmploymentFigures: domain.NewEmploymentFigures()}
			m[key] = g
		}
		return g
	}
	defer rows.Close()
	for rows.Next() {
		var areaID int64
		var qual string
		var dual int
		fig, err := scanOutcomeSums(rows, &areaID, &qual, &dual)
		if err != nil {
			return rep, err
		}
		rep.Total.Add(fig)
		if dual == 1 {
			rep.Dual.Add(fig)
		} else {
			rep.NonDual.Add(fig)
		}
		if f.CollegeID == 0 {
			group(areas, strconv.FormatInt(areaID, 10)).Add(fig)
		}
		group(quals, qual).Add(fig)
	}
	if err := rows.Err(); err != nil {
		return rep, err
	}
	rows.Close()
	rep.National = rep.Total
	if f.RegionID != 0 || f.CollegeID != 0 {
		w := reportWhere(cut, domain.EmploymentFilter{Cohort: f.Cohort})
		fig, err := scanOutcomeSums(s.read.QueryRowContext(ctx, `SELECT `+outcomeSums+` FROM employment_outcomes o`+w.sql(), w.args...))
		if err != nil {
			return rep, err
		}
		rep.National = fig
	}
	if rep.Areas, err = s.nameAreas(ctx, f, areas); err != nil {
		return rep, err
	}
	if rep.Qualifications, err = s.nameQualifications(ctx, quals); err != nil {
		return rep, err
	}
	rep.Published, err = s.publishedEmployment(ctx)
	return rep, err
}

// reportWhere selects the counts of a report, after the cutoffs of
// outcomeSums ($1–$3).
func reportWhere(cut [len(domain.EmploymentPoints)]string, f domain.EmploymentFilter) *where {
	w := &where{args: []any{cut[0], cut[1], cut[2]}}
	if f.Cohort != 0 {
		w.add("o.graduated_on >= ? AND o.graduated_on < ?", fmt.Sprintf("%04d-01-01", f.Cohort), fmt.Sprintf("%04d-01-01", f.Cohort+1))
	}
	if f.RegionID != 0 {
		w.add("o.region_id = ?", f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("o.college_id = ?", f.CollegeID)
	}
	return w
}

// outcomeSums add up the counts, taking a point's counts only from the
// days of graduation up to its cutoff ($1, $2, $3: see pointCutoffs).
const outcomeSums = `COALESCE(sum(o.graduates), 0),
	COALESCE(sum(CASE WHEN o.graduated_on <= $1 THEN o.graduates ELSE 0 END), 0),
	COALESCE(sum(CASE WHEN o.graduated_on <= $1 THEN o.employed_3 ELSE 0 END), 0),
	COALESCE(sum(CASE WHEN o.graduated_on <= $2 THEN o.graduates ELSE 0 END), 0),
	COALESCE(sum(CASE WHEN o.graduated_on <= $2 THEN o.employed_6 ELSE 0 END), 0),
	COALESCE(sum(CASE WHEN o.graduated_on <= $3 THEN o.graduates ELSE 0 END), 0),
	COALESCE(sum(CASE WHEN o.graduated_on <= $3 THEN o.employed_12 ELSE 0 END), 0)`

// scanOutcomeSums scans the leading columns into lead, then outcomeSums.
func scanOutcomeSums(r interface{ Scan(...any) error }, lead ...any) (domain.EmploymentFigures, error) {
	f := domain.NewEmploymentFigures()
	dest := append(lead, &f.Graduates)
	for i := range f.Points {
		dest = append(dest, &f.Points[i].Reached, &f.Points[i].Employed)
	}
	return f, r.Scan(dest...)
}

// nameAreas names the regions or colleges of a report, ordered by key.
func (s *Store) nameAreas(ctx context.Context, f domain.EmploymentFilter, areas map[string]*domain.EmploymentGroup) ([]domain.EmploymentGroup, error) {
	out := []domain.EmploymentGroup{}
	if len(areas) == 0 {
		return out, nil
	}
	q, args := `SELECT id, name_kk, name_ru, name_en FROM regions`, []any(nil)
	if f.RegionID != 0 {
		q, args = `SELECT id, name_kk, name_ru, name_en FROM colleges WHERE region_id = $1`, []any{f.RegionID}
	}
	if err := s.nameGroups(ctx, q, args, areas); err != nil {
		return nil, err
	}
	for _, g := range areas {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b domain.EmploymentGroup) int {
		x, _ := strconv.ParseInt(a.Key, 10, 64)
		y, _ := strconv.ParseInt(b.Key, 10, 64)
		return int(x - y)
	})
	return out, nil
}

// nameQualifications names the qualifications (or specialties) of a
// report, ordered by code.
func (s *Store) nameQualifications(ctx context.Context, quals map[string]*domain.EmploymentGroup) ([]domain.EmploymentGroup, error) {
	out := []domain.EmploymentGroup{}
	if len(quals) == 0 {
		return out, nil
	}
	var codes, specs []any
	for code := range quals {
		if domain.IsSpecialtyCode(code) {
			specs = append(specs, code)
		} else {
			codes = append(codes, code)
		}
	}
	for _, part := range []struct {
		table string
		codes []any
	}{{"qualifications", codes}, {"specialties", specs}} {
		if len(part.codes) == 0 {
			continue
		}
		marks := make([]string, len(part.codes))
		for i := range marks {
			marks[i] = "$" + strconv.Itoa(i+1)
		}
		if err := s.nameGroups(ctx, `SELECT code, name_kk, name_ru, name_en FROM `+part.table+
			` WHERE code IN (`+strings.Join(marks, ", ")+`)`, part.codes, quals); err != nil {
			return nil, err
		}
	}
	for _, g := range quals {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b domain.EmploymentGroup) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// nameGroups sets the names of the groups a query of key and three names
// finds.
func (s *Store) nameGroups(ctx context.Context, q string, args []any, groups map[string]*domain.EmploymentGroup) error {
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var n domain.Names
		if err := rows.Scan(&key, &n.KK, &n.RU, &n.EN); err != nil {
			return err
		}
		if g, ok := groups[key]; ok {
			g.Name = n
		}
	}
	return rows.Err()
}

// publishedEmployment reads the published rates in the reference file's order.
func (s *Store) publishedEmployment(ctx context.Context) ([]domain.PublishedEmployment, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT period, rate, graduates, employed, publisher, source_url, note
		FROM published_employment ORDER BY position`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (domain.PublishedEmployment, error) {
		var p domain.PublishedEmployment
		return p, r.Scan(&p.Period, &p.Rate, &p.Graduates, &p.Employed, &p.Publisher, &p.SourceURL, &p.Note)
	})
}

// loadPublishedEmployment replaces the published rates with the shipped
// ones (part of loadReference).
func loadPublishedEmployment(ctx context.Context, tx *sql.Tx, figures []domain.PublishedEmployment) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM published_employment`); err != nil {
		return err
	}
	for i, p := range figures {
		if _, err := tx.ExecContext(ctx, `INSERT INTO published_employment
			(position, period, rate, graduates, employed, publisher, source_url, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			i+1, p.Period, p.Rate, p.Graduates, p.Employed, p.Publisher, p.SourceURL, p.Note); err != nil {
			return err
		}
	}
	return nil
}

// graduateColumns are a graduate's own columns; dualGraduate and the IIN
// come last.
const graduateColumns = `s.id, s.last_name, s.first_name, s.middle_name, s.college_id, s.group_id, g.code, s.graduated_on, ` +
	dualGraduate + `, s.iin`

const graduateFrom = ` FROM students s JOIN study_groups g ON g.id = s.group_id`

// graduateWhere selects graduates: a status of graduated and a day.
const graduateWhere = "s.graduated_on IS NOT NULL AND s.status = 'graduated'"

func scanGraduate(r interface{ Scan(...any) error }, iin *string) (domain.GraduateOutcome, error) {
	var o domain.GraduateOutcome
	var dual int
	err := r.Scan(&o.StudentID, &o.Name.Last, &o.Name.First, &o.Name.Middle, &o.CollegeID, &o.GroupID, &o.GroupCode,
		timeScanner{&o.GraduatedOn}, &dual, iin)
	o.Dual = dual == 1
	return o, err
}

// Graduates returns a page of graduates ordered by name, each with their
// status at the points.
func (s *Store) Graduates(ctx context.Context, f domain.GraduateFilter) (domain.List[domain.GraduateOutcome], error) {
	list := domain.List[domain.GraduateOutcome]{Items: []domain.GraduateOutcome{}}
	if err := f.Validate(); err != nil {
		return list, err
	}
	list.Page, list.Size = f.Page.Number, f.Page.Size
	w := &where{}
	w.add(graduateWhere)
	if f.CollegeID != 0 {
		w.add("s.college_id = ?", f.CollegeID)
	}
	if f.RegionID != 0 {
		w.add("s.college_id IN (SELECT id FROM colleges WHERE region_id = ?)", f.RegionID)
	}
	if f.Cohort != 0 {
		w.add("s.graduated_on >= ? AND s.graduated_on < ?", fmt.Sprintf("%04d-01-01", f.Cohort), fmt.Sprintf("%04d-01-01", f.Cohort+1))
	}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM students s`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+graduateColumns+graduateFrom+w.sql()+` ORDER BY s.search_key, s.id`+limit, args...)
	if err != nil {
		return list, err
	}
	var iins []string
	list.Items, err = collect(rows, func(r interface{ Scan(...any) error }) (domain.GraduateOutcome, error) {
		var iin string
		o, err := scanGraduate(r, &iin)
		iins = append(iins, iin)
		return o, err
	})
	if err != nil {
		return list, err
	}
	return list, s.fillOutcomes(ctx, list.Items, iins)
}

// GraduateOutcome returns one graduate's status at the points; ENOTFOUND
// for a student who is not a graduate with a day of graduation.
func (s *Store) GraduateOutcome(ctx context.Context, studentID int64) (domain.GraduateOutcome, error) {
	var iin string
	o, err := scanGraduate(s.read.QueryRowContext(ctx, `SELECT `+graduateColumns+graduateFrom+
		` WHERE s.id = $1 AND `+graduateWhere, studentID), &iin)
	if err != nil {
		return o, notFound(err, "graduate")
	}
	items := []domain.GraduateOutcome{o}
	err = s.fillOutcomes(ctx, items, []string{iin})
	return items[0], err
}

// fillOutcomes reads the contracts of the graduates (iins in the same
// order) and works out their points as of today.
func (s *Store) fillOutcomes(ctx context.Context, items []domain.GraduateOutcome, iins []string) error {
	if len(items) == 0 {
		return nil
	}
	args := make([]any, len(iins))
	marks := make([]string, len(iins))
	for i, iin := range iins {
		args[i], marks[i] = iin, "$"+strconv.Itoa(i+1)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT e.iin, e.employer_bin, e.starts_on, e.ends_on, e.position,
			COALESCE(en.name_kk, ''), COALESCE(en.name_ru, ''), COALESCE(en.name_en, '')
		FROM employment_records e LEFT JOIN enterprises en ON en.bin = e.employer_bin
		WHERE e.iin IN (`+strings.Join(marks, ", ")+`) ORDER BY e.iin, e.starts_on DESC`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	contracts := map[string][]domain.EmploymentRecord{}
	employers := map[string]domain.Names{}
	for rows.Next() {
		var c domain.EmploymentRecord
		var n domain.Names
		if err := rows.Scan(&c.IIN, &c.EmployerBIN, timeScanner{&c.StartsOn}, timeScanner{&c.EndsOn}, &c.Position,
			&n.KK, &n.RU, &n.EN); err != nil {
			return err
		}
		contracts[c.IIN] = append(contracts[c.IIN], c)
		employers[c.EmployerBIN] = n
	}
	if err := rows.Err(); err != nil {
		return err
	}
	today := s.today()
	for i := range items {
		items[i].Points = domain.Outcome(items[i].GraduatedOn, today, contracts[iins[i]])
		for j := range items[i].Points {
			if p := &items[i].Points[j]; p.Employed {
				p.Employer = employers[p.EmployerBIN]
			}
		}
	}
	return nil
}
