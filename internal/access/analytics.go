package access

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Analytics (issue 8):
//   - a dashboard (auth.ReadAnalytics) is narrowed to the reader's level
//     and below: a regional department's to its region (a college of
//     another region is not found), a college's and an enterprise's to
//     their own; the ministry drills anywhere. A dashboard of another
//     level than the one asked for (an enterprise asking for a college) is
//     not found either. The figures are counts, no person's data;
//   - open data (auth.ReadOpenData) is for everyone, signed in or not: the
//     store suppresses its small cells.

// Dashboard returns the figures of the filter's level within the reader's
// scope; ENOTFOUND for an area outside it.
func (r *Registry) Dashboard(ctx context.Context, f domain.AnalyticsFilter) (domain.Dashboard, error) {
	actor, err := r.allow(ctx, auth.ReadAnalytics)
	if err != nil {
		return domain.Dashboard{}, err
	}
	sc := scopeOf(actor)
	asked := f.Level()
	if narrow(&f.RegionID, sc.regionID) {
		return domain.Dashboard{}, notFound("region")
	}
	if narrow(&f.CollegeID, sc.collegeID) {
		return domain.Dashboard{}, notFound("college")
	}
	if narrow(&f.EnterpriseID, sc.enterpriseID) {
		return domain.Dashboard{}, notFound("enterprise")
	}
	// Narrowing keeps a reader within their own area, so an enterprise
	// asking for a college would get its own trainees of that college,
	// and a college asking for its region its own figures, each under the
	// address of a dashboard that is not theirs. Such a dashboard is not
	// found, on the pages and through the API alike; asking for none is
	// asking for one's own.
	if asked != domain.LevelNational && asked != f.Level() {
		return domain.Dashboard{}, notFound(asked)
	}
	return r.store.Dashboard(ctx, f)
}

// OpenFigures returns an open-data table; anyone may read it.
func (r *Registry) OpenFigures(ctx context.Context, q domain.OpenQuery) (domain.OpenTable, error) {
	if _, err := r.allow(ctx, auth.ReadOpenData); err != nil {
		return domain.OpenTable{}, err
	}
	return r.store.OpenFigures(ctx, q)
}

// AnalyticsRecounting reports whether a recount of the dashboards is queued
// or running, to every reader of a dashboard.
func (r *Registry) AnalyticsRecounting(ctx context.Context) (bool, error) {
	if _, err := r.allow(ctx, auth.ReadAnalytics); err != nil {
		return false, err
	}
	return r.store.AnalyticsRecounting(ctx)
}
