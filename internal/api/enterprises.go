package api

import (
	"net/http"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// enterprise is an employer that trains students, with the number of
// students training there now.
type enterprise struct {
	ID        int64     `json:"id"`
	BIN       string    `json:"bin"`
	Name      names     `json:"name"`
	RegionID  int       `json:"region_id"`
	CityID    int64     `json:"city_id"`
	Industry  string    `json:"industry"`
	Employees int       `json:"employees"`
	CreatedAt time.Time `json:"created_at"`
	Trainees  int       `json:"trainees"`
}

func enterpriseOf(e domain.Enterprise) enterprise {
	return enterprise{ID: e.ID, BIN: e.BIN, Name: namesOf(e.Name), RegionID: e.RegionID, CityID: e.CityID,
		Industry: e.Industry, Employees: e.Employees, CreatedAt: e.CreatedAt.UTC(), Trainees: e.Trainees}
}

// listEnterprises answers GET /api/v1/enterprises: a page of enterprises.
func (a *API) listEnterprises(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.EnterpriseFilter{
		Query:    q.search("q"),
		RegionID: q.regionID("region_id"),
		CityID:   q.id("city_id"),
		Industry: q.word("industry"),
		Sort:     q.word("sort"),
		Lang:     lang(r),
		Page:     q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Enterprises(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, enterpriseOf)
	return nil
}

// getEnterprise answers GET /api/v1/enterprises/{id}.
func (a *API) getEnterprise(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "enterprise")
	if err != nil {
		return err
	}
	e, err := a.reg.Enterprise(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, enterpriseOf(e))
	return nil
}
