package web

import (
	"net/http"
)

// courseUpdate saves a correction of a teacher's course; the teacher's due
// date follows. A problem comes back on the form next to its field.
func (h *Web) courseUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	t, stored, err := h.teacherCourse(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	c := readCourseForm(r, t.TeacherID)
	c.ID = stored.ID
	if err := h.reg.UpdateCourse(r.Context(), &c); err != nil {
		h.renderCourseEdit(w, r, t, stored, err)
		return
	}
	flash(r.Context(), "web.redit.flash.saved")
	http.Redirect(w, r, teacherURL(t.TeacherID), http.StatusSeeOther)
}
