package web

import (
	"net/http"
)

// specialistCreate records a foreign manager or specialist of the
// reader's college; a problem comes back on the form next to its field.
func (h *Web) specialistCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	s := readSpecialistForm(r)
	if err := h.reg.SaveForeignSpecialist(r.Context(), &s); err != nil {
		h.renderSpecialistList(w, r, err)
		return
	}
	flash(r.Context(), "web.intl.flash.specialist_saved")
	http.Redirect(w, r, "/international/specialists", http.StatusSeeOther)
}
