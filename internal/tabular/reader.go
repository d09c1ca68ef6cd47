package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Reader streams the rows of a CSV or XLSX file. Open reads the file as far
// as its header, so the Layout is known before the first row; Next returns
// the rows one at a time. Reading a CSV holds the same few megabytes for a
// national list as for a class list. A workbook keeps one thing that grows:
// its shared-string table (every distinct text of the workbook), in memory,
// at most maxSharedStrings (256 MB; a national list takes about 30 MB).
type Reader struct {
	Layout

	src    source
	strict bool     // CSV: a value in a column without a header is an error
	named  []bool   // by position in the file: the column has a header
	width  []int    // by column: the Options.Digits width, 0 for none
	queue  []queued // records read while looking for the header, not yet returned
	padded int
	file   *os.File // opened by Open, closed by Close
}

// source yields the records of a file in order, blank ones included.
type source interface {
	// next returns the next record, whose cells stay valid until the
	// following call. The error is io.EOF at the end; a *problem when the
	// record is malformed (the record holds what could be read, and the
	// source goes on with the next record, or ends with io.EOF when the
	// rest of the file cannot be read); anything else is final.
	next() (record, error)
	close() error
}

// record is one row of a file before the header is known.
type record struct {
	line  int
	cells []string
}

// queued is a record read while looking for the header, with what was
// wrong with it.
type queued struct {
	rec record
	err error
}

// problem is something wrong with one record, found before the reader
// knows the columns' labels.
type problem struct {
	line int
	pos  int // 0-based position of the field, -1 for the record as a whole
	err  *domain.Error
}

func (p *problem) Error() string { return fmt.Sprintf("line %d: %v", p.line, p.err) }

var (
	zipMagic = []byte("PK\x03\x04")
	// The compound-document format of Excel 97–2003 (and of encrypted
	// workbooks), which is not read.
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0}
)

// headerSearch is how many non-blank rows may stand above the header (a
// title, a date, the number of the order that approved the list).
const headerSearch = 10

// Open opens the CSV or XLSX file at path and reads it as far as the
// header; see NewReader. Close the Reader when done.
func Open(path string, opt Options) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	r, err := NewReader(path, f, st.Size(), opt)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.file = f
	return r, nil
}

// NewReader reads a file called name (the name messages give) from ra, of
// size bytes, as far as the header; ra is read as the rows are, so an
// upload's temporary file is never held in memory, a workbook no more than
// a CSV. The format is taken from the content, not the name: an XLSX
// workbook is a ZIP archive, and a CSV saved with a wrong extension still
// reads; for a CSV, the encoding and the delimiter are detected too.
//
// A file that cannot be read as a table (an .xls workbook, a broken XLSX,
// a missing sheet, no header, two columns meaning the same) comes back as
// *Errors naming the file, every one an EINVALID *domain.Error with an
// error.file.* key; I/O errors come back as they are.
func NewReader(name string, ra io.ReaderAt, size int64, opt Options) (*Reader, error) {
	head := make([]byte, len(zipMagic))
	n, err := ra.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return nil, err
	}
	head = head[:n]
	r := &Reader{Layout: Layout{File: name}}
	switch {
	case bytes.Equal(head, zipMagic):
		var x *xlsxSource
		if x, err = openXLSX(name, ra, size, opt.Sheet); err == nil {
			r.Format, r.Sheet, r.src = "xlsx", x.sheet, x
		}
	case bytes.HasPrefix(head, oleMagic):
		err = NewErrors([]*Error{fileError(name, 0, "", "error.file.xls",
			"this is an Excel 97–2003 (.xls) or password-protected workbook: save it as .xlsx or CSV UTF-8")}, 0)
	default:
		var c *csvSource
		if c, err = openCSV(name, ra, size); err == nil {
			r.Format, r.Encoding, r.Delimiter, r.src, r.strict = "csv", c.encoding, rune(c.comma), c, true
		}
	}
	if err != nil {
		return nil, err
	}
	if err := r.readHeader(opt); err != nil {
		r.src.close()
		return nil, err
	}
	return r, nil
}

// Next returns the next non-blank row after the header, and io.EOF after
// the last. A malformed row comes back as a *Error naming the file, the
// line and, where it can, the column (a misplaced quotation mark, bytes not
// in the file's encoding, a value in a column without a header); the
// reader then goes on with the next row, so calling Next again collects
// every problem of the file in one pass. Any other error is final.
func (r *Reader) Next() (Row, error) {
	for {
		rec, err := r.pull()
		if err == io.EOF {
			return Row{}, io.EOF
		}
		var p *problem
		if errors.As(err, &p) {
			return Row{}, r.locate(p)
		}
		if err != nil {
			return Row{}, err
		}
		if blank(rec.cells) {
			continue
		}
		if r.strict {
			for pos, v := range rec.cells {
				if v != "" && (pos >= len(r.named) || !r.named[pos]) {
					// In a CSV it means that a field held an unquoted
					// delimiter and everything after it moved right.
					de := domain.Errorf(domain.EINVALID, "error.file.no_header",
						"a value in a column without a header (%q): a field before it probably holds an unquoted %s", v, delimiterName(r.Delimiter))
					return Row{}, &Error{File: r.File, Line: rec.line, Column: columnNumber(pos), Err: de.With("value", v)}
				}
			}
		}
		row := Row{Line: rec.line, Values: make([]string, len(r.Columns))}
		for i, c := range r.Columns {
			if c.pos < len(rec.cells) {
				row.Values[i] = r.restoreZeros(r.width[i], rec.cells[c.pos])
			}
		}
		return row, nil
	}
}

// Padded is how many values of Options.Digits columns had their leading
// zeros restored so far.
func (r *Reader) Padded() int { return r.padded }

// Close releases the file, when Open opened it.
func (r *Reader) Close() error {
	err := r.src.close()
	if r.file != nil {
		if cerr := r.file.Close(); err == nil {
			err = cerr
		}
		r.file = nil
	}
	return err
}

// pull returns the next record, from those read while looking for the
// header first, with its cells trimmed.
func (r *Reader) pull() (record, error) {
	if len(r.queue) > 0 {
		f := r.queue[0]
		r.queue = r.queue[1:]
		return f.rec, f.err
	}
	return r.read()
}

// read returns the next record of the source with its cells trimmed.
func (r *Reader) read() (record, error) {
	rec, err := r.src.next()
	for i, c := range rec.cells {
		rec.cells[i] = trimCell(c)
	}
	return rec, err
}

// readHeader finds the header among the first non-blank records: the first
// with a header that Options knows, or else the first. Records above it are
// titles, and what is wrong with them does not matter; those after it are
// queued for Next.
func (r *Reader) readHeader(opt Options) error {
	aliases := make(map[string]string, len(opt.Aliases))
	known := make(map[string]bool)
	for k, v := range opt.Aliases {
		aliases[NormalizeHeader(k)] = v
		known[NormalizeHeader(k)], known[v] = true, true
	}
	header, first := -1, -1
	for nonBlank := 0; nonBlank < headerSearch && header < 0; {
		rec, err := r.read()
		if err == io.EOF {
			break
		}
		var p *problem
		if err != nil && !errors.As(err, &p) {
			return err
		}
		if p == nil && blank(rec.cells) {
			continue
		}
		rec.cells = slices.Clone(rec.cells) // the source reuses its slice
		r.queue = append(r.queue, queued{rec, err})
		nonBlank++
		if p != nil {
			continue
		}
		if first < 0 {
			first = len(r.queue) - 1
		}
		if len(known) == 0 || hasKnown(rec.cells, known) {
			header = len(r.queue) - 1
		}
	}
	if header < 0 {
		header = first
	}
	if header < 0 {
		for _, f := range r.queue {
			var p *problem
			if errors.As(f.err, &p) {
				return NewErrors([]*Error{r.locate(p)}, 0)
			}
		}
		return NewErrors([]*Error{fileError(r.File, 0, "", "error.file.empty", "the file has no header row")}, 0)
	}
	h := r.queue[header].rec
	r.queue = r.queue[header+1:]
	r.HeaderLine = h.line
	r.index = make(map[string]int)
	r.named = make([]bool, len(h.cells))
	var errs []*Error
	for pos, raw := range h.cells {
		n := NormalizeHeader(raw)
		if n == "" {
			continue
		}
		name := n
		if a, ok := aliases[n]; ok {
			name = a
		}
		c := Column{Name: name, Header: raw, Label: raw, pos: pos, known: len(known) == 0 || known[n] || known[name]}
		if r.Format == "xlsx" {
			c.Label = columnLetter(pos) + " (" + raw + ")"
		}
		r.named[pos] = true
		if prev, dup := r.index[name]; dup {
			errs = append(errs, &Error{File: r.File, Line: h.line, Column: c.Label, Err: domain.Errorf(domain.EINVALID, "error.file.column_twice",
				"columns %s and %s both mean %s: keep one", r.Columns[prev].Label, c.Label, name).
				With("first", r.Columns[prev].Label).With("second", c.Label).With("column", name)})
			continue
		}
		r.index[name] = len(r.Columns)
		r.Columns = append(r.Columns, c)
		r.width = append(r.width, opt.Digits[name])
	}
	return NewErrors(errs, MaxErrors)
}

func hasKnown(cells []string, known map[string]bool) bool {
	for _, c := range cells {
		if known[NormalizeHeader(c)] {
			return true
		}
	}
	return false
}

// locate turns a problem of the source into an Error naming the column.
func (r *Reader) locate(p *problem) *Error {
	e := &Error{File: r.File, Line: p.line, Err: p.err}
	if p.pos >= 0 {
		e.Column = r.label(p.pos)
	}
	return e
}

// label names the column at a position: its label, or where it has no
// header its number (CSV) or letter (XLSX).
func (r *Reader) label(pos int) string {
	for _, c := range r.Columns {
		if c.pos == pos {
			return c.Label
		}
	}
	if r.Format == "xlsx" {
		return columnLetter(pos)
	}
	return columnNumber(pos)
}

// restoreZeros gives a code back the leading zeros Excel dropped: a value
// of digits only, shorter than the declared width and not starting with 0,
// can only be a number that lost them.
func (r *Reader) restoreZeros(width int, v string) string {
	if width == 0 || v == "" || len(v) >= width || v[0] == '0' {
		return v
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return v
		}
	}
	r.padded++
	return strings.Repeat("0", width-len(v)) + v
}
