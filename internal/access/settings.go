package access

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// DualSettings returns the policy settings to every signed-in role. They
// are read under auth.ReadProgress, which every signed-in role holds,
// because they are what the progress figures are judged by: the
// needs-attention thresholds a coordinator, mentor or student sees applied,
// and the trainee limit an enterprise meets when it names a mentor. The
// public has no use for them.
func (r *Registry) DualSettings(ctx context.Context) (domain.DualSettings, error) {
	if _, err := r.allow(ctx, auth.ReadProgress); err != nil {
		return domain.DualSettings{}, err
	}
	return r.store.DualSettings(ctx)
}

// UpdateDualSettings changes the policy settings: the ministry only.
func (r *Registry) UpdateDualSettings(ctx context.Context, s domain.DualSettings) error {
	if _, err := r.allow(ctx, auth.ManageSettings); err != nil {
		return err
	}
	return r.store.UpdateDualSettings(ctx, s)
}
