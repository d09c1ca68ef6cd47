// Package tabular reads the CSV and XLSX files that administrators bring
// from office software into a header and rows, each row with the line (CSV)
// or row (XLSX) number it came from, so that every message about the data
// can point at the place to fix. It knows nothing of what the columns mean:
// the caller names its columns and their accepted headers.
//
// A Reader streams a file row by row in constant memory, for national lists
// of hundreds of thousands of rows; Read and ReadFile load a small file
// (a classifier) into a Table.
//
// What office files do that it undoes: CSV saved as UTF-8 with or without a
// byte-order mark, as UTF-16 "Unicode text", or as Windows-1251 ("ANSI" on a
// Russian or Kazakh Windows); comma, semicolon or tab delimiters; title rows
// above the header; blank lines; trailing empty columns; headers typed with
// odd case and spacing; and codes whose leading zeros Excel dropped because
// it took them for numbers.
package tabular

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Options tell a Reader what the caller expects of the file.
type Options struct {
	// Sheet is the XLSX sheet to read; the first visible sheet when empty.
	Sheet string
	// Aliases maps a header as people write it to the column name the
	// caller looks up ("Наименование (рус)" → "name_ru"). Keys are
	// normalised like headers, so case and spacing do not matter. A header
	// that is neither an alias nor a column name keeps its normalised text
	// and is listed by Unknown.
	Aliases map[string]string
	// Digits declares fixed-width digit columns (name → width). Excel turns
	// a code such as 01140100 into the number 1140100, in a workbook and in
	// a CSV it saves alike; in these columns a value of fewer digits that
	// does not start with 0 gets its leading zeros back (counted by
	// Reader.Padded and Table.Padded). Anything else is left as written for
	// the caller to validate.
	Digits map[string]int
}

// Layout is what is known of a file once its header is read: where it came
// from, how it is stored and its named columns.
type Layout struct {
	File       string   // the name used in messages: the path as given
	Format     string   // "csv" or "xlsx"
	Encoding   string   // of a CSV: "utf-8", "utf-8 bom", "utf-16le", "utf-16be" or "windows-1251"
	Delimiter  rune     // of a CSV
	Sheet      string   // of an XLSX
	HeaderLine int      // the line or row of the header
	Columns    []Column // the columns with a header, in file order

	index map[string]int
}

// Column is one named column of a table.
type Column struct {
	Name   string // after normalisation and aliases: what the caller looks up
	Header string // as the file writes it
	Label  string // how messages name it: the header, with the letter in an XLSX ("B (Код)")
	pos    int    // 0-based position in the file's rows
	known  bool   // the header is a column name or an alias of Options, or Options gives none
}

// Row is one non-blank row of data.
type Row struct {
	Line   int      // 1-based CSV line where the record starts, or XLSX row number
	Values []string // one per Layout.Columns, trimmed; "" for an empty cell
}

// Has reports whether the file has a column of that name.
func (l *Layout) Has(name string) bool {
	_, ok := l.index[name]
	return ok
}

// Column returns the column of that name.
func (l *Layout) Column(name string) (Column, bool) {
	i, ok := l.index[name]
	if !ok {
		return Column{}, false
	}
	return l.Columns[i], true
}

// Value returns the value of the named column in r, "" when the file has
// no such column.
func (l *Layout) Value(r Row, name string) string {
	if i, ok := l.index[name]; ok {
		return r.Values[i]
	}
	return ""
}

// ErrorAt places err at row r and the named column (the whole row when the
// file has no such column).
func (l *Layout) ErrorAt(r Row, column string, err error) *Error {
	e := &Error{File: l.File, Line: r.Line, Err: err}
	if c, ok := l.Column(column); ok {
		e.Column = c.Label
	}
	return e
}

// Unknown returns the columns whose header is neither a column name nor an
// alias given in Options.Aliases, in file order, so that the caller can
// tell the administrator which columns it is not going to read. It is nil
// when no aliases were given: then no header is known.
func (l *Layout) Unknown() []Column {
	var out []Column
	for _, c := range l.Columns {
		if !c.known {
			out = append(out, c)
		}
	}
	return out
}

// Table is a whole file read into memory; see Read.
type Table struct {
	Layout
	Rows []Row // the non-blank rows after the header
	// Padded counts values of Digits columns whose leading zeros were
	// restored, so the caller can tell the administrator.
	Padded int
}

// NormalizeHeader is how headers are compared: trimmed, in one case, runs
// of spaces and line breaks as one space (headers in spreadsheets are often
// wrapped onto two lines), byte-order marks dropped. The case is folded
// through upper to lower case, so that letters whose lower case has no way
// back (the Turkish dotted İ, the long ſ) compare equal however they are
// typed; Cyrillic, Kazakh letters included, simply comes out in lower case.
func NormalizeHeader(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\uFEFF' {
			return -1
		}
		return unicode.ToLower(unicode.ToUpper(r))
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// ReadFile reads a whole CSV or XLSX file; see Read.
func ReadFile(path string, opt Options) (*Table, error) {
	r, err := Open(path, opt)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return r.readAll()
}

// Read parses the bytes of a file called name into a Table, for files
// small enough to hold (Reader streams the large ones). The format is taken
// from the content, not the name: an XLSX workbook is a ZIP archive, and a
// CSV saved with a wrong extension still reads. Problems with the file come
// back together as *Errors naming the file, line and column.
func Read(name string, b []byte, opt Options) (*Table, error) {
	r, err := NewReader(name, bytes.NewReader(b), int64(len(b)), opt)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return r.readAll()
}

// readAll collects every row, and every problem, of the file.
func (r *Reader) readAll() (*Table, error) {
	t := &Table{Layout: r.Layout}
	var errs []*Error
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		var e *Error
		if errors.As(err, &e) {
			errs = append(errs, e)
			continue
		}
		if err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, row)
	}
	if err := NewErrors(errs, MaxErrors); err != nil {
		return nil, err
	}
	t.Padded = r.Padded()
	return t, nil
}

func trimCell(s string) string {
	if s == "" || !trimmable(s[0], s, utf8.DecodeRuneInString) && !trimmable(s[len(s)-1], s, utf8.DecodeLastRuneInString) {
		return s
	}
	return strings.TrimFunc(s, isTrimmed)
}

// trimmable reports whether the value starts (or ends) with a character to
// trim, given its first (or last) byte: the common case, a visible ASCII
// character, costs one comparison.
func trimmable(b byte, s string, decode func(string) (rune, int)) bool {
	if b < utf8.RuneSelf {
		return b <= ' '
	}
	r, _ := decode(s)
	return isTrimmed(r)
}

func isTrimmed(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' }

func blank(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

func delimiterName(d rune) string {
	switch d {
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	case '|':
		return "vertical bar"
	}
	return "comma"
}

// columnNumber names a column that has no header by its 1-based position.
func columnNumber(pos int) string { return strconv.Itoa(pos + 1) }
