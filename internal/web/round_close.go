package web

import "net/http"

// roundClose ends acceptance: places not accepted by now are declined and
// their seats left to a supplementary round.
func (h *Web) roundClose(w http.ResponseWriter, r *http.Request) {
	h.roundStep(w, r, h.reg.CloseRound, "web.round.flash.closed")
}
