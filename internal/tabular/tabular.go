// Package tabular reads the CSV and XLSX files that administrators bring
// from office software into a header and rows, each row with the line (CSV)
// or row (XLSX) number it came from, so that every message about the data
// can point at the place to fix. It knows nothing of what the columns mean:
// the caller names its columns and their accepted headers.
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
	"os"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Options tell Read what the caller expects of the file.
type Options struct {
	// Sheet is the XLSX sheet to read; the first visible sheet when empty.
	Sheet string
	// Aliases maps a header as people write it to the column name the
	// caller looks up ("Наименование (рус)" → "name_ru"). Keys are
	// normalised like headers, so case and spacing do not matter. A header
	// that is neither an alias nor a column name keeps its normalised text.
	Aliases map[string]string
	// Digits declares fixed-width digit columns (name → width). Excel turns
	// a code such as 01140100 into the number 1140100, in a workbook and in
	// a CSV it saves alike; in these columns a value of fewer digits that
	// does not start with 0 gets its leading zeros back (counted in
	// Table.Padded). Anything else is left as written for the caller to
	// validate.
	Digits map[string]int
}

// Table is a file read into named columns and rows.
type Table struct {
	File       string   // the name used in messages: the path as given
	Format     string   // "csv" or "xlsx"
	Encoding   string   // of a CSV: "utf-8", "utf-8 bom", "utf-16le", "utf-16be" or "windows-1251"
	Delimiter  rune     // of a CSV
	Sheet      string   // of an XLSX
	HeaderLine int      // the line or row of the header
	Columns    []Column // the columns with a header, in file order
	Rows       []Row    // the non-blank rows after the header
	// Padded counts values of Digits columns whose leading zeros were
	// restored, so the caller can tell the administrator.
	Padded int

	index map[string]int
}

// Column is one named column of a table.
type Column struct {
	Name   string // after normalisation and aliases: what the caller looks up
	Header string // as the file writes it
	Label  string // how messages name it: the header, with the letter in an XLSX ("B (Код)")
	pos    int    // 0-based position in the file's rows
}

// Row is one non-blank row of data.
type Row struct {
	Line   int      // 1-based CSV line where the record starts, or XLSX row number
	Values []string // one per Table.Columns, trimmed; "" for an empty cell
}

// Has reports whether the file has a column of that name.
func (t *Table) Has(name string) bool {
	_, ok := t.index[name]
	return ok
}

// Column returns the column of that name.
func (t *Table) Column(name string) (Column, bool) {
	i, ok := t.index[name]
	if !ok {
		return Column{}, false
	}
	return t.Columns[i], true
}

// Value returns the value of the named column in r, "" when the file has
// no such column.
func (t *Table) Value(r Row, name string) string {
	if i, ok := t.index[name]; ok {
		return r.Values[i]
	}
	return ""
}

// ErrorAt places err at row r and the named column (the whole row when the
// file has no such column).
func (t *Table) ErrorAt(r Row, column string, err error) *Error {
	e := &Error{File: t.File, Line: r.Line, Err: err}
	if c, ok := t.Column(column); ok {
		e.Column = c.Label
	}
	return e
}

// NormalizeHeader is how headers are compared: trimmed, lower case, runs of
// spaces and line breaks as one space (headers in spreadsheets are often
// wrapped onto two lines).
func NormalizeHeader(s string) string {
	s = strings.ReplaceAll(s, "\uFEFF", "")
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// ReadFile reads a CSV or XLSX file; see Read.
func ReadFile(path string, opt Options) (*Table, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Read(path, b, opt)
}

// Read parses the bytes of a file called name. The format is taken from the
// content, not the name: an XLSX workbook is a ZIP archive, and a CSV saved
// with a wrong extension still reads. Problems with the file come back as
// *Errors naming the file, line and column.
func Read(name string, b []byte, opt Options) (*Table, error) {
	var (
		t   *Table
		err error
	)
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		t, err = readXLSX(name, b, opt)
	case bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		// The compound-document format of Excel 97–2003 (and of encrypted
		// workbooks), which excelize does not read.
		return nil, NewErrors([]*Error{fileError(name, 0, "", "error.file.xls",
			"this is an Excel 97–2003 (.xls) or password-protected workbook: save it as .xlsx or CSV UTF-8")}, 0)
	default:
		t, err = readCSV(name, b, opt)
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

// record is one row of the file before the header is known.
type record struct {
	line  int
	cells []string
}

func trimCell(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
}

func blank(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

// headerSearch is how many non-blank rows may stand above the header (a
// title, a date, the number of the order that approved the list).
const headerSearch = 10

// build turns the non-blank records of a file into a table: it finds the
// header, names the columns and aligns the rows. strictColumns makes a value
// in a column without a header an error: in a CSV it means a field held an
// unquoted delimiter and everything after it moved right.
func build(t *Table, recs []record, opt Options, strictColumns bool) (*Table, error) {
	for i := range recs {
		for j := range recs[i].cells {
			recs[i].cells[j] = trimCell(recs[i].cells[j])
		}
	}
	recs = dropBlank(recs)
	if len(recs) == 0 {
		return nil, NewErrors([]*Error{fileError(t.File, 0, "", "error.file.empty", "the file has no header row")}, 0)
	}
	aliases := make(map[string]string, len(opt.Aliases))
	known := make(map[string]bool)
	for k, v := range opt.Aliases {
		aliases[NormalizeHeader(k)] = v
		known[NormalizeHeader(k)], known[v] = true, true
	}
	h := 0
	for i := 0; i < len(recs) && i < headerSearch && len(known) > 0; i++ {
		if hasKnown(recs[i].cells, known) {
			h = i
			break
		}
	}
	header := recs[h]
	t.HeaderLine = header.line
	t.index = make(map[string]int)
	var errs []*Error
	for pos, raw := range header.cells {
		n := NormalizeHeader(raw)
		if n == "" {
			continue
		}
		name := n
		if a, ok := aliases[n]; ok {
			name = a
		}
		c := Column{Name: name, Header: raw, Label: raw, pos: pos}
		if t.Format == "xlsx" {
			letter, _ := excelize.ColumnNumberToName(pos + 1)
			c.Label = letter + " (" + raw + ")"
		}
		if prev, dup := t.index[name]; dup {
			errs = append(errs, &Error{File: t.File, Line: header.line, Column: c.Label, Err: domain.Errorf(domain.EINVALID, "error.file.column_twice",
				"columns %s and %s both mean %s: keep one", t.Columns[prev].Label, c.Label, name).
				With("first", t.Columns[prev].Label).With("second", c.Label).With("column", name)})
			continue
		}
		t.index[name] = len(t.Columns)
		t.Columns = append(t.Columns, c)
	}
	named := make([]bool, len(header.cells))
	for _, c := range t.Columns {
		named[c.pos] = true
	}
	for _, rec := range recs[h+1:] {
		row := Row{Line: rec.line, Values: make([]string, len(t.Columns))}
		for i, c := range t.Columns {
			if c.pos < len(rec.cells) {
				row.Values[i] = t.restoreZeros(c.Name, rec.cells[c.pos], opt.Digits)
			}
		}
		if strictColumns {
			for pos, v := range rec.cells {
				if v != "" && (pos >= len(named) || !named[pos]) {
					de := domain.Errorf(domain.EINVALID, "error.file.no_header",
						"a value in a column without a header (%q): a field before it probably holds an unquoted %s", v, delimiterName(t.Delimiter))
					errs = append(errs, &Error{File: t.File, Line: rec.line, Column: columnNumber(pos), Err: de.With("value", v)})
					break
				}
			}
		}
		t.Rows = append(t.Rows, row)
	}
	if err := NewErrors(errs, MaxErrors); err != nil {
		return nil, err
	}
	return t, nil
}

func dropBlank(recs []record) []record {
	out := recs[:0]
	for _, r := range recs {
		if !blank(r.cells) {
			out = append(out, r)
		}
	}
	return out
}

func hasKnown(cells []string, known map[string]bool) bool {
	for _, c := range cells {
		if known[NormalizeHeader(c)] {
			return true
		}
	}
	return false
}

// restoreZeros gives a code back the leading zeros Excel dropped: a value
// of digits only, shorter than the declared width and not starting with 0,
// can only be a number that lost them.
func (t *Table) restoreZeros(column, v string, digits map[string]int) string {
	width := digits[column]
	if width == 0 || v == "" || len(v) >= width || v[0] == '0' {
		return v
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return v
		}
	}
	t.Padded++
	return strings.Repeat("0", width-len(v)) + v
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
