package testkit

import (
	"context"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
)

// Awaiting is a small world with one tripartite agreement sent for
// signature on SentAt and signed by nobody yet: a college with its
// coordinator, an enterprise with HR and a mentor (each with an account),
// and the student Серікова Айгерім with hers. The notifications' tests
// start from it (internal/notify, the pages, the API, the command).
type Awaiting struct {
	SentAt                   time.Time
	CollegeID, EnterpriseID  int64
	StudentID                int64
	Agreement                domain.Agreement
	Student, Coordinator, HR domain.User
	Mentor                   domain.User
}

// NewAwaiting builds the world in st, whose clock it sets to SentAt
// (20 August 2026, 09:00 UTC).
func NewAwaiting(tb testing.TB, st *store.Store) *Awaiting {
	tb.Helper()
	ctx := context.Background()
	w := &Awaiting{SentAt: time.Date(2026, 8, 20, 9, 0, 0, 0, time.UTC)}
	st.Now = func() time.Time { return w.SentAt }
	must := func(errs ...error) {
		tb.Helper()
		for _, err := range errs {
			if err != nil {
				tb.Fatal(err)
			}
		}
	}
	bin := func(first11 string) string {
		s, ok := domain.CompleteIdentifier(first11)
		if !ok {
			tb.Fatalf("no check digit for %s", first11)
		}
		return s
	}
	college := domain.College{BIN: bin("99034000101"), Name: domain.Names{KK: "Алматы политехникалық колледжі",
		RU: "Алматинский политехнический колледж"}, RegionID: 75, CityID: 1, Ownership: domain.OwnershipState, Address: "Алматы, Абай даңғылы 1"}
	enterprise := domain.Enterprise{BIN: bin("05044000777"), Name: domain.Names{RU: "ТОО «Алматы Энерго Сервис»"}, RegionID: 75, CityID: 1,
		Industry: "D", Employees: 450}
	must(st.CreateCollege(ctx, &college), st.CreateEnterprise(ctx, &enterprise))
	programme := domain.Programme{CollegeID: college.ID, SpecialtyCode: "06130100", QualificationCode: "4S06130103",
		DurationMonths: 34, Dual: true, HoursTotal: 5760, HoursPractice: 2000, HoursEnterprise: 1400}
	must(st.CreateProgramme(ctx, &programme))
	group := domain.Group{CollegeID: college.ID, ProgrammeID: programme.ID, Code: "ПО-23-1", IntakeYear: 2023, Language: "kk"}
	must(st.CreateGroup(ctx, &group))
	s := domain.Student{IIN: bin("07031560001"), Name: domain.PersonName{Last: "Серікова", First: "Айгерім"}, CollegeID: college.ID,
		GroupID: group.ID, ProgrammeID: programme.ID, Funding: domain.FundingState, Status: domain.StatusStudying,
		EnrolledOn: time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC)}
	must(st.CreateStudent(ctx, &s))
	w.CollegeID, w.EnterpriseID, w.StudentID = college.ID, enterprise.ID, s.ID
	w.Student = NewUser(tb, st, domain.User{Login: "aigerim", Name: "Серікова Айгерім", Role: domain.RoleStudent,
		CollegeID: college.ID, StudentID: s.ID})
	w.Coordinator = NewUser(tb, st, domain.User{Login: "coordinator", Name: "Жұмабаева Гүлнар", Role: domain.RoleCollege,
		CollegeID: college.ID})
	w.HR = NewUser(tb, st, domain.User{Login: "hr.office", Name: "Ли Ольга", Role: domain.RoleEnterprise, EnterpriseID: enterprise.ID})
	w.Mentor = NewUser(tb, st, domain.User{Login: "erlan", Name: "Сейітов Ерлан", Role: domain.RoleMentor, EnterpriseID: enterprise.ID})
	mentor := domain.Mentor{EnterpriseID: enterprise.ID, UserID: w.Mentor.ID, Name: "Сейітов Ерлан", Qualification: "Инженер",
		ExperienceYears: 12, PayPerTrainee: 7000}
	must(st.SaveMentor(ctx, &mentor))
	w.Agreement = domain.Agreement{StudentID: s.ID, EnterpriseID: enterprise.ID, MentorID: mentor.ID, Position: "Техник-программист",
		StartsOn: time.Date(2026, 9, 7, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC),
		Weekdays:     domain.Weekdays(0).With(time.Monday).With(time.Tuesday).With(time.Wednesday),
		HoursPerWeek: 24, StipendTenge: 85000, MentorPay: 7000}
	must(st.CreateAgreement(As(w.Coordinator), &w.Agreement))
	must(st.SendForSignature(ctx, w.Agreement.ID))
	return w
}
