package web

import (
	"context"
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// agreementExport downloads the agreements of the list's filter, newest
// first, as CSV or XLSX (?format=). The access layer masks the student's
// IIN for roles without students.personal, as on the agreement's page.
func (h *Web) agreementExport(w http.ResponseWriter, r *http.Request) {
	v := h.newView(r, "agreements")
	q := newQuery(r)
	f := agreementFilter(q)
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	serveExport(h, w, r, v, export[domain.Agreement]{
		name:  "agreements",
		title: "web.agreements.title",
		columns: []column[domain.Agreement]{
			{"web.agreement.field.number", func(a domain.Agreement) cell { return cellNumber(a.ID) }},
			{"web.agreement.field.student", func(a domain.Agreement) cell { return cellText(a.Student.Full()) }},
			{"web.field.iin", func(a domain.Agreement) cell { return cellCode(a.StudentIIN) }},
			{"web.agreement.field.group", func(a domain.Agreement) cell { return cellText(a.GroupCode) }},
			{"web.agreement.field.college", func(a domain.Agreement) cell { return cellText(a.College.In(v.Lang)) }},
			{"web.agreement.field.enterprise", func(a domain.Agreement) cell { return cellText(a.Enterprise.In(v.Lang)) }},
			{"web.work_records.enterprise_bin", func(a domain.Agreement) cell { return cellCode(a.EnterpriseBIN) }},
			{"web.agreement.field.qualification", func(a domain.Agreement) cell { return cellText(a.Qualification.In(v.Lang)) }},
			{"web.agreement.field.mentor", func(a domain.Agreement) cell { return cellText(a.Mentor) }},
			{"web.agreement.field.position", func(a domain.Agreement) cell { return cellText(a.Position) }},
			{"web.agreement.field.starts_on", func(a domain.Agreement) cell { return cellDate(a.StartsOn) }},
			{"web.agreement.field.ends_on", func(a domain.Agreement) cell { return cellDate(a.EndsOn) }},
			{"web.agreement.field.hours_per_week", func(a domain.Agreement) cell { return cellNumber(a.HoursPerWeek) }},
			{"web.export.stipend_tenge", func(a domain.Agreement) cell { return cellNumber(a.StipendTenge) }},
			{"web.field.status", func(a domain.Agreement) cell { return cellText(v.T("web.agreement.status." + string(a.Status))) }},
			{"web.agreement.field.active_on", func(a domain.Agreement) cell { return cellDate(a.ActiveOn) }},
			{"web.agreement.field.ended_on", func(a domain.Agreement) cell { return cellDate(a.EndedOn) }},
		},
		each: func(ctx context.Context, fn func(domain.Agreement) error) error {
			return h.reg.EachAgreement(ctx, f, fn)
		},
		count: func(ctx context.Context) (int, error) {
			g := f
			g.Page = domain.Page{Size: 1}
			return listTotal(h.reg.Agreements(ctx, g))
		},
	})
}
