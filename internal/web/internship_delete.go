package web

import (
	"net/http"
)

// internshipDelete removes an internship recorded by mistake, once the
// correction page's confirmation is submitted.
func (h *Web) internshipDelete(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	t, in, err := h.teacherInternship(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.reg.DeleteInternship(r.Context(), in.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	flash(r.Context(), "web.redit.flash.internship_removed")
	http.Redirect(w, r, teacherURL(t.TeacherID), http.StatusSeeOther)
}
