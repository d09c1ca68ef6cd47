package api

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// specialty is an 8-digit entry of the TVET classifier.
type specialty struct {
	Code      string `json:"code"`
	ISCEDCode string `json:"isced_code"`
	Name      names  `json:"name"`
}

func specialtyOf(s domain.Specialty) specialty {
	return specialty{Code: s.Code, ISCEDCode: s.ISCEDCode, Name: namesOf(s.Name)}
}

// listSpecialties answers GET /api/v1/specialties, by code.
func (a *API) listSpecialties(w http.ResponseWriter, r *http.Request) error {
	specs, err := a.reg.Specialties(r.Context())
	if err != nil {
		return err
	}
	writeCollection(w, r, specs, specialtyOf)
	return nil
}

// getSpecialty answers GET /api/v1/specialties/{code}. A code of the wrong
// form names nothing: 404 without asking the database.
func (a *API) getSpecialty(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	if !domain.IsSpecialtyCode(code) {
		return domain.NotFound("specialty")
	}
	s, err := a.reg.Specialty(r.Context(), code)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, specialtyOf(s))
	return nil
}
