package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// teacherProfileSave sets a teacher's category and subjects (the college).
func (h *Web) teacherProfileSave(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "teacher")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	p := domain.TeacherProfile{TeacherID: id, Category: r.PostFormValue("category"), Subjects: postedSubjects(r)}
	if err := h.reg.SaveTeacherProfile(r.Context(), &p); err != nil {
		h.renderTeacherDev(w, r, "profile", err)
		return
	}
	flash(r.Context(), "web.tdev.flash.profile_saved")
	http.Redirect(w, r, teacherURL(id), http.StatusSeeOther)
}
