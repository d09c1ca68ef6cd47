package web

import (
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

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/server"
	"github.com/dualtrack/dualtrack/internal/tabular"
)

// The exporter: every list page downloads as CSV or XLSX under the page's
// filters and in its order (GET /students/export?format=xlsx&…, linked
// from the page). A list's export is its columns — the catalog key of the
// header and the cell of a record — and the access layer's streaming
// reader; this file turns them into a file. Rows are written as the
// database yields them, so a national list is never held in memory: CSV
// goes straight to the client, and so does XLSX, zipped as it is written
// by tabular.XLSXWriter, with no temporary file.

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
	// count is how many rows each would stream, read through the access
	// layer as the list page reads it; a list longer than the threshold
	// is prepared in the background (export_job.go). nil for the short
	// lists, which always stream.
	count func(ctx context.Context) (int, error)
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
// filter or a refusal is the translated error page; for XLSX only once the
// first compressed kilobytes leave, so a small list is the error page
// whenever it fails. A failure after the response has begun aborts the
// connection: the client must see a broken download, not a
// complete-looking file that lacks rows.
func serveExport[T any](h *Web, w http.ResponseWriter, r *http.Request, v *view, ex export[T]) {
	format, err := exportFormat(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if h.divertExport(w, r, v, ex.count) {
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
		sh = newXLSXSheet(out, commit, v.T(ex.title))
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
const xlsxMaxRows = tabular.XLSXMaxRows

// xlsxSheet writes one sheet through tabular.XLSXWriter: the header bold and
// frozen, numbers as numbers, dates as dates (shown yyyy-mm-dd), IINs and
// BINs as text cells. The workbook streams to the client as it is
// compressed; the response is committed by the first bytes that reach the
// client (see commitWriter), which for a list of a few hundred rows is
// when finish completes the workbook.
type xlsxSheet struct {
	out    *commitWriter
	title  string
	xw     *tabular.XLSXWriter // from the first row on
	header []string
	cells  []tabular.XLSXCell
}

func newXLSXSheet(w io.Writer, commit func(), title string) *xlsxSheet {
	return &xlsxSheet{out: &commitWriter{w: w, commit: commit}, title: title}
}

// sheetName makes a list's title a valid sheet name: at most 31
// characters, none of : \ / ? * [ ], no apostrophe at either end.
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
	if name = strings.Trim(name, "'"); strings.TrimSpace(name) == "" {
		name = "Sheet1"
	}
	return name
}

// begin only keeps the header: the column widths, which must be set
// before the first row is written, are judged from it and the first row.
func (s *xlsxSheet) begin(header []string) error {
	s.header = header
	s.cells = make([]tabular.XLSXCell, len(header))
	return nil
}

func (s *xlsxSheet) row(cells []cell) error {
	if s.xw == nil {
		if err := s.writeHeader(cells); err != nil {
			return err
		}
	}
	if s.xw.Rows() >= xlsxMaxRows {
		return domain.Invalid("format", "error.export.xlsx_rows", "too many rows for an Excel sheet").
			With("max", strconv.Itoa(xlsxMaxRows-1))
	}
	for i, c := range cells {
		s.cells[i] = xlsxCell(c)
	}
	return s.xw.WriteRow(s.cells)
}

// xlsxCell is a cell of the list as a cell of the sheet; empty text is
// no cell rather than an empty string.
func xlsxCell(c cell) tabular.XLSXCell {
	switch c.kind {
	case kindNumber:
		return tabular.NumberCell(c.num)
	case kindDate:
		return tabular.DateCell(c.at)
	case kindTime:
		return tabular.DateTimeCell(c.at) // on Kazakhstan's clock: see cellTime
	case kindCode:
		return tabular.CodeCell(c.text)
	}
	return tabular.TextCell(c.text)
}

// writeHeader starts the workbook with the column widths judged from the
// header and the first row (nil for an empty list), the header frozen,
// and writes the header in bold.
func (s *xlsxSheet) writeHeader(first []cell) error {
	widths := make([]float64, len(s.header))
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
		widths[i] = float64(min(max(width, 8), 60) + 2)
	}
	xw, err := tabular.NewXLSXWriter(s.out, sheetName(s.title), tabular.XLSXLayout{Widths: widths, Frozen: 1})
	if err != nil {
		return err
	}
	s.xw = xw
	for i, h := range s.header {
		s.cells[i] = tabular.HeaderCell(h)
	}
	return s.xw.WriteRow(s.cells)
}

func (s *xlsxSheet) finish() error {
	if s.xw == nil {
		if err := s.writeHeader(nil); err != nil {
			return err
		}
	}
	return s.xw.Close()
}

func (s *xlsxSheet) committed() bool { return s.out.sent }

// commitWriter commits the response at its first write: until then, an
// error can still be answered with the error page.
type commitWriter struct {
	w      io.Writer
	commit func()
	sent   bool
}

func (c *commitWriter) Write(p []byte) (int, error) {
	if !c.sent {
		c.sent = true
		c.commit()
	}
	return c.w.Write(p)
}
