package api_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// fixture is a small registry made through the store's Create methods: two
// colleges in Almaty (region 75) and Astana (71), two enterprises, three
// programmes (one dual, one without a qualification code), two groups, five
// students and two teachers. Names are chosen so that sorting by name
// differs between languages.
//
// It also holds one account of every role, scoped so that the first
// student, the first teacher and everything of the Almaty college lie
// inside every scope: the ministry; the Almaty region; the Almaty college's
// coordinator; its teacher, who supervises the first group; the HR of the
// Almaty enterprise, where the first student trains; that student's
// mentor; the first student; an auditor of the Almaty region. A coordinator
// of the Astana college stands outside all of them. Each account has an
// API token. The first student's dual training (dualRecords) is made last,
// by these accounts: the mentor's trainees are those of the agreements
// naming them.
type fixture struct {
	college, college2       domain.College
	enterprise, enterprise2 domain.Enterprise
	dual, plain, noQual     domain.Programme
	group, group2           domain.Group
	students                []domain.Student // in the order created
	teachers                []domain.Teacher

	users        map[domain.Role]domain.User
	tokens       map[domain.Role]string // bearer secrets, by role; none for the public
	coordinator2 domain.User            // the Astana college's coordinator
	token2       string                 // and their token

	dualRecords
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
		users:  map[domain.Role]domain.User{},
		tokens: map[domain.Role]string{},
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

	// Teachers come before groups, which name their supervisor.
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

	f.group = domain.Group{CollegeID: f.college.ID, ProgrammeID: f.dual.ID, Code: "ПО-23-1", IntakeYear: 2023,
		Language: domain.InstructionKazakh, CuratorID: teachers[0].ID}
	f.group2 = domain.Group{CollegeID: f.college2.ID, ProgrammeID: f.plain.ID, Code: "БУХ-24-1", IntakeYear: 2024,
		Language: domain.InstructionRussian, CuratorID: teachers[1].ID}
	must(st.CreateGroup(ctx, &f.group))
	must(st.CreateGroup(ctx, &f.group2))

	mentor := newUser(t, st, domain.User{Role: domain.RoleMentor, EnterpriseID: f.enterprise.ID})

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

	for _, u := range []domain.User{
		mentor,
		newUser(t, st, domain.User{Role: domain.RoleMinistry}),
		newUser(t, st, domain.User{Role: domain.RoleRegion, RegionID: f.college.RegionID}),
		newUser(t, st, domain.User{Role: domain.RoleCollege, CollegeID: f.college.ID}),
		newUser(t, st, domain.User{Role: domain.RoleTeacher, CollegeID: f.college.ID, TeacherID: teachers[0].ID}),
		newUser(t, st, domain.User{Role: domain.RoleEnterprise, EnterpriseID: f.enterprise.ID}),
		newUser(t, st, domain.User{Role: domain.RoleStudent, CollegeID: f.college.ID, StudentID: students[0].ID}),
		newUser(t, st, domain.User{Role: domain.RoleAuditor, RegionID: f.college.RegionID,
			ExpiresAt: time.Now().AddDate(1, 0, 0).UTC().Truncate(time.Second)}),
	} {
		f.users[u.Role] = u
		f.tokens[u.Role] = newToken(t, st, u)
	}
	f.coordinator2 = newUser(t, st, domain.User{Role: domain.RoleCollege, Login: "college-astana", CollegeID: f.college2.ID})
	f.token2 = newToken(t, st, f.coordinator2)
	f.addDual(t, st)
	return f
}

// passwordHash is testkit.Password hashed once for every account the
// tests make: argon2id is slow on purpose (more so under -race), and each
// fixture holds ten accounts.
var passwordHash = sync.OnceValues(func() (string, error) { return auth.HashPassword(testkit.Password) })

// newUser stores u like testkit.NewUser — login and name from the role
// unless set, password testkit.Password — with the hash made once.
func newUser(t *testing.T, st *store.Store, u domain.User) domain.User {
	t.Helper()
	if u.Login == "" {
		u.Login = string(u.Role) + "-user"
	}
	if u.Name == "" {
		u.Name = "Test " + string(u.Role)
	}
	hash, err := passwordHash()
	if err != nil {
		t.Fatal(err)
	}
	u.PasswordHash = hash
	if err := st.CreateUser(context.Background(), &u); err != nil {
		t.Fatalf("create user %s: %v", u.Login, err)
	}
	return u
}

// newToken makes an API token for u the way its owner would, through the
// access layer, and returns the secret.
func newToken(t *testing.T, st *store.Store, u domain.User) string {
	t.Helper()
	secret, _, err := access.New(st).CreateToken(testkit.As(u), "test")
	if err != nil {
		t.Fatalf("token for %s: %v", u.Login, err)
	}
	return secret
}

// roles are the public and every role, the callers the tests try.
var roles = append([]domain.Role{domain.RolePublic}, domain.Roles...)

// bearer returns the headers that send a token; none for an empty one.
func bearer(token string) map[string]string {
	if token == "" {
		return nil
	}
	return map[string]string{"Authorization": "Bearer " + token}
}

// secretsOf are the strings that give away a person's personal data: the
// full IIN, the phone (with and without the plus) and the full birth date.
func secretsOf(iin, phone string, birth time.Time) []string {
	out := []string{iin, birth.Format(time.DateOnly)}
	if phone != "" {
		out = append(out, phone, phone[1:])
	}
	return out
}

// revealed lists the students and teachers (indexes into the fixture's
// slices) whose personal data a role may see: those inside its scope, and
// only if its role may see personal data at all (auth.ReadStudentPersonal,
// auth.ReadTeacherPersonal).
func revealed(role domain.Role) (students, teachers []int) {
	switch role {
	case domain.RoleCollege:
		return []int{0, 1, 4}, []int{0} // the Almaty college
	case domain.RoleTeacher:
		return []int{0, 1, 4}, nil // the group they supervise
	case domain.RoleEnterprise, domain.RoleStudent:
		return []int{0}, nil // the trainee; themself
	}
	return nil, nil
}

// secrets are the strings no answer to role may contain: the personal data
// of every person outside what revealed allows it. A string that is also
// the data of a person it may see (two students born the same day) is left
// out, as it proves nothing.
func (f *fixture) secrets(role domain.Role) []string {
	shownStudents, shownTeachers := revealed(role)
	shown := map[string]bool{}
	var hidden []string
	for i, s := range f.students {
		ss := secretsOf(s.IIN, s.Phone, s.BirthDate)
		if slices.Contains(shownStudents, i) {
			for _, x := range ss {
				shown[x] = true
			}
		} else {
			hidden = append(hidden, ss...)
		}
	}
	for i, t := range f.teachers {
		ts := secretsOf(t.IIN, t.Phone, t.BirthDate)
		if slices.Contains(shownTeachers, i) {
			for _, x := range ts {
				shown[x] = true
			}
		} else {
			hidden = append(hidden, ts...)
		}
	}
	return slices.DeleteFunc(hidden, func(x string) bool { return shown[x] })
}
