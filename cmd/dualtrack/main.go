// Command dualtrack is the whole product in one binary: the web server, the
// database migrations, the demo data generator and the bulk tools.
//
//	dualtrack serve      run the web pages and the JSON API
//	dualtrack migrate    apply database migrations
//	dualtrack demo       generate the national demo dataset
//	dualtrack user       create, list, disable users, reset passwords
//	dualtrack classifier import FILE   load the official classifier
//	dualtrack import KIND FILE   import colleges, enterprises, students, teachers, employment
//	dualtrack notify     one notifications sweep: raise what is due, send the e-mails
//	dualtrack backup --out FILE    copy the database to one checked file
//	dualtrack restore --from FILE  replace the database with a backup
//	dualtrack bench logbook   load-test the weekly logbook over HTTP
//	dualtrack match      allocate students to placement offers from CSV files
//	dualtrack version    print the version
//
// Every command takes --help.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/dualtrack/dualtrack/internal/domain"
	// Maps the binary into memory while the packages start, for the
	// commands timed in milliseconds (match); see the package.
	_ "github.com/dualtrack/dualtrack/internal/prefault"
)

// command is one subcommand: its flags are parsed by run itself, so each
// command's file holds everything about it.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{serveCommand, migrateCommand, demoCommand, userCommand, classifierCommand, importCommand, obligationsCommand, notifyCommand,
		backupCommand, restoreCommand, benchCommand, matchCommand, versionCommand}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the subcommand named by args[0] and returns the exit code:
// 0 on success, 2 for a usage error, 1 for any other failure.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		}
		fmt.Fprintf(stderr, "dualtrack %s: %s\n", c.name, describe(err))
		return 1
	}
	fmt.Fprintf(stderr, "dualtrack: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

// errUsage reports a usage error whose message the flag package has
// already printed.
var errUsage = errors.New("usage")

// describe renders an error for the terminal: a domain error by its English
// message and field, anything else as it is.
func describe(err error) string {
	var e *domain.Error
	if errors.As(err, &e) && e.Code != domain.EINTERNAL {
		return e.Error()
	}
	return err.Error()
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "dualtrack — the platform for dual vocational education (TVET) in Kazakhstan.")
	fmt.Fprintln(w, "\nUsage: dualtrack COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'dualtrack COMMAND --help' for the flags of a command.")
}

// newFlags returns a flag set that prints its usage to stderr and returns
// flag.ErrHelp on --help instead of exiting.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: dualtrack %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, mapping a bad flag to errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// dbFlag adds --db with DATABASE_URL as its default when set.
func dbFlag(fs *flag.FlagSet) *string {
	def := "./dualtrack.db"
	if env := os.Getenv("DATABASE_URL"); env != "" {
		def = env
	}
	return fs.String("db", def, "SQLite file path or postgres:// URL (env DATABASE_URL)")
}
