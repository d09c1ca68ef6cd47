package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

type specialistRow struct {
	Name, Country, Role, Position, College, Period string
	EditURL                                        string // the reader's college's own
}

type specialistListData struct {
	listing
	Rows []specialistRow
	Form *xform
}

// specialistList is the foreign managers and specialists of the reader's
// scope, newest first, with the form on which a college records one.
func (h *Web) specialistList(w http.ResponseWriter, r *http.Request) {
	h.renderSpecialistList(w, r, nil)
}

func (h *Web) renderSpecialistList(w http.ResponseWriter, r *http.Request, err error) {
	ctx := r.Context()
	v := h.newView(r, "international")
	pl, perr := h.loadPlaces(ctx)
	if perr != nil {
		h.fail(w, r, perr)
		return
	}
	q := newQuery(r)
	f := domain.SpecialistFilter{RegionID: pl.region(q), CollegeID: q.number("college_id"), Page: q.page()}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, lerr := h.reg.ForeignSpecialists(ctx, f)
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	d := specialistListData{listing: listing{Path: "/international/specialists"}}
	p := newParams()
	p.setInt("region", int64(f.RegionID))
	p.setInt("college_id", f.CollegeID)
	d.Selects = []selectField{
		{ID: "f-region", Name: "region", Label: v.T("web.field.region"), Any: v.T("web.filter.all_regions"), Options: pl.regionOptions(v.Lang, f.RegionID)},
		perPageField(v, f.Page.Size),
	}
	if u := v.User; u != nil && (u.RegionID != 0 || u.CollegeID != 0) {
		d.Selects = d.Selects[1:]
	}
	d.Summary = v.Plural("web.intl.specialists_count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	for _, s := range list.Items {
		period := v.Date(s.StartsOn) + " – "
		if s.EndsOn.IsZero() {
			period += v.T("web.intl.open_ended")
		} else {
			period += v.Date(s.EndsOn)
		}
		edit := ""
		if u := v.User; u != nil && u.CollegeID == s.CollegeID && v.Can(string(auth.WriteInternational)) {
			edit = "/international/specialists/" + idString(s.ID) + "/edit"
		}
		d.Rows = append(d.Rows, specialistRow{EditURL: edit, Name: s.FullName, Country: countryName(v.Lang, s.Country),
			Role: v.T("web.intl.role." + string(s.Role)), Position: s.Position, College: s.College.In(v.Lang), Period: period})
	}
	status := http.StatusOK
	if v.Can(string(auth.WriteInternational)) && !v.Partial {
		form := specialistForm(v, domain.ForeignSpecialist{})
		if err != nil {
			form.keep(r)
			var ok bool
			if status, ok = form.problem(v, err); !ok {
				h.fail(w, r, err)
				return
			}
		}
		d.Form = &form
	}
	v.Title = v.T("web.intl.specialists_title")
	v.Data = d
	h.render(w, r, status, "specialist_list", v)
}
