package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// analyticsProbes are the route matrix's requests for the dashboards. The
// years table exists at every level, so every role that may read a
// dashboard downloads its own.
func (r *registry) analyticsProbes(t testing.TB, u domain.User) map[string]probe {
	return map[string]probe{
		"GET /analytics":        {"GET", "/analytics", nil, http.StatusOK},
		"GET /analytics/export": {"GET", "/analytics/export?table=years&format=xlsx", nil, http.StatusOK},
		"GET /analytics/report": {"GET", "/analytics/report", nil, http.StatusOK},
		// Nothing is being recounted: the note says so and stops asking.
		"GET /analytics/recount": {"GET", "/analytics/recount", nil, 286},
	}
}

// refreshAnalytics makes the dashboards' counts from the fixture's
// records, as the product does when they are older than ten minutes.
func refreshAnalytics(t testing.TB, r *registry) {
	t.Helper()
	if err := r.app.Store.RefreshAnalytics(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// studentsIn counts the students of a filter with the registry's own
// list: the database's figure, which the dashboard's must equal.
func studentsIn(t testing.TB, r *registry, f domain.StudentFilter) int {
	t.Helper()
	l, err := r.app.Store.Students(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return l.Total
}

var tileValue = regexp.MustCompile(`data-tile="([a-z_0-9]+)">\s*<span class="stat-value">([^<]*)</span>`)

// tiles reads the key figures of a dashboard page by their keys.
func tiles(t testing.TB, p page) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range tileValue.FindAllStringSubmatch(p.body, -1) {
		out[m[1]] = html.UnescapeString(m[2])
	}
	if len(out) == 0 {
		t.Fatalf("no key figures on the page:\n%s", excerpt(p.body))
	}
	return out
}

// expectTiles fails unless each tile shows the number, written as the
// page's language writes it.
func expectTiles(t testing.TB, p page, lang string, want map[string]int) {
	t.Helper()
	got := tiles(t, p)
	for key, n := range want {
		if s := i18n.For(lang).Number(n); got[key] != s {
			t.Errorf("tile %s shows %q, want %q (the database's)", key, got[key], s)
		}
	}
}

// TestAnalyticsDashboards: the ministry reads the country's dashboard and
// drills down to a region, a college and an enterprise, on both
// databases; every figure equals the registry's own count of the same
// records, the map has a bubble per region linking to its dashboard, the
// tables list the level below, and the published statistics stand beside.
func TestAnalyticsDashboards(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		r.targetedFixture(t) // one targeted contract, Дәулетова Әсел's
		// The Almaty college's agreements in force with partners in two
		// countries: the international tiles count them.
		for _, country := range []string{"RU", "DE"} {
			p := domain.Partner{Kind: domain.PartnerCollege, Name: "Partner college " + country, Country: country, City: "City"}
			if err := r.app.Store.SavePartner(context.Background(), &p); err != nil {
				t.Fatal(err)
			}
			today := domain.DateInKazakhstan(time.Now())
			a := domain.Partnership{CollegeID: r.almaty.ID, PartnerID: p.ID, Kind: domain.AgreementMobility, Number: "1/" + country,
				Subject: "Student exchange", Status: domain.PartnershipActive, SignedOn: today.AddDate(0, -1, 0),
				StartsOn: today.AddDate(0, -1, 0), EndsOn: today.AddDate(2, 0, 0)}
			if err := r.app.Store.SavePartnership(context.Background(), &a); err != nil {
				t.Fatal(err)
			}
		}
		refreshAnalytics(t, r)
		ministry := append(r.as(t, domain.RoleMinistry), in("en")...)

		p := get(t, r.app.URL, "/analytics", ministry...)
		p.expect(t, http.StatusOK, "Analytics: Kazakhstan", `aria-current="page">Analytics</a>`,
			`<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-map"`, "Students in dual training by region",
			// The official statistics beside, with their source and definition.
			"Official statistics", `href="https://stat.gov.kz/`, "Bureau of National Statistics",
			"All students of TVET organisations at the start of the academic year")
		p.lacks(t, "Counted once international partnerships are recorded")
		expectTiles(t, p, "en", map[string]int{
			domain.TileStudents:          studentsIn(t, r, domain.StudentFilter{}),
			domain.TileStudentsDual:      studentsIn(t, r, domain.StudentFilter{EnterpriseID: r.energo.ID}),
			domain.TileEnterprisesDual:   1,
			domain.TileTargetedContracts: 1,
			domain.TileTeachers:          1,
			// The international partnerships recorded (issue 10).
			domain.TileCollegesInternational: 1,
			domain.TilePartnerCountries:      2,
		})
		// A bubble per region, each a link to the region's dashboard.
		if n := strings.Count(p.body, `<g class="bubble">`); n != 20 {
			t.Errorf("%d bubbles on the map, want 20 regions", n)
		}
		dualIn := func(region int) string {
			return strconv.Itoa(studentsIn(t, r, domain.StudentFilter{RegionID: region, EnterpriseID: r.energo.ID}))
		}
		p.expect(t, http.StatusOK, `<a href="/analytics?region=75"><title>Almaty: `+dualIn(75)+`</title>`,
			`<a href="/analytics?region=71"><title>Astana: `+dualIn(71)+`</title>`)
		// The regions' table: one row per region, Almaty's students counted.
		regions := between(t, p.body, `id="table-regions"`, `</details>`)
		if n := strings.Count(regions, `<td class="primary">`); n != 20 {
			t.Errorf("the regions' table has %d rows, want 20", n)
		}
		almaty := studentsIn(t, r, domain.StudentFilter{RegionID: 75})
		if !strings.Contains(regions, `<a href="/analytics?region=75">Almaty</a></td>
      <td data-label="Students" class="num">`+strconv.Itoa(almaty)+`</td>`) {
			t.Errorf("Almaty's row lacks its %d students:\n%s", almaty, regions)
		}

		// Down to the region: its colleges.
		p = get(t, r.app.URL, "/analytics?region=75", ministry...)
		p.expect(t, http.StatusOK, "Analytics: Almaty", `<a href="/analytics">Kazakhstan</a>`, "Students in dual training by college",
			`<a href="/analytics?college=`+itoa(r.almaty.ID)+`">Almaty Polytechnic College</a>`)
		p.lacks(t, "Astana Business College")
		expectTiles(t, p, "en", map[string]int{domain.TileStudents: almaty,
			domain.TileStudentsDual: studentsIn(t, r, domain.StudentFilter{RegionID: 75, EnterpriseID: r.energo.ID})})

		// Down to the college, with the way back up.
		p = get(t, r.app.URL, "/analytics?college="+itoa(r.almaty.ID), ministry...)
		p.expect(t, http.StatusOK, "Analytics: Almaty Polytechnic College", `<a href="/analytics">Kazakhstan</a> › <a href="/analytics?region=75">Almaty</a>`,
			"From offer to job")
		p.lacks(t, `class="chart chart-map"`)
		expectTiles(t, p, "en", map[string]int{domain.TileStudents: studentsIn(t, r, domain.StudentFilter{CollegeID: r.almaty.ID}),
			domain.TileTeachers: 1, domain.TileCollegesInternational: 1, domain.TilePartnerCountries: 2})

		// Another college's, in Russian.
		p = get(t, r.app.URL, "/analytics?college="+itoa(r.astana.ID), append(r.as(t, domain.RoleMinistry), in("ru")...)...)
		p.expect(t, http.StatusOK, "Аналитика: Астанинский колледж бизнеса", "Ключевые показатели")
		expectTiles(t, p, "ru", map[string]int{domain.TileStudents: studentsIn(t, r, domain.StudentFilter{CollegeID: r.astana.ID}),
			domain.TileStudentsDual: 0, domain.TileCollegesInternational: 0, domain.TilePartnerCountries: 0})

		// An enterprise's: the students it trains.
		p = get(t, r.app.URL, "/analytics?enterprise="+itoa(r.energo.ID), ministry...)
		p.expect(t, http.StatusOK, "Analytics: Almaty Energo Service LLP")
		expectTiles(t, p, "en", map[string]int{domain.TileStudents: studentsIn(t, r, domain.StudentFilter{EnterpriseID: r.energo.ID}),
			domain.TileTargetedContracts: 1})
	})
}

// between returns the part of s from the first from to the next to.
func between(t testing.TB, s, from, to string) string {
	t.Helper()
	i := strings.Index(s, from)
	if i < 0 {
		t.Fatalf("no %q in the page", from)
	}
	j := strings.Index(s[i:], to)
	if j < 0 {
		t.Fatalf("no %q after %q", to, from)
	}
	return s[i : i+j]
}

// TestAnalyticsScope: each reader sees their own level and below, the
// rest is not found (in their language); the roles without the dashboard
// are refused, the public is sent to sign in.
func TestAnalyticsScope(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	refreshAnalytics(t, r)
	region := append(r.as(t, domain.RoleRegion), in("ru")...)
	college := append(r.as(t, domain.RoleCollege), in("kk")...)
	enterprise := append(r.as(t, domain.RoleEnterprise), in("en")...)
	auditor := append(r.as(t, domain.RoleAuditor), in("en")...)
	notFoundRU := i18n.For("ru").T("web.error.not_found.text")
	notFoundKK := i18n.For("kk").T("web.error.not_found.text")

	// The regional department: its region by default, its colleges, no
	// other region, no college of another region, no way up to the country.
	p := get(t, r.app.URL, "/analytics", region...)
	p.expect(t, http.StatusOK, "Аналитика: г. Алматы", "Алматинский политехнический колледж")
	p.lacks(t, `<a href="/analytics">Казахстан</a>`, "Астанинский колледж бизнеса")
	expectTiles(t, p, "ru", map[string]int{domain.TileStudents: studentsIn(t, r, domain.StudentFilter{RegionID: 75})})
	get(t, r.app.URL, "/analytics?region=71", region...).expect(t, http.StatusNotFound, html.EscapeString(notFoundRU))
	get(t, r.app.URL, "/analytics?college="+itoa(r.astana.ID), region...).expect(t, http.StatusNotFound, html.EscapeString(notFoundRU))
	get(t, r.app.URL, "/analytics/export?table=colleges&format=xlsx&region=71", region...).expect(t, http.StatusNotFound)
	p = get(t, r.app.URL, "/analytics?college="+itoa(r.almaty.ID), region...)
	p.expect(t, http.StatusOK, `<a href="/analytics?region=75">г. Алматы</a>`)

	// The college: itself only.
	p = get(t, r.app.URL, "/analytics", college...)
	p.expect(t, http.StatusOK, "Аналитика: Алматы политехникалық колледжі")
	p.lacks(t, `href="/analytics?region=75"`)
	get(t, r.app.URL, "/analytics?college="+itoa(r.astana.ID), college...).expect(t, http.StatusNotFound, html.EscapeString(notFoundKK))
	get(t, r.app.URL, "/analytics?region=71", college...).expect(t, http.StatusNotFound)
	get(t, r.app.URL, "/analytics/export?table=years&format=csv&college="+itoa(r.astana.ID), college...).expect(t, http.StatusNotFound)

	// The enterprise: its own trainees.
	p = get(t, r.app.URL, "/analytics", enterprise...)
	p.expect(t, http.StatusOK, "Analytics: Almaty Energo Service LLP")
	expectTiles(t, p, "en", map[string]int{domain.TileStudents: studentsIn(t, r, domain.StudentFilter{EnterpriseID: r.energo.ID})})
	get(t, r.app.URL, "/analytics?enterprise="+itoa(r.builder.ID), enterprise...).expect(t, http.StatusNotFound)
	get(t, r.app.URL, "/analytics?college="+itoa(r.almaty.ID), enterprise...).expect(t, http.StatusNotFound)

	// The auditor of a region reads that region.
	get(t, r.app.URL, "/analytics", auditor...).expect(t, http.StatusOK, "Analytics: Almaty")
	get(t, r.app.URL, "/analytics?region=71", auditor...).expect(t, http.StatusNotFound)

	// Teachers, students and mentors have no dashboard, nor a link to one.
	for _, role := range []domain.Role{domain.RoleTeacher, domain.RoleStudent, domain.RoleMentor} {
		get(t, r.app.URL, "/analytics", append(r.as(t, role), in("kk")...)...).expect(t, http.StatusForbidden)
		get(t, r.app.URL, "/", append(r.as(t, role), in("en")...)...).lacks(t, `href="/analytics"`)
	}
	p = get(t, r.app.URL, "/analytics")
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/signin?next=%2Fanalytics" {
		t.Errorf("the public: status %d, Location %q; want 303 to sign in", p.status, p.header.Get("Location"))
	}
}

// TestAnalyticsFilters: the year, qualification, field and funding narrow
// every figure as the registry's list does; drill-down links keep them;
// a bad value is a 400 that names the field, in the reader's language.
func TestAnalyticsFilters(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	refreshAnalytics(t, r)
	ministry := append(r.as(t, domain.RoleMinistry), in("en")...)

	for _, c := range []struct {
		query string
		want  domain.StudentFilter
	}{
		{"funding=paid", domain.StudentFilter{Funding: domain.FundingPaid}},
		{"funding=targeted", domain.StudentFilter{Funding: domain.FundingTargeted}},
		{"qualification=4S04110102", domain.StudentFilter{Qualification: "4S04110102"}},
		{"qualification=06130100", domain.StudentFilter{Qualification: "06130100"}},
		{"field=04", domain.StudentFilter{Qualification: "04110100"}}, // the one specialty of the field in the fixture
		{"field=0613", domain.StudentFilter{Qualification: "06130100"}},
		{"region=75&funding=state", domain.StudentFilter{RegionID: 75, Funding: domain.FundingState}},
	} {
		p := get(t, r.app.URL, "/analytics?"+c.query, ministry...)
		p.expect(t, http.StatusOK)
		if n := studentsIn(t, r, c.want); n == 0 {
			t.Fatalf("%s: the fixture has no such students; the case proves nothing", c.query)
		}
		expectTiles(t, p, "en", map[string]int{domain.TileStudents: studentsIn(t, r, c.want)})
	}

	// The form is a plain GET form with the chosen values, and the
	// drill-down keeps the filters.
	p := get(t, r.app.URL, "/analytics?funding=paid&field=04&figure=students", ministry...)
	p.expect(t, http.StatusOK, `<form class="filters" method="get" action="/analytics"`,
		`<option value="paid" selected>`, `<option value="04" selected>04 — Business, administration and law</option>`,
		`<option value="students" selected>`, "Students by region",
		`<a href="/analytics?field=04&amp;figure=students&amp;funding=paid&amp;region=71">`)
	// With htmx, a change of filter swaps the results only, and the address
	// bar gets the canonical URL.
	hx := get(t, r.app.URL, "/analytics?funding=paid&field=&qualification=&year=", append(ministry, "HX-Request", "true")...)
	hx.expect(t, http.StatusOK, `<section id="results" class="results analytics"`, `class="chart chart-funnel`)
	hx.lacks(t, "<html", `<form class="filters"`)
	if u := hx.header.Get("HX-Push-Url"); u != "/analytics?funding=paid" {
		t.Errorf("HX-Push-Url %q", u)
	}
	// Published totals are not set beside filtered figures.
	if strings.Contains(between(t, p.body, `class="stats small kpis"`, `</ul>`), "Published:") {
		t.Errorf("a published total stands beside a filtered figure")
	}
	// A year: the trend's years are offered, the year chosen is shown.
	now := domain.AcademicYear(domain.DateInKazakhstan(time.Now()))
	p = get(t, r.app.URL, "/analytics?year=2023", ministry...)
	p.expect(t, http.StatusOK, `<option value="2023" selected>2023–2024</option>`, `<option value="`+strconv.Itoa(now)+`">`)
	expectTiles(t, p, "en", map[string]int{domain.TileStudents: studentsIn(t, r, domain.StudentFilter{CollegeID: r.almaty.ID})})

	for _, c := range []struct{ query, lang, text string }{
		{"field=abc", "en", "The field of education must be an ISCED-F code of 2 to 4 digits."},
		{"year=1999", "en", "The academic year must be from 2000 to 2100."},
		{"figure=salary", "ru", "Выберите показатель для карты из списка."},
		{"college=first", "kk", "college"},
		{"funding=free", "en", "funding"},
	} {
		p := get(t, r.app.URL, "/analytics?"+c.query, append(r.as(t, domain.RoleMinistry), in(c.lang)...)...)
		p.expect(t, http.StatusBadRequest, html.EscapeString(c.text))
	}
}

// TestAnalyticsExport: each table downloads as XLSX (and CSV) with the
// page's rows, numbers as numbers, headers in the reader's language; a
// table the level has not is refused, naming those it has.
func TestAnalyticsExport(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	r.targetedFixture(t)
	refreshAnalytics(t, r)
	ministry := append(r.as(t, domain.RoleMinistry), in("en")...)

	p := get(t, r.app.URL, "/analytics/export?table=regions&format=xlsx", ministry...)
	p.expect(t, http.StatusOK)
	if ct := p.header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := p.header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="analytics-regions-`) || !strings.HasSuffix(cd, `.xlsx"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	s, f, name := xlsxSheet(t, p)
	if name != "Regions" {
		t.Errorf("sheet %q, want Regions", name)
	}
	if len(s.rows) != 20 {
		t.Fatalf("%d rows, want 20 regions", len(s.rows))
	}
	for i, row := range s.rows {
		if row[0] != "Almaty" && row[0] != "Astana" {
			continue
		}
		region := map[string]int{"Almaty": 75, "Astana": 71}[row[0]]
		if got, want := s.cell(t, i, "Students"), strconv.Itoa(studentsIn(t, r, domain.StudentFilter{RegionID: region})); got != want {
			t.Errorf("%s: %s students in the file, want %s", row[0], got, want)
		}
		// A number, not text that looks like one.
		ref := cellName(t, s.col(t, "Students"), i+2)
		if typ, _ := f.GetCellType(name, ref); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s: the students cell is of type %v, want a number", ref, typ)
		}
	}

	// The region's colleges, in Russian, as CSV.
	p = get(t, r.app.URL, "/analytics/export?table=colleges&format=csv&region=75", append(r.as(t, domain.RoleMinistry), in("ru")...)...)
	p.expect(t, http.StatusOK)
	c := csvSheet(t, p)
	if c.header[0] != "Колледж" || len(c.rows) != 1 || c.rows[0][0] != "Алматинский политехнический колледж" {
		t.Errorf("colleges of Almaty: %q %q", c.header, c.rows)
	}
	if got, want := c.cell(t, 0, "Обучающиеся"), strconv.Itoa(studentsIn(t, r, domain.StudentFilter{CollegeID: r.almaty.ID})); got != want {
		t.Errorf("the college's students: %s, want %s", got, want)
	}

	// The funnel and the trend, as the page shows them.
	page := get(t, r.app.URL, "/analytics", ministry...)
	for _, table := range []string{"tiles", "funnel", "years", "official"} {
		p := get(t, r.app.URL, "/analytics/export?format=xlsx&table="+table, ministry...)
		p.expect(t, http.StatusOK)
		s, _, _ := xlsxSheet(t, p)
		onPage := strings.Count(between(t, page.body, `id="table-`+table+`"`, `</details>`), `<td class="primary">`)
		if len(s.rows) != onPage || onPage == 0 {
			t.Errorf("%s: %d rows in the file, %d on the page", table, len(s.rows), onPage)
		}
	}

	get(t, r.app.URL, "/analytics/export?table=colleges&format=xlsx", ministry...).expect(t, http.StatusBadRequest,
		"Choose a table of the dashboard: tiles, regions, funnel, years, official.")
	get(t, r.app.URL, "/analytics/export?table=regions&format=pdf", ministry...).expect(t, http.StatusBadRequest)
}
