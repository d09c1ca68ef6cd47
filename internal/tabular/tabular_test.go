package tabular_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/tabular"
)

var opts = tabular.Options{
	Aliases: map[string]string{
		"Код": "code",
		"Наименование на русском языке": "name_ru",
		"Наименование":                  "name_ru",
		"Атауы (қаз)":                   "name_kk",
		"Атауы":                         "name_kk",
	},
	Digits: map[string]int{"code": 8},
}

// write saves text in the given encoding (nil: UTF-8 as is) to a file in
// the test's temporary directory, as office software would.
func write(t *testing.T, name, text string, enc encoding.Encoding) string {
	t.Helper()
	b := []byte(text)
	if enc != nil {
		var err error
		if b, err = enc.NewEncoder().Bytes(b); err != nil {
			t.Fatalf("encode %s: %v", name, err)
		}
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func names(tab *tabular.Table) []string {
	var out []string
	for _, c := range tab.Columns {
		out = append(out, c.Name)
	}
	return out
}

// problems returns the located errors of err, failing the test if err is
// not a *tabular.Errors.
func problems(t *testing.T, err error) []*tabular.Error {
	t.Helper()
	var es *tabular.Errors
	if !errors.As(err, &es) {
		t.Fatalf("want *tabular.Errors, got %T: %v", err, err)
	}
	return es.List
}

func key(e *tabular.Error) string {
	var de *domain.Error
	if errors.As(e, &de) {
		return de.Key
	}
	return ""
}

func TestReadCSVEncodingsAndDelimiters(t *testing.T) {
	utf16le := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	utf16be := unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	kazakh := "Код{d}Наименование на русском языке{d}Атауы (қаз)\r\n" +
		"01140100{d}Педагогика и методика начального обучения{d}Бастауыш білім беру педагогикасы мен әдістемесі\r\n" +
		"4S01140503{d}Тренер-преподаватель по спорту{d}Спорт жаттықтырушысы, оқытушы\r\n"
	// Windows-1251 has no Kazakh letters; a real file in it has Russian only.
	russian := "Код{d}Наименование\r\n01140100{d}Педагогика и методика начального обучения\r\n4S01140503{d}Тренер-преподаватель, по спорту\r\n"
	for _, c := range []struct {
		name, text string
		delim      rune
		enc        encoding.Encoding
		bom        bool
		wantEnc    string
	}{
		{"utf8-comma.csv", kazakh, ',', nil, false, "utf-8"},
		{"utf8-bom-semicolon.csv", kazakh, ';', nil, true, "utf-8 bom"},
		{"unicode-text.txt", kazakh, '\t', utf16le, false, "utf-16le"},
		{"utf16be.csv", kazakh, ';', utf16be, false, "utf-16be"},
		{"ansi.csv", russian, ';', charmap.Windows1251, false, "windows-1251"},
		{"ansi-tab.csv", russian, '\t', charmap.Windows1251, false, "windows-1251"},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := strings.ReplaceAll(c.text, "{d}", string(c.delim))
			if c.delim == ',' {
				text = strings.ReplaceAll(text, "Спорт жаттықтырушысы, оқытушы", `"Спорт жаттықтырушысы, оқытушы"`)
			}
			if c.bom {
				text = "\uFEFF" + text
			}
			tab, err := tabular.ReadFile(write(t, c.name, text, c.enc), opts)
			if err != nil {
				t.Fatal(err)
			}
			if tab.Encoding != c.wantEnc || tab.Delimiter != c.delim || tab.Format != "csv" {
				t.Errorf("encoding %q delimiter %q format %q, want %q %q csv", tab.Encoding, tab.Delimiter, tab.Format, c.wantEnc, c.delim)
			}
			if len(tab.Rows) != 2 || tab.Rows[0].Line != 2 || tab.Rows[1].Line != 3 {
				t.Fatalf("rows %+v, want lines 2 and 3", tab.Rows)
			}
			if got := tab.Value(tab.Rows[0], "name_ru"); got != "Педагогика и методика начального обучения" {
				t.Errorf("name_ru = %q", got)
			}
			if got := tab.Value(tab.Rows[1], "code"); got != "4S01140503" {
				t.Errorf("code = %q", got)
			}
			if tab.Has("name_kk") {
				if got := tab.Value(tab.Rows[1], "name_kk"); got != "Спорт жаттықтырушысы, оқытушы" {
					t.Errorf("name_kk = %q", got)
				}
			} else if got := tab.Value(tab.Rows[1], "name_ru"); got != "Тренер-преподаватель, по спорту" {
				t.Errorf("name_ru = %q", got)
			}
		})
	}
}

// TestReadCSVLayout reads what people leave in files: Excel's sep= line, a
// title above the header, blank lines and lines of bare delimiters, quoted
// fields holding the delimiter and a line break, trailing empty columns,
// wrapped and oddly cased headers, and codes that lost their leading zero.
func TestReadCSVLayout(t *testing.T) {
	text := "sep=;\n" + // 1
		"Классификатор специальностей и квалификаций ТиПО;;;\n" + // 2
		"\n" + // 3
		"\"  КОД \";\"Наименование\n на   русском языке\";№;;\n" + // 4
		"1140100;\"Педагогика; методика\";1;;\n" + // 5
		";;;;\n" + // 6
		"\"01140500\";\"Физическая\nкультура и спорт\";2\n" + // 7-8
		"3W07161303;\"Мастер по ремонту \"\"авто\"\"\";3;;\n" // 9
	tab, err := tabular.ReadFile(write(t, "layout.csv", text, nil), opts)
	if err != nil {
		t.Fatal(err)
	}
	if tab.HeaderLine != 4 {
		t.Errorf("header on line %d, want 4", tab.HeaderLine)
	}
	if got := names(tab); !slices.Equal(got, []string{"code", "name_ru", "№"}) {
		t.Errorf("columns %q", got)
	}
	var lines []int
	for _, r := range tab.Rows {
		lines = append(lines, r.Line)
	}
	if !slices.Equal(lines, []int{6, 8, 10}) {
		t.Errorf("row lines %v, want [6 8 10]", lines)
	}
	want := [][]string{
		{"01140100", "Педагогика; методика", "1"},
		{"01140500", "Физическая\nкультура и спорт", "2"},
		{"3W07161303", `Мастер по ремонту "авто"`, "3"},
	}
	for i, r := range tab.Rows {
		if !slices.Equal(r.Values, want[i]) {
			t.Errorf("row %d = %q, want %q", r.Line, r.Values, want[i])
		}
	}
	if tab.Padded != 1 {
		t.Errorf("padded %d codes, want 1", tab.Padded)
	}
	if c, _ := tab.Column("name_ru"); c.Label != "Наименование\n на   русском языке" {
		t.Errorf("label %q", c.Label)
	}
}

func TestRestoreLeadingZeros(t *testing.T) {
	text := "code\n1140100\n0114010\n123456789\n3W07161303\n114\n1.14E+06\n"
	tab, err := tabular.ReadFile(write(t, "codes.csv", text, nil), opts)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range tab.Rows {
		got = append(got, r.Values[0])
	}
	// Only digits that cannot be a code as written, and could be one with
	// zeros in front, are repaired; the rest is for validation to reject.
	want := []string{"01140100", "0114010", "123456789", "3W07161303", "00000114", "1.14E+06"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestReadCSVErrors(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       string // the first problem as printed
		key        string
	}{
		{"bare-quote.csv", "Код,Наименование\n01140100,Колледж \"Болашак\"\n",
			`bare-quote.csv:2: column Наименование: misplaced quotation mark at line 2, character 18: a field with quotation marks or delimiters must be enclosed in quotes, with inner quotes doubled ("")`,
			"error.file.quote"},
		{"unclosed.csv", "Код;Наименование\n01140100;\"Педагогика\n01140500;Спорт\n",
			`unclosed.csv:2: column Наименование: a quoted field starting on this line is not closed: check its quotation marks (inner ones are doubled: "")`,
			"error.file.unclosed_quote"},
		{"shifted.csv", "Код;Наименование\n01140100;Педагогика; методика\n01140500;Спорт\n",
			`shifted.csv:2: column 3: a value in a column without a header ("методика"): a field before it probably holds an unquoted semicolon`,
			"error.file.no_header"},
		{"twice.csv", "Код,Атауы,Атауы (ҚАЗ)\n01140100,а,б\n",
			`twice.csv:1: column Атауы (ҚАЗ): columns Атауы and Атауы (ҚАЗ) both mean name_kk: keep one`,
			"error.file.column_twice"},
		{"empty.csv", "\n\n;;;\n", `empty.csv: the file has no header row`, "error.file.empty"},
		{"broken-bom.csv", "\uFEFFКод\n01140100\n\xff\n", `broken-bom.csv:3: column Код: the file starts as UTF-8 but has bytes that are not UTF-8 here: save it again as CSV UTF-8`, "error.file.encoding"},
		{"old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", `old.xls: this is an Excel 97–2003 (.xls) or password-protected workbook: save it as .xlsx or CSV UTF-8`, "error.file.xls"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := tabular.ReadFile(write(t, c.name, c.text, nil), opts)
			ps := problems(t, err)
			path := filepath.Join(filepath.Dir(ps[0].File), c.name)
			if got := strings.Replace(ps[0].Error(), path, c.name, 1); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
			if k := key(ps[0]); k != c.key {
				t.Errorf("key %q, want %q", k, c.key)
			}
		})
	}
}

func TestReadXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	main := "Лист1"
	if err := f.SetSheetName("Sheet1", main); err != nil {
		t.Fatal(err)
	}
	set := func(sheet, cell string, v any) {
		t.Helper()
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set(main, "A1", "Классификатор специальностей") // a title; row 2 blank
	set(main, "A3", "Код")
	set(main, "B3", "Наименование на\nрусском языке")
	set(main, "A4", 1140100) // Excel took the code for a number
	set(main, "B4", "Педагогика и методика начального обучения")
	set(main, "A6", "01140500") // row 5 blank
	set(main, "B6", "Физическая культура и спорт")
	set(main, "D6", "a note in a column without a header")
	if _, err := f.NewSheet("Other"); err != nil {
		t.Fatal(err)
	}
	set("Other", "A1", "Код")
	set("Other", "B1", "Атауы")
	set("Other", "A2", "01140100")
	set("Other", "B2", "Бастауыш білім беру")
	path := filepath.Join(t.TempDir(), "classifier.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}

	tab, err := tabular.ReadFile(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Format != "xlsx" || tab.Sheet != main || tab.HeaderLine != 3 {
		t.Errorf("format %q sheet %q header %d", tab.Format, tab.Sheet, tab.HeaderLine)
	}
	if len(tab.Rows) != 2 || tab.Rows[0].Line != 4 || tab.Rows[1].Line != 6 {
		t.Fatalf("rows %+v, want rows 4 and 6", tab.Rows)
	}
	if got := tab.Value(tab.Rows[0], "code"); got != "01140100" || tab.Padded != 1 {
		t.Errorf("numeric code read as %q (padded %d), want 01140100", got, tab.Padded)
	}
	if c, _ := tab.Column("name_ru"); c.Label != "B (Наименование на\nрусском языке)" {
		t.Errorf("label %q", c.Label)
	}
	e := tab.ErrorAt(tab.Rows[1], "name_ru", errors.New("too short"))
	if want := path + ":6: column B (Наименование на\nрусском языке): too short"; e.Error() != want {
		t.Errorf("error %q, want %q", e.Error(), want)
	}

	o := opts
	o.Sheet = "other" // Excel compares sheet names ignoring case
	tab, err = tabular.ReadFile(path, o)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Sheet != "Other" || tab.Value(tab.Rows[0], "name_kk") != "Бастауыш білім беру" || tab.Rows[0].Line != 2 {
		t.Errorf("sheet %q rows %+v", tab.Sheet, tab.Rows)
	}

	o.Sheet = "Missing"
	_, err = tabular.ReadFile(path, o)
	if ps := problems(t, err); !strings.HasSuffix(ps[0].Error(), `the workbook has no sheet "Missing"; its sheets are: Лист1, Other`) {
		t.Errorf("got %s", ps[0])
	}

	// A hidden first sheet is skipped when no sheet is named.
	f.SetActiveSheet(1)
	if err := f.SetSheetVisible(main, false); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if tab, err = tabular.ReadFile(path, opts); err != nil || tab.Sheet != "Other" {
		t.Errorf("sheet %v, err %v; want Other", tab, err)
	}
}

func TestReadBrokenXLSX(t *testing.T) {
	_, err := tabular.ReadFile(write(t, "broken.xlsx", "PK\x03\x04 not really a zip", nil), opts)
	if ps := problems(t, err); key(ps[0]) != "error.file.xlsx" {
		t.Errorf("got %v", err)
	}
}

func TestErrorsCapAndOrder(t *testing.T) {
	var list []*tabular.Error
	for line := 60; line >= 1; line-- {
		list = append(list, &tabular.Error{File: "f.csv", Line: line, Column: "Код", Err: errors.New("bad")})
	}
	var es *tabular.Errors
	if !errors.As(tabular.NewErrors(list, 50), &es) {
		t.Fatal("want *tabular.Errors")
	}
	if len(es.List) != 50 || es.Omitted != 10 || es.Total() != 60 || es.List[0].Line != 1 || es.List[49].Line != 50 {
		t.Errorf("kept %d (first %d, last %d), omitted %d", len(es.List), es.List[0].Line, es.List[49].Line, es.Omitted)
	}
	if !strings.HasSuffix(es.Error(), "f.csv:50: column Код: bad\n… and 10 more") {
		t.Errorf("text ends %q", es.Error()[len(es.Error())-40:])
	}
	if tabular.NewErrors(nil, 50) != nil {
		t.Error("no problems must be a nil error")
	}
}
