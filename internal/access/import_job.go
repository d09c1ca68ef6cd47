package access

import (
	"context"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// ImportJobs guards the uploads of the import page: a user uploads only
// the kinds of file their role may import, and sees their own uploads;
// the ministry sees everyone's. Another user's upload is not found. It
// wraps the store without embedding it, like Registry.
type ImportJobs struct {
	store domain.ImportJobs
	Now   func() time.Time
}

var _ domain.ImportJobs = (*ImportJobs)(nil)

// NewImportJobs guards store's import jobs.
func NewImportJobs(store domain.ImportJobs) *ImportJobs {
	return &ImportJobs{store: store, Now: time.Now}
}

// allow checks that the actor of ctx is an active user who may take a.
func (g *ImportJobs) allow(ctx context.Context, a auth.Action) (domain.Actor, error) {
	actor := domain.ActorFrom(ctx)
	if actor.User != nil && !actor.User.Active(g.Now()) {
		return actor, &domain.Error{Code: domain.EUNAUTHORIZED, Key: "error.signin.required", Message: "the account is disabled or expired"}
	}
	if err := auth.Check(actor, a); err != nil {
		return actor, err
	}
	if actor.User == nil {
		// The policy gives the imports to signed-in roles only; a job
		// belongs to a user.
		return actor, &domain.Error{Code: domain.EUNAUTHORIZED, Key: "error.signin.required", Message: "sign in to import"}
	}
	return actor, nil
}

// CreateImportJob records the actor's upload, if their role may import its
// kind (EFORBIDDEN otherwise). With SourceID it imports the file of the
// actor's own clean dry run for real: another user's dry run is not found,
// the ministry's view of it included.
func (g *ImportJobs) CreateImportJob(ctx context.Context, job *domain.ImportJob) error {
	actor, err := g.allow(ctx, auth.UseImports)
	if err != nil {
		return err
	}
	kind := job.Kind
	if job.SourceID != 0 {
		source, err := g.store.ImportJob(ctx, job.SourceID)
		if err != nil {
			return err
		}
		if source.UserID != actor.User.ID {
			return domain.NotFound("import")
		}
		kind = source.Kind
	}
	if err := auth.Check(actor, auth.ImportAction(kind)); err != nil {
		return err
	}
	job.UserID, job.Address = actor.User.ID, actor.Address
	return g.store.CreateImportJob(ctx, job)
}

// ImportJob returns a job of the actor's, or any for the ministry.
func (g *ImportJobs) ImportJob(ctx context.Context, id int64) (domain.ImportJob, error) {
	actor, err := g.allow(ctx, auth.UseImports)
	if err != nil {
		return domain.ImportJob{}, err
	}
	j, err := g.store.ImportJob(ctx, id)
	if err != nil {
		return j, err
	}
	if j.UserID != actor.User.ID && actor.Role() != domain.RoleMinistry {
		return domain.ImportJob{}, domain.NotFound("import")
	}
	return j, nil
}

// ImportJobList lists the actor's jobs; the ministry's list is everyone's.
func (g *ImportJobs) ImportJobList(ctx context.Context, f domain.ImportJobFilter) (domain.List[domain.ImportJob], error) {
	actor, err := g.allow(ctx, auth.UseImports)
	if err != nil {
		return domain.List[domain.ImportJob]{}, err
	}
	if actor.Role() != domain.RoleMinistry {
		f.UserID = actor.User.ID
	}
	return g.store.ImportJobList(ctx, f)
}
