package web

import "net/http"

// roundPublish makes the results visible to the students, who accept or
// decline their places: allocated → published.
func (h *Web) roundPublish(w http.ResponseWriter, r *http.Request) {
	h.roundStep(w, r, h.reg.PublishRound, "web.round.flash.published")
}
