package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// partnershipCreate records an agreement of the reader's college; a
// problem comes back on the form next to its field.
func (h *Web) partnershipCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	var a domain.Partnership
	err := readPartnershipForm(r, &a)
	if err == nil {
		err = h.reg.SavePartnership(r.Context(), &a)
	}
	if err != nil {
		h.renderPartnershipForm(w, r, domain.Partnership{}, err)
		return
	}
	flash(r.Context(), "web.intl.flash.agreement_saved")
	http.Redirect(w, r, "/international/partnerships/"+idString(a.ID), http.StatusSeeOther)
}
