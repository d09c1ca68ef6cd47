package demo

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
)

// checkGraduates checks the demo's graduates and their employment as the
// pages will show them: three years of graduates apart from the students,
// employment rates near the published ones, dual graduates well above the
// others, regions apart, and the last year with its 3-month point only.
func checkGraduates(t *testing.T, st *store.Store, db *sql.DB, rec *recorder, sum Summary) {
	t.Helper()
	ctx := context.Background()
	if !rec.counted {
		t.Error("the employment counts were not made")
	}
	if sum.Graduates < 3000 || sum.GraduateGroups == 0 || sum.EmploymentRecords < sum.Graduates/3 {
		t.Fatalf("graduates: %d in %d groups, %d contracts", sum.Graduates, sum.GraduateGroups, sum.EmploymentRecords)
	}
	if share := float64(sum.DualGraduates) / float64(sum.Graduates); share < 0.1 || share > 0.4 {
		t.Errorf("dual share of graduates %.2f", share)
	}
	if n := count(t, db, `SELECT count(*) FROM students WHERE status = 'graduated' AND graduated_on IS NOT NULL`); n != sum.Graduates {
		t.Errorf("%d graduates stored, summary says %d", n, sum.Graduates)
	}
	if n := count(t, db, `SELECT count(*) FROM employment_records`); n != sum.EmploymentRecords {
		t.Errorf("%d contracts stored, summary says %d", n, sum.EmploymentRecords)
	}
	// The generator's today is DefaultToday; the store's clock the real one.
	st.Now = func() time.Time { return DefaultToday.Add(12 * time.Hour) }
	defer func() { st.Now = time.Now }()
	rep, err := st.EmploymentReport(ctx, domain.EmploymentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.Graduates != sum.Graduates || len(rep.Cohorts) != 3 {
		t.Fatalf("report: %d graduates in %v, summary says %d", rep.Total.Graduates, rep.Cohorts, sum.Graduates)
	}
	rate := func(f domain.EmploymentFigures, i int) float64 {
		r, ok := f.Points[i].Rate()
		if !ok {
			t.Fatalf("no rate at point %d: %+v", i, f)
		}
		return r
	}
	if r := rate(rep.Total, 2); r < 48 || r > 70 {
		t.Errorf("12-month rate %.1f %%, want near the published 58.5–60.4 %%", r)
	}
	if d, n := rate(rep.Dual, 2), rate(rep.NonDual, 2); d < n+15 {
		t.Errorf("12 months: dual %.1f %%, others %.1f %%: want dual well above", d, n)
	}
	if r3, r12 := rate(rep.Total, 0), rate(rep.Total, 2); r3 >= r12 {
		t.Errorf("3-month rate %.1f %% not below the 12-month %.1f %%", r3, r12)
	}
	last, err := st.EmploymentReport(ctx, domain.EmploymentFilter{Cohort: rep.Cohorts[0]})
	if err != nil {
		t.Fatal(err)
	}
	if p := last.Total.Points; p[0].Reached == 0 || p[1].Reached != 0 || p[2].Reached != 0 {
		t.Errorf("the last year as of %s: %+v; want its 3-month point only", DefaultToday.Format(time.DateOnly), p)
	}
	if len(rep.Areas) > 1 {
		lo, hi := 100.0, 0.0
		for _, a := range rep.Areas {
			if r, ok := a.Points[2].Rate(); ok {
				lo, hi = min(lo, r), max(hi, r)
			}
		}
		if hi-lo < 3 {
			t.Errorf("regions' 12-month rates all within %.1f points", hi-lo)
		}
	}
}
