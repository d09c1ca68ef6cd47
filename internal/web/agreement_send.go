package web

import "net/http"

// agreementSend sends a draft to the parties for their approval.
func (h *Web) agreementSend(w http.ResponseWriter, r *http.Request) {
	h.agreementStep(w, r, h.reg.SendForSignature, "web.agreement.flash.sent")
}
