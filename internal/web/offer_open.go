package web

import "net/http"

// offerOpen opens an approved offer to students' applications.
func (h *Web) offerOpen(w http.ResponseWriter, r *http.Request) {
	h.offerStep(w, r, h.reg.OpenOffer, "web.offer.flash.opened")
}
