package web

import (
	"net/http"
)

// internshipCreate records a completed industry internship at an
// enterprise of the registry, named by its BIN.
func (h *Web) internshipCreate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "teacher")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	in, err := h.readInternshipForm(r, id)
	if err == nil {
		err = h.reg.RecordInternship(ctx, &in)
	}
	if err != nil {
		h.renderTeacherDev(w, r, "internship", err)
		return
	}
	flash(ctx, "web.tdev.flash.internship_saved")
	http.Redirect(w, r, teacherURL(id), http.StatusSeeOther)
}
