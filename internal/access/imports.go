package access

import (
	"context"
	"iter"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Imports guards the bulk imports: the policy decides who may import each
// kind of file, and the actor's scope goes down to the import, which
// refuses every row outside it (a row error, never a silent skip). It
// wraps the store without embedding it, like Registry.
type Imports struct {
	store domain.ImportService
	Now   func() time.Time
}

var _ domain.ImportService = (*Imports)(nil)

// NewImports guards store's imports.
func NewImports(store domain.ImportService) *Imports { return &Imports{store: store, Now: time.Now} }

// request checks the policy for the actor of ctx and sets the request's
// scope from the actor's, whatever the caller put there.
func (g *Imports) request(ctx context.Context, a auth.Action, req domain.ImportRequest) (domain.ImportRequest, error) {
	actor := domain.ActorFrom(ctx)
	if actor.User != nil && !actor.User.Active(g.Now()) {
		return req, &domain.Error{Code: domain.EUNAUTHORIZED, Key: "error.signin.required", Message: "the account is disabled or expired"}
	}
	if err := auth.Check(actor, a); err != nil {
		return req, err
	}
	sc := scopeOf(actor)
	req.Scope = domain.ImportScope{RegionID: sc.regionID, CollegeID: sc.collegeID, EnterpriseID: sc.enterpriseID}
	return req, nil
}

// ImportColleges: the ministry, or a regional department for its region.
func (g *Imports) ImportColleges(ctx context.Context, req domain.ImportRequest, rows iter.Seq2[domain.CollegeRow, error]) (domain.ImportResult, error) {
	req, err := g.request(ctx, auth.ImportColleges, req)
	if err != nil {
		return domain.ImportResult{}, err
	}
	return g.store.ImportColleges(ctx, req, rows)
}

// ImportEnterprises: the ministry, or a regional department for its region.
func (g *Imports) ImportEnterprises(ctx context.Context, req domain.ImportRequest, rows iter.Seq2[domain.EnterpriseRow, error]) (domain.ImportResult, error) {
	req, err := g.request(ctx, auth.ImportEnterprises, req)
	if err != nil {
		return domain.ImportResult{}, err
	}
	return g.store.ImportEnterprises(ctx, req, rows)
}

// ImportStudents: the ministry; a regional department for its region's
// colleges; a college for itself.
func (g *Imports) ImportStudents(ctx context.Context, req domain.ImportRequest, rows iter.Seq2[domain.StudentRow, error]) (domain.ImportResult, error) {
	req, err := g.request(ctx, auth.ImportStudents, req)
	if err != nil {
		return domain.ImportResult{}, err
	}
	return g.store.ImportStudents(ctx, req, rows)
}

// ImportTeachers: as ImportStudents.
func (g *Imports) ImportTeachers(ctx context.Context, req domain.ImportRequest, rows iter.Seq2[domain.TeacherRow, error]) (domain.ImportResult, error) {
	req, err := g.request(ctx, auth.ImportTeachers, req)
	if err != nil {
		return domain.ImportResult{}, err
	}
	return g.store.ImportTeachers(ctx, req, rows)
}

// ImportEmployment: the ministry, or a regional department for the
// students and graduates of its region's colleges.
func (g *Imports) ImportEmployment(ctx context.Context, req domain.ImportRequest, rows iter.Seq2[domain.EmploymentRow, error]) (domain.ImportResult, error) {
	req, err := g.request(ctx, auth.ImportEmployment, req)
	if err != nil {
		return domain.ImportResult{}, err
	}
	return g.store.ImportEmployment(ctx, req, rows)
}

// ImportOffers: an enterprise its own offers; a regional department the
// offers at sites in its region; the ministry any.
func (g *Imports) ImportOffers(ctx context.Context, req domain.ImportRequest, rows iter.Seq2[domain.OfferRow, error]) (domain.ImportResult, error) {
	req, err := g.request(ctx, auth.ImportOffers, req)
	if err != nil {
		return domain.ImportResult{}, err
	}
	return g.store.ImportOffers(ctx, req, rows)
}
