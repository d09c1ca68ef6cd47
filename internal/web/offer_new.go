package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// offerNew shows the form for a new placement offer of the user's
// enterprise.
func (h *Web) offerNew(w http.ResponseWriter, r *http.Request) {
	h.renderOfferForm(w, r, http.StatusOK, offerFormData{})
}

// offerCreate saves a new offer as a draft of the user's enterprise.
// Problems come back on the form, naming the field.
func (h *Web) offerCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	o := domain.Offer{}
	if u := domain.ActorFrom(ctx).User; u != nil {
		o.EnterpriseID = u.EnterpriseID
	}
	err := h.readOfferForm(ctx, r, &o)
	if err == nil {
		err = h.reg.SaveOffer(ctx, &o)
	}
	if err != nil {
		h.offerFormProblem(w, r, err, offerFormOf(r))
		return
	}
	flash(ctx, "web.offer.flash.created")
	http.Redirect(w, r, "/offers/"+strconv.FormatInt(o.ID, 10), http.StatusSeeOther)
}
