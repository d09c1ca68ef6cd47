package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// seatRow is a line of seats: a region's, a college's or the total.
type seatRow struct {
	Name, URL           string
	Seats, Filled, Free string
	Percent             int
	Sources             []string // "Local budget (akimat): 120 of 150"
}

type seatsOverviewData struct {
	Heading    string
	Region     int
	Year       string
	Years      []option
	Rows       []seatRow
	Total      seatRow
	NationURL  string // on a region's page, for readers of the nation
	CollegeURL string // a college's own seats
}

// seatsOverview is the state order of a year of intake: the nation's seats
// and the seats taken by region, or a region's (?region=) by college, each
// by source of funding. A regional reader sees its region's.
func (h *Web) seatsOverview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "seats")
	q := newQuery(r)
	regions, err := h.reg.Regions(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := domain.SeatOverviewFilter{RegionID: regionParam(q, regions), Year: clampInt(q.number("year"))}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	if u := v.User; u != nil && u.RegionID != 0 {
		f.RegionID = u.RegionID
	}
	o, err := h.reg.SeatOverview(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := seatsOverviewData{Region: o.RegionID, Heading: v.T("web.seats.nation")}
	if o.Year != 0 {
		d.Year = strconv.Itoa(o.Year)
	}
	for _, y := range o.Years {
		d.Years = append(d.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == o.Year})
	}
	if o.RegionID != 0 {
		d.Heading = v.T("web.seats.of_region", "region", regionNames(regions, o.RegionID).In(v.Lang))
		if u := v.User; u == nil || u.RegionID == 0 {
			d.NationURL = "/seats?year=" + d.Year
		}
	}
	for _, t := range o.Rows {
		row := seatRowOf(v, t)
		if o.RegionID == 0 {
			row.URL = "/seats?region=" + strconv.Itoa(t.RegionID) + "&year=" + d.Year
		} else {
			row.URL = seatsCollegeURL(t.CollegeID) + "?year=" + d.Year
		}
		d.Rows = append(d.Rows, row)
	}
	d.Total = seatRowOf(v, o.Total)
	d.Total.Name = v.T("web.seats.total")
	if u := v.User; u != nil && u.Role == domain.RoleCollege && v.Can(string(auth.ReadSeats)) {
		d.CollegeURL = seatsCollegeURL(u.CollegeID)
	}
	v.Title = v.T("web.seats.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "seats_overview", v)
}

// seatRowOf lays out a total of seats.
func seatRowOf(v *view, t domain.SeatTotal) seatRow {
	row := seatRow{Name: t.Name.In(v.Lang), Seats: v.Number(t.Seats), Filled: v.Number(t.Filled),
		Free: v.Number(max(t.Seats-t.Filled, 0)), Percent: min(t.FillPercent(), 100)}
	for _, s := range t.Sources {
		if s.Seats == 0 && s.Filled == 0 {
			continue
		}
		row.Sources = append(row.Sources, v.T("web.seats.source_fill", "source", s.Source.Name().In(v.Lang),
			"filled", v.Number(s.Filled), "seats", v.Number(s.Seats)))
	}
	return row
}

// seatsCollegeURL is a college's page of seats.
func seatsCollegeURL(id int64) string { return "/seats/colleges/" + strconv.FormatInt(id, 10) }

// regionParam validates the ?region= of a page against the regions.
func regionParam(q *query, regions []domain.Region) int {
	id := q.number("region")
	if id == 0 {
		return 0
	}
	for _, rg := range regions {
		if int64(rg.ID) == id {
			return rg.ID
		}
	}
	q.fail(domain.Invalid("region", "error.region.unknown", "unknown region"))
	return 0
}

// regionNames is a region's names, empty for an unknown one.
func regionNames(regions []domain.Region, id int) domain.Names {
	for _, rg := range regions {
		if rg.ID == id {
			return rg.Name
		}
	}
	return domain.Names{}
}

// programmeCodes are the qualification codes of a college's programmes (a
// specialty's code for a programme that names no qualification), named in
// the reader's language, for the forms that choose one.
func (h *Web) programmeCodes(ctx context.Context, v *view, collegeID int64, selected string) ([]option, error) {
	progs, err := h.reg.Programmes(ctx, collegeID)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var opts []option
	for _, p := range progs {
		code, name := p.QualificationCode, p.Qualification
		if code == "" {
			code, name = p.SpecialtyCode, p.Specialty
		}
		if seen[code] {
			continue
		}
		seen[code] = true
		opts = append(opts, option{Value: code, Label: code + " — " + name.In(v.Lang), Selected: code == selected})
	}
	return opts, nil
}
