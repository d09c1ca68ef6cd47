// Package document renders the printed documents of dualtrack as PDF: the
// tripartite dual-training agreement in Kazakh and in Russian, the two
// languages of official documents in Kazakhstan.
//
// The text is drawn with DejaVu Sans, embedded in the binary and in every
// PDF (fonts/SOURCES.md), so each Kazakh letter (Ә Ғ Қ Ң Ө Ұ Ү Һ І) prints
// the same on any reader without fonts of its own. The wording of the
// documents lives here, beside their layout, rather than in the interface
// catalogs: it is legal text in two languages, not interface text in three.
package document

import (
	_ "embed"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"
)

var (
	//go:embed fonts/DejaVuSans.ttf
	regularFont []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	boldFont []byte
)

// Languages are the languages documents are printed in.
var Languages = []string{"kk", "ru"}

// family is the name the embedded font is registered under in each PDF.
const family = "dejavu"

// Page geometry in millimetres (A4) and the type sizes in points.
const (
	marginLeft   = 20.0
	marginRight  = 15.0
	marginTop    = 15.0
	marginBottom = 18.0 // room for the footer
	lineHeight   = 5.0
	bodySize     = 10.0
	smallSize    = 8.0
	headingSize  = 11.0
	titleSize    = 14.0
)

// kazakhstan is the country's one time zone (UTC+5 since 1 March 2024):
// approvals are stored in UTC and printed in local time.
var kazakhstan = time.FixedZone("UTC+5", 5*60*60)

// sheet is a PDF being written: fpdf with the few layout primitives the
// documents use. fpdf keeps the first error and ignores later calls, so the
// primitives do not check; Output reports it.
type sheet struct {
	pdf *fpdf.Fpdf
	// width is the width of the text between the margins.
	width float64
}

// newSheet starts an A4 portrait PDF with the embedded fonts.
func newSheet() *sheet {
	f := fpdf.New("P", "mm", "A4", "")
	// fpdf keeps fonts in a map; sorted, they are written in the same order
	// every time, so a document has the same bytes every time.
	f.SetCatalogSort(true)
	f.AddUTF8FontFromBytes(family, "", regularFont)
	f.AddUTF8FontFromBytes(family, "B", boldFont)
	// After the fonts: fpdf then keeps the digits in every font subset,
	// which the page count written in at the end needs.
	f.AliasNbPages("")
	f.SetMargins(marginLeft, marginTop, marginRight)
	f.SetAutoPageBreak(true, marginBottom)
	f.SetCellMargin(0)
	f.SetFont(family, "", bodySize)
	pageW, _ := f.GetPageSize()
	return &sheet{pdf: f, width: pageW - marginLeft - marginRight}
}

// font switches between the regular and bold face at a size.
func (s *sheet) font(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	s.pdf.SetFont(family, style, size)
}

// gray sets the text colour: 0 is black.
func (s *sheet) gray(level int) { s.pdf.SetTextColor(level, level, level) }

// center writes one or more centred lines in bold at size.
func (s *sheet) center(text string, size float64) {
	s.font(true, size)
	s.pdf.MultiCell(s.width, size*0.5, clean(text), "", "C", false)
	s.font(false, bodySize)
}

// heading writes a section heading, kept on a page with the two lines that
// follow it.
func (s *sheet) heading(text string) {
	s.space(2)
	s.font(true, headingSize)
	s.keep(s.height(text, s.width, headingSize*0.5) + 2*lineHeight)
	s.pdf.MultiCell(s.width, headingSize*0.5, clean(text), "", "L", false)
	s.font(false, bodySize)
	s.space(1)
}

// para writes a paragraph, indented by indent millimetres.
func (s *sheet) para(text string, indent float64) {
	s.pdf.SetX(marginLeft + indent)
	s.pdf.MultiCell(s.width-indent, lineHeight, clean(text), "", "L", false)
	s.space(0.8)
}

// row writes a label and its value side by side; both may wrap, and the
// row is kept on one page.
func (s *sheet) row(label, value string, labelWidth, indent float64) {
	label, value = clean(label), clean(value)
	valueWidth := s.width - indent - labelWidth - 3
	s.keep(max(s.height(label, labelWidth, lineHeight), s.height(value, valueWidth, lineHeight)))
	f := s.pdf
	y := f.GetY()
	s.gray(90)
	f.SetXY(marginLeft+indent, y)
	f.MultiCell(labelWidth, lineHeight, label, "", "L", false)
	labelEnd := f.GetY()
	s.gray(0)
	f.SetXY(marginLeft+indent+labelWidth+3, y)
	f.MultiCell(valueWidth, lineHeight, value, "", "L", false)
	f.SetY(max(labelEnd, f.GetY()) + 0.6)
}

// space moves down by mm millimetres.
func (s *sheet) space(mm float64) { s.pdf.SetY(s.pdf.GetY() + mm) }

// keep starts a new page unless h millimetres still fit on this one. The
// heights are estimates (see height), so it keeps a line in reserve.
func (s *sheet) keep(h float64) {
	_, pageH := s.pdf.GetPageSize()
	if s.pdf.GetY()+h+lineHeight > pageH-marginBottom {
		s.pdf.AddPage()
	}
}

// height estimates the height of text wrapped to width w at line height
// lh in the current font: fpdf's MultiCell breaks lines at spaces and cuts
// words longer than a line, and so does this count.
func (s *sheet) height(text string, w, lh float64) float64 {
	f := s.pdf
	space := f.GetStringWidth(" ")
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		lines++
		used := 0.0
		for _, word := range strings.Split(para, " ") {
			ww := f.GetStringWidth(word)
			if used > 0 && used+space+ww > w {
				lines++
				used = 0
			} else if used > 0 {
				used += space
			}
			used += ww
			for used > w {
				lines++
				used -= w
			}
		}
	}
	return float64(lines) * lh
}

// clean makes text printable with the embedded font: fpdf addresses glyphs
// by 16-bit code and stops on anything above (an emoji typed into a
// position, say), and control characters would print as boxes. Such
// characters become U+FFFD; tabs become spaces, carriage returns go and
// line breaks stay.
func clean(text string) string {
	ok := true
	for _, r := range text {
		if r > 0xFFFD || (unicode.IsControl(r) && r != '\n') || unicode.Is(unicode.Cs, r) {
			ok = false
			break
		}
	}
	if ok {
		return text
	}
	var b strings.Builder
	for _, r := range text {
		switch {
		case r == '\t':
			b.WriteByte(' ')
		case r == '\r':
		case r == '\n':
			b.WriteByte('\n')
		case r > 0xFFFD || unicode.IsControl(r) || unicode.Is(unicode.Cs, r):
			b.WriteRune(unicode.ReplacementChar)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
