package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

type partnershipRow struct {
	URL, Partner, Country, Kind, Status, StatusClass string
	College, Period, RURegion                        string
}

type internationalData struct {
	listing
	Heading   string
	Figures   []figureCard
	Countries []figureCard // the countries with most colleges
	Mobility  []figureCard
	Rows      []partnershipRow
	NewURL    string
	Empty     bool // no agreement in force in the scope
}

// internationalShow is the internationalisation page of the reader's
// scope (the country, a region, a college): the figures counted live, and
// the agreements with foreign partners, newest first; a college records
// new ones from here.
func (h *Web) internationalShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "international")
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := newQuery(r)
	f := domain.PartnershipFilter{RegionID: pl.region(q), CollegeID: q.number("college_id"), Country: countryParam(q),
		Kind: domain.AgreementKind(q.choice("kind")), Status: domain.PartnershipStatus(q.choice("status")), Sort: q.choice("sort"), Page: q.page()}
	sc := collegeScopeOf(v, q, pl)
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.Partnerships(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := internationalData{listing: listing{Path: "/international"}}
	p := newParams()
	p.setInt("region", int64(f.RegionID))
	p.setInt("college_id", f.CollegeID)
	p.set("country", f.Country, "")
	p.set("kind", string(f.Kind), "")
	p.set("status", string(f.Status), "")
	p.set("sort", f.Sort, domain.PartnershipSorts[0])
	if !v.Partial {
		fig, err := h.reg.InternationalFigures(ctx, sc)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Empty = fig.Agreements == 0
		d.Figures = []figureCard{
			{Value: v.Number(fig.CollegesWithPartners), Label: v.T("web.intl.figure.colleges")},
			{Value: v.Number(fig.PartnerCountries), Label: v.T("web.intl.figure.countries")},
			{Value: v.Number(fig.Partners), Label: v.T("web.intl.figure.partners")},
			{Value: v.Number(fig.CollegesWithRussia), Label: v.T("web.intl.figure.russia")},
			{Value: v.Number(fig.Specialists), Label: v.T("web.intl.figure.specialists"),
				Note: v.T("web.intl.figure.managers", "n", v.Number(fig.ForeignManagers))},
		}
		for i, c := range fig.Countries {
			if i == 8 {
				break
			}
			d.Countries = append(d.Countries, figureCard{Value: v.Number(c.Colleges), Label: countryName(v.Lang, c.Country),
				Note: v.T("web.intl.figure.country_partners", "n", v.Number(c.Partners))})
		}
		for _, m := range fig.Mobility {
			d.Mobility = append(d.Mobility, figureCard{Value: v.Number(m.People),
				Label: v.T("web.intl.mobility.direction."+string(m.Direction)) + " · " + v.T("web.intl.mobility.participant."+string(m.Participant))})
		}
		switch {
		case sc.CollegeID != 0:
			if c, err := h.reg.College(ctx, sc.CollegeID); err == nil {
				d.Heading = c.Name.In(v.Lang)
			}
		case sc.RegionID != 0:
			d.Heading = pl.regionName(v.Lang, sc.RegionID)
		}
	}
	d.Selects = []selectField{
		{ID: "f-region", Name: "region", Label: v.T("web.field.region"), Any: v.T("web.filter.all_regions"), Options: pl.regionOptions(v.Lang, f.RegionID)},
		{ID: "f-country", Name: "country", Label: v.T("web.intl.field.country"), Any: v.T("web.intl.all_countries"), Options: countryOptions(v, f.Country)},
		{ID: "f-kind", Name: "kind", Label: v.T("web.intl.field.kind"), Any: v.T("web.intl.all_kinds"),
			Options: choices(v, "web.intl.kind.", enumValues(domain.AgreementKinds), string(f.Kind))},
		{ID: "f-status", Name: "status", Label: v.T("web.field.status"), Any: v.T("web.intl.all_statuses"),
			Options: choices(v, "web.intl.status.", enumValues(domain.PartnershipStatuses), string(f.Status))},
		sortField(v, "web.intl.sort.", f.Sort, domain.PartnershipSorts...),
		perPageField(v, f.Page.Size),
	}
	if u := v.User; u != nil && (u.RegionID != 0 || u.CollegeID != 0) {
		d.Selects = d.Selects[1:] // a region or a college sees its own only
	}
	d.Summary = v.Plural("web.intl.agreements_count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	if v.Can(string(auth.WriteInternational)) {
		d.NewURL = "/international/partnerships/new"
	}
	for _, a := range list.Items {
		d.Rows = append(d.Rows, partnershipRowOf(v, a))
	}
	v.Title = v.T("web.intl.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "international_show", v)
}

// partnershipRowOf is an agreement's line in a list.
func partnershipRowOf(v *view, a domain.Partnership) partnershipRow {
	status, class := v.T("web.intl.status."+string(a.Status)), "badge state submitted"
	switch {
	case a.InForce:
		status, class = v.T("web.intl.in_force"), "badge state signed"
	case a.Status == domain.PartnershipActive:
		status = v.T("web.intl.not_in_force")
	case a.Status == domain.PartnershipTerminated:
		class = "badge off"
	}
	period := v.Date(a.StartsOn) + " – "
	if !a.EndsOn.IsZero() {
		period += v.Date(a.EndsOn)
	} else {
		period += v.T("web.intl.open_ended")
	}
	kind := v.T("web.intl.kind." + string(a.Kind))
	if a.Standard != "" {
		kind += " (" + a.Standard + ")"
	}
	return partnershipRow{URL: "/international/partnerships/" + idString(a.ID), Partner: a.Partner.Name,
		Country: countryName(v.Lang, a.Partner.Country), Kind: kind, Status: status, StatusClass: class,
		College: a.College.In(v.Lang), Period: period, RURegion: a.Partner.RURegionName.In(v.Lang)}
}
