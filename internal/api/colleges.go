package api

import (
	"net/http"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// college is a TVET organisation with its live student figures.
type college struct {
	ID           int64     `json:"id"`
	BIN          string    `json:"bin"`
	Name         names     `json:"name"`
	RegionID     int       `json:"region_id"`
	CityID       int64     `json:"city_id"`
	Ownership    string    `json:"ownership"`
	Address      string    `json:"address"`
	CreatedAt    time.Time `json:"created_at"`
	Students     int       `json:"students"`
	DualStudents int       `json:"dual_students"`
}

func collegeOf(c domain.College) college {
	return college{ID: c.ID, BIN: c.BIN, Name: namesOf(c.Name), RegionID: c.RegionID, CityID: c.CityID,
		Ownership: c.Ownership, Address: c.Address, CreatedAt: c.CreatedAt.UTC(),
		Students: c.Students, DualStudents: c.DualStudents}
}

// listColleges answers GET /api/v1/colleges: a page of colleges, sorted by
// the name in the request's language unless sort says otherwise.
func (a *API) listColleges(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.CollegeFilter{
		Query:     q.search("q"),
		RegionID:  q.regionID("region_id"),
		CityID:    q.id("city_id"),
		Ownership: q.word("ownership"),
		Sort:      q.word("sort"),
		Lang:      lang(r),
		Page:      q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Colleges(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, collegeOf)
	return nil
}

// getCollege answers GET /api/v1/colleges/{id}.
func (a *API) getCollege(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "college")
	if err != nil {
		return err
	}
	c, err := a.reg.College(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, collegeOf(c))
	return nil
}
