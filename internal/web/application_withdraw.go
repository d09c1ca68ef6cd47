package web

import (
	"net/http"
	"strconv"
)

// applicationWithdraw lets a student take back a pending application.
func (h *Web) applicationWithdraw(w http.ResponseWriter, r *http.Request) {
	a, ok := postedRecord(h, w, r, "application", h.reg.Application)
	if !ok {
		return
	}
	if err := h.reg.WithdrawApplication(r.Context(), a.ID); err != nil {
		h.offerRefused(w, r, a.OfferID, offerProblem{}, err)
		return
	}
	flash(r.Context(), "web.application.flash.withdrawn")
	http.Redirect(w, r, stepReturn(r, "/offers/"+strconv.FormatInt(a.OfferID, 10)), http.StatusSeeOther)
}
