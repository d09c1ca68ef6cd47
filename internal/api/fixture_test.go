package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
)

// fixture is a small registry made through the store's Create methods: two
// colleges in Almaty and Astana, two enterprises, three programmes (one
// dual, one without a qualification code), two groups, five students and
// two teachers. Names are chosen so that sorting by name differs between
// languages.
type fixture struct {
	college, college2       domain.College
	enterprise, enterprise2 domain.Enterprise
	dual, plain, noQual     domain.Programme
	group, group2           domain.Group
	students                []domain.Student // in the order created
	teachers                []domain.Teacher
}

// identifier completes prefix (6 digits of birth date and the century
// digit, or a BIN's first 7) with the first serial that has a check digit.
func identifier(t *testing.T, prefix string, serial int) string {
	t.Helper()
	for s := serial; s < serial+100; s++ {
		if id, ok := domain.CompleteIdentifier(fmt.Sprintf("%s%04d", prefix, s)); ok {
			return id
		}
	}
	t.Fatalf("no identifier for %s%04d", prefix, serial)
	return ""
}

func newFixture(t *testing.T, st *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{
		college: domain.College{BIN: identifier(t, "9903400", 101), RegionID: 75, CityID: 1, Ownership: domain.OwnershipState,
			Name:    domain.Names{KK: "Алматы политехникалық колледжі", RU: "Алматинский политехнический колледж", EN: "Polytechnic College of Almaty"},
			Address: "Алматы, Абай даңғылы 1"},
		college2: domain.College{BIN: identifier(t, "0104400", 202), RegionID: 71, CityID: 2, Ownership: domain.OwnershipPrivate,
			Name:    domain.Names{KK: "Астана бизнес колледжі", RU: "Колледж бизнеса Астаны", EN: "Astana Business College"},
			Address: "Астана, Мәңгілік Ел 8"},
		enterprise: domain.Enterprise{BIN: identifier(t, "0504400", 777), RegionID: 75, CityID: 1, Industry: "D", Employees: 450,
			Name: domain.Names{RU: "ТОО «Алматы Энерго Сервис»"}},
		enterprise2: domain.Enterprise{BIN: identifier(t, "1203400", 555), RegionID: 71, CityID: 2, Industry: "J", Employees: 40,
			Name: domain.Names{KK: "«Астана Софт» АҚ", RU: "АО «Астана Софт»", EN: "Astana Soft JSC"}},
	}
	must(st.CreateCollege(ctx, &f.college))
	must(st.CreateCollege(ctx, &f.college2))
	must(st.CreateEnterprise(ctx, &f.enterprise))
	must(st.CreateEnterprise(ctx, &f.enterprise2))

	f.dual = domain.Programme{CollegeID: f.college.ID, SpecialtyCode: "06130100", QualificationCode: "4S06130103",
		DurationMonths: 34, Dual: true, HoursTotal: 5760, HoursPractice: 2000, HoursEnterprise: 1400}
	f.noQual = domain.Programme{CollegeID: f.college.ID, SpecialtyCode: "06120100",
		DurationMonths: 22, HoursTotal: 3000, HoursPractice: 0, HoursEnterprise: 0}
	f.plain = domain.Programme{CollegeID: f.college2.ID, SpecialtyCode: "04110100", QualificationCode: "3W04110101",
		DurationMonths: 22, HoursTotal: 3000, HoursPractice: 800, HoursEnterprise: 200}
	must(st.CreateProgramme(ctx, &f.dual))
	must(st.CreateProgramme(ctx, &f.noQual))
	must(st.CreateProgramme(ctx, &f.plain))

	f.group = domain.Group{CollegeID: f.college.ID, ProgrammeID: f.dual.ID, Code: "ПО-23-1", IntakeYear: 2023, Language: domain.InstructionKazakh}
	f.group2 = domain.Group{CollegeID: f.college2.ID, ProgrammeID: f.plain.ID, Code: "БУХ-24-1", IntakeYear: 2024, Language: domain.InstructionRussian}
	must(st.CreateGroup(ctx, &f.group))
	must(st.CreateGroup(ctx, &f.group2))

	sept := func(y int) time.Time { return time.Date(y, 9, 1, 0, 0, 0, 0, time.UTC) }
	students := []domain.Student{
		// Girls born 15 March 2007 and boys born 2 November 2006.
		{IIN: identifier(t, "0703156", 10), Name: domain.PersonName{Last: "Әбілқасымова", First: "Айгерім", Middle: "Нұрланқызы"},
			CollegeID: f.college.ID, GroupID: f.group.ID, ProgrammeID: f.dual.ID, Funding: domain.FundingState,
			Status: domain.StatusStudying, Phone: "+77011234567", EnrolledOn: sept(2023), EnterpriseID: f.enterprise.ID},
		{IIN: identifier(t, "0703156", 20), Name: domain.PersonName{Last: "Иванова", First: "Мария", Middle: "Сергеевна"},
			CollegeID: f.college.ID, GroupID: f.group.ID, ProgrammeID: f.dual.ID, Funding: domain.FundingPaid,
			Status: domain.StatusStudying, Phone: "+77027654321", EnrolledOn: sept(2023)},
		{IIN: identifier(t, "0611025", 30), Name: domain.PersonName{Last: "Ахметов", First: "Дана"},
			CollegeID: f.college2.ID, GroupID: f.group2.ID, ProgrammeID: f.plain.ID, Funding: domain.FundingTargeted,
			Status: domain.StatusAcademicLeave, Phone: "+77053332211", EnrolledOn: sept(2024)},
		{IIN: identifier(t, "0611025", 40), Name: domain.PersonName{Last: "Смағұлов", First: "Ерлан", Middle: "Бекұлы"},
			CollegeID: f.college2.ID, GroupID: f.group2.ID, ProgrammeID: f.plain.ID, Funding: domain.FundingState,
			Status: domain.StatusGraduated, EnrolledOn: sept(2024)},
		{IIN: identifier(t, "0611025", 50), Name: domain.PersonName{Last: "Ким", First: "Виктор", Middle: "Олегович"},
			CollegeID: f.college.ID, GroupID: f.group.ID, ProgrammeID: f.dual.ID, Funding: domain.FundingState,
			Status: domain.StatusStudying, EnrolledOn: sept(2023)},
	}
	for i := range students {
		must(st.CreateStudent(ctx, &students[i]))
	}
	f.students = students

	teachers := []domain.Teacher{
		{IIN: identifier(t, "8507043", 50), Name: domain.PersonName{Last: "Жұмабаев", First: "Асқар", Middle: "Серікұлы"},
			CollegeID: f.college.ID, Position: domain.PositionMaster, Phone: "+77771112233", HiredOn: time.Date(2015, 8, 25, 0, 0, 0, 0, time.UTC)},
		{IIN: identifier(t, "7912214", 60), Name: domain.PersonName{Last: "Петрова", First: "Ольга"},
			CollegeID: f.college2.ID, Position: domain.PositionTeacher, Phone: "+77019998877"},
	}
	for i := range teachers {
		must(st.CreateTeacher(ctx, &teachers[i]))
	}
	f.teachers = teachers
	return f
}

// secrets are strings no API answer may contain: full IINs, phones (with
// and without the plus) and full birth dates.
func (f *fixture) secrets() []string {
	var out []string
	add := func(iin, phone string, birth time.Time) {
		out = append(out, iin, birth.Format(time.DateOnly))
		if phone != "" {
			out = append(out, phone, phone[1:])
		}
	}
	for _, s := range f.students {
		add(s.IIN, s.Phone, s.BirthDate)
	}
	for _, t := range f.teachers {
		add(t.IIN, t.Phone, t.BirthDate)
	}
	return out
}
