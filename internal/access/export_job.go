package access

import (
	"context"
	"io"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// ExportJobs guards the large downloads that a background job writes: a
// signed-in user asks for one, and only they see it and download its file
// — not the ministry, not a colleague of the same college: the file holds
// what the asker's role may read, masked for that role. Another user's job
// is not found. The list itself is read, under the list's checks, by the
// job acting as the asker (the Each… methods of Registry).
type ExportJobs struct {
	store exportJobStore
	Now   func() time.Time
}

type exportJobStore interface {
	domain.ExportJobStore
	CopyFile(ctx context.Context, id int64, w io.Writer) error
}

var _ domain.ExportJobs = (*ExportJobs)(nil)

// NewExportJobs guards store's export jobs.
func NewExportJobs(store exportJobStore) *ExportJobs {
	return &ExportJobs{store: store, Now: time.Now}
}

// user is the signed-in, active user of ctx.
func (g *ExportJobs) user(ctx context.Context) (*domain.User, error) {
	actor := domain.ActorFrom(ctx)
	if actor.User != nil && !actor.User.Active(g.Now()) {
		return nil, &domain.Error{Code: domain.EUNAUTHORIZED, Key: "error.signin.required", Message: "the account is disabled or expired"}
	}
	if err := auth.Check(actor, auth.UseAccount); err != nil {
		return nil, err
	}
	return actor.User, nil
}

// CreateExportJob records a download the actor asked for, as theirs and
// under their present role. The list's own action was checked by the
// page that counted it, and is checked again when the job reads it.
func (g *ExportJobs) CreateExportJob(ctx context.Context, job *domain.ExportJob) error {
	u, err := g.user(ctx)
	if err != nil {
		return err
	}
	job.UserID, job.Role, job.Address = u.ID, u.Role, domain.ActorFrom(ctx).Address
	return g.store.CreateExportJob(ctx, job)
}

// ExportJob returns one of the actor's jobs; ENOTFOUND for another's.
func (g *ExportJobs) ExportJob(ctx context.Context, id int64) (domain.ExportJob, error) {
	u, err := g.user(ctx)
	if err != nil {
		return domain.ExportJob{}, err
	}
	j, err := g.store.ExportJob(ctx, id)
	if err != nil {
		return j, err
	}
	if j.UserID != u.ID {
		return domain.ExportJob{}, domain.NotFound("export")
	}
	return j, nil
}

// CopyExportFile writes the file of one of the actor's finished jobs to
// w; ENOTFOUND for another's, before it is written, and once it has
// expired.
func (g *ExportJobs) CopyExportFile(ctx context.Context, id int64, w io.Writer) error {
	j, err := g.ExportJob(ctx, id)
	if err != nil {
		return err
	}
	if j.Status != domain.ImportDone || j.FileID == 0 || j.Expired(g.Now()) {
		return domain.NotFound("export")
	}
	return g.store.CopyFile(ctx, j.FileID, w)
}
