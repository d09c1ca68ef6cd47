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
	"strings"
	"testing"
	"unicode"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"github.com/dualtrack/dualtrack/internal/tabular"
)

var studentOpts = tabular.Options{
	Aliases: map[string]string{
		"ИИН": "iin", "ЖСН": "iin", "IIN": "iin",
		"Фамилия": "last_name", "Тегі": "last_name",
		"Имя": "first_name", "Аты": "first_name",
		"Дата рождения": "birth_date", "Туған күні": "birth_date",
		"Код специальности": "specialty_code",
	},
	Digits: map[string]int{"iin": 12, "specialty_code": 8},
}

// stream reads a file to the end with a Reader, as an import does,
// collecting the rows and the problems; a problem is printed with the
// file's base name.
func stream(t *testing.T, path string, opt tabular.Options) (*tabular.Reader, []tabular.Row, []string) {
	t.Helper()
	r, err := tabular.Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	var (
		rows     []tabular.Row
		problems []string
	)
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		var e *tabular.Error
		if errors.As(err, &e) {
			problems = append(problems, strings.Replace(e.Error(), path, filepath.Base(path), 1))
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
	return r, rows, problems
}

func lines(rows []tabular.Row) []int {
	var out []int
	for _, r := range rows {
		out = append(out, r.Line)
	}
	return out
}

// TestReaderReportsEveryBadRow reads on past each malformed row, so a dry
// run lists them all, each at the line a text editor shows, the column
// named by its header.
func TestReaderReportsEveryBadRow(t *testing.T) {
	text := "ИИН;Фамилия;Имя\r\n" + // 1
		"070315500123;Ахметов;Ерлан\r\n" + // 2
		"070315600124;Ким \"Виктор\";Виктор\r\n" + // 3: a quote in a field that is not quoted
		"\"070315500125\";\"Сейтқали\r\nұлы\";Нұрлан\r\n" + // 4-5: a line break in a quoted field
		"070315600126;Иванова; Мария;Петровна\r\n" + // 6: an unquoted semicolon shifts a value right
		"070315500127;\"Абай\"Кунанбаев;Абай\r\n" + // 7: text after the closing quote
		"070315600128;Оспанова;Айгерім\r\n" // 8
	_, rows, problems := stream(t, write(t, "students.csv", text, nil), studentOpts)
	if got := lines(rows); !slices.Equal(got, []int{2, 4, 8}) {
		t.Errorf("rows on lines %v, want [2 4 8]", got)
	}
	if got := rows[1].Values; !slices.Equal(got, []string{"070315500125", "Сейтқали\nұлы", "Нұрлан"}) {
		t.Errorf("row 4 = %q", got)
	}
	want := []string{
		`students.csv:3: column Фамилия: misplaced quotation mark at line 3, character 18: a field with quotation marks or delimiters must be enclosed in quotes, with inner quotes doubled ("")`,
		`students.csv:6: column 4: a value in a column without a header ("Петровна"): a field before it probably holds an unquoted semicolon`,
		`students.csv:7: column Фамилия: misplaced quotation mark at line 7, character 19: a field with quotation marks or delimiters must be enclosed in quotes, with inner quotes doubled ("")`,
	}
	if !slices.Equal(problems, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
}

func TestReaderUnclosedQuote(t *testing.T) {
	text := "ИИН;Фамилия;Имя\n070315500123;Ахметов;Ерлан\n070315600124;Ким;\"Виктор\n070315600125;Ли;Анна\n"
	_, rows, problems := stream(t, write(t, "open.csv", text, nil), studentOpts)
	if got := lines(rows); !slices.Equal(got, []int{2}) {
		t.Errorf("rows on lines %v, want [2]", got)
	}
	want := `open.csv:3: column Имя: a quoted field starting on this line is not closed: check its quotation marks (inner ones are doubled: "")`
	if len(problems) != 1 || problems[0] != want {
		t.Errorf("problems %q, want %q", problems, want)
	}
}

// TestReaderEncodings reads what Excel and Notepad save on Kazakh and
// Russian Windows, and checks the letters, not only the bytes.
func TestReaderEncodings(t *testing.T) {
	russian := "ИИН;Фамилия;Имя\r\n070315500123;Пётр;Ёлкин\r\n070315600124;Щукина;Наталья «Ната»\r\n"
	kazakh := "ЖСН;Тегі;Аты\r\n070315500123;Әлиханов;Нұрсұлтан\r\n070315600124;Бөкейханова;Гүлнәр Ғабитқызы\r\n"
	ascii := strings.Repeat("070315500100;Ivanov;Ivan\r\n", 5000) // 130 KB: past the sample the encoding is judged on
	for _, c := range []struct {
		name, text string
		ansi       bool
		wantEnc    string
		want       [][]string
	}{
		{"ansi.csv", russian, true, "windows-1251", [][]string{{"070315500123", "Пётр", "Ёлкин"}, {"070315600124", "Щукина", "Наталья «Ната»"}}},
		{"kazakh.csv", kazakh, false, "utf-8", [][]string{{"070315500123", "Әлиханов", "Нұрсұлтан"}, {"070315600124", "Бөкейханова", "Гүлнәр Ғабитқызы"}}},
		{"ansi-late.csv", "IIN;Last name;First name\r\n" + ascii + "070315600124;Щукина;Наталья\r\n", true, "windows-1251", nil},
		{"utf8-late.csv", "IIN;Last name;First name\r\n" + ascii + "070315600124;Бөкейханова;Гүлнәр\r\n", false, "utf-8", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var enc encoding.Encoding
			if c.ansi {
				enc = charmap.Windows1251
			}
			r, rows, problems := stream(t, write(t, c.name, c.text, enc), studentOpts)
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			if r.Encoding != c.wantEnc || r.Delimiter != ';' {
				t.Errorf("encoding %q delimiter %q, want %q ;", r.Encoding, r.Delimiter, c.wantEnc)
			}
			if c.want == nil {
				last := rows[len(rows)-1]
				if last.Line != 5002 || last.Values[1] == "" || !isCyrillic(last.Values[1]) {
					t.Errorf("last row %d: %q", last.Line, last.Values)
				}
				return
			}
			for i, row := range rows {
				if !slices.Equal(row.Values, c.want[i]) {
					t.Errorf("line %d = %q, want %q", row.Line, row.Values, c.want[i])
				}
			}
		})
	}
}

func isCyrillic(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Cyrillic, r) {
			return false
		}
	}
	return true
}

// TestReaderBrokenBytes: a UTF-8 file with a byte broken on one line is
// still UTF-8, and the reader names that line and column rather than
// reading the whole file as Windows-1251 gibberish; a Windows-1251 file
// with a byte that code page does not define is pointed at likewise.
func TestReaderBrokenBytes(t *testing.T) {
	utf8Text := "ИИН;Фамилия;Имя\n070315500123;Әлиханов;Нұрсұлтан\n070315600124;Бөкейхан\xffова;Гүлнәр\n070315600125;Сейтқали;Нұрлан\n"
	r, rows, problems := stream(t, write(t, "broken.csv", utf8Text, nil), studentOpts)
	if r.Encoding != "utf-8" || !slices.Equal(lines(rows), []int{2, 4}) || rows[1].Values[1] != "Сейтқали" {
		t.Errorf("encoding %q rows %+v", r.Encoding, rows)
	}
	if want := "broken.csv:3: column Фамилия: the file starts as UTF-8 but has bytes that are not UTF-8 here: save it again as CSV UTF-8"; !slices.Equal(problems, []string{want}) {
		t.Errorf("problems %q, want %q", problems, want)
	}

	ansi, err := charmap.Windows1251.NewEncoder().String("ИИН;Фамилия;Имя\n070315500123;Ахметов;Ерлан\n070315600124;Ким;Ви_ктор\n")
	if err != nil {
		t.Fatal(err)
	}
	ansi = strings.Replace(ansi, "_", "\x98", 1)
	r, rows, problems = stream(t, write(t, "ansi.csv", ansi, nil), studentOpts)
	if r.Encoding != "windows-1251" || !slices.Equal(lines(rows), []int{2}) || rows[0].Values[1] != "Ахметов" {
		t.Errorf("encoding %q rows %+v", r.Encoding, rows)
	}
	if want := "ansi.csv:3: column Имя: the file reads as Windows-1251 but has a byte here that is not a character in it: save it again as CSV UTF-8"; !slices.Equal(problems, []string{want}) {
		t.Errorf("problems %q, want %q", problems, want)
	}
}

// TestReaderDelimiter: the delimiter is judged outside quotes, so a comma
// file whose quoted names are full of semicolons is still a comma file;
// spaces around a quoted field, as people type them, are allowed.
func TestReaderDelimiter(t *testing.T) {
	text := "ИИН,Фамилия,Имя\n" +
		"070315500123,\"Ахметов; Ахметов; Ахметов\",\"Ерлан; Ерик\"\n" +
		"070315600124, \"Ким; Ли\" ,\"Анна; Ан\"\n" +
		"070315600125,Оспанова,\"Айгерім; Айгерим; А.\"\n"
	r, rows, problems := stream(t, write(t, "comma.csv", text, nil), studentOpts)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if r.Delimiter != ',' || len(rows) != 3 {
		t.Fatalf("delimiter %q, %d rows", r.Delimiter, len(rows))
	}
	if got := rows[1].Values; !slices.Equal(got, []string{"070315600124", "Ким; Ли", "Анна; Ан"}) {
		t.Errorf("row 3 = %q", got)
	}

	tab := strings.NewReplacer(";", "\t").Replace("ИИН;Фамилия;Имя\n070315500123;Ахметов, Ерлан;Ерлан\n")
	r, rows, _ = stream(t, write(t, "tab.txt", tab, nil), studentOpts)
	if r.Delimiter != '\t' || len(rows) != 1 || rows[0].Values[1] != "Ахметов, Ерлан" {
		t.Errorf("delimiter %q rows %+v", r.Delimiter, rows)
	}
}

// TestReaderUnknownColumns: the columns an import is not going to read are
// listed, not silently dropped.
func TestReaderUnknownColumns(t *testing.T) {
	text := "Список группы ПО-21;;;;\nИИН;Фамилия;Примечание;Имя;Phone\n070315500123;Ахметов;староста;Ерлан;+7 701 000 00 00\n"
	r, rows, problems := stream(t, write(t, "group.csv", text, nil), studentOpts)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if r.HeaderLine != 2 || len(rows) != 1 {
		t.Fatalf("header on line %d, rows %+v", r.HeaderLine, rows)
	}
	var unknown []string
	for _, c := range r.Unknown() {
		unknown = append(unknown, c.Label)
	}
	if !slices.Equal(unknown, []string{"Примечание", "Phone"}) {
		t.Errorf("unknown columns %q, want [Примечание Phone]", unknown)
	}
	if got := r.Value(rows[0], "first_name"); got != "Ерлан" {
		t.Errorf("first_name %q", got)
	}
	// Without aliases no header is known, and none is reported.
	if r, _, _ = stream(t, write(t, "plain.csv", text, nil), tabular.Options{}); r.Unknown() != nil {
		t.Errorf("unknown columns without aliases: %+v", r.Unknown())
	}
}

// TestReaderRefusesWhatIsNotATable: a PDF or Word file passed for a list,
// and a file with no line breaks, are refused with a message, not read into
// thousands of rows of noise or into memory whole.
func TestReaderRefusesWhatIsNotATable(t *testing.T) {
	for _, c := range []struct{ name, text, key string }{
		{"scan.pdf", "%PDF-1.7\n\x00\x01\x02binary", "error.file.not_table"},
		{"one-line.csv", "ИИН;" + strings.Repeat("070315500123;", 100_000), "error.file.line_too_long"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := write(t, c.name, c.text, nil)
			r, err := tabular.Open(path, studentOpts)
			if err == nil {
				r.Close()
				t.Fatal("read without an error")
			}
			if k := key(problems(t, err)[0]); k != c.key {
				t.Errorf("key %q, want %q: %v", k, c.key, err)
			}
		})
	}
}

// studentsWorkbook saves a student list as an office would: a title row,
// dates as Excel dates, an IIN stored as a number, a gap, a note column.
func studentsWorkbook(t testing.TB, path string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	for cell, v := range map[string]any{
		"A1": "Студенты колледжа",
		"A3": "ЖСН", "B3": "Тегі", "C3": "Аты", "D3": "Туған күні", "E3": "Ескертпе",
		"A4": 70315500123, "B4": "Әлиханов", "C4": "Нұрсұлтан", "D4": 39156, "E4": "староста",
		"A6": "070315600124", "B6": "Бөкейханова", "C6": "Гүлнәр", "D6": 39157,
	} {
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellStyle("Sheet1", "D4", "D6", date); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// TestReaderXLSX: rows numbered as Excel shows them, dates as a Kazakh or
// Russian Excel shows them, leading zeros of an IIN stored as a number
// restored, unknown columns named with their letter; the workbook is read
// from a path and from an upload's temporary file alike.
func TestReaderXLSX(t *testing.T) {
	path := filepath.Join(t.TempDir(), "students.xlsx")
	studentsWorkbook(t, path)
	check := func(t *testing.T, r *tabular.Reader) {
		t.Helper()
		if r.Format != "xlsx" || r.Sheet != "Sheet1" || r.HeaderLine != 3 {
			t.Errorf("format %q sheet %q header %d", r.Format, r.Sheet, r.HeaderLine)
		}
		var rows []tabular.Row
		for {
			row, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			rows = append(rows, row)
		}
		if !slices.Equal(lines(rows), []int{4, 6}) {
			t.Fatalf("rows %+v, want rows 4 and 6", rows)
		}
		if got := []string{r.Value(rows[0], "iin"), r.Value(rows[0], "last_name"), r.Value(rows[0], "birth_date")}; !slices.Equal(got, []string{"070315500123", "Әлиханов", "15.03.2007"}) {
			t.Errorf("row 4 = %q", got)
		}
		if r.Padded() != 1 {
			t.Errorf("padded %d, want 1", r.Padded())
		}
		if u := r.Unknown(); len(u) != 1 || u[0].Label != "E (Ескертпе)" {
			t.Errorf("unknown %+v", u)
		}
	}
	t.Run("path", func(t *testing.T) {
		r, err := tabular.Open(path, studentOpts)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		check(t, r)
	})
	t.Run("upload", func(t *testing.T) {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		st, _ := f.Stat()
		r, err := tabular.NewReader("students.xlsx", f, st.Size(), studentOpts)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		check(t, r)
	})
	t.Run("memory", func(t *testing.T) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := tabular.NewReader("students.xlsx", bytes.NewReader(b), int64(len(b)), studentOpts)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		check(t, r)
	})
}

// TestReaderRefusesForgedArchive: a workbook of a few kilobytes whose ZIP
// directory claims gigabytes for a part is refused before anything is
// allocated for it (excelize allocates the declared size up front).
func TestReaderRefusesForgedArchive(t *testing.T) {
	path := filepath.Join(t.TempDir(), "students.xlsx")
	studentsWorkbook(t, path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	forged := storedZip(t, b, func(h *zip.FileHeader) {
		if h.Name == "xl/styles.xml" {
			h.UncompressedSize64 = 2 << 30
		}
	})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = tabular.NewReader("forged.xlsx", bytes.NewReader(forged), int64(len(forged)), studentOpts)
	runtime.ReadMemStats(&after)
	if ps := problems(t, err); key(ps[0]) != "error.file.xlsx" {
		t.Errorf("got %v, want error.file.xlsx", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("allocated %d MB for a %d-byte file", alloc>>20, len(forged))
	}
}

// TestNormalizeHeaderEveryRune checks the case folding of NormalizeHeader
// on every Unicode code point: a header typed in upper, lower or mixed
// case is the same header.
func TestNormalizeHeaderEveryRune(t *testing.T) {
	bad := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.IsSpace(r) || r == '\uFEFF' || r >= 0xD800 && r < 0xE000 {
			continue
		}
		s := string(r)
		n := tabular.NormalizeHeader(s)
		if tabular.NormalizeHeader(strings.ToUpper(s)) != n || tabular.NormalizeHeader(strings.ToLower(s)) != n {
			if bad++; bad < 10 {
				t.Errorf("%U %q: %q, upper %q, lower %q", r, s, n, tabular.NormalizeHeader(strings.ToUpper(s)), tabular.NormalizeHeader(strings.ToLower(s)))
			}
		}
	}
	if got := tabular.NormalizeHeader(" \uFEFFАТАУЫ\u00a0 (ҚАЗ.)\r\n  Ә "); got != "атауы (қаз.) ә" {
		t.Errorf("got %q", got)
	}
	if bad > 0 {
		t.Error(fmt.Sprint(bad, " code points fold inconsistently"))
	}
}
