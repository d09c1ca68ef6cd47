package web

import (
	"net/http"
	"strings"
)

// agreementMentor names another mentor of the agreement's enterprise, with
// the reason. The approvals stand (the enterprise appoints its mentors);
// the change is recorded with the student's party changes.
func (h *Web) agreementMentor(w http.ResponseWriter, r *http.Request) {
	a, ok := postedRecord(h, w, r, "agreement", h.reg.Agreement)
	if !ok {
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	pb := agreementProblem{form: "mentor", reason: clipRunes(reason, maxReasonLen), mentorID: strings.TrimSpace(r.PostFormValue("mentor_id"))}
	mentorID, err := formID(r, "mentor_id")
	if err == nil {
		err = h.reg.ChangeMentor(r.Context(), a.ID, mentorID, reason)
	}
	if err != nil {
		h.agreementRefused(w, r, a.ID, pb, err)
		return
	}
	flash(r.Context(), "web.agreement.flash.mentor")
	http.Redirect(w, r, agreementURL(a.ID), http.StatusSeeOther)
}
