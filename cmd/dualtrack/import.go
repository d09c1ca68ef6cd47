package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/importer"
	"github.com/dualtrack/dualtrack/internal/tabular"
)

var importCommand = command{
	name:    "import",
	summary: "import colleges, enterprises, students, teachers, employment records or placement offers from CSV or XLSX",
	run:     runImport,
}

const bulkImportSynopsis = "import KIND FILE [--db PATH|URL] [--dry-run] [--sheet NAME] [--as LOGIN] [--lang kk|ru|en] [--max-errors N]"

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", bulkImportSynopsis, stderr)
	db := dbFlag(fs)
	dryRun := fs.Bool("dry-run", false, "check every row and count what would change, then write nothing")
	sheet := fs.String("sheet", "", "the XLSX sheet to read (default: the first visible sheet)")
	as := fs.String("as", "", "import as this user, within their role's scope (default: the command line, the whole country)")
	lang := fs.String("lang", "en", "the language of the messages: kk, ru or en")
	maxErrors := fs.Int("max-errors", importer.MaxErrors, "how many problems to print (the first by line); the others are counted")
	var kind domain.ImportKind
	fs.Usage = func() { bulkImportUsage(fs, kind, stderr) }
	// The kind before --help shows that kind's columns.
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		kind = domain.ImportKind(args[0])
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		fmt.Fprintf(stderr, "Usage: dualtrack %s\n(run with --help for the kinds and their columns)\n", bulkImportSynopsis)
		return errUsage
	}
	kind, file := domain.ImportKind(pos[0]), pos[1]
	if !i18n.Supported(*lang) {
		fmt.Fprintf(stderr, "dualtrack import: --lang must be kk, ru or en, not %q\n", *lang)
		return errUsage
	}
	p := i18n.For(*lang)
	opts, err := importer.ReadOptions(kind, *sheet)
	if err != nil {
		fmt.Fprintf(stderr, "dualtrack import: %s\n", translate(p, err))
		return errUsage
	}

	// The file is opened, and its header checked, before the database: a
	// wrong file should not wait on, or touch, the database.
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	// A CSV is read through a counter of the bytes read, for the progress
	// bar; a workbook is handed over as the file, whose parts are unzipped
	// as they are read, and its progress is counted in rows.
	head := make([]byte, 4)
	n, _ := f.ReadAt(head, 0)
	xlsx := bytes.Equal(head[:n], []byte("PK\x03\x04"))
	var ra io.ReaderAt = f
	counter := &countingReaderAt{ra: f}
	if !xlsx {
		ra = counter
	}
	r, err := tabular.NewReader(file, ra, st.Size(), opts)
	if err != nil {
		return importProblems(p, err, file, stderr)
	}
	defer r.Close()
	format := r.Format + ", sheet " + r.Sheet
	if r.Format == "csv" {
		format = r.Format + ", " + r.Encoding + ", " + delimiterWord(r.Delimiter)
	}
	fmt.Fprintln(stderr, p.T("import.reading", "file", file, "format", format))

	store, err := openMigrated(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	// Without --as the command line imports as itself, with the whole
	// country in scope: whoever can run it can write the database anyway.
	// With --as it imports as that user would, through the access layer.
	var svc domain.ImportService = store
	actor := domain.Actor{Via: "cli"}
	if *as != "" {
		u, err := store.UserByLogin(ctx, *as)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return fmt.Errorf("--as %s: no user has this login", *as)
		}
		if err != nil {
			return err
		}
		actor.User = &u
		svc = access.NewImports(store)
	}
	ctx = domain.WithActor(ctx, actor)

	bar := importProgress(stderr, kind, xlsx, st.Size())
	req := importer.Request{DryRun: *dryRun, MaxErrors: *maxErrors}
	if bar != nil {
		req.Progress = func(rows int) {
			if xlsx {
				bar.Set(rows)
			} else {
				bar.Set64(counter.read.Load())
			}
		}
	}
	res, err := importer.Import(ctx, svc, kind, r, req)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return importProblems(p, err, file, stderr)
	}
	fmt.Fprintln(stdout, p.T("import.summary", "file", file, "rows", p.Number(res.Rows), "inserted", p.Number(res.Inserted),
		"updated", p.Number(res.Updated), "unchanged", p.Number(res.Unchanged)))
	if res.DryRun {
		fmt.Fprintln(stdout, p.T("import.dry_run"))
	}
	return nil
}

// importProgress is a progress bar on a terminal, nil elsewhere: of the
// bytes of a CSV, or of the rows of a workbook, whose number is not known
// before the end.
func importProgress(stderr io.Writer, kind domain.ImportKind, rows bool, size int64) *progressbar.ProgressBar {
	f, ok := stderr.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) {
		return nil
	}
	opts := []progressbar.Option{progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("import " + string(kind)),
		progressbar.OptionThrottle(100 * time.Millisecond), progressbar.OptionClearOnFinish(), progressbar.OptionShowCount()}
	if rows {
		return progressbar.NewOptions64(-1, append(opts, progressbar.OptionSetItsString("rows"), progressbar.OptionShowIts())...)
	}
	return progressbar.NewOptions64(size, append(opts, progressbar.OptionShowBytes(true))...)
}

// importProblems prints every problem of the file as FILE:LINE: COLUMN:
// MESSAGE in the chosen language, then how many more there are, and
// returns the one-line summary that run prints after them; other errors
// come back translated.
func importProblems(p i18n.Printer, err error, file string, stderr io.Writer) error {
	var es *tabular.Errors
	if !errors.As(err, &es) {
		var de *domain.Error
		if errors.As(err, &de) && de.Code != domain.EINTERNAL {
			return errors.New(translate(p, de))
		}
		return err
	}
	for _, e := range es.List {
		var b strings.Builder
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
		if e.Column != "" {
			b.WriteString(e.Column + ": ")
		}
		b.WriteString(translate(p, e.Err))
		fmt.Fprintln(stderr, b.String())
	}
	if es.Omitted > 0 {
		fmt.Fprintln(stderr, p.Plural("import.more", es.Omitted))
	}
	return errors.New(p.Plural("import.problems", es.Total(), "file", file))
}

// translate is the message of a coded error in p's language, or its
// English text when the catalog has no such key.
func translate(p i18n.Printer, err error) string {
	de := domain.AsError(err)
	if de.Code == domain.EINTERNAL || !p.Has(de.Key) {
		if de.Message != "" {
			return de.Message
		}
		return err.Error()
	}
	return p.TMap(de.Key, de.Params)
}

// countingReaderAt counts how far into a file its reader has got.
type countingReaderAt struct {
	ra   io.ReaderAt
	read atomic.Int64
}

func (c *countingReaderAt) ReadAt(b []byte, off int64) (int, error) {
	n, err := c.ra.ReadAt(b, off)
	for end := off + int64(n); ; {
		cur := c.read.Load()
		if end <= cur || c.read.CompareAndSwap(cur, end) {
			break
		}
	}
	return n, err
}

func bulkImportUsage(fs *flag.FlagSet, kind domain.ImportKind, w io.Writer) {
	fmt.Fprintf(w, `Usage: dualtrack %s

Imports the rows of FILE into the registry, each upserted by its natural key
(a BIN, an IIN; an offer by its enterprise's BIN and reference): a record
the registry lacks is added, a record it has is updated where the file
differs, and importing the same file again changes nothing. Every row is
checked first, against the file's other rows and the registry; if any is
wrong, each problem is printed as "FILE:LINE: COLUMN: message" and nothing
is written. An import stopped half-way (Ctrl-C, a lost connection, a killed
process) leaves the database as it was: run it again.

FILE is CSV (UTF-8 with or without BOM, UTF-16 "Unicode text" or
Windows-1251; comma, semicolon or tab) or XLSX (the first visible sheet
unless --sheet). Headers are recognised in Kazakh, Russian or English, in any
case and spacing; a column no header of the kind fits is an error, so that
nothing in the file is silently ignored. Dates are DD.MM.YYYY (or
YYYY-MM-DD). A code Excel stored as a number (an IIN, a BIN, a specialty
code) gets its leading zeros back. A column the file lacks keeps the stored
value of an optional field.

Kinds:
`, bulkImportSynopsis)
	for _, k := range importer.Kinds() {
		fmt.Fprintf(w, "  %-12s %s\n", k, importer.Describe(k))
	}
	if cols, err := importer.Columns(kind); err == nil {
		fmt.Fprintf(w, "\nColumns of %s (headers compared ignoring case and spacing):\n", kind)
		for _, c := range cols {
			fmt.Fprintf(w, "  %s\n", c.Name)
			wrap(w, "      ", strings.Fields(c.Use))
			wrap(w, "      ", append([]string{"Also headed:"}, quoteAll(c.Headers)...))
		}
	} else {
		fmt.Fprintln(w, "\nRun 'dualtrack import KIND --help' for the columns of a kind.")
	}
	fmt.Fprintln(w, "\nFlags:")
	fs.PrintDefaults()
}
