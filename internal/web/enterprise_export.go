package web

import (
	"context"
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// enterpriseExport downloads the enterprises of the list's filter, in its
// order, as CSV or XLSX (?format=).
func (h *Web) enterpriseExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "enterprises")
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := newQuery(r)
	f := enterpriseFilter(q, pl, v.Lang)
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	serveExport(h, w, r, v, export[domain.Enterprise]{
		name:  "enterprises",
		title: "web.enterprises.title",
		columns: []column[domain.Enterprise]{
			{"web.field.bin", func(e domain.Enterprise) cell { return cellCode(e.BIN) }},
			{"web.field.name", func(e domain.Enterprise) cell { return cellText(e.Name.In(v.Lang)) }},
			{"web.field.region", func(e domain.Enterprise) cell { return cellText(pl.regionName(v.Lang, e.RegionID)) }},
			{"web.field.city", func(e domain.Enterprise) cell { return cellText(pl.cityName(v.Lang, e.CityID)) }},
			{"web.field.industry", func(e domain.Enterprise) cell { return cellText(industryName(v.Lang, e.Industry)) }},
			{"web.field.employees", func(e domain.Enterprise) cell { return cellNumber(e.Employees) }},
			{"web.field.trainees", func(e domain.Enterprise) cell { return cellNumber(e.Trainees) }},
		},
		each: func(ctx context.Context, fn func(domain.Enterprise) error) error {
			return h.reg.EachEnterprise(ctx, f, fn)
		},
		count: func(ctx context.Context) (int, error) {
			g := f
			g.Page = domain.Page{Size: 1}
			return listTotal(h.reg.Enterprises(ctx, g))
		},
	})
}
