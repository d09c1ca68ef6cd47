package web

import (
	"net/http"
)

// specialistUpdate saves a correction of a foreign specialist of the
// reader's college; a problem comes back on the form next to its field.
func (h *Web) specialistUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	stored, err := h.ownSpecialist(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	s := readSpecialistForm(r)
	s.ID = stored.ID
	if err := h.reg.SaveForeignSpecialist(r.Context(), &s); err != nil {
		h.renderSpecialistEdit(w, r, stored, err)
		return
	}
	flash(r.Context(), "web.redit.flash.saved")
	http.Redirect(w, r, "/international/specialists", http.StatusSeeOther)
}
