package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// analyticsExport downloads one table of a dashboard (?table=regions,
// colleges, years, funnel, tiles or official) under the page's filters,
// as CSV or XLSX (?format=): the rows the page shows, numbers as numbers.
func (h *Web) analyticsExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "analytics")
	q := newQuery(r)
	name := q.choice("table")
	_, d, err := h.dashboard(ctx, q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	t, err := tableNamed(dashTables(v, d, func(int64) string { return "" }), name)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	columns := make([]column[[]dashCell], len(t.keys))
	for i, key := range t.keys {
		columns[i] = column[[]dashCell]{key: key, cell: func(row []dashCell) cell { return row[i].file }}
	}
	stem := "analytics-" + t.Name
	switch d.Level {
	case domain.LevelRegion:
		stem += "-region-" + strconv.Itoa(d.Filter.RegionID)
	case domain.LevelCollege:
		stem += "-college-" + strconv.FormatInt(d.Filter.CollegeID, 10)
	case domain.LevelEnterprise:
		stem += "-enterprise-" + strconv.FormatInt(d.Filter.EnterpriseID, 10)
	}
	serveExport(h, w, r, v, export[[]dashCell]{
		name:    stem + "-" + strconv.Itoa(d.Year),
		title:   "web.analytics.table." + t.Name,
		columns: columns,
		each: func(_ context.Context, fn func([]dashCell) error) error {
			for _, row := range t.Rows {
				if err := fn(row); err != nil {
					return err
				}
			}
			return nil
		},
	})
}
