package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
)

var userCommand = command{
	name:    "user",
	summary: "create, list, disable and enable users, reset passwords",
	run:     runUser,
}

// stdin is where --password-stdin reads the password; tests replace it.
var stdin io.Reader = os.Stdin

func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		userUsage(stderr)
		return errUsage
	}
	// The audit log records command-line writes as the command line's:
	// whoever can run this command can read the database anyway.
	ctx = domain.WithActor(ctx, domain.Actor{Via: "cli"})
	switch args[0] {
	case "-h", "-help", "--help", "help":
		userUsage(stderr)
		return flag.ErrHelp
	case "create":
		return userCreate(ctx, args[1:], stdout, stderr)
	case "list":
		return userList(ctx, args[1:], stdout, stderr)
	case "disable":
		return userSetDisabled(ctx, "disable", true, args[1:], stdout, stderr)
	case "enable":
		return userSetDisabled(ctx, "enable", false, args[1:], stdout, stderr)
	case "reset-password":
		return userResetPassword(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "dualtrack user: unknown subcommand %q\n\n", args[0])
	userUsage(stderr)
	return errUsage
}

func userUsage(w io.Writer) {
	fmt.Fprintf(w, `Usage: dualtrack user SUBCOMMAND [flags]

Subcommands:
  create          --login L --name N --role R [scope flags] [--password-stdin]
                  add a user; without --password-stdin a strong password is
                  generated and printed once
  list            [--role R] [--region ID] [--college ID] [--q TEXT]
                  list users: id, login, name, role, scope, active
  disable LOGIN   refuse the user's sign-ins, sessions and API tokens
  enable LOGIN    allow them again
  reset-password LOGIN [--password-stdin]
                  set a new password (generated and printed once unless given)

Roles and the scope each needs:
%s
Run 'dualtrack user SUBCOMMAND --help' for the flags of a subcommand.
`, roleTable)
}

// roleTable tells which scope flags each role takes (domain.User.Validate
// is the rule; this is its summary for people).
const roleTable = `  ministry     the whole country          (no scope flag)
  region       a regional department      --region ID
  college      a college coordinator      --college ID
  teacher      a teacher, own groups      --college ID --teacher ID (the teacher's record)
  enterprise   enterprise HR              --enterprise ID
  mentor       a mentor, own trainees     --enterprise ID
  student      a student, own record      --college ID --student ID (the student's record)
  auditor      read-only, until a date    --expires YYYY-MM-DD and --region ID, --college ID or
                                          neither (the whole country)
`

// Synopses of the subcommands.
const (
	createSynopsis = "user create --login L --name N --role R [--region ID] [--college ID] [--enterprise ID] [--teacher ID] [--student ID] [--expires YYYY-MM-DD] [--password-stdin] [--db PATH|URL]"
	listSynopsis   = "user list [--role R] [--region ID] [--college ID] [--q TEXT] [--db PATH|URL]"
	resetSynopsis  = "user reset-password LOGIN [--password-stdin] [--db PATH|URL]"
)

func userCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user create", createSynopsis, stderr)
	db := dbFlag(fs)
	var u domain.User
	var role string
	fs.StringVar(&u.Login, "login", "", "sign-in name: 3–64 latin letters, digits and . _ @ + - (an e-mail address works)")
	fs.StringVar(&u.Name, "name", "", "the person's full name")
	fs.StringVar(&role, "role", "", "one of "+roleList())
	fs.IntVar(&u.RegionID, "region", 0, "region ID (KATO code, e.g. 75 for Almaty): the scope of a region or auditor account")
	fs.Int64Var(&u.CollegeID, "college", 0, "college ID: the scope of a college, teacher, student or auditor account")
	fs.Int64Var(&u.EnterpriseID, "enterprise", 0, "enterprise ID: the scope of an enterprise or mentor account")
	fs.Int64Var(&u.TeacherID, "teacher", 0, "the teacher record of a teacher account")
	fs.Int64Var(&u.StudentID, "student", 0, "the student record of a student account")
	fs.Func("expires", "auditors only: the day (YYYY-MM-DD, UTC) from which the account is refused", func(s string) error {
		t, err := time.Parse(time.DateOnly, s)
		u.ExpiresAt = t
		return err
	})
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input instead of generating one")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: dualtrack %s\n\nRoles and the scope each needs:\n%s\nFlags:\n", createSynopsis, roleTable)
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || u.Login == "" || u.Name == "" || role == "" {
		fmt.Fprintf(stderr, "dualtrack user create: --login, --name and --role are required, and nothing else\nUsage: dualtrack %s\n", createSynopsis)
		return errUsage
	}
	u.Role = domain.Role(role)
	if !slices.Contains(domain.Roles, u.Role) {
		return domain.Invalid("--role", "error.user.role", fmt.Sprintf("unknown role %q; use one of %s", role, roleList()))
	}
	if err := u.Validate(); err != nil {
		return flagError(err, &u)
	}
	if !u.ExpiresAt.IsZero() && !u.ExpiresAt.After(time.Now()) {
		return domain.Invalid("--expires", "error.user.expiry", "the date has passed")
	}
	password, generated, err := newPassword(*fromStdin)
	if err != nil {
		return err
	}
	st, err := openMigrated(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if u.PasswordHash, err = auth.HashPassword(password); err != nil {
		return err
	}
	if err := st.CreateUser(ctx, &u); err != nil {
		return flagError(err, &u)
	}
	fmt.Fprintf(stdout, "created user %d: %s, %s (%s)\n", u.ID, u.Login, u.Role, scopeOf(u))
	if generated {
		printPassword(stdout, password)
	}
	return nil
}

func userList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user list", listSynopsis, stderr)
	db := dbFlag(fs)
	var f domain.UserFilter
	role := fs.String("role", "", "only users of this role: "+roleList())
	fs.IntVar(&f.RegionID, "region", 0, "only users whose scope lies in this region")
	fs.Int64Var(&f.CollegeID, "college", 0, "only users of this college")
	fs.StringVar(&f.Query, "q", "", "only users whose login or name contains this text")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dualtrack user list: unexpected argument %q\nUsage: dualtrack %s\n", fs.Arg(0), listSynopsis)
		return errUsage
	}
	if f.Role = domain.Role(*role); f.Role != "" && !slices.Contains(domain.Roles, f.Role) {
		return domain.Invalid("--role", "error.user.role", fmt.Sprintf("unknown role %q; use one of %s", *role, roleList()))
	}
	st, err := openMigrated(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()

	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tlogin\tname\trole\tscope\tactive")
	now := time.Now()
	total := 0
	for f.Page = (domain.Page{Number: 1, Size: domain.MaxPageSize}); ; f.Page.Number++ {
		list, err := st.Users(ctx, f)
		if err != nil {
			return err
		}
		for _, u := range list.Items {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Login, u.Name, u.Role, scopeOf(u), activity(u, now))
		}
		total = list.Total
		if f.Page.Number >= list.Pages() {
			break
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d %s\n", total, plural(total, "user", "users"))
	return nil
}

func userSetDisabled(ctx context.Context, name string, disable bool, args []string, stdout, stderr io.Writer) error {
	synopsis := "user " + name + " LOGIN [--db PATH|URL]"
	fs := newFlags("user "+name, synopsis, stderr)
	db := dbFlag(fs)
	login, err := oneLogin(fs, args, synopsis, stderr)
	if err != nil {
		return err
	}
	st, err := openMigrated(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := userByLogin(ctx, st, login)
	if err != nil {
		return err
	}
	state := "enabled"
	if disable {
		state = "disabled"
	}
	if u.Disabled == disable {
		fmt.Fprintf(stdout, "user %s is already %s\n", u.Login, state)
		return nil
	}
	u.Disabled = disable
	if err := st.UpdateUser(ctx, &u); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s user %s\n", state, u.Login)
	if !disable && !u.Active(time.Now()) {
		fmt.Fprintf(stdout, "note: the account expired on %s, so it still cannot sign in\n", u.ExpiresAt.Format(time.DateOnly))
	}
	return nil
}

func userResetPassword(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user reset-password", resetSynopsis, stderr)
	db := dbFlag(fs)
	fromStdin := fs.Bool("password-stdin", false, "read the new password from the first line of standard input instead of generating one")
	login, err := oneLogin(fs, args, resetSynopsis, stderr)
	if err != nil {
		return err
	}
	password, generated, err := newPassword(*fromStdin)
	if err != nil {
		return err
	}
	st, err := openMigrated(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := userByLogin(ctx, st, login)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	if err := st.SetPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	// A reset usually follows a lock-out: the new password works at once.
	if err := st.ClearSignInFailures(ctx, u.Login); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "new password set for %s\n", u.Login)
	if generated {
		printPassword(stdout, password)
	}
	if !u.Active(time.Now()) {
		fmt.Fprintf(stdout, "note: the account is %s, so it still cannot sign in\n", activity(u, time.Now()))
	}
	return nil
}

// oneLogin parses flags given before or after the one LOGIN argument.
func oneLogin(fs *flag.FlagSet, args []string, synopsis string, stderr io.Writer) (string, error) {
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return "", err
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "Usage: dualtrack %s\n(run with --help for details)\n", synopsis)
		return "", errUsage
	}
	return pos[0], nil
}

func userByLogin(ctx context.Context, st *store.Store, login string) (domain.User, error) {
	u, err := st.UserByLogin(ctx, login)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return u, &domain.Error{Code: domain.ENOTFOUND, Key: "error.not_found", Message: fmt.Sprintf("no user with login %q", login), Err: err}
	}
	return u, err
}

// newPassword reads the password from stdin and checks it against the
// rules, or generates one: 26 random characters of base32, 130 bits.
func newPassword(fromStdin bool) (password string, generated bool, err error) {
	if !fromStdin {
		return rand.Text(), true, nil
	}
	b, err := io.ReadAll(io.LimitReader(stdin, 4*auth.MaxPasswordLength+3))
	if err != nil {
		return "", false, fmt.Errorf("read the password from standard input: %w", err)
	}
	b = bytes.TrimSuffix(bytes.TrimSuffix(b, []byte("\n")), []byte("\r"))
	if bytes.ContainsAny(b, "\r\n") {
		return "", false, domain.Invalid("password", "error.password.lines", "give the password on one line of standard input")
	}
	password = string(b)
	return password, false, auth.ValidatePassword(password)
}

func printPassword(w io.Writer, password string) {
	fmt.Fprintf(w, "password: %s\n", password)
	fmt.Fprintln(w, "It is shown only this once: hand it to the user in person or over a channel you trust.")
}

// userFlags names the command-line flag of each field of domain.User.
var userFlags = map[string]string{
	"login": "--login", "name": "--name", "role": "--role", "region_id": "--region", "college_id": "--college",
	"enterprise_id": "--enterprise", "teacher_id": "--teacher", "student_id": "--student", "expires_at": "--expires",
}

// flagError restates a validation error of u in terms of the flags: which
// flag is wrong, and whether the role needs it or does not take it.
func flagError(err error, u *domain.User) error {
	var e *domain.Error
	if !errors.As(err, &e) || e.Code != domain.EINVALID {
		return err
	}
	name, ok := userFlags[e.Field]
	if !ok {
		return err
	}
	c := *e
	c.Field = name
	if e.Key == "error.user.scope" || e.Key == "error.user.expiry" {
		if flagGiven(u, e.Field) {
			c.Message = fmt.Sprintf("not taken by role %s; leave it out", u.Role)
		} else {
			c.Message = fmt.Sprintf("required for role %s", u.Role)
		}
	}
	return &c
}

func flagGiven(u *domain.User, field string) bool {
	switch field {
	case "region_id":
		return u.RegionID != 0
	case "college_id":
		return u.CollegeID != 0
	case "enterprise_id":
		return u.EnterpriseID != 0
	case "teacher_id":
		return u.TeacherID != 0
	case "student_id":
		return u.StudentID != 0
	case "expires_at":
		return !u.ExpiresAt.IsZero()
	}
	return false
}

// scopeOf describes a user's scope by the IDs it names.
func scopeOf(u domain.User) string {
	var parts []string
	add := func(name string, id int64) {
		if id != 0 {
			parts = append(parts, name+" "+strconv.FormatInt(id, 10))
		}
	}
	add("region", int64(u.RegionID))
	add("college", u.CollegeID)
	add("enterprise", u.EnterpriseID)
	add("teacher", u.TeacherID)
	add("student", u.StudentID)
	if len(parts) == 0 {
		parts = append(parts, "country")
	}
	if !u.ExpiresAt.IsZero() {
		parts = append(parts, "until "+u.ExpiresAt.Format(time.DateOnly))
	}
	return strings.Join(parts, ", ")
}

// activity says whether a user may sign in now, and why not.
func activity(u domain.User, now time.Time) string {
	switch {
	case u.Disabled:
		return "no (disabled)"
	case !u.Active(now):
		return "no (expired)"
	}
	return "yes"
}

func roleList() string {
	names := make([]string, len(domain.Roles))
	for i, r := range domain.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
