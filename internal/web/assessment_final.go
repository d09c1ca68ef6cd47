package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// assessmentFinal records the college's final assessment of a student's
// dual training, a grade 2 to 5. A student whose logbook lacks signed
// weeks is not admitted: the refusal lists the weeks missing.
func (h *Web) assessmentFinal(w http.ResponseWriter, r *http.Request) {
	id, ok := h.postedID(w, r, "student")
	if !ok {
		return
	}
	f := domain.FinalAssessment{StudentID: id, Comment: strings.TrimSpace(r.PostFormValue("comment"))}
	f.Grade, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("grade")))
	if err := h.reg.RecordFinalAssessment(r.Context(), &f); err != nil {
		v := h.newView(r, "training")
		err = h.localizeAdmission(r, v, id, err)
		fe, status, ok := formProblem(v, err, "", assessmentLabels)
		if !ok {
			h.fail(w, r, err)
			return
		}
		h.renderTraining(w, r, status, trainingData{FinalErrors: fe, FinalComment: r.PostFormValue("comment")})
		return
	}
	flash(r.Context(), "web.training.flash.final_recorded")
	http.Redirect(w, r, trainingURL(id)+"#final", http.StatusSeeOther)
}

// localizeAdmission writes the weeks of a refusal for want of signed weeks
// as the page names weeks, rather than as the store's dates.
func (h *Web) localizeAdmission(r *http.Request, v *view, studentID int64, err error) error {
	e := domain.AsError(err)
	if e.Key != "error.assessment.not_admitted" {
		return err
	}
	adm, aerr := h.reg.Admission(r.Context(), studentID)
	if aerr != nil || len(adm.MissingWeeks) == 0 {
		return err
	}
	// The weeks gone by are named; those still ahead of a running
	// agreement are counted.
	today := h.logbookToday()
	var past []string
	ahead := 0
	for _, w := range adm.MissingWeeks {
		if w.AddDate(0, 0, 6).Before(today) {
			past = append(past, weekLabel(v, w))
		} else {
			ahead++
		}
	}
	weeks := strings.Join(past, ", ")
	if ahead > 0 {
		weeks = strings.TrimPrefix(weeks+" "+v.Plural("web.training.weeks_ahead", ahead), " ")
	}
	return e.With("weeks", weeks).With("count", v.Number(len(adm.MissingWeeks)))
}
