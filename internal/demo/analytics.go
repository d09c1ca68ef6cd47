package demo

import (
	"context"
	"fmt"
)

// analyticsRefresher is a loader that keeps the dashboards' counts (the
// store does, migration 00011); the tests' recording loaders need not.
type analyticsRefresher interface {
	RefreshAnalytics(ctx context.Context) error
}

// refreshAnalytics makes the dashboards' counts once everything is in, so
// that the first dashboard after `dualtrack demo` is populated and quick
// rather than counting the country while its reader waits.
func refreshAnalytics(ctx context.Context, loader Loader) error {
	r, ok := loader.(analyticsRefresher)
	if !ok {
		return nil
	}
	if err := r.RefreshAnalytics(ctx); err != nil {
		return fmt.Errorf("demo: count analytics: %w", err)
	}
	return nil
}
