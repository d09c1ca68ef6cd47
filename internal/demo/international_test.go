package demo

import (
	"context"
	"slices"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
)

// TestNationalInternational checks the published picture the national
// dataset reproduces, without a database: 60+ colleges with agreements in
// force with partners in 30 countries, 9 of them with Russian partners,
// most of those in the regions on the Russian border and with partners in
// the bordering Russian regions; and agreements that pass the product's
// own checks.
func TestNationalInternational(t *testing.T) {
	p := nationalPlan(t)
	ip := newIntlPlan(p)
	l := p.planInternational(ip)
	colleges, countries, russian := map[int64]bool{}, map[string]bool{}, map[int64]bool{}
	border := 0
	for _, a := range l.Partnerships {
		if err := a.Validate(); err != nil {
			t.Fatalf("agreement %+v: %v", a, err)
		}
		if !a.InForceOn(p.today) {
			continue
		}
		colleges[a.CollegeID] = true
		partner := l.Partners[a.PartnerID-1]
		countries[partner.Country] = true
		if partner.Country == domain.Russia && !russian[a.CollegeID] {
			russian[a.CollegeID] = true
			if slices.Contains(bordering, p.colleges[a.CollegeID-1].RegionID) {
				border++
			}
		}
	}
	t.Logf("%d partners, %d agreements; %d colleges in force with %d countries, %d with Russia (%d on the border)",
		len(l.Partners), len(l.Partnerships), len(colleges), len(countries), len(russian), border)
	if len(colleges) < 60 || len(countries) != 30 || len(russian) != 9 || border < 6 {
		t.Errorf("%d colleges with partners in %d countries, %d with Russia (%d on the border); want 60+, 30, 9, most on the border",
			len(colleges), len(countries), len(russian), border)
	}
	if !russian[p.colleges[p.accounts.college].ID] {
		t.Errorf("the demo college has no Russian partner")
	}
	named := 0
	for _, pt := range l.Partners {
		if pt.Country == domain.Russia && pt.RURegion != "" {
			named++
		}
	}
	if named < 8 {
		t.Errorf("%d Russian partners name their region", named)
	}
}

// TestNationalTeacherRecords checks the teachers' categories at the
// published shares (91.6 % of teachers, 72.5 % of masters) and that the
// college pages have teachers overdue, due soon and with internships.
func TestNationalTeacherRecords(t *testing.T) {
	p := nationalPlan(t)
	tp := newTeacherPlan(p, newIntlPlan(p))
	counts := map[string][2]int{} // position → categorised, all
	var overdue, soon, interned int
	policy := domain.DefaultTeacherPolicy
	p.teachers(newIINAllocator(p.seed), tp.watch(func(tc domain.Teacher) bool {
		rec := tp.records[len(tp.records)-1]
		c := counts[tc.Position]
		c[1]++
		if rec.Profile.Category != "" {
			c[0]++
		}
		counts[tc.Position] = c
		base := tc.HiredOn
		for _, course := range rec.Courses {
			if course.EndsOn.After(base) {
				base = course.EndsOn
			}
			if err := course.Validate(p.today); err != nil {
				t.Fatalf("course %+v: %v", course, err)
			}
		}
		switch domain.DevelopmentStateOn(base, p.today, policy) {
		case domain.DevelopmentOverdue:
			overdue++
		case domain.DevelopmentDueSoon:
			soon++
		}
		for _, in := range rec.Internships {
			if !in.EndsOn.Before(domain.InternshipSince(p.today, policy)) {
				interned++
				break
			}
		}
		return true
	}))
	share := func(pos string) float64 { return float64(counts[pos][0]) / float64(counts[pos][1]) }
	n := len(tp.records)
	t.Logf("%d teachers: categorised %.3f of teachers, %.3f of masters; %d overdue, %d due soon, %d with an internship",
		n, share(domain.PositionTeacher), share(domain.PositionMaster), overdue, soon, interned)
	if s := share(domain.PositionTeacher); s < 0.90 || s > 0.93 {
		t.Errorf("categorised teachers %.3f, want 0.916", s)
	}
	if s := share(domain.PositionMaster); s < 0.70 || s > 0.75 {
		t.Errorf("categorised masters %.3f, want 0.725", s)
	}
	if overdue < n/20 || overdue > n/5 || soon < n/30 || interned < n*2/5 || interned > n/2 {
		t.Errorf("%d of %d overdue, %d due soon, %d with an internship", overdue, n, soon, interned)
	}
}

// checkInternational checks what the small dataset wrote, through the
// store's own figures: the counts of the summary, the teachers with a
// category, overdue and with an internship, and the demo college's
// Russian partner on the cross-border view.
func checkInternational(t *testing.T, st *store.Store, rec *recorder, sum Summary) {
	t.Helper()
	ctx := context.Background()
	if sum.TeacherProfiles != sum.Teachers || sum.PartnerColleges < 3 || sum.RussianPartnerColleges < 1 || sum.Mobility == 0 {
		t.Errorf("summary: %+v", sum)
	}
	fig, err := st.InternationalFigures(ctx, domain.CollegeScope{})
	if err != nil {
		t.Fatal(err)
	}
	if fig.CollegesWithPartners != sum.PartnerColleges || fig.PartnerCountries != sum.PartnerCountries ||
		fig.CollegesWithRussia != sum.RussianPartnerColleges {
		t.Errorf("figures %d colleges, %d countries, %d with Russia; summary %d, %d, %d", fig.CollegesWithPartners, fig.PartnerCountries,
			fig.CollegesWithRussia, sum.PartnerColleges, sum.PartnerCountries, sum.RussianPartnerColleges)
	}
	people := 0
	for _, m := range fig.Mobility {
		people += m.People
	}
	if people == 0 {
		t.Errorf("no mobility this academic year: %+v", fig.Mobility)
	}
	cb, err := st.CrossBorder(ctx, domain.CollegeScope{})
	if err != nil || cb.Colleges != sum.RussianPartnerColleges || len(cb.Cells) == 0 {
		t.Errorf("cross-border: %+v, %v", cb, err)
	}
	tf, err := st.TeacherFigures(ctx, domain.CollegeScope{})
	if err != nil {
		t.Fatal(err)
	}
	if tf.Teachers != sum.Teachers || tf.WithInternship == 0 || tf.Overdue == 0 || tf.Categories[len(tf.Categories)-1].Teachers == tf.Teachers {
		t.Errorf("teachers' figures: %+v", tf)
	}
	if len(rec.intl) != 1 || len(rec.teacherRecs) != sum.Teachers {
		t.Errorf("recorded %d international loads, %d teacher records", len(rec.intl), len(rec.teacherRecs))
	}
}
