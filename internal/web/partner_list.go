package web

import (
	"context"
	"net/http"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

type partnerRow struct {
	Name, Kind, Country, RURegion, City, Colleges string
	EditURL                                       string // for a college, while at most one college works with the partner
}

type partnerListData struct {
	listing
	Rows []partnerRow
	Form *xform // a college registers partners here
}

// partnerList is the register of foreign partner organisations, searched
// by the start of the name and filtered by country, with the form on
// which a college registers a new one.
func (h *Web) partnerList(w http.ResponseWriter, r *http.Request) {
	h.renderPartnerList(w, r, domain.Partner{}, nil)
}

// renderPartnerList shows the register; err is a registration's problem,
// shown on the form.
func (h *Web) renderPartnerList(w http.ResponseWriter, r *http.Request, typed domain.Partner, err error) {
	ctx := r.Context()
	v := h.newView(r, "international")
	q := newQuery(r)
	f := domain.PartnerFilter{Query: q.text("q"), Country: countryParam(q), Page: q.page()}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, lerr := h.reg.Partners(ctx, f)
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	d := partnerListData{listing: listing{Path: "/international/partners", Q: f.Query, SearchLabel: v.T("web.intl.search_partner"),
		SearchHint: v.T("web.intl.search_partner_hint")}}
	p := newParams()
	p.set("q", f.Query, "")
	p.set("country", f.Country, "")
	d.Selects = []selectField{
		{ID: "f-country", Name: "country", Label: v.T("web.intl.field.country"), Any: v.T("web.intl.all_countries"), Options: countryOptions(v, f.Country)},
		perPageField(v, f.Page.Size),
	}
	d.Summary = v.Plural("web.intl.partners_count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	writer := v.Can(string(auth.WriteInternational))
	for _, pt := range list.Items {
		edit := ""
		if writer && pt.Colleges <= 1 {
			edit = "/international/partners/" + idString(pt.ID) + "/edit"
		}
		d.Rows = append(d.Rows, partnerRow{EditURL: edit, Name: pt.Name, Kind: v.T("web.intl.partner_kind." + string(pt.Kind)),
			Country: countryName(v.Lang, pt.Country), RURegion: pt.RURegionName.In(v.Lang), City: pt.City,
			Colleges: v.Plural("web.intl.partner_colleges", pt.Colleges)})
	}
	status := http.StatusOK
	if v.Can(string(auth.WriteInternational)) && !v.Partial {
		form, ferr := h.partnerForm(ctx, v, typed)
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
	v.Title = v.T("web.intl.partners_title")
	v.Data = d
	h.render(w, r, status, "partner_list", v)
}

// partnerForm is the form that registers a partner.
func (h *Web) partnerForm(ctx context.Context, v *view, p domain.Partner) (xform, error) {
	regions, err := h.reg.RussianRegions(ctx)
	if err != nil {
		return xform{}, err
	}
	var ru []option
	for _, g := range regions {
		ru = append(ru, option{Value: g.ISO, Label: g.Name.In(v.Lang), Selected: g.ISO == p.RURegion})
	}
	return xform{ID: "partner-form", Action: "/international/partners", Submit: v.T("web.intl.register"), Title: v.T("web.intl.register_partner"),
		Fields: []xfield{
			{Name: "name", Label: v.T("web.intl.field.partner_name"), Type: "text", Value: p.Name, Max: 300, Required: true},
			{Name: "kind", Label: v.T("web.intl.field.partner_kind"), Type: "select", Required: true, Any: v.T("web.intl.choose"),
				Options: choices(v, "web.intl.partner_kind.", enumValues(domain.PartnerKinds), string(p.Kind))},
			{Name: "country", Label: v.T("web.intl.field.country"), Type: "select", Required: true, Any: v.T("web.intl.choose"),
				Options: countryOptions(v, p.Country)},
			{Name: "ru_region", Label: v.T("web.intl.field.ru_region"), Type: "select", Any: v.T("web.intl.ru_region_none"), Options: ru,
				Hint: v.T("web.intl.ru_region_hint")},
			{Name: "city", Label: v.T("web.intl.field.city"), Type: "text", Value: p.City, Max: 100},
		}}, nil
}
