package api

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// dualSettings are the policy numbers of dual training that a ministry
// may change without a new release.
type dualSettings struct {
	MaxTraineesPerMentor int `json:"max_trainees_per_mentor"`
	BehindPlanPercent    int `json:"behind_plan_percent"`
	MissingWeeks         int `json:"missing_weeks"`
	UnsignedDays         int `json:"unsigned_days"`
	MentorInactiveDays   int `json:"mentor_inactive_days"`
}

func dualSettingsOf(s domain.DualSettings) dualSettings {
	return dualSettings{MaxTraineesPerMentor: s.MaxTraineesPerMentor, BehindPlanPercent: s.BehindPlanPercent,
		MissingWeeks: s.MissingWeeks, UnsignedDays: s.UnsignedDays, MentorInactiveDays: s.MentorInactiveDays}
}

// getDualSettings answers GET /api/v1/settings/dual: the settings in
// force, the shipped defaults until changed.
func (a *API) getDualSettings(w http.ResponseWriter, r *http.Request) error {
	s, err := a.reg.DualSettings(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, dualSettingsOf(s))
	return nil
}

// updateDualSettings answers PUT /api/v1/settings/dual: every setting
// again.
func (a *API) updateDualSettings(w http.ResponseWriter, r *http.Request) error {
	var in dualSettings
	if err := readBody(r, &in, "max_trainees_per_mentor", "behind_plan_percent", "missing_weeks", "unsigned_days",
		"mentor_inactive_days"); err != nil {
		return err
	}
	s := domain.DualSettings{MaxTraineesPerMentor: in.MaxTraineesPerMentor, BehindPlanPercent: in.BehindPlanPercent,
		MissingWeeks: in.MissingWeeks, UnsignedDays: in.UnsignedDays, MentorInactiveDays: in.MentorInactiveDays}
	if err := a.reg.UpdateDualSettings(r.Context(), s); err != nil {
		return err
	}
	return a.getDualSettings(w, r)
}
