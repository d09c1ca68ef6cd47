package web

import (
	"context"
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// auditExport downloads the audit log under the page's filter, newest
// first, as CSV or XLSX (?format=); the recorded before and after as JSON,
// personal data in them masked by the access layer as on the page.
func (h *Web) auditExport(w http.ResponseWriter, r *http.Request) {
	v := h.newView(r, "audit")
	q := newQuery(r)
	_, f := auditFilter(q)
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	serveExport(h, w, r, v, export[domain.AuditEntry]{
		name:  "audit",
		title: "web.audit.title",
		columns: []column[domain.AuditEntry]{
			{"web.audit.at", func(e domain.AuditEntry) cell { return cellTime(e.At) }},
			{"web.audit.person", func(e domain.AuditEntry) cell { return cellText(e.Login) }},
			{"web.field.role", func(e domain.AuditEntry) cell {
				if e.Role == domain.RolePublic {
					return cell{}
				}
				return cellText(v.Role(e.Role))
			}},
			{"web.audit.address", func(e domain.AuditEntry) cell { return cellText(e.Address) }},
			{"web.audit.action", func(e domain.AuditEntry) cell { return cellText(auditAction(v, e.Action)) }},
			{"web.audit.record_type", func(e domain.AuditEntry) cell { return cellText(recordTypeName(v, e.RecordType)) }},
			{"web.audit.record_id", func(e domain.AuditEntry) cell { return cellText(e.RecordID) }},
			{"web.audit.before", func(e domain.AuditEntry) cell { return cellText(e.Before) }},
			{"web.audit.after", func(e domain.AuditEntry) cell { return cellText(e.After) }},
		},
		each: func(ctx context.Context, fn func(domain.AuditEntry) error) error {
			return h.reg.EachAuditEntry(ctx, f, fn)
		},
		count: func(ctx context.Context) (int, error) {
			g := f
			g.Page = domain.Page{Size: 1}
			return listTotal(h.reg.Audit(ctx, g))
		},
	})
}
