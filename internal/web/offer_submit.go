package web

import "net/http"

// offerSubmit sends a draft or referred offer to its approver.
func (h *Web) offerSubmit(w http.ResponseWriter, r *http.Request) {
	h.offerStep(w, r, h.reg.SubmitOffer, "web.offer.flash.submitted")
}
