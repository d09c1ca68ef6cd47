package web

import (
	"net/http"
)

// mobilityCreate records a mobility of the reader's college; a problem
// (a student of another college, a partner of another country) comes back
// on the form next to its field.
func (h *Web) mobilityCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	m, err := readMobilityForm(r)
	if err == nil {
		err = h.reg.SaveMobility(r.Context(), &m)
	}
	if err != nil {
		h.renderMobilityList(w, r, err)
		return
	}
	flash(r.Context(), "web.intl.flash.mobility_saved")
	http.Redirect(w, r, "/international/mobility", http.StatusSeeOther)
}
