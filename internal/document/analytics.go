package document

import (
	"cmp"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The analytics report (issue 8): a region's or a college's dashboard on
// paper, for the meetings where figures are still read from a printed
// page. Unlike the agreement, its words are the dashboard's own, from the
// interface catalogs (the dashboard's keys, and analytics.report.* for
// what only the report says), so the page and
// the paper name every figure alike; the caller passes the language's
// Printer, and this package still imports nothing but domain.

// Printer writes the report's words and numbers in one language;
// i18n.Printer is one.
type Printer interface {
	T(key string, pairs ...any) string
	Number(n int) string
}

// ReportLanguages are the languages the analytics report is printed in:
// the two of official documents, and English.
var ReportLanguages = []string{"kk", "ru", "en"}

// AnalyticsReport is what the report prints: a dashboard read through the
// access layer (so within the reader's scope, under the page's filters)
// and the name of its area in the report's language.
type AnalyticsReport struct {
	Dashboard domain.Dashboard
	Area      string
}

// Layout of the report, in millimetres.
const (
	reportRowHeight = 4.2
	reportCellPad   = 1.0
	barHeight       = 4.0
	// maxReportBars is the most bars the chart draws, as on the page;
	// every area is in the table.
	maxReportBars = 20
)

// AnalyticsPDF writes the report of r in lang ("kk", "ru" or "en"), its
// words from p: the title with the area, the academic year and when the
// figures were counted, the key figures with the published ones beside
// (value, period, publisher) and their sources, the dual-training funnel
// drawn as bars with each step's share of the one before, the table of
// the level below (the colleges of a region, a college's students by
// qualification, the regions of the country) with a bar chart of its
// students in dual training, and how each figure is counted. The same
// figures give the same bytes: the PDF's dates are the counts'. Another
// language is EINVALID; a failure to write is returned as is.
func AnalyticsPDF(w io.Writer, r AnalyticsReport, lang string, p Printer) error {
	if !slices.Contains(ReportLanguages, lang) {
		return domain.Invalid("lang", "error.document.report_lang", "the report is printed in Kazakh (kk), Russian (ru) or English (en)")
	}
	s := newSheet()
	rp := reportPrint{sheet: s, r: &r, d: &r.Dashboard, p: p, lang: lang}
	rp.write()
	return s.pdf.Output(w)
}

// reportPrint writes one report in one language.
type reportPrint struct {
	*sheet
	r    *AnalyticsReport
	d    *domain.Dashboard
	p    Printer
	lang string
}

func (rp *reportPrint) write() {
	d, p, f := rp.d, rp.p, rp.pdf
	title := p.T("analytics.report.title", "area", rp.r.Area)
	f.SetTitle(title, true)
	f.SetSubject(rp.yearSpan(d.Year), true)
	f.SetCreator("dualtrack", true)
	f.SetLang(rp.lang)
	f.SetCreationDate(d.AsOf)
	f.SetModificationDate(d.AsOf)
	f.SetFooterFunc(func() {
		rp.font(false, smallSize)
		rp.gray(110)
		f.SetXY(marginLeft, -12)
		f.CellFormat(rp.width*0.75, 4, clean(title+" · "+rp.yearSpan(d.Year)), "", 0, "L", false, 0, "")
		f.SetXY(marginLeft+rp.width*0.75, -12)
		f.CellFormat(rp.width*0.25, 4, clean(p.T("analytics.report.page", "page", strconv.Itoa(f.PageNo()), "pages", "{nb}")),
			"", 0, "R", false, 0, "")
		rp.gray(0)
		rp.font(false, bodySize)
	})
	f.AddPage()

	rp.center(title, titleSize)
	rp.space(2)
	rp.gray(60)
	rp.para(p.T("analytics.report.lead", "year", rp.yearSpan(d.Year), "date", d.AsOf.In(kazakhstan).Format("02.01.2006 15:04")), 0)
	if filters := rp.filters(); len(filters) > 0 {
		rp.para(p.T("analytics.report.filters", "filters", strings.Join(filters, "; ")), 0)
	}
	rp.gray(0)

	rp.tiles()
	rp.funnel()
	rp.areas()
	rp.definitions()
}

// filters names the filters applied besides the area and the year, as
// the dashboard's filter form labels them.
func (rp *reportPrint) filters() []string {
	p, f := rp.p, rp.d.Filter
	var out []string
	if f.Qualification != "" {
		out = append(out, p.T("web.field.qualification")+": "+f.Qualification)
	}
	if f.Field != "" {
		field := f.Field
		if len(field) == 2 {
			// The broad fields, which the catalogs name.
			field += " — " + p.T("web.analytics.isced."+f.Field)
		}
		out = append(out, p.T("web.analytics.filter.field")+": "+field)
	}
	if f.Funding != "" {
		out = append(out, p.T("web.field.funding")+": "+p.T("web.funding."+f.Funding))
	}
	return out
}

// yearSpan names an academic year as the page does: 2025–2026.
func (rp *reportPrint) yearSpan(year int) string {
	return rp.p.T("web.analytics.year_span", "start", strconv.Itoa(year), "end", strconv.Itoa(year+1))
}

// count writes a count with the language's digit grouping.
func (rp *reportPrint) count(n int64) string { return rp.p.Number(int(n)) }

// decimal writes x with at most one decimal, with the language's grouping
// and decimal mark.
func (rp *reportPrint) decimal(x float64) string {
	x = math.Round(x*10) / 10
	whole := math.Trunc(x)
	s := rp.p.Number(int(whole))
	if tenth := int(math.Round(math.Abs(x-whole) * 10)); tenth != 0 {
		mark := ","
		if rp.lang == "en" {
			mark = "."
		}
		s += mark + strconv.Itoa(tenth)
	}
	return s
}

// rate writes part of whole as a percentage, "—" while whole is none.
func (rp *reportPrint) rate(part, whole int64) string {
	if whole <= 0 {
		return "—"
	}
	return rp.p.T("web.analytics.unit.percent", "n", rp.decimal(100*float64(part)/float64(whole)))
}

// official writes a published figure in its unit as published.
func (rp *reportPrint) official(o domain.OfficialFigure) string {
	unit := "units"
	switch o.Unit {
	case "thousand persons", "thousand units", "persons", "percent":
		unit = strings.ReplaceAll(o.Unit, " ", "_")
	}
	return rp.p.T("web.analytics.unit."+unit, "n", rp.decimal(o.Value))
}

// publisher names a figure's publisher in the report's language, or as
// published.
func (rp *reportPrint) publisher(o domain.OfficialFigure) string {
	if key := o.PublisherKey(); key != "" {
		return rp.p.T("web.analytics.publisher." + key)
	}
	return o.Publisher
}

// tiles writes the key figures with the published ones beside, then the
// addresses of their sources.
func (rp *reportPrint) tiles() {
	p := rp.p
	rp.heading(p.T("web.analytics.tiles_title"))
	t := reportTable{widths: []float64{62, 33, 38, 42}, numeric: []bool{false, true, true, false},
		headers: []string{p.T("web.analytics.col.figure"), p.T("web.analytics.col.value"),
			p.T("web.analytics.col.published"), p.T("web.analytics.col.publisher")}}
	var sources []string
	for _, tile := range rp.d.Tiles {
		value := rp.count(tile.Value)
		switch {
		case !tile.Available:
			value = "—"
		case tile.IsRate && tile.Of == 0:
			value = "—"
		case tile.IsRate:
			value = p.T("analytics.report.rate", "rate", rp.rate(tile.Value, tile.Of), "n", rp.count(tile.Value), "of", rp.count(tile.Of))
		}
		published, publisher := "", ""
		if o := tile.Official; o != nil {
			published = rp.official(*o) + "\n" + o.Period
			publisher = rp.publisher(*o)
			if src := firstAddress(o.Source); src != "" && !slices.Contains(sources, src) {
				sources = append(sources, src)
			}
		}
		t.rows = append(t.rows, []string{p.T(domain.TileKeyPrefix + tile.Key), value, published, publisher})
	}
	rp.table(t)
	if len(sources) > 0 {
		rp.space(1)
		rp.font(false, smallSize)
		rp.gray(80)
		rp.para(p.T("analytics.report.sources")+" "+strings.Join(sources, " ; "), 0)
		rp.gray(0)
		rp.font(false, bodySize)
	}
}

// firstAddress is the first web address of a published figure's sources.
func firstAddress(source string) string {
	first, _, _ := strings.Cut(source, " ;")
	first = strings.TrimSpace(first)
	if !strings.HasPrefix(first, "https://") && !strings.HasPrefix(first, "http://") {
		return ""
	}
	return first
}

// funnel draws the chain's steps as bars, each with its count and its
// share of the step before.
func (rp *reportPrint) funnel() {
	p := rp.p
	rp.heading(p.T("web.analytics.funnel_title"))
	var largest int64
	for _, s := range rp.d.Funnel {
		largest = max(largest, s.Count)
	}
	bars := make([]reportBar, 0, len(rp.d.Funnel))
	for i, s := range rp.d.Funnel {
		text := rp.count(s.Count)
		if i > 0 && rp.d.Funnel[i-1].Count > 0 {
			text += " · " + rp.rate(s.Count, rp.d.Funnel[i-1].Count)
		}
		bars = append(bars, reportBar{label: p.T(domain.FunnelKeyPrefix + s.Key), value: float64(s.Count), text: text})
	}
	rp.bars(bars, float64(largest))
}

// areas writes the level below: its table, then its students in dual
// training as bars, the largest first.
func (rp *reportPrint) areas() {
	p, d := rp.p, rp.d
	var t reportTable
	var bars []reportBar
	var chart string
	switch {
	case d.Level == domain.LevelCollege:
		rp.heading(p.T("analytics.report.qualifications"))
		t = reportTable{widths: []float64{55, 20, 20, 20, 20, 20, 20}, numeric: []bool{false, true, true, true, true, true, true},
			headers: []string{p.T("web.field.qualification"), p.T("web.analytics.col.students"),
				p.T("web.analytics.col.dual_students"), p.T("web.analytics.col.contracts"), p.T("web.analytics.col.graduates"),
				p.T("web.analytics.col.employed"), p.T("web.analytics.col.rate")}}
		for _, q := range d.Qualifications {
			name := q.Code
			if n := q.Names.In(rp.lang); n != "" {
				name += " " + n
			}
			t.rows = append(t.rows, []string{name, rp.count(q.Students), rp.count(q.DualStudents), rp.count(q.Contracts),
				rp.count(q.Graduates), rp.count(q.Employed), rp.rate(q.Employed, q.Graduates)})
			bars = append(bars, reportBar{label: name, value: float64(q.DualStudents), text: rp.count(q.DualStudents)})
		}
		chart = p.T("analytics.report.bars_qualifications", "figure", p.T("web.analytics.figure.dual_students"))
	case d.Level == domain.LevelRegion || d.Level == domain.LevelNational:
		heading, first, chartKey := "web.analytics.table.colleges", "web.analytics.col.college", "web.analytics.bars_colleges"
		if d.Level == domain.LevelNational {
			heading, first, chartKey = "web.analytics.table.regions", "web.analytics.col.region", "web.analytics.bars_regions"
		}
		rp.heading(p.T(heading))
		t = reportTable{widths: []float64{43, 16, 17, 17, 16, 17, 16, 17, 16},
			numeric: []bool{false, true, true, true, true, true, true, true, true},
			headers: []string{p.T(first), p.T("web.analytics.col.students"), p.T("web.analytics.col.dual_students"),
				p.T("web.analytics.col.enterprises"), p.T("web.analytics.col.patrons"), p.T("web.analytics.col.contracts"),
				p.T("web.analytics.col.graduates"), p.T("web.analytics.col.employed"), p.T("web.analytics.col.rate")}}
		areas := slices.Clone(d.Areas)
		c := collate.New(language.Make(rp.lang))
		slices.SortStableFunc(areas, func(a, b domain.AreaFigures) int { return c.CompareString(a.Names.In(rp.lang), b.Names.In(rp.lang)) })
		for _, a := range areas {
			name := a.Names.In(rp.lang)
			t.rows = append(t.rows, []string{name, rp.count(a.Students), rp.count(a.DualStudents), rp.count(a.Enterprises),
				rp.count(a.Patrons), rp.count(a.Contracts), rp.count(a.Graduates), rp.count(a.Employed), rp.rate(a.Employed, a.Graduates)})
			bars = append(bars, reportBar{label: name, value: float64(a.DualStudents), text: rp.count(a.DualStudents)})
		}
		chart = p.T(chartKey, "figure", p.T("web.analytics.figure.dual_students"))
	default:
		return
	}
	if len(t.rows) == 0 {
		rp.para(p.T("web.analytics.chart_empty"), 0)
		return
	}
	rp.table(t)

	// A bar of nothing says less than its absence: the table lists all.
	bars = slices.DeleteFunc(bars, func(b reportBar) bool { return b.value <= 0 })
	slices.SortStableFunc(bars, func(a, b reportBar) int { return cmp.Compare(b.value, a.value) })
	rp.heading(chart)
	if len(bars) == 0 {
		rp.para(p.T("web.analytics.chart_empty"), 0)
		return
	}
	total := len(bars)
	bars = bars[:min(total, maxReportBars)]
	rp.bars(bars, bars[0].value)
	if total > len(bars) {
		rp.font(false, smallSize)
		rp.para(p.T("web.analytics.bars_more", "shown", rp.p.Number(len(bars)), "total", rp.p.Number(total)), 0)
		rp.font(false, bodySize)
	}
}

// definitions says how each figure is counted, in the catalogs' words.
func (rp *reportPrint) definitions() {
	p := rp.p
	rp.heading(p.T("web.analytics.definitions_title"))
	rp.font(false, smallSize)
	for _, tile := range rp.d.Tiles {
		rp.row(p.T(domain.TileKeyPrefix+tile.Key), p.T(tile.Definition), 55, 0)
	}
	for _, s := range rp.d.Funnel {
		rp.row(p.T(domain.FunnelKeyPrefix+s.Key), p.T(domain.DefinitionKeyPrefix+"funnel."+s.Key), 55, 0)
	}
	rp.font(false, bodySize)
}

// reportTable is a table of text cells: a header row, then rows; the
// numeric columns are right-aligned.
type reportTable struct {
	widths  []float64
	numeric []bool
	headers []string
	rows    [][]string
}

// table writes t in the small size, its header repeated on each new page;
// cells wrap and a row is kept on one page.
func (rp *reportPrint) table(t reportTable) {
	f := rp.pdf
	rp.tableRow(t, t.headers, true)
	for _, row := range t.rows {
		if rp.rowHeight(t, row, false) > rp.room() {
			f.AddPage()
			rp.tableRow(t, t.headers, true)
		}
		rp.tableRow(t, row, false)
	}
	rp.font(false, bodySize)
	rp.space(2)
}

// room is the height left on the page above the bottom margin.
func (rp *reportPrint) room() float64 {
	_, pageH := rp.pdf.GetPageSize()
	return pageH - marginBottom - rp.pdf.GetY()
}

// cellSize is the type size of a cell: the small size, and for a header
// as much smaller as its longest word needs to fit its column, since
// fpdf would cut a word too long for a line in the middle ("Обучаю-щиеся").
func (rp *reportPrint) cellSize(text string, width float64, header bool) float64 {
	rp.font(header, smallSize)
	if !header {
		return smallSize
	}
	longest := 0.0
	for _, word := range strings.Fields(text) {
		longest = max(longest, rp.pdf.GetStringWidth(word))
	}
	size := smallSize
	if room := width - 2*reportCellPad; longest > room {
		size = max(5, smallSize*room/longest)
	}
	rp.font(header, size)
	return size
}

// rowHeight is the height of a row of cells wrapped to their columns.
func (rp *reportPrint) rowHeight(t reportTable, cells []string, header bool) float64 {
	h := reportRowHeight
	for i, c := range cells {
		size := rp.cellSize(clean(c), t.widths[i], header)
		h = max(h, rp.height(clean(c), t.widths[i]-2*reportCellPad, reportRowHeight*size/smallSize))
	}
	return h + reportCellPad
}

// tableRow writes one row, with a rule under it (a darker one under the
// header).
func (rp *reportPrint) tableRow(t reportTable, cells []string, header bool) {
	f := rp.pdf
	h := rp.rowHeight(t, cells, header)
	if h > rp.room() {
		f.AddPage()
	}
	y := f.GetY()
	x := marginLeft
	for i, c := range cells {
		align := "L"
		if t.numeric[i] {
			align = "R"
		}
		size := rp.cellSize(clean(c), t.widths[i], header)
		f.SetXY(x+reportCellPad, y+reportCellPad/2)
		f.MultiCell(t.widths[i]-2*reportCellPad, reportRowHeight*size/smallSize, clean(c), "", align, false)
		x += t.widths[i]
	}
	if header {
		f.SetDrawColor(90, 90, 90)
	} else {
		f.SetDrawColor(200, 200, 200)
	}
	f.SetLineWidth(0.2)
	f.Line(marginLeft, y+h, x, y+h)
	f.SetDrawColor(0, 0, 0)
	f.SetY(y + h)
}

// reportBar is one bar of a chart: its label, its value and its text.
type reportBar struct {
	label string
	value float64
	text  string
}

// bars draws horizontal bars, the label on the left, the bar scaled to
// largest, its text after it.
func (rp *reportPrint) bars(bars []reportBar, largest float64) {
	f := rp.pdf
	const labelWidth, textWidth = 60.0, 32.0
	barWidth := rp.width - labelWidth - textWidth - 4
	rp.font(false, smallSize)
	for _, b := range bars {
		label := clean(b.label)
		h := max(barHeight+1.5, rp.height(label, labelWidth-2, reportRowHeight)+1)
		if h > rp.room() {
			f.AddPage()
		}
		y := f.GetY()
		f.SetXY(marginLeft, y)
		f.MultiCell(labelWidth-2, reportRowHeight, label, "", "R", false)
		w := 0.0
		if largest > 0 {
			w = barWidth * b.value / largest
		}
		if w > 0 {
			f.SetFillColor(46, 111, 149)
			f.Rect(marginLeft+labelWidth, y+0.2, max(w, 0.4), barHeight, "F")
		}
		f.SetXY(marginLeft+labelWidth+w+2, y)
		f.CellFormat(textWidth, reportRowHeight, clean(b.text), "", 0, "L", false, 0, "")
		f.SetY(y + h)
	}
	f.SetFillColor(255, 255, 255)
	rp.font(false, bodySize)
	rp.space(2)
}
