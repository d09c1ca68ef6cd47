package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestBulkLoadChain loads a small dual-training chain with the bulk
// loader and reads it back as the pages do: an agreement whose approvals
// of an earlier version are kept cleared, a logbook whose corrected week
// counts once, signers found by name. An invalid row rolls back its batch:
// an active agreement of a minor without the guardian's approval, an entry
// signed by someone who is not a mentor of the enterprise.
func TestBulkLoadChain(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := domain.WithActor(context.Background(), domain.System)
		st.Now = func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }
		f := newFixture(t, st)
		adult := f.student(t, 1, "Сейітова", "Айгерім") // born 15 March 2007
		minor := f.student(t, 2, "Ахметов", "Ерлан")
		minor.IIN = bin(t, "10050150001") // born 1 May 2010, a boy
		adult.ID, minor.ID = 500, 501
		if err := st.InsertStudents(ctx, []domain.Student{adult, minor}); err != nil {
			t.Fatal(err)
		}
		mentors := []domain.Mentor{
			{ID: 40, EnterpriseID: f.enterprise.ID, Name: "Иванов Сергей Петрович", Position: "Мастер участка", Qualification: "Электромонтёр 5 разряда", ExperienceYears: 12, PayPerTrainee: 7000},
			{ID: 41, EnterpriseID: f.enterprise.ID, Name: "Омарова Динара", Qualification: "Инженер-энергетик", ExperienceYears: 8, PayPerTrainee: 6500},
		}
		if err := st.InsertMentors(ctx, mentors); err != nil {
			t.Fatal(err)
		}
		comps := []domain.Competence{
			{ID: 70, ProgrammeID: f.programme.ID, Code: "ПК 1", Name: domain.Names{KK: "Еңбек қауіпсіздігі", RU: "Охрана труда", EN: "Safety at work"}},
			{ID: 71, ProgrammeID: f.programme.ID, Code: "", Name: domain.Names{RU: "Чтение чертежей"}},
		}
		wantCode(t, st.InsertCompetences(ctx, comps), domain.EINVALID, "code")
		comps[1].Code = "ПК 2"
		if err := st.InsertCompetences(ctx, comps); err != nil {
			t.Fatal(err)
		}
		list, err := st.Competences(ctx, f.programme.ID)
		if err != nil || len(list) != 2 || list[1].Name.RU != "Чтение чертежей" {
			t.Fatalf("competences %+v: %v", list, err)
		}

		days, _ := domain.ParseWeekdays("days", "234")
		start, end := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)
		offers := []domain.Offer{
			{ID: 30, EnterpriseID: f.enterprise.ID, CollegeID: f.college.ID, QualificationCode: f.programme.QualificationCode, CityID: 1,
				Capacity: 2, StartsOn: start, EndsOn: end, Weekdays: days, HoursPerWeek: 24, Status: domain.OfferClosed},
			{ID: 31, EnterpriseID: f.enterprise.ID, QualificationCode: f.programme.QualificationCode, CityID: 1, Capacity: 3,
				StartsOn: start.AddDate(1, 0, 0), EndsOn: end.AddDate(1, 0, 0), Weekdays: days, HoursPerWeek: 24, Status: domain.OfferReferred},
		}
		wantCode(t, st.InsertOffers(ctx, offers), domain.EINVALID, "referral_reason")
		offers[1].ReferralReason = "Уточните адрес площадки"
		if err := st.InsertOffers(ctx, offers); err != nil {
			t.Fatal(err)
		}
		if o, err := st.Offer(ctx, 31); err != nil || o.RegionID != 75 || o.Status != domain.OfferReferred || o.ReferralReason == "" {
			t.Fatalf("referred offer %+v: %v", o, err)
		}

		aug := func(day, hour int) time.Time { return time.Date(2026, 8, day, hour, 0, 0, 0, time.UTC) }
		approvals := func(version int, day int, parties ...domain.Party) []domain.Approval {
			var out []domain.Approval
			for i, p := range parties {
				out = append(out, domain.Approval{Party: p, Version: version, Name: "Подписант " + string(p), At: aug(day, 5+i)})
			}
			return out
		}
		agreement := func(id int64, s domain.Student, mentor int64) domain.Agreement {
			birth, _ := domain.ParseIIN("iin", s.IIN)
			return domain.Agreement{ID: id, StudentID: s.ID, CollegeID: f.college.ID, EnterpriseID: f.enterprise.ID, OfferID: 30,
				MentorID: mentor, Position: "Электромонтёр", StartsOn: start, EndsOn: end, Weekdays: days, HoursPerWeek: 24,
				MentorPay: 7000, Status: domain.AgreementActive, Version: 1, ActiveOn: aug(31, 0), StudentBirth: birth.BirthDate,
				CreatedAt: aug(14, 6), UpdatedAt: aug(31, 9)}
		}
		both := []domain.Agreement{agreement(60, adult, 40), agreement(61, minor, 41)}
		both[0].Approvals = approvals(1, 28, domain.PartyCollege, domain.PartyEnterprise, domain.PartyStudent)
		both[1].GuardianName = "Ахметова Гүлнар Серікқызы"
		both[1].Version = 2
		both[1].Approvals = append(approvals(1, 20, domain.PartyCollege, domain.PartyStudent),
			approvals(2, 29, domain.PartyCollege, domain.PartyEnterprise, domain.PartyStudent)...)
		err = st.InsertAgreements(ctx, both)
		wantCode(t, err, domain.EINVALID, "approvals")
		if !strings.Contains(err.Error(), "row 2") {
			t.Errorf("the error does not name the row: %v", err)
		}
		if _, err := st.Agreement(ctx, 60); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("the valid agreement of a failed batch was written: %v", err)
		}
		both[1].Approvals = append(both[1].Approvals, approvals(2, 30, domain.PartyGuardian)...)
		if err := st.InsertAgreements(ctx, both); err != nil {
			t.Fatal(err)
		}
		a, err := st.Agreement(ctx, 61)
		if err != nil || a.Status != domain.AgreementActive || a.Version != 2 || len(a.Approvals) != 6 || a.Mentor != mentors[1].Name {
			t.Fatalf("agreement %+v: %v", a, err)
		}
		for _, p := range a.RequiredParties() {
			if !a.Approved(p) {
				t.Errorf("the %s's approval of version 2 is missing", p)
			}
		}
		for _, ap := range a.Approvals {
			if ap.Cleared != (ap.Version == 1) {
				t.Errorf("approval %+v: cleared %v", ap, ap.Cleared)
			}
		}
		if err := st.InsertApplications(ctx, []domain.Application{
			{ID: 90, OfferID: 30, StudentID: adult.ID, Status: domain.ApplicationAccepted, AgreementID: 60, CreatedAt: aug(1, 6), DecidedAt: aug(14, 6)},
		}); err != nil {
			t.Fatal(err)
		}
		if err := st.InsertPartyChanges(ctx, []domain.PartyChange{
			{ID: 80, AgreementID: 61, StudentID: minor.ID, Kind: domain.ChangeMentor, FromID: 40, ToID: 41, Reason: "Наставник уволился", At: aug(31, 6), By: "system"},
		}); err != nil {
			t.Fatal(err)
		}
		if changes, err := st.PartyChanges(ctx, minor.ID); err != nil || len(changes) != 1 || changes[0].ToID != 41 {
			t.Fatalf("party changes %+v: %v", changes, err)
		}

		// The adult's first week: signed, then corrected with a day more and
		// signed again in a later call; the second week returned.
		week := func(day int) time.Time { return time.Date(2026, 9, day, 0, 0, 0, 0, time.UTC) }
		at := func(day, hour int) time.Time { return time.Date(2026, 9, day, hour, 0, 0, 0, time.UTC) }
		two, _ := domain.ParseWeekdays("days", "23")
		entries := []domain.LogbookEntry{
			{ID: 1, StudentID: adult.ID, AgreementID: 60, WeekStart: week(7), Version: 1, Days: two, Hours: 16, Tasks: "Монтаж кабеля",
				Competences: []int64{70}, Status: domain.EntrySigned, SubmittedAt: at(11, 14), SignedAt: at(14, 5), SignedBy: mentors[0].Name},
			{ID: 2, StudentID: adult.ID, AgreementID: 60, WeekStart: week(14), Version: 1, Current: true, Days: days, Hours: 24,
				Tasks: "Замер параметров", Status: domain.EntryReturned, Comment: "Опишите задачи подробнее", SubmittedAt: at(18, 14),
				UpdatedAt: at(21, 6), SignedBy: mentors[0].Name},
		}
		bad := append([]domain.LogbookEntry(nil), entries...)
		bad[1].SignedBy = "Неизвестный Человек"
		wantCode(t, st.InsertEntries(ctx, bad), domain.EINVALID, "signed_by")
		if err := st.InsertEntries(ctx, entries); err != nil {
			t.Fatal(err)
		}
		progress, err := st.Progress(ctx, adult.ID)
		if err != nil || progress.SignedHours != 16 {
			t.Fatalf("before the correction: %+v, %v", progress, err)
		}
		correction := entries[0]
		correction.ID, correction.Version, correction.Current, correction.Days, correction.Hours = 3, 2, true, days, 24
		correction.SubmittedAt, correction.SignedAt = at(20, 14), at(21, 5)
		if err := st.InsertEntries(ctx, []domain.LogbookEntry{correction}); err != nil {
			t.Fatal(err)
		}
		progress, err = st.Progress(ctx, adult.ID)
		if err != nil || progress.SignedHours != 24 {
			t.Errorf("after the correction the signed hours are %d, want 24 (the week counts once): %v", progress.SignedHours, err)
		}
		got, err := st.Entries(ctx, domain.EntryFilter{StudentID: adult.ID, CurrentOnly: true})
		if err != nil || got.Total != 2 {
			t.Fatalf("current entries %+v: %v", got, err)
		}
		for _, e := range got.Items {
			if e.WeekStart.Equal(week(7)) && (e.Version != 2 || e.SignedBy != mentors[0].Name) {
				t.Errorf("the first week %+v: want version 2 signed by %s", e, mentors[0].Name)
			}
			if e.WeekStart.Equal(week(14)) && (e.Status != domain.EntryReturned || e.Comment == "") {
				t.Errorf("the second week %+v: want returned with the comment", e)
			}
		}

		if err := st.InsertAssessments(ctx, []domain.CompetenceAssessment{
			{ID: 5, StudentID: adult.ID, AgreementID: 60, CompetenceID: 70, Level: 4, AssessedBy: mentors[0].Name, At: at(30, 6)},
		}); err != nil {
			t.Fatal(err)
		}
		assessed, err := st.Assessments(ctx, adult.ID)
		if err != nil || len(assessed) != 1 || assessed[0].Level != 4 || assessed[0].AssessedBy != mentors[0].Name {
			t.Fatalf("assessments %+v: %v", assessed, err)
		}

		// Identities continue after the loaded ones, and each call left one
		// audit entry.
		if err := st.FinishLoad(ctx); err != nil {
			t.Fatal(err)
		}
		m := domain.Mentor{EnterpriseID: f.enterprise.ID, Name: "Новый Наставник", Qualification: "Слесарь", PayPerTrainee: 6000}
		if err := st.SaveMentor(ctx, &m); err != nil || m.ID <= 41 {
			t.Fatalf("a mentor created after the load got ID %d: %v", m.ID, err)
		}
		audit, err := st.Audit(ctx, domain.AuditFilter{RecordType: "logbook_entries"})
		if err != nil || audit.Total != 2 {
			t.Errorf("%d audit entries for two calls of InsertEntries: %v", audit.Total, err)
		}
		for _, e := range audit.Items {
			if e.Action != "bulk_insert" || e.Login != "system" {
				t.Errorf("audit entry %+v", e)
			}
		}
	})
}
