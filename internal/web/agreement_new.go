package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// agreementNew shows the form that drafts an agreement for the student of
// ?student=; without one it first finds the student by name or IIN (?q=).
// Enterprise HR drafts with its own enterprise; a college coordinator then
// finds the enterprise by name or BIN (?q=) and chooses it
// (?enterprise_id=), which brings the enterprise's mentors to the form.
func (h *Web) agreementNew(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	d := agreementFormData{StudentID: q.number("student"), EnterpriseID: q.number("enterprise_id")}
	search := q.text("q")
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	if d.StudentID <= 0 {
		h.renderStudentPicker(w, r, search)
		return
	}
	if u := domain.ActorFrom(r.Context()).User; u != nil && u.Role == domain.RoleEnterprise {
		d.EnterpriseID = u.EnterpriseID
	}
	if d.EnterpriseID == 0 {
		d.pick, d.pickQ = true, search
	}
	h.renderAgreementForm(w, r, http.StatusOK, d)
}

// renderStudentPicker is the first step of a new agreement opened without
// a student: find the student by name or IIN.
func (h *Web) renderStudentPicker(w http.ResponseWriter, r *http.Request, search string) {
	v := h.newView(r, "agreements")
	p, err := h.studentPicker(r.Context(), v, search)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v.Title = v.T("web.agreement.new.title")
	v.Data = agreementFormData{Picker: p, CancelURL: "/agreements"}
	h.render(w, r, http.StatusOK, "agreement_form", v)
}

// agreementCreate drafts the agreement (the access layer checks the
// student is the coordinator's, or has to do with the enterprise) and
// opens it. Problems come back on the form, naming the field.
func (h *Web) agreementCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	d := agreementFormOf(r)
	var err error
	if d.StudentID, err = formID(r, "student_id"); err != nil || d.StudentID == 0 {
		h.fail(w, r, domain.Invalid("student", "error.agreement.choose_student", "choose the student"))
		return
	}
	if d.EnterpriseID, err = formID(r, "enterprise_id"); err != nil {
		h.fail(w, r, err)
		return
	}
	if u := domain.ActorFrom(r.Context()).User; u != nil && u.Role == domain.RoleEnterprise {
		d.EnterpriseID = u.EnterpriseID
	}
	t, err := readAgreementTerms(r)
	a := domain.Agreement{StudentID: d.StudentID, EnterpriseID: d.EnterpriseID, MentorID: t.MentorID, Position: t.Position,
		StartsOn: t.StartsOn, EndsOn: t.EndsOn, Weekdays: t.Weekdays, HoursPerWeek: t.HoursPerWeek, StipendTenge: t.StipendTenge,
		MentorPay: t.MentorPay, GuardianName: t.GuardianName}
	if err == nil {
		err = h.reg.CreateAgreement(r.Context(), &a)
	}
	if err != nil {
		d.pick = d.EnterpriseID == 0
		h.agreementFormProblem(w, r, err, d)
		return
	}
	flash(r.Context(), "web.agreement.flash.created")
	http.Redirect(w, r, agreementURL(a.ID), http.StatusSeeOther)
}
