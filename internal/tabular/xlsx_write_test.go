package tabular_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dualtrack/dualtrack/internal/tabular"
)

var almaty = time.FixedZone("UTC+5", 5*3600)

// writeWorkbook writes rows through an XLSXWriter, the first row as the
// frozen header.
func writeWorkbook(t *testing.T, sheet string, widths []float64, rows [][]tabular.XLSXCell) []byte {
	t.Helper()
	var out bytes.Buffer
	w, err := tabular.NewXLSXWriter(&out, sheet, tabular.XLSXLayout{Widths: widths, Frozen: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.WriteRow(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestXLSXWriterReadsBack: a written workbook reads back the same through
// excelize, as another program would read it, and through the reader:
// Kazakh and Russian text, codes as text cells with their zeros, numbers
// as numbers, dates and times as dates, empty cells left out, texts that
// XML cannot hold as they were, a bold frozen header, column widths.
func TestXLSXWriterReadsBack(t *testing.T) {
	at := time.Date(2026, 11, 26, 14, 30, 5, 0, almaty)
	rows := [][]tabular.XLSXCell{
		{tabular.HeaderCell("ЖСН"), tabular.HeaderCell("Аты-жөні"), tabular.HeaderCell("Туған күні"), tabular.HeaderCell("Жасалды"),
			tabular.HeaderCell("Балл"), tabular.HeaderCell("Ескертпе")},
		{tabular.CodeCell("070315500123"), tabular.TextCell("Әбілқасымова Айгерім"), tabular.DateCell(time.Date(2007, 3, 15, 0, 0, 0, 0, time.UTC)),
			tabular.DateTimeCell(at), tabular.NumberCell(3.5), tabular.TextCell(`<b>"R&D"</b> 'ок'`)},
		{tabular.CodeCell(""), tabular.TextCell("Ковалёв Пётр"), tabular.DateCell(time.Time{}), tabular.DateTimeCell(time.Time{}),
			tabular.NumberCell(-42), tabular.TextCell("")},
		{tabular.CodeCell("000000000001"), tabular.TextCell("  отступ"), tabular.DateCell(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)),
			tabular.DateTimeCell(time.Date(1899, 12, 31, 23, 0, 0, 0, time.UTC)), tabular.NumberCell(123456789012),
			tabular.TextCell("строка\r\nвторая\tтаб \x01\x1f _x0041_ \uFFFE \xff")},
	}
	b := writeWorkbook(t, "Студенты", []float64{14, 30, 12, 21, 8, 40}, rows)

	// Through excelize.
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Студенты"}) {
		t.Fatalf("sheets %q", got)
	}
	got, err := f.GetRows("Студенты")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"ЖСН", "Аты-жөні", "Туған күні", "Жасалды", "Балл", "Ескертпе"},
		{"070315500123", "Әбілқасымова Айгерім", "2007-03-15", "2026-11-26 14:30:05", "3.5", `<b>"R&D"</b> 'ок'`},
		{"", "Ковалёв Пётр", "", "", "-42"},
		{"000000000001", "  отступ", "1900-01-01", "1899-12-31 23:00:00", "123456789012", "строка\r\nвторая\tтаб \x01\x1f _x0041_ \uFFFE \uFFFD"},
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("excelize: row %d = %q\nwant %q", i+1, got[i], want[i])
		}
	}
	if typ, _ := f.GetCellType("Студенты", "A2"); typ != excelize.CellTypeInlineString {
		t.Errorf("the IIN's cell has type %v, want text", typ)
	}
	if raw, _ := f.GetCellValue("Студенты", "C2", excelize.Options{RawCellValue: true}); raw != "39156" {
		t.Errorf("the date's cell holds %q, want the serial 39156", raw)
	}
	if raw, _ := f.GetCellValue("Студенты", "C4", excelize.Options{RawCellValue: true}); raw != "1" {
		t.Errorf("1 January 1900 holds %q, want 1", raw)
	}
	if raw, _ := f.GetCellValue("Студенты", "E3", excelize.Options{RawCellValue: true}); raw != "-42" {
		t.Errorf("the number's cell holds %q", raw)
	}
	for cell, want := range map[string]string{"C2": "yyyy-mm-dd", "D2": "yyyy-mm-dd hh:mm:ss"} {
		id, _ := f.GetCellStyle("Студенты", cell)
		if st, err := f.GetStyle(id); err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != want {
			t.Errorf("%s: style %+v, want the format %s", cell, st, want)
		}
	}
	id, _ := f.GetCellStyle("Студенты", "A2")
	if st, err := f.GetStyle(id); err != nil || st.NumFmt != 49 {
		t.Errorf("the IIN's style %+v, want the text format", st)
	}
	id, _ = f.GetCellStyle("Студенты", "B1")
	if st, err := f.GetStyle(id); err != nil || st.Font == nil || !st.Font.Bold {
		t.Error("the header is not bold")
	}
	if p, err := f.GetPanes("Студенты"); err != nil || !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
		t.Errorf("panes %+v, %v: want the header frozen", p, err)
	}
	if w, _ := f.GetColWidth("Студенты", "B"); w != 30 {
		t.Errorf("column B is %v wide, want 30", w)
	}

	// Through the reader, which shows dates as a Kazakh Excel does.
	tab, err := tabular.Read("written.xlsx", b, tabular.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mine := [][]string{
		{"070315500123", "Әбілқасымова Айгерім", "15.03.2007", "26.11.2026 14:30:05", "3.5", `<b>"R&D"</b> 'ок'`},
		{"", "Ковалёв Пётр", "", "", "-42", ""},
		{"000000000001", "отступ", "01.01.1900", "1899-12-31 23:00:00", "123456789012", "строка\r\nвторая\tтаб \x01\x1f _x0041_ \uFFFE \uFFFD"},
	}
	if tab.Sheet != "Студенты" || len(tab.Rows) != len(mine) {
		t.Fatalf("sheet %q, %d rows", tab.Sheet, len(tab.Rows))
	}
	for i, r := range tab.Rows {
		if !slices.Equal(r.Values, mine[i]) {
			t.Errorf("reader: row %d = %q\nwant %q", r.Line, r.Values, mine[i])
		}
	}
}

// TestXLSXWriterLongText: a text longer than a cell holds is cut at the
// 32,767 characters Excel allows (a character outside the BMP counting
// as two), rather than making a workbook Excel refuses.
func TestXLSXWriterLongText(t *testing.T) {
	long := strings.Repeat("Ә", 32766) + "😀" + "tail"
	b := writeWorkbook(t, "Sheet1", nil, [][]tabular.XLSXCell{{tabular.TextCell("Текст")}, {tabular.TextCell(long)}})
	tab, err := tabular.Read("long.xlsx", b, tabular.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.Rows[0].Values[0]; got != strings.Repeat("Ә", 32766) {
		t.Errorf("kept %d characters, want 32766 (the emoji would be the 32,768th unit)", len([]rune(got)))
	}
}

// TestXLSXWriterLimits: a sheet name Excel refuses is refused, and a row
// past the last an Excel sheet holds is ErrSheetFull.
func TestXLSXWriterLimits(t *testing.T) {
	for _, name := range []string{"", "Студенты: 2026", "a/b", "[x]", "'quoted'", strings.Repeat("я", 32)} {
		if _, err := tabular.NewXLSXWriter(io.Discard, name, tabular.XLSXLayout{}); err == nil {
			t.Errorf("sheet name %q accepted", name)
		}
	}
	if _, err := tabular.NewXLSXWriter(io.Discard, strings.Repeat("я", 31), tabular.XLSXLayout{}); err != nil {
		t.Errorf("a name of 31 letters: %v", err)
	}
	w, err := tabular.NewXLSXWriter(io.Discard, "Sheet1", tabular.XLSXLayout{})
	if err != nil {
		t.Fatal(err)
	}
	for range tabular.XLSXMaxRows {
		if err := w.WriteRow(nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.WriteRow(nil); !errors.Is(err, tabular.ErrSheetFull) {
		t.Errorf("row %d: %v, want ErrSheetFull", tabular.XLSXMaxRows+1, err)
	}
	if err := w.Close(); err != nil {
		t.Error(err)
	}
}

// TestXLSXWriterFlatMemory writes 100,000 rows to a file with the heap
// sampled as it goes: it must not grow with the rows. The file then reads
// back whole.
func TestXLSXWriterFlatMemory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.xlsx")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	w, err := tabular.NewXLSXWriter(out, "Студенты", tabular.XLSXLayout{Frozen: 1})
	if err != nil {
		t.Fatal(err)
	}
	header := []tabular.XLSXCell{tabular.HeaderCell("ЖСН"), tabular.HeaderCell("Тегі"), tabular.HeaderCell("Аты"),
		tabular.HeaderCell("Туған күні"), tabular.HeaderCell("Курс")}
	if err := w.WriteRow(header); err != nil {
		t.Fatal(err)
	}
	const n = 100_000
	born := time.Date(2007, 1, 1, 0, 0, 0, 0, time.UTC)
	row := make([]tabular.XLSXCell, 5)
	heap := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	}
	var early uint64
	for i := range n {
		row[0] = tabular.CodeCell(fmt.Sprintf("%012d", i))
		row[1] = tabular.TextCell("Әлиханов-" + strconv.Itoa(i))
		row[2] = tabular.TextCell("Нұрсұлтан")
		row[3] = tabular.DateCell(born.AddDate(0, 0, i%3650))
		row[4] = tabular.NumberCell(float64(1 + i%4))
		if err := w.WriteRow(row); err != nil {
			t.Fatal(err)
		}
		if i == 10_000 {
			early = heap()
		}
	}
	if late := heap(); late > early+2<<20 {
		t.Errorf("the heap grew from %d KB at 10,000 rows to %d KB at %d", early>>10, late>>10, n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	r, err := tabular.Open(path, tabular.Options{Aliases: map[string]string{"ЖСН": "iin", "Туған күні": "birth_date"}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	count := 0
	for {
		got, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("%012d", count); r.Value(got, "iin") != want || got.Line != count+2 {
			t.Fatalf("row %d: IIN %q, want %q", got.Line, r.Value(got, "iin"), want)
		}
		count++
	}
	if count != n {
		t.Errorf("read back %d rows, want %d", count, n)
	}
}

// BenchmarkWriteStudentsXLSX writes a list of students as the web's export
// does, through XLSXWriter and, for comparison, through excelize's stream
// writer as the export did before:
//
//	go test -run '^$' -bench WriteStudentsXLSX -benchtime 2x ./internal/tabular/
//
// rows/s is the writing speed, MB the workbook's size, peak-heap-MB the
// largest heap in use, sampled every 8,192 rows.
func BenchmarkWriteStudentsXLSX(b *testing.B) {
	const n = 100_000
	header := []string{"ЖСН", "Тегі", "Аты", "Әкесінің аты", "Туған күні", "Колледж БСН", "Топ", "Курс", "Телефон", "Тіркелді"}
	next := newStudents(1)
	type rec struct {
		s    student
		born time.Time
		year float64
	}
	recs := make([]rec, 1000)
	for i := range recs {
		s := next(true)
		born, _ := time.Parse("02.01.2006", s.birth)
		year, _ := strconv.Atoi(s.year)
		recs[i] = rec{s, born, float64(year)}
	}
	created := time.Date(2026, 11, 26, 14, 30, 5, 0, almaty)
	run := func(b *testing.B, write func(w io.Writer, rows func(yield func(i int, r rec) bool)) error) {
		var out countingWriter
		var m runtime.MemStats
		var peak uint64
		for b.Loop() {
			out = countingWriter{}
			err := write(&out, func(yield func(int, rec) bool) {
				for i := range n {
					if i%8192 == 0 {
						runtime.ReadMemStats(&m)
						peak = max(peak, m.HeapInuse)
					}
					if !yield(i, recs[i%len(recs)]) {
						return
					}
				}
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
		b.ReportMetric(float64(out.n)/(1<<20), "MB")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	}
	b.Run("tabular", func(b *testing.B) {
		run(b, func(w io.Writer, rows func(yield func(int, rec) bool)) error {
			xw, err := tabular.NewXLSXWriter(w, "Студенттер", tabular.XLSXLayout{Widths: slices.Repeat([]float64{14}, len(header)), Frozen: 1})
			if err != nil {
				return err
			}
			cells := make([]tabular.XLSXCell, len(header))
			for i, h := range header {
				cells[i] = tabular.HeaderCell(h)
			}
			if err := xw.WriteRow(cells); err != nil {
				return err
			}
			for i, r := range rows {
				cells = append(cells[:0], tabular.CodeCell(r.s.iin), tabular.TextCell(r.s.last), tabular.TextCell(r.s.first),
					tabular.TextCell(r.s.patronymic), tabular.DateCell(r.born), tabular.CodeCell(r.s.bin), tabular.TextCell(r.s.group),
					tabular.NumberCell(r.year), tabular.TextCell(r.s.phone), tabular.DateTimeCell(created.Add(time.Duration(i)*time.Second)))
				if err := xw.WriteRow(cells); err != nil {
					return err
				}
			}
			return xw.Close()
		})
	})
	b.Run("excelize", func(b *testing.B) {
		run(b, func(w io.Writer, rows func(yield func(int, rec) bool)) error {
			f := excelize.NewFile()
			defer f.Close()
			if err := f.SetSheetName("Sheet1", "Студенттер"); err != nil {
				return err
			}
			sw, err := f.NewStreamWriter("Студенттер")
			if err != nil {
				return err
			}
			code, _ := f.NewStyle(&excelize.Style{NumFmt: 49})
			date, _ := f.NewStyle(&excelize.Style{CustomNumFmt: new("yyyy-mm-dd")})
			stamp, _ := f.NewStyle(&excelize.Style{CustomNumFmt: new("yyyy-mm-dd hh:mm:ss")})
			bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
			if err := sw.SetColWidth(1, len(header), 14); err != nil {
				return err
			}
			if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
				return err
			}
			values := make([]any, len(header))
			for i, h := range header {
				values[i] = excelize.Cell{StyleID: bold, Value: h}
			}
			if err := sw.SetRow("A1", values); err != nil {
				return err
			}
			for i, r := range rows {
				values = append(values[:0], excelize.Cell{StyleID: code, Value: r.s.iin}, r.s.last, r.s.first, r.s.patronymic,
					excelize.Cell{StyleID: date, Value: r.born}, excelize.Cell{StyleID: code, Value: r.s.bin}, r.s.group, r.year, r.s.phone,
					excelize.Cell{StyleID: stamp, Value: created.Add(time.Duration(i) * time.Second)})
				if err := sw.SetRow("A"+strconv.Itoa(i+2), values); err != nil {
					return err
				}
			}
			if err := sw.Flush(); err != nil {
				return err
			}
			f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
			_, err = f.WriteTo(io.Discard)
			return err
		})
	})
}

// countingWriter counts the bytes written to it.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}
