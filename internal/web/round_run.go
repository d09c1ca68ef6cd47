package web

import "net/http"

// roundRun runs the allocation engine over the students' lists: open (or
// allocated, to run again) → allocated, a preview for the organiser.
func (h *Web) roundRun(w http.ResponseWriter, r *http.Request) {
	h.roundStep(w, r, h.reg.RunRound, "web.round.flash.ran")
}
