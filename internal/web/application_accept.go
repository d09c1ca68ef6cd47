package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// applicationAccept accepts a pending application; the store creates the
// draft agreement in the same transaction, and the application then links
// to it. A refusal (the offer is full, the student already has an
// agreement) is shown on the offer's page.
func (h *Web) applicationAccept(w http.ResponseWriter, r *http.Request) {
	a, ok := h.postedApplication(w, r)
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

// postedApplication reads the form of a step on the application in the
// path and loads the application, answering the request itself (ok false)
// when either fails.
func (h *Web) postedApplication(w http.ResponseWriter, r *http.Request) (domain.Application, bool) {
	id, err := pathID(r, "application")
	if err != nil {
		h.fail(w, r, err)
		return domain.Application{}, false
	}
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return domain.Application{}, false
	}
	a, err := h.reg.Application(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return domain.Application{}, false
	}
	return a, true
}
