package tabular

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Error is a problem at one place of a file. It prints as
// "FILE:LINE: column X: message" so an administrator can open the file and go
// straight to the cell.
type Error struct {
	File   string
	Line   int    // 1-based CSV line or XLSX row; 0 when the problem is the whole file
	Column string // the column as the file names it (see Column.Label); "" for a whole row or file
	Err    error  // usually a *domain.Error, whose Key the web can translate
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Column != "" {
		b.WriteString("column " + e.Column + ": ")
	}
	b.WriteString(message(e.Err))
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// message is the English text of err without the field prefix a
// *domain.Error adds: the column already says where.
func message(err error) string {
	var de *domain.Error
	if errors.As(err, &de) && de.Message != "" {
		if de.Err != nil {
			return de.Message + ": " + de.Err.Error()
		}
		return de.Message
	}
	if err == nil {
		return "unknown error"
	}
	return err.Error()
}

// MaxErrors is how many problems are kept when a file has many. A file with
// more is usually wrong as a whole (another sheet, shifted columns) and the
// first ones show how.
const MaxErrors = 50

// Errors is every problem found in a file, in file order, so the whole file
// can be fixed in one go rather than one error per attempt.
type Errors struct {
	List    []*Error
	Omitted int // problems found beyond the cap of NewErrors, counted but not kept
}

// NewErrors sorts list by line (keeping the order of problems within a
// line) and keeps the first max of them; it returns nil for an empty list so
// callers can write `return tabular.NewErrors(list, 50)`.
func NewErrors(list []*Error, max int) error {
	if len(list) == 0 {
		return nil
	}
	list = append([]*Error(nil), list...)
	sort.SliceStable(list, func(i, j int) bool { return list[i].Line < list[j].Line })
	es := &Errors{List: list}
	if max > 0 && len(list) > max {
		es.List, es.Omitted = list[:max], len(list)-max
	}
	return es
}

// Error prints one problem per line, then how many more were left out.
func (es *Errors) Error() string {
	lines := make([]string, 0, len(es.List)+1)
	for _, e := range es.List {
		lines = append(lines, e.Error())
	}
	if es.Omitted > 0 {
		lines = append(lines, fmt.Sprintf("… and %d more", es.Omitted))
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes every problem, so errors.As finds the first *domain.Error
// (an EINVALID) for callers that only need the code.
func (es *Errors) Unwrap() []error {
	out := make([]error, len(es.List))
	for i, e := range es.List {
		out[i] = e
	}
	return out
}

// Total is the number of problems found, including those left out.
func (es *Errors) Total() int { return len(es.List) + es.Omitted }

// fileError is a problem with the file as a whole or one of its lines.
func fileError(file string, line int, column string, key, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Column: column, Err: domain.Errorf(domain.EINVALID, key, format, args...)}
}
