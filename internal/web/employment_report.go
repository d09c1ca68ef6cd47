package web

import (
	"cmp"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// rateCell is one point's rate: the percentage, and how many of how many
// graduates; Pending when no graduate has reached the point yet.
type rateCell struct {
	Rate, Detail string
	Pending      bool
}

// figuresRow is the figures of the country, a region, a college, a
// qualification or the dual and non-dual graduates.
type figuresRow struct {
	Name, URL, Code string
	Graduates       string
	Points          []rateCell

	graduates int
	rates     [len(domain.EmploymentPoints)]float64 // NaN when pending
}

// pointStat is a point's figure for the page's summary.
type pointStat struct {
	Value, Label, Note string
}

// crumb is a step of the way down from the country.
type crumb struct{ Label, URL string }

// publishedRow is a published rate beside the product's own.
type publishedRow struct {
	Period, Rate, Counts, Publisher, URL string
}

// graduateForm is the college's form to mark a group graduated.
type graduateForm struct {
	Groups []option
	Date   string
	Max    string // today: graduation is recorded, not planned
	Errors formErrors
}

// figuresTable is a table of figuresRows with its headers translated.
type figuresTable struct {
	NameHeader, GraduatesHeader string
	PointHeaders                []string
	Rows                        []figuresRow
}

type employmentData struct {
	listing
	Scope     string // the country, the region's or the college's name
	Crumbs    []crumb
	AsOf      string
	Graduates string
	Stats     []pointStat
	// Compare sets the report's row beside the country's (for a region or
	// a college) and the dual and non-dual graduates' rows.
	Compare      figuresTable
	AreasTitle   string
	Areas, Quals figuresTable
	Headline     string
	Published    []publishedRow
	GraduatesURL string
	Graduate     *graduateForm
	Empty        bool
}

// employmentSorts are the orders of the breakdowns: by name, or by the
// number of graduates or a point's rate, largest first.
var employmentSorts = []string{"name", "-graduates", "-r3", "-r6", "-r12"}

// employmentReport shows graduates' verified employment at 3, 6 and 12
// months: for the country by region, for a region by college, for a
// college by qualification, always by dual and non-dual, with the
// definition, the country's figures and the published ones beside. The
// access layer keeps a regional department to its region and a college to
// itself.
func (h *Web) employmentReport(w http.ResponseWriter, r *http.Request) {
	h.employmentPage(w, r, nil, http.StatusOK)
}

// employmentPage renders the report; form, when not nil, is a graduation
// form that came back with problems.
func (h *Web) employmentPage(w http.ResponseWriter, r *http.Request, form *graduateForm, status int) {
	ctx := r.Context()
	v := h.newView(r, "employment")
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := newQuery(r)
	f := domain.EmploymentFilter{RegionID: pl.region(q), CollegeID: q.number("college"), Cohort: clampInt(q.number("cohort"))}
	sort := q.choice("sort")
	if sort != "" && !slices.Contains(employmentSorts, sort) {
		q.fail(domain.Invalid("sort", "error.sort", "unknown sort order"))
	}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	rep, err := h.reg.EmploymentReport(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f = rep.Filter
	d := employmentData{listing: listing{Path: "/employment"}, AsOf: v.Date(rep.AsOf), Empty: rep.Total.Graduates == 0 && rep.National.Graduates == 0}
	var headers []string
	for _, m := range domain.EmploymentPoints {
		headers = append(headers, v.Plural("web.employment.after_months", m))
	}
	table := func(name string) figuresTable {
		return figuresTable{NameHeader: name, GraduatesHeader: v.T("web.employment.graduates"), PointHeaders: headers}
	}
	d.Compare, d.Quals = table(""), table(v.T("web.field.qualification"))
	p := newParams()
	p.setInt("region", int64(f.RegionID))
	p.setInt("college", f.CollegeID)
	cohort := newParams()
	cohort.setInt("cohort", int64(f.Cohort))
	p.setInt("cohort", int64(f.Cohort))
	p.set("sort", sort, "name")

	// Where the report stands, and the way back up as far as the reader's
	// scope reaches.
	d.Scope = v.T("web.employment.country")
	broad := v.User != nil && v.User.RegionID == 0 && v.User.CollegeID == 0
	if f.RegionID != 0 || f.CollegeID != 0 {
		if broad {
			d.Crumbs = append(d.Crumbs, crumb{v.T("web.employment.country"), pageURL("/employment", cohort.Values)})
		}
	}
	if f.CollegeID != 0 {
		c, err := h.reg.College(ctx, f.CollegeID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if v.User == nil || v.User.CollegeID == 0 {
			d.Crumbs = append(d.Crumbs, crumb{pl.regionName(v.Lang, c.RegionID),
				pageURL("/employment", cohort.with("region", strconv.Itoa(c.RegionID)).Values)})
		}
		d.Scope = c.Name.In(v.Lang)
	} else if f.RegionID != 0 {
		d.Scope = pl.regionName(v.Lang, f.RegionID)
	}

	d.Graduates = v.Plural("web.employment.graduates_count", rep.Total.Graduates)
	for i, pf := range rep.Total.Points {
		st := pointStat{Label: headers[i], Value: "—"}
		if rate, ok := pf.Rate(); ok {
			st.Value = percentOne(v, rate)
			st.Note = v.T("web.employment.of", "employed", v.Number(pf.Employed), "reached", v.Number(pf.Reached))
		} else {
			st.Note = v.T("web.employment.not_yet")
		}
		d.Stats = append(d.Stats, st)
	}
	d.Compare.Rows = append(d.Compare.Rows, figuresOf(v, d.Scope, "", rep.Total))
	if f.RegionID != 0 || f.CollegeID != 0 {
		d.Compare.Rows = append(d.Compare.Rows, figuresOf(v, v.T("web.employment.country"), "", rep.National))
	}
	d.Compare.Rows = append(d.Compare.Rows, figuresOf(v, v.T("web.employment.dual"), "", rep.Dual),
		figuresOf(v, v.T("web.employment.non_dual"), "", rep.NonDual))
	switch {
	case f.CollegeID != 0:
	case f.RegionID != 0:
		d.AreasTitle = v.T("web.employment.by_college")
		d.Areas = table(v.T("web.field.college"))
	default:
		d.AreasTitle = v.T("web.employment.by_region")
		d.Areas = table(v.T("web.field.region"))
	}
	for _, a := range rep.Areas {
		row := figuresOf(v, a.Name.In(v.Lang), "", a.EmploymentFigures)
		if f.RegionID != 0 {
			row.URL = pageURL("/employment", cohort.with("college", a.Key).Values)
		} else {
			row.URL = pageURL("/employment", cohort.with("region", a.Key).Values)
		}
		d.Areas.Rows = append(d.Areas.Rows, row)
	}
	for _, qf := range rep.Qualifications {
		d.Quals.Rows = append(d.Quals.Rows, figuresOf(v, qf.Name.In(v.Lang), qf.Key, qf.EmploymentFigures))
	}
	sortFigures(v.Lang, d.Areas.Rows, sort)
	sortFigures(v.Lang, d.Quals.Rows, sort)

	for i, pe := range rep.Published {
		row := publishedRow{Period: pe.Period, Rate: percentOne(v, pe.Rate), Publisher: pe.Publisher, URL: firstURL(pe.SourceURL)}
		if pe.Graduates > 0 {
			row.Counts = v.T("web.employment.published_counts", "employed", v.Number(pe.Employed), "graduates", v.Number(pe.Graduates))
		}
		if i == 0 {
			d.Headline = v.T("web.employment.published_headline", "rate", row.Rate, "publisher", pe.Publisher, "period", pe.Period)
		}
		d.Published = append(d.Published, row)
	}

	gp := newParams()
	gp.setInt("region", int64(f.RegionID))
	gp.setInt("college", f.CollegeID)
	gp.setInt("cohort", int64(f.Cohort))
	d.GraduatesURL = pageURL("/employment/graduates", gp.Values)

	if f.CollegeID != 0 && v.Can(string(auth.GraduateStudents)) {
		if form == nil {
			form = &graduateForm{}
		}
		groups, err := h.reg.Groups(ctx, f.CollegeID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		chosen := r.PostFormValue("group_id")
		for _, g := range groups {
			label := v.T("web.employment.group_option", "code", g.Code, "year", strconv.Itoa(g.IntakeYear), "students", v.Number(g.Students))
			id := strconv.FormatInt(g.ID, 10)
			form.Groups = append(form.Groups, option{Value: id, Label: label, Selected: id == chosen})
		}
		form.Max = h.now().In(kazakhstan).Format(time.DateOnly)
		d.Graduate = form
	}

	cohorts := []option{}
	for _, y := range rep.Cohorts {
		cohorts = append(cohorts, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == f.Cohort})
	}
	d.Selects = []selectField{
		{ID: "f-cohort", Name: "cohort", Label: v.T("web.employment.cohort"), Any: v.T("web.employment.all_cohorts"), Options: cohorts},
		sortField(v, "web.employment.sort.", sort, employmentSorts...),
	}
	// The scope travels with the form as a chip, which the reader may
	// remove to go back up, where their own scope allows.
	switch {
	case f.CollegeID != 0 && (v.User == nil || v.User.CollegeID == 0):
		d.Chips = append(d.Chips, chip{Param: "college", Value: strconv.FormatInt(f.CollegeID, 10), Label: v.T("web.employment.scope"), Shown: d.Scope})
	case f.RegionID != 0 && broad:
		d.Chips = append(d.Chips, chip{Param: "region", Value: strconv.Itoa(f.RegionID), Label: v.T("web.employment.scope"), Shown: d.Scope})
	}
	d.Summary = d.Graduates
	d.finish(w, v, p, domain.Page{Number: 1, Size: domain.DefaultPageSize}, rep.Total.Graduates)
	v.Title = v.T("web.employment.title") + " · " + d.Scope
	v.Data = d
	h.render(w, r, status, "employment_report", v)
}

// figuresOf lays out figures as a row of the page's tables.
func figuresOf(v *view, name, code string, f domain.EmploymentFigures) figuresRow {
	row := figuresRow{Name: name, Code: code, Graduates: v.Number(f.Graduates), graduates: f.Graduates}
	for i, pf := range f.Points {
		rate, ok := pf.Rate()
		cell := rateCell{Rate: "—", Pending: !ok}
		row.rates[i] = math.NaN()
		if ok {
			row.rates[i] = rate
			cell.Rate = percentOne(v, rate)
			cell.Detail = v.T("web.employment.of", "employed", v.Number(pf.Employed), "reached", v.Number(pf.Reached))
		}
		row.Points = append(row.Points, cell)
	}
	return row
}

// sortFigures orders rows by name in the page's language, or by graduates
// or a point's rate, largest first (rows without a rate last), then name.
func sortFigures(lang string, rows []figuresRow, order string) {
	c := collate.New(language.Make(lang))
	byName := func(a, b figuresRow) int { return c.CompareString(a.Name, b.Name) }
	point := map[string]int{"-r3": 0, "-r6": 1, "-r12": 2}
	slices.SortStableFunc(rows, func(a, b figuresRow) int {
		switch order {
		case "-graduates":
			if n := cmp.Compare(b.graduates, a.graduates); n != 0 {
				return n
			}
		case "-r3", "-r6", "-r12":
			i := point[order]
			x, y := a.rates[i], b.rates[i]
			switch {
			case math.IsNaN(x) && !math.IsNaN(y):
				return 1
			case !math.IsNaN(x) && math.IsNaN(y):
				return -1
			case !math.IsNaN(x) && x != y:
				return cmp.Compare(y, x)
			}
		}
		return byName(a, b)
	})
}

// percentOne writes a percentage with one decimal, with the language's
// decimal mark (a comma in Kazakh and Russian).
func percentOne(v *view, rate float64) string {
	s := strconv.FormatFloat(rate, 'f', 1, 64)
	if v.Lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return v.T("web.percent", "n", s)
}

// firstURL is the first address of a source that lists several, separated
// by " ; ".
func firstURL(s string) string {
	first, _, _ := strings.Cut(s, " ;")
	first = strings.TrimSpace(first)
	if !strings.HasPrefix(first, "https://") && !strings.HasPrefix(first, "http://") {
		return ""
	}
	return first
}
