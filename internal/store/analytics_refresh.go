package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The dashboards' counts (migration 00011) are made whole by a refresh,
// like employment_outcomes, rather than kept up by triggers: the funnel's
// steps depend on the students, agreements, applications, rounds, logbook,
// assessments, contracts and the register of employment contracts, and on
// today (the logbook's weeks, the employment points), which no set of
// triggers could follow without slowing every write of those tables. A
// refresh counts the country in seconds; the dashboards then sum a few
// thousand rows and show when the counts were made. Counts are made
//
//   - by the first dashboard read after migration (the reader waits);
//   - when a reader finds them older than AnalyticsMaxAge or made before
//     today: the reader gets the counts as they are, with their time, and
//     a refresh starts in the background — a job for the whole cluster on
//     a serving node (OnStaleAnalytics), else one at a time per store;
//   - on demand, RefreshAnalytics: the demo generator after loading, and
//     tests.

// AnalyticsMaxAge is how old the dashboards' counts may grow before a
// reader starts a refresh. A national refresh takes some 35 s on SQLite
// and 25 s on PostgreSQL on a loaded 2-core machine, and on SQLite it holds
// the one writer meanwhile, so writes wait: an hour keeps that to a
// few percent of the time, and the dashboards say how old their counts are.
const AnalyticsMaxAge = time.Hour

// analyticsRefreshing marks the stores that have a background refresh
// running, so that many readers of stale counts start one refresh.
var analyticsRefreshing sync.Map // *Store → *atomic.Bool

// analyticsLockKey is the advisory lock that lets one recount at a time
// replace the counts on PostgreSQL ("dash" in ASCII): two at once, from
// two readers of never-made counts or two nodes, would insert the same
// keys and one would fail. SQLite's single writer runs them one after
// the other already.
const analyticsLockKey = 0x64617368

// lockAnalytics holds the recount lock until tx ends.
func (s *Store) lockAnalytics(ctx context.Context, tx *sql.Tx) error {
	if s.dialect.name != "postgres" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, analyticsLockKey)
	return err
}

// RefreshAnalytics makes the dashboards' counts again from the records.
func (s *Store) RefreshAnalytics(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockAnalytics(ctx, tx); err != nil {
			return err
		}
		return s.refreshAnalytics(ctx, tx)
	})
}

// analyticsAsOf returns when the counts were made, making them first if
// they never were, and starts a background refresh when they are stale.
func (s *Store) analyticsAsOf(ctx context.Context) (time.Time, error) {
	var at, day time.Time
	if err := s.read.QueryRowContext(ctx, `SELECT refreshed_at, today FROM analytics_state WHERE id = 1`).
		Scan(timeScanner{&at}, timeScanner{&day}); err != nil {
		return at, err
	}
	if at.IsZero() {
		// Readers arriving together all find no counts; the first makes
		// them and the others, waiting for it, find them made.
		if _, err := s.RefreshAnalyticsIfStale(ctx); err != nil {
			return at, err
		}
		return s.analyticsAsOf(ctx)
	}
	if s.analyticsStale(at, day) {
		if s.OnStaleAnalytics != nil {
			s.OnStaleAnalytics()
		} else {
			s.refreshInBackground()
		}
	}
	return at, nil
}

// analyticsStale reports whether counts made at, for the day, are due
// for a refresh.
func (s *Store) analyticsStale(at, day time.Time) bool {
	return at.IsZero() || s.Now().Sub(at) > AnalyticsMaxAge || !day.Equal(s.today())
}

// RefreshAnalyticsIfStale makes the dashboards' counts again unless they
// are fresh: a refresh asked for by a reader may find that another node's
// already ran. It reports whether it counted.
func (s *Store) RefreshAnalyticsIfStale(ctx context.Context) (counted bool, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockAnalytics(ctx, tx); err != nil {
			return err
		}
		// Read under the lock: a recount that held it has just committed.
		var at, day time.Time
		if err := tx.QueryRowContext(ctx, `SELECT refreshed_at, today FROM analytics_state WHERE id = 1`).
			Scan(timeScanner{&at}, timeScanner{&day}); err != nil {
			return err
		}
		if !s.analyticsStale(at, day) {
			return nil
		}
		counted = true
		return s.refreshAnalytics(ctx, tx)
	})
	return counted && err == nil, err
}

// AnalyticsRecounting reports whether a recount of the dashboards is
// queued or running: as a background job of the cluster, or in this
// process.
func (s *Store) AnalyticsRecounting(ctx context.Context) (bool, error) {
	if v, ok := analyticsRefreshing.Load(s); ok && v.(*atomic.Bool).Load() {
		return true, nil
	}
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM river_job
		WHERE kind = $1 AND CAST(state AS TEXT) IN ('available', 'pending', 'running', 'retryable', 'scheduled')`,
		domain.JobAnalyticsRefresh).Scan(&n)
	return n > 0, err
}

// refreshInBackground starts a refresh unless one is running. It goes on
// whatever happens to the request that started it.
func (s *Store) refreshInBackground() {
	v, _ := analyticsRefreshing.LoadOrStore(s, new(atomic.Bool))
	running := v.(*atomic.Bool)
	if !running.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer running.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		// A failure leaves the old counts, and the next reader tries again.
		_ = s.RefreshAnalytics(ctx)
	}()
}

// academicYearOf is the SQL of the academic year a date column falls in
// (domain.AcademicYear).
func (s *Store) academicYearOf(col string) string {
	if s.dialect.name == "postgres" {
		return `(CAST(EXTRACT(YEAR FROM ` + col + `) AS INTEGER) - CASE WHEN EXTRACT(MONTH FROM ` + col + `) < 9 THEN 1 ELSE 0 END)`
	}
	return `(CAST(substr(` + col + `, 1, 4) AS INTEGER) - CASE WHEN substr(` + col + `, 6, 2) < '09' THEN 1 ELSE 0 END)`
}

// weeksSince is the SQL of the whole weeks from a date column to the date
// parameter param.
func (s *Store) weeksSince(param, col string) string {
	if s.dialect.name == "postgres" {
		return `((CAST(` + param + ` AS DATE) - ` + col + `) / 7)`
	}
	return `CAST((julianday(` + param + `) - julianday(` + col + `)) / 7 AS INTEGER)`
}

// stillOnRoll is the left_year of a student who has not left: after every
// year, so that "left_year >= year" holds.
const stillOnRoll = 9999

// analyticsMeasures are the counted columns of analytics_students and
// analytics_placements, in the order the dashboards read them.
const analyticsMeasures = `students, allocated, agreed, on_track, assessed, contracts, graduates, reached_12, employed_12`

// analyticsEachColumns describe one student in refreshAnalytics.
const analyticsEachColumns = `college_id BIGINT, region_id INTEGER, qualification_code TEXT, specialty_code TEXT, funding TEXT,
	enrolled_year INTEGER, left_year INTEGER, dual INTEGER, enterprise_id BIGINT, allocated INTEGER, agreed INTEGER,
	on_track INTEGER, assessed INTEGER, contracts INTEGER, graduates INTEGER, reached_12 INTEGER, employed_12 INTEGER`

// refreshAnalytics counts everything again in tx. Each student is first
// described once in a temporary table (one row each: area, filters, year
// of enrolment and of leaving, and the steps of the chain they reached),
// which the summaries are then grouped from. The definitions:
//
//   - a student is on the roll unless expelled; graduated students leave
//     in the academic year of their day of graduation;
//   - dual: the employment page's definition (dualGraduate);
//   - allocated: placed by a round, or an application accepted, or any
//     agreement drawn up; each such student takes one of the places
//     counted in analytics_offers (an offer's, or one given directly by
//     an agreement without an offer), so the funnel never places more
//     students than there are places;
//   - agreed: an agreement of theirs became active (every party signed);
//   - on track: a live active agreement whose signed logbook hours are at
//     least (100 − behind_plan_percent) % of its weekly hours times the
//     whole weeks from its start to this week's Monday (the coordinator's
//     "behind the plan" rule, by whole weeks);
//   - assessed: a competence or final assessment recorded, of a student
//     whose agreement became active (so that the funnel's steps narrow:
//     placed, agreed, then on track or assessed);
//   - contracts: their targeted-training contracts not cancelled;
//   - reached_12 / employed_12: a graduate whose 12-month day has come, and
//     employed on it by the register (domain.EmploymentRecord.Covers, as
//     employment_outcomes counts).
func (s *Store) refreshAnalytics(ctx context.Context, tx *sql.Tx) error {
	settings, err := dualSettings(tx.QueryRowContext(ctx, dualSettingsQuery))
	if err != nil {
		return err
	}
	today := s.today()
	monday := domain.WeekStart(today)
	// The points of every day of graduation, which the register is
	// checked at (graduation.go keeps them for the days it sees).
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT s.graduated_on FROM students s WHERE s.graduated_on IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM graduation_dates d WHERE d.graduated_on = s.graduated_on)`)
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

	create := `CREATE TEMP TABLE analytics_each (` + analyticsEachColumns + `)`
	if s.dialect.name == "postgres" {
		create += ` ON COMMIT DROP`
	} else if _, err := tx.ExecContext(ctx, `DROP TABLE IF EXISTS temp.analytics_each`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, create); err != nil {
		return err
	}
	// $1 today, $2 this week's Monday, $3 the share of the plan that is on
	// track, in percent.
	each := `INSERT INTO analytics_each SELECT s.college_id, c.region_id, COALESCE(p.qualification_code, p.specialty_code) AS qualification_code,
			p.specialty_code, s.funding, ` + s.academicYearOf("s.enrolled_on") + ` AS enrolled_year,
			CASE WHEN s.status = 'graduated' AND s.graduated_on IS NOT NULL THEN ` + s.academicYearOf("s.graduated_on") +
		` ELSE ` + fmt.Sprint(stillOnRoll) + ` END AS left_year,
			` + dualGraduate + ` AS dual,
			COALESCE(s.enterprise_id, 0) AS enterprise_id,
			CASE WHEN rs.student_id IS NOT NULL OR ap.student_id IS NOT NULL OR ag.student_id IS NOT NULL THEN 1 ELSE 0 END AS allocated,
			COALESCE(ag.agreed, 0) AS agreed,
			CASE WHEN live.id IS NOT NULL AND 100 * COALESCE(lb.signed, 0) >= $3 * live.hours_per_week * ` +
		s.weeksSince("$2", "live.starts_on") + ` THEN 1 ELSE 0 END AS on_track,
			CASE WHEN COALESCE(ag.agreed, 0) = 1 AND (ca.student_id IS NOT NULL OR fa.student_id IS NOT NULL) THEN 1 ELSE 0 END AS assessed,
			COALESCE(tc.n, 0) AS contracts,
			CASE WHEN s.status = 'graduated' AND s.graduated_on IS NOT NULL THEN 1 ELSE 0 END AS graduates,
			CASE WHEN s.status = 'graduated' AND d.point_12 <= $1 THEN 1 ELSE 0 END AS reached_12,
			CASE WHEN s.status = 'graduated' AND d.point_12 <= $1 AND EXISTS (SELECT 1 FROM employment_records e
				WHERE e.iin = s.iin AND e.starts_on <= d.point_12 AND (e.ends_on IS NULL OR e.ends_on >= d.point_12))
				THEN 1 ELSE 0 END AS employed_12
		FROM students s
		JOIN colleges c ON c.id = s.college_id
		JOIN programmes p ON p.id = s.programme_id
		LEFT JOIN graduation_dates d ON d.graduated_on = s.graduated_on
		LEFT JOIN (SELECT DISTINCT student_id FROM round_students WHERE offer_id IS NOT NULL) rs ON rs.student_id = s.id
		LEFT JOIN (SELECT DISTINCT student_id FROM applications WHERE status = 'accepted') ap ON ap.student_id = s.id
		LEFT JOIN (SELECT student_id, max(CASE WHEN active_on IS NOT NULL THEN 1 ELSE 0 END) AS agreed
			FROM agreements GROUP BY student_id) ag ON ag.student_id = s.id
		LEFT JOIN agreements live ON live.student_id = s.id AND live.status = 'active'
		LEFT JOIN (SELECT student_id, sum(hours) AS signed FROM logbook_entries WHERE counted GROUP BY student_id) lb
			ON lb.student_id = s.id
		LEFT JOIN (SELECT DISTINCT student_id FROM competence_assessments) ca ON ca.student_id = s.id
		LEFT JOIN (SELECT DISTINCT student_id FROM final_assessments) fa ON fa.student_id = s.id
		LEFT JOIN (SELECT student_id, count(*) AS n FROM targeted_contracts WHERE state <> 'cancelled' GROUP BY student_id) tc
			ON tc.student_id = s.id
		WHERE s.status <> 'expelled' AND NOT (s.status = 'graduated' AND s.graduated_on IS NULL)`
	if _, err := tx.ExecContext(ctx, each, dateParam(today), dateParam(monday), 100-settings.BehindPlanPercent); err != nil {
		return fmt.Errorf("describe students for analytics: %w", err)
	}
	rolledUp := `sum(students), sum(allocated), sum(agreed), sum(on_track), sum(assessed), sum(contracts), sum(graduates),
		sum(reached_12), sum(employed_12)`
	sums := `count(*), sum(allocated), sum(agreed), sum(on_track), sum(assessed), sum(contracts), sum(graduates), sum(reached_12), sum(employed_12)`
	for _, q := range []string{
		`DELETE FROM analytics_students`,
		`INSERT INTO analytics_students (college_id, region_id, qualification_code, specialty_code, funding, enrolled_year, left_year, dual, ` +
			analyticsMeasures + `)
		SELECT college_id, region_id, qualification_code, specialty_code, funding, enrolled_year, left_year, dual, ` + sums + `
		FROM analytics_each GROUP BY college_id, region_id, qualification_code, specialty_code, funding, enrolled_year, left_year, dual`,
		`DELETE FROM analytics_colleges`,
		`INSERT INTO analytics_colleges (college_id, region_id, funding, enrolled_year, left_year, dual, ` + analyticsMeasures + `)
		SELECT college_id, region_id, funding, enrolled_year, left_year, dual, ` + rolledUp + `
		FROM analytics_students GROUP BY college_id, region_id, funding, enrolled_year, left_year, dual`,
		`DELETE FROM analytics_regions`,
		`INSERT INTO analytics_regions (qualification_code, specialty_code, region_id, funding, enrolled_year, left_year, dual, ` +
			analyticsMeasures + `)
		SELECT qualification_code, specialty_code, region_id, funding, enrolled_year, left_year, dual, ` + rolledUp + `
		FROM analytics_students GROUP BY qualification_code, specialty_code, region_id, funding, enrolled_year, left_year, dual`,
		`DELETE FROM analytics_region_totals`,
		`INSERT INTO analytics_region_totals (region_id, funding, enrolled_year, left_year, dual, ` + analyticsMeasures + `)
		SELECT region_id, funding, enrolled_year, left_year, dual, ` + rolledUp + `
		FROM analytics_colleges GROUP BY region_id, funding, enrolled_year, left_year, dual`,
		`DELETE FROM analytics_placements`,
		`INSERT INTO analytics_placements (enterprise_id, college_id, region_id, qualification_code, specialty_code, funding,
			enrolled_year, left_year, ` + analyticsMeasures + `)
		SELECT enterprise_id, college_id, region_id, qualification_code, specialty_code, funding, enrolled_year, left_year, ` + sums + `
		FROM analytics_each WHERE enterprise_id <> 0
		GROUP BY enterprise_id, college_id, region_id, qualification_code, specialty_code, funding, enrolled_year, left_year`,
		`DELETE FROM analytics_offers`,
		// The places of the offers (approved, open or closed) where the
		// students are counted: each place taken (an agreement on the
		// offer, an application accepted, a round's placement) at the
		// college of the student who took it, the places still free at the
		// college the offer is for, or for an offer to every college in
		// the region of its site; and one place for each student an
		// enterprise took directly, by an agreement drawn up without an
		// offer (the student's programme names its qualification). So
		// every placed student has a place wherever the funnel counts
		// them, and the places are never fewer than the students placed.
		`WITH placed AS (
			SELECT offer_id, student_id FROM agreements WHERE offer_id IS NOT NULL
			UNION SELECT offer_id, student_id FROM applications WHERE status = 'accepted'
			UNION SELECT offer_id, student_id FROM round_students WHERE offer_id IS NOT NULL
		), offered AS (
			SELECT o.id, o.enterprise_id, o.college_id, o.region_id, o.qualification_code, o.capacity,
				substr(o.qualification_code, 3, 6) || '00' AS specialty_code, ` + s.academicYearOf("o.starts_on") + ` AS year
			FROM offers o WHERE o.status IN ('approved', 'open', 'closed')
		)
		INSERT INTO analytics_offers (enterprise_id, college_id, region_id, qualification_code, specialty_code, year, places)
		SELECT enterprise_id, college_id, region_id, qualification_code, min(specialty_code), year, sum(places) FROM (
			SELECT o.enterprise_id, st.college_id, c.region_id, o.qualification_code, o.specialty_code, o.year, count(*) AS places
			FROM placed p JOIN offered o ON o.id = p.offer_id JOIN students st ON st.id = p.student_id
			JOIN colleges c ON c.id = st.college_id
			GROUP BY o.enterprise_id, st.college_id, c.region_id, o.qualification_code, o.specialty_code, o.year
			UNION ALL
			SELECT o.enterprise_id, COALESCE(o.college_id, 0), COALESCE(c.region_id, o.region_id), o.qualification_code,
				o.specialty_code, o.year, o.capacity - COALESCE(t.n, 0)
			FROM offered o LEFT JOIN colleges c ON c.id = o.college_id
			LEFT JOIN (SELECT offer_id, count(*) AS n FROM placed GROUP BY offer_id) t ON t.offer_id = o.id
			WHERE o.capacity > COALESCE(t.n, 0)
			UNION ALL
			SELECT a.enterprise_id, a.college_id, c.region_id, COALESCE(p.qualification_code, p.specialty_code), p.specialty_code,
				` + s.academicYearOf("a.starts_on") + `, count(DISTINCT a.student_id)
			FROM agreements a JOIN colleges c ON c.id = a.college_id JOIN students st ON st.id = a.student_id
			JOIN programmes p ON p.id = st.programme_id
			WHERE a.offer_id IS NULL
			GROUP BY a.enterprise_id, a.college_id, c.region_id, COALESCE(p.qualification_code, p.specialty_code), p.specialty_code,
				` + s.academicYearOf("a.starts_on") + `
		) x GROUP BY enterprise_id, college_id, region_id, qualification_code, year`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("count analytics: %w", err)
		}
	}
	if err := s.countEnterpriseYears(ctx, tx, domain.AcademicYear(today)); err != nil {
		return err
	}
	// The unfiltered totals of each year, of the country (region 0), of
	// each region (college 0) and of each college (migration 00015).
	for _, q := range []string{
		`DELETE FROM analytics_year_totals`,
		`INSERT INTO analytics_year_totals (year, region_id, college_id, enterprises, places)
		SELECT year, region_id, college_id, sum(enterprises), sum(places) FROM (
			SELECT year, region_id, 0 AS college_id, count(DISTINCT enterprise_id) AS enterprises, 0 AS places
			FROM analytics_enterprise_regions GROUP BY year, region_id
			UNION ALL SELECT year, 0, 0, count(DISTINCT enterprise_id), 0 FROM analytics_enterprise_regions GROUP BY year
			UNION ALL SELECT year, region_id, college_id, count(DISTINCT enterprise_id), 0
			FROM analytics_enterprise_colleges GROUP BY year, region_id, college_id
			UNION ALL SELECT year, region_id, 0, 0, sum(places) FROM analytics_offers GROUP BY year, region_id
			UNION ALL SELECT year, 0, 0, 0, sum(places) FROM analytics_offers GROUP BY year
		) x GROUP BY year, region_id, college_id`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("count analytics: %w", err)
		}
	}
	for _, q := range []string{
		`DROP TABLE analytics_each`,
		`ANALYZE analytics_students`,
		`ANALYZE analytics_colleges`,
		`ANALYZE analytics_regions`,
		`ANALYZE analytics_region_totals`,
		`ANALYZE analytics_placements`,
		`ANALYZE analytics_offers`,
		`ANALYZE analytics_enterprise_regions`,
		`ANALYZE analytics_enterprise_colleges`,
	} {
		if s.dialect.name == "postgres" && q == `DROP TABLE analytics_each` {
			continue // ON COMMIT DROP
		}
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("count analytics: %w", err)
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE analytics_state SET refreshed_at = $1, today = $2 WHERE id = 1`,
		timeParam(s.Now()), dateParam(today))
	return err
}

// countEnterpriseYears lists, for each academic year up to thisYear, the
// enterprises training students on the roll in it, by region and by
// college (from the temporary analytics_each of refreshAnalytics).
func (s *Store) countEnterpriseYears(ctx context.Context, tx *sql.Tx, thisYear int) error {
	var first sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT min(enrolled_year) FROM analytics_each WHERE enterprise_id <> 0`).Scan(&first); err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM analytics_enterprise_regions`, `DELETE FROM analytics_enterprise_colleges`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if !first.Valid {
		return nil
	}
	for year := max(int(first.Int64), 2000); year <= thisYear; year++ {
		for _, q := range []string{
			`INSERT INTO analytics_enterprise_regions (year, region_id, enterprise_id)
			SELECT DISTINCT CAST($1 AS INTEGER), region_id, enterprise_id FROM analytics_each
			WHERE enterprise_id <> 0 AND enrolled_year <= $1 AND left_year >= $1`,
			`INSERT INTO analytics_enterprise_colleges (year, region_id, college_id, enterprise_id)
			SELECT DISTINCT CAST($1 AS INTEGER), region_id, college_id, enterprise_id FROM analytics_each
			WHERE enterprise_id <> 0 AND enrolled_year <= $1 AND left_year >= $1`,
		} {
			if _, err := tx.ExecContext(ctx, q, year); err != nil {
				return fmt.Errorf("count enterprises of %d: %w", year, err)
			}
		}
	}
	return nil
}

// loadOfficialFigures replaces the published statistics with the shipped
// ones (part of loadReference).
func loadOfficialFigures(ctx context.Context, tx *sql.Tx, figures []domain.OfficialFigure) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM official_figures`); err != nil {
		return err
	}
	for i, f := range figures {
		if _, err := tx.ExecContext(ctx, `INSERT INTO official_figures
			(position, indicator, period, geography, region_id, value, unit, source, publisher, definition, note)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			i+1, f.Indicator, f.Period, f.Geography, f.RegionID, f.Value, f.Unit, f.Source, f.Publisher, f.Definition, f.Note); err != nil {
			return err
		}
	}
	return nil
}
