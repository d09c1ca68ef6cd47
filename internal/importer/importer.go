// Package importer turns the rows of files that administrators bring
// (official lists, college registers) into domain values. It checks every
// row before anything is written and reports every problem with its file,
// row and column, so a file is fixed in one pass and an import is all or
// nothing. Reading the file itself is internal/tabular's job.
package importer

import (
	"strings"

	"github.com/dualtrack/dualtrack/internal/tabular"
)

// MaxErrors is how many problems one import reports.
const MaxErrors = tabular.MaxErrors

// ColumnSpec is a column an import understands.
type ColumnSpec struct {
	Name    string   // what the importer calls it, also accepted as a header
	Headers []string // other headers accepted for it, compared ignoring case and spacing
	Use     string   // one line for the help text: what it holds, whether it is required
	// Required columns must be in the file (the classifier checks its own
	// combinations instead).
	Required bool
}

// aliases is the header → column map tabular.Options expects.
func aliases(cols []ColumnSpec) map[string]string {
	m := make(map[string]string)
	for _, c := range cols {
		m[c.Name] = c.Name
		for _, h := range c.Headers {
			m[h] = c.Name
		}
	}
	return m
}

// accepted lists the headers of a column for a message.
func accepted(c ColumnSpec) string {
	all := []string{c.Name}
	for _, h := range c.Headers {
		if !strings.EqualFold(h, c.Name) {
			all = append(all, h)
		}
	}
	return strings.Join(all, ", ")
}

// cleanName collapses the runs of spaces and line breaks that spreadsheet
// cells collect, so the same name typed twice compares equal.
func cleanName(s string) string { return strings.Join(strings.Fields(s), " ") }
