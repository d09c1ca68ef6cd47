package store_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// tileValues writes a dashboard's tiles compactly, key=value (rates as
// numerator/denominator), in the dashboard's order.
func tileValues(d domain.Dashboard) string {
	s := ""
	for _, t := range d.Tiles {
		switch {
		case !t.Available:
			s += fmt.Sprintf("%s=n/a ", t.Key)
		case t.IsRate:
			s += fmt.Sprintf("%s=%d/%d ", t.Key, t.Value, t.Of)
		default:
			s += fmt.Sprintf("%s=%d ", t.Key, t.Value)
		}
	}
	return s
}

func funnelValues(d domain.Dashboard) string {
	s := ""
	for _, f := range d.Funnel {
		s += fmt.Sprintf("%s=%d ", f.Key, f.Count)
	}
	return s
}

func TestAnalyticsDashboard(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clock := noonInKazakhstan(day(2026, 11, 25))
		st.Now = func() time.Time { return clock }
		f := newFixture(t, st) // a college in Almaty (75), an enterprise, a dual programme, group ПО-23-1

		// In Almaty: five students of the 2023 intake on the roll, three of
		// them trained at the enterprise, two paying; one expelled, who
		// counts nowhere.
		serial := 0
		add := func(s domain.Student) domain.Student {
			t.Helper()
			if err := st.CreateStudent(ctx, &s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		next := func(last string) domain.Student {
			serial++
			return f.student(t, serial, last, "Айгерім")
		}
		for i := range 6 {
			s := next(fmt.Sprintf("Әбілова-%d", i))
			if i >= 3 {
				s.EnterpriseID, s.Funding = 0, domain.FundingPaid
			}
			if i == 5 {
				s.Status = domain.StatusExpelled
			}
			add(s)
		}
		// A second college in Astana (71) with three students of the 2024
		// intake, one trained at the same enterprise.
		astanaCities, err := st.Cities(ctx, 71)
		if err != nil || len(astanaCities) == 0 {
			t.Fatalf("Astana's towns: %v", err)
		}
		astana := domain.College{BIN: bin(t, "99034000202"), Name: domain.Names{KK: "Астана колледжі", RU: "Астанинский колледж"}, RegionID: 71,
			CityID: astanaCities[0].ID, Ownership: domain.OwnershipState, Address: "Астана"}
		if err := st.CreateCollege(ctx, &astana); err != nil {
			t.Fatal(err)
		}
		prog := f.programme
		prog.ID, prog.CollegeID = 0, astana.ID
		if err := st.CreateProgramme(ctx, &prog); err != nil {
			t.Fatal(err)
		}
		group := domain.Group{CollegeID: astana.ID, ProgrammeID: prog.ID, Code: "ПО-24-1", IntakeYear: 2024, Language: "ru"}
		if err := st.CreateGroup(ctx, &group); err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			s := next(fmt.Sprintf("Сейтова-%d", i))
			s.CollegeID, s.GroupID, s.ProgrammeID = astana.ID, group.ID, prog.ID
			s.EnrolledOn = day(2024, 9, 1)
			if i > 0 {
				s.EnterpriseID = 0
			}
			add(s)
		}
		// Five graduates of June 2025 in Almaty (2022 intake), two of them
		// employed on their 12-month day by the register.
		old := domain.Group{CollegeID: f.college.ID, ProgrammeID: f.programme.ID, Code: "ПО-22-1", IntakeYear: 2022, Language: "kk"}
		if err := st.CreateGroup(ctx, &old); err != nil {
			t.Fatal(err)
		}
		var graduates []domain.Student
		for i := range 5 {
			s := next(fmt.Sprintf("Бекова-%d", i))
			s.GroupID, s.EnrolledOn, s.EnterpriseID = old.ID, day(2022, 9, 1), 0
			graduates = append(graduates, add(s))
		}
		if _, err := st.GraduateGroup(ctx, old.ID, day(2025, 6, 30)); err != nil {
			t.Fatal(err)
		}
		importContracts(t, st,
			domain.EmploymentRecord{IIN: graduates[0].IIN, EmployerBIN: f.enterprise.BIN, StartsOn: day(2025, 8, 1), Position: "Техник"},
			domain.EmploymentRecord{IIN: graduates[1].IIN, EmployerBIN: f.enterprise.BIN, StartsOn: day(2026, 1, 10), Position: "Оператор"},
			// Ended before the 12-month day: not employed on it.
			domain.EmploymentRecord{IIN: graduates[2].IIN, EmployerBIN: f.enterprise.BIN, StartsOn: day(2025, 9, 1), EndsOn: day(2026, 3, 1), Position: "Курьер"},
		)
		// A patronage memorandum in force this year, of the enterprise
		// and the Almaty college.
		m := domain.Memorandum{Number: "17-П", RegionID: 75, CollegeID: f.college.ID, EnterpriseID: f.enterprise.ID,
			SignedOn: day(2026, 8, 20), StartsOn: day(2026, 9, 1), EndsOn: day(2029, 9, 1),
			Commitments: []domain.Commitment{{Kind: domain.CommitHires, Quantity: 4}}}
		if err := st.SaveMemorandum(ctx, &m); err != nil {
			t.Fatal(err)
		}

		d, err := st.Dashboard(ctx, domain.AnalyticsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		// The enterprise trains students of both regions: one enterprise
		// in the country, one in each region.
		want := "students_total=8 students_dual=4 enterprises_dual=1 patron_companies=1 colleges_patronage=1 targeted_contracts=0 " +
			"employment_rate_12=2/5 teachers=0 colleges_international=0 partner_countries=0 "
		if d.Level != domain.LevelNational || d.Year != 2026 || tileValues(d) != want {
			t.Fatalf("national dashboard %s %d:\n%s\nwant\n%s", d.Level, d.Year, tileValues(d), want)
		}
		if d.AsOf.IsZero() || fmt.Sprint(d.Years) != "[2026 2025 2024 2023 2022]" {
			t.Fatalf("as of %v, years %v", d.AsOf, d.Years)
		}
		// The employment tile is the employment page's 12-month rate.
		rep, err := st.EmploymentReport(ctx, domain.EmploymentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if rate, _ := d.Tile(domain.TileEmploymentRate); int64(rep.Total.Points[2].Employed) != rate.Value ||
			int64(rep.Total.Points[2].Reached) != rate.Of || rate.Rate != 0.4 {
			t.Fatalf("employment tile %+v, employment page %+v", rate, rep.Total.Points[2])
		}
		// The published figures sit beside: the country's students and
		// the bureau's newest share of graduates employed (102.3 of 169.3
		// thousand in 2025-2026: 60.4 %).
		if st, _ := d.Tile(domain.TileStudents); st.Official == nil || st.Official.Indicator != "students_total" {
			t.Fatalf("students tile's official figure: %+v", st.Official)
		}
		if rate, _ := d.Tile(domain.TileEmploymentRate); rate.Official == nil || rate.Official.Period != "2025-2026" ||
			math.Abs(rate.Official.Comparable()-0.604) > 1e-9 {
			t.Fatalf("employment tile's official figure: %+v", rate.Official)
		}
		if len(d.Areas) != 20 {
			t.Fatalf("national areas: %d regions", len(d.Areas))
		}
		for _, a := range d.Areas {
			got := fmt.Sprintf("%d %d %d %d %d/%d", a.Students, a.DualStudents, a.Enterprises, a.Patrons, a.Employed, a.Graduates)
			wantArea := map[int64]string{75: "5 3 1 1 2/5", 71: "3 1 1 0 0/0"}[a.ID]
			if wantArea == "" {
				wantArea = "0 0 0 0 0/0"
			}
			if got != wantArea || a.Lat == 0 || a.Names.RU == "" {
				t.Fatalf("region %d (%s): %s at %v,%v, want %s", a.ID, a.Names.RU, got, a.Lat, a.Lon, wantArea)
			}
		}
		trend := ""
		for _, y := range d.Trend {
			trend += fmt.Sprintf("%d:%d/%d/%d ", y.Year, y.Students, y.DualStudents, y.Graduates)
		}
		if trend != "2022:5/0/0 2023:10/3/0 2024:13/4/5 2025:8/4/0 2026:8/4/0 " {
			t.Fatalf("trend %s", trend)
		}
		// The funnel: the Almaty college's enterprise trainees have no
		// agreements here, so the chain after the offers is empty but for
		// the dual graduates (none).
		if got := funnelValues(d); got != "offers=0 allocated=0 agreements_active=0 logbook_on_track=0 assessed=0 employed=0 " {
			t.Fatalf("funnel %s", got)
		}

		// Filters: the year, the funding, the qualification and the field.
		for _, c := range []struct {
			f    domain.AnalyticsFilter
			want string
		}{
			{domain.AnalyticsFilter{Year: 2024}, "students_total=13 students_dual=4 enterprises_dual=1"},
			{domain.AnalyticsFilter{Funding: domain.FundingPaid}, "students_total=2 students_dual=0 enterprises_dual=0"},
			{domain.AnalyticsFilter{Qualification: "4S06130103"}, "students_total=8 students_dual=4 enterprises_dual=1"},
			{domain.AnalyticsFilter{Qualification: "06130100"}, "students_total=8 students_dual=4 enterprises_dual=1"},
			{domain.AnalyticsFilter{Qualification: "3W07130101"}, "students_total=0 students_dual=0 enterprises_dual=0"},
			{domain.AnalyticsFilter{Field: "06"}, "students_total=8 students_dual=4 enterprises_dual=1"},
			{domain.AnalyticsFilter{Field: "0713"}, "students_total=0 students_dual=0 enterprises_dual=0"},
		} {
			d, err := st.Dashboard(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := tileValues(d); got[:len(c.want)] != c.want {
				t.Errorf("%+v: %s, want %s…", c.f, got, c.want)
			}
			if s, _ := d.Tile(domain.TileStudents); (c.f.Funding != "" || c.f.Qualification != "" || c.f.Field != "") && s.Official != nil {
				t.Errorf("%+v: a filtered figure set beside the published total", c.f)
			}
		}
		wantCode(t, func() error { _, err := st.Dashboard(ctx, domain.AnalyticsFilter{Funding: "grant"}); return err }(), domain.EINVALID, "funding")
		wantCode(t, func() error { _, err := st.Dashboard(ctx, domain.AnalyticsFilter{Field: "abc"}); return err }(), domain.EINVALID, "field")
		wantCode(t, func() error { _, err := st.Dashboard(ctx, domain.AnalyticsFilter{Year: 1900}); return err }(), domain.EINVALID, "year")
		wantCode(t, func() error { _, err := st.Dashboard(ctx, domain.AnalyticsFilter{Qualification: "x"}); return err }(), domain.EINVALID, "qualification")

		// A region's dashboard: its figures only, its colleges as areas.
		d, err = st.Dashboard(ctx, domain.AnalyticsFilter{RegionID: 71})
		if err != nil {
			t.Fatal(err)
		}
		if d.Level != domain.LevelRegion || len(d.Areas) != 1 || d.Areas[0].ID != astana.ID ||
			tileValues(d)[:len("students_total=3 students_dual=1 enterprises_dual=1 patron_companies=0")] !=
				"students_total=3 students_dual=1 enterprises_dual=1 patron_companies=0" {
			t.Fatalf("Astana's dashboard: %s %s %+v", d.Level, tileValues(d), d.Areas)
		}
		// Astana's published figures, none of the country's.
		for _, o := range d.Official {
			if o.RegionID != 71 {
				t.Fatalf("Astana's dashboard shows %s of %s", o.Indicator, o.Geography)
			}
		}
		// A college: none below it; a college of another region is not found.
		d, err = st.Dashboard(ctx, domain.AnalyticsFilter{CollegeID: f.college.ID})
		if err != nil || d.Level != domain.LevelCollege || len(d.Areas) != 0 || len(d.Official) != 0 {
			t.Fatalf("college dashboard: %s %+v %v", d.Level, d.Areas, err)
		}
		wantCode(t, func() error {
			_, err := st.Dashboard(ctx, domain.AnalyticsFilter{RegionID: 71, CollegeID: f.college.ID})
			return err
		}(), domain.ENOTFOUND, "")
		wantCode(t, func() error { _, err := st.Dashboard(ctx, domain.AnalyticsFilter{RegionID: 99}); return err }(), domain.ENOTFOUND, "")
		// The enterprise: its trainees in both regions.
		d, err = st.Dashboard(ctx, domain.AnalyticsFilter{EnterpriseID: f.enterprise.ID})
		if err != nil || d.Level != domain.LevelEnterprise ||
			tileValues(d)[:len("students_total=4 students_dual=4 patron_companies=1")] != "students_total=4 students_dual=4 patron_companies=1" {
			t.Fatalf("enterprise dashboard: %s %v", tileValues(d), err)
		}

		// A change: a new dual student in Astana. The counts stay as they
		// were until refreshed, then count the student.
		s := next("Нұрланова")
		s.CollegeID, s.GroupID, s.ProgrammeID, s.EnrolledOn = astana.ID, group.ID, prog.ID, day(2024, 9, 1)
		add(s)
		if err := st.RefreshAnalytics(ctx); err != nil {
			t.Fatal(err)
		}
		d, err = st.Dashboard(ctx, domain.AnalyticsFilter{RegionID: 71})
		if got := tileValues(d); err != nil || got[:len("students_total=4 students_dual=2")] != "students_total=4 students_dual=2" {
			t.Fatalf("after a new student: %s %v", got, err)
		}
		// Counts older than the limit are refreshed in the background
		// while the reader gets them with their time.
		before := d.AsOf
		s = next("Оспанова")
		s.CollegeID, s.GroupID, s.ProgrammeID, s.EnrolledOn = astana.ID, group.ID, prog.ID, day(2024, 9, 1)
		add(s)
		clock = clock.Add(store.AnalyticsMaxAge + time.Minute)
		deadline := time.Now().Add(30 * time.Second)
		for {
			d, err = st.Dashboard(ctx, domain.AnalyticsFilter{RegionID: 71})
			if err != nil {
				t.Fatal(err)
			}
			if d.AsOf.After(before) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("stale counts were never refreshed")
			}
			time.Sleep(50 * time.Millisecond)
		}
		if got := tileValues(d); got[:len("students_total=5 students_dual=3")] != "students_total=5 students_dual=3" {
			t.Fatalf("after the background refresh: %s", got)
		}
	})
}

// TestAnalyticsFunnelAndInternational: the funnel never places more
// students than there are places, an agreement without an offer being a
// place the enterprise gave directly, and each step after is of the
// students of the one before; the international tiles count the colleges
// with an agreement in force in the year and their partners' countries.
func TestAnalyticsFunnelAndInternational(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		tr := newTraining(t, st) // 20 August 2026
		// One place offered, on which nobody is placed yet.
		o := tr.offer(almaty, 1)
		publish(t, st, &o)
		// Three students taken directly, without an offer: two agreements
		// signed by every party, one still a draft.
		for i, name := range []string{"Әбілова", "Бекова", "Сейтова"} {
			s, u := tr.newStudent(t, name, "Айгерім")
			if i < 2 {
				tr.activate(t, s, u, tr.terms())
			} else {
				tr.draft(t, s, tr.terms())
			}
		}
		// International partners of the college: Russia and France in
		// force this year, Germany still in negotiation.
		for _, p := range []struct {
			country string
			status  domain.PartnershipStatus
		}{{"RU", domain.PartnershipActive}, {"FR", domain.PartnershipActive}, {"DE", domain.PartnershipNegotiation}} {
			partner := domain.Partner{Kind: domain.PartnerCollege, Name: "Колледж " + p.country, Country: p.country, City: "Город"}
			if err := st.SavePartner(ctx, &partner); err != nil {
				t.Fatal(err)
			}
			a := domain.Partnership{CollegeID: tr.college.ID, PartnerID: partner.ID, Kind: domain.AgreementMobility, Number: "1/" + p.country,
				Subject: "Обмен студентами", Status: p.status, StartsOn: date("2026-09-01"), EndsOn: date("2029-08-31")}
			if p.status == domain.PartnershipActive {
				a.SignedOn = date("2026-08-20")
			}
			if err := st.SavePartnership(ctx, &a); err != nil {
				t.Fatal(err)
			}
		}
		clockAt(st, "2026-11-25")
		if err := st.RefreshAnalytics(ctx); err != nil {
			t.Fatal(err)
		}
		for _, f := range []domain.AnalyticsFilter{{}, {RegionID: 75}, {CollegeID: tr.college.ID}} {
			d, err := st.Dashboard(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			// 1 place offered and 3 given directly; 3 placed, 2 signed.
			if got := funnelValues(d); got != "offers=4 allocated=3 agreements_active=2 logbook_on_track=0 assessed=0 employed=0 " {
				t.Errorf("%s funnel: %s", d.Level, got)
			}
			for i := 1; i < len(d.Funnel)-1; i++ {
				if d.Funnel[i].Count > d.Funnel[i-1].Count {
					t.Errorf("%s funnel: %s %d above %s %d", d.Level, d.Funnel[i].Key, d.Funnel[i].Count, d.Funnel[i-1].Key, d.Funnel[i-1].Count)
				}
			}
			colleges, _ := d.Tile(domain.TileCollegesInternational)
			countries, _ := d.Tile(domain.TilePartnerCountries)
			if !colleges.Available || colleges.Value != 1 || !countries.Available || countries.Value != 2 {
				t.Errorf("%s international tiles: %+v %+v", d.Level, colleges, countries)
			}
		}
		// Another region's dashboard has none; the year before the
		// agreements began has none.
		for _, f := range []domain.AnalyticsFilter{{RegionID: 71}, {Year: 2025}} {
			d, err := st.Dashboard(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if c, _ := d.Tile(domain.TileCollegesInternational); c.Value != 0 {
				t.Errorf("%+v: %d colleges with partners, want 0", f, c.Value)
			}
		}
		// An enterprise has no international figures of its own.
		d, err := st.Dashboard(ctx, domain.AnalyticsFilter{EnterpriseID: tr.enterprise.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := d.Tile(domain.TilePartnerCountries); ok {
			t.Errorf("the enterprise's dashboard has partner countries: %s", tileValues(d))
		}
	})
}

func TestAnalyticsOpenData(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clock := noonInKazakhstan(day(2026, 11, 25))
		st.Now = func() time.Time { return clock }
		f := newFixture(t, st)
		// Twelve students in Almaty, three of them dual: the dual count is
		// a small cell.
		for i := range 12 {
			s := f.student(t, i+1, fmt.Sprintf("Әбілова-%d", i), "Айгерім")
			if i >= 3 {
				s.EnterpriseID = 0
			}
			if err := st.CreateStudent(ctx, &s); err != nil {
				t.Fatal(err)
			}
		}
		tab, err := st.OpenFigures(ctx, domain.OpenQuery{By: domain.OpenByRegion})
		if err != nil {
			t.Fatal(err)
		}
		if tab.Year != 2026 || len(tab.Rows) != 1 || tab.Rows[0].Key != "75" || tab.Rows[0].Name.RU != "г. Алматы" {
			t.Fatalf("open data by region: %+v", tab)
		}
		row := tab.Rows[0]
		if row.Counts[0] == nil || *row.Counts[0] != 12 || row.Counts[1] != nil || fmt.Sprint(row.Suppressed) != "[dual_students graduates employed_12 contracts]" {
			t.Fatalf("row %v suppressed %v", row.Counts, row.Suppressed)
		}
		for _, by := range domain.OpenBreakdowns {
			tab, err := st.OpenFigures(ctx, domain.OpenQuery{By: by})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range tab.Rows {
				for j, c := range r.Counts {
					if c != nil && *c < domain.SmallCell {
						t.Fatalf("by %s: %s %s = %d served", by, r.Key, domain.OpenColumns[j], *c)
					}
				}
			}
		}
		wantCode(t, func() error { _, err := st.OpenFigures(ctx, domain.OpenQuery{By: "college"}); return err }(), domain.EINVALID, "by")
	})
}

// TestAnalyticsFirstReadersTogether: readers arriving together at counts
// never made (a fresh database, as when several people open the public
// figures at once) all get them; on PostgreSQL two recounts at once used
// to insert the same keys and one reader got a conflict.
func TestAnalyticsFirstReadersTogether(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clock := noonInKazakhstan(day(2026, 11, 25))
		st.Now = func() time.Time { return clock }
		f := newFixture(t, st)
		for i := range 6 {
			s := f.student(t, i+1, fmt.Sprintf("Серікова-%d", i), "Дана")
			if err := st.CreateStudent(ctx, &s); err != nil {
				t.Fatal(err)
			}
		}
		const readers = 6
		errs := make(chan error, readers)
		for range readers {
			go func() {
				_, err := st.OpenFigures(ctx, domain.OpenQuery{By: domain.OpenByQualification})
				errs <- err
			}()
		}
		for range readers {
			if err := <-errs; err != nil {
				t.Errorf("a reader of the first counts: %v", err)
			}
		}
	})
}
