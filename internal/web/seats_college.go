package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// seatLine is a row of a college's seats.
type seatLine struct {
	Qualification, Code, Year, Source string
	Seats, Filled, Free               string
	Percent                           int
	Full                              bool
	EditURL                           string
}

// seatFormData is the form that sets seats, kept as typed when it comes
// back with a problem.
type seatFormData struct {
	Action                string
	Code, Year, Source    string
	Seats                 string
	Codes, Sources, Years []option
	Errors                formErrors
}

type seatsCollegeData struct {
	listing
	College     string
	Rows        []seatLine
	Form        *seatFormData
	OverviewURL string
}

// seatLabels name the seats form's fields in messages.
var seatLabels = map[string]string{
	"qualification_code": "web.seats.field.qualification",
	"year":               "web.seats.field.year",
	"source":             "web.seats.field.source",
	"seats":              "web.seats.field.seats",
}

// seatsCollege is a college's state-funded seats with the seats taken, by
// qualification, year of intake and source; the ministry and the college's
// regional department set them from here.
func (h *Web) seatsCollege(w http.ResponseWriter, r *http.Request) {
	h.renderSeatsCollege(w, r, http.StatusOK, nil)
}

// renderSeatsCollege shows a college's seats; form, when set, is the seats
// form as posted, with its problem.
func (h *Web) renderSeatsCollege(w http.ResponseWriter, r *http.Request, status int, form *seatFormData) {
	ctx := r.Context()
	v := h.newView(r, "seats")
	college, ok := pathRecord(h, w, r, "college", h.reg.College)
	if !ok {
		return
	}
	// The college's seats are its region's and its own business.
	if u := v.User; u != nil && (u.RegionID != 0 && u.RegionID != college.RegionID || u.CollegeID != 0 && u.CollegeID != college.ID) {
		h.fail(w, r, domain.NotFound("college"))
		return
	}
	q := newQuery(r)
	source := q.choice("source")
	f := domain.SeatFilter{CollegeID: college.ID, Year: clampInt(q.number("year")), Source: domain.SeatSource(source),
		Sort: q.choice("sort"), Page: q.page()}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.Seats(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	path := seatsCollegeURL(college.ID)
	d := seatsCollegeData{listing: listing{Path: path}, College: college.Name.In(v.Lang),
		OverviewURL: "/seats?region=" + strconv.Itoa(college.RegionID)}
	p := newParams()
	p.setInt("year", int64(f.Year))
	p.set("source", source, "")
	p.set("sort", f.Sort, domain.SeatSorts[0])
	this := h.now().In(kazakhstan).Year()
	d.Selects = []selectField{
		{ID: "f-year", Name: "year", Label: v.T("web.seats.field.year"), Any: v.T("web.seats.all_years"), Options: yearOptions(this, f.Year)},
		{ID: "f-source", Name: "source", Label: v.T("web.seats.field.source"), Any: v.T("web.seats.all_sources"),
			Options: sourceOptions(v, source)},
		sortField(v, "web.seats.sort.", f.Sort, domain.SeatSorts...),
		perPageField(v, f.Page.Size),
	}
	d.Summary = v.Plural("web.seats.rows", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	writable := v.Can(string(auth.WriteSeats))
	for _, s := range list.Items {
		line := seatLine{Qualification: s.Qualification.In(v.Lang), Code: s.QualificationCode, Year: strconv.Itoa(s.Year),
			Source: s.Source.Name().In(v.Lang), Seats: v.Number(s.Seats), Filled: v.Number(s.Filled), Free: v.Number(s.Free()),
			Percent: min(percentOf(s.Filled, max(s.Seats, 1)), 100), Full: s.Free() == 0}
		if writable {
			line.EditURL = path + "?" + (params{map[string][]string{"set_code": {s.QualificationCode},
				"set_year": {strconv.Itoa(s.Year)}, "set_source": {string(s.Source)}, "set_seats": {strconv.Itoa(s.Seats)}}}).Encode() + "#seats-form"
		}
		d.Rows = append(d.Rows, line)
	}
	if writable && !v.Partial {
		if form == nil {
			form = &seatFormData{Code: q.v.Get("set_code"), Year: q.v.Get("set_year"), Source: q.v.Get("set_source"), Seats: q.v.Get("set_seats")}
			if form.Year == "" {
				form.Year = strconv.Itoa(this)
			}
		}
		form.Action = path
		if form.Codes, err = h.programmeCodes(ctx, v, college.ID, form.Code); err != nil {
			h.fail(w, r, err)
			return
		}
		form.Sources = sourceOptions(v, form.Source)
		d.Form = form
	}
	v.Title = v.T("web.seats.of_college", "college", d.College)
	v.Data = d
	h.render(w, r, status, "seats_college", v)
}

// yearOptions are the years of intake a page offers: next year and the
// five before it.
func yearOptions(this, selected int) []option {
	var opts []option
	for y := this + 1; y >= this-5; y-- {
		opts = append(opts, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == selected})
	}
	return opts
}

// sourceOptions are the sources of funding, in the policy's order.
func sourceOptions(v *view, selected string) []option {
	var opts []option
	for _, s := range domain.SeatSources {
		opts = append(opts, option{Value: string(s.Source), Label: s.Name.In(v.Lang), Selected: string(s.Source) == selected})
	}
	return opts
}
