package web

import "net/http"

// agreementComplete closes an active agreement on or after its last day.
func (h *Web) agreementComplete(w http.ResponseWriter, r *http.Request) {
	h.agreementStep(w, r, h.reg.CompleteAgreement, "web.agreement.flash.completed")
}
