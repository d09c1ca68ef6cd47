package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
)

// offerAction is a step the reader may take on an offer in its state: a
// link (edit) or a POST button (submit, approve, open, close).
type offerAction struct {
	URL, Label string
	Link       bool
	Danger     bool
}

type offerShowData struct {
	Offer                     domain.Offer
	Heading, Code             string
	Status, StatusClass       string
	Enterprise, EnterpriseURL string
	College, CollegeURL       string
	Approver                  string // who decides on it: the partner college or the region
	Place, Places, Period     string
	Days, Hours, Stipend      string
	Requirements              []string // paragraphs
	Reserved                  bool
	ReferralReason            string
	// Next is this page: the action forms come back here.
	Next    string
	Actions []offerAction
	// Problem is a refused step without a form of its own (a submit in the
	// wrong state, say).
	Problem string

	// The approver's refer-back form.
	ReferURL    string
	Refer       formErrors
	ReferReason string

	// The student's application form and their applications to the offer.
	ApplyURL string
	// SignIn is set for the public on an open offer: students apply
	// signed in.
	SignIn bool
	Apply  formErrors
	Note   string
	Mine   []applicationRow

	// The enterprise's view of the applications.
	Applications    []applicationRow
	MoreURL         string // the full list, when the page shows only the first ones
	ApplicationsAll string // "12 applications"
}

// offerProblem is a refused step to show on the offer's page: which form
// it concerns (refer, apply, decline with the application's ID, or none),
// its translated problem, and what the user typed.
type offerProblem struct {
	form          string
	applicationID int64
	errs          formErrors
	text          string
}

// offerApplicationsShown bounds the applications listed on an offer's
// page; the rest are a link away, on the applications list.
const offerApplicationsShown = 50

// offerShow shows an offer: its terms and state, and what the reader may do
// with it: the enterprise its steps and the applications to accept or
// decline, the approver approve or refer back, a student apply.
func (h *Web) offerShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "offer")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderOffer(w, r, http.StatusOK, id, offerProblem{})
}

// renderOffer renders the offer's page with status, and the problem of a
// refused step next to its form.
func (h *Web) renderOffer(w http.ResponseWriter, r *http.Request, status int, id int64, pb offerProblem) {
	ctx := r.Context()
	v := h.newView(r, "offers")
	o, err := h.reg.Offer(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	self := "/offers/" + strconv.FormatInt(o.ID, 10)
	d := offerShowData{
		Offer:         o,
		Heading:       o.Qualification.In(v.Lang),
		Code:          o.QualificationCode,
		Status:        v.T("web.offer.status." + string(o.Status)),
		StatusClass:   offerBadge(o.Status),
		Enterprise:    o.Enterprise.In(v.Lang),
		EnterpriseURL: "/enterprises/" + strconv.FormatInt(o.EnterpriseID, 10),
		Place:         pl.cityName(v.Lang, o.CityID) + ", " + pl.regionName(v.Lang, o.RegionID),
		Places:        v.T("web.offer.places", "taken", v.Number(o.Accepted), "capacity", v.Number(o.Capacity)),
		Period:        v.Date(o.StartsOn) + " – " + v.Date(o.EndsOn),
		Days:          offerDays(v, o.Weekdays),
		Hours:         v.Plural("web.offer.hours", o.HoursPerWeek),
		Stipend:       offerStipend(v, o.StipendTenge),
		Requirements:  textParagraphs(o.Requirements),
		Reserved:      o.Reserved,
		Next:          self,
		Approver:      v.T("web.offer.approver_region", "region", pl.regionName(v.Lang, o.RegionID)),
	}
	if d.Heading == "" {
		d.Heading = o.QualificationCode
	}
	if o.CollegeID != 0 {
		d.College = o.College.In(v.Lang)
		d.CollegeURL = "/colleges/" + strconv.FormatInt(o.CollegeID, 10)
		d.Approver = d.College
	}
	u := v.User
	if o.Status == domain.OfferReferred {
		d.ReferralReason = o.ReferralReason
	}
	if v.Can(string(auth.WriteOffers)) {
		d.Actions = offerActions(v, o)
	}
	if canApprove(u, o) && o.Status == domain.OfferSubmitted {
		d.Actions = append(d.Actions, offerAction{URL: self + "/approve", Label: v.T("web.offer.approve")})
		d.ReferURL = self + "/refer"
	}
	if v.Can(string(auth.DecideApplications)) && (o.Status == domain.OfferOpen || o.Status == domain.OfferClosed) {
		if err := h.offerApplications(ctx, v, &d, pb); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	d.SignIn = u == nil && o.Status == domain.OfferOpen
	if v.Can(string(auth.Apply)) && u != nil {
		if err := h.myApplications(ctx, v, &d, u.StudentID); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	switch pb.form {
	case "refer":
		d.Refer, d.ReferReason = pb.errs, pb.text
	case "apply":
		d.Apply, d.Note = pb.errs, pb.text
	case "decline":
		for i := range d.Applications {
			if d.Applications[i].ID == pb.applicationID {
				d.Applications[i].Decline, d.Applications[i].DeclineReason = pb.errs, pb.text
			}
		}
	default:
		d.Problem = pb.errs.Summary
	}
	v.Title = d.Heading
	v.Data = d
	h.render(w, r, status, "offer_show", v)
}

// offerApplications lists the applications to the enterprise's offer, the
// first ones on the page and the rest on the applications list.
func (h *Web) offerApplications(ctx context.Context, v *view, d *offerShowData, pb offerProblem) error {
	list, err := h.reg.Applications(ctx, domain.ApplicationFilter{OfferID: d.Offer.ID, Page: domain.Page{Size: offerApplicationsShown}})
	if err != nil {
		return err
	}
	for _, a := range list.Items {
		d.Applications = append(d.Applications, applicationRowOf(v, a, d.Next))
	}
	d.ApplicationsAll = v.Plural("web.applications.count", list.Total)
	if list.Total > len(list.Items) {
		d.MoreURL = "/applications?offer_id=" + strconv.FormatInt(d.Offer.ID, 10) + "&status=all"
	}
	return nil
}

// myApplications finds the student's own application to the offer, and
// offers the form to apply while there is none (one application per
// offer and student: a withdrawn one is not made again).
func (h *Web) myApplications(ctx context.Context, v *view, d *offerShowData, studentID int64) error {
	list, err := h.reg.Applications(ctx, domain.ApplicationFilter{OfferID: d.Offer.ID, StudentID: studentID})
	if err != nil {
		return err
	}
	for _, a := range list.Items {
		d.Mine = append(d.Mine, applicationRowOf(v, a, d.Next))
	}
	if d.Offer.Status == domain.OfferOpen && len(list.Items) == 0 {
		d.ApplyURL = d.Next + "/apply"
	}
	return nil
}

// offerActions are the enterprise's steps in the offer's state.
func offerActions(v *view, o domain.Offer) []offerAction {
	self := "/offers/" + strconv.FormatInt(o.ID, 10)
	switch o.Status {
	case domain.OfferDraft, domain.OfferReferred:
		return []offerAction{
			{URL: self + "/edit", Label: v.T("web.offer.edit"), Link: true},
			{URL: self + "/submit", Label: v.T("web.offer.submit")},
		}
	case domain.OfferApproved:
		return []offerAction{{URL: self + "/open", Label: v.T("web.offer.open")}}
	case domain.OfferOpen:
		return []offerAction{{URL: self + "/close", Label: v.T("web.offer.close"), Danger: true}}
	}
	return nil
}

// canApprove reports whether u decides on the offer: the partner college
// named on it, else the education department of the site's region. The
// access layer decides; this only keeps buttons away from those it would
// refuse.
func canApprove(u *domain.User, o domain.Offer) bool {
	if u == nil || !auth.Allowed(u.Role, auth.ApproveOffers) {
		return false
	}
	switch u.Role {
	case domain.RoleCollege:
		return o.CollegeID != 0 && o.CollegeID == u.CollegeID
	case domain.RoleRegion:
		return o.CollegeID == 0 && o.RegionID == u.RegionID
	}
	return false
}

// offerBadge is the badge style of a state: those that need nobody's
// attention are grey.
func offerBadge(s domain.OfferStatus) string {
	if s == domain.OfferDraft || s == domain.OfferClosed {
		return "badge off"
	}
	return "badge"
}

// offerDays names the days of a weekly pattern, Monday first.
func offerDays(v *view, w domain.Weekdays) string {
	var names []string
	for i := range 7 {
		if w&(1<<i) != 0 {
			names = append(names, v.T("web.offer.day_short."+strconv.Itoa(i+1)))
		}
	}
	return strings.Join(names, ", ")
}

// offerStipend is a monthly stipend in tenge, or that there is none.
func offerStipend(v *view, tenge int) string {
	if tenge <= 0 {
		return v.T("web.offer.no_stipend")
	}
	return v.T("web.offer.tenge_month", "amount", v.Number(tenge))
}

// textParagraphs splits free text at its line breaks, dropping empty lines.
func textParagraphs(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// offerNotEditable is the refusal to edit an offer past the draft.
func offerNotEditable(o domain.Offer) error {
	return domain.Errorf(domain.ECONFLICT, "error.offer.state", "the offer is %s", o.Status).With("status", string(o.Status))
}

// namedState names the state in a refusal ("not while the offer is
// «submitted»") in the reader's language rather than as stored.
func namedState(p i18n.Printer, err error) error {
	e := domain.AsError(err)
	s, ok := e.Params["status"]
	if !ok {
		return err
	}
	switch e.Key {
	case "error.offer.state":
		return e.With("status", p.T("web.offer.status."+s))
	case "error.application.state":
		return e.With("status", p.T("web.application.status."+s))
	}
	return err
}

// offerStep takes a step of the offer in the path (submit, approve, open,
// close) and goes back to where its button was, with a confirmation. A
// refusal (the wrong state, not the approver) is shown on the offer's page
// in the user's language.
func (h *Web) offerStep(w http.ResponseWriter, r *http.Request, step func(context.Context, int64) error, done string) {
	id, ok := h.postedID(w, r, "offer")
	if !ok {
		return
	}
	if err := step(r.Context(), id); err != nil {
		h.offerRefused(w, r, id, offerProblem{}, err)
		return
	}
	flash(r.Context(), done)
	http.Redirect(w, r, stepReturn(r, "/offers/"+strconv.FormatInt(id, 10)), http.StatusSeeOther)
}

// offerRefused shows the offer's page with the problem of a refused step,
// or the error page when the problem is not the user's to fix.
func (h *Web) offerRefused(w http.ResponseWriter, r *http.Request, id int64, pb offerProblem, err error) {
	v := h.newView(r, "offers")
	labels := map[string]string{"reason": "web.offer.field.reason", "note": "web.application.field.note"}
	if pb.form == "decline" {
		labels["reason"] = "web.application.field.reason"
	}
	fe, status, ok := formProblem(v, namedState(v.p, err), "", labels)
	if !ok {
		h.fail(w, r, err)
		return
	}
	pb.errs = fe
	h.renderOffer(w, r, status, id, pb)
}

// stepReturn is where a form's step returns: the page the form was on (its
// "next" field, a path of this site), else def.
func stepReturn(r *http.Request, def string) string {
	if next := r.PostFormValue("next"); isLocalPath(next) {
		return localPath(next)
	}
	return def
}
