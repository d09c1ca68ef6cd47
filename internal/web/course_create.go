package web

import (
	"net/http"
)

// courseCreate records a completed professional development course; the
// teacher's due date moves with it.
func (h *Web) courseCreate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "teacher")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	c := readCourseForm(r, id)
	if err := h.reg.RecordCourse(r.Context(), &c); err != nil {
		h.renderTeacherDev(w, r, "course", err)
		return
	}
	flash(r.Context(), "web.tdev.flash.course_saved")
	http.Redirect(w, r, teacherURL(id), http.StatusSeeOther)
}
