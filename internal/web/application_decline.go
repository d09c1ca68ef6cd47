package web

import (
	"net/http"
	"strconv"
	"strings"
)

// applicationDecline declines a pending application with the enterprise's
// reason, which the student sees; without one the form comes back on the
// offer's page saying it is needed.
func (h *Web) applicationDecline(w http.ResponseWriter, r *http.Request) {
	a, ok := postedRecord(h, w, r, "application", h.reg.Application)
	if !ok {
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if err := h.reg.DeclineApplication(r.Context(), a.ID, reason); err != nil {
		h.offerRefused(w, r, a.OfferID, offerProblem{form: "decline", applicationID: a.ID, text: clipRunes(reason, maxReasonLen)}, err)
		return
	}
	flash(r.Context(), "web.application.flash.declined")
	http.Redirect(w, r, stepReturn(r, "/offers/"+strconv.FormatInt(a.OfferID, 10)), http.StatusSeeOther)
}
