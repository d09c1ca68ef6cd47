package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

type agreementRow struct {
	URL, Number, Student, Group string
	Enterprise, Mentor, Period  string
	Status                      agreementBadge
	Approvals                   string // "2 of 3 approved" while awaiting signatures
}

type agreementListData struct {
	listing
	Rows []agreementRow
	// CSVURL downloads the work-experience records of the list's filter.
	CSVURL string
	NewURL string // drafting an agreement, for the college and the enterprise
}

// agreementList lists the tripartite agreements of the reader's scope (the
// access layer narrows it: a student their own, a mentor their trainees',
// enterprise HR its own, a college all of the college's…), newest first,
// with a filter by state and a search by the start of the student's name.
func (h *Web) agreementList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "agreements")
	q := newQuery(r)
	f := agreementFilter(q)
	f.Page = q.page()
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.Agreements(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := newParams()
	p.set("q", f.Query, "")
	p.set("status", string(f.Status), "")
	d := agreementListData{listing: listing{
		Path:        "/agreements",
		ExportPath:  "/agreements/export",
		SearchLabel: v.T("web.agreements.search"),
		SearchHint:  v.T("web.agreements.search_hint"),
		Q:           f.Query,
		Selects: []selectField{
			{ID: "f-status", Name: "status", Label: v.T("web.field.status"), Any: v.T("web.filter.all"),
				Options: choices(v, "web.agreement.status.", agreementStatusValues(), string(f.Status))},
			perPageField(v, f.Page.Size),
		},
	}}
	d.Summary = v.Plural("web.agreements.count", list.Total)
	d.CSVURL = pageURL("/agreements/work-records.csv", p.Values)
	d.finish(w, v, p, f.Page, list.Total)
	if v.Can(string(auth.WriteAgreements)) {
		d.NewURL = "/agreements/new"
	}
	for _, a := range list.Items {
		d.Rows = append(d.Rows, agreementRowOf(v, a))
	}
	v.Title = v.T("web.agreements.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "agreement_list", v)
}

// agreementFilter reads the list's filter, for the page, its export and
// the work-experience records.
func agreementFilter(q *query) domain.AgreementFilter {
	return domain.AgreementFilter{Status: domain.AgreementStatus(q.choice("status")), Query: q.text("q")}
}

func agreementRowOf(v *view, a domain.Agreement) agreementRow {
	row := agreementRow{
		URL:        agreementURL(a.ID),
		Number:     v.T("web.agreement.number", "n", strconv.FormatInt(a.ID, 10)),
		Student:    a.Student.Full(),
		Group:      a.GroupCode,
		Enterprise: a.Enterprise.In(v.Lang),
		Mentor:     a.Mentor,
		Period:     v.Date(a.StartsOn) + " – " + v.Date(a.EndsOn),
		Status:     agreementBadgeOf(v, a.Status),
	}
	if row.Mentor == "" {
		row.Mentor = "—"
	}
	if a.Status == domain.AgreementAwaiting {
		required := a.RequiredParties()
		done := 0
		for _, p := range required {
			if a.Approved(p) {
				done++
			}
		}
		row.Approvals = v.T("web.agreement.approved_of", "done", strconv.Itoa(done), "total", strconv.Itoa(len(required)))
	}
	return row
}

// agreementBadge is a state with its label; the class gives it its look:
// the states that need nobody's action are grey.
type agreementBadge struct {
	Label, Class string
}

func agreementBadgeOf(v *view, s domain.AgreementStatus) agreementBadge {
	b := agreementBadge{Label: v.T("web.agreement.status." + string(s)), Class: "badge state-" + string(s)}
	if !s.Live() {
		b.Class += " off"
	}
	return b
}

func agreementStatusValues() []string {
	out := make([]string, 0, len(domain.AgreementStatuses))
	for _, s := range domain.AgreementStatuses {
		out = append(out, string(s))
	}
	return out
}

// agreementURL is an agreement's page.
func agreementURL(id int64) string { return "/agreements/" + strconv.FormatInt(id, 10) }
