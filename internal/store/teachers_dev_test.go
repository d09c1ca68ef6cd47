package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// teachersFixture is three teachers of the fixture's college on 25
// November 2026: Ахметова never took a course since her hire in 2015
// (overdue), Бекова's last course ended on 10 January 2024 (due on 10
// January 2027, within the 90 days: due soon), Ким's on 30 May 2026
// (current).
type teachersFixture struct {
	fixture
	overdue, dueSoon, current domain.Teacher
}

func newTeachersFixture(t *testing.T, st *store.Store) teachersFixture {
	t.Helper()
	ctx := context.Background()
	f := teachersFixture{fixture: newFixture(t, st)}
	clockAt(st, "2026-11-25")
	for i, tc := range []*domain.Teacher{&f.overdue, &f.dueSoon, &f.current} {
		*tc = domain.Teacher{IIN: mustIIN(t, "8001154", 10+100*i), Name: domain.PersonName{Last: []string{"Ахметова", "Бекова", "Ким"}[i],
			First: "Айгүл"}, CollegeID: f.college.ID, Position: domain.PositionTeacher, HiredOn: date("2015-09-01")}
		if i == 2 {
			tc.Position = domain.PositionMaster
		}
		if err := st.CreateTeacher(ctx, tc); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []domain.Course{
		{TeacherID: f.dueSoon.ID, Course: "Цифровые технологии в ТиПО", Provider: "НАО «Talap»", Hours: 72, Certificate: "T-2024-0117",
			StartsOn: date("2023-12-18"), EndsOn: date("2024-01-10")},
		{TeacherID: f.current.ID, Course: "Методика дуального обучения", Provider: "АО НЦПК «Өрлеу»", Hours: 80, Certificate: "Ө-5521",
			StartsOn: date("2026-05-11"), EndsOn: date("2026-05-30")},
	} {
		if err := st.RecordCourse(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func TestTeacherStandingsAndFigures(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newTeachersFixture(t, st)

		// Бекова's internship ended within the three years; Ахметова's in
		// 2022 no longer counts.
		for _, in := range []domain.Internship{
			{TeacherID: f.dueSoon.ID, EnterpriseID: f.enterprise.ID, Hours: 72, StartsOn: date("2025-06-02"), EndsOn: date("2025-06-20"),
				Note: "Обслуживание подстанций"},
			{TeacherID: f.overdue.ID, EnterpriseID: f.enterprise.ID, Hours: 36, StartsOn: date("2022-06-01"), EndsOn: date("2022-06-10")},
		} {
			if err := st.RecordInternship(ctx, &in); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range []domain.TeacherProfile{
			{TeacherID: f.overdue.ID, Category: "expert", Subjects: []string{"Электротехника", " электротехника ", "Электротехника", "ТОЭ"}},
			{TeacherID: f.dueSoon.ID, Category: "master", Subjects: []string{"Математика"}},
		} {
			if err := st.SaveTeacherProfile(ctx, &p); err != nil {
				t.Fatal(err)
			}
		}

		list, err := st.Standings(ctx, domain.StandingFilter{CollegeID: f.college.ID, Sort: "due_on"})
		if err != nil {
			t.Fatal(err)
		}
		var states []domain.DevelopmentState
		for _, s := range list.Items {
			states = append(states, s.State)
		}
		if list.Total != 3 || !slices.Equal(states, []domain.DevelopmentState{domain.DevelopmentOverdue, domain.DevelopmentDueSoon,
			domain.DevelopmentCurrent}) {
			t.Fatalf("standings by due date: %d, %v", list.Total, states)
		}
		if s := list.Items[1]; !s.DueOn.Equal(date("2027-01-10")) || s.CategoryName.RU != "педагог-мастер" || s.Subjects[0] != "Математика" {
			t.Fatalf("Бекова: due %v, category %+v, subjects %v", s.DueOn, s.CategoryName, s.Subjects)
		}
		if s := list.Items[0]; !slices.Equal(s.Subjects, []string{"Электротехника", "электротехника", "ТОЭ"}) {
			t.Fatalf("subjects kept: %q", s.Subjects)
		}
		for state, want := range map[domain.DevelopmentState]int64{domain.DevelopmentOverdue: f.overdue.ID,
			domain.DevelopmentDueSoon: f.dueSoon.ID, domain.DevelopmentCurrent: f.current.ID} {
			got, err := st.Standings(ctx, domain.StandingFilter{RegionID: 75, State: state})
			if err != nil || got.Total != 1 || got.Items[0].TeacherID != want {
				t.Fatalf("state %s: %+v, %v", state, got, err)
			}
		}
		none, err := st.Standings(ctx, domain.StandingFilter{CollegeID: f.college.ID, Category: domain.NoCategory})
		if err != nil || none.Total != 1 || none.Items[0].TeacherID != f.current.ID {
			t.Fatalf("without a category: %+v, %v", none, err)
		}

		fig, err := st.TeacherFigures(ctx, domain.CollegeScope{})
		if err != nil {
			t.Fatal(err)
		}
		if fig.Teachers != 3 || fig.Masters != 1 || fig.WithInternship != 1 || fig.InternshipPercent != 33 || fig.Overdue != 1 || fig.DueSoon != 1 {
			t.Fatalf("figures: %+v", fig)
		}
		counts := map[string]int{}
		for _, c := range fig.Categories {
			counts[c.Code] = c.Teachers
		}
		if len(fig.Categories) != 6 || counts["expert"] != 1 || counts["master"] != 1 || counts[""] != 1 || counts["pedagogue"] != 0 {
			t.Fatalf("categories: %+v", fig.Categories)
		}
		if len(fig.Regions) != 1 || fig.Regions[0].RegionID != 75 || fig.Regions[0].Categorised != 2 || fig.Regions[0].InternshipPercent != 33 {
			t.Fatalf("regions: %+v", fig.Regions)
		}
		other, err := st.TeacherFigures(ctx, domain.CollegeScope{RegionID: 11})
		if err != nil || other.Teachers != 0 || other.Regions != nil {
			t.Fatalf("another region: %+v, %v", other, err)
		}

		// Every five years instead of three: Бекова is no longer due soon.
		if err := st.UpdateTeacherPolicy(ctx, domain.TeacherPolicy{DevelopmentYears: 5, DueSoonDays: 90, InternshipYears: 3}); err != nil {
			t.Fatal(err)
		}
		fig, err = st.TeacherFigures(ctx, domain.CollegeScope{CollegeID: f.college.ID})
		if err != nil || fig.Overdue != 1 || fig.DueSoon != 0 || fig.Policy.DevelopmentYears != 5 {
			t.Fatalf("after the policy change: %+v, %v", fig, err)
		}
		wantCode(t, st.UpdateTeacherPolicy(ctx, domain.TeacherPolicy{DevelopmentYears: 0, DueSoonDays: 90, InternshipYears: 3}),
			domain.EINVALID, "development_years")

		d, err := st.TeacherDevelopment(ctx, f.dueSoon.ID)
		if err != nil || len(d.Courses) != 1 || len(d.Internships) != 1 || d.Internships[0].Enterprise.RU != "ТОО «Алматы Энерго Сервис»" {
			t.Fatalf("Бекова's page: %+v, %v", d, err)
		}
		at, err := st.Internships(ctx, domain.InternshipFilter{EnterpriseID: f.enterprise.ID})
		if err != nil || at.Total != 2 || at.Items[0].TeacherID != f.dueSoon.ID {
			t.Fatalf("internships at the enterprise: %+v, %v", at, err)
		}
		audit, err := st.Audit(ctx, domain.AuditFilter{RecordType: "internship", CollegeID: f.college.ID})
		if err != nil || audit.Total != 2 {
			t.Fatalf("internships audited: %+v, %v", audit.Total, err)
		}
	})
}

func TestTeacherRecordsRefused(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newTeachersFixture(t, st)
		future := domain.Course{TeacherID: f.current.ID, Course: "Курс", Provider: "Өрлеу", Hours: 36, Certificate: "1",
			StartsOn: date("2026-11-20"), EndsOn: date("2026-12-05")}
		wantCode(t, st.RecordCourse(ctx, &future), domain.EINVALID, "ends_on")
		noHours := future
		noHours.EndsOn, noHours.Hours = date("2026-11-24"), 0
		wantCode(t, st.RecordCourse(ctx, &noHours), domain.EINVALID, "hours")
		unknown := domain.Course{TeacherID: 999999, Course: "Курс", Provider: "Өрлеу", Hours: 36, Certificate: "1",
			StartsOn: date("2026-11-01"), EndsOn: date("2026-11-05")}
		wantCode(t, st.RecordCourse(ctx, &unknown), domain.ENOTFOUND, "")
		nowhere := domain.Internship{TeacherID: f.current.ID, EnterpriseID: 999999, Hours: 36, StartsOn: date("2026-11-01"), EndsOn: date("2026-11-05")}
		wantCode(t, st.RecordInternship(ctx, &nowhere), domain.EINVALID, "enterprise_id")

		// The scheme is the administrator's: a new category, a retired one
		// no longer given (but kept by who holds it), a code taken.
		cats, err := st.QualificationCategories(ctx)
		if err != nil || len(cats) != 5 || cats[0].Code != "pedagogue" || cats[4].Name.KK != "педагог-шебер" {
			t.Fatalf("shipped scheme: %+v, %v", cats, err)
		}
		holder := domain.TeacherProfile{TeacherID: f.overdue.ID, Category: "moderator"}
		if err := st.SaveTeacherProfile(ctx, &holder); err != nil {
			t.Fatal(err)
		}
		moderator := cats[1]
		moderator.Retired = true
		if err := st.SaveQualificationCategory(ctx, &moderator, false); err != nil {
			t.Fatal(err)
		}
		wantCode(t, st.SaveTeacherProfile(ctx, &domain.TeacherProfile{TeacherID: f.current.ID, Category: "moderator"}), domain.EINVALID, "category")
		holder.Subjects = []string{"Физика"}
		if err := st.SaveTeacherProfile(ctx, &holder); err != nil {
			t.Fatalf("a holder keeps a retired category: %v", err)
		}
		wantCode(t, st.SaveTeacherProfile(ctx, &domain.TeacherProfile{TeacherID: f.current.ID, Category: "grandmaster"}), domain.EINVALID, "category")
		added := domain.QualificationCategory{Code: "first", Position: 6, Name: domain.Names{KK: "бірінші санат", RU: "первая категория",
			EN: "first category"}}
		if err := st.SaveQualificationCategory(ctx, &added, true); err != nil {
			t.Fatal(err)
		}
		wantCode(t, st.SaveQualificationCategory(ctx, &added, true), domain.ECONFLICT, "code")
		wantCode(t, st.SaveQualificationCategory(ctx, &domain.QualificationCategory{Code: "Bad Code", Position: 1}, true), domain.EINVALID, "code")
		missing := added
		missing.Code = "second"
		wantCode(t, st.SaveQualificationCategory(ctx, &missing, false), domain.ENOTFOUND, "")
		fig, err := st.TeacherFigures(ctx, domain.CollegeScope{CollegeID: f.college.ID})
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, c := range fig.Categories {
			codes = append(codes, c.Code)
		}
		// The retired category shows while someone holds it.
		if !slices.Equal(codes, []string{"pedagogue", "moderator", "expert", "researcher", "master", "first", ""}) {
			t.Fatalf("categories: %v", codes)
		}
		audit, err := st.Audit(ctx, domain.AuditFilter{RecordType: "qualification_category"})
		if err != nil || audit.Total != 2 {
			t.Fatalf("category changes audited: %d, %v", audit.Total, err)
		}
	})
}
