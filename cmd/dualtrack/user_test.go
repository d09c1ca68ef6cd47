package main

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/demo"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// runWithStdin runs a command with text on its standard input.
func runWithStdin(t *testing.T, input string, args ...string) (int, string, string) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(input)
	defer func() { stdin = old }()
	return runCmd(t, args...)
}

var printedPassword = regexp.MustCompile(`(?m)^password: (\S+)$`)

// TestUserCommand drives `dualtrack user` as an administrator would, on a
// small demo dataset in each database: create with a given and with a
// generated password, list with filters, disable and enable, reset the
// password, and every kind of mistake.
func TestUserCommand(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			dsn := db.DSN(t)
			code, stdout, stderr := runCmd(t, "demo", "--db", dsn, "--scale", "small")
			if code != 0 {
				t.Fatalf("demo: exit %d, %s", code, stderr)
			}
			for _, role := range domain.Roles {
				wantContains(t, "demo output", stdout, demo.Login(role))
			}
			wantContains(t, "demo output", stdout, demo.Password, "Almaty (region 75)", "9 demo accounts", demo.ApplicantLogin,
				"ranked offers in a finished allocation round")
			st := testkit.OpenStore(t, dsn)
			teacherDemo, err := st.UserByLogin(ctx, demo.Login(domain.RoleTeacher))
			if err != nil {
				t.Fatal(err)
			}
			college := strconv.FormatInt(teacherDemo.CollegeID, 10)
			otherTeacher := otherCollegeTeacher(t, st, teacherDemo.CollegeID)
			sameTeacher := strconv.FormatInt(teacherDemo.TeacherID, 10)

			// Create with the password on standard input: it is not printed.
			const password = "Жаңа-құпиясөз-7"
			code, stdout, stderr = runWithStdin(t, password+"\n", "user", "create", "--db", dsn, "--login", "Curator@College.kz",
				"--name", "Айгүл Серікова", "--role", "teacher", "--college", college, "--teacher", sameTeacher, "--password-stdin")
			if code != 0 || stderr != "" || strings.Contains(stdout, password) {
				t.Fatalf("create: exit %d, stdout %q, stderr %q", code, stdout, stderr)
			}
			wantContains(t, "create", stdout, "created user", "curator@college.kz", "teacher", "college "+college)
			u, err := st.UserByLogin(ctx, "curator@college.kz")
			if err != nil || u.Role != domain.RoleTeacher || u.TeacherID != teacherDemo.TeacherID || !auth.CheckPassword(u.PasswordHash, password) {
				t.Fatalf("created user %+v (%v) is not what was asked, or the password does not match", u, err)
			}
			// The audit log says the command line created it.
			audit, err := st.Audit(ctx, domain.AuditFilter{RecordType: "user", RecordID: strconv.FormatInt(u.ID, 10)})
			if err != nil || audit.Total != 1 || audit.Items[0].Login != "cli" || audit.Items[0].Action != "create" {
				t.Fatalf("audit of the creation: %+v, %v", audit, err)
			}

			// Create with a generated password, printed once.
			code, stdout, stderr = runCmd(t, "user", "create", "--db", dsn, "--login", "minister", "--name", "Министр", "--role", "ministry")
			m := printedPassword.FindStringSubmatch(stdout)
			if code != 0 || m == nil {
				t.Fatalf("create with a generated password: exit %d, %q, %q", code, stdout, stderr)
			}
			minister, err := st.UserByLogin(ctx, "minister")
			if err != nil || !auth.CheckPassword(minister.PasswordHash, m[1]) || auth.ValidatePassword(m[1]) != nil || len(m[1]) < 20 {
				t.Fatalf("the generated password %q does not sign in or is weak (%v)", m[1], err)
			}
			code, _, stderr = runCmd(t, "user", "create", "--db", dsn, "--login", "inspector", "--name", "Инспектор", "--role", "auditor",
				"--region", "75", "--expires", time.Now().AddDate(0, 6, 0).Format(time.DateOnly))
			if code != 0 {
				t.Fatalf("create an auditor: exit %d, %s", code, stderr)
			}

			// List: a table of all, and filtered.
			code, stdout, _ = runCmd(t, "user", "list", "--db", dsn)
			if code != 0 {
				t.Fatalf("list: exit %d", code)
			}
			wantContains(t, "list", stdout, "id", "login", "scope", "active", "curator@college.kz", "minister", "inspector",
				"college@demo.dualtrack.kz", "applicant@demo.dualtrack.kz", "region 75, until", "country", "12 users")
			for _, c := range []struct {
				args      []string
				want, not []string
			}{
				{[]string{"--role", "teacher"}, []string{"curator@college.kz", "teacher@demo", "2 users"}, []string{"minister", "college@demo"}},
				{[]string{"--college", college}, []string{"curator@college.kz", "college@demo", "student@demo"}, []string{"minister", "inspector"}},
				{[]string{"--region", "75"}, []string{"region@demo", "inspector", "curator@college.kz"}, []string{"minister"}},
				{[]string{"--q", "MINISTE"}, []string{"minister", "1 user\n"}, []string{"curator", "ministry@"}},
			} {
				code, stdout, _ := runCmd(t, append([]string{"user", "list", "--db", dsn}, c.args...)...)
				if code != 0 {
					t.Fatalf("list %v: exit %d", c.args, code)
				}
				wantContains(t, "list "+strings.Join(c.args, " "), stdout, c.want...)
				for _, n := range c.not {
					if strings.Contains(stdout, n) {
						t.Errorf("list %v shows %q:\n%s", c.args, n, stdout)
					}
				}
			}

			// Disable and enable, flags after the login too.
			if code, stdout, _ := runCmd(t, "user", "disable", "curator@college.kz", "--db", dsn); code != 0 || !strings.Contains(stdout, "disabled user curator@college.kz") {
				t.Fatalf("disable: exit %d, %q", code, stdout)
			}
			if u, _ := st.UserByLogin(ctx, "curator@college.kz"); !u.Disabled {
				t.Fatal("disable did not disable")
			}
			_, stdout, _ = runCmd(t, "user", "list", "--db", dsn, "--q", "curator")
			wantContains(t, "list of a disabled user", stdout, "no (disabled)")
			if code, stdout, _ := runCmd(t, "user", "disable", "--db", dsn, "CURATOR@college.kz"); code != 0 || !strings.Contains(stdout, "already disabled") {
				t.Errorf("disable twice: exit %d, %q", code, stdout)
			}
			if code, _, _ := runCmd(t, "user", "enable", "--db", dsn, "curator@college.kz"); code != 0 {
				t.Fatalf("enable: exit %d", code)
			}
			if u, _ := st.UserByLogin(ctx, "curator@college.kz"); u.Disabled {
				t.Fatal("enable did not enable")
			}

			// Reset the password: given, then generated; failures are forgotten.
			for range auth.MaxFailuresLogin {
				if err := st.RecordSignInFailure(ctx, "curator@college.kz", "10.0.0.1"); err != nil {
					t.Fatal(err)
				}
			}
			const newPassword = "another-long-secret-2026"
			code, stdout, stderr = runWithStdin(t, newPassword+"\r\n", "user", "reset-password", "curator@college.kz", "--db", dsn, "--password-stdin")
			if code != 0 || strings.Contains(stdout, newPassword) {
				t.Fatalf("reset-password: exit %d, %q, %q", code, stdout, stderr)
			}
			u, _ = st.UserByLogin(ctx, "curator@college.kz")
			if !auth.CheckPassword(u.PasswordHash, newPassword) || auth.CheckPassword(u.PasswordHash, password) {
				t.Error("reset-password did not replace the password")
			}
			if byLogin, _, _ := st.SignInFailures(ctx, "curator@college.kz", "10.0.0.1", time.Now().Add(-time.Hour)); byLogin != 0 {
				t.Errorf("%d sign-in failures left after the reset", byLogin)
			}
			code, stdout, _ = runCmd(t, "user", "reset-password", "--db", dsn, "curator@college.kz")
			if m := printedPassword.FindStringSubmatch(stdout); code != 0 || m == nil {
				t.Fatalf("reset-password with a generated password: exit %d, %q", code, stdout)
			} else if u, _ := st.UserByLogin(ctx, "curator@college.kz"); !auth.CheckPassword(u.PasswordHash, m[1]) {
				t.Error("the generated password does not match")
			}

			// Mistakes: exit 1 with the field named, or 2 for bad usage.
			create := func(extra ...string) []string {
				return append([]string{"user", "create", "--db", dsn, "--login", "someone", "--name", "Кто-то"}, extra...)
			}
			for _, c := range []struct {
				what  string
				stdin string
				args  []string
				code  int
				want  string
			}{
				{"unknown role", "", create("--role", "boss"), 1, `--role: unknown role "boss"; use one of ministry, region`},
				{"missing scope", "", create("--role", "college"), 1, "--college: required for role college"},
				{"scope the role does not take", "", create("--role", "ministry", "--region", "75"), 1, "--region: not taken by role ministry"},
				{"teacher without the record", "", create("--role", "teacher", "--college", college), 1, "--teacher: required for role teacher"},
				{"auditor without expiry", "", create("--role", "auditor", "--region", "75"), 1, "--expires: required for role auditor"},
				{"auditor of a region and a college", "", create("--role", "auditor", "--region", "75", "--college", college, "--expires", "2099-01-01"), 1, "--college: an auditor's scope is a region or a college"},
				{"expiry passed", "", create("--role", "auditor", "--expires", "2020-01-01"), 1, "--expires: the date has passed"},
				{"no such college", "", create("--role", "college", "--college", "999999"), 1, "--college: there is no college 999999"},
				{"no such region", "", create("--role", "region", "--region", "99"), 1, "--region: there is no region 99"},
				{"teacher of another college", "", create("--role", "teacher", "--college", college, "--teacher", otherTeacher), 1, "--teacher: teacher " + otherTeacher + " belongs to college"},
				{"bad login", "", []string{"user", "create", "--db", dsn, "--login", "a b", "--name", "N", "--role", "ministry"}, 1, "--login: login must be 3 to 64 characters"},
				{"login taken", "", []string{"user", "create", "--db", dsn, "--login", "MINISTER", "--name", "N", "--role", "ministry"}, 1, "already registered"},
				{"short password", "short\n", create("--role", "ministry", "--password-stdin"), 1, "password: password must have at least 8 characters"},
				{"common password", "password123\n", create("--role", "ministry", "--password-stdin"), 1, "password: this password is among the most common ones"},
				{"two lines", "first-line-1\nsecond-line-2\n", create("--role", "ministry", "--password-stdin"), 1, "password: give the password on one line"},
				{"bad expiry date", "", create("--role", "auditor", "--expires", "25.11.2027"), 2, "invalid value"},
				{"bad ID", "", create("--role", "college", "--college", "six"), 2, "invalid value"},
				{"missing name", "", []string{"user", "create", "--db", dsn, "--login", "x-y-z", "--role", "ministry"}, 2, "--login, --name and --role are required"},
				{"list by unknown role", "", []string{"user", "list", "--db", dsn, "--role", "boss"}, 1, `unknown role "boss"`},
				{"disable an unknown login", "", []string{"user", "disable", "--db", dsn, "nobody"}, 1, `no user with login "nobody"`},
				{"reset an unknown login", "", []string{"user", "reset-password", "--db", dsn, "nobody"}, 1, `no user with login "nobody"`},
				{"disable without a login", "", []string{"user", "disable", "--db", dsn}, 2, "Usage: dualtrack user disable LOGIN"},
				{"enable two logins", "", []string{"user", "enable", "--db", dsn, "a", "b"}, 2, "Usage: dualtrack user enable LOGIN"},
				{"unknown subcommand", "", []string{"user", "promote"}, 2, `unknown subcommand "promote"`},
				{"no subcommand", "", []string{"user"}, 2, "Usage: dualtrack user SUBCOMMAND"},
			} {
				code, stdout, stderr := runWithStdin(t, c.stdin, c.args...)
				if code != c.code || !strings.Contains(stderr, c.want) {
					t.Errorf("%s: exit %d (want %d), stderr %q (want %q)", c.what, code, c.code, stderr, c.want)
				}
				if printedPassword.MatchString(stdout) {
					t.Errorf("%s: printed a password although nothing was created", c.what)
				}
			}
			if _, err := st.UserByLogin(ctx, "someone"); domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Errorf("a refused create stored the user: %v", err)
			}
		})
	}
}

// otherCollegeTeacher returns the ID of a teacher who does not work at
// collegeID.
func otherCollegeTeacher(t *testing.T, st *store.Store, collegeID int64) string {
	t.Helper()
	list, err := st.Teachers(context.Background(), domain.TeacherFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range list.Items {
		if tc.CollegeID != collegeID {
			return strconv.FormatInt(tc.ID, 10)
		}
	}
	t.Fatal("no teacher of another college")
	return ""
}

func TestUserHelp(t *testing.T) {
	for _, sub := range []string{"create", "list", "disable", "enable", "reset-password"} {
		code, _, stderr := runCmd(t, "user", sub, "--help")
		if code != 0 || !strings.Contains(stderr, "Usage: dualtrack user "+sub) || !strings.Contains(stderr, "-db") {
			t.Errorf("user %s --help: exit %d, %q", sub, code, stderr)
		}
	}
	_, _, stderr := runCmd(t, "user", "create", "--help")
	wantContains(t, "user create --help", stderr, "auditor", "--expires YYYY-MM-DD", "-password-stdin")
}

// TestDemoSignInsMissing: on a database without the demo accounts the
// sign-ins say they are missing rather than printing a password that
// would not work.
func TestDemoSignInsMissing(t *testing.T) {
	st := testkit.OpenStore(t, testkit.DSN(t))
	var out bytes.Buffer
	printDemoSignIns(context.Background(), &out, st, "http://127.0.0.1:1")
	if strings.Contains(out.String(), demo.Password) || strings.Count(out.String(), "missing") < len(domain.Roles) {
		t.Errorf("sign-ins on a database without accounts:\n%s", out.String())
	}
	wantContains(t, "sign-ins", out.String(), "9 demo accounts are missing", "Sign in at http://127.0.0.1:1/signin")
}
