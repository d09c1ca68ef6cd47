package web

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The dashboard's tables. Each is built once from the dashboard, with
// every cell both as the page shows it (the reader's digit grouping, a
// rate as "58,5%") and as the download writes it (a number cell), so that
// the XLSX of a table has exactly the page's rows (analytics_export.go).

// Tables of a dashboard, by their ?table= name.
const (
	tableRegions  = "regions"  // the country's regions (national level)
	tableColleges = "colleges" // a region's colleges (region level)
	tableYears    = "years"    // the trend
	tableFunnel   = "funnel"
	tableTiles    = "tiles"
	tableOfficial = "official"
)

// dashCell is one cell of a dashboard table.
type dashCell struct {
	Text string // as the page shows it
	URL  string // a drill-down, on the first cell
	Num  bool   // right-aligned on the page
	Link bool   // Text is a source's address, shown as a link
	file cell   // as the download writes it
}

// dashTable is one table of the dashboard.
type dashTable struct {
	Name    string // its ?table= name and its element's id
	Title   string // translated; also the sheet's name
	Headers []string
	keys    []string // the headers' catalog keys, for the download
	Rows    [][]dashCell
	// CSV and XLSX are its downloads under the page's filters.
	CSV, XLSX string
}

// countCell is a count.
func countCell(v *view, n int64) dashCell {
	return dashCell{Text: v.Number(int(n)), Num: true, file: cellNumber(n)}
}

// rateCell is employed of reached as a percentage with one decimal, "—"
// (an empty cell in the file) while nobody has reached the point.
func rateCellOf(v *view, part, whole int64) dashCell {
	if whole <= 0 {
		return dashCell{Text: "—", Num: true}
	}
	pct := 100 * float64(part) / float64(whole)
	return dashCell{Text: percentOne(v, pct), Num: true, file: cellNumber(math.Round(pct*10) / 10)}
}

func textCell(s string) dashCell { return dashCell{Text: s, file: cellText(s)} }

// linkCell is a source's address: a link on the page, the address in the
// file.
func linkCell(url string) dashCell { return dashCell{Text: url, Link: true, file: cellText(url)} }

// yearSpan names an academic year by its calendar years: 2025 → 2025–2026.
func yearSpan(v *view, year int) string {
	return v.T("web.analytics.year_span", "start", strconv.Itoa(year), "end", strconv.Itoa(year+1))
}

// dashTables are the tables a dashboard has, in the page's order.
func dashTables(v *view, d domain.Dashboard, drill func(id int64) string) []dashTable {
	var out []dashTable
	col := func(keys ...string) ([]string, []string) {
		full := make([]string, len(keys))
		headers := make([]string, len(keys))
		for i, k := range keys {
			full[i] = "web.analytics.col." + k
			headers[i] = v.T(full[i])
		}
		return full, headers
	}

	// Tiles, with the published figure beside each.
	t := dashTable{Name: tableTiles, Title: v.T("web.analytics.table.tiles")}
	t.keys, t.Headers = col("figure", "value", "of", "published", "period", "publisher", "source")
	for _, tile := range d.Tiles {
		row := []dashCell{textCell(v.T(domain.TileKeyPrefix + tile.Key))}
		switch {
		case !tile.Available:
			row = append(row, dashCell{Text: "—", Num: true}, dashCell{Text: "", Num: true})
		case tile.IsRate:
			row = append(row, rateCellOf(v, tile.Value, tile.Of), countCell(v, tile.Of))
		default:
			row = append(row, countCell(v, tile.Value), dashCell{Num: true})
		}
		if o := tile.Official; o != nil {
			row = append(row, officialValueCell(v, *o), textCell(o.Period), textCell(publisherName(v, o.Publisher)),
				linkCell(firstURL(o.Source)))
		} else {
			row = append(row, dashCell{Num: true}, dashCell{}, dashCell{}, dashCell{})
		}
		t.Rows = append(t.Rows, row)
	}
	out = append(out, t)

	// The level below: regions or colleges.
	if d.Level == domain.LevelNational || d.Level == domain.LevelRegion {
		t = dashTable{Name: tableRegions, Title: v.T("web.analytics.table.regions")}
		first := "region"
		if d.Level == domain.LevelRegion {
			t = dashTable{Name: tableColleges, Title: v.T("web.analytics.table.colleges")}
			first = "college"
		}
		t.keys, t.Headers = col(first, "students", "dual_students", "enterprises", "patrons", "contracts", "graduates", "employed", "rate")
		areas := slices.Clone(d.Areas)
		sortAreas(v.Lang, areas)
		for _, a := range areas {
			name := textCell(a.Names.In(v.Lang))
			name.URL = drill(a.ID)
			t.Rows = append(t.Rows, []dashCell{name, countCell(v, a.Students), countCell(v, a.DualStudents),
				countCell(v, a.Enterprises), countCell(v, a.Patrons), countCell(v, a.Contracts), countCell(v, a.Graduates),
				countCell(v, a.Employed), rateCellOf(v, a.Employed, a.Graduates)})
		}
		out = append(out, t)
	}

	// The funnel, each step as a share of the one before and of the first.
	t = dashTable{Name: tableFunnel, Title: v.T("web.analytics.table.funnel")}
	t.keys, t.Headers = col("step", "count", "of_previous", "of_first")
	for i, s := range d.Funnel {
		row := []dashCell{textCell(v.T(domain.FunnelKeyPrefix + s.Key)), countCell(v, s.Count)}
		if i == 0 {
			row = append(row, dashCell{Num: true}, dashCell{Num: true})
		} else {
			row = append(row, rateCellOf(v, s.Count, d.Funnel[i-1].Count), rateCellOf(v, s.Count, d.Funnel[0].Count))
		}
		t.Rows = append(t.Rows, row)
	}
	out = append(out, t)

	// The years, newest first as a table reads best.
	t = dashTable{Name: tableYears, Title: v.T("web.analytics.table.years")}
	t.keys, t.Headers = col("year", "students", "dual_students", "contracts", "graduates", "reached", "employed", "rate")
	for i := len(d.Trend) - 1; i >= 0; i-- {
		y := d.Trend[i]
		t.Rows = append(t.Rows, []dashCell{textCell(yearSpan(v, y.Year)), countCell(v, y.Students), countCell(v, y.DualStudents),
			countCell(v, y.Contracts), countCell(v, y.Graduates), countCell(v, y.Reached), countCell(v, y.Employed),
			rateCellOf(v, y.Employed, y.Reached)})
	}
	out = append(out, t)

	// The published figures of the area, as published: those of the
	// indicators the catalogs define, which count what a figure of the
	// dashboard counts or near enough to set beside it (the shares of
	// students by their schooling and the like are left to the sources).
	t = dashTable{Name: tableOfficial, Title: v.T("web.analytics.table.official")}
	t.keys, t.Headers = col("figure", "period", "published", "unit", "value", "publisher", "source", "definition")
	computed := map[string]dashCell{}
	for _, tile := range d.Tiles {
		if o := tile.Official; o != nil && tile.Available {
			c := countCell(v, tile.Value)
			if tile.IsRate {
				c = rateCellOf(v, tile.Value, tile.Of)
			}
			computed[o.Indicator+"\x00"+o.Period] = c
		}
	}
	for _, o := range d.Official {
		if !namedIndicator(v, o.Indicator) {
			continue
		}
		value := officialValueCell(v, o)
		value.file = cellNumber(o.Value)
		c, ok := computed[o.Indicator+"\x00"+o.Period]
		if !ok {
			c = dashCell{Num: true}
		}
		t.Rows = append(t.Rows, []dashCell{textCell(indicatorName(v, o.Indicator)), textCell(o.Period), value,
			textCell(v.T("web.analytics.unit_name." + unitKey(o.Unit))), c, textCell(publisherName(v, o.Publisher)),
			linkCell(firstURL(o.Source)), textCell(officialDefinition(v, o))})
	}
	out = append(out, t)
	return out
}

// sortAreas orders regions or colleges by name in the page's language.
func sortAreas(lang string, areas []domain.AreaFigures) {
	c := collate.New(language.Make(lang))
	slices.SortStableFunc(areas, func(a, b domain.AreaFigures) int { return c.CompareString(a.Names.In(lang), b.Names.In(lang)) })
}

// officialValueCell writes a published figure with its unit as published:
// "557 thousand", "58,5%".
func officialValueCell(v *view, o domain.OfficialFigure) dashCell {
	return dashCell{Text: v.T("web.analytics.unit."+unitKey(o.Unit), "n", decimal(v, o.Value)), Num: true, file: cellNumber(o.Comparable())}
}

// unitKey is a published unit as a catalog key part.
func unitKey(unit string) string {
	switch unit {
	case "thousand persons", "thousand units", "persons", "units", "percent":
		return strings.ReplaceAll(unit, " ", "_")
	}
	return "units"
}

// decimal writes a figure with at most one decimal, with the language's
// digit grouping and decimal mark: 266.9 → "266,9" in Kazakh and Russian.
func decimal(v *view, x float64) string {
	neg := x < 0
	x = math.Abs(math.Round(x*10) / 10)
	whole := math.Floor(x)
	s := v.Number(int(whole))
	if tenth := int(math.Round((x - whole) * 10)); tenth != 0 {
		mark := ","
		if v.Lang == "en" {
			mark = "."
		}
		s += mark + strconv.Itoa(tenth)
	}
	if neg {
		s = "-" + s
	}
	return s
}

// namedIndicator reports whether the catalogs name a published
// indicator.
func namedIndicator(v *view, indicator string) bool {
	return v.p.Has("analytics.indicator." + indicator)
}

// indicatorName names a published indicator; one the catalogs do not know
// is named by its code.
func indicatorName(v *view, indicator string) string {
	if namedIndicator(v, indicator) {
		return v.T("analytics.indicator." + indicator)
	}
	return v.T("web.analytics.indicator_other", "code", indicator)
}

// officialDefinition is what a published figure counts, in the reader's
// language.
func officialDefinition(v *view, o domain.OfficialFigure) string {
	if o.Definition != "" && v.p.Has(o.Definition) {
		return v.T(o.Definition)
	}
	return v.T("web.analytics.official_definition_other")
}

// publisherName names the publishers the statistics come from in the
// reader's language; any other stays as published.
func publisherName(v *view, publisher string) string {
	if key := (domain.OfficialFigure{Publisher: publisher}).PublisherKey(); key != "" {
		return v.T("web.analytics.publisher." + key)
	}
	return publisher
}

// tableNamed returns the dashboard's table of that name; EINVALID naming
// the table parameter, with the tables there are, if it has none.
func tableNamed(tables []dashTable, name string) (dashTable, error) {
	names := make([]string, len(tables))
	for i, t := range tables {
		if t.Name == name {
			return t, nil
		}
		names[i] = t.Name
	}
	return dashTable{}, domain.Invalid("table", "error.analytics.table", "unknown table").With("tables", strings.Join(names, ", "))
}

// analyticsDownloads sets each table's CSV and XLSX links under the
// page's parameters.
func analyticsDownloads(tables []dashTable, p params) {
	for i := range tables {
		tables[i].CSV, tables[i].XLSX = exportURLs("/analytics/export", p.with("table", tables[i].Name))
	}
}
