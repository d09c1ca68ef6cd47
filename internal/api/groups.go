package api

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// group is a study group of a college on one programme.
type group struct {
	ID          int64  `json:"id"`
	CollegeID   int64  `json:"college_id"`
	ProgrammeID int64  `json:"programme_id"`
	Code        string `json:"code"`
	IntakeYear  int    `json:"intake_year"`
	Language    string `json:"language"`
	Students    int    `json:"students"`
}

func groupOf(g domain.Group) group {
	return group{ID: g.ID, CollegeID: g.CollegeID, ProgrammeID: g.ProgrammeID, Code: g.Code,
		IntakeYear: g.IntakeYear, Language: g.Language, Students: g.Students}
}

// listCollegeGroups answers GET /api/v1/colleges/{id}/groups; 404 for an
// unknown college.
func (a *API) listCollegeGroups(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "college")
	if err != nil {
		return err
	}
	if _, err := a.reg.College(r.Context(), id); err != nil {
		return err
	}
	groups, err := a.reg.Groups(r.Context(), id)
	if err != nil {
		return err
	}
	writeCollection(w, r, groups, groupOf)
	return nil
}

// getGroup answers GET /api/v1/groups/{id}.
func (a *API) getGroup(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "group")
	if err != nil {
		return err
	}
	g, err := a.reg.Group(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, groupOf(g))
	return nil
}
