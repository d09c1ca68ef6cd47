package store_test

import (
	"context"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// day is a date at midnight UTC, as dates are stored.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// noonInKazakhstan is a clock reading on that day in Kazakhstan.
func noonInKazakhstan(d time.Time) time.Time { return d.Add(7 * time.Hour) }

// importContracts brings contracts in through the import, as the register's
// extract arrives.
func importContracts(t *testing.T, st *store.Store, contracts ...domain.EmploymentRecord) domain.ImportResult {
	t.Helper()
	rows := func(yield func(domain.EmploymentRow, error) bool) {
		for i, c := range contracts {
			if !yield(domain.EmploymentRow{Line: i + 2, EmploymentRecord: c}, nil) {
				return
			}
		}
	}
	res, err := st.ImportEmployment(context.Background(), domain.ImportRequest{File: "register.csv", Columns: []string{"ends_on"}},
		iter.Seq2[domain.EmploymentRow, error](rows))
	if err != nil {
		t.Fatalf("import contracts: %v", err)
	}
	return res
}

// figures writes a report's counts compactly: graduates, then reached and
// employed at each point.
func figures(f domain.EmploymentFigures) string {
	s := fmt.Sprint(f.Graduates)
	for _, p := range f.Points {
		s += fmt.Sprintf(" %d:%d/%d", p.Months, p.Employed, p.Reached)
	}
	return s
}

func TestGraduationAndEmploymentRates(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clock := noonInKazakhstan(day(2026, 11, 25))
		st.Now = func() time.Time { return clock }
		f := newFixture(t, st)

		// Six students of group ПО-23-1: three trained at the enterprise
		// (dual), two did not, one is on academic leave.
		names := [][2]string{{"Әбілова", "Айгерім"}, {"Бекова", "Жанар"}, {"Дәулетова", "Әсел"}, {"Жұмабаева", "Мадина"},
			{"Иванова", "Мария"}, {"Қасымова", "Дана"}}
		var students []domain.Student
		for i, n := range names {
			s := f.student(t, i+1, n[0], n[1])
			if i >= 3 {
				s.EnterpriseID = 0
			}
			if i == 5 {
				s.Status = domain.StatusAcademicLeave
			}
			if err := st.CreateStudent(ctx, &s); err != nil {
				t.Fatal(err)
			}
			students = append(students, s)
		}

		wantCode(t, func() error { _, err := st.GraduateGroup(ctx, f.group.ID, time.Time{}); return err }(), domain.EINVALID, "graduated_on")
		wantCode(t, func() error { _, err := st.GraduateGroup(ctx, f.group.ID, day(2026, 12, 1)); return err }(), domain.EINVALID, "graduated_on")
		wantCode(t, func() error { _, err := st.GraduateGroup(ctx, f.group.ID, day(2023, 8, 1)); return err }(), domain.EINVALID, "graduated_on")
		wantCode(t, func() error { _, err := st.GraduateGroup(ctx, f.group.ID+100, day(2025, 6, 30)); return err }(), domain.ENOTFOUND, "")

		g, err := st.GraduateGroup(ctx, f.group.ID, day(2025, 6, 30))
		if err != nil || g.Graduated != 5 || g.Skipped != 1 {
			t.Fatalf("graduate the group: %+v, %v", g, err)
		}
		wantCode(t, func() error { _, err := st.GraduateGroup(ctx, f.group.ID, day(2025, 6, 30)); return err }(), domain.ECONFLICT, "")
		if s, _ := st.Student(ctx, students[0].ID); s.Status != domain.StatusGraduated {
			t.Fatalf("graduate's status: %q", s.Status)
		}
		if s, _ := st.Student(ctx, students[5].ID); s.Status != domain.StatusAcademicLeave {
			t.Fatalf("student on leave graduated: %q", s.Status)
		}
		// The registry's totals count students not yet graduated.
		if c, err := st.Counts(ctx); err != nil || c.Students != 1 || c.DualStudents != 0 {
			t.Fatalf("counts after graduation: %d students, %d dual, %v", c.Students, c.DualStudents, err)
		}
		log, err := st.Audit(ctx, domain.AuditFilter{RecordType: "student", RecordID: fmt.Sprint(students[0].ID)})
		if err != nil || log.Total != 2 || log.Items[0].Action != "graduate" || log.Items[0].CollegeID != f.college.ID ||
			log.Items[0].After != `{"graduated_on":"2025-06-30","status":"graduated"}` {
			t.Fatalf("graduation audit: %+v, %v", log.Items, err)
		}

		// Nobody employed yet: every point of the cohort has come, none is met.
		rep, err := st.EmploymentReport(ctx, domain.EmploymentFilter{})
		if err != nil || figures(rep.Total) != "5 3:0/5 6:0/5 12:0/5" {
			t.Fatalf("report before any contract: %s, %v", figures(rep.Total), err)
		}

		// The register: a contract from August on (every point); one from
		// mid-October to February (6 months only); one that ran exactly on
		// the 3-month day; none; one from the 12-month day on.
		bin := f.enterprise.BIN
		res := importContracts(t, st,
			domain.EmploymentRecord{IIN: students[0].IIN, EmployerBIN: bin, StartsOn: day(2025, 8, 1), Position: "Техник-программист"},
			domain.EmploymentRecord{IIN: students[1].IIN, EmployerBIN: bin, StartsOn: day(2025, 10, 15), EndsOn: day(2026, 2, 28), Position: "Оператор"},
			domain.EmploymentRecord{IIN: students[2].IIN, EmployerBIN: bin, StartsOn: day(2025, 9, 30), EndsOn: day(2025, 9, 30), Position: "Курьер"},
			domain.EmploymentRecord{IIN: students[4].IIN, EmployerBIN: bin, StartsOn: day(2026, 6, 30), Position: "Бухгалтер"},
		)
		if res.Inserted != 4 {
			t.Fatalf("import: %+v", res)
		}
		rep, err = st.EmploymentReport(ctx, domain.EmploymentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			got  domain.EmploymentFigures
			want string
		}{
			{"total", rep.Total, "5 3:2/5 6:2/5 12:2/5"},
			{"national", rep.National, "5 3:2/5 6:2/5 12:2/5"},
			{"dual", rep.Dual, "3 3:2/3 6:2/3 12:1/3"},
			{"non-dual", rep.NonDual, "2 3:0/2 6:0/2 12:1/2"},
		} {
			if figures(c.got) != c.want {
				t.Errorf("%s: %s, want %s", c.name, figures(c.got), c.want)
			}
		}
		if len(rep.Areas) != 1 || rep.Areas[0].Key != "75" || rep.Areas[0].Name.RU != "г. Алматы" ||
			len(rep.Qualifications) != 1 || rep.Qualifications[0].Key != "4S06130103" || rep.Qualifications[0].Name.RU == "" {
			t.Errorf("breakdowns: areas %+v, qualifications %+v", rep.Areas, rep.Qualifications)
		}
		if rate, ok := rep.Total.Points[0].Rate(); !ok || rate != 40 {
			t.Errorf("3-month rate = %v, %v; want 40", rate, ok)
		}
		if len(rep.Published) != 3 || rep.Published[0].Rate != 58.5 || rep.Published[0].Publisher == "" {
			t.Errorf("published figures: %+v", rep.Published)
		}
		if len(rep.Cohorts) != 1 || rep.Cohorts[0] != 2025 || !rep.AsOf.Equal(day(2026, 11, 25)) {
			t.Errorf("cohorts %v as of %v", rep.Cohorts, rep.AsOf)
		}

		// A second cohort graduates on 31 August 2026: its 3-month day is
		// 30 November, not yet come; its 6-month day is 28 February.
		second := domain.Group{CollegeID: f.college.ID, ProgrammeID: f.programme.ID, Code: "ПО-23-2", IntakeYear: 2023, Language: "ru"}
		if err := st.CreateGroup(ctx, &second); err != nil {
			t.Fatal(err)
		}
		late := f.student(t, 7, "Сейітова", "Томирис")
		late.GroupID, late.EnterpriseID = second.ID, 0
		if err := st.CreateStudent(ctx, &late); err != nil {
			t.Fatal(err)
		}
		importContracts(t, st, domain.EmploymentRecord{IIN: late.IIN, EmployerBIN: bin, StartsOn: day(2026, 9, 1), Position: "Техник"})
		if _, err := st.GraduateGroup(ctx, second.ID, day(2026, 8, 31)); err != nil {
			t.Fatal(err)
		}
		rep, _ = st.EmploymentReport(ctx, domain.EmploymentFilter{})
		if figures(rep.Total) != "6 3:2/5 6:2/5 12:2/5" || len(rep.Cohorts) != 2 || rep.Cohorts[0] != 2026 {
			t.Fatalf("second cohort before its first point: %s, cohorts %v", figures(rep.Total), rep.Cohorts)
		}
		clock = noonInKazakhstan(day(2026, 11, 30))
		rep, _ = st.EmploymentReport(ctx, domain.EmploymentFilter{})
		if figures(rep.Total) != "6 3:3/6 6:2/5 12:2/5" {
			t.Fatalf("on the second cohort's 3-month day: %s", figures(rep.Total))
		}
		one, _ := st.EmploymentReport(ctx, domain.EmploymentFilter{Cohort: 2026})
		if figures(one.Total) != "1 3:1/1 6:0/0 12:0/0" {
			t.Errorf("cohort 2026: %s", figures(one.Total))
		}

		// A contract changed in the register: the counts follow at the next
		// report. The courier's contract is extended to the end of 2026.
		clock = clock.Add(time.Hour)
		res = importContracts(t, st, domain.EmploymentRecord{IIN: students[2].IIN, EmployerBIN: bin, StartsOn: day(2025, 9, 30),
			EndsOn: day(2026, 12, 31), Position: "Курьер"})
		if res.Updated != 1 {
			t.Fatalf("update import: %+v", res)
		}
		rep, _ = st.EmploymentReport(ctx, domain.EmploymentFilter{})
		if figures(rep.Total) != "6 3:3/6 6:3/5 12:3/5" {
			t.Fatalf("after the register changed: %s", figures(rep.Total))
		}
		// The counts kept by graduations and imports are those of a recount.
		if err := st.RefreshEmploymentOutcomes(ctx); err != nil {
			t.Fatal(err)
		}
		again, _ := st.EmploymentReport(ctx, domain.EmploymentFilter{})
		if figures(again.Total) != figures(rep.Total) || figures(again.Dual) != figures(rep.Dual) {
			t.Fatalf("recount %s / %s, kept %s / %s", figures(again.Total), figures(again.Dual), figures(rep.Total), figures(rep.Dual))
		}

		// Another region has no graduates; the country's figures come along.
		other, err := st.EmploymentReport(ctx, domain.EmploymentFilter{RegionID: 71})
		if err != nil || other.Total.Graduates != 0 || figures(other.National) != figures(rep.Total) || len(other.Areas) != 0 {
			t.Fatalf("region 71: %s, national %s, areas %v, %v", figures(other.Total), figures(other.National), other.Areas, err)
		}
		college, _ := st.EmploymentReport(ctx, domain.EmploymentFilter{CollegeID: f.college.ID})
		if figures(college.Total) != figures(rep.Total) || len(college.Areas) != 0 || len(college.Qualifications) != 1 {
			t.Fatalf("college report: %s, areas %v", figures(college.Total), college.Areas)
		}
		region, _ := st.EmploymentReport(ctx, domain.EmploymentFilter{RegionID: 75})
		if len(region.Areas) != 1 || region.Areas[0].Key != fmt.Sprint(f.college.ID) || region.Areas[0].Name.EN != "Almaty Polytechnic College" {
			t.Fatalf("region's colleges: %+v", region.Areas)
		}
		wantCode(t, func() error { _, err := st.EmploymentReport(ctx, domain.EmploymentFilter{Cohort: 1999}); return err }(), domain.EINVALID, "cohort")

		// One graduate's statuses, with the contract behind each.
		o, err := st.GraduateOutcome(ctx, students[1].ID)
		if err != nil || !o.Dual || !o.GraduatedOn.Equal(day(2025, 6, 30)) || o.GroupCode != "ПО-23-1" {
			t.Fatalf("outcome: %+v, %v", o, err)
		}
		want := []struct {
			on       time.Time
			employed bool
		}{{day(2025, 9, 30), false}, {day(2025, 12, 30), true}, {day(2026, 6, 30), false}}
		for i, w := range want {
			p := o.Points[i]
			if !p.On.Equal(w.on) || !p.Reached || p.Employed != w.employed {
				t.Errorf("point %d: %+v, want %v employed %v", i, p, w.on, w.employed)
			}
		}
		if p := o.Points[1]; p.EmployerBIN != bin || p.Employer.RU != "ТОО «Алматы Энерго Сервис»" || p.Position != "Оператор" {
			t.Errorf("the contract at 6 months: %+v", p)
		}
		if o, _ := st.GraduateOutcome(ctx, late.ID); !o.Points[0].Reached || o.Points[1].Reached || o.Points[1].Employed {
			t.Errorf("a point not yet come counts: %+v", o.Points)
		}
		if _, err := st.GraduateOutcome(ctx, students[5].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("a student on leave has an outcome: %v", err)
		}

		list, err := st.Graduates(ctx, domain.GraduateFilter{CollegeID: f.college.ID, Page: domain.Page{Size: 4}})
		if err != nil || list.Total != 6 || len(list.Items) != 4 || list.Items[0].Name.Last != "Әбілова" ||
			!list.Items[0].Points[2].Employed || list.Items[0].Points[2].Position != "Техник-программист" {
			t.Fatalf("graduates: total %d, %+v, %v", list.Total, list.Items, err)
		}
		if list, _ := st.Graduates(ctx, domain.GraduateFilter{Cohort: 2026}); list.Total != 1 || list.Items[0].StudentID != late.ID {
			t.Errorf("graduates of 2026: %+v", list)
		}
	})
}
