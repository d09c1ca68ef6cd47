package api

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// stats are live totals of the registry, counted on every request.
type stats struct {
	Regions        int `json:"regions"`
	Cities         int `json:"cities"`
	Colleges       int `json:"colleges"`
	Enterprises    int `json:"enterprises"`
	Programmes     int `json:"programmes"`
	Groups         int `json:"groups"`
	Students       int `json:"students"`
	DualStudents   int `json:"dual_students"`
	Teachers       int `json:"teachers"`
	Specialties    int `json:"specialties"`
	Qualifications int `json:"qualifications"`
}

func statsOf(c domain.Counts) stats {
	return stats{Regions: c.Regions, Cities: c.Cities, Colleges: c.Colleges, Enterprises: c.Enterprises,
		Programmes: c.Programmes, Groups: c.Groups, Students: c.Students, DualStudents: c.DualStudents,
		Teachers: c.Teachers, Specialties: c.Specialties, Qualifications: c.Qualifications}
}

// getStats answers GET /api/v1/stats.
func (a *API) getStats(w http.ResponseWriter, r *http.Request) error {
	c, err := a.reg.Counts(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, statsOf(c))
	return nil
}
