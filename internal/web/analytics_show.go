package web

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/chart"
	"github.com/dualtrack/dualtrack/internal/document"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// analyticsFigures are what the map and the bars can show of each region
// or college; the first is the default.
var analyticsFigures = []string{"dual_students", "students", "enterprises", "patrons", "contracts", "employed", "employment_rate"}

// analyticsFields are the ISCED-F broad fields of the field filter, named
// in the catalogs (the reference data names them in English only).
var analyticsFields = []string{"00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10"}

// maxBars is the most colleges the bar chart draws; all are in the table.
const maxBars = 20

// kpiTile is one key figure as the page shows it.
type kpiTile struct {
	Key, Label, Value, Note string
	Available               bool
	// Published is the published figure beside it, with its source.
	Published, PublishedBy, PublishedURL, PublishedDefinition string
}

// definitionItem names a figure and says how it is counted.
type definitionItem struct{ Name, Text string }

type analyticsData struct {
	listing
	Level, Scope, Year string
	Crumbs             []crumb
	AsOf               string
	// Recounting: a recount runs; the page offers the new figures when
	// it ends (analytics_recount.go).
	Recounting          bool
	Empty               bool
	Tiles               []kpiTile
	Map, Bars           template.HTML
	MapTitle            string
	BarsTitle, BarsMore string
	Funnel, Trend       template.HTML
	// Tables by name, and the one under each picture.
	Tables            map[string]dashTable
	AreasTable        string
	Official          dashTable
	OfficialNone      bool
	OfficialOther     int // published figures of other indicators, left to the sources
	Definitions       []definitionItem
	FunnelDefinitions []definitionItem
	// Reports are the PDF report's downloads in each language it is
	// printed in, for a region's and a college's dashboards.
	Reports []reportLink
}

// reportLink is the PDF report in one language.
type reportLink struct{ Label, URL, Lang string }

// analyticsRequest is a dashboard's filter as read from the query, with
// the figure the map and the bars show.
type analyticsRequest struct {
	filter domain.AnalyticsFilter
	figure string
}

// readAnalytics reads the dashboard's parameters; the first problem is
// on q. The area IDs are left to the access layer, which answers one out
// of the reader's scope as not found.
func readAnalytics(q *query) analyticsRequest {
	a := analyticsRequest{filter: domain.AnalyticsFilter{
		RegionID:      clampInt(q.number("region")),
		CollegeID:     q.number("college"),
		EnterpriseID:  q.number("enterprise"),
		Year:          clampInt(q.number("year")),
		Qualification: q.choice("qualification"),
		Field:         q.choice("field"),
		Funding:       q.choice("funding"),
	}, figure: q.choice("figure")}
	if a.figure == "" {
		a.figure = analyticsFigures[0]
	}
	if !slices.Contains(analyticsFigures, a.figure) {
		q.fail(domain.Invalid("figure", "error.analytics.figure", "unknown figure"))
	}
	return a
}

// params are the dashboard's canonical parameters: the area asked for,
// the filters set, the figure unless the default.
func (a analyticsRequest) params(d domain.Dashboard) params {
	p := newParams()
	switch d.Level {
	case domain.LevelRegion:
		p.setInt("region", int64(d.Filter.RegionID))
	case domain.LevelCollege:
		p.setInt("college", d.Filter.CollegeID)
	case domain.LevelEnterprise:
		p.setInt("enterprise", d.Filter.EnterpriseID)
	}
	p.setInt("year", int64(a.filter.Year))
	p.set("qualification", d.Filter.Qualification, "")
	p.set("field", d.Filter.Field, "")
	p.set("funding", d.Filter.Funding, "")
	p.set("figure", a.figure, analyticsFigures[0])
	return p
}

// dashboard reads the request's dashboard through the access layer, which
// narrows it to the reader's scope.
func (h *Web) dashboard(ctx context.Context, q *query) (analyticsRequest, domain.Dashboard, error) {
	a := readAnalytics(q)
	if q.err != nil {
		return a, domain.Dashboard{}, q.err
	}
	// The access layer also refuses a dashboard of another level than the
	// one asked for (an enterprise asking for a college) as not found.
	d, err := h.reg.Dashboard(ctx, a.filter)
	return a, d, err
}

// analyticsShow is the dashboard of the country, a region, a college or
// an enterprise (?region=, ?college=, ?enterprise=): the key figures with
// the published ones beside, the map and the bars of the level below, the
// dual-training funnel and the trend over the years, each picture with its
// table one click away and downloadable. The access layer keeps every
// reader to their own level and below; a region, college or enterprise
// outside it is not found.
func (h *Web) analyticsShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "analytics")
	q := newQuery(r)
	a, d, err := h.dashboard(ctx, q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := a.params(d)
	drill := newParams()
	for _, k := range []string{"year", "qualification", "field", "funding", "figure"} {
		drill.set(k, p.Get(k), "")
	}
	data := analyticsData{listing: listing{Path: "/analytics"}, Level: d.Level, Year: yearSpan(v, d.Year), AsOf: v.Date(d.AsOf),
		Recounting: d.Recounting}

	// Where the dashboard stands, and the way back up as far as the
	// reader's scope reaches.
	u := v.User
	national := u != nil && u.RegionID == 0 && u.CollegeID == 0 && u.EnterpriseID == 0
	regional := national || u != nil && u.RegionID != 0 && u.CollegeID == 0 && u.EnterpriseID == 0
	country := v.T("web.analytics.country")
	data.Scope = country
	if d.Level != domain.LevelNational && national {
		data.Crumbs = append(data.Crumbs, crumb{country, pageURL("/analytics", drill.Values)})
	}
	chipLabel := ""
	switch d.Level {
	case domain.LevelRegion:
		data.Scope, err = h.regionName(ctx, v, d.Filter.RegionID)
		chipLabel = v.T("web.field.region")
	case domain.LevelCollege:
		var c domain.College
		c, err = h.reg.College(ctx, d.Filter.CollegeID)
		if err == nil && regional {
			var name string
			name, err = h.regionName(ctx, v, c.RegionID)
			data.Crumbs = append(data.Crumbs, crumb{name, pageURL("/analytics", drill.with("region", strconv.Itoa(c.RegionID)).Values)})
		}
		data.Scope = c.Name.In(v.Lang)
		chipLabel = v.T("web.field.college")
	case domain.LevelEnterprise:
		var e domain.Enterprise
		e, err = h.reg.Enterprise(ctx, d.Filter.EnterpriseID)
		data.Scope = e.Name.In(v.Lang)
		chipLabel = v.T("web.field.enterprise")
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// The area travels with the filter form as a chip, which a reader
	// whose scope is wider may remove to go back up.
	if d.Level != domain.LevelNational && (national || regional && d.Level == domain.LevelCollege) {
		param := map[string]string{domain.LevelRegion: "region", domain.LevelCollege: "college", domain.LevelEnterprise: "enterprise"}[d.Level]
		data.Chips = append(data.Chips, chip{Param: param, Value: p.Get(param), Label: chipLabel, Shown: data.Scope})
	}

	if err := h.analyticsFilters(ctx, v, q, &data, a, d); err != nil {
		h.fail(w, r, err)
		return
	}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}

	drillTo := func(id int64) string {
		if d.Level == domain.LevelNational {
			return pageURL("/analytics", drill.with("region", strconv.FormatInt(id, 10)).Values)
		}
		return pageURL("/analytics", drill.with("college", strconv.FormatInt(id, 10)).Values)
	}
	tables := dashTables(v, d, drillTo)
	analyticsDownloads(tables, p)
	data.Tables = map[string]dashTable{}
	for _, t := range tables {
		data.Tables[t.Name] = t
	}
	data.Official = data.Tables[tableOfficial]
	data.OfficialNone = len(data.Official.Rows) == 0
	for _, o := range d.Official {
		if !namedIndicator(v, o.Indicator) {
			data.OfficialOther++
		}
	}
	if d.Level == domain.LevelNational {
		data.AreasTable = tableRegions
	} else if d.Level == domain.LevelRegion {
		data.AreasTable = tableColleges
	}

	if d.Level == domain.LevelRegion || d.Level == domain.LevelCollege {
		for _, lang := range document.ReportLanguages {
			data.Reports = append(data.Reports, reportLink{Label: v.T("web.analytics.report_lang." + lang),
				URL: pageURL("/analytics/report", p.with("figure", "").with("lang", lang).Values), Lang: lang})
		}
	}
	data.Tiles = kpiTiles(v, d)
	data.Empty = len(d.Years) == 0
	analyticsPictures(v, &data, a, d, drillTo)
	for _, t := range d.Tiles {
		data.Definitions = append(data.Definitions, definitionItem{v.T(domain.TileKeyPrefix + t.Key), v.T(t.Definition)})
	}
	for _, s := range d.Funnel {
		data.FunnelDefinitions = append(data.FunnelDefinitions,
			definitionItem{v.T(domain.FunnelKeyPrefix + s.Key), v.T(domain.DefinitionKeyPrefix + "funnel." + s.Key)})
	}

	data.finish(w, v, p, domain.Page{Number: 1, Size: domain.DefaultPageSize}, 0)
	v.Title = v.T("web.analytics.title") + " · " + data.Scope
	v.Data = data
	h.render(w, r, http.StatusOK, "analytics_show", v)
}

// regionName names a region in the page's language.
func (h *Web) regionName(ctx context.Context, v *view, id int) (string, error) {
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		return "", err
	}
	return pl.regionName(v.Lang, id), nil
}

// analyticsFilters builds the filter form: the academic year, the
// qualification, the ISCED-F field, the funding and, where there is a
// level below, the figure of the map and the bars.
func (h *Web) analyticsFilters(ctx context.Context, v *view, q *query, data *analyticsData, a analyticsRequest, d domain.Dashboard) error {
	years := make([]option, 0, len(d.Years))
	for _, y := range d.Years {
		years = append(years, option{Value: strconv.Itoa(y), Label: yearSpan(v, y), Selected: y == a.filter.Year})
	}
	if a.filter.Year != 0 && !slices.Contains(d.Years, a.filter.Year) {
		years = append(years, option{Value: strconv.Itoa(a.filter.Year), Label: yearSpan(v, a.filter.Year), Selected: true})
	}
	quals, err := h.qualificationGroups(ctx, v, q, d.Filter.Qualification)
	if err != nil {
		return err
	}
	fields := make([]option, 0, len(analyticsFields)+1)
	for _, code := range analyticsFields {
		fields = append(fields, option{Value: code, Label: code + " — " + v.T("web.analytics.isced."+code), Selected: code == d.Filter.Field})
	}
	if f := d.Filter.Field; f != "" && !slices.Contains(analyticsFields, f) {
		// A narrow or detailed field typed into the address: named as the
		// classification names it.
		label := f
		all, err := h.reg.ISCEDFields(ctx)
		if err != nil {
			return err
		}
		for _, x := range all {
			if x.Code == f {
				label = f + " — " + x.Name.In(v.Lang)
			}
		}
		fields = append(fields, option{Value: f, Label: label, Selected: true})
	}
	data.Selects = []selectField{
		{ID: "f-year", Name: "year", Label: v.T("web.analytics.filter.year"), Any: v.T("web.analytics.filter.latest_year"), Options: years},
		{ID: "f-qualification", Name: "qualification", Label: v.T("web.field.qualification"), Any: v.T("web.filter.all_qualifications"), Groups: quals},
		{ID: "f-field", Name: "field", Label: v.T("web.analytics.filter.field"), Any: v.T("web.analytics.filter.all_fields"), Options: fields},
		{ID: "f-funding", Name: "funding", Label: v.T("web.field.funding"), Any: v.T("web.analytics.filter.all_funding"),
			Options: choices(v, "web.funding.", []string{domain.FundingState, domain.FundingPaid, domain.FundingTargeted}, d.Filter.Funding)},
	}
	if d.Level == domain.LevelNational || d.Level == domain.LevelRegion {
		data.Selects = append(data.Selects, selectField{ID: "f-figure", Name: "figure", Label: v.T("web.analytics.filter.figure"),
			Options: choices(v, "web.analytics.figure.", analyticsFigures, a.figure)})
	}
	return nil
}

// kpiTiles lays out the key figures, each with the published figure of
// the same definition beside it where there is one.
func kpiTiles(v *view, d domain.Dashboard) []kpiTile {
	out := make([]kpiTile, 0, len(d.Tiles))
	for _, t := range d.Tiles {
		k := kpiTile{Key: t.Key, Label: v.T(domain.TileKeyPrefix + t.Key), Available: t.Available}
		switch {
		case !t.Available:
			k.Value = "—"
			k.Note = v.T("web.analytics.tile.coming")
		case t.IsRate:
			k.Value = rateCellOf(v, t.Value, t.Of).Text
			k.Note = v.T("web.analytics.tile.of", "n", v.Number(int(t.Value)), "of", v.Number(int(t.Of)))
		default:
			k.Value = v.Number(int(t.Value))
		}
		if o := t.Official; o != nil {
			k.Published = v.T("web.analytics.tile.published", "value", officialValueCell(v, *o).Text, "period", o.Period)
			k.PublishedBy = publisherName(v, o.Publisher)
			k.PublishedURL = firstURL(o.Source)
			k.PublishedDefinition = officialDefinition(v, *o)
		}
		out = append(out, k)
	}
	return out
}

// areaValue is the figure of a region or college the map and bars show,
// with its text.
func areaValue(v *view, figure string, a domain.AreaFigures) (float64, string) {
	var n int64
	switch figure {
	case "students":
		n = a.Students
	case "dual_students":
		n = a.DualStudents
	case "enterprises":
		n = a.Enterprises
	case "patrons":
		n = a.Patrons
	case "contracts":
		n = a.Contracts
	case "employed":
		n = a.Employed
	case "employment_rate":
		if a.Graduates == 0 {
			return math.NaN(), "—"
		}
		pct := 100 * float64(a.Employed) / float64(a.Graduates)
		return pct, percentOne(v, pct)
	}
	return float64(n), v.Number(int(n))
}

// analyticsPictures draws the dashboard's charts: the map and the bars of
// the level below (regions of the country, colleges of a region), the
// funnel and the trend.
func analyticsPictures(v *view, data *analyticsData, a analyticsRequest, d domain.Dashboard, drill func(int64) string) {
	number := chart.Number(func(x float64) string { return v.Number(int(math.Round(x))) })
	empty := v.T("web.analytics.chart_empty")
	figure := v.T("web.analytics.figure." + a.figure)

	if d.Level == domain.LevelNational || d.Level == domain.LevelRegion {
		data.MapTitle = v.T("web.analytics.map_title", "figure", figure)
		bars := chart.Bars{Title: v.T("web.analytics.bars_regions", "figure", figure), Desc: v.T("web.analytics.bars_desc"),
			Empty: empty, Number: number}
		mapDesc := v.T("web.analytics.map_desc")
		if d.Level == domain.LevelRegion {
			bars.Title = v.T("web.analytics.bars_colleges", "figure", figure)
			data.MapTitle, mapDesc = bars.Title, v.T("web.analytics.map_colleges_desc")
		}
		if a.figure == "employment_rate" {
			bars.Max = 100
		}
		m := chart.Map{Title: data.MapTitle, Desc: mapDesc, Empty: empty, Number: number,
			Credit: v.T("web.analytics.map_credit")}
		areas := slices.Clone(d.Areas)
		sortAreas(v.Lang, areas)
		for _, ar := range areas {
			val, text := areaValue(v, a.figure, ar)
			name := ar.Names.In(v.Lang)
			if ar.Lat != 0 || ar.Lon != 0 {
				m.Bubbles = append(m.Bubbles, chart.Bubble{Label: name, Lat: ar.Lat, Lon: ar.Lon, Value: val, Text: text, URL: drill(ar.ID)})
			}
			// A bar of nothing says less than its absence: the table
			// lists every area, the map marks those with none.
			if val > 0 {
				bars.Bars = append(bars.Bars, chart.Bar{Label: name, Value: val, Text: text, URL: drill(ar.ID)})
			}
		}
		slices.SortStableFunc(bars.Bars, func(x, y chart.Bar) int { return cmp.Compare(y.Value, x.Value) })
		if len(bars.Bars) > maxBars {
			data.BarsMore = v.T("web.analytics.bars_more", "shown", v.Number(maxBars), "total", v.Number(len(bars.Bars)))
			bars.Bars = bars.Bars[:maxBars]
		}
		if len(bars.Bars) == 0 {
			m.Bubbles = nil
		}
		data.Map, data.Bars = m.SVG(), bars.SVG()
		data.BarsTitle = bars.Title
	}

	funnel := chart.Funnel{Title: v.T("web.analytics.funnel_title"), Desc: v.T("web.analytics.funnel_desc"), Empty: empty, Number: number}
	for i, s := range d.Funnel {
		step := chart.Step{Label: v.T(domain.FunnelKeyPrefix + s.Key), Value: float64(s.Count)}
		if i > 0 && d.Funnel[i-1].Count > 0 {
			step.Note = v.T("web.analytics.funnel_note", "percent", percentOne(v, 100*float64(s.Count)/float64(d.Funnel[i-1].Count)))
		}
		funnel.Steps = append(funnel.Steps, step)
	}
	data.Funnel = funnel.SVG()

	trend := chart.Trend{Title: v.T("web.analytics.trend_title"), Desc: v.T("web.analytics.trend_desc"), Empty: empty, Number: number}
	students := chart.Series{Name: v.T("web.analytics.figure.students")}
	dual := chart.Series{Name: v.T("web.analytics.figure.dual_students")}
	contracts := chart.Series{Name: v.T("web.analytics.figure.contracts")}
	for _, y := range d.Trend {
		// 2025–26: the axis has room for eight years of short labels.
		trend.Labels = append(trend.Labels, fmt.Sprintf("%d–%02d", y.Year, (y.Year+1)%100))
		students.Values = append(students.Values, float64(y.Students))
		dual.Values = append(dual.Values, float64(y.DualStudents))
		contracts.Values = append(contracts.Values, float64(y.Contracts))
	}
	trend.Series = []chart.Series{students, dual, contracts}
	data.Trend = trend.SVG()
}
