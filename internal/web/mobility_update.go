package web

import (
	"net/http"
)

// mobilityUpdate saves a correction of a mobility of the reader's
// college; a problem comes back on the form next to its field.
func (h *Web) mobilityUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	stored, err := h.ownMobility(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m, err := readMobilityForm(r)
	if err == nil {
		m.ID = stored.ID
		err = h.reg.SaveMobility(r.Context(), &m)
	}
	if err != nil {
		h.renderMobilityEdit(w, r, stored, err)
		return
	}
	flash(r.Context(), "web.redit.flash.saved")
	http.Redirect(w, r, "/international/mobility", http.StatusSeeOther)
}
