package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var obligationsCommand = command{
	name:    "obligations",
	summary: "run the work obligations' clock: start them at graduation, close those served, raise deadline alerts",
	run:     obligations,
}

// obligations runs one sweep of the targeted-training obligations
// (store.SweepObligations) as of a day, today in Kazakhstan by default:
// a cron job's alternative to the server's hourly sweep, and the way to
// see what a given day would raise.
func obligations(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("obligations", "obligations [--db PATH|URL] [--today YYYY-MM-DD]", stderr)
	db := dbFlag(fs)
	day := fs.String("today", "", "the day to sweep as of (default: today in Kazakhstan)")
	if err := parse(fs, args); err != nil {
		return err
	}
	today := domain.DateInKazakhstan(time.Now())
	if *day != "" {
		t, err := time.Parse(time.DateOnly, *day)
		if err != nil {
			return fmt.Errorf("%w: --today must be a date YYYY-MM-DD", errUsage)
		}
		today = t
	}
	st, err := openMigrated(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := st.SweepObligations(domain.WithActor(ctx, domain.Actor{Via: "cli"}), today)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "obligations as of %s: %d begun at graduation, %d served in full, %d deadline alerts raised\n",
		today.Format(time.DateOnly), res.Started, res.Fulfilled, res.Alerts)
	return nil
}
