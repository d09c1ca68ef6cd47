package web

import (
	"net/http"
)

// internshipUpdate saves a correction of a teacher's internship; a
// problem (a BIN of no enterprise, a period not yet ended) comes back on
// the form next to its field.
func (h *Web) internshipUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	t, stored, err := h.teacherInternship(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in, err := h.readInternshipForm(r, t.TeacherID)
	if err == nil {
		in.ID = stored.ID
		err = h.reg.UpdateInternship(r.Context(), &in)
	}
	if err != nil {
		h.renderInternshipEdit(w, r, t, stored, err)
		return
	}
	flash(r.Context(), "web.redit.flash.saved")
	http.Redirect(w, r, teacherURL(t.TeacherID), http.StatusSeeOther)
}
