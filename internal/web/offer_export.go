package web

import (
	"context"
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// offerExport downloads the offers of the list's filter, in its order, as
// CSV or XLSX (?format=): the same offers the reader's role sees on the
// page, with the distance for a student.
func (h *Web) offerExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "offers")
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	search, err := h.offerSearch(ctx, v, newQuery(r), pl)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := search.f
	columns := []column[domain.Offer]{
		{"web.export.number", func(o domain.Offer) cell { return cellNumber(o.ID) }},
		{"web.export.qualification_code", func(o domain.Offer) cell { return cellCode(o.QualificationCode) }},
		{"web.offer.field.qualification", func(o domain.Offer) cell { return cellText(o.Qualification.In(v.Lang)) }},
		{"web.field.enterprise", func(o domain.Offer) cell { return cellText(o.Enterprise.In(v.Lang)) }},
		{"web.work_records.enterprise_bin", func(o domain.Offer) cell { return cellCode(o.EnterpriseBIN) }},
		{"web.offer.field.college", func(o domain.Offer) cell { return cellText(o.College.In(v.Lang)) }},
		{"web.field.region", func(o domain.Offer) cell { return cellText(pl.regionName(v.Lang, o.RegionID)) }},
		{"web.offer.field.city", func(o domain.Offer) cell { return cellText(o.City.In(v.Lang)) }},
	}
	// A town without coordinates has no distance: an empty cell, as the
	// page's dash.
	if c := pl.cities[f.FromCityID]; f.FromCityID != 0 && c.Lat != nil && c.Lon != nil {
		columns = append(columns, column[domain.Offer]{"web.export.distance_km", func(o domain.Offer) cell {
			if c := pl.cities[o.CityID]; c.Lat == nil || c.Lon == nil {
				return cell{}
			}
			return cellNumber(o.DistanceKm)
		}})
	}
	columns = append(columns, []column[domain.Offer]{
		{"web.offer.field.starts_on", func(o domain.Offer) cell { return cellDate(o.StartsOn) }},
		{"web.offer.field.ends_on", func(o domain.Offer) cell { return cellDate(o.EndsOn) }},
		{"web.offer.field.weekdays", func(o domain.Offer) cell { return cellText(offerDays(v, o.Weekdays)) }},
		{"web.offer.field.hours_per_week", func(o domain.Offer) cell { return cellNumber(o.HoursPerWeek) }},
		{"web.offer.field.capacity", func(o domain.Offer) cell { return cellNumber(o.Capacity) }},
		{"web.offer.field.places", func(o domain.Offer) cell { return cellNumber(o.Accepted) }},
		{"web.export.applications_waiting", func(o domain.Offer) cell { return cellNumber(o.Applications) }},
		{"web.export.stipend_tenge", func(o domain.Offer) cell { return cellNumber(o.StipendTenge) }},
		{"web.offer.field.reserved", func(o domain.Offer) cell { return cellYesNo(v, o.Reserved) }},
		{"web.field.status", func(o domain.Offer) cell { return cellText(v.T("web.offer.status." + string(o.Status))) }},
		{"web.offer.field.requirements", func(o domain.Offer) cell { return cellText(o.Requirements) }},
	}...)
	serveExport(h, w, r, v, export[domain.Offer]{
		name:    "offers",
		title:   "web.offers.title",
		columns: columns,
		each:    func(ctx context.Context, fn func(domain.Offer) error) error { return h.reg.EachOffer(ctx, f, fn) },
		count: func(ctx context.Context) (int, error) {
			g := f
			g.Page = domain.Page{Size: 1}
			return listTotal(h.reg.Offers(ctx, g))
		},
	})
}
