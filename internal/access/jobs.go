package access

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Jobs lists the background jobs of the installation to its operators.
func (r *Registry) Jobs(ctx context.Context, f domain.JobFilter) (domain.List[domain.Job], error) {
	if _, err := r.allow(ctx, auth.ReadJobs); err != nil {
		return domain.List[domain.Job]{}, err
	}
	return r.store.Jobs(ctx, f)
}
