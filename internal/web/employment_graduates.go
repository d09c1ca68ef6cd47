package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// pointCell is a graduate's status at one point.
type pointCell struct {
	Label, Class string
	On           string // the point's day
	Contract     string // employer and position, for readers who may see them
}

type graduateRow struct {
	Name, URL, Group string
	GraduatedOn      string
	Dual             bool
	Points           []pointCell
}

type graduatesData struct {
	listing
	Rows          []graduateRow
	PointsHeaders []string
	ReportURL     string
}

// employmentGraduates lists graduates by name with their status at 3, 6
// and 12 months — employed, not employed, or not yet — for the reader's
// scope, narrowed to a college, region or year. The employer and position
// behind a status show only to those who may see personal data.
func (h *Web) employmentGraduates(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "employment")
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := newQuery(r)
	f := domain.GraduateFilter{RegionID: pl.region(q), CollegeID: q.number("college"), Cohort: clampInt(q.number("cohort")), Page: q.page()}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.Graduates(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := graduatesData{listing: listing{Path: "/employment/graduates"}}
	for _, m := range domain.EmploymentPoints {
		d.PointsHeaders = append(d.PointsHeaders, v.Plural("web.employment.after_months", m))
	}
	p := newParams()
	p.setInt("region", int64(f.RegionID))
	p.setInt("college", f.CollegeID)
	p.setInt("cohort", int64(f.Cohort))
	d.ReportURL = pageURL("/employment", p.Values)
	years := []option{}
	for y := h.now().Year(); y >= 2020; y-- {
		years = append(years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == f.Cohort})
	}
	d.Selects = []selectField{
		{ID: "f-cohort", Name: "cohort", Label: v.T("web.employment.cohort"), Any: v.T("web.employment.all_cohorts"), Options: years},
		perPageField(v, f.Page.Size),
	}
	if f.CollegeID != 0 && (v.User == nil || v.User.CollegeID == 0) {
		c, err := h.reg.College(ctx, f.CollegeID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Chips = append(d.Chips, chip{Param: "college", Value: strconv.FormatInt(c.ID, 10), Label: v.T("web.employment.scope"), Shown: c.Name.In(v.Lang)})
	} else if f.RegionID != 0 && (v.User == nil || v.User.RegionID == 0) {
		d.Chips = append(d.Chips, chip{Param: "region", Value: strconv.Itoa(f.RegionID), Label: v.T("web.employment.scope"), Shown: pl.regionName(v.Lang, f.RegionID)})
	}
	d.Summary = v.Plural("web.employment.graduates_count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	for _, o := range list.Items {
		d.Rows = append(d.Rows, graduateRowOf(v, o))
	}
	v.Title = v.T("web.employment.graduates_title")
	v.Data = d
	h.render(w, r, http.StatusOK, "employment_graduates", v)
}

func graduateRowOf(v *view, o domain.GraduateOutcome) graduateRow {
	row := graduateRow{Name: o.Name.Full(), URL: "/students/" + strconv.FormatInt(o.StudentID, 10), Group: o.GroupCode,
		GraduatedOn: v.Date(o.GraduatedOn), Dual: o.Dual}
	for _, p := range o.Points {
		row.Points = append(row.Points, pointCellOf(v, p))
	}
	return row
}

// pointCellOf says where a graduate stood at a point.
func pointCellOf(v *view, p domain.PointStatus) pointCell {
	c := pointCell{On: v.Date(p.On)}
	switch {
	case !p.Reached:
		c.Label, c.Class = v.T("web.employment.status.pending"), "badge off"
	case p.Employed:
		c.Label, c.Class = v.T("web.employment.status.employed"), "badge state signed"
		if p.EmployerBIN != "" {
			employer := p.Employer.In(v.Lang)
			if employer == "" {
				employer = v.T("web.employment.bin", "bin", p.EmployerBIN)
			}
			c.Contract = employer
			if p.Position != "" {
				c.Contract += " · " + p.Position
			}
		}
	default:
		c.Label, c.Class = v.T("web.employment.status.not_employed"), "badge state missing"
	}
	return c
}
