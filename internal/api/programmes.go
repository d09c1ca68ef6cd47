package api

import (
	"math"
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// programme is a study programme of a college with its planned hours.
type programme struct {
	ID                int64   `json:"id"`
	CollegeID         int64   `json:"college_id"`
	SpecialtyCode     string  `json:"specialty_code"`
	SpecialtyName     names   `json:"specialty_name"`
	QualificationCode *string `json:"qualification_code"` // null while the classifier lacks it
	QualificationName *names  `json:"qualification_name"`
	DurationMonths    int     `json:"duration_months"`
	Dual              bool    `json:"dual"`
	HoursTotal        int     `json:"hours_total"`
	HoursPractice     int     `json:"hours_practice"`
	HoursEnterprise   int     `json:"hours_enterprise"`
	// EnterpriseShare is the planned share of practice at the enterprise,
	// which a dual programme must keep at 60% or more.
	EnterpriseShare float64 `json:"enterprise_share"`
	Students        int     `json:"students"`
}

func programmeOf(p domain.Programme) programme {
	return programme{ID: p.ID, CollegeID: p.CollegeID,
		SpecialtyCode: p.SpecialtyCode, SpecialtyName: namesOf(p.Specialty),
		QualificationCode: optionalString(p.QualificationCode), QualificationName: optionalNames(p.Qualification),
		DurationMonths: p.DurationMonths, Dual: p.Dual,
		HoursTotal: p.HoursTotal, HoursPractice: p.HoursPractice, HoursEnterprise: p.HoursEnterprise,
		// Four decimals are plenty for a share and keep 0.7 from printing as 0.7000000000000001.
		EnterpriseShare: math.Round(p.EnterpriseShare()*10000) / 10000,
		Students:        p.Students}
}

// listCollegeProgrammes answers GET /api/v1/colleges/{id}/programmes. An
// unknown college is a 404, not an empty list, so a typo in the id shows.
func (a *API) listCollegeProgrammes(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "college")
	if err != nil {
		return err
	}
	if _, err := a.reg.College(r.Context(), id); err != nil {
		return err
	}
	progs, err := a.reg.Programmes(r.Context(), id)
	if err != nil {
		return err
	}
	writeCollection(w, r, progs, programmeOf)
	return nil
}

// getProgramme answers GET /api/v1/programmes/{id}.
func (a *API) getProgramme(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "programme")
	if err != nil {
		return err
	}
	p, err := a.reg.Programme(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, programmeOf(p))
	return nil
}
