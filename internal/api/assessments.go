package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// competence is one competence of a programme's list: what a student
// practises in the logbook and the mentor assesses.
type competence struct {
	ID          int64  `json:"id"`
	ProgrammeID int64  `json:"programme_id"`
	Code        string `json:"code"`
	Name        names  `json:"name"`
}

// listCompetences answers GET /api/v1/programmes/{id}/competences, in code
// order. An unknown programme is a 404, not an empty list.
func (a *API) listCompetences(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "programme")
	if err != nil {
		return err
	}
	if _, err := a.reg.Programme(r.Context(), id); err != nil {
		return err
	}
	list, err := a.reg.Competences(r.Context(), id)
	if err != nil {
		return err
	}
	writeCollection(w, r, list, func(c domain.Competence) competence {
		return competence{ID: c.ID, ProgrammeID: c.ProgrammeID, Code: c.Code, Name: namesOf(c.Name)}
	})
	return nil
}

// assessment is a mentor's assessment of one competence, 1 (not yet) to 5
// (independent). Every assessment is kept; the newest counts.
type assessment struct {
	ID             int64     `json:"id"`
	StudentID      int64     `json:"student_id"`
	AgreementID    int64     `json:"agreement_id"`
	CompetenceID   int64     `json:"competence_id"`
	CompetenceName names     `json:"competence_name"`
	Level          int       `json:"level"`
	Comment        string    `json:"comment"`
	AssessedBy     string    `json:"assessed_by"`
	At             time.Time `json:"at"`
}

func assessmentOf(c domain.CompetenceAssessment) assessment {
	return assessment{ID: c.ID, StudentID: c.StudentID, AgreementID: c.AgreementID, CompetenceID: c.CompetenceID,
		CompetenceName: namesOf(c.Competence), Level: c.Level, Comment: c.Comment, AssessedBy: c.AssessedBy, At: c.At.UTC()}
}

// listAssessments answers GET /api/v1/students/{id}/assessments, newest
// first.
func (a *API) listAssessments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "student")
	if err != nil {
		return err
	}
	list, err := a.reg.Assessments(r.Context(), id)
	if err != nil {
		return err
	}
	writeCollection(w, r, list, assessmentOf)
	return nil
}

// assessInput is a mentor's assessment of a competence.
type assessInput struct {
	CompetenceID int64  `json:"competence_id"`
	Level        int    `json:"level"`
	Comment      string `json:"comment"`
}

// assessCompetence answers POST /api/v1/students/{id}/assessments: the
// mentor assesses a competence of their trainee, under the live agreement.
func (a *API) assessCompetence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "student")
	if err != nil {
		return err
	}
	var in assessInput
	if err := readBody(r, &in, "competence_id", "level"); err != nil {
		return err
	}
	c := domain.CompetenceAssessment{StudentID: id, CompetenceID: in.CompetenceID, Level: in.Level, Comment: in.Comment}
	if err := a.reg.AssessCompetence(r.Context(), &c); err != nil {
		return err
	}
	// The list is the resource a client reads back; the new assessment is
	// the answer, complete with what the store filled in.
	list, err := a.reg.Assessments(r.Context(), id)
	if err != nil {
		return err
	}
	for _, got := range list {
		if got.ID == c.ID {
			c = got
			break
		}
	}
	writeCreated(w, r, "/students/"+strconv.FormatInt(id, 10)+"/assessments", assessmentOf(c))
	return nil
}

// admission says whether a student may sit the final assessment, and
// which weeks still lack a signed entry.
type admission struct {
	StudentID    int64    `json:"student_id"`
	Admitted     bool     `json:"admitted"`
	MissingWeeks []string `json:"missing_weeks"`
	NoAgreement  bool     `json:"no_agreement"`
}

// getAdmission answers GET /api/v1/students/{id}/admission.
func (a *API) getAdmission(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "student")
	if err != nil {
		return err
	}
	ad, err := a.reg.Admission(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, admission{StudentID: ad.StudentID, Admitted: ad.Admitted,
		MissingWeeks: datesOf(ad.MissingWeeks), NoAgreement: ad.NoAgreement})
	return nil
}

// finalAssessment is the college's record of the final assessment, a
// grade from 2 to 5 (3 passes).
type finalAssessment struct {
	ID         int64     `json:"id"`
	StudentID  int64     `json:"student_id"`
	Grade      int       `json:"grade"`
	Comment    string    `json:"comment"`
	RecordedBy string    `json:"recorded_by"`
	At         time.Time `json:"at"`
}

func finalAssessmentOf(f domain.FinalAssessment) finalAssessment {
	return finalAssessment{ID: f.ID, StudentID: f.StudentID, Grade: f.Grade, Comment: f.Comment, RecordedBy: f.RecordedBy, At: f.At.UTC()}
}

// listFinalAssessments answers GET /api/v1/students/{id}/final-assessments,
// newest first.
func (a *API) listFinalAssessments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "student")
	if err != nil {
		return err
	}
	list, err := a.reg.FinalAssessments(r.Context(), id)
	if err != nil {
		return err
	}
	writeCollection(w, r, list, finalAssessmentOf)
	return nil
}

// finalInput is the grade the college records.
type finalInput struct {
	Grade   int    `json:"grade"`
	Comment string `json:"comment"`
}

// recordFinalAssessment answers POST /api/v1/students/{id}/final-assessments.
// A student whose logbook lacks a signed week is refused with the weeks
// missing.
func (a *API) recordFinalAssessment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "student")
	if err != nil {
		return err
	}
	var in finalInput
	if err := readBody(r, &in, "grade"); err != nil {
		return err
	}
	f := domain.FinalAssessment{StudentID: id, Grade: in.Grade, Comment: in.Comment}
	if err := a.reg.RecordFinalAssessment(r.Context(), &f); err != nil {
		return err
	}
	list, err := a.reg.FinalAssessments(r.Context(), id)
	if err != nil {
		return err
	}
	for _, got := range list {
		if got.ID == f.ID {
			f = got
			break
		}
	}
	writeCreated(w, r, "/students/"+strconv.FormatInt(id, 10)+"/final-assessments", finalAssessmentOf(f))
	return nil
}
