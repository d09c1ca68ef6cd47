package web_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// reportTile returns the value printed beside a tile's name in a report's
// text: the table writes a row's cells in order, the name first.
func reportTile(t testing.TB, text, lang, key string) string {
	t.Helper()
	lines := strings.Split(text, "\n")
	name := i18n.For(lang).T(domain.TileKeyPrefix + key)
	i := slices.Index(lines, name)
	if i < 0 || i+1 >= len(lines) {
		t.Fatalf("no %q in the report:\n%s", name, text)
	}
	return lines[i+1]
}

// prose joins a report's lines as a reader reads them: a name wrapped in
// a narrow column is one name.
func prose(text string) string { return strings.ReplaceAll(text, "\n", " ") }

// TestAnalyticsReport: the region's and the college's dashboards print as
// PDF reports in Kazakh and Russian (and English), with the area's name,
// the figures the database holds and the page's filters; the page links
// to them; a reader out of scope is refused as on the page.
func TestAnalyticsReport(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	refreshAnalytics(t, r)
	ctx := context.Background()
	regions, err := r.app.Store.Regions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var almaty domain.Names
	for _, g := range regions {
		if g.ID == 75 {
			almaty = g.Name
		}
	}
	report := func(t *testing.T, url, lang string, as []string) string {
		t.Helper()
		p := get(t, r.app.URL, url, as...)
		p.expect(t, http.StatusOK)
		if ct, cd := p.header.Get("Content-Type"), p.header.Get("Content-Disposition"); ct != "application/pdf" ||
			!strings.HasPrefix(cd, `attachment; filename="analytics-`) || !strings.HasSuffix(cd, "-"+lang+`.pdf"`) {
			t.Errorf("%s: Content-Type %q, Content-Disposition %q", url, ct, cd)
		}
		return testkit.PDFText(t, []byte(p.body))
	}
	ministry := r.as(t, domain.RoleMinistry)

	// The region, in Kazakh and Russian: its name in the title, its
	// students as the registry counts them, its college in the table.
	for _, lang := range []string{"kk", "ru"} {
		text := report(t, "/analytics/report?region=75&lang="+lang, lang, ministry)
		pr := i18n.For(lang)
		for _, want := range []string{pr.T("analytics.report.title", "area", almaty.In(lang)), r.almaty.Name.In(lang),
			pr.T("analytics.funnel.offers"), pr.T("web.analytics.bars_colleges", "figure", pr.T("web.analytics.figure.dual_students"))} {
			if !strings.Contains(prose(text), want) {
				t.Errorf("%s: no %q in the region's report:\n%s", lang, want, text)
			}
		}
		if got, want := reportTile(t, text, lang, domain.TileStudents), pr.Number(studentsIn(t, r, domain.StudentFilter{RegionID: 75})); got != want {
			t.Errorf("%s: the region's students printed as %q, the database has %s", lang, got, want)
		}
	}

	// The college, in Russian: its students by qualification.
	text := report(t, "/analytics/report?college="+itoa(r.almaty.ID)+"&lang=ru", "ru", ministry)
	for _, want := range []string{"Аналитический отчёт: Алматинский политехнический колледж", "Обучающиеся по квалификациям"} {
		if !strings.Contains(prose(text), want) {
			t.Errorf("no %q in the college's report:\n%s", want, text)
		}
	}
	if got, want := reportTile(t, text, "ru", domain.TileStudents), i18n.For("ru").Number(studentsIn(t, r, domain.StudentFilter{CollegeID: r.almaty.ID})); got != want {
		t.Errorf("the college's students printed as %q, the database has %s", got, want)
	}

	// The page's filters apply, and the report says which.
	text = report(t, "/analytics/report?region=75&funding=targeted&lang=en", "en", ministry)
	targeted := studentsIn(t, r, domain.StudentFilter{RegionID: 75, Funding: domain.FundingTargeted})
	if targeted == 0 || targeted == studentsIn(t, r, domain.StudentFilter{RegionID: 75}) {
		t.Fatal("the fixture's Almaty students are not partly targeted; the case proves nothing")
	}
	if got := reportTile(t, text, "en", domain.TileStudents); got != i18n.For("en").Number(targeted) ||
		!strings.Contains(prose(text), "Funding: "+i18n.For("en").T("web.funding.targeted")) {
		t.Errorf("the targeted students printed as %q, want %d, with the filter named:\n%s", got, targeted, text)
	}

	// The region's and the college's pages link to the report in each
	// language, under the page's filters.
	get(t, r.app.URL, "/analytics?region=75&funding=paid", append(ministry, in("kk")...)...).expect(t, http.StatusOK,
		`<a href="/analytics/report?funding=paid&amp;lang=kk&amp;region=75" download hreflang="kk">қазақ тілінде</a>`,
		`hreflang="ru">орыс тілінде</a>`)
	get(t, r.app.URL, "/analytics?college="+itoa(r.almaty.ID), append(ministry, in("ru")...)...).expect(t, http.StatusOK,
		`<a href="/analytics/report?college=`+itoa(r.almaty.ID)+`&amp;lang=ru" download hreflang="ru">на русском</a>`)

	// As on the page: another region, another college, a college for an
	// enterprise are not found; teachers have no dashboard; a language
	// the report is not printed in is refused, naming it.
	region, college, enterprise := r.as(t, domain.RoleRegion), r.as(t, domain.RoleCollege), r.as(t, domain.RoleEnterprise)
	report(t, "/analytics/report?lang=ru", "ru", region) // its own region
	get(t, r.app.URL, "/analytics/report?region=71&lang=ru", region...).expect(t, http.StatusNotFound)
	get(t, r.app.URL, "/analytics/report?college="+itoa(r.astana.ID)+"&lang=kk", region...).expect(t, http.StatusNotFound)
	get(t, r.app.URL, "/analytics/report?college="+itoa(r.astana.ID)+"&lang=kk", college...).expect(t, http.StatusNotFound)
	get(t, r.app.URL, "/analytics/report?college="+itoa(r.almaty.ID)+"&lang=kk", enterprise...).expect(t, http.StatusNotFound)
	get(t, r.app.URL, "/analytics/report?lang=kk", r.as(t, domain.RoleTeacher)...).expect(t, http.StatusForbidden)
	get(t, r.app.URL, "/analytics/report?region=75&lang=de", append(ministry, in("en")...)...).expect(t, http.StatusBadRequest,
		"The report is printed in Kazakh (kk), Russian (ru) or English (en).")
}
