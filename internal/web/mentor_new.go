package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// mentorNew shows the form for a new mentor of the user's enterprise.
func (h *Web) mentorNew(w http.ResponseWriter, r *http.Request) {
	h.renderMentorForm(w, r, http.StatusOK, mentorFormData{})
}

// mentorCreate adds a mentor to the user's enterprise. Problems come back
// on the form, naming the field.
func (h *Web) mentorCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	m := domain.Mentor{}
	if u := domain.ActorFrom(ctx).User; u != nil {
		m.EnterpriseID = u.EnterpriseID
	}
	err := readMentorForm(r, &m)
	if err == nil {
		err = h.reg.SaveMentor(ctx, &m)
	}
	if err != nil {
		h.mentorFormProblem(w, r, err, mentorFormOf(r))
		return
	}
	flash(ctx, "web.mentor.flash.created")
	http.Redirect(w, r, "/mentors/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
}
