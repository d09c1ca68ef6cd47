package web

import (
	"net/http"
)

// courseDelete removes a course recorded by mistake, once the correction
// page's confirmation is submitted; the teacher's due date follows the
// courses left.
func (h *Web) courseDelete(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	t, c, err := h.teacherCourse(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.reg.DeleteCourse(r.Context(), c.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	flash(r.Context(), "web.redit.flash.course_removed")
	http.Redirect(w, r, teacherURL(t.TeacherID), http.StatusSeeOther)
}
