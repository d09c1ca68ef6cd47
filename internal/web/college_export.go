package web

import (
	"context"
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// collegeExport downloads the colleges of the list's filter, in its order,
// as CSV or XLSX (?format=).
func (h *Web) collegeExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "colleges")
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := newQuery(r)
	f := collegeFilter(q, pl, v.Lang)
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	serveExport(h, w, r, v, export[domain.College]{
		name:  "colleges",
		title: "web.colleges.title",
		columns: []column[domain.College]{
			{"web.field.bin", func(c domain.College) cell { return cellCode(c.BIN) }},
			{"web.field.name", func(c domain.College) cell { return cellText(c.Name.In(v.Lang)) }},
			{"web.field.region", func(c domain.College) cell { return cellText(pl.regionName(v.Lang, c.RegionID)) }},
			{"web.field.city", func(c domain.College) cell { return cellText(pl.cityName(v.Lang, c.CityID)) }},
			{"web.field.address", func(c domain.College) cell { return cellText(c.Address) }},
			{"web.field.ownership", func(c domain.College) cell { return cellText(v.T("web.ownership." + c.Ownership)) }},
			{"web.field.students", func(c domain.College) cell { return cellNumber(c.Students) }},
			{"web.field.dual_students", func(c domain.College) cell { return cellNumber(c.DualStudents) }},
		},
		each: func(ctx context.Context, fn func(domain.College) error) error { return h.reg.EachCollege(ctx, f, fn) },
		count: func(ctx context.Context) (int, error) {
			g := f
			g.Page = domain.Page{Size: 1}
			return listTotal(h.reg.Colleges(ctx, g))
		},
	})
}
