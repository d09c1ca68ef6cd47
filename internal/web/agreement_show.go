package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/document"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// agreementFact is one line of the agreement's details.
type agreementFact struct {
	Label, Value, URL string
	Code              bool
}

// agreementParty is a party's approval of the current version: who and
// when, or waiting; Approve is the reader's button to approve as it.
type agreementParty struct {
	Label, Name string
	Approved    bool
	By, At      string
	Approve     string // the button's label; empty when the reader cannot approve as this party
	Party       string
}

// agreementApproval is an approval of an older version, cleared by an edit.
type agreementApproval struct {
	Version, Party, By, At string
}

// agreementChange is a change of mentor or enterprise during training.
type agreementChange struct {
	At, Kind, From, To, Reason, By string
}

type agreementShowData struct {
	ID                     int64
	Self                   string
	Heading, Number        string
	Status                 agreementBadge
	Version                int
	Lead                   string // what the state means and what comes next
	Cleared                string // the edit that cleared approvals, while they are given again
	Student, Terms, Record []agreementFact
	Parties                []agreementParty
	History                []agreementApproval
	Changes                []agreementChange
	PDFs                   []agreementFact
	// Problem is a refused step without a form of its own (an approval of
	// a version changed meanwhile, say).
	Problem string

	// The reader's steps: a link, POST buttons, and forms with a reason.
	EditURL, SendURL, CompleteURL string
	Terminate                     *agreementReasonForm
	Mentor                        *agreementReasonForm
	Enterprise                    *agreementReasonForm
}

// agreementReasonForm is a step that needs a reason (terminate, change of
// mentor or enterprise), with its choices and its problem.
type agreementReasonForm struct {
	URL         string
	ID          string // of the reason field, unique on the page
	ReasonLabel string
	Reason      string
	Errors      formErrors
	Mentors     []option
	Note        string // why no mentor is listed, if none is
	// The change of enterprise: the search for the new one (GET forms
	// back to this page), then the chosen enterprise.
	Picker       *recordPicker
	EnterpriseID int64
	Enterprise   string
	OtherURL     string
}

// agreementProblem is a refused step to show on the agreement's page:
// which form it concerns ("terminate", "mentor", "enterprise" or none),
// its translated problem and what the user chose and typed.
type agreementProblem struct {
	form         string
	errs         formErrors
	reason       string
	mentorID     string
	enterpriseID int64
}

// agreementShow shows an agreement: every term, the parties with their
// approval of the current version, the approvals an edit cleared, the
// changes of mentor and enterprise, the PDF in Kazakh and Russian, and the
// steps the reader may take in its state.
func (h *Web) agreementShow(w http.ResponseWriter, r *http.Request) {
	a, ok := pathRecord(h, w, r, "agreement", h.reg.Agreement)
	if !ok {
		return
	}
	q := newQuery(r)
	pb := agreementProblem{enterpriseID: q.number("enterprise_id")}
	search := q.text("enterprise_q")
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	h.renderAgreement(w, r, http.StatusOK, a, pb, search)
}

// renderAgreement renders the agreement's page with status, and the
// problem of a refused step next to its form. search is the change of
// enterprise's search text.
func (h *Web) renderAgreement(w http.ResponseWriter, r *http.Request, status int, a domain.Agreement, pb agreementProblem, search string) {
	ctx := r.Context()
	v := h.newView(r, "agreements")
	d := agreementShowData{
		ID:      a.ID,
		Self:    agreementURL(a.ID),
		Heading: a.Student.Full(),
		Number:  v.T("web.agreement.number", "n", strconv.FormatInt(a.ID, 10)),
		Status:  agreementBadgeOf(v, a.Status),
		Version: a.Version,
	}
	agreementFacts(v, a, &d)
	agreementParties(v, a, &d)
	if err := h.agreementHistory(ctx, v, a, &d); err != nil {
		h.fail(w, r, err)
		return
	}
	for _, lang := range document.Languages {
		d.PDFs = append(d.PDFs, agreementFact{Label: v.T("web.agreement.pdf." + lang), URL: d.Self + "/pdf?lang=" + lang})
	}
	if err := h.agreementSteps(ctx, v, a, &d, pb, search); err != nil {
		h.fail(w, r, err)
		return
	}
	v.Title = d.Number + " · " + d.Heading
	v.Data = d
	h.render(w, r, status, "agreement_show", v)
}

// agreementFacts lists the student, the terms and, once it ended, how.
func agreementFacts(v *view, a domain.Agreement, d *agreementShowData) {
	birth := agreementFact{Label: v.T("web.field.birth_date"), Value: v.Date(a.StudentBirth)}
	if a.Masked {
		birth = agreementFact{Label: v.T("web.field.birth_year"), Value: strconv.Itoa(a.StudentBirth.Year())}
	}
	qualification := a.Qualification.In(v.Lang)
	if a.QualificationCode != "" {
		qualification = a.QualificationCode + " " + qualification
	}
	d.Student = []agreementFact{
		{Label: v.T("web.agreement.field.student"), Value: a.Student.Full(), URL: "/students/" + strconv.FormatInt(a.StudentID, 10)},
		{Label: v.T("web.field.iin"), Value: a.StudentIIN, Code: true},
		birth,
		{Label: v.T("web.agreement.field.group"), Value: a.GroupCode},
		{Label: v.T("web.agreement.field.qualification"), Value: qualification},
		{Label: v.T("web.agreement.field.college"), Value: a.College.In(v.Lang), URL: "/colleges/" + strconv.FormatInt(a.CollegeID, 10)},
		{Label: v.T("web.agreement.field.enterprise"), Value: a.Enterprise.In(v.Lang) + " · " + v.T("web.agreement.bin", "bin", a.EnterpriseBIN),
			URL: "/enterprises/" + strconv.FormatInt(a.EnterpriseID, 10)},
	}
	if a.GuardianRequired() || a.GuardianName != "" {
		d.Student = append(d.Student, agreementFact{Label: v.T("web.agreement.field.guardian"), Value: orDash(a.GuardianName)})
	}
	mentor := agreementFact{Label: v.T("web.agreement.field.mentor"), Value: orDash(a.Mentor)}
	if a.MentorID != 0 && v.Can(string(auth.ReadMentors)) {
		mentor.URL = "/mentors/" + strconv.FormatInt(a.MentorID, 10)
	}
	weeks := len(domain.Weeks(a.StartsOn, a.EndsOn))
	d.Terms = []agreementFact{
		{Label: v.T("web.agreement.field.period"), Value: v.Date(a.StartsOn) + " – " + v.Date(a.EndsOn)},
		{Label: v.T("web.agreement.field.weekdays"), Value: agreementDays(v, a.Weekdays)},
		{Label: v.T("web.agreement.field.hours_per_week"), Value: v.Number(a.HoursPerWeek)},
		{Label: v.T("web.agreement.field.planned"), Value: v.T("web.agreement.planned",
			"total", v.Number(a.PlannedHours()), "weeks", v.Number(weeks), "hours", v.Number(a.HoursPerWeek))},
		{Label: v.T("web.agreement.field.position"), Value: a.Position},
		mentor,
		{Label: v.T("web.agreement.field.stipend"), Value: agreementMoney(v, a.StipendTenge)},
		{Label: v.T("web.agreement.field.mentor_pay"), Value: agreementMoney(v, a.MentorPay)},
	}
	d.Record = []agreementFact{{Label: v.T("web.agreement.field.created"), Value: v.Time(a.CreatedAt)}}
	// An edit sends an agreement in force back for signatures: the day it
	// came into force then says nothing about now.
	if !a.ActiveOn.IsZero() && a.Status != domain.AgreementAwaiting {
		d.Record = append(d.Record, agreementFact{Label: v.T("web.agreement.field.active_on"), Value: v.Date(a.ActiveOn)})
	}
	if !a.EndedOn.IsZero() {
		d.Record = append(d.Record, agreementFact{Label: v.T("web.agreement.field.ended_on"), Value: v.Date(a.EndedOn)})
	}
	if a.EndReason != "" {
		d.Record = append(d.Record, agreementFact{Label: v.T("web.agreement.field.end_reason"), Value: a.EndReason})
	}
	if a.PreviousID != 0 {
		d.Record = append(d.Record, agreementFact{Label: v.T("web.agreement.field.previous"),
			Value: v.T("web.agreement.number", "n", strconv.FormatInt(a.PreviousID, 10)), URL: agreementURL(a.PreviousID)})
	}
}

// agreementParties lists the required parties with their approval of the
// current version, and what the state means.
func agreementParties(v *view, a domain.Agreement, d *agreementShowData) {
	names := map[domain.Party]string{
		domain.PartyCollege:    a.College.In(v.Lang),
		domain.PartyEnterprise: a.Enterprise.In(v.Lang),
		domain.PartyStudent:    a.Student.Full(),
		domain.PartyGuardian:   orDash(a.GuardianName),
	}
	required := a.RequiredParties()
	done := 0
	for _, p := range required {
		row := agreementParty{Label: v.T("web.agreement.party." + string(p)), Name: names[p], Party: string(p)}
		for _, ap := range a.Approvals {
			if ap.Party == p && ap.Version == a.Version && !ap.Cleared {
				row.Approved, row.By, row.At = true, ap.Name, v.Time(ap.At)
				done++
			}
		}
		if !row.Approved && a.Status == domain.AgreementAwaiting && mayApproveAs(v.User, p) {
			row.Approve = v.T("web.agreement.approve." + string(p))
		}
		d.Parties = append(d.Parties, row)
	}
	switch a.Status {
	case domain.AgreementAwaiting:
		d.Lead = v.T("web.agreement.lead.awaiting", "done", strconv.Itoa(done), "total", strconv.Itoa(len(required)))
	default:
		d.Lead = v.T("web.agreement.lead." + string(a.Status))
	}
	// An edit cleared the approvals of the version before: say so until
	// every party has approved the new one.
	if a.Status == domain.AgreementAwaiting || a.Status == domain.AgreementDraft {
		for _, ap := range a.Approvals {
			if ap.Cleared || ap.Version < a.Version {
				d.Cleared = v.T("web.agreement.cleared", "version", strconv.Itoa(a.Version))
				break
			}
		}
	}
	for _, ap := range a.Approvals {
		if ap.Cleared || ap.Version < a.Version {
			d.History = append(d.History, agreementApproval{Version: strconv.Itoa(ap.Version),
				Party: v.T("web.agreement.party." + string(ap.Party)), By: ap.Name, At: v.Time(ap.At)})
		}
	}
}

// mayApproveAs reports whether u approves an agreement as party: each
// party as itself, and the college for the guardian, who approves in
// person. The access layer decides; this only keeps buttons away from
// those it would refuse.
func mayApproveAs(u *domain.User, p domain.Party) bool {
	if u == nil || !auth.Allowed(u.Role, auth.ApproveAgreements) {
		return false
	}
	switch u.Role {
	case domain.RoleCollege:
		return p == domain.PartyCollege || p == domain.PartyGuardian
	case domain.RoleEnterprise:
		return p == domain.PartyEnterprise
	case domain.RoleStudent:
		return p == domain.PartyStudent
	}
	return false
}

// agreementHistory lists the student's changes of mentor and enterprise,
// each party named in the reader's language. A reader who sees the
// agreement but no longer the student (an enterprise the student left)
// sees no changes.
func (h *Web) agreementHistory(ctx context.Context, v *view, a domain.Agreement, d *agreementShowData) error {
	changes, err := h.reg.PartyChanges(ctx, a.StudentID)
	if code := domain.ErrorCode(err); code == domain.ENOTFOUND || code == domain.EFORBIDDEN {
		return nil
	}
	if err != nil {
		return err
	}
	for _, c := range changes {
		row := agreementChange{At: v.Time(c.At), Kind: v.T("web.agreement.change." + c.Kind), Reason: c.Reason, By: c.By}
		switch c.Kind {
		case domain.ChangeEnterprise:
			row.From, row.To = h.enterpriseName(ctx, v, c.FromID), h.enterpriseName(ctx, v, c.ToID)
		default:
			row.From, row.To = h.mentorName(ctx, v, c.FromID), h.mentorName(ctx, v, c.ToID)
		}
		d.Changes = append(d.Changes, row)
	}
	return nil
}

// enterpriseName and mentorName name a party of a change; one the reader
// may not see is named by its number.
func (h *Web) enterpriseName(ctx context.Context, v *view, id int64) string {
	if id == 0 {
		return "—"
	}
	if e, err := h.reg.Enterprise(ctx, id); err == nil {
		return e.Name.In(v.Lang)
	}
	return v.T("web.agreement.record", "n", strconv.FormatInt(id, 10))
}

func (h *Web) mentorName(ctx context.Context, v *view, id int64) string {
	if id == 0 {
		return "—"
	}
	if v.Can(string(auth.ReadMentors)) {
		if m, err := h.reg.Mentor(ctx, id); err == nil {
			return m.Name
		}
	}
	return v.T("web.agreement.record", "n", strconv.FormatInt(id, 10))
}

// agreementSteps offers the reader's steps in the agreement's state: the
// college and the enterprise edit, send for signature, terminate and
// change the mentor; the college completes and moves the student to
// another enterprise. Approvals are the parties' buttons.
func (h *Web) agreementSteps(ctx context.Context, v *view, a domain.Agreement, d *agreementShowData, pb agreementProblem, search string) error {
	switch pb.form {
	case "terminate", "mentor", "enterprise":
	default:
		d.Problem = pb.errs.Summary
	}
	if !v.Can(string(auth.WriteAgreements)) || !a.Status.Live() {
		return nil
	}
	college := v.User != nil && v.User.Role == domain.RoleCollege
	d.EditURL = d.Self + "/edit"
	if a.Status == domain.AgreementDraft {
		d.SendURL = d.Self + "/send"
	}
	if college && a.Status == domain.AgreementActive && !h.logbookToday().Before(a.EndsOn) {
		d.CompleteURL = d.Self + "/complete"
	}
	reasonLabel := v.T("web.agreement.field.reason")
	d.Terminate = &agreementReasonForm{URL: d.Self + "/terminate", ID: "terminate-reason", ReasonLabel: reasonLabel}
	if pb.form == "terminate" {
		d.Terminate.Errors, d.Terminate.Reason = pb.errs, pb.reason
	}
	if a.Status != domain.AgreementDraft {
		// In a draft the mentor is one of the terms, chosen on the form.
		m := &agreementReasonForm{URL: d.Self + "/mentor", ID: "mentor-reason", ReasonLabel: reasonLabel}
		selected := idText(a.MentorID)
		if pb.form == "mentor" {
			m.Errors, m.Reason, selected = pb.errs, pb.reason, pb.mentorID
		}
		if err := h.mentorOptions(ctx, v, a.EnterpriseID, selected, &m.Mentors); err != nil {
			return err
		}
		d.Mentor = m
	}
	if college && a.Status == domain.AgreementActive {
		e := &agreementReasonForm{URL: d.Self + "/enterprise", ID: "enterprise-reason", ReasonLabel: reasonLabel, EnterpriseID: pb.enterpriseID}
		if pb.form == "enterprise" {
			e.Errors, e.Reason = pb.errs, pb.reason
		}
		if e.EnterpriseID == 0 {
			p, err := h.enterprisePicker(ctx, v, d.Self, "enterprise_q", search)
			if err != nil {
				return err
			}
			p.Anchor = "#change-enterprise"
			e.Picker = p
		} else {
			other, err := h.reg.Enterprise(ctx, e.EnterpriseID)
			if err != nil {
				return unknownRef(err, "enterprise_id", "error.enterprise.unknown")
			}
			e.Enterprise, e.OtherURL = other.Name.In(v.Lang), d.Self+"#change-enterprise"
			if err := h.mentorOptions(ctx, v, e.EnterpriseID, pb.mentorID, &e.Mentors); err != nil {
				return err
			}
			if len(e.Mentors) == 0 {
				e.Note = v.T("web.agreement.no_mentors")
			}
		}
		d.Enterprise = e
	}
	return nil
}

// agreementDays names the days of a weekly pattern, Monday first.
func agreementDays(v *view, w domain.Weekdays) string {
	var names []string
	for _, day := range w.Days() {
		names = append(names, v.T("web.agreement.day."+strconv.Itoa(isoWeekday(day))))
	}
	return orDash(strings.Join(names, ", "))
}

// agreementMoney is a monthly amount in tenge, or that there is none.
func agreementMoney(v *view, tenge int) string {
	if tenge <= 0 {
		return v.T("web.agreement.no_money")
	}
	return v.T("web.agreement.tenge_month", "amount", v.Number(tenge))
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// agreementStep takes a step of the agreement in the path (send, complete)
// and comes back to its page with a confirmation; a refusal is shown on
// the page in the user's language.
func (h *Web) agreementStep(w http.ResponseWriter, r *http.Request, step func(context.Context, int64) error, done string) {
	a, ok := postedRecord(h, w, r, "agreement", h.reg.Agreement)
	if !ok {
		return
	}
	if err := step(r.Context(), a.ID); err != nil {
		h.agreementRefused(w, r, a.ID, agreementProblem{}, err)
		return
	}
	flash(r.Context(), done)
	http.Redirect(w, r, agreementURL(a.ID), http.StatusSeeOther)
}

// agreementRefused shows the agreement's page with the problem of a
// refused step, or the error page when the problem is not the user's to
// fix. The agreement is read again: the refusal may be that it changed.
func (h *Web) agreementRefused(w http.ResponseWriter, r *http.Request, id int64, pb agreementProblem, err error) {
	v := h.newView(r, "agreements")
	fe, status, ok := formProblem(v, agreementStateNamed(v, err), "", agreementLabels)
	if !ok {
		h.fail(w, r, err)
		return
	}
	a, lerr := h.reg.Agreement(r.Context(), id)
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	pb.errs = fe
	h.renderAgreement(w, r, status, a, pb, "")
}
