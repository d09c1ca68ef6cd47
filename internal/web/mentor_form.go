package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// mentorFormData is the form that adds or changes a mentor of the user's
// enterprise, kept as typed when it comes back with a problem.
type mentorFormData struct {
	ID                     int64
	Action, CancelURL      string
	Name, Position         string
	Qualification          string
	Experience, Phone, Pay string
	UserID                 string
	Errors                 formErrors
}

// mentorLabels name the mentor form's fields in messages (formProblem).
var mentorLabels = map[string]string{
	"name":             "web.mentor.field.name",
	"position":         "web.mentor.field.position",
	"qualification":    "web.mentor.field.qualification",
	"experience_years": "web.mentor.field.experience",
	"phone":            "web.field.phone",
	"pay_per_trainee":  "web.mentor.field.pay",
	"user_id":          "web.mentor.field.user",
}

// mentorFormFrom fills the form with a stored mentor.
func mentorFormFrom(m domain.Mentor) mentorFormData {
	return mentorFormData{ID: m.ID, Name: m.Name, Position: m.Position, Qualification: m.Qualification,
		Experience: strconv.Itoa(m.ExperienceYears), Phone: m.Phone, Pay: strconv.Itoa(m.PayPerTrainee), UserID: idText(m.UserID)}
}

// mentorFormOf keeps what was posted, to show the form again.
func mentorFormOf(r *http.Request) mentorFormData {
	f := func(name string) string { return postedText(r, name, 800) }
	return mentorFormData{Name: f("name"), Position: f("position"), Qualification: f("qualification"),
		Experience: f("experience_years"), Phone: f("phone"), Pay: f("pay_per_trainee"), UserID: f("user_id")}
}

// readMentorForm sets m's editable fields from the posted form; numbers
// that do not parse are left for the domain to reject, naming the field.
func readMentorForm(r *http.Request, m *domain.Mentor) error {
	m.Name = r.PostFormValue("name")
	m.Position = r.PostFormValue("position")
	m.Qualification = r.PostFormValue("qualification")
	m.ExperienceYears = postedNumber(r, "experience_years", 0)
	m.Phone = r.PostFormValue("phone")
	m.PayPerTrainee = postedNumber(r, "pay_per_trainee", 0)
	var err error
	m.UserID, err = formID(r, "user_id")
	return err
}

// renderMentorForm shows the new-mentor or edit form with status.
func (h *Web) renderMentorForm(w http.ResponseWriter, r *http.Request, status int, d mentorFormData) {
	v := h.newView(r, "mentors")
	if d.ID == 0 {
		d.Action, d.CancelURL = "/mentors", "/mentors"
		v.Title = v.T("web.mentor.new_title")
	} else {
		d.Action = "/mentors/" + strconv.FormatInt(d.ID, 10)
		d.CancelURL = d.Action
		v.Title = v.T("web.mentor.edit_title")
	}
	v.Data = d
	h.render(w, r, status, "mentor_form", v)
}

// mentorFormProblem shows the form again with the problem of a failed save
// next to its field, or the error page when it is not the user's to fix.
func (h *Web) mentorFormProblem(w http.ResponseWriter, r *http.Request, err error, d mentorFormData) {
	fe, status, ok := formProblem(h.newView(r, "mentors"), err, "", mentorLabels)
	if !ok {
		h.fail(w, r, err)
		return
	}
	d.Errors = fe
	h.renderMentorForm(w, r, status, d)
}

// mentorCapacity is the number of trainees a mentor may have, from the
// policy settings.
func (h *Web) mentorCapacity(ctx context.Context) (int, error) {
	s, err := h.reg.DualSettings(ctx)
	return s.MaxTraineesPerMentor, err
}
