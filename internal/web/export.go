package web

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/server"
)

// The exporter: every list page downloads as CSV or XLSX under the page's
// filters and in its order (GET /students/export?format=xlsx&…, linked
// from the page). A list's export is its columns — the catalog key of the
// header and the cell of a record — and the access layer's streaming
// reader; this file turns them into a file. Rows are written as the
// database yields them, so a national list is never held in memory: CSV
// goes straight to the client, XLSX through excelize's StreamWriter, which
// keeps 16 MiB of the sheet in memory and the rest in a temporary file
// until the sheet is complete and the workbook is zipped to the client.

// column is one column of an exported list: the catalog key of its
// header, in the reader's language, and its cell in a record.
type column[T any] struct {
	key  string
	cell func(T) cell
}

// export is one list's download.
type export[T any] struct {
	// name is the file name's stem, in English whatever the language:
	// students → students-2026-11-26.csv.
	name string
	// title is the catalog key of the list's title, the XLSX sheet's name.
	title   string
	columns []column[T]
	// each streams the list's records, narrowed and masked by the access
	// layer.
	each func(ctx context.Context, fn func(T) error) error
}

type cellKind uint8

const (
	kindText   cellKind = iota // free text
	kindCode                   // an identifier of digits (IIN, BIN): text, leading zeros and all
	kindNumber                 // a number, a numeric cell in XLSX
	kindDate                   // a calendar date: ISO 8601 in CSV, a date cell in XLSX
	kindTime                   // an instant, in Kazakhstan's time
)

// cell is one value of an exported row. The zero cell is empty.
type cell struct {
	kind cellKind
	text string
	num  float64
	at   time.Time
}

func cellText(s string) cell { return cell{kind: kindText, text: s} }
func cellCode(s string) cell { return cell{kind: kindCode, text: s} }

func cellNumber[N int | int64 | float64](n N) cell { return cell{kind: kindNumber, num: float64(n)} }

// cellDate is a date, or an empty cell for the zero time.
func cellDate(t time.Time) cell {
	if t.IsZero() {
		return cell{}
	}
	return cell{kind: kindDate, at: t}
}

// dayIn is the day in Kazakhstan of an instant, for a date column of an
// instant recorded in UTC; the zero time stays zero.
func dayIn(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.In(kazakhstan).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// cellTime is an instant, or an empty cell for the zero time.
func cellTime(t time.Time) cell {
	if t.IsZero() {
		return cell{}
	}
	return cell{kind: kindTime, at: t.In(kazakhstan)}
}

// cellYesNo is a yes/no flag in the reader's language.
func cellYesNo(v *view, b bool) cell {
	if b {
		return cellText(v.T("web.filter.yes"))
	}
	return cellText(v.T("web.filter.no"))
}

// formats are the file types of ?format=, with their content types.
var formats = map[string]string{
	"csv":  "text/csv; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// exportFormat reads ?format=; EINVALID naming it unless csv or xlsx.
func exportFormat(r *http.Request) (string, error) {
	f := r.URL.Query().Get("format")
	if _, ok := formats[f]; !ok {
		return "", domain.Invalid("format", "error.export.format", "format must be csv or xlsx")
	}
	return f, nil
}

// exportURLs are the CSV and XLSX downloads of a list under the page's
// canonical parameters, which never hold the page or its size.
func exportURLs(path string, p params) (csvURL, xlsxURL string) {
	return pageURL(path, p.with("format", "csv").Values), pageURL(path, p.with("format", "xlsx").Values)
}

// sheet writes one file type.
type sheet interface {
	// begin takes the header row; nothing need reach the client yet.
	begin(header []string) error
	row(cells []cell) error
	// finish completes the file and sends what is left of it.
	finish() error
	// committed reports whether the response has begun, after which an
	// error can only abort the download.
	committed() bool
}

// serveExport answers the download of a list. The response starts only
// once the first row (or the end of an empty list) arrives, so a bad
// filter or a refusal is the translated error page; for XLSX nothing is
// sent before the whole sheet is written. A failure after the response has
// begun aborts the connection: the client must see a broken download, not
// a complete-looking file that lacks rows.
func serveExport[T any](h *Web, w http.ResponseWriter, r *http.Request, v *view, ex export[T]) {
	format, err := exportFormat(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	commit := func() {
		hd := w.Header()
		hd.Set("Content-Type", formats[format])
		hd.Set("Content-Disposition", `attachment; filename="`+ex.name+"-"+h.now().In(kazakhstan).Format(time.DateOnly)+"."+format+`"`)
		// Personal data: never kept by a shared computer's cache.
		hd.Set("Cache-Control", "no-store")
		hd.Set("X-Content-Type-Options", "nosniff")
	}
	out := &deadlineWriter{w: w, rc: http.NewResponseController(w)}
	var sh sheet
	if format == "csv" {
		sh = newCSVSheet(out, commit)
	} else {
		xs, err := newXLSXSheet(out, commit, v.T(ex.title))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		defer xs.close()
		sh = xs
	}
	header := make([]string, len(ex.columns))
	for i, c := range ex.columns {
		header[i] = v.T(c.key)
	}
	begun := false
	cells := make([]cell, len(ex.columns))
	err = ex.each(r.Context(), func(rec T) error {
		if !begun {
			begun = true
			if err := sh.begin(header); err != nil {
				return err
			}
		}
		for i, c := range ex.columns {
			cells[i] = c.cell(rec)
		}
		return sh.row(cells)
	})
	if err == nil && !begun {
		err = sh.begin(header)
	}
	if err == nil {
		err = sh.finish()
	}
	switch {
	case err == nil:
	case !sh.committed():
		h.fail(w, r, err)
	default:
		server.Logger(r.Context()).Error("export failed", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// deadlineWriter moves the connection's write deadline on while bytes
// flow. The server's WriteTimeout bounds a whole response, which a
// national export outlasts; pushed forward at each write, it instead cuts
// off a client that has stopped reading for that long.
type deadlineWriter struct {
	w    io.Writer
	rc   *http.ResponseController
	next time.Time // when to push the deadline again
}

func (d *deadlineWriter) Write(p []byte) (int, error) {
	if now := time.Now(); now.After(d.next) {
		// A writer without deadlines (a test's recorder) has nothing to push.
		if err := d.rc.SetWriteDeadline(now.Add(server.WriteTimeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return 0, err
		}
		d.next = now.Add(time.Second)
	}
	return d.w.Write(p)
}

// csvSheet writes RFC 4180 CSV in UTF-8 with a byte-order mark and commas.
// IINs and BINs are written as their digits, leading zeros and all, so
// that any program reading the file (the import among them) gets them
// whole; Excel itself turns digits into numbers when it opens a CSV, which
// is what the XLSX download, with text cells, is for.
type csvSheet struct {
	buf    *bufio.Writer
	out    *csv.Writer
	commit func()
	begun  bool
	rec    []string
}

func newCSVSheet(w io.Writer, commit func()) *csvSheet {
	buf := bufio.NewWriterSize(w, 64<<10)
	return &csvSheet{buf: buf, out: csv.NewWriter(buf), commit: commit}
}

func (s *csvSheet) begin(header []string) error {
	s.begun = true
	s.commit()
	if _, err := s.buf.WriteString(utf8BOM); err != nil {
		return err
	}
	s.rec = make([]string, len(header))
	return s.out.Write(header)
}

func (s *csvSheet) row(cells []cell) error {
	for i, c := range cells {
		s.rec[i] = csvValue(c)
	}
	return s.out.Write(s.rec)
}

func (s *csvSheet) finish() error {
	s.out.Flush()
	if err := s.out.Error(); err != nil {
		return err
	}
	return s.buf.Flush()
}

func (s *csvSheet) committed() bool { return s.begun }

// csvValue is a cell as CSV text. Text that a spreadsheet would take for a
// formula is prefixed with an apostrophe: a note typed by one user must
// not run as a formula on another's computer.
func csvValue(c cell) string {
	switch c.kind {
	case kindNumber:
		return strconv.FormatFloat(c.num, 'f', -1, 64)
	case kindDate:
		return c.at.Format(time.DateOnly)
	case kindTime:
		return c.at.Format(time.RFC3339)
	}
	if formulaLike(c.text) {
		return "'" + c.text
	}
	return c.text
}

// formulaLike reports whether a spreadsheet would read s as a formula: it
// starts with =, @, a tab or a carriage return, or with + or - followed by
// more than a number or a phone number as people write it (+7 701 555 0101).
func formulaLike(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '@', '\t', '\r':
		return true
	case '+', '-':
		return strings.TrimLeft(s[1:], "0123456789 ()-.") != ""
	}
	return false
}

// xlsxMaxRows is the most rows an Excel sheet holds, the header included.
const xlsxMaxRows = excelize.TotalRows

// xlsxSheet writes one sheet through excelize's StreamWriter: the header
// bold and frozen, numbers as numbers, dates as dates (shown yyyy-mm-dd),
// IINs and BINs as text cells. The workbook goes to the client only in
// finish, once the sheet is complete.
type xlsxSheet struct {
	w      io.Writer
	commit func()
	file   *excelize.File
	sw     *excelize.StreamWriter
	header []string
	rows   int // written so far, the header included
	sent   bool
	styles [kindTime + 1]int // per kind of cell; 0 for none
	bold   int
	values []any
}

func newXLSXSheet(w io.Writer, commit func(), title string) (*xlsxSheet, error) {
	f := excelize.NewFile()
	s := &xlsxSheet{w: w, commit: commit, file: f}
	name := sheetName(title)
	if err := f.SetSheetName("Sheet1", name); err != nil {
		f.Close()
		return nil, err
	}
	var err error
	if s.sw, err = f.NewStreamWriter(name); err != nil {
		f.Close()
		return nil, err
	}
	styles := []struct {
		dst   *int
		style excelize.Style
	}{
		{&s.bold, excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&s.styles[kindCode], excelize.Style{NumFmt: 49}}, // "@": text, so an edit keeps it text
		{&s.styles[kindDate], excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")}},
		{&s.styles[kindTime], excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm:ss")}},
	}
	for _, st := range styles {
		if *st.dst, err = f.NewStyle(&st.style); err != nil {
			f.Close()
			return nil, err
		}
	}
	return s, nil
}

func ptr[T any](v T) *T { return &v }

// sheetName makes a list's title a valid sheet name: at most 31
// characters, none of : \ / ? * [ ].
func sheetName(title string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return -1
		}
		return r
	}, title)
	if utf8.RuneCountInString(name) > 31 {
		name = string([]rune(name)[:31])
	}
	if strings.TrimSpace(name) == "" {
		name = "Sheet1"
	}
	return name
}

// begin only keeps the header: the column widths, which must be set
// before the first row is written, are judged from it and the first row.
func (s *xlsxSheet) begin(header []string) error {
	s.header = header
	s.values = make([]any, len(header))
	return nil
}

func (s *xlsxSheet) row(cells []cell) error {
	if s.rows == 0 {
		if err := s.writeHeader(cells); err != nil {
			return err
		}
	}
	if s.rows >= xlsxMaxRows {
		return domain.Invalid("format", "error.export.xlsx_rows", "too many rows for an Excel sheet").
			With("max", strconv.Itoa(xlsxMaxRows-1))
	}
	for i, c := range cells {
		switch c.kind {
		case kindNumber:
			s.values[i] = c.num
		case kindDate, kindTime:
			s.values[i] = excelize.Cell{StyleID: s.styles[c.kind], Value: c.at}
		case kindCode:
			s.values[i] = excelize.Cell{StyleID: s.styles[kindCode], Value: c.text}
		default:
			s.values[i] = c.text
		}
		if (c.kind == kindText || c.kind == kindCode) && c.text == "" {
			s.values[i] = nil // no cell rather than an empty string
		}
	}
	s.rows++
	return s.sw.SetRow("A"+strconv.Itoa(s.rows), s.values)
}

// writeHeader sets the column widths from the header and the first row
// (nil for an empty list), freezes the header and writes it in bold.
func (s *xlsxSheet) writeHeader(first []cell) error {
	for i, h := range s.header {
		width := utf8.RuneCountInString(h)
		if first != nil {
			switch c := first[i]; c.kind {
			case kindDate:
				width = max(width, 10)
			case kindTime:
				width = max(width, 19)
			default:
				width = max(width, utf8.RuneCountInString(c.text))
			}
		}
		if err := s.sw.SetColWidth(i+1, i+1, float64(min(max(width, 8), 60)+2)); err != nil {
			return err
		}
	}
	if err := s.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, h := range s.header {
		s.values[i] = excelize.Cell{StyleID: s.bold, Value: h}
	}
	s.rows = 1
	return s.sw.SetRow("A1", s.values)
}

func (s *xlsxSheet) finish() error {
	if s.rows == 0 {
		if err := s.writeHeader(nil); err != nil {
			return err
		}
	}
	if err := s.sw.Flush(); err != nil {
		return err
	}
	s.sent = true
	s.commit()
	// excelize zips a workbook into a buffer that holds all of it, handing
	// the buffer to its zip-writer hook. The hook here writes to the client
	// instead, so the workbook streams out as it is compressed and the
	// buffer stays empty.
	s.file.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(s.w) })
	_, err := s.file.WriteTo(io.Discard)
	return err
}

func (s *xlsxSheet) committed() bool { return s.sent }

// close removes the sheet's temporary file.
func (s *xlsxSheet) close() { s.file.Close() }
