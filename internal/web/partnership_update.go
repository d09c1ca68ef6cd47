package web

import (
	"net/http"
)

// partnershipUpdate changes an agreement of the reader's college (its
// status once signed or ended, the period, the terms).
func (h *Web) partnershipUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "partnership")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	a, err := h.reg.Partnership(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	stored := a
	err = readPartnershipForm(r, &a)
	if err == nil {
		err = h.reg.SavePartnership(ctx, &a)
	}
	if err != nil {
		h.renderPartnership(w, r, stored, err)
		return
	}
	flash(ctx, "web.intl.flash.agreement_saved")
	http.Redirect(w, r, "/international/partnerships/"+idString(a.ID), http.StatusSeeOther)
}
