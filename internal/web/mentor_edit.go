package web

import (
	"net/http"
	"strconv"
)

// mentorEdit shows the form of a mentor of the user's enterprise.
func (h *Web) mentorEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "mentor")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m, err := h.reg.Mentor(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderMentorForm(w, r, http.StatusOK, mentorFormFrom(m))
}

// mentorUpdate changes a mentor of the user's enterprise.
func (h *Web) mentorUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "mentor")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	m, err := h.reg.Mentor(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	err = readMentorForm(r, &m)
	if err == nil {
		err = h.reg.SaveMentor(ctx, &m)
	}
	if err != nil {
		d := mentorFormOf(r)
		d.ID = id
		h.mentorFormProblem(w, r, err, d)
		return
	}
	flash(ctx, "web.mentor.flash.saved")
	http.Redirect(w, r, "/mentors/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
}
