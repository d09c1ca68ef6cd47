package api

import (
	"net/http"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// dashboardAnswer is a dashboard with the filter it was read with (the
// year the one shown).
type dashboardAnswer struct {
	Filter dashboardFilter `json:"filter"`
	AsOf   string          `json:"as_of"`
	domain.Dashboard
}

type dashboardFilter struct {
	RegionID      *int    `json:"region_id"`
	CollegeID     *int64  `json:"college_id"`
	EnterpriseID  *int64  `json:"enterprise_id"`
	Year          int     `json:"year"`
	Qualification *string `json:"qualification"`
	Field         *string `json:"field"`
	Funding       *string `json:"funding"`
}

// getDashboard answers GET /api/v1/analytics/dashboard: the figures of the
// country, a region, a college or an enterprise within the caller's scope.
func (a *API) getDashboard(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.AnalyticsFilter{RegionID: q.regionID("region_id"), CollegeID: q.id("college_id"), EnterpriseID: q.id("enterprise_id"),
		Year: q.regionID("year"), Qualification: q.word("qualification"), Field: q.word("field"), Funding: q.word("funding")}
	if err := q.err(); err != nil {
		return err
	}
	d, err := a.reg.Dashboard(r.Context(), f)
	if err != nil {
		return err
	}
	f = d.Filter
	out := dashboardAnswer{AsOf: d.AsOf.UTC().Format(time.RFC3339), Dashboard: d,
		Filter: dashboardFilter{CollegeID: optionalID(f.CollegeID), EnterpriseID: optionalID(f.EnterpriseID), Year: f.Year,
			Qualification: optionalString(f.Qualification), Field: optionalString(f.Field), Funding: optionalString(f.Funding)}}
	if f.RegionID != 0 {
		out.Filter.RegionID = &f.RegionID
	}
	writeJSON(w, r, http.StatusOK, out)
	return nil
}
