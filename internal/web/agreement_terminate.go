package web

import (
	"net/http"
	"strings"
)

// agreementTerminate ends a live agreement with the reason given; without
// one the form comes back saying it is needed.
func (h *Web) agreementTerminate(w http.ResponseWriter, r *http.Request) {
	a, ok := postedRecord(h, w, r, "agreement", h.reg.Agreement)
	if !ok {
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if err := h.reg.TerminateAgreement(r.Context(), a.ID, reason); err != nil {
		h.agreementRefused(w, r, a.ID, agreementProblem{form: "terminate", reason: clipRunes(reason, maxReasonLen)}, err)
		return
	}
	flash(r.Context(), "web.agreement.flash.terminated")
	http.Redirect(w, r, agreementURL(a.ID), http.StatusSeeOther)
}
