package web

import (
	"net/http"
	"strings"
)

// agreementEnterprise moves the student to another enterprise: the
// agreement ends with the reason and a draft with the new enterprise (and
// mentor, if chosen) opens, to be completed and sent for signature. The
// logbook, hours and assessments stay with the student.
func (h *Web) agreementEnterprise(w http.ResponseWriter, r *http.Request) {
	a, ok := postedRecord(h, w, r, "agreement", h.reg.Agreement)
	if !ok {
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	pb := agreementProblem{form: "enterprise", reason: clipRunes(reason, maxReasonLen), mentorID: strings.TrimSpace(r.PostFormValue("mentor_id"))}
	enterpriseID, err := formID(r, "enterprise_id")
	var mentorID, next int64
	if err == nil {
		pb.enterpriseID = enterpriseID
		mentorID, err = formID(r, "mentor_id")
	}
	if err == nil {
		next, err = h.reg.ChangeEnterprise(r.Context(), a.ID, enterpriseID, mentorID, reason)
	}
	if err != nil {
		h.agreementRefused(w, r, a.ID, pb, err)
		return
	}
	flash(r.Context(), "web.agreement.flash.moved")
	http.Redirect(w, r, agreementURL(next), http.StatusSeeOther)
}
