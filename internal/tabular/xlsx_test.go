package tabular_test

import (
	"archive/zip"
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/tabular"
)

// handWorkbook zips the parts of a workbook written by hand, so that a test
// can hold what Excel and other programs write that excelize does not: rich
// text, phonetic readings, formulas, cells and rows without references,
// escapes, prefixed elements. The parts it is not given are those of a
// workbook of one sheet; a part given as "" is left out.
func handWorkbook(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	all := map[string]string{
		"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="` + strings.TrimSuffix(rel, "/") + `">` +
			`<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="` + rel + `styles" Target="styles.xml"/>` +
			`<Relationship Id="rId3" Type="` + rel + `sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
	}
	for name, content := range parts {
		all[name] = content
	}
	var out bytes.Buffer
	z := zip.NewWriter(&out)
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range all {
			if !yield(k) {
				return
			}
		}
	}) {
		if all[name] == "" {
			continue
		}
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + all[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// sheetXML wraps rows in a worksheet.
func sheetXML(rows string) string {
	return `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:N6"/>` +
		`<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>` + rows + `</sheetData></worksheet>`
}

// letters is a header row of inline strings a, b, c… up to n columns.
func letters(n int) string {
	var b strings.Builder
	b.WriteString(`<row r="1">`)
	for i := range n {
		b.WriteString(`<c t="inlineStr"><is><t>` + string(rune('a'+i)) + `</t></is></c>`)
	}
	b.WriteString(`</row>`)
	return b.String()
}

// TestXLSXValues: every kind of cell reads as Excel shows it, with dates as
// a Kazakh or Russian Excel shows them, in the rows Excel numbers them.
func TestXLSXValues(t *testing.T) {
	styles := `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="6">` +
		`<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/>` +
		`<numFmt numFmtId="166" formatCode="00000000"/><numFmt numFmtId="167" formatCode="[$-419]d mmmm yyyy &quot;г.&quot;"/>` +
		`<numFmt numFmtId="168" formatCode="#,##0.00 &quot;₸&quot;"/><numFmt numFmtId="169" formatCode="0.00E+00"/></numFmts>` +
		`<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="14">` +
		`<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="20"/><xf numFmtId="166"/>` +
		`<xf numFmtId="2"/><xf numFmtId="9"/><xf numFmtId="49"/><xf numFmtId="22"/><xf numFmtId="167"/><xf numFmtId="168"/>` +
		`<xf numFmtId="169"/><xf numFmtId="3"/></cellXfs>` +
		`<dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="0.000"/></dxf></dxfs></styleSheet>`
	sst := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">` +
		`<si><t>Әлиханов</t></si>` +
		`<si><r><rPr><b/></rPr><t>Нұр</t></r><r><t xml:space="preserve">сұлтан </t></r><rPh sb="0" eb="1"><t>ヌル</t></rPh><phoneticPr fontId="1"/></si>` +
		`<si><t>R&amp;D &lt;1&gt; &#1178;&#x49B;</t></si>` +
		`<si><t>line_x000D_` + "\n" + `break</t></si>` +
		`<si><t>_x005F_x0041_ _x0041_</t></si>` +
		`<si><t><![CDATA[a<b]]></t></si></sst>`
	sheet := sheetXML(letters(15) +
		`<row r="2" spans="1:14">` +
		`<c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c>` +
		`<c r="C2" s="1"><v>39156</v></c><c r="D2" s="2"><v>39156.75</v></c><c r="E2" s="3"><v>39156.5</v></c>` +
		`<c r="F2" s="4"><v>0.5</v></c><c r="G2" s="5"><v>1140100</v></c><c r="H2" s="6"><v>3.14159</v></c>` +
		`<c r="I2" s="7"><v>0.255</v></c><c r="J2" s="8"><v>123456789012</v></c><c r="K2"><v>123456789012</v></c>` +
		`<c r="L2"><v>0.30000000000000004</v></c><c r="M2" t="b"><v>1</v></c><c r="N2" t="e"><v>#N/A</v></c></row>` +
		// Row 3 and 4 are left out; the cells of row 5 have no references.
		`<row r="5"><c t="inlineStr"><is><r><t>fir</t></r><r><t>st</t></r></is></c><c/>` +
		`<c t="str"><f>A5&amp;"!"</f><v>first!</v></c>` +
		`<c r="F5" t="s"><v>2</v></c><c t="s"><v>3</v></c><c t="s"><v> 4 </v></c><c t="s"><v>5</v></c>` +
		`<c t="d"><v>2007-03-15T00:00:00Z</v></c><c s="9"><v>39156.5</v></c><c s="10"><v>39156</v></c>` +
		`<c s="11"><v>1234567.5</v></c><c s="12"><v>1234.5</v></c><c s="13"><v>1234567.5</v></c></row>` +
		"\n  <!-- a comment --><?pi?>\n" +
		`<row><c t="inlineStr"><is><t>six</t></is></c><c t="b"><v>0</v></c><c s="99"><v>-2.50</v></c><c s="1"><v>-1</v></c></row>`)
	b := handWorkbook(t, map[string]string{"xl/worksheets/sheet1.xml": sheet, "xl/styles.xml": styles, "xl/sharedStrings.xml": sst})
	tab, err := tabular.Read("values.xlsx", b, tabular.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Sheet != "Лист1" || tab.HeaderLine != 1 || !slices.Equal(lines(tab.Rows), []int{2, 5, 6}) {
		t.Fatalf("sheet %q, header %d, rows %v", tab.Sheet, tab.HeaderLine, lines(tab.Rows))
	}
	want := [][]string{
		{"Әлиханов", "Нұрсұлтан", "15.03.2007", "15.03.2007", "15.03.2007 12:00:00", "12:00", "01140100", "3.14", "26%",
			"123456789012", "123456789012", "0.3", "TRUE", "#N/A", ""},
		{"first", "", "first!", "", "", "R&D <1> Ққ", "line\r\nbreak", "_x0041_ A", "a<b", "15.03.2007", "15.03.2007 12:00",
			"15.03.2007", "1234567.50", "1234.5", "1234568"},
		{"six", "FALSE", "-2.5", "-1", "", "", "", "", "", "", "", "", "", "", ""},
	}
	for i, row := range tab.Rows {
		for j, v := range row.Values {
			if v != want[i][j] {
				t.Errorf("%s%d = %q, want %q", string(rune('A'+j)), row.Line, v, want[i][j])
			}
		}
	}
}

// TestXLSXDates: Excel's two calendars, with the 29 February 1900 that
// Excel has and the calendar has not.
func TestXLSXDates(t *testing.T) {
	styles := `<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`
	sheet := sheetXML(letters(6) + `<row r="2"><c s="1"><v>1</v></c><c s="1"><v>59</v></c><c s="1"><v>60</v></c>` +
		`<c s="1"><v>61</v></c><c s="1"><v>2958465</v></c><c s="1"><v>2958466</v></c></row>`)
	for _, c := range []struct {
		date1904 string
		want     []string
	}{
		{"", []string{"01.01.1900", "28.02.1900", "29.02.1900", "01.03.1900", "31.12.9999", "2958466"}},
		{`<workbookPr date1904="1"/>`, []string{"02.01.1904", "29.02.1904", "01.03.1904", "02.03.1904", "2958465", "2958466"}},
	} {
		wb := `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` + c.date1904 +
			`<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>`
		b := handWorkbook(t, map[string]string{"xl/workbook.xml": wb, "xl/worksheets/sheet1.xml": sheet, "xl/styles.xml": styles})
		tab, err := tabular.Read("dates.xlsx", b, tabular.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(tab.Rows[0].Values, c.want) {
			t.Errorf("%s: %q, want %q", c.date1904, tab.Rows[0].Values, c.want)
		}
	}
}

// TestXLSXSheetChoice: without a sheet asked for, the first visible sheet
// of cells; a sheet asked for by name, in any case, hidden or not; parts
// where the relationships say, whatever their names, with elements in a
// namespace prefix as some programs write them.
func TestXLSXSheetChoice(t *testing.T) {
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	wb := `<workbook xmlns:r="` + strings.TrimSuffix(rel, "/") + `"><sheets>` +
		`<sheet name="Скрытый" sheetId="1" state="hidden" r:id="rId1"/><sheet name="Диаграмма" sheetId="2" r:id="rId2"/>` +
		`<sheet name="Данные &amp; итоги" sheetId="3" r:id="rId3"/><sheet name="Очень скрытый" sheetId="4" state="veryHidden" r:id="rId4"/>` +
		`</sheets></workbook>`
	rels := `<Relationships><Relationship Id="rId1" Type="` + rel + `worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="` + rel + `chartsheet" Target="chartsheets/sheet1.xml"/>` +
		`<Relationship Id="rId3" Type="` + rel + `worksheet" Target="/xl/data/Main.xml"/>` +
		`<Relationship Id="rId4" Type="` + rel + `worksheet" Target="worksheets/../worksheets/sheet4.xml"/>` +
		`<Relationship Id="rId9" Type="` + rel + `hyperlink" Target="https://example.org" TargetMode="External"/></Relationships>`
	one := func(v string) string {
		return sheetXML(`<row r="1"><c t="inlineStr"><is><t>Код</t></is></c></row><row r="2"><c t="inlineStr"><is><t>` + v + `</t></is></c></row>`)
	}
	b := handWorkbook(t, map[string]string{
		"xl/workbook.xml":            wb,
		"xl/_rels/workbook.xml.rels": rels,
		"xl/worksheets/sheet1.xml":   one("hidden"),
		"xl/chartsheets/sheet1.xml":  `<chartsheet/>`,
		"xl/data/main.xml": `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
			`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Код</x:t></x:is></x:c></x:row>` +
			`<x:row r="2"><x:c r="A2"><x:v>1140100</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
		"xl/worksheets/sheet4.xml": one("very hidden"),
	})
	for _, c := range []struct{ sheet, want, value string }{
		{"", "Данные & итоги", "01140100"},
		{"данные & ИТОГИ", "Данные & итоги", "01140100"},
		{"скрытый", "Скрытый", "hidden"},
		{"ОЧЕНЬ СКРЫТЫЙ", "Очень скрытый", "very hidden"},
	} {
		o := opts
		o.Sheet = c.sheet
		tab, err := tabular.Read("sheets.xlsx", b, o)
		if err != nil {
			t.Errorf("%q: %v", c.sheet, err)
			continue
		}
		if tab.Sheet != c.want || len(tab.Rows) != 1 || tab.Value(tab.Rows[0], "code") != c.value {
			t.Errorf("%q: sheet %q rows %+v, want %q with %q", c.sheet, tab.Sheet, tab.Rows, c.want, c.value)
		}
	}
	o := opts
	o.Sheet = "Нет"
	_, err := tabular.Read("sheets.xlsx", b, o)
	ps := problems(t, err)
	if key(ps[0]) != "error.file.sheet" || !strings.HasSuffix(ps[0].Error(), `its sheets are: Скрытый, Диаграмма, Данные & итоги, Очень скрытый`) {
		t.Errorf("got %v", err)
	}

	hidden := handWorkbook(t, map[string]string{
		"xl/workbook.xml":          `<workbook xmlns:r="` + strings.TrimSuffix(rel, "/") + `"><sheets><sheet name="A" state="hidden" r:id="rId1"/></sheets></workbook>`,
		"xl/worksheets/sheet1.xml": one("x"),
	})
	if _, err := tabular.Read("hidden.xlsx", hidden, opts); key(problems(t, err)[0]) != "error.file.empty" {
		t.Errorf("a workbook of hidden sheets: %v", err)
	}

	// A workbook without relationships has its parts where Excel puts them.
	bare := handWorkbook(t, map[string]string{"_rels/.rels": "", "xl/_rels/workbook.xml.rels": "",
		"xl/workbook.xml": `<workbook><sheets><sheet name="Лист1" sheetId="1"/></sheets></workbook>`, "xl/worksheets/sheet1.xml": one("bare")})
	if tab, err := tabular.Read("bare.xlsx", bare, opts); err != nil || tab.Value(tab.Rows[0], "code") != "bare" {
		t.Errorf("a workbook without relationships: %v", err)
	}
}

// TestXLSXBroken: what cannot be read is error.file.xlsx, at the row (and
// the column) where it is when the rows before it could be read.
func TestXLSXBroken(t *testing.T) {
	header := `<row r="1"><c t="inlineStr"><is><t>Код</t></is></c><c t="inlineStr"><is><t>Атауы</t></is></c></row>`
	sst := `<sst><si><t>Бастауыш білім беру</t></si></sst>`
	for _, c := range []struct {
		name  string
		parts map[string]string
		want  []string // the problems, the file name cut
	}{
		{"rows out of order", map[string]string{"xl/worksheets/sheet1.xml": sheetXML(header + `<row r="3"><c><v>1140100</v></c></row><row r="2"><c><v>1140200</v></c></row>`)},
			[]string{":4: the file is not a readable Excel workbook (.xlsx): row 2 after row 3"}},
		{"row past the sheet", map[string]string{"xl/worksheets/sheet1.xml": sheetXML(header + `<row r="1048577"><c><v>1</v></c></row>`)},
			[]string{`:2: the file is not a readable Excel workbook (.xlsx): row number "1048577"`}},
		{"shared string missing", map[string]string{"xl/sharedStrings.xml": sst,
			"xl/worksheets/sheet1.xml": sheetXML(header + `<row r="2"><c><v>1140100</v></c><c t="s"><v>7</v></c></row><row r="3"><c t="s"><v>0</v></c></row>`)},
			[]string{`:2: column B (Атауы): the file is not a readable Excel workbook (.xlsx): a cell refers to shared string "7" of 1`}},
		{"cell past the sheet", map[string]string{"xl/worksheets/sheet1.xml": sheetXML(header + `<row r="2"><c r="XFE2"><v>1</v></c></row>`)},
			[]string{`:2: the file is not a readable Excel workbook (.xlsx): a cell beyond column XFD`}},
		{"cut off", map[string]string{"xl/worksheets/sheet1.xml": strings.TrimSuffix(sheetXML(header+`<row r="2"><c t="inlineStr"><is><t>ab`), "</sheetData></worksheet>")},
			[]string{`:2: the file is not a readable Excel workbook (.xlsx): unexpected EOF`}},
		{"document type", map[string]string{"xl/worksheets/sheet1.xml": `<!DOCTYPE x [<!ENTITY a "aaaa">]>` + sheetXML(header)},
			[]string{`:1: the file is not a readable Excel workbook (.xlsx): a document type declaration, which a workbook never has`}},
		{"no sheet part", map[string]string{"xl/worksheets/sheet1.xml": ""},
			[]string{`: the file is not a readable Excel workbook (.xlsx): the part of sheet "Лист1" is missing`}},
		{"no workbook", map[string]string{"xl/workbook.xml": ""},
			[]string{`: the file is not a readable Excel workbook (.xlsx): the archive has no workbook part`}},
		{"broken styles", map[string]string{"xl/styles.xml": `<styleSheet><cellXfs><xf numFmtId="14"`, "xl/worksheets/sheet1.xml": sheetXML(header)},
			[]string{`: the file is not a readable Excel workbook (.xlsx): xl/styles.xml: unexpected EOF`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := handWorkbook(t, c.parts)
			var got []string
			tab, err := tabular.Read("broken.xlsx", b, opts)
			if err == nil {
				t.Fatalf("read %+v without an error", tab.Rows)
			}
			for _, p := range problems(t, err) {
				if key(p) != "error.file.xlsx" {
					t.Errorf("key %q: %v", key(p), p)
				}
				got = append(got, strings.TrimPrefix(p.Error(), "broken.xlsx"))
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}
