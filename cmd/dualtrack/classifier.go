package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/dualtrack/dualtrack/internal/importer"
	"github.com/dualtrack/dualtrack/internal/tabular"
)

var classifierCommand = command{
	name:    "classifier",
	summary: "import the official classifier of specialties and qualifications (CSV or XLSX)",
	run:     runClassifier,
}

func runClassifier(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		classifierUsage(stderr)
		return errUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		classifierUsage(stderr)
		return flag.ErrHelp
	case "import":
		return classifierImport(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "dualtrack classifier: unknown subcommand %q\n\n", args[0])
	classifierUsage(stderr)
	return errUsage
}

func classifierUsage(w io.Writer) {
	fmt.Fprint(w, `Usage: dualtrack classifier SUBCOMMAND [flags]

Subcommands:
  import FILE   load the official classifier of specialties and qualifications
                from a CSV or XLSX file, upserting by code

Run 'dualtrack classifier import --help' for its flags and accepted columns.
`)
}

const importSynopsis = "classifier import FILE [--db PATH|URL] [--dry-run] [--sheet NAME]"

func classifierImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("classifier import", importSynopsis, stderr)
	db := dbFlag(fs)
	dryRun := fs.Bool("dry-run", false, "check the file and report what would change, without changing the classifier (the database is still migrated, as by every command)")
	sheet := fs.String("sheet", "", "the XLSX sheet to read (default: the first visible sheet)")
	fs.Usage = func() { importUsage(fs, stderr) }
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		fmt.Fprintf(stderr, "Usage: dualtrack %s\n(run with --help for details)\n", importSynopsis)
		return errUsage
	}
	file := files[0]

	// The file is checked before the database is opened: a wrong file
	// should not wait on, or touch, the database.
	c, err := importer.ReadClassifierFile(file, *sheet)
	if err != nil {
		return fileProblems(err, file, stderr)
	}
	st, err := openMigrated(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := c.Import(ctx, st, *dryRun)
	if err != nil {
		return fileProblems(err, file, stderr)
	}
	printClassifierReport(stdout, c, rep)
	return nil
}

// fileProblems prints every located problem of a file on its own line as
// FILE:ROW: column X: message and returns the one-line summary that run
// prints after them; other errors pass through.
func fileProblems(err error, file string, stderr io.Writer) error {
	var es *tabular.Errors
	if !errors.As(err, &es) {
		return err
	}
	fmt.Fprintln(stderr, es.Error())
	n := es.Total()
	noun := "problems"
	if n == 1 {
		noun = "problem"
	}
	return fmt.Errorf("%s: %d %s, nothing imported", file, n, noun)
}

// parseInterleaved parses flags given before or after the positional
// arguments, so "import FILE --dry-run" works as well as "import --dry-run
// FILE"; everything after "--" is positional.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if i := len(args) - len(rest) - 1; i >= 0 && args[i] == "--" {
			return append(pos, rest...), nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

func importUsage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintf(w, `Usage: dualtrack %s

Loads the official classifier of TVET specialties (8-digit codes) and
qualifications (3W… and 4S… codes) from FILE, adding the codes the registry
lacks and updating the names of those it has. Every row is checked first; if
any is wrong, each problem is printed as "FILE:ROW: column X: message" and
nothing is written. A name cell left empty, or a language without a column,
keeps the name the registry has.

FILE is CSV (UTF-8 with or without BOM, UTF-16 "Unicode text" or
Windows-1251; comma, semicolon or tab) or XLSX (the first visible sheet
unless --sheet). Rows above the header (a title) and blank rows are skipped.
A code that Excel stored as a number (1140100) gets its leading zero back.

Columns (headers compared ignoring case and spacing; other columns ignored):
`, importSynopsis)
	for _, c := range importer.ClassifierColumns() {
		fmt.Fprintf(w, "  %s\n", c.Name)
		wrap(w, "      ", strings.Fields(c.Use))
		wrap(w, "      ", append([]string{"Also headed:"}, quoteAll(c.Headers)...))
	}
	fmt.Fprintln(w, "\nFlags:")
	fs.PrintDefaults()
}

func printClassifierReport(w io.Writer, c *importer.Classifier, rep importer.ClassifierReport) {
	t := c.Table
	source := t.Encoding + ", " + delimiterWord(t.Delimiter)
	if t.Format == "xlsx" {
		source = "sheet " + t.Sheet
	}
	fmt.Fprintf(w, "%s (%s): %d specialties, %d qualifications\n", t.File, source, len(c.Specialties), len(c.Qualifications))
	if t.Padded > 0 {
		fmt.Fprintf(w, "restored the leading zeros of %d codes that were stored as numbers\n", t.Padded)
	}
	fmt.Fprintf(w, "specialties:    %d added, %d updated, %d unchanged\n", rep.SpecialtiesAdded, rep.SpecialtiesUpdated, rep.SpecialtiesUnchanged)
	fmt.Fprintf(w, "qualifications: %d added, %d updated, %d unchanged\n", rep.QualificationsAdded, rep.QualificationsUpdated, rep.QualificationsUnchanged)
	if len(rep.Renamed) > 0 {
		fmt.Fprintln(w, "names changed:")
		for _, r := range rep.Renamed {
			for _, l := range []struct {
				lang     string
				old, new string
			}{{"kk", r.Old.KK, r.New.KK}, {"ru", r.Old.RU, r.New.RU}, {"en", r.Old.EN, r.New.EN}} {
				if l.old != l.new {
					fmt.Fprintf(w, "  %-10s %s: %q → %q\n", r.Code, l.lang, l.old, l.new)
				}
			}
		}
	}
	if rep.DryRun {
		fmt.Fprintln(w, "dry run: nothing was written")
	}
}

func delimiterWord(d rune) string {
	switch d {
	case ';':
		return "semicolons"
	case '\t':
		return "tabs"
	case '|':
		return "vertical bars"
	}
	return "commas"
}

// wrap prints words indented, in lines of at most 78 characters.
func wrap(w io.Writer, indent string, words []string) {
	line := indent
	for _, word := range words {
		if line != indent && len([]rune(line))+1+len([]rune(word)) > 78 {
			fmt.Fprintln(w, line)
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	fmt.Fprintln(w, line)
}

// quoteAll quotes headers so that the spaces inside them read as theirs.
func quoteAll(headers []string) []string {
	out := make([]string, len(headers))
	for i, h := range headers {
		out[i] = fmt.Sprintf("%q", h)
		if i < len(headers)-1 {
			out[i] += ","
		}
	}
	return out
}
