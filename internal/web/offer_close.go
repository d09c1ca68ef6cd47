package web

import "net/http"

// offerClose closes an open offer; the store declines the applications still pending.
func (h *Web) offerClose(w http.ResponseWriter, r *http.Request) {
	h.offerStep(w, r, h.reg.CloseOffer, "web.offer.flash.closed")
}
