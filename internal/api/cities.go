package api

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// city is a town with city status.
type city struct {
	ID            int64    `json:"id"`
	RegionID      int      `json:"region_id"`
	Name          names    `json:"name"`
	Lat           *float64 `json:"lat"` // null where the source has no coordinates
	Lon           *float64 `json:"lon"`
	Population    int      `json:"population"`
	IsAdminCentre bool     `json:"is_admin_centre"`
}

func cityOf(c domain.City) city {
	return city{ID: c.ID, RegionID: c.RegionID, Name: namesOf(c.Name), Lat: c.Lat, Lon: c.Lon,
		Population: c.Population, IsAdminCentre: c.IsAdminCentre}
}

// listCities answers GET /api/v1/cities[?region_id=], largest first.
func (a *API) listCities(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	regionID := q.regionID("region_id")
	if err := q.err(); err != nil {
		return err
	}
	cities, err := a.reg.Cities(r.Context(), regionID)
	if err != nil {
		return err
	}
	writeCollection(w, r, cities, cityOf)
	return nil
}

// getCity answers GET /api/v1/cities/{id}.
func (a *API) getCity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "city")
	if err != nil {
		return err
	}
	c, err := a.reg.City(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, cityOf(c))
	return nil
}
