package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/demo"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
)

var demoCommand = command{
	name:    "demo",
	summary: "generate the demo dataset (national, small or russia) into an empty database",
	run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		fs := newFlags("demo", "demo [--db PATH|URL] [--scale national|small|russia] [--seed N]", stderr)
		db := dbFlag(fs)
		scale := fs.String("scale", demo.ScaleNational, "national (706 colleges, 560,000 students), small (1/100 of it) or russia (3,700,000 students)")
		seed := fs.Int64("seed", 1, "the same seed gives the same data")
		if err := parse(fs, args); err != nil {
			return err
		}
		st, err := openMigrated(ctx, *db)
		if err != nil {
			return err
		}
		defer st.Close()
		if err := generateDemo(ctx, st, *scale, *seed, stdout, stderr); err != nil {
			return err
		}
		fmt.Fprintln(stdout)
		printDemoSignIns(ctx, stdout, st, "")
		return nil
	},
}

// generateDemo fills an empty registry with the demo dataset, drawing a
// progress bar when stderr is a terminal, and prints a summary to stdout.
func generateDemo(ctx context.Context, st *store.Store, scale string, seed int64, stdout, stderr io.Writer) error {
	start := time.Now()
	var bar *progressbar.ProgressBar
	progress := func(done, total int64) {}
	if f, ok := stderr.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
		progress = func(done, total int64) {
			if bar == nil {
				bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(stderr),
					progressbar.OptionSetDescription("demo "+scale), progressbar.OptionShowCount(),
					progressbar.OptionSetItsString("rows"), progressbar.OptionShowIts(),
					progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
			}
			bar.Set64(done)
		}
	}
	sum, err := demo.Generate(ctx, st, refdata.All(), demo.Options{Scale: scale, Seed: seed, Progress: progress})
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo dataset %q (seed %d) generated in %s:\n", sum.Scale, sum.Seed, time.Since(start).Round(100*time.Millisecond))
	fmt.Fprintf(stdout, "  %7d colleges (%d with dual programmes)\n", sum.Colleges, sum.DualColleges)
	fmt.Fprintf(stdout, "  %7d enterprises (%d training students)\n", sum.Enterprises, sum.EnterprisesWithTrainees)
	fmt.Fprintf(stdout, "  %7d programmes (%d dual), %d groups\n", sum.Programmes, sum.DualProgrammes, sum.Groups)
	fmt.Fprintf(stdout, "  %7d students (%d in dual training)\n", sum.Students, sum.DualStudents)
	fmt.Fprintf(stdout, "  %7d teachers\n", sum.Teachers)
	fmt.Fprintf(stdout, "  %7d mentors, %d competences in the dual programmes' lists\n", sum.Mentors, sum.Competences)
	fmt.Fprintf(stdout, "  %7d placement offers (%d open), %d applications\n", sum.Offers, sum.OpenOffers, sum.Applications)
	fmt.Fprintf(stdout, "  %7d agreements (%d active), %d changes of mentor or enterprise\n", sum.Agreements, sum.ActiveAgreements, sum.PartyChanges)
	fmt.Fprintf(stdout, "  %7d logbook entries, %d competence assessments\n", sum.Entries, sum.Assessments)
	fmt.Fprintf(stdout, "  %7d students ranked offers in a finished allocation round: %d placed, %d accepted; %d ranking in the open supplementary round\n",
		sum.RoundStudents, sum.Placed, sum.Accepted, sum.RankingAgain)
	fmt.Fprintf(stdout, "  %7d graduates of the last three years (%d from dual training) in %d groups, %d contracts in the register of employment contracts\n",
		sum.Graduates, sum.DualGraduates, sum.GraduateGroups, sum.EmploymentRecords)
	fmt.Fprintf(stdout, "  %7d state-funded seats in %d rows, %d taken; %d diplomas of students on paid seats\n",
		sum.Seats, sum.SeatRows, sum.StateFunded, sum.Diplomas)
	fmt.Fprintf(stdout, "  %7d targeted-training contracts (%d work obligations after graduation) on %d orders, %d deadline alerts\n",
		sum.TargetedContracts, sum.Obligations, sum.TrainingOrders, sum.ObligationAlerts)
	fmt.Fprintf(stdout, "  %7d patronage memoranda of %d patron companies over %d colleges: %d commitments, %d deliveries reported\n",
		sum.Memoranda, sum.Patrons, sum.PatronedColleges, sum.Commitments, sum.Fulfilments)
	fmt.Fprintf(stdout, "  %7d demo accounts, one per role and an applicant in the rounds\n", sum.Accounts)
	return nil
}

// printDemoSignIns lists the demo accounts with what each one sees and,
// when base is the URL of a running server, what to open first. The
// accounts are looked up rather than assumed: a database generated before
// accounts existed, or whose demo accounts were changed, is said to be so.
func printDemoSignIns(ctx context.Context, w io.Writer, st *store.Store, base string) {
	now := time.Now()
	fmt.Fprintln(w, "Demo sign-ins (the password is public: use these accounts with demo data only):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  login\tpassword\trole\tsees")
	missing := 0
	type account struct {
		login string
		role  domain.Role
	}
	accounts := make([]account, 0, len(domain.Roles)+1)
	for _, role := range domain.Roles {
		accounts = append(accounts, account{demo.Login(role), role})
	}
	for _, a := range append(accounts, account{demo.ApplicantLogin, domain.RoleStudent}) {
		login, role := a.login, a.role
		u, err := st.UserByLogin(ctx, login)
		if err != nil {
			missing++
			what := "missing"
			if domain.ErrorCode(err) != domain.ENOTFOUND {
				what = describe(err)
			}
			fmt.Fprintf(tw, "  %s\t—\t%s\t%s\n", login, role, what)
			continue
		}
		password := demo.Password
		if !auth.CheckPassword(u.PasswordHash, demo.Password) {
			password = "(changed)"
		}
		sees := demoScope(ctx, st, u)
		if !u.Active(now) {
			sees += " — " + activity(u, now)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", u.Login, password, u.Role, sees)
	}
	tw.Flush()
	if missing > 0 {
		fmt.Fprintf(w, "%d demo %s missing: this database was generated by an older dualtrack, or they were removed.\n"+
			"Generate the demo dataset again into an empty database to have them all.\n",
			missing, plural(missing, "account is", "accounts are"))
	}
	if base != "" {
		fmt.Fprintf(w, "Sign in at %s/signin, then try %s/students?q=ахмет  ·  %s/colleges  ·  %s/api/openapi.json\n", base, base, base, base)
	}
}

// demoScope describes what a demo account sees, by the names of the
// records its scope names.
func demoScope(ctx context.Context, st *store.Store, u domain.User) string {
	region := func() string {
		if r, err := st.Region(ctx, u.RegionID); err == nil {
			return fmt.Sprintf("%s (region %d)", r.Name.EN, r.ID)
		}
		return fmt.Sprintf("region %d", u.RegionID)
	}
	college := func() string {
		if c, err := st.College(ctx, u.CollegeID); err == nil {
			return fmt.Sprintf("%s (college %d)", c.Name.EN, c.ID)
		}
		return fmt.Sprintf("college %d", u.CollegeID)
	}
	enterprise := func() string {
		if e, err := st.Enterprise(ctx, u.EnterpriseID); err == nil {
			return fmt.Sprintf("%s (enterprise %d)", e.Name.EN, e.ID)
		}
		return fmt.Sprintf("enterprise %d", u.EnterpriseID)
	}
	switch u.Role {
	case domain.RoleMinistry:
		return "the whole country"
	case domain.RoleRegion:
		return region()
	case domain.RoleCollege:
		return college()
	case domain.RoleTeacher:
		curated, _ := st.Students(ctx, domain.StudentFilter{CuratorID: u.TeacherID, Page: domain.Page{Size: 1}})
		return fmt.Sprintf("own groups (%d students) at %s", curated.Total, college())
	case domain.RoleEnterprise:
		return enterprise() + " and its trainees"
	case domain.RoleMentor:
		trainees, _ := st.Students(ctx, domain.StudentFilter{MentorID: u.ID, Page: domain.Page{Size: 1}})
		return fmt.Sprintf("%d trainees at %s", trainees.Total, enterprise())
	case domain.RoleStudent:
		return fmt.Sprintf("own record at %s", college())
	case domain.RoleAuditor:
		in := "the whole country"
		switch {
		case u.RegionID != 0:
			in = region()
		case u.CollegeID != 0:
			in = college()
		}
		return fmt.Sprintf("%s, read-only, until %s", in, u.ExpiresAt.Format(time.DateOnly))
	}
	return scopeOf(u)
}
