package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"

	"github.com/dualtrack/dualtrack/internal/demo"
	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
)

var demoCommand = command{
	name:    "demo",
	summary: "generate the demo dataset (national or small) into an empty database",
	run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		fs := newFlags("demo", "demo [--db PATH|URL] [--scale national|small] [--seed N]", stderr)
		db := dbFlag(fs)
		scale := fs.String("scale", demo.ScaleNational, "national (706 colleges, 560,000 students) or small (1/100 of it)")
		seed := fs.Int64("seed", 1, "the same seed gives the same data")
		if err := parse(fs, args); err != nil {
			return err
		}
		st, err := openMigrated(ctx, *db)
		if err != nil {
			return err
		}
		defer st.Close()
		return generateDemo(ctx, st, *scale, *seed, stdout, stderr)
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
	return nil
}

// printDemoSignIns tells what to open first. Accounts with one sign-in per
// role arrive with roles and scopes; until then every page is public and
// shows no personal data beyond a masked IIN.
func printDemoSignIns(w io.Writer, base string) {
	fmt.Fprintf(w, "Try: %s/students?q=ахмет  ·  %s/colleges  ·  %s/api/openapi.json\n", base, base, base)
}
