package api

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// region is a first-level unit: its id is the 2-digit KATO code.
type region struct {
	ID         int     `json:"id"`
	ISO        string  `json:"iso_code"`
	Kind       string  `json:"kind"`
	Name       names   `json:"name"`
	Centre     names   `json:"centre"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	Population int     `json:"population"`
}

func regionOf(r domain.Region) region {
	return region{ID: r.ID, ISO: r.ISO, Kind: r.Kind, Name: namesOf(r.Name), Centre: namesOf(r.Centre),
		Lat: r.Lat, Lon: r.Lon, Population: r.Population}
}

// listRegions answers GET /api/v1/regions: all 20, by KATO code.
func (a *API) listRegions(w http.ResponseWriter, r *http.Request) error {
	regions, err := a.reg.Regions(r.Context())
	if err != nil {
		return err
	}
	writeCollection(w, r, regions, regionOf)
	return nil
}

// getRegion answers GET /api/v1/regions/{id}.
func (a *API) getRegion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 32, "region")
	if err != nil {
		return err
	}
	reg, err := a.reg.Region(r.Context(), int(id))
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, regionOf(reg))
	return nil
}
