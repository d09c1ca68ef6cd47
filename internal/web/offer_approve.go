package web

import "net/http"

// offerApprove approves a submitted offer: the partner college or the regional department.
func (h *Web) offerApprove(w http.ResponseWriter, r *http.Request) {
	h.offerStep(w, r, h.reg.ApproveOffer, "web.offer.flash.approved")
}
