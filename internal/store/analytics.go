package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"golang.org/x/sync/errgroup"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var _ domain.AnalyticsService = (*Store)(nil)

// Analytics (issue 8): the dashboards and the open data, read from the
// counts analytics_refresh.go makes (migration 00011). A dashboard is a
// handful of queries over those counts: the students' summary once,
// grouped by area and by the years of enrolment and leaving, from which
// the tiles, the funnel, the areas and the trend of every year are summed
// in Go; the distinct enterprises, the patronage memoranda (a few thousand
// rows, read live), the places offered and the published figures.

// measures are the counted columns of a summary row, in analyticsMeasures'
// order.
type measures struct {
	students, allocated, agreed, onTrack, assessed, contracts, graduates, reached, employed int64
}

func (m *measures) add(o measures) {
	m.students += o.students
	m.allocated += o.allocated
	m.agreed += o.agreed
	m.onTrack += o.onTrack
	m.assessed += o.assessed
	m.contracts += o.contracts
	m.graduates += o.graduates
	m.reached += o.reached
	m.employed += o.employed
}

// summaryRow is the students of one area, year of enrolment, year of
// leaving and dual or not.
type summaryRow struct {
	area          string
	enrolled, end int
	dual          bool
	measures
}

// onRoll reports whether the row's students were on the roll in year.
func (r *summaryRow) onRoll(year int) bool { return r.enrolled <= year && r.end >= year }

// analyticsSource is the summary a filter reads, grouped by area: the
// trainees of an enterprise are in analytics_placements; everybody else in
// the smallest of analytics_students' rollups that holds the columns the
// filter and the area need (the college, the qualification).
func analyticsSource(f domain.AnalyticsFilter, area string) string {
	needCollege := f.CollegeID != 0 || area == "a.college_id"
	needQualification := f.Qualification != "" || f.Field != "" || area == "a.qualification_code"
	switch {
	case f.EnterpriseID != 0:
		return "analytics_placements"
	case needCollege && needQualification:
		return "analytics_students"
	case needCollege:
		return "analytics_colleges"
	case needQualification:
		return "analytics_regions"
	}
	return "analytics_region_totals"
}

// summaryWhere is the filter's condition on a summary (alias a).
func summaryWhere(f domain.AnalyticsFilter) *where {
	w := &where{}
	if f.RegionID != 0 {
		w.add("a.region_id = ?", f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("a.college_id = ?", f.CollegeID)
	}
	if f.EnterpriseID != 0 {
		w.add("a.enterprise_id = ?", f.EnterpriseID)
	}
	codeWhere(w, f)
	if f.Funding != "" {
		w.add("a.funding = ?", f.Funding)
	}
	return w
}

// codeWhere adds the filter's qualification and field to w.
func codeWhere(w *where, f domain.AnalyticsFilter) {
	switch {
	case domain.IsQualificationCode(f.Qualification):
		w.add("a.qualification_code = ?", f.Qualification)
	case f.Qualification != "":
		w.add("a.specialty_code = ?", f.Qualification)
	}
	if f.Field != "" {
		// Digits sort before ':', so the range is the codes starting so.
		w.add("a.specialty_code >= ? AND a.specialty_code < ?", f.Field, f.Field+":")
	}
}

// summary reads the filter's students grouped by area (an expression of
// the summary a, or "" for none) and by years and dual.
func (s *Store) summary(ctx context.Context, f domain.AnalyticsFilter, area string) ([]summaryRow, error) {
	// PostgreSQL refuses a constant in GROUP BY: without an area, the
	// rows are grouped by the years alone.
	selected, grouped := "''", ""
	if area != "" {
		selected, grouped = area, area+", "
	}
	w := summaryWhere(f)
	dual, groupedDual := "a.dual", ", a.dual"
	if f.EnterpriseID != 0 {
		dual, groupedDual = "1", ""
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+selected+`, a.enrolled_year, a.left_year, `+dual+`,
		sum(a.students), sum(a.allocated), sum(a.agreed), sum(a.on_track), sum(a.assessed), sum(a.contracts),
		sum(a.graduates), sum(a.reached_12), sum(a.employed_12)
		FROM `+analyticsSource(f, area)+` a`+w.sql()+`
		GROUP BY `+grouped+`a.enrolled_year, a.left_year`+groupedDual, w.args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (summaryRow, error) {
		var x summaryRow
		var dual int
		err := r.Scan(&x.area, &x.enrolled, &x.end, &dual, &x.students, &x.allocated, &x.agreed, &x.onTrack, &x.assessed,
			&x.contracts, &x.graduates, &x.reached, &x.employed)
		x.dual = dual == 1
		return x, err
	})
}

// yearFigures sums rows into one year's figures: the students on the roll
// that year, the graduates who left in it.
func yearFigures(rows []summaryRow, year int) domain.YearFigures {
	y := domain.YearFigures{Year: year}
	for i := range rows {
		r := &rows[i]
		if r.onRoll(year) {
			y.Students += r.students
			y.Contracts += r.contracts
			if r.dual {
				y.DualStudents += r.students
			}
		}
		if r.end == year {
			y.Graduates += r.graduates
			y.Reached += r.reached
			y.Employed += r.employed
		}
	}
	return y
}

// employment sums the 12-month employment of the graduates who left in
// year or before: the employment page's rate over every cohort, as of the
// year.
func employment(rows []summaryRow, year int, dualOnly bool) (employed, reached int64) {
	for i := range rows {
		if r := &rows[i]; r.end <= year && (r.dual || !dualOnly) {
			employed += r.employed
			reached += r.reached
		}
	}
	return employed, reached
}

// yearsWithData are the academic years in which rows have students on the
// roll, up to this year, oldest first.
func yearsWithData(rows []summaryRow, thisYear int) []int {
	seen := map[int]bool{}
	for i := range rows {
		r := &rows[i]
		if r.students == 0 {
			continue
		}
		for y := r.enrolled; y <= min(r.end, thisYear); y++ {
			seen[y] = true
		}
	}
	years := make([]int, 0, len(seen))
	for y := range seen {
		years = append(years, y)
	}
	slices.Sort(years)
	return years
}

// Dashboard returns the figures of the filter's level for the year.
func (s *Store) Dashboard(ctx context.Context, f domain.AnalyticsFilter) (domain.Dashboard, error) {
	d := domain.Dashboard{Tiles: []domain.Tile{}, Funnel: []domain.FunnelStep{}, Areas: []domain.AreaFigures{},
		Qualifications: []domain.QualificationFigures{}, Trend: []domain.YearFigures{}, Official: []domain.OfficialFigure{}, Years: []int{}}
	if err := f.Validate(); err != nil {
		return d, err
	}
	if err := s.checkAnalyticsArea(ctx, &f); err != nil {
		return d, err
	}
	d.Level = f.Level()
	asOf, err := s.analyticsAsOf(ctx)
	if err != nil {
		return d, err
	}
	d.AsOf = asOf
	if d.Recounting, err = s.AnalyticsRecounting(ctx); err != nil {
		return d, err
	}
	area := ""
	switch d.Level {
	case domain.LevelNational:
		area = "a.region_id"
	case domain.LevelRegion:
		area = "a.college_id"
	}
	rows, err := s.summary(ctx, f, area)
	if err != nil {
		return d, err
	}
	thisYear := domain.AcademicYear(s.today())
	oldestFirst := yearsWithData(rows, thisYear)
	if f.Year == 0 {
		f.Year = thisYear
		if n := len(oldestFirst); n > 0 {
			f.Year = oldestFirst[n-1]
		}
	}
	d.Filter, d.Year = f, f.Year
	for i := len(oldestFirst) - 1; i >= 0; i-- {
		d.Years = append(d.Years, oldestFirst[i])
	}
	for _, y := range oldestFirst {
		d.Trend = append(d.Trend, yearFigures(rows, y))
	}

	year := yearFigures(rows, f.Year)
	var total measures
	for i := range rows {
		if rows[i].onRoll(f.Year) {
			total.add(rows[i].measures)
		}
	}
	// The other figures are independent reads of small summaries: they
	// go to the database at once (PostgreSQL runs each in a backend of
	// its own, SQLite on its pool of readers), so the dashboard waits for
	// the slowest rather than for their sum.
	var (
		enterprises, patrons, patronColleges, contracts, teachers int64
		intlColleges, countries, places                           int64
	)
	contracts = year.Contracts
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { enterprises, err = s.distinctEnterprises(gctx, f, ""); return })
	g.Go(func() (err error) { patrons, patronColleges, err = s.patronage(gctx, f); return })
	g.Go(func() (err error) { places, err = s.places(gctx, f); return })
	if f.EnterpriseID != 0 {
		g.Go(func() (err error) { contracts, err = s.employerContracts(gctx, f); return })
	} else {
		g.Go(func() (err error) { teachers, err = s.teacherCount(gctx, f); return })
		// International partnerships are a college's (issue 10): no
		// enterprise has a figure of its own.
		g.Go(func() (err error) { intlColleges, countries, err = s.internationalFigures(gctx, f); return })
	}
	if area != "" {
		g.Go(func() (err error) { d.Areas, err = s.areas(gctx, f, area, rows); return })
	}
	if d.Level == domain.LevelCollege {
		g.Go(func() (err error) { d.Qualifications, err = s.qualifications(gctx, f); return })
	}
	if d.Level == domain.LevelNational || d.Level == domain.LevelRegion {
		g.Go(func() (err error) { d.Official, err = s.officialFigures(gctx, f.RegionID); return })
	}
	if err := g.Wait(); err != nil {
		return d, err
	}

	employed, reached := employment(rows, f.Year, false)
	count := func(key string, v int64) domain.Tile {
		return domain.Tile{Key: key, Value: v, Available: true, Definition: domain.DefinitionKeyPrefix + key}
	}
	rate := count(domain.TileEmploymentRate, employed)
	rate.IsRate, rate.Of = true, reached
	if reached > 0 {
		rate.Rate = float64(employed) / float64(reached)
	}
	d.Tiles = append(d.Tiles, count(domain.TileStudents, year.Students), count(domain.TileStudentsDual, year.DualStudents))
	if f.EnterpriseID == 0 {
		d.Tiles = append(d.Tiles, count(domain.TileEnterprisesDual, enterprises))
	}
	d.Tiles = append(d.Tiles, count(domain.TilePatrons, patrons), count(domain.TileCollegesPatronage, patronColleges),
		count(domain.TileTargetedContracts, contracts), rate)
	if f.EnterpriseID == 0 {
		d.Tiles = append(d.Tiles, count(domain.TileTeachers, teachers),
			count(domain.TileCollegesInternational, intlColleges), count(domain.TilePartnerCountries, countries))
	}

	dualEmployed, _ := employment(rows, f.Year, true)
	for _, step := range []domain.FunnelStep{{Key: domain.FunnelOffers, Count: places}, {Key: domain.FunnelAllocated, Count: total.allocated},
		{Key: domain.FunnelAgreementsActive, Count: total.agreed}, {Key: domain.FunnelLogbookOnTrack, Count: total.onTrack},
		{Key: domain.FunnelAssessed, Count: total.assessed}, {Key: domain.FunnelEmployed, Count: dualEmployed}} {
		d.Funnel = append(d.Funnel, step)
	}

	// Published figures are totals: beside a filtered figure they would
	// compare different things.
	if len(d.Official) > 0 && f.Qualification == "" && f.Field == "" && f.Funding == "" {
		for i := range d.Tiles {
			d.Tiles[i].Official = matchOfficial(d.Official, d.Tiles[i].Key, f.Year)
		}
	}
	return d, nil
}

// checkAnalyticsArea refuses an area that does not exist, or a college
// outside the region the filter names.
func (s *Store) checkAnalyticsArea(ctx context.Context, f *domain.AnalyticsFilter) error {
	if f.RegionID != 0 {
		var id int
		if err := s.read.QueryRowContext(ctx, `SELECT id FROM regions WHERE id = $1`, f.RegionID).Scan(&id); err != nil {
			return notFound(err, "region")
		}
	}
	if f.CollegeID != 0 {
		var region int
		if err := s.read.QueryRowContext(ctx, `SELECT region_id FROM colleges WHERE id = $1`, f.CollegeID).Scan(&region); err != nil {
			return notFound(err, "college")
		}
		if f.RegionID != 0 && f.RegionID != region {
			return domain.NotFound("college")
		}
		// The counts by college are kept by region first.
		f.RegionID = region
	}
	if f.EnterpriseID != 0 {
		var id int64
		if err := s.read.QueryRowContext(ctx, `SELECT id FROM enterprises WHERE id = $1`, f.EnterpriseID).Scan(&id); err != nil {
			return notFound(err, "enterprise")
		}
	}
	return nil
}

// yearWhere adds "on the roll in the filter's year" to w.
func yearWhere(w *where, year int) {
	w.add("a.enrolled_year <= ? AND a.left_year >= ?", year, year)
}

// distinctEnterprises counts the enterprises training the filter's dual
// students in its year, by area (an expression of the placements a) or
// altogether; the key of the map is the area ("" altogether).
func (s *Store) distinctEnterprises(ctx context.Context, f domain.AnalyticsFilter, area string) (int64, error) {
	m, err := s.distinctEnterprisesBy(ctx, f, area)
	return m[""], err
}

func (s *Store) distinctEnterprisesBy(ctx context.Context, f domain.AnalyticsFilter, area string) (map[string]int64, error) {
	if f.EnterpriseID == 0 && f.Qualification == "" && f.Field == "" && f.Funding == "" {
		// Unfiltered: counted by the refresh (analytics_year_totals).
		switch {
		case f.CollegeID != 0:
			return s.countsBy(ctx, `SELECT '', enterprises FROM analytics_year_totals WHERE year = $1 AND college_id = $2`,
				[]any{f.Year, f.CollegeID})
		case area == "":
			return s.countsBy(ctx, `SELECT '', enterprises FROM analytics_year_totals
				WHERE year = $1 AND region_id = $2 AND college_id = 0`, []any{f.Year, f.RegionID})
		case area == "a.region_id":
			return s.countsBy(ctx, `SELECT region_id, enterprises FROM analytics_year_totals
				WHERE year = $1 AND region_id <> 0 AND college_id = 0`, []any{f.Year})
		case area == "a.college_id":
			return s.countsBy(ctx, `SELECT college_id, enterprises FROM analytics_year_totals
				WHERE year = $1 AND region_id = $2 AND college_id <> 0`, []any{f.Year, f.RegionID})
		}
		return nil, fmt.Errorf("analytics: no count of enterprises by %q", area)
	}
	g := f
	g.EnterpriseID = 0
	w := summaryWhere(g)
	if f.EnterpriseID != 0 {
		w.add("a.enterprise_id = ?", f.EnterpriseID)
	}
	yearWhere(w, f.Year)
	if area == "" {
		return s.countsBy(ctx, `SELECT '', count(DISTINCT a.enterprise_id) FROM analytics_placements a`+w.sql(), w.args)
	}
	return s.countsBy(ctx, `SELECT `+area+`, count(DISTINCT a.enterprise_id) FROM analytics_placements a`+w.sql()+` GROUP BY `+area, w.args)
}

// countsBy reads a query of key and count into a map.
func (s *Store) countsBy(ctx context.Context, q string, args []any) (map[string]int64, error) {
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]int64{}
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		m[k] = n
	}
	return m, rows.Err()
}

// patronageWhere selects the memoranda (m) of the filter's area whose
// period overlaps its academic year. Qualification, field and funding do
// not apply: a memorandum is between an enterprise and a college.
func patronageWhere(f domain.AnalyticsFilter) *where {
	w := &where{}
	w.add("m.starts_on <= ? AND m.ends_on >= ?", fmt.Sprintf("%04d-08-31", f.Year+1), fmt.Sprintf("%04d-09-01", f.Year))
	if f.RegionID != 0 {
		w.add("m.region_id = ?", f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("m.college_id = ?", f.CollegeID)
	}
	if f.EnterpriseID != 0 {
		w.add("m.enterprise_id = ?", f.EnterpriseID)
	}
	return w
}

// patronage counts the distinct patrons and colleges under patronage.
func (s *Store) patronage(ctx context.Context, f domain.AnalyticsFilter) (patrons, colleges int64, err error) {
	w := patronageWhere(f)
	err = s.read.QueryRowContext(ctx, `SELECT count(DISTINCT m.enterprise_id), count(DISTINCT m.college_id) FROM memoranda m`+w.sql(),
		w.args...).Scan(&patrons, &colleges)
	return patrons, colleges, err
}

// internationalFigures counts the colleges of the filter's area with an
// international agreement in force during its academic year (active, its
// period overlapping the year, as patronage counts its memoranda) and the
// distinct countries of their partners. Qualification, field and funding
// do not apply: an agreement is the college's.
func (s *Store) internationalFigures(ctx context.Context, f domain.AnalyticsFilter) (colleges, countries int64, err error) {
	w := &where{}
	w.add("a.status = 'active'")
	w.add("a.starts_on <= ? AND (a.ends_on IS NULL OR a.ends_on >= ?)", fmt.Sprintf("%04d-08-31", f.Year+1), fmt.Sprintf("%04d-09-01", f.Year))
	if f.RegionID != 0 {
		w.add("a.region_id = ?", f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("a.college_id = ?", f.CollegeID)
	}
	err = s.read.QueryRowContext(ctx, `SELECT count(DISTINCT a.college_id), count(DISTINCT p.country)
		FROM international_agreements a JOIN international_partners p ON p.id = a.partner_id`+w.sql(), w.args...).Scan(&colleges, &countries)
	return colleges, countries, err
}

// employerContracts counts an employer's targeted-training contracts not
// cancelled, of students on the roll in the filter's year.
func (s *Store) employerContracts(ctx context.Context, f domain.AnalyticsFilter) (int64, error) {
	w := &where{}
	w.add("t.enterprise_id = ?", f.EnterpriseID)
	w.add("t.state <> 'cancelled'")
	w.add(s.academicYearOf("st.enrolled_on")+" <= ?", f.Year)
	w.add("(st.graduated_on IS NULL OR "+s.academicYearOf("st.graduated_on")+" >= ?)", f.Year)
	if f.Funding != "" {
		w.add("st.funding = ?", f.Funding)
	}
	g := &where{args: w.args}
	codeWhere(g, f)
	w.conds = append(w.conds, g.conds...)
	w.args = g.args
	var n int64
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM targeted_contracts t JOIN students st ON st.id = t.student_id
		JOIN (SELECT id, COALESCE(qualification_code, specialty_code) AS qualification_code, specialty_code FROM programmes) a
		ON a.id = st.programme_id`+w.sql(), w.args...).Scan(&n)
	return n, err
}

// teacherCount counts the teachers of the filter's area.
func (s *Store) teacherCount(ctx context.Context, f domain.AnalyticsFilter) (int64, error) {
	w := &where{}
	if f.CollegeID != 0 {
		w.add("t.college_id = ?", f.CollegeID)
	} else if f.RegionID != 0 {
		w.add("t.college_id IN (SELECT id FROM colleges WHERE region_id = ?)", f.RegionID)
	}
	var n int64
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM teachers t`+w.sql(), w.args...).Scan(&n)
	return n, err
}

// places sums the places of the filter's year (the funnel's first step:
// the offers' capacity and the agreements without an offer, see
// refreshAnalytics): of its enterprise, or to its college (and to every
// college of the college's region), or in its region.
func (s *Store) places(ctx context.Context, f domain.AnalyticsFilter) (int64, error) {
	var n int64
	if f.CollegeID == 0 && f.EnterpriseID == 0 && f.Qualification == "" && f.Field == "" {
		// The country's or a region's, unfiltered: counted by the refresh.
		err := s.read.QueryRowContext(ctx, `SELECT COALESCE(sum(places), 0) FROM analytics_year_totals
			WHERE year = $1 AND region_id = $2 AND college_id = 0`, f.Year, f.RegionID).Scan(&n)
		return n, err
	}
	w := &where{}
	w.add("a.year = ?", f.Year)
	if f.RegionID != 0 {
		w.add("a.region_id = ?", f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("(a.college_id = ? OR (a.college_id = 0 AND a.region_id = (SELECT region_id FROM colleges WHERE id = ?)))", f.CollegeID, f.CollegeID)
	}
	if f.EnterpriseID != 0 {
		w.add("a.enterprise_id = ?", f.EnterpriseID)
	}
	codeWhere(w, f)
	err := s.read.QueryRowContext(ctx, `SELECT COALESCE(sum(a.places), 0) FROM analytics_offers a`+w.sql(), w.args...).Scan(&n)
	return n, err
}

// areas are the regions of the country or the colleges of a region, each
// with its figures for the filter's year, ordered by ID.
func (s *Store) areas(ctx context.Context, f domain.AnalyticsFilter, area string, rows []summaryRow) ([]domain.AreaFigures, error) {
	q, args := `SELECT r.id, r.name_kk, r.name_ru, r.name_en, r.lat, r.lon FROM regions r ORDER BY r.id`, []any(nil)
	patronArea := "m.region_id"
	if area == "a.college_id" {
		q = `SELECT c.id, c.name_kk, c.name_ru, c.name_en, COALESCE(ci.lat, r.lat), COALESCE(ci.lon, r.lon)
			FROM colleges c JOIN regions r ON r.id = c.region_id LEFT JOIN cities ci ON ci.id = c.city_id
			WHERE c.region_id = $1 ORDER BY c.id`
		args = []any{f.RegionID}
		patronArea = "m.college_id"
	}
	list, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	out, err := collect(list, func(r interface{ Scan(...any) error }) (domain.AreaFigures, error) {
		var a domain.AreaFigures
		return a, r.Scan(&a.ID, &a.Names.KK, &a.Names.RU, &a.Names.EN, &a.Lat, &a.Lon)
	})
	if err != nil {
		return nil, err
	}
	enterprises, err := s.distinctEnterprisesBy(ctx, f, area)
	if err != nil {
		return nil, err
	}
	w := patronageWhere(f)
	patrons, err := s.countsBy(ctx, `SELECT `+patronArea+`, count(DISTINCT m.enterprise_id) FROM memoranda m`+w.sql()+
		` GROUP BY `+patronArea, w.args)
	if err != nil {
		return nil, err
	}
	byArea := map[string][]summaryRow{}
	for _, r := range rows {
		byArea[r.area] = append(byArea[r.area], r)
	}
	for i := range out {
		a := &out[i]
		key := strconv.FormatInt(a.ID, 10)
		y := yearFigures(byArea[key], f.Year)
		a.Students, a.DualStudents, a.Contracts = y.Students, y.DualStudents, y.Contracts
		a.Employed, a.Graduates = employment(byArea[key], f.Year, false)
		a.Enterprises, a.Patrons = enterprises[key], patrons[key]
	}
	return out, nil
}

// qualifications are a college's figures for the filter's year by the
// students' qualification, those with students or graduates that year,
// ordered by code.
func (s *Store) qualifications(ctx context.Context, f domain.AnalyticsFilter) ([]domain.QualificationFigures, error) {
	rows, err := s.summary(ctx, f, "a.qualification_code")
	if err != nil {
		return nil, err
	}
	byCode := map[string][]summaryRow{}
	for _, r := range rows {
		byCode[r.area] = append(byCode[r.area], r)
	}
	names, err := s.openNames(ctx, domain.OpenByQualification, byCode)
	if err != nil {
		return nil, err
	}
	out := []domain.QualificationFigures{}
	for code, rows := range byCode {
		y := yearFigures(rows, f.Year)
		q := domain.QualificationFigures{Code: code, Names: names[code], Students: y.Students, DualStudents: y.DualStudents,
			Contracts: y.Contracts}
		q.Employed, q.Graduates = employment(rows, f.Year, false)
		if q.Students == 0 && q.Graduates == 0 {
			continue
		}
		out = append(out, q)
	}
	slices.SortFunc(out, func(a, b domain.QualificationFigures) int { return cmp.Compare(a.Code, b.Code) })
	return out, nil
}

// officialFigures reads the published figures of a region (0: the
// country), newest first.
func (s *Store) officialFigures(ctx context.Context, regionID int) ([]domain.OfficialFigure, error) {
	geography, args := "o.region_id = $1", []any{regionID}
	if regionID == 0 {
		geography, args = "o.region_id = 0 AND o.geography = 'Kazakhstan'", nil
	}
	rows, err := s.read.QueryContext(ctx, `SELECT indicator, period, geography, region_id, value, unit, source, publisher, definition, note
		FROM official_figures o WHERE `+geography+` ORDER BY period DESC, position`, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (domain.OfficialFigure, error) {
		var o domain.OfficialFigure
		return o, r.Scan(&o.Indicator, &o.Period, &o.Geography, &o.RegionID, &o.Value, &o.Unit, &o.Source, &o.Publisher,
			&o.Definition, &o.Note)
	})
}

// officialFor names, for each tile, the published indicators that count
// the same thing, the closest first.
var officialFor = map[string][]string{
	domain.TileStudents:        {"students_total"},
	domain.TileStudentsDual:    {"dual_training_students"},
	domain.TileEnterprisesDual: {"enterprises_in_dual_training"},
	domain.TilePatrons:         {"enterprises_patronage_of_colleges"},
	domain.TileEmploymentRate:  {"graduates_employed_share", "graduate_employment_rate"},
	domain.TileTeachers:        {"teachers"},
}

// matchOfficial picks the published figure for a tile: of its closest
// indicator, the one for the year (a period starting in it), else the
// newest before it, else the newest.
func matchOfficial(figures []domain.OfficialFigure, tile string, year int) *domain.OfficialFigure {
	for _, indicator := range officialFor[tile] {
		var best *domain.OfficialFigure
		bestYear := 0
		for i := range figures {
			o := &figures[i]
			if o.Indicator != indicator {
				continue
			}
			start := periodStart(o.Period)
			better := best == nil ||
				(start <= year && (bestYear > year || start > bestYear)) ||
				(start > year && bestYear > year && start > bestYear)
			if better {
				best, bestYear = o, start
			}
		}
		if best != nil {
			c := *best
			return &c
		}
	}
	return nil
}

// periodStart is the year a published period starts in ("2024-2025",
// "2024"), 0 if it names none.
func periodStart(period string) int {
	if len(period) < 4 {
		return 0
	}
	y, err := strconv.Atoi(period[:4])
	if err != nil {
		return 0
	}
	return y
}

// OpenFigures returns an open-data table, small cells suppressed.
func (s *Store) OpenFigures(ctx context.Context, q domain.OpenQuery) (domain.OpenTable, error) {
	t := domain.OpenTable{By: q.By, RegionID: q.RegionID, Columns: domain.OpenColumns, Rows: []domain.OpenRow{}}
	if err := q.Validate(); err != nil {
		return t, err
	}
	f := domain.AnalyticsFilter{RegionID: q.RegionID, Year: q.Year}
	if err := s.checkAnalyticsArea(ctx, &f); err != nil {
		return t, err
	}
	asOf, err := s.analyticsAsOf(ctx)
	if err != nil {
		return t, err
	}
	t.AsOf = asOf
	area := map[string]string{domain.OpenByRegion: "a.region_id", domain.OpenByQualification: "a.qualification_code"}[q.By]
	rows, err := s.summary(ctx, f, area)
	if err != nil {
		return t, err
	}
	years := yearsWithData(rows, domain.AcademicYear(s.today()))
	if f.Year == 0 && len(years) > 0 {
		f.Year = years[len(years)-1]
	}
	if f.Year == 0 {
		f.Year = domain.AcademicYear(s.today())
	}
	var values [][]int64
	counts := func(y domain.YearFigures) []int64 {
		return []int64{y.Students, y.DualStudents, y.Graduates, y.Employed, y.Contracts}
	}
	switch q.By {
	case domain.OpenByYear:
		for _, y := range years {
			t.Rows = append(t.Rows, domain.OpenRow{Key: strconv.Itoa(y), Year: y})
			values = append(values, counts(yearFigures(rows, y)))
		}
	default:
		t.Year = f.Year
		byArea := map[string][]summaryRow{}
		for _, r := range rows {
			byArea[r.area] = append(byArea[r.area], r)
		}
		names, err := s.openNames(ctx, q.By, byArea)
		if err != nil {
			return t, err
		}
		keys := make([]string, 0, len(byArea))
		for k := range byArea {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int {
			if q.By == domain.OpenByRegion {
				x, _ := strconv.Atoi(a)
				y, _ := strconv.Atoi(b)
				return cmp.Compare(x, y)
			}
			return cmp.Compare(a, b)
		})
		for _, k := range keys {
			y := yearFigures(byArea[k], f.Year)
			if y.Students == 0 && y.Graduates == 0 {
				continue
			}
			t.Rows = append(t.Rows, domain.OpenRow{Key: k, Name: names[k], Year: f.Year})
			values = append(values, counts(y))
		}
	}
	for i, row := range domain.SuppressSmallCells(values) {
		t.Rows[i].Counts = row
		for j, c := range row {
			if c == nil {
				t.Rows[i].Suppressed = append(t.Rows[i].Suppressed, domain.OpenColumns[j])
			}
		}
	}
	return t, nil
}

// openNames names the regions or qualifications of an open-data table.
func (s *Store) openNames(ctx context.Context, by string, keys map[string][]summaryRow) (map[string]domain.Names, error) {
	groups := map[string]*domain.EmploymentGroup{}
	for k := range keys {
		groups[k] = &domain.EmploymentGroup{Key: k}
	}
	out := map[string]domain.Names{}
	if by == domain.OpenByQualification {
		named, err := s.nameQualifications(ctx, groups)
		if err != nil {
			return nil, err
		}
		for _, g := range named {
			out[g.Key] = g.Name
		}
		return out, nil
	}
	if err := s.nameGroups(ctx, `SELECT id, name_kk, name_ru, name_en FROM regions`, nil, groups); err != nil {
		return nil, err
	}
	for k, g := range groups {
		out[k] = g.Name
	}
	return out, nil
}
