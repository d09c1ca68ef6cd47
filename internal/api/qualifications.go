package api

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// qualification is a 10-character entry (3W… worker, 4S… specialist) under
// a specialty.
type qualification struct {
	Code          string `json:"code"`
	SpecialtyCode string `json:"specialty_code"`
	Level         string `json:"level"`
	Name          names  `json:"name"`
}

func qualificationOf(q domain.Qualification) qualification {
	return qualification{Code: q.Code, SpecialtyCode: q.SpecialtyCode, Level: q.Level, Name: namesOf(q.Name)}
}

// listQualifications answers GET /api/v1/qualifications[?specialty_code=],
// by code.
func (a *API) listQualifications(w http.ResponseWriter, r *http.Request) error {
	spec := newQuery(r).word("specialty_code")
	if spec != "" && !domain.IsSpecialtyCode(spec) {
		return domain.Invalid("specialty_code", "error.specialty.code", "specialty code must be 8 digits")
	}
	quals, err := a.reg.Qualifications(r.Context(), spec)
	if err != nil {
		return err
	}
	writeCollection(w, r, quals, qualificationOf)
	return nil
}

// getQualification answers GET /api/v1/qualifications/{code}.
func (a *API) getQualification(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	if !domain.IsQualificationCode(code) {
		return domain.NotFound("qualification")
	}
	qu, err := a.reg.Qualification(r.Context(), code)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, qualificationOf(qu))
	return nil
}
