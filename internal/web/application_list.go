package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// applicationRow is one application as a list or an offer's page shows it,
// with the steps its reader may take.
type applicationRow struct {
	ID                    int64
	OfferURL, Offer       string
	Student, College      string
	Enterprise            string
	Note, Reason          string
	Status, StatusClass   string
	Created               string
	AgreementURL          string
	AcceptURL, DeclineURL string
	WithdrawURL           string
	Next                  string // where the step's form returns
	Decline               formErrors
	DeclineReason         string
}

// applicationStatusAll lifts the state filter where a list starts at one
// state (enterprise HR's pending applications).
const applicationStatusAll = "all"

type applicationListData struct {
	listing
	Rows        []applicationRow
	Lead        string
	ShowStudent bool
	// Unscoped is set for roles that take no part in placements (teachers,
	// mentors): they have no applications to see, and the page says so.
	Unscoped bool
}

// applicationList lists applications: a student's own with their state
// and the decision's reason; for enterprise HR those to its offers that
// wait for a decision, with accept and decline; for the other roles those
// of their scope.
func (h *Web) applicationList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "applications")
	q := newQuery(r)
	page := q.page()
	search, err := h.applicationSearch(ctx, v, q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, status, defStatus := search.f, search.status, search.defStatus
	f.Page = page
	role := domain.ActorFrom(ctx).Role()
	d := applicationListData{listing: listing{Path: "/applications"}, ShowStudent: role != domain.RoleStudent}
	if o := search.offer; o != nil {
		d.Chips = append(d.Chips, chip{Param: "offer_id", Value: strconv.FormatInt(o.ID, 10), Label: v.T("web.application.offer"),
			Shown: o.QualificationCode + " " + o.Qualification.In(v.Lang) + " · " + o.Enterprise.In(v.Lang)})
	}
	list, err := h.reg.Applications(ctx, f)
	if domain.ErrorCode(err) == domain.EFORBIDDEN {
		d.Unscoped, err = true, nil
	} else {
		d.ExportPath = "/applications/export"
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}

	p := newParams()
	p.setInt("offer_id", f.OfferID)
	p.set("status", status, defStatus)
	values := []string{string(domain.ApplicationPending), string(domain.ApplicationAccepted),
		string(domain.ApplicationDeclined), string(domain.ApplicationWithdrawn)}
	statusField := selectField{ID: "f-status", Name: "status", Label: v.T("web.field.status"),
		Options: choices(v, "web.application.status.", values, status)}
	if defStatus == "" {
		statusField.Any = v.T("web.offers.all_states")
	} else {
		statusField.Options = append([]option{{Value: applicationStatusAll, Label: v.T("web.offers.all_states"),
			Selected: status == applicationStatusAll}}, statusField.Options...)
	}
	d.Selects = []selectField{statusField, perPageField(v, f.Page.Size)}
	d.Summary = v.Plural("web.applications.count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	switch {
	case role == domain.RoleStudent:
		d.Lead = v.T("web.applications.lead.student")
	case role == domain.RoleEnterprise && f.Status == domain.ApplicationPending:
		d.Lead = v.T("web.applications.lead.enterprise")
	}
	for _, a := range list.Items {
		d.Rows = append(d.Rows, applicationRowOf(v, a, d.URL))
	}
	v.Title = v.T("web.applications.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "application_list", v)
}

// applicationSearch is the application list's filter as the reader's role
// shapes it, read the same way for the page and its export.
type applicationSearch struct {
	f                 domain.ApplicationFilter
	status, defStatus string // the state asked for ("all" lifts a default), and the role's default
	offer             *domain.Offer
}

// applicationSearch reads the application list's filter: a student's own
// applications; enterprise HR's start at those waiting for a decision. An
// offer named by ID must be one the reader sees. The problems q has met so
// far are returned first.
func (h *Web) applicationSearch(ctx context.Context, v *view, q *query) (applicationSearch, error) {
	a := applicationSearch{f: domain.ApplicationFilter{OfferID: q.number("offer_id")}}
	if q.err != nil {
		return a, q.err
	}
	role := domain.ActorFrom(ctx).Role()
	if role == domain.RoleEnterprise {
		a.defStatus = string(domain.ApplicationPending)
	}
	a.status = q.choice("status")
	if a.status == "" {
		a.status = a.defStatus
	}
	if a.status == applicationStatusAll && a.defStatus == "" {
		a.status = ""
	}
	if a.status != applicationStatusAll {
		a.f.Status = domain.ApplicationStatus(a.status)
	}
	if role == domain.RoleStudent && v.User != nil {
		a.f.StudentID = v.User.StudentID
	}
	if a.f.OfferID != 0 {
		o, err := h.reg.Offer(ctx, a.f.OfferID)
		if err != nil {
			return a, err
		}
		a.offer = &o
	}
	return a, nil
}

// applicationRowOf is one application with the steps its reader may take:
// enterprise HR accepts or declines a pending one, the student withdraws
// it; an accepted one links to the agreement it created.
func applicationRowOf(v *view, a domain.Application, next string) applicationRow {
	self := "/applications/" + strconv.FormatInt(a.ID, 10)
	row := applicationRow{
		ID:          a.ID,
		OfferURL:    "/offers/" + strconv.FormatInt(a.OfferID, 10),
		Offer:       a.Qualification.In(v.Lang),
		Student:     a.Student.Full(),
		College:     a.College.In(v.Lang),
		Enterprise:  a.Enterprise.In(v.Lang),
		Note:        a.Note,
		Reason:      a.Reason,
		Status:      v.T("web.application.status." + string(a.Status)),
		StatusClass: applicationBadge(a.Status),
		Created:     v.Date(a.CreatedAt.In(kazakhstan)),
		Next:        next,
	}
	if a.AgreementID != 0 && v.Can(string(auth.ReadAgreements)) {
		row.AgreementURL = "/agreements/" + strconv.FormatInt(a.AgreementID, 10)
	}
	if a.Status == domain.ApplicationPending {
		if v.Can(string(auth.DecideApplications)) {
			row.AcceptURL, row.DeclineURL = self+"/accept", self+"/decline"
		}
		if v.Can(string(auth.Apply)) {
			row.WithdrawURL = self + "/withdraw"
		}
	}
	return row
}

// applicationBadge is the badge style of a state: ended ones are grey.
func applicationBadge(s domain.ApplicationStatus) string {
	if s == domain.ApplicationDeclined || s == domain.ApplicationWithdrawn {
		return "badge off"
	}
	return "badge"
}
