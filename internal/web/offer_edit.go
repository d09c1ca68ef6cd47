package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
)

// offerEdit shows the form of a draft or referred offer; other states are
// no longer the enterprise's to change, and the offer's page says why.
func (h *Web) offerEdit(w http.ResponseWriter, r *http.Request) {
	o, ok := pathRecord(h, w, r, "offer", h.reg.Offer)
	if !ok {
		return
	}
	if !o.Editable() {
		h.fail(w, r, namedState(i18n.For(i18n.FromRequest(r)), offerNotEditable(o)))
		return
	}
	h.renderOfferForm(w, r, http.StatusOK, offerFormFrom(o))
}

// offerUpdate changes a draft or referred offer.
func (h *Web) offerUpdate(w http.ResponseWriter, r *http.Request) {
	o, ok := postedRecord(h, w, r, "offer", h.reg.Offer)
	if !ok {
		return
	}
	ctx := r.Context()
	err := h.readOfferForm(ctx, r, &o)
	if err == nil {
		err = h.reg.SaveOffer(ctx, &o)
	}
	if err != nil {
		d := offerFormOf(r)
		d.ID = o.ID
		if o.Status == domain.OfferReferred {
			d.ReferralReason = o.ReferralReason
		}
		h.offerFormProblem(w, r, err, d)
		return
	}
	flash(ctx, "web.offer.flash.saved")
	http.Redirect(w, r, "/offers/"+strconv.FormatInt(o.ID, 10), http.StatusSeeOther)
}
