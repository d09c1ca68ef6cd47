package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
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
	c := domain.Course{TeacherID: id, Course: r.PostFormValue("course"), Provider: r.PostFormValue("provider"),
		Hours: postedNumber(r, "hours", 0), Certificate: r.PostFormValue("certificate"),
		StartsOn: postedDate(r, "starts_on"), EndsOn: postedDate(r, "ends_on")}
	if err := h.reg.RecordCourse(r.Context(), &c); err != nil {
		h.renderTeacherDev(w, r, "course", err)
		return
	}
	flash(r.Context(), "web.tdev.flash.course_saved")
	http.Redirect(w, r, teacherURL(id), http.StatusSeeOther)
}
