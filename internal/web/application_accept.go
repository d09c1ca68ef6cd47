package web

import (
	"net/http"
	"strconv"
)

// applicationAccept accepts a pending application; the store creates the
// draft agreement in the same transaction, and the application then links
// to it. A refusal (the offer is full, the student already has an
// agreement) is shown on the offer's page.
func (h *Web) applicationAccept(w http.ResponseWriter, r *http.Request) {
	a, ok := postedRecord(h, w, r, "application", h.reg.Application)
	if !ok {
		return
	}
	if _, err := h.reg.AcceptApplication(r.Context(), a.ID); err != nil {
		h.offerRefused(w, r, a.OfferID, offerProblem{}, err)
		return
	}
	flash(r.Context(), "web.application.flash.accepted")
	http.Redirect(w, r, stepReturn(r, "/offers/"+strconv.FormatInt(a.OfferID, 10)), http.StatusSeeOther)
}
