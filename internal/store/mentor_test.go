package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

func TestMentorsValidationAndSearch(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)

		noName := domain.Mentor{EnterpriseID: f.enterprise.ID, Qualification: "Инженер-программист"}
		wantCode(t, st.SaveMentor(ctx, &noName), domain.EINVALID, "name")
		badPhone := domain.Mentor{EnterpriseID: f.enterprise.ID, Name: "Сейітов Ерлан", Qualification: "Инженер", Phone: "12"}
		wantCode(t, st.SaveMentor(ctx, &badPhone), domain.EINVALID, "phone")
		unknown := domain.Mentor{EnterpriseID: f.enterprise.ID + 100, Name: "Сейітов Ерлан", Qualification: "Инженер"}
		wantCode(t, st.SaveMentor(ctx, &unknown), domain.EINVALID, "enterprise_id")

		erlan := domain.Mentor{EnterpriseID: f.enterprise.ID, Name: " Сейітов Ерлан Маратұлы ", Position: "Ведущий инженер",
			Qualification: "Инженер-программист", ExperienceYears: 12, Phone: "+7 701 123-45-67", PayPerTrainee: 7000}
		if err := st.SaveMentor(ctx, &erlan); err != nil {
			t.Fatal(err)
		}
		anna := domain.Mentor{EnterpriseID: f.enterprise.ID, Name: "Ким Анна", Qualification: "Техник", ExperienceYears: 4}
		if err := st.SaveMentor(ctx, &anna); err != nil {
			t.Fatal(err)
		}
		got, err := st.Mentor(ctx, erlan.ID)
		if err != nil || got.Name != "Сейітов Ерлан Маратұлы" || got.PayPerTrainee != 7000 || got.ExperienceYears != 12 ||
			got.Enterprise.RU != "ТОО «Алматы Энерго Сервис»" || got.Trainees != 0 || got.CreatedAt.IsZero() {
			t.Fatalf("mentor as stored: %+v, %v", got, err)
		}

		got.ExperienceYears = 13
		if err := st.SaveMentor(ctx, &got); err != nil {
			t.Fatal(err)
		}
		if again, _ := st.Mentor(ctx, erlan.ID); again.ExperienceYears != 13 {
			t.Fatalf("update not stored: %+v", again)
		}
		missing := got
		missing.ID = 424242
		wantCode(t, st.SaveMentor(ctx, &missing), domain.ENOTFOUND, "")

		for _, c := range []struct {
			filter domain.MentorFilter
			want   []string
		}{
			{domain.MentorFilter{}, []string{"Ким Анна", "Сейітов Ерлан Маратұлы"}},
			{domain.MentorFilter{Query: "сейіт"}, []string{"Сейітов Ерлан Маратұлы"}},
			{domain.MentorFilter{Query: "ерлан"}, nil}, // the start of the name, not any word
			{domain.MentorFilter{EnterpriseID: f.enterprise.ID, RegionID: 75}, []string{"Ким Анна", "Сейітов Ерлан Маратұлы"}},
			{domain.MentorFilter{RegionID: 71}, nil},
			{domain.MentorFilter{Page: domain.Page{Number: 2, Size: 1}}, []string{"Сейітов Ерлан Маратұлы"}},
		} {
			list, err := st.Mentors(ctx, c.filter)
			if err != nil {
				t.Fatalf("%+v: %v", c.filter, err)
			}
			var names []string
			for _, m := range list.Items {
				names = append(names, m.Name)
			}
			if len(names) != len(c.want) || (len(names) > 0 && names[0] != c.want[0]) {
				t.Errorf("mentors %+v = %v, want %v", c.filter, names, c.want)
			}
			if c.filter.Page.Size == 1 && list.Total != 2 {
				t.Errorf("paged list total = %d, want 2", list.Total)
			}
		}

		log, err := st.Audit(ctx, domain.AuditFilter{RecordType: "mentor"})
		if err != nil || log.Total != 3 || log.Items[0].RegionID != 75 {
			t.Fatalf("mentor audit: %+v, %v", log, err)
		}
	})
}

func TestMentorUserLink(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		other := domain.Enterprise{BIN: bin(t, "05044000888"), Name: domain.Names{RU: "ТОО «Астана Строй»"}, RegionID: 71, CityID: 2, Industry: "F", Employees: 120}
		if err := st.CreateEnterprise(ctx, &other); err != nil {
			t.Fatal(err)
		}
		account := testkit.NewUser(t, st, domain.User{Login: "erlan.mentor", Role: domain.RoleMentor, EnterpriseID: f.enterprise.ID})
		hr := testkit.NewUser(t, st, domain.User{Login: "hr.office", Role: domain.RoleEnterprise, EnterpriseID: f.enterprise.ID})
		elsewhere := testkit.NewUser(t, st, domain.User{Login: "astana.mentor", Role: domain.RoleMentor, EnterpriseID: other.ID})

		erlan := domain.Mentor{EnterpriseID: f.enterprise.ID, UserID: account.ID, Name: "Сейітов Ерлан", Qualification: "Инженер"}
		if err := st.SaveMentor(ctx, &erlan); err != nil {
			t.Fatal(err)
		}
		got, err := st.MentorByUser(ctx, account.ID)
		if err != nil || got.ID != erlan.ID || got.UserID != account.ID {
			t.Fatalf("mentor by user: %+v, %v", got, err)
		}
		if _, err := st.MentorByUser(ctx, hr.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("an unlinked account has a mentor: %v", err)
		}

		// One account, one mentor.
		anna := domain.Mentor{EnterpriseID: f.enterprise.ID, UserID: account.ID, Name: "Ким Анна", Qualification: "Техник"}
		err = st.SaveMentor(ctx, &anna)
		wantCode(t, err, domain.ECONFLICT, "user_id")
		if domain.AsError(err).Key != "error.mentor.user" {
			t.Fatalf("key = %s", domain.AsError(err).Key)
		}
		// Only a mentor account of the mentor's own enterprise.
		for _, u := range []domain.User{hr, elsewhere, {ID: 424242}} {
			anna.UserID = u.ID
			err := st.SaveMentor(ctx, &anna)
			wantCode(t, err, domain.EINVALID, "user_id")
			if domain.AsError(err).Key != "error.mentor.account" {
				t.Fatalf("user %d: key = %s", u.ID, domain.AsError(err).Key)
			}
		}
		if list, _ := st.Mentors(ctx, domain.MentorFilter{}); list.Total != 1 {
			t.Fatalf("refused mentors were stored: %+v", list)
		}
		// Unlinking frees the account for another mentor.
		erlan.UserID = 0
		if err := st.SaveMentor(ctx, &erlan); err != nil {
			t.Fatal(err)
		}
		anna.UserID = account.ID
		if err := st.SaveMentor(ctx, &anna); err != nil {
			t.Fatalf("linking a freed account: %v", err)
		}
		if got, _ := st.MentorByUser(ctx, account.ID); got.ID != anna.ID {
			t.Fatalf("the account now belongs to %+v", got)
		}
	})
}

func TestMentorTraineeCount(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		m := domain.Mentor{EnterpriseID: f.enterprise.ID, Name: "Сейітов Ерлан", Qualification: "Инженер"}
		if err := st.SaveMentor(ctx, &m); err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for i, last := range []string{"Ахметова", "Бекова", "Иванова"} {
			s := f.student(t, i+1, last, "Дана")
			if err := st.CreateStudent(ctx, &s); err != nil {
				t.Fatal(err)
			}
			a := domain.Agreement{StudentID: s.ID, EnterpriseID: f.enterprise.ID, MentorID: m.ID, Position: "Техник-программист",
				StartsOn: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC),
				Weekdays: domain.Weekdays(0).With(time.Monday).With(time.Tuesday), HoursPerWeek: 16}
			if err := st.CreateAgreement(ctx, &a); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, a.ID)
		}
		trainees := func() int {
			t.Helper()
			got, err := st.Mentor(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			list, err := st.Mentors(ctx, domain.MentorFilter{EnterpriseID: f.enterprise.ID})
			if err != nil || len(list.Items) != 1 || list.Items[0].Trainees != got.Trainees {
				t.Fatalf("list disagrees with the record: %+v, %v", list, err)
			}
			return got.Trainees
		}
		// Drafts are not trainees yet; agreements awaiting signatures are.
		if n := trainees(); n != 0 {
			t.Fatalf("with three drafts: %d trainees", n)
		}
		for _, id := range ids[:2] {
			if err := st.SendForSignature(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		if n := trainees(); n != 2 {
			t.Fatalf("with two agreements awaiting signatures: %d trainees", n)
		}
		// A mentor with trainees cannot move to another enterprise.
		other := domain.Enterprise{BIN: bin(t, "05044000888"), Name: domain.Names{RU: "ТОО «Астана Строй»"}, RegionID: 71, CityID: 2, Industry: "F", Employees: 120}
		if err := st.CreateEnterprise(ctx, &other); err != nil {
			t.Fatal(err)
		}
		moved := m
		moved.EnterpriseID = other.ID
		wantCode(t, st.SaveMentor(ctx, &moved), domain.EINVALID, "enterprise_id")
		// A terminated agreement is no longer a trainee.
		if err := st.TerminateAgreement(ctx, ids[0], "переезд семьи"); err != nil {
			t.Fatal(err)
		}
		if n := trainees(); n != 1 {
			t.Fatalf("after a termination: %d trainees", n)
		}
	})
}
