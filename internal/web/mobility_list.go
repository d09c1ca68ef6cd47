package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

type mobilityRow struct {
	Person, Who, Direction, Country, Host, College, Period, Funding, Outcome string
	EditURL                                                                  string // the reader's college's own
}

type mobilityListData struct {
	listing
	Rows []mobilityRow
	Form *xform
}

// mobilityList is the academic mobility of the reader's scope — students
// and teachers going abroad and guests coming —, filtered by direction,
// participant and country, with the form on which a college records one.
func (h *Web) mobilityList(w http.ResponseWriter, r *http.Request) {
	h.renderMobilityList(w, r, nil)
}

func (h *Web) renderMobilityList(w http.ResponseWriter, r *http.Request, err error) {
	ctx := r.Context()
	v := h.newView(r, "international")
	pl, perr := h.loadPlaces(ctx)
	if perr != nil {
		h.fail(w, r, perr)
		return
	}
	q := newQuery(r)
	f := domain.MobilityFilter{RegionID: pl.region(q), CollegeID: q.number("college_id"), Direction: domain.MobilityDirection(q.choice("direction")),
		Participant: domain.Participant(q.choice("participant")), Country: countryParam(q), Sort: q.choice("sort"), Page: q.page()}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, lerr := h.reg.Mobilities(ctx, f)
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	d := mobilityListData{listing: listing{Path: "/international/mobility"}}
	p := newParams()
	p.setInt("region", int64(f.RegionID))
	p.setInt("college_id", f.CollegeID)
	p.set("direction", string(f.Direction), "")
	p.set("participant", string(f.Participant), "")
	p.set("country", f.Country, "")
	p.set("sort", f.Sort, domain.MobilitySorts[0])
	d.Selects = []selectField{
		{ID: "f-region", Name: "region", Label: v.T("web.field.region"), Any: v.T("web.filter.all_regions"), Options: pl.regionOptions(v.Lang, f.RegionID)},
		{ID: "f-direction", Name: "direction", Label: v.T("web.intl.field.direction"), Any: v.T("web.intl.all_directions"),
			Options: choices(v, "web.intl.mobility.direction.", enumValues(domain.MobilityDirections), string(f.Direction))},
		{ID: "f-participant", Name: "participant", Label: v.T("web.intl.field.participant"), Any: v.T("web.intl.all_participants"),
			Options: choices(v, "web.intl.mobility.participant.", enumValues(domain.Participants), string(f.Participant))},
		{ID: "f-country", Name: "country", Label: v.T("web.intl.field.country"), Any: v.T("web.intl.all_countries"), Options: countryOptions(v, f.Country)},
		sortField(v, "web.intl.mobility_sort.", f.Sort, domain.MobilitySorts...),
		perPageField(v, f.Page.Size),
	}
	if u := v.User; u != nil && (u.RegionID != 0 || u.CollegeID != 0) {
		d.Selects = d.Selects[1:]
	}
	d.Summary = v.Plural("web.intl.mobility_count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	for _, m := range list.Items {
		row := mobilityRow{Person: m.PersonName, Who: v.T("web.intl.mobility.participant." + string(m.Participant)),
			Direction: v.T("web.intl.mobility.direction." + string(m.Direction)), Country: countryName(v.Lang, m.Country), Host: m.Host,
			College: m.College.In(v.Lang), Period: v.Date(m.StartsOn) + " – " + v.Date(m.EndsOn),
			Funding: v.T("web.intl.funding." + string(m.Funding)), Outcome: v.T("web.intl.outcome.none")}
		if u := v.User; u != nil && u.CollegeID == m.CollegeID && v.Can(string(auth.WriteInternational)) {
			row.EditURL = "/international/mobility/" + idString(m.ID) + "/edit"
		}
		if m.Outcome != "" {
			row.Outcome = v.T("web.intl.outcome." + string(m.Outcome))
		}
		d.Rows = append(d.Rows, row)
	}
	status := http.StatusOK
	if v.Can(string(auth.WriteInternational)) && !v.Partial {
		form, ferr := h.mobilityForm(ctx, v, domain.Mobility{})
		if ferr != nil {
			h.fail(w, r, ferr)
			return
		}
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
	v.Title = v.T("web.intl.mobility_title")
	v.Data = d
	h.render(w, r, status, "mobility_list", v)
}
