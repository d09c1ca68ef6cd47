package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// assessmentLabels name the assessment forms' fields in their messages.
var assessmentLabels = map[string]string{
	"competence_id": "web.training.field.competence",
	"level":         "web.training.field.level",
	"grade":         "web.training.field.grade",
	"comment":       "web.training.field.comment",
}

// assessmentCreate records the mentor's assessment of one of a trainee's
// competences, 1 to 5 with a comment; a problem comes back on the
// student's training page, naming the field.
func (h *Web) assessmentCreate(w http.ResponseWriter, r *http.Request) {
	id, ok := h.postedID(w, r, "student")
	if !ok {
		return
	}
	c := domain.CompetenceAssessment{StudentID: id, Comment: strings.TrimSpace(r.PostFormValue("comment"))}
	var err error
	c.CompetenceID, err = formID(r, "competence_id")
	if err == nil {
		// A level that is not a number is no level: the domain's message
		// says which are.
		c.Level, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("level")))
		err = h.reg.AssessCompetence(r.Context(), &c)
	}
	if err != nil {
		fe, status, ok := formProblem(h.newView(r, "training"), err, "", assessmentLabels)
		if !ok {
			h.fail(w, r, err)
			return
		}
		h.renderTraining(w, r, status, trainingData{AssessErrors: fe, AssessComment: r.PostFormValue("comment")})
		return
	}
	flash(r.Context(), "web.training.flash.assessed")
	http.Redirect(w, r, trainingURL(id)+"#competences", http.StatusSeeOther)
}
