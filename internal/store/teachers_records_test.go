package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestTeacherRecordsCorrected: a course corrected to an earlier end moves
// the teacher's due date back, removing the latest course makes the one
// before it count, removing the last one counts from the hire again; an
// internship corrected or removed moves "with an internship" the same way.
// Each correction is audited with what it replaced.
func TestTeacherRecordsCorrected(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newTeachersFixture(t, st) // 25 November 2026; Ким's course ended on 30 May 2026
		standing := func(id int64) domain.TeacherDevelopment {
			t.Helper()
			d, err := st.TeacherDevelopment(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		older := domain.Course{TeacherID: f.current.ID, Course: "Охрана труда", Provider: "Өрлеу", Hours: 36, Certificate: "О-1",
			StartsOn: date("2023-01-09"), EndsOn: date("2023-01-20")}
		if err := st.RecordCourse(ctx, &older); err != nil {
			t.Fatal(err)
		}
		latest := standing(f.current.ID).Courses[0]
		if latest.Certificate != "Ө-5521" || standing(f.current.ID).State != domain.DevelopmentCurrent {
			t.Fatalf("before: %+v", standing(f.current.ID))
		}

		// The latest course ended in 2023, not 2026: Ким is due soon.
		fixed := latest
		fixed.StartsOn, fixed.EndsOn, fixed.Hours, fixed.TeacherID = date("2023-12-04"), date("2023-12-15"), 72, f.overdue.ID
		if err := st.UpdateCourse(ctx, &fixed); err != nil {
			t.Fatal(err)
		}
		d := standing(f.current.ID)
		if d.DevelopedOn != date("2023-12-15") || d.State != domain.DevelopmentDueSoon || d.Courses[0].Hours != 72 {
			t.Fatalf("after the correction: developed %v, %s, %+v", d.DevelopedOn, d.State, d.Courses)
		}
		if got, err := st.Course(ctx, fixed.ID); err != nil || got.TeacherID != f.current.ID {
			t.Fatalf("a correction keeps the teacher: %+v, %v", got, err)
		}
		future := fixed
		future.EndsOn = date("2026-12-01")
		wantCode(t, st.UpdateCourse(ctx, &future), domain.EINVALID, "ends_on")
		wantCode(t, st.UpdateCourse(ctx, &domain.Course{ID: 999999}), domain.ENOTFOUND, "")

		// Removing it leaves the 2023 January course: overdue.
		if err := st.DeleteCourse(ctx, fixed.ID); err != nil {
			t.Fatal(err)
		}
		if d := standing(f.current.ID); d.DevelopedOn != date("2023-01-20") || d.State != domain.DevelopmentOverdue || len(d.Courses) != 1 {
			t.Fatalf("after the removal: %v %s %d", d.DevelopedOn, d.State, len(d.Courses))
		}
		if err := st.DeleteCourse(ctx, older.ID); err != nil {
			t.Fatal(err)
		}
		if d := standing(f.current.ID); !d.DevelopedOn.IsZero() || d.DueOn != date("2018-09-01") {
			t.Fatalf("without courses the hire counts: %v, due %v", d.DevelopedOn, d.DueOn)
		}
		wantCode(t, st.DeleteCourse(ctx, older.ID), domain.ENOTFOUND, "")

		// An internship: recorded, moved out of the three years, removed.
		in := domain.Internship{TeacherID: f.current.ID, EnterpriseID: f.enterprise.ID, Hours: 72, StartsOn: date("2025-06-02"),
			EndsOn: date("2025-06-20")}
		if err := st.RecordInternship(ctx, &in); err != nil {
			t.Fatal(err)
		}
		withInternship := func() int {
			t.Helper()
			fig, err := st.TeacherFigures(ctx, domain.CollegeScope{CollegeID: f.college.ID})
			if err != nil {
				t.Fatal(err)
			}
			return fig.WithInternship
		}
		if withInternship() != 1 {
			t.Fatal("the internship does not count")
		}
		in.StartsOn, in.EndsOn, in.Note = date("2021-06-01"), date("2021-06-20"), "Подстанция"
		if err := st.UpdateInternship(ctx, &in); err != nil {
			t.Fatal(err)
		}
		if n := withInternship(); n != 0 {
			t.Fatalf("an internship of 2021 still counts: %d", n)
		}
		got, err := st.Internship(ctx, in.ID)
		if err != nil || got.Note != "Подстанция" || got.Enterprise.RU != "ТОО «Алматы Энерго Сервис»" || got.CollegeID != f.college.ID {
			t.Fatalf("internship read back: %+v, %v", got, err)
		}
		in.EnterpriseID = 999999
		wantCode(t, st.UpdateInternship(ctx, &in), domain.EINVALID, "enterprise_id")
		if err := st.DeleteInternship(ctx, in.ID); err != nil {
			t.Fatal(err)
		}
		if d := standing(f.current.ID); !d.InternshipOn.IsZero() || len(d.Internships) != 0 {
			t.Fatalf("after the removal: %v, %d", d.InternshipOn, len(d.Internships))
		}
		_, err = st.Internship(ctx, in.ID)
		wantCode(t, err, domain.ENOTFOUND, "")

		var actions []string
		for _, kind := range []string{"course", "internship"} {
			audit, err := st.Audit(ctx, domain.AuditFilter{RecordType: kind, CollegeID: f.college.ID})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range audit.Items {
				actions = append(actions, kind+" "+e.Action)
			}
		}
		slices.Sort(actions)
		want := []string{"course create", "course create", "course create", "course delete", "course delete", "course update",
			"internship create", "internship delete", "internship update"}
		if !slices.Equal(actions, want) {
			t.Fatalf("audited: %v, want %v", actions, want)
		}
	})
}

// TestQualificationCategoryRemoved: a category nobody holds is removed;
// one a teacher holds is refused, naming it and its holders, and stays.
func TestQualificationCategoryRemoved(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newTeachersFixture(t, st)
		if err := st.SaveTeacherProfile(ctx, &domain.TeacherProfile{TeacherID: f.overdue.ID, Category: "moderator"}); err != nil {
			t.Fatal(err)
		}
		err := st.DeleteQualificationCategory(ctx, "moderator")
		wantCode(t, err, domain.ECONFLICT, "code")
		if e := domain.AsError(err); e.Key != "error.category.in_use" || e.Params["name.ru"] != "педагог-модератор" || e.Params["teachers"] != "1" {
			t.Fatalf("refusal: %+v", e)
		}
		if err := st.DeleteQualificationCategory(ctx, "researcher"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, st.DeleteQualificationCategory(ctx, "researcher"), domain.ENOTFOUND, "")
		cats, err := st.QualificationCategories(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, c := range cats {
			codes = append(codes, c.Code)
		}
		if !slices.Equal(codes, []string{"pedagogue", "moderator", "expert", "master"}) {
			t.Fatalf("scheme after removal: %v", codes)
		}
		audit, err := st.Audit(ctx, domain.AuditFilter{RecordType: "qualification_category", RecordID: "researcher"})
		if err != nil || audit.Total != 1 || audit.Items[0].Action != "delete" {
			t.Fatalf("removal audited: %+v, %v", audit.Items, err)
		}
	})
}
