package access_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

func complete(t *testing.T, first11 string) string {
	t.Helper()
	for i := 0; i < 100; i++ {
		s := first11[:7] + fmt.Sprintf("%04d", (atoi(first11[7:])+i)%10000)
		if full, ok := domain.CompleteIdentifier(s); ok {
			return full
		}
	}
	t.Fatalf("no identifier near %s", first11)
	return ""
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// world is a small registry: college A in Almaty (region 75) with two
// groups, one supervised by a teacher; college B in Astana (71); an
// enterprise in Almaty training one student of A, with a mentor.
type world struct {
	st                   *store.Store
	collegeA, collegeB   domain.College
	enterprise           domain.Enterprise
	teacherA             domain.Teacher
	groupCurated, group2 domain.Group
	trainee, other, far  domain.Student // A (curated group, at the enterprise, mentored); A (other group); B
	users                map[string]domain.User
}

func newWorld(t *testing.T, st *store.Store) *world {
	ctx := context.Background()
	w := &world{st: st, users: map[string]domain.User{}}
	w.collegeA = domain.College{BIN: complete(t, "99034000101"), Name: domain.Names{KK: "А колледжі", RU: "Колледж А"}, RegionID: 75, CityID: 1, Ownership: "state"}
	w.collegeB = domain.College{BIN: complete(t, "99034000201"), Name: domain.Names{KK: "Б колледжі", RU: "Колледж Б"}, RegionID: 71, CityID: 2, Ownership: "state"}
	w.enterprise = domain.Enterprise{BIN: complete(t, "05044000701"), Name: domain.Names{RU: "ТОО «Завод»"}, RegionID: 75, CityID: 1, Industry: "C"}
	must(t, st.CreateCollege(ctx, &w.collegeA), st.CreateCollege(ctx, &w.collegeB), st.CreateEnterprise(ctx, &w.enterprise))
	w.teacherA = domain.Teacher{IIN: complete(t, "85070430001"), Name: domain.PersonName{Last: "Жұмабаев", First: "Асқар"}, CollegeID: w.collegeA.ID, Position: domain.PositionMaster, Phone: "+7 701 000 00 01"}
	must(t, st.CreateTeacher(ctx, &w.teacherA))
	progA := domain.Programme{CollegeID: w.collegeA.ID, SpecialtyCode: "06130100", DurationMonths: 34, Dual: true, HoursTotal: 100, HoursPractice: 50, HoursEnterprise: 40}
	progB := domain.Programme{CollegeID: w.collegeB.ID, SpecialtyCode: "06130100", DurationMonths: 34, HoursTotal: 100, HoursPractice: 50, HoursEnterprise: 10}
	must(t, st.CreateProgramme(ctx, &progA), st.CreateProgramme(ctx, &progB))
	w.groupCurated = domain.Group{CollegeID: w.collegeA.ID, ProgrammeID: progA.ID, Code: "ПО-24-1", IntakeYear: 2024, Language: "kk", CuratorID: w.teacherA.ID}
	w.group2 = domain.Group{CollegeID: w.collegeA.ID, ProgrammeID: progA.ID, Code: "ПО-24-2", IntakeYear: 2024, Language: "ru"}
	groupB := domain.Group{CollegeID: w.collegeB.ID, ProgrammeID: progB.ID, Code: "Б-24-1", IntakeYear: 2024, Language: "kk"}
	must(t, st.CreateGroup(ctx, &w.groupCurated), st.CreateGroup(ctx, &w.group2), st.CreateGroup(ctx, &groupB))

	w.users["mentor"] = testkit.NewUser(t, st, domain.User{Login: "mentor", Role: domain.RoleMentor, EnterpriseID: w.enterprise.ID})
	student := func(serial string, last string, c domain.College, g domain.Group, p domain.Programme) domain.Student {
		return domain.Student{IIN: complete(t, "0703156"+serial), Name: domain.PersonName{Last: last, First: "Аружан"},
			CollegeID: c.ID, GroupID: g.ID, ProgrammeID: p.ID, Funding: "state", Status: "studying", Phone: "+7 705 111 22 33",
			EnrolledOn: time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC)}
	}
	w.trainee = student("0100", "Серікова", w.collegeA, w.groupCurated, progA)
	w.trainee.EnterpriseID = w.enterprise.ID
	w.other = student("0200", "Әлиева", w.collegeA, w.group2, progA)
	w.far = student("0300", "Иванова", w.collegeB, groupB, progB)
	must(t, st.CreateStudent(ctx, &w.trainee), st.CreateStudent(ctx, &w.other), st.CreateStudent(ctx, &w.far))
	// The mentor's trainees are the students whose agreement, awaiting
	// signatures or active, names the mentor record linked to the account.
	mentor := domain.Mentor{EnterpriseID: w.enterprise.ID, UserID: w.users["mentor"].ID, Name: "Ахметов Болат", Qualification: "Инженер-программист", ExperienceYears: 12}
	must(t, st.SaveMentor(ctx, &mentor))
	agreement := domain.Agreement{StudentID: w.trainee.ID, EnterpriseID: w.enterprise.ID, MentorID: mentor.ID, Position: "Стажёр",
		StartsOn: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2026, 6, 28, 0, 0, 0, 0, time.UTC), Weekdays: 0b111, HoursPerWeek: 24}
	must(t, st.CreateAgreement(ctx, &agreement))
	must(t, st.SendForSignature(ctx, agreement.ID))

	for name, u := range map[string]domain.User{
		"ministry":   {Role: domain.RoleMinistry},
		"region":     {Role: domain.RoleRegion, RegionID: 75},
		"college":    {Role: domain.RoleCollege, CollegeID: w.collegeA.ID},
		"teacher":    {Role: domain.RoleTeacher, CollegeID: w.collegeA.ID, TeacherID: w.teacherA.ID},
		"enterprise": {Role: domain.RoleEnterprise, EnterpriseID: w.enterprise.ID},
		"student":    {Role: domain.RoleStudent, CollegeID: w.collegeA.ID, StudentID: w.trainee.ID},
		"auditor":    {Role: domain.RoleAuditor, RegionID: 75, ExpiresAt: time.Now().Add(24 * time.Hour)},
		"expired":    {Role: domain.RoleAuditor, RegionID: 75, ExpiresAt: time.Now().Add(-time.Hour)},
	} {
		u.Login = name
		w.users[name] = testkit.NewUser(t, st, u)
	}
	return w
}

func must(t *testing.T, errs ...error) {
	t.Helper()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestStudentScopes checks, for every role, which students it sees in a
// list and by ID, and whether their personal data is masked.
func TestStudentScopes(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		reg := access.New(st)
		for _, c := range []struct {
			user     string // "" for the public
			sees     []int64
			personal bool
			code     string // error code for the list, if refused
		}{
			{user: "", code: domain.EUNAUTHORIZED},
			{user: "ministry", sees: []int64{w.trainee.ID, w.other.ID, w.far.ID}},
			{user: "region", sees: []int64{w.trainee.ID, w.other.ID}},
			{user: "college", sees: []int64{w.trainee.ID, w.other.ID}, personal: true},
			{user: "teacher", sees: []int64{w.trainee.ID}, personal: true},
			{user: "enterprise", sees: []int64{w.trainee.ID}, personal: true},
			{user: "mentor", sees: []int64{w.trainee.ID}},
			{user: "student", sees: []int64{w.trainee.ID}, personal: true},
			{user: "auditor", sees: []int64{w.trainee.ID, w.other.ID}},
			{user: "expired", code: domain.EUNAUTHORIZED},
		} {
			t.Run(c.user, func(t *testing.T) {
				ctx := context.Background()
				if c.user != "" {
					ctx = testkit.As(w.users[c.user])
				}
				list, err := reg.Students(ctx, domain.StudentFilter{})
				if c.code != "" {
					if domain.ErrorCode(err) != c.code {
						t.Fatalf("list: %v, want %s", err, c.code)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				var ids []int64
				for _, s := range list.Items {
					ids = append(ids, s.ID)
					if s.Masked == c.personal || (c.personal && s.Phone == "") || (!c.personal && (s.Phone != "" || !strings.HasPrefix(s.IIN, "•"))) {
						t.Errorf("student %d: masked=%v phone=%q iin=%q, want personal=%v", s.ID, s.Masked, s.Phone, s.IIN, c.personal)
					}
				}
				slices.Sort(ids)
				want := slices.Clone(c.sees)
				slices.Sort(want)
				if !slices.Equal(ids, want) || list.Total != len(want) {
					t.Fatalf("sees %v (total %d), want %v", ids, list.Total, want)
				}
				for _, s := range []domain.Student{w.trainee, w.other, w.far} {
					_, err := reg.Student(ctx, s.ID)
					if in := slices.Contains(want, s.ID); in != (err == nil) {
						t.Errorf("Student(%d): %v, in scope %v", s.ID, err, in)
					} else if !in && domain.ErrorCode(err) != domain.ENOTFOUND {
						t.Errorf("out of scope must look like not found: %v", err)
					}
				}
				// Asking for another college than one's own finds nothing.
				if c.user == "college" {
					l, err := reg.Students(ctx, domain.StudentFilter{CollegeID: w.collegeB.ID})
					if err != nil || l.Total != 0 {
						t.Fatalf("college B through a filter: %+v %v", l, err)
					}
				}
			})
		}
	})
}

// TestWritesWithinScope: writes follow the policy table and the scope, and
// an auditor can look but not touch.
func TestWritesWithinScope(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		reg := access.New(st)
		teacher := func() *domain.Teacher {
			return &domain.Teacher{IIN: complete(t, "90010130400"), Name: domain.PersonName{Last: "Оспанов", First: "Ерлан"}, CollegeID: w.collegeA.ID, Position: "teacher"}
		}
		for _, c := range []struct {
			user string
			code string
		}{
			{"", domain.EUNAUTHORIZED}, {"auditor", domain.EFORBIDDEN}, {"teacher", domain.EFORBIDDEN},
			{"student", domain.EFORBIDDEN}, {"enterprise", domain.EFORBIDDEN}, {"college", ""},
		} {
			ctx := context.Background()
			if c.user != "" {
				ctx = testkit.As(w.users[c.user])
			}
			err := reg.CreateTeacher(ctx, teacher())
			if domain.ErrorCode(err) != c.code {
				t.Errorf("%s creates a teacher in college A: %v, want %q", c.user, err, c.code)
			}
		}
		// The college coordinator of A cannot write into B.
		tb := teacher()
		tb.IIN, tb.CollegeID = complete(t, "90010130500"), w.collegeB.ID
		if err := reg.CreateTeacher(testkit.As(w.users["college"]), tb); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("coordinator of A writing into B: %v", err)
		}
		// A region department registers colleges only in its region.
		c := domain.College{BIN: complete(t, "99034000301"), Name: domain.Names{KK: "Жаңа", RU: "Новый"}, RegionID: 71, CityID: 2, Ownership: "state"}
		if err := reg.CreateCollege(testkit.As(w.users["region"]), &c); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("region 75 creating a college in 71: %v", err)
		}
		if _, err := reg.UpsertClassifier(testkit.As(w.users["region"]), nil, nil); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("region loading the classifier: %v", err)
		}
	})
}

// TestUserManagementScope: who may create whom, and nobody raises their own role.
func TestUserManagementScope(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		reg := access.New(st)
		coord := testkit.As(w.users["college"])
		teacherUser := domain.User{Login: "new-teacher", Name: "Жаңа мұғалім", Role: domain.RoleTeacher, CollegeID: w.collegeA.ID, TeacherID: w.teacherA.ID}
		if err := reg.CreateUser(coord, &teacherUser, "correct horse battery"); err != nil {
			t.Fatal(err)
		}
		weak := domain.User{Login: "weak", Name: "W", Role: domain.RoleStudent, CollegeID: w.collegeA.ID, StudentID: w.other.ID}
		if err := reg.CreateUser(coord, &weak, "password"); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("common password accepted: %v", err)
		}
		ministry := domain.User{Login: "evil", Name: "E", Role: domain.RoleMinistry}
		if err := reg.CreateUser(coord, &ministry, "correct horse battery"); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("coordinator creating a ministry user: %v", err)
		}
		otherCollege := domain.User{Login: "b-teacher", Name: "B", Role: domain.RoleCollege, CollegeID: w.collegeB.ID}
		if err := reg.CreateUser(testkit.As(w.users["region"]), &otherCollege, "correct horse battery"); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("region 75 creating a coordinator for a college in 71: %v", err)
		}
		self := w.users["college"]
		self.Role, self.CollegeID = domain.RoleMinistry, 0
		if err := reg.UpdateUser(coord, &self); err == nil {
			t.Fatal("a coordinator raised their own role")
		}
		list, err := reg.Users(coord, domain.UserFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range list.Items {
			if u.CollegeID != w.collegeA.ID {
				t.Errorf("coordinator sees a user outside the college: %+v", u)
			}
		}
		if _, err := reg.Users(testkit.As(w.users["teacher"]), domain.UserFilter{}); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("teacher listing users: %v", err)
		}
		if _, err := reg.User(coord, w.users["ministry"].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("coordinator reading the ministry account: %v", err)
		}
	})
}

// TestAuditScopeAndMasking: the audit log is read within scope, with
// personal data masked for roles that may not see it.
func TestAuditScopeAndMasking(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		reg := access.New(st)
		region, err := reg.Audit(testkit.As(w.users["region"]), domain.AuditFilter{RecordType: "student"})
		if err != nil {
			t.Fatal(err)
		}
		if region.Total != 2 {
			t.Fatalf("region 75 sees %d student entries, want 2 (college A only)", region.Total)
		}
		for _, e := range region.Items {
			if strings.Contains(e.After, w.trainee.IIN) || strings.Contains(e.After, "+7 705") {
				t.Fatalf("personal data in the region's audit view: %s", e.After)
			}
		}
		college, _ := reg.Audit(testkit.As(w.users["college"]), domain.AuditFilter{RecordType: "student", RecordID: fmt.Sprint(w.trainee.ID)})
		if college.Total != 1 || !strings.Contains(college.Items[0].After, w.trainee.IIN) {
			t.Fatalf("the coordinator's audit view: %+v", college.Items)
		}
		if _, err := reg.Audit(testkit.As(w.users["student"]), domain.AuditFilter{}); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("a student reading the audit log: %v", err)
		}
	})
}

// TestTokensAndExport: a user's tokens are their own; a student exports
// everything about themself, and the export is audited.
func TestTokensAndExport(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		reg := access.New(st)
		ctx := testkit.As(w.users["student"])
		secret, tok, err := reg.CreateToken(ctx, "phone app")
		if err != nil || !strings.HasPrefix(secret, auth.TokenPrefix) {
			t.Fatalf("token: %q %v", secret, err)
		}
		authn := &auth.Service{Users: st, Now: time.Now}
		u, err := authn.Authenticate(context.Background(), secret)
		if err != nil || u.ID != w.users["student"].ID {
			t.Fatalf("authenticate: %+v %v", u, err)
		}
		if err := reg.RevokeToken(testkit.As(w.users["college"]), tok.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("revoking someone else's token: %v", err)
		}
		if err := reg.RevokeToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := authn.Authenticate(context.Background(), secret); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Fatalf("revoked token: %v", err)
		}
		ex, err := reg.ExportMyData(ctx)
		if err != nil || ex.Student.IIN != w.trainee.IIN || ex.Account.Login != "student" || len(ex.Audit) == 0 {
			t.Fatalf("export: %+v %v", ex, err)
		}
		if _, err := reg.ExportMyData(testkit.As(w.users["college"])); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("export by a coordinator: %v", err)
		}
		log, _ := st.Audit(context.Background(), domain.AuditFilter{RecordType: "student", RecordID: fmt.Sprint(w.trainee.ID)})
		if log.Items[0].Action != "export" || log.Items[0].Login != "student" {
			t.Fatalf("export not audited: %+v", log.Items[0])
		}
	})
}

// TestSignIn: the same answer for an unknown user and a wrong password,
// throttling after five failures, and disabled accounts refused.
func TestSignIn(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		authn := &auth.Service{Users: st, Now: time.Now}
		ctx := context.Background()
		if u, err := authn.SignIn(ctx, "College", testkit.Password, "203.0.113.1"); err != nil || u.Login != "college" {
			t.Fatalf("sign-in: %+v %v", u, err)
		}
		_, unknown := authn.SignIn(ctx, "nobody", "whatever password", "203.0.113.1")
		_, wrong := authn.SignIn(ctx, "college", "whatever password", "203.0.113.1")
		if unknown == nil || unknown.Error() != wrong.Error() || domain.ErrorCode(wrong) != domain.EUNAUTHORIZED {
			t.Fatalf("unknown user %v and wrong password %v must look the same", unknown, wrong)
		}
		for i := 0; i < 4; i++ {
			authn.SignIn(ctx, "college", "wrong again", "203.0.113.2")
		}
		if _, err := authn.SignIn(ctx, "college", testkit.Password, "203.0.113.3"); domain.ErrorCode(err) != domain.ETOOMANY {
			t.Fatalf("after 5 failures the right password must be throttled too: %v", err)
		}
		if _, err := authn.SignIn(ctx, "expired", testkit.Password, "203.0.113.4"); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Fatalf("expired auditor signed in: %v", err)
		}
		log, _ := st.Audit(ctx, domain.AuditFilter{RecordType: "session"})
		if log.Total < 8 {
			t.Fatalf("sign-ins not audited: %d entries", log.Total)
		}
		for _, e := range log.Items {
			if strings.Contains(e.Before+e.After+e.RecordID, "wrong again") || strings.Contains(e.Before+e.After, testkit.Password) {
				t.Fatalf("a password reached the audit log: %+v", e)
			}
		}
		_ = w
	})
}
