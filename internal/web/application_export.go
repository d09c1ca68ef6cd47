package web

import (
	"context"
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// applicationExport downloads the applications of the list's filter,
// newest first, as CSV or XLSX (?format=). The roles that take no part in
// placements, whose page says they have none, get a file without rows.
func (h *Web) applicationExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "applications")
	search, err := h.applicationSearch(ctx, v, newQuery(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := search.f
	serveExport(h, w, r, v, export[domain.Application]{
		name:  "applications",
		title: "web.applications.title",
		columns: []column[domain.Application]{
			{"web.export.number", func(a domain.Application) cell { return cellNumber(a.ID) }},
			{"web.application.created", func(a domain.Application) cell { return cellDate(dayIn(a.CreatedAt)) }},
			{"web.field.full_name", func(a domain.Application) cell { return cellText(a.Student.Full()) }},
			{"web.field.college", func(a domain.Application) cell { return cellText(a.College.In(v.Lang)) }},
			{"web.application.offer", func(a domain.Application) cell { return cellNumber(a.OfferID) }},
			{"web.offer.field.qualification", func(a domain.Application) cell { return cellText(a.Qualification.In(v.Lang)) }},
			{"web.field.enterprise", func(a domain.Application) cell { return cellText(a.Enterprise.In(v.Lang)) }},
			{"web.field.status", func(a domain.Application) cell { return cellText(v.T("web.application.status." + string(a.Status))) }},
			{"web.export.decided_on", func(a domain.Application) cell { return cellDate(dayIn(a.DecidedAt)) }},
			{"web.application.field.note", func(a domain.Application) cell { return cellText(a.Note) }},
			{"web.application.field.reason", func(a domain.Application) cell { return cellText(a.Reason) }},
		},
		each: func(ctx context.Context, fn func(domain.Application) error) error {
			err := h.reg.EachApplication(ctx, f, fn)
			if domain.ErrorCode(err) == domain.EFORBIDDEN {
				return nil
			}
			return err
		},
		count: func(ctx context.Context) (int, error) {
			g := f
			g.Page = domain.Page{Size: 1}
			n, err := listTotal(h.reg.Applications(ctx, g))
			if domain.ErrorCode(err) == domain.EFORBIDDEN {
				return 0, nil
			}
			return n, err
		},
	})
}
