package demo

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// openSQL opens a second connection to a test database, for checks the
// store's API does not offer. The drivers are registered by the store.
func openSQL(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if store.IsPostgres(dsn) {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t *testing.T, db *sql.DB, query string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// TestGenerateSmall loads the small dataset into each database and checks
// that it is whole and consistent there.
func TestGenerateSmall(t *testing.T) {
	ref := refdata.All()
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			dsn := db.DSN(t)
			st := testkit.OpenStore(t, dsn)
			rec := newRecorder(st)
			var calls int
			var last, total int64
			progress := func(done, all int64) {
				if done < last {
					t.Errorf("progress went back from %d to %d", last, done)
				}
				calls, last, total = calls+1, done, all
			}
			sum, err := Generate(ctx, rec, ref, Options{Scale: ScaleSmall, Seed: 1, Progress: progress, BatchSize: 1000})
			if err != nil {
				t.Fatal(err)
			}
			if !rec.finished {
				t.Error("FinishLoad was not called")
			}
			if last != total || total != sum.Rows() || calls < 8 {
				t.Errorf("progress ended at %d of %d after %d calls; %d rows written", last, total, calls, sum.Rows())
			}

			counts, err := st.Counts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := [...]int{counts.Colleges, counts.Enterprises, counts.Programmes, counts.Groups, counts.Teachers, counts.Students, counts.DualStudents}
			want := [...]int{sum.Colleges, sum.Enterprises, sum.Programmes, sum.Groups, sum.Teachers, sum.Students, sum.DualStudents}
			if got != want {
				t.Fatalf("stored counts %v, summary says %v", got, want)
			}
			if sum.Colleges != 7 || sum.Students != 5600 || sum.Enterprises != 185 {
				t.Errorf("small scale should be 7 colleges, 5,600 students, 185 enterprises: %+v", sum)
			}
			if sum.DualStudents < 1000 || sum.DualStudents > 1200 || sum.EnterprisesWithTrainees < 180 {
				t.Errorf("dual figures off: %+v", sum)
			}

			sqlDB := openSQL(t, dsn)
			for _, check := range []struct{ what, query string }{
				{"students in a group of another college or programme", `SELECT count(*) FROM students s JOIN study_groups g ON g.id = s.group_id
					WHERE g.college_id <> s.college_id OR g.programme_id <> s.programme_id`},
				{"students of dual programmes without an enterprise, or others with one", `SELECT count(*) FROM students s JOIN programmes p ON p.id = s.programme_id
					WHERE (p.is_dual AND s.enterprise_id IS NULL) OR (NOT p.is_dual AND s.enterprise_id IS NOT NULL)`},
				{"dual programmes below 60 % at the enterprise", `SELECT count(*) FROM programmes WHERE is_dual AND hours_enterprise * 10 < hours_practice * 6`},
				{"repeated IINs across students and teachers", `SELECT count(*) - count(DISTINCT iin) FROM (SELECT iin FROM students UNION ALL SELECT iin FROM teachers) x`},
				{"repeated BINs across colleges and enterprises", `SELECT count(*) - count(DISTINCT bin) FROM (SELECT bin FROM colleges UNION ALL SELECT bin FROM enterprises) x`},
				{"colleges in a city of another region", `SELECT count(*) FROM colleges c JOIN cities ci ON ci.id = c.city_id WHERE ci.region_id <> c.region_id`},
				{"enterprises in a city of another region", `SELECT count(*) FROM enterprises e JOIN cities ci ON ci.id = e.city_id WHERE ci.region_id <> e.region_id`},
				{"groups of a programme of another college", `SELECT count(*) FROM study_groups g JOIN programmes p ON p.id = g.programme_id WHERE p.college_id <> g.college_id`},
			} {
				if n := count(t, sqlDB, check.query); n != 0 {
					t.Errorf("%s: %d", check.what, n)
				}
			}
			if n := count(t, sqlDB, `SELECT count(DISTINCT enterprise_id) FROM students`); n != sum.EnterprisesWithTrainees {
				t.Errorf("%d enterprises have trainees, summary says %d", n, sum.EnterprisesWithTrainees)
			}
			if n := count(t, sqlDB, `SELECT count(DISTINCT college_id) FROM programmes WHERE is_dual`); n != sum.DualColleges {
				t.Errorf("%d colleges have dual programmes, summary says %d", n, sum.DualColleges)
			}

			// The store's search finds a generated student by name.
			s := rec.students[len(rec.students)/2]
			list, err := st.Students(ctx, domain.StudentFilter{Query: s.Name.Last + " " + s.Name.First, CollegeID: s.CollegeID})
			if err != nil || list.Total == 0 {
				t.Fatalf("search for %s: %+v, %v", s.Name.Full(), list, err)
			}

			checkRows(t, rec)
			checkAccounts(t, st, sqlDB, sum)
			checkChain(t, st, sqlDB, rec, sum)
			checkDemoWork(t, st)
			checkRounds(t, st, sqlDB, rec, sum)
			checkPatronage(t, st, sqlDB, sum)
			checkGraduates(t, st, sqlDB, rec, sum)
			checkTargeted(t, st, sqlDB, rec, sum)
			checkInternational(t, st, rec, sum)

			// What the database holds is exactly what a second run with the
			// same seed generates: the stored data is the same on every run.
			again := newRecorder(nil)
			if _, err := Generate(ctx, again, ref, Options{Scale: ScaleSmall, Seed: 1}); err != nil {
				t.Fatal(err)
			}
			for _, table := range storedTables {
				if got, want := dbDigest(t, sqlDB, table.query), table.digest(again); got != want {
					t.Errorf("%s: the database holds other rows than the generator makes", table.name)
				}
			}
		})
	}
}

var phoneFormat = regexp.MustCompile(`^\+7 7\d\d \d{3} \d\d \d\d$`)

// checkRows checks the rows as generated: identifiers, ages, names, sizes.
func checkRows(t *testing.T, rec *recorder) {
	t.Helper()
	bins := map[string]bool{}
	names := map[string]bool{}
	for _, c := range rec.colleges {
		if err := domain.ValidateBIN("bin", c.BIN); err != nil || bins[c.BIN] {
			t.Errorf("college %d: BIN %s invalid or repeated (%v)", c.ID, c.BIN, err)
		}
		bins[c.BIN] = true
		for _, n := range []string{c.Name.KK, c.Name.RU, c.Name.EN} {
			if n == "" || names[n] {
				t.Errorf("college %d: name %q empty or repeated", c.ID, n)
			}
			names[n] = true
		}
		if c.Address == "" {
			t.Errorf("college %d has no address", c.ID)
		}
	}
	for _, e := range rec.enterprises {
		if err := domain.ValidateBIN("bin", e.BIN); err != nil || bins[e.BIN] || e.BIN[4] != '4' {
			t.Errorf("enterprise %d: BIN %s invalid, repeated or not a legal entity's (%v)", e.ID, e.BIN, err)
		}
		bins[e.BIN] = true
		if names[e.Name.RU] || e.Name.KK == "" || e.Name.EN == "" {
			t.Errorf("enterprise %d: name %+v repeated or incomplete", e.ID, e.Name)
		}
		names[e.Name.RU] = true
	}
	iins := map[string]bool{}
	checkPerson := func(kind string, id int64, iin string, birth time.Time, sex domain.Sex, name domain.PersonName, phone string) {
		got, err := domain.ParseIIN("iin", iin)
		switch {
		case err != nil:
			t.Errorf("%s %d: IIN %s: %v", kind, id, iin, err)
		case !got.BirthDate.Equal(birth) || got.Sex != sex:
			t.Errorf("%s %d: IIN %s says %s %s, the person is %s %s", kind, id, iin, got.BirthDate, got.Sex, birth, sex)
		case iins[iin]:
			t.Errorf("%s %d: IIN %s repeated", kind, id, iin)
		}
		iins[iin] = true
		if name.Last == "" || name.First == "" {
			t.Errorf("%s %d: incomplete name %+v", kind, id, name)
		}
		if phone != "" && !phoneFormat.MatchString(phone) {
			t.Errorf("%s %d: phone %q", kind, id, phone)
		}
	}
	for _, tc := range rec.teachers {
		checkPerson("teacher", tc.ID, tc.IIN, tc.BirthDate, tc.Sex, tc.Name, tc.Phone)
	}
	groupSize := map[int64]int{}
	funding := map[string]int{}
	for _, s := range rec.students {
		checkPerson("student", s.ID, s.IIN, s.BirthDate, s.Sex, s.Name, s.Phone)
		age := s.EnrolledOn.Year() - s.BirthDate.Year()
		if s.EnrolledOn.Month() < s.BirthDate.Month() || s.EnrolledOn.Month() == s.BirthDate.Month() && s.EnrolledOn.Day() < s.BirthDate.Day() {
			age--
		}
		if age < 14 || age > 22 {
			t.Errorf("student %d enrolled at %d", s.ID, age)
		}
		if y := s.EnrolledOn.Year(); s.Status != domain.StatusGraduated && (y < 2022 || y > 2026) {
			t.Errorf("student %d enrolled in %d", s.ID, y)
		}
		groupSize[s.GroupID]++
		funding[s.Funding]++
	}
	for _, g := range rec.groups {
		if n := groupSize[g.ID]; n < 20 || n > 30 {
			t.Errorf("group %d %s has %d students", g.ID, g.Code, n)
		}
	}
	if share := float64(funding[domain.FundingState]) / float64(len(rec.students)); share < 0.62 || share > 0.74 {
		t.Errorf("state-funded share %.2f, want about 0.68", share)
	}
	if share := float64(funding[domain.FundingPaid]) / float64(len(rec.students)); share < 0.19 || share > 0.31 {
		t.Errorf("paid share %.2f, want about 0.25", share)
	}
}

// checkAccounts checks the demo accounts as stored: one per role, valid,
// signing in with the demo password, tied to records that exist and agree
// with each other, the teacher curating groups and the mentor with trainees.
func checkAccounts(t *testing.T, st *store.Store, db *sql.DB, sum Summary) {
	t.Helper()
	ctx := context.Background()
	if err := auth.ValidatePassword(Password); err != nil {
		t.Errorf("the demo password breaks the password rules: %v", err)
	}
	if sum.Accounts != len(domain.Roles)+1 {
		t.Errorf("summary counts %d accounts, want %d: one per role and the applicant", sum.Accounts, len(domain.Roles)+1)
	}
	users := map[domain.Role]domain.User{}
	for _, role := range domain.Roles {
		u, err := st.UserByLogin(ctx, Login(role))
		if err != nil {
			t.Fatalf("account %s: %v", Login(role), err)
		}
		valid := u
		if u.Role != role || valid.Validate() != nil || !u.Active(DefaultToday) || !auth.CheckPassword(u.PasswordHash, Password) {
			t.Errorf("account %s: role %s, valid %v, active %v, or the demo password fails", u.Login, u.Role, valid.Validate(), u.Active(DefaultToday))
		}
		users[role] = u
	}
	for _, role := range []domain.Role{domain.RoleRegion, domain.RoleAuditor} {
		if users[role].RegionID != HomeRegion {
			t.Errorf("%s account in region %d, want %d", role, users[role].RegionID, HomeRegion)
		}
	}
	if want := DefaultToday.AddDate(1, 0, 0); !users[domain.RoleAuditor].ExpiresAt.Equal(want) {
		t.Errorf("auditor expires %s, want %s", users[domain.RoleAuditor].ExpiresAt, want)
	}
	college, err := st.College(ctx, users[domain.RoleCollege].CollegeID)
	if err != nil || college.RegionID != HomeRegion {
		t.Fatalf("college account's college %+v in region %d: %v", users[domain.RoleCollege].CollegeID, college.RegionID, err)
	}
	teacherUser, studentUser := users[domain.RoleTeacher], users[domain.RoleStudent]
	teacher, err := st.Teacher(ctx, teacherUser.TeacherID)
	if err != nil || teacher.CollegeID != college.ID || teacherUser.CollegeID != college.ID || teacherUser.Name != teacher.Name.Full() {
		t.Errorf("teacher account %+v, record %+v (%v): not the college's", teacherUser, teacher, err)
	}
	student, err := st.Student(ctx, studentUser.StudentID)
	if err != nil || student.CollegeID != college.ID || studentUser.CollegeID != college.ID || studentUser.Name != student.Name.Full() {
		t.Fatalf("student account %+v, record %+v (%v): not the college's", studentUser, student, err)
	}
	enterpriseID := users[domain.RoleEnterprise].EnterpriseID
	if users[domain.RoleMentor].EnterpriseID != enterpriseID || student.EnterpriseID != enterpriseID {
		t.Errorf("mentor's enterprise %d, student's %d, want the enterprise account's %d",
			users[domain.RoleMentor].EnterpriseID, student.EnterpriseID, enterpriseID)
	}

	// The teacher curates groups, among them the student's.
	group, err := st.Group(ctx, student.GroupID)
	if err != nil || group.CuratorID != teacher.ID {
		t.Errorf("the student's group %+v is not curated by the demo teacher %d: %v", group, teacher.ID, err)
	}
	curated, err := st.Students(ctx, domain.StudentFilter{CuratorID: teacher.ID})
	if err != nil || curated.Total < 20 {
		t.Errorf("the demo teacher curates %d students: %v", curated.Total, err)
	}
	// The mentor guides up to the policy's limit of the enterprise's
	// trainees, the demo student among them.
	mentored, err := st.Students(ctx, domain.StudentFilter{MentorID: users[domain.RoleMentor].ID})
	limit := domain.DefaultDualSettings.MaxTraineesPerMentor
	if err != nil || mentored.Total < limit/2 || mentored.Total > limit {
		t.Errorf("the mentor has %d trainees, want %d to %d: %v", mentored.Total, limit/2, limit, err)
	}
	if !slices.ContainsFunc(mentored.Items, func(s domain.Student) bool { return s.ID == student.ID }) {
		t.Errorf("the demo student is not among the demo mentor's trainees")
	}
	for _, check := range []struct{ what, query string }{
		{"groups without a curator of their college", `SELECT count(*) FROM study_groups g LEFT JOIN teachers t ON t.id = g.curator_id
			WHERE t.id IS NULL OR t.college_id <> g.college_id`},
		{"agreements with a mentor of another enterprise", `SELECT count(*) FROM agreements a JOIN mentors m ON m.id = a.mentor_id
			WHERE m.enterprise_id <> a.enterprise_id`},
		{"mentor accounts of another enterprise than their mentor record", `SELECT count(*) FROM mentors m JOIN users u ON u.id = m.user_id
			WHERE u.role <> 'mentor' OR u.enterprise_id <> m.enterprise_id`},
		{"accounts not created by the system", `SELECT count(*) FROM audit_log WHERE record_type = 'user' AND login <> 'system'`},
	} {
		if n := count(t, db, check.query); n != 0 {
			t.Errorf("%s: %d", check.what, n)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE record_type = 'user' AND action = 'create'`); n != sum.Accounts {
		t.Errorf("%d accounts created in the audit log, want %d", n, sum.Accounts)
	}
}

// TestSameSeedSameData generates the small dataset twice with one seed and
// once with another, comparing what was written.
func TestSameSeedSameData(t *testing.T) {
	ref := refdata.All()
	gen := func(seed int64) *recorder {
		rec := newRecorder(nil)
		if _, err := Generate(context.Background(), rec, ref, Options{Scale: ScaleSmall, Seed: seed, BatchSize: 777}); err != nil {
			t.Fatal(err)
		}
		return rec
	}
	a, b, c := gen(7), gen(7), gen(8)
	for _, table := range []string{"colleges", "enterprises", "programmes", "groups", "teachers", "students", "users",
		"mentors", "competences", "offers", "applications", "agreements", "party_changes", "entries", "assessments"} {
		if a.digest(table) == "" || a.digest(table) != b.digest(table) {
			t.Errorf("%s differ between two runs with seed 7", table)
		}
		if a.digest(table) == c.digest(table) {
			t.Errorf("%s are the same with seeds 7 and 8", table)
		}
	}
}

func TestGenerateRefuses(t *testing.T) {
	ctx := context.Background()
	ref := refdata.All()
	st := testkit.OpenStore(t, testkit.DSN(t))
	if _, err := Generate(ctx, st, ref, Options{Scale: "galactic"}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("unknown scale: got %v, want EINVALID", err)
	}
	if _, err := Generate(ctx, st, domain.ReferenceData{}, Options{Scale: ScaleSmall}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("no reference data: got %v, want EINVALID", err)
	}
	taken := domain.College{BIN: newBINAllocator(99).issue(1999, 3), Name: domain.Names{KK: "Колледж", RU: "Колледж"}, RegionID: 75, CityID: 1, Ownership: domain.OwnershipState}
	if err := st.CreateCollege(ctx, &taken); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(ctx, st, ref, Options{Scale: ScaleSmall, Seed: 2}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("registry with a college: got %v, want ECONFLICT", err)
	}
	// A failing loader stops the generator (its goroutine too) and the
	// error names the rows.
	f := &failAt{recorder: newRecorder(nil), at: 3}
	_, err := Generate(ctx, f, ref, Options{Scale: ScaleSmall, BatchSize: 1000})
	if err == nil || !strings.Contains(err.Error(), "students 2001-3000: disk full") {
		t.Errorf("failing loader: got %v", err)
	}
	if len(f.students) != 2000 || f.finished {
		t.Errorf("after the failure: %d students recorded, finished %v", len(f.students), f.finished)
	}
}

type failAt struct {
	*recorder
	calls, at int
}

func (f *failAt) InsertStudents(ctx context.Context, rows []domain.Student) error {
	if f.calls++; f.calls == f.at {
		return errors.New("disk full")
	}
	return f.recorder.InsertStudents(ctx, rows)
}

// storedTables are the generated columns of each table (all but the load
// timestamps and search keys), read from the database and formatted from
// generated rows the same way.
var storedTables = []struct {
	name   string
	query  string
	digest func(*recorder) string
}{
	{"colleges", `SELECT id, bin, name_kk, name_ru, name_en, region_id, city_id, ownership, address FROM colleges ORDER BY id`,
		func(r *recorder) string {
			return rowsDigest(r.colleges, func(c domain.College) []any {
				return []any{c.ID, c.BIN, c.Name.KK, c.Name.RU, c.Name.EN, c.RegionID, c.CityID, c.Ownership, c.Address}
			})
		}},
	{"enterprises", `SELECT id, bin, name_kk, name_ru, name_en, region_id, city_id, industry, employees FROM enterprises ORDER BY id`,
		func(r *recorder) string {
			return rowsDigest(r.enterprises, func(e domain.Enterprise) []any {
				return []any{e.ID, e.BIN, e.Name.KK, e.Name.RU, e.Name.EN, e.RegionID, e.CityID, e.Industry, e.Employees}
			})
		}},
	{"programmes", `SELECT id, college_id, specialty_code, COALESCE(qualification_code, ''), duration_months, is_dual,
			hours_total, hours_practice, hours_enterprise FROM programmes ORDER BY id`,
		func(r *recorder) string {
			return rowsDigest(r.programmes, func(p domain.Programme) []any {
				return []any{p.ID, p.CollegeID, p.SpecialtyCode, p.QualificationCode, p.DurationMonths, p.Dual,
					p.HoursTotal, p.HoursPractice, p.HoursEnterprise}
			})
		}},
	{"groups", `SELECT id, college_id, programme_id, code, intake_year, language, COALESCE(curator_id, 0) FROM study_groups ORDER BY id`,
		func(r *recorder) string {
			return rowsDigest(r.groups, func(g domain.Group) []any {
				return []any{g.ID, g.CollegeID, g.ProgrammeID, g.Code, g.IntakeYear, g.Language, g.CuratorID}
			})
		}},
	{"teachers", `SELECT id, iin, last_name, first_name, middle_name, birth_date, sex, college_id, position, phone, hired_on
			FROM teachers ORDER BY id`,
		func(r *recorder) string {
			return rowsDigest(r.teachers, func(t domain.Teacher) []any {
				return []any{t.ID, t.IIN, t.Name.Last, t.Name.First, t.Name.Middle, t.BirthDate, t.Sex, t.CollegeID, t.Position, t.Phone, t.HiredOn}
			})
		}},
	{"students", `SELECT id, iin, last_name, first_name, middle_name, birth_date, sex, college_id, group_id, programme_id,
			funding, status, phone, enrolled_on, COALESCE(enterprise_id, 0) FROM students ORDER BY id`,
		func(r *recorder) string {
			return rowsDigest(r.students, func(s domain.Student) []any {
				return []any{s.ID, s.IIN, s.Name.Last, s.Name.First, s.Name.Middle, s.BirthDate, s.Sex, s.CollegeID, s.GroupID,
					s.ProgrammeID, s.Funding, s.Status, s.Phone, s.EnrolledOn, s.EnterpriseID}
			})
		}},
	{"mentors", `SELECT id, enterprise_id, COALESCE(user_id, 0), name, position, qualification, experience_years, phone,
			pay_per_trainee FROM mentors ORDER BY id`,
		func(r *recorder) string {
			return rowsDigest(r.mentors, func(m domain.Mentor) []any {
				return []any{m.ID, m.EnterpriseID, m.UserID, m.Name, m.Position, m.Qualification, m.ExperienceYears, m.Phone, m.PayPerTrainee}
			})
		}},
	{"agreements", `SELECT id, student_id, college_id, enterprise_id, COALESCE(offer_id, 0), COALESCE(mentor_id, 0),
			COALESCE(previous_id, 0), position, starts_on, ends_on, weekdays, hours_per_week, guardian_name, status, version
			FROM agreements ORDER BY id`,
		func(r *recorder) string {
			return rowsDigest(r.agreements, func(a domain.Agreement) []any {
				return []any{a.ID, a.StudentID, a.CollegeID, a.EnterpriseID, a.OfferID, a.MentorID, a.PreviousID, a.Position,
					a.StartsOn, a.EndsOn, a.Weekdays.String(), a.HoursPerWeek, a.GuardianName, string(a.Status), a.Version}
			})
		}},
	{"logbook entries", `SELECT id, student_id, agreement_id, week_start, version, is_current, days, hours, tasks, competences,
			status, comment FROM logbook_entries ORDER BY id`,
		func(r *recorder) string {
			return rowsDigest(r.entries, func(e domain.LogbookEntry) []any {
				ids := make([]string, len(e.Competences))
				for i, id := range e.Competences {
					ids[i] = fmt.Sprint(id)
				}
				return []any{e.ID, e.StudentID, e.AgreementID, e.WeekStart, e.Version, e.Current, e.Days.String(), e.Hours, e.Tasks,
					strings.Join(ids, ","), string(e.Status), e.Comment}
			})
		}},
	{"users", `SELECT id, login, name, role, COALESCE(region_id, 0), COALESCE(college_id, 0), COALESCE(enterprise_id, 0),
			COALESCE(teacher_id, 0), COALESCE(student_id, 0) FROM users ORDER BY id`,
		func(r *recorder) string {
			return rowsDigest(r.users, func(u domain.User) []any {
				return []any{u.ID, u.Login, u.Name, string(u.Role), u.RegionID, u.CollegeID, u.EnterpriseID, u.TeacherID, u.StudentID}
			})
		}},
}

// canonical writes a value the same whether it came from Go or from either
// database (dates as text or time.Time, booleans as 0/1 or bool).
func canonical(v any) string {
	switch x := v.(type) {
	case time.Time:
		return x.Format(time.DateOnly)
	case []byte:
		return string(x)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case string:
		return x
	case domain.Sex:
		return string(x)
	}
	return fmt.Sprint(v)
}

func rowsDigest[T any](rows []T, values func(T) []any) string {
	h := sha256.New()
	for _, row := range rows {
		for _, v := range values(row) {
			fmt.Fprintf(h, "%s\x1f", canonical(v))
		}
		h.Write([]byte{'\n'})
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func dbDigest(t *testing.T, db *sql.DB, query string) string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	h := sha256.New()
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			fmt.Fprintf(h, "%s\x1f", canonical(v))
		}
		h.Write([]byte{'\n'})
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}
