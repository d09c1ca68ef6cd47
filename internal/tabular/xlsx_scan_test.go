package tabular

import (
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// TestXLSXReadsAcrossAnyBoundary reads the same parts whole and one byte
// at a time, so that every tag, attribute and text is cut by the end of
// the scanner's buffer somewhere: what is read must not change (a value
// kept from a token after the buffer moved on would).
func TestXLSXReadsAcrossAnyBoundary(t *testing.T) {
	styles := `<?xml version="1.0"?><styleSheet><numFmts><numFmt numFmtId="164" formatCode="00000000"/></numFmts>` +
		`<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>`
	sst := `<sst uniqueCount="3"><si><t>Әлиханов</t></si><si><r><t>Нұр</t></r><r><t>сұлтан</t></r><rPh><t>x</t></rPh></si>` +
		`<si><t xml:space="preserve"> R&amp;D_x000D_ </t></si></sst>`
	sheet := `<?xml version="1.0"?><worksheet><sheetData>` +
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s" s="0"><v>1</v></c><c r="C1" t='inlineStr'><is><t>a &gt; b</t></is></c></row>` +
		`<row r="3"><c r="A3" s="1"><v>39156</v></c><c r="B3" s="2"><v>1140100</v></c><c r="D3" t="str"><f>1&amp;2</f><v>12</v></c>` +
		`<c t="b"><v>1</v></c><c t="s"><v>2</v></c><c t="e"><v>#N/A</v></c><c><v>0.30000000000000004</v></c></row>` +
		`<!-- c --><row><c t="inlineStr"><is><t><![CDATA[<x>]]></t></is></c></row></sheetData></worksheet>`
	read := func(wrap func(io.Reader) io.Reader) [][]string {
		t.Helper()
		formats, err := readStyles(wrap(strings.NewReader(styles)))
		if err != nil {
			t.Fatal(err)
		}
		strs, err := readSharedStrings(wrap(strings.NewReader(sst)), maxSharedStrings)
		if err != nil {
			t.Fatal(err)
		}
		x := &xlsxSource{sc: newXMLScanner(wrap(strings.NewReader(sheet))), styles: formats, strings: strs}
		var out [][]string
		for {
			rec, err := x.next()
			if err == io.EOF {
				return out
			}
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, slices.Clone(rec.cells))
		}
	}
	whole := read(func(r io.Reader) io.Reader { return r })
	want := [][]string{
		{"Әлиханов", "Нұрсұлтан", "a > b"},
		nil,
		{"15.03.2007", "01140100", "", "12", "TRUE", " R&D\r ", "#N/A", "0.3"},
		{"<x>"},
	}
	if !slices.EqualFunc(whole, want, slices.Equal) {
		t.Fatalf("whole: %q\nwant   %q", whole, want)
	}
	for name, wrap := range map[string]func(io.Reader) io.Reader{
		"one byte at a time": iotest.OneByteReader,
		"half":               iotest.HalfReader,
		"EOF with the data":  iotest.DataErrReader,
	} {
		if got := read(wrap); !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%s: %q\nwant %q", name, got, want)
		}
	}
}
