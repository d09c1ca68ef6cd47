package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// mentor is an employee of an enterprise who guides trainees, with the
// number of live agreements naming them.
type mentor struct {
	ID              int64  `json:"id"`
	EnterpriseID    int64  `json:"enterprise_id"`
	EnterpriseName  names  `json:"enterprise_name"`
	UserID          *int64 `json:"user_id"` // the mentor's account; null if none
	Name            string `json:"name"`
	Position        string `json:"position"`
	Qualification   string `json:"qualification"`
	ExperienceYears int    `json:"experience_years"`
	// Phone is the mentor's work number; null when none is recorded.
	Phone         *string   `json:"phone"`
	PayPerTrainee int       `json:"pay_per_trainee"`
	Trainees      int       `json:"trainees"`
	CreatedAt     time.Time `json:"created_at"`
}

func mentorOf(m domain.Mentor) mentor {
	return mentor{ID: m.ID, EnterpriseID: m.EnterpriseID, EnterpriseName: namesOf(m.Enterprise), UserID: optionalID(m.UserID),
		Name: m.Name, Position: m.Position, Qualification: m.Qualification, ExperienceYears: m.ExperienceYears,
		Phone: optionalString(m.Phone), PayPerTrainee: m.PayPerTrainee, Trainees: m.Trainees, CreatedAt: m.CreatedAt.UTC()}
}

// mentorInput is what an enterprise writes of a mentor.
type mentorInput struct {
	UserID          int64  `json:"user_id"`
	Name            string `json:"name"`
	Position        string `json:"position"`
	Qualification   string `json:"qualification"`
	ExperienceYears int    `json:"experience_years"`
	Phone           string `json:"phone"`
	PayPerTrainee   int    `json:"pay_per_trainee"`
}

var mentorRequired = []string{"name", "qualification", "experience_years"}

func (in mentorInput) to(m *domain.Mentor) {
	m.UserID, m.Name, m.Position, m.Qualification = in.UserID, in.Name, in.Position, in.Qualification
	m.ExperienceYears, m.Phone, m.PayPerTrainee = in.ExperienceYears, in.Phone, in.PayPerTrainee
}

// listMentors answers GET /api/v1/mentors: a page of the mentors the
// caller may see, by name.
func (a *API) listMentors(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.MentorFilter{
		EnterpriseID: q.id("enterprise_id"),
		Query:        q.search("q"),
		Page:         q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Mentors(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, mentorOf)
	return nil
}

// getMentor answers GET /api/v1/mentors/{id}.
func (a *API) getMentor(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "mentor")
	if err != nil {
		return err
	}
	return a.writeMentor(w, r, http.StatusOK, id)
}

func (a *API) writeMentor(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	m, err := a.reg.Mentor(r.Context(), id)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		writeCreated(w, r, "/mentors/"+strconv.FormatInt(id, 10), mentorOf(m))
		return nil
	}
	writeJSON(w, r, status, mentorOf(m))
	return nil
}

// createMentor answers POST /api/v1/mentors: a mentor of the token's
// enterprise.
func (a *API) createMentor(w http.ResponseWriter, r *http.Request) error {
	var in mentorInput
	if err := readBody(r, &in, mentorRequired...); err != nil {
		return err
	}
	var m domain.Mentor // of the caller's enterprise: the access layer sees to it
	in.to(&m)
	if err := a.reg.SaveMentor(r.Context(), &m); err != nil {
		return err
	}
	return a.writeMentor(w, r, http.StatusCreated, m.ID)
}

// updateMentor answers PUT /api/v1/mentors/{id}: the whole mentor again.
func (a *API) updateMentor(w http.ResponseWriter, r *http.Request) error {
	return stepWith("mentor", a.writeMentor, func(ctx context.Context, id int64, in mentorInput) error {
		m, err := a.reg.Mentor(ctx, id)
		if err != nil {
			return err
		}
		in.to(&m)
		return a.reg.SaveMentor(ctx, &m)
	}, mentorRequired...)(w, r)
}
