package web

import (
	"net/http"
	"strconv"
)

// mentorEdit shows the form of a mentor of the user's enterprise.
func (h *Web) mentorEdit(w http.ResponseWriter, r *http.Request) {
	m, ok := pathRecord(h, w, r, "mentor", h.reg.Mentor)
	if !ok {
		return
	}
	h.renderMentorForm(w, r, http.StatusOK, mentorFormFrom(m))
}

// mentorUpdate changes a mentor of the user's enterprise.
func (h *Web) mentorUpdate(w http.ResponseWriter, r *http.Request) {
	m, ok := postedRecord(h, w, r, "mentor", h.reg.Mentor)
	if !ok {
		return
	}
	ctx := r.Context()
	err := readMentorForm(r, &m)
	if err == nil {
		err = h.reg.SaveMentor(ctx, &m)
	}
	if err != nil {
		d := mentorFormOf(r)
		d.ID = m.ID
		h.mentorFormProblem(w, r, err, d)
		return
	}
	flash(ctx, "web.mentor.flash.saved")
	http.Redirect(w, r, "/mentors/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
}
