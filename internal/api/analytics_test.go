package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/api"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// analyticsProbes are TestRoleMatrix's requests for analytics: the
// dashboard of each reader's own level, and open data for everyone.
func (f *fixture) analyticsProbes() map[string]probe {
	return map[string]probe{
		"GET /api/v1/analytics/dashboard":   {url: api.Prefix + "/analytics/dashboard", ok: http.StatusOK},
		"GET /api/v1/analytics/report":      {url: api.Prefix + "/analytics/report?lang=ru", ok: http.StatusOK},
		"GET /api/v1/open/by-region":        {url: api.Prefix + "/open/by-region", ok: http.StatusOK},
		"GET /api/v1/open/by-year":          {url: api.Prefix + "/open/by-year", ok: http.StatusOK},
		"GET /api/v1/open/by-qualification": {url: api.Prefix + "/open/by-qualification", ok: http.StatusOK},
	}
}

// TestAnalyticsAPI: the dashboard within each caller's scope, and open
// data without a token, as JSON and CSV, never serving a count under 5,
// an IIN or a name, on both databases.
func TestAnalyticsAPI(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			app := testkit.StartApp(t, db.DSN(t))
			f := newFixture(t, app.Store)
			s := &session{base: app.URL, c: fetchContract(t, app.URL), succeeded: map[string]bool{}}
			mst, reg, col := f.tokens[domain.RoleMinistry], f.tokens[domain.RoleRegion], f.tokens[domain.RoleCollege]
			v1 := func(format string, args ...any) string { return api.Prefix + fmt.Sprintf(format, args...) }

			s.call(t, mst, "GET", v1("/analytics/dashboard"), nil, 200).has(t, map[string]any{"level": "national",
				"tiles.0.key": "students_total", "funnel.0.key": "offers", "filter.region_id": nil})
			s.call(t, reg, "GET", v1("/analytics/dashboard"), nil, 200).has(t, map[string]any{"level": "region", "filter.region_id": 75})
			s.call(t, reg, "GET", v1("/analytics/dashboard?region_id=71"), nil, 404)
			s.call(t, reg, "GET", v1("/analytics/dashboard?college_id=%d", f.college2.ID), nil, 404)
			s.call(t, col, "GET", v1("/analytics/dashboard"), nil, 200).has(t, map[string]any{"level": "college",
				"filter.college_id": f.college.ID, "areas": "[]"})
			s.call(t, f.tokens[domain.RoleEnterprise], "GET", v1("/analytics/dashboard?enterprise_id=%d", f.enterprise2.ID), nil, 404)
			s.call(t, f.tokens[domain.RoleEnterprise], "GET", v1("/analytics/dashboard"), nil, 200).has(t, map[string]any{"level": "enterprise"})
			// A dashboard of another level than the one asked for is not
			// the caller's: the enterprise asking for a college (or a
			// region), the college for its region, are not found, as on
			// the pages, rather than narrowed to their own trainees.
			s.call(t, f.tokens[domain.RoleEnterprise], "GET", v1("/analytics/dashboard?college_id=%d", f.college.ID), nil, 404).
				has(t, map[string]any{"error.code": domain.ENOTFOUND})
			s.call(t, f.tokens[domain.RoleEnterprise], "GET", v1("/analytics/dashboard?region_id=75"), nil, 404)
			s.call(t, col, "GET", v1("/analytics/dashboard?region_id=75"), nil, 404)
			s.call(t, reg, "GET", v1("/analytics/dashboard?college_id=%d", f.college.ID), nil, 200).has(t, map[string]any{"level": "college"})
			s.call(t, mst, "GET", v1("/analytics/dashboard?funding=grant"), nil, 400).errorField(t, domain.EINVALID, "funding")

			// The PDF report of the same dashboard, in the language asked
			// for: the region's name and its students as the registry
			// counts them; out of scope as the dashboard.
			students, err := app.Store.Students(context.Background(), domain.StudentFilter{RegionID: 75})
			if err != nil {
				t.Fatal(err)
			}
			for _, lang := range []string{"kk", "ru"} {
				pdf := s.call(t, reg, "GET", v1("/analytics/report?lang=%s", lang), nil, 200)
				if ct := pdf.header.Get("Content-Type"); ct != "application/pdf" {
					t.Errorf("the report is %q", ct)
				}
				text := strings.ReplaceAll(testkit.PDFText(t, pdf.raw), "\n", " ")
				region := map[string]string{"kk": "Алматы қаласы", "ru": "г. Алматы"}[lang]
				figure := i18n.For(lang).T(domain.TileKeyPrefix+domain.TileStudents) + " " + i18n.For(lang).Number(students.Total)
				if !strings.Contains(text, i18n.For(lang).T("analytics.report.title", "area", region)) || !strings.Contains(text, figure) {
					t.Errorf("%s: the region's report lacks its name or %q:\n%s", lang, figure, text)
				}
			}
			s.call(t, col, "GET", v1("/analytics/report?college_id=%d&lang=kk", f.college.ID), nil, 200)
			s.call(t, col, "GET", v1("/analytics/report?college_id=%d&lang=kk", f.college2.ID), nil, 404)
			s.call(t, reg, "GET", v1("/analytics/report?region_id=71"), nil, 404)
			s.call(t, f.tokens[domain.RoleEnterprise], "GET", v1("/analytics/report?college_id=%d", f.college.ID), nil, 404)
			s.call(t, mst, "GET", v1("/analytics/report?region_id=75&lang=de"), nil, 400).errorField(t, domain.EINVALID, "lang")
			s.call(t, "", "GET", v1("/analytics/report"), nil, 401)
			s.call(t, mst, "GET", v1("/analytics/dashboard?field=x"), nil, 400).errorField(t, domain.EINVALID, "field")
			s.call(t, "", "GET", v1("/analytics/dashboard"), nil, 401)

			// Open data, without a token: no count under 5, no IIN, no name.
			personal := func(t *testing.T, body []byte) {
				t.Helper()
				for _, st := range f.students {
					for _, secret := range []string{st.IIN, st.Name.Last} {
						if bytes.Contains(body, []byte(secret)) {
							t.Errorf("open data carries %q", secret)
						}
					}
				}
			}
			suppressed := 0
			for _, by := range []string{"by-region", "by-year", "by-qualification"} {
				r := s.call(t, "", "GET", v1("/open/%s", by), nil, 200)
				personal(t, r.raw)
				rows, _ := lookup(r.v, "rows")
				for _, row := range rows.([]any) {
					m := row.(map[string]any)
					for _, col := range domain.OpenColumns {
						switch v := m[col].(type) {
						case nil:
							suppressed++
						case float64:
							if v < domain.SmallCell {
								t.Errorf("%s: %s = %v served", by, col, v)
							}
						default:
							t.Errorf("%s: %s = %v", by, col, v)
						}
					}
				}
				c := s.call(t, "", "GET", v1("/open/%s?format=csv", by), nil, 200)
				if ct := c.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
					t.Fatalf("CSV Content-Type %q", ct)
				}
				personal(t, c.raw)
				recs, err := csv.NewReader(bytes.NewReader(c.raw)).ReadAll()
				if err != nil || len(recs) < 1 || recs[0][5] != "students" || recs[0][len(recs[0])-1] != "note" {
					t.Fatalf("CSV %v: %v", recs, err)
				}
				for _, rec := range recs[1:] {
					for i := 5; i < 5+len(domain.OpenColumns); i++ {
						if rec[i] == "" {
							continue
						}
						if n, err := strconv.Atoi(rec[i]); err != nil || n < domain.SmallCell {
							t.Errorf("%s CSV: %s = %q served", by, recs[0][i], rec[i])
						}
					}
				}
			}
			if suppressed == 0 {
				t.Fatal("the fixture's few students left no count to suppress")
			}
			s.call(t, "", "GET", v1("/open/by-year?format=xml"), nil, 400).errorField(t, domain.EINVALID, "format")
			s.call(t, "", "GET", v1("/open/by-region?year=1999"), nil, 400).errorField(t, domain.EINVALID, "year")
			// Asked through Accept rather than format.
			if r := s.call(t, "", "GET", v1("/open/by-year"), nil, 200, "Accept", "text/csv"); r.header.Get("Content-Type") != "text/csv; charset=utf-8" {
				t.Fatalf("Accept: text/csv answered %q", r.header.Get("Content-Type"))
			}
			s.reachedEvery(t, "analytics")
			s.reachedEvery(t, "open-data")
		})
	}
}
