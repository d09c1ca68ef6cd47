package web

import (
	"context"
	"net/http"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

type mobilityRow struct {
	Person, Who, Direction, Country, Host, College, Period, Funding, Outcome string
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
		if m.Outcome != "" {
			row.Outcome = v.T("web.intl.outcome." + string(m.Outcome))
		}
		d.Rows = append(d.Rows, row)
	}
	status := http.StatusOK
	if v.Can(string(auth.WriteInternational)) && !v.Partial {
		form, ferr := h.mobilityForm(ctx, v)
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

// mobilityForm is the form on which a college records a mobility: an
// outgoing student or teacher is named by the registry's record number
// (on their page), an incoming guest by name.
func (h *Web) mobilityForm(ctx context.Context, v *view) (xform, error) {
	partners, err := h.partnerOptions(ctx, v, 0)
	if err != nil {
		return xform{}, err
	}
	return xform{ID: "mobility-form", Action: "/international/mobility", Submit: v.T("web.intl.save_mobility"), Title: v.T("web.intl.new_mobility"),
		Fields: []xfield{
			{Name: "direction", Label: v.T("web.intl.field.direction"), Type: "select", Required: true, Any: v.T("web.intl.choose"),
				Options: choices(v, "web.intl.mobility.direction.", enumValues(domain.MobilityDirections), "")},
			{Name: "participant", Label: v.T("web.intl.field.participant"), Type: "select", Required: true, Any: v.T("web.intl.choose"),
				Options: choices(v, "web.intl.mobility.participant.", enumValues(domain.Participants), "")},
			{Name: "student_id", Label: v.T("web.intl.field.student_id"), Type: "number", Hint: v.T("web.intl.student_id_hint")},
			{Name: "teacher_id", Label: v.T("web.intl.field.teacher_id"), Type: "number", Hint: v.T("web.intl.teacher_id_hint")},
			{Name: "person_name", Label: v.T("web.intl.field.person_name"), Type: "text", Max: 200, Hint: v.T("web.intl.person_name_hint")},
			{Name: "country", Label: v.T("web.intl.field.country"), Type: "select", Required: true, Any: v.T("web.intl.choose"), Options: countryOptions(v, "")},
			{Name: "partner_id", Label: v.T("web.intl.field.partner"), Type: "select", Any: v.T("web.intl.no_partner"), Options: partners},
			{Name: "host", Label: v.T("web.intl.field.host"), Type: "text", Max: 300, Hint: v.T("web.intl.host_hint")},
			{Name: "starts_on", Label: v.T("web.intl.field.starts_on"), Type: "date", Required: true},
			{Name: "ends_on", Label: v.T("web.intl.field.ends_on"), Type: "date", Required: true},
			{Name: "funding", Label: v.T("web.intl.field.funding"), Type: "select", Required: true, Any: v.T("web.intl.choose"),
				Options: choices(v, "web.intl.funding.", enumValues(domain.MobilityFundings), "")},
			{Name: "outcome", Label: v.T("web.intl.field.outcome"), Type: "select", Any: v.T("web.intl.outcome.none"),
				Options: choices(v, "web.intl.outcome.", enumValues(domain.MobilityOutcomes), "")},
			{Name: "note", Label: v.T("web.intl.field.note"), Type: "textarea", Max: 1000},
		}}, nil
}
