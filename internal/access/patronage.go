package access

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Patronage memoranda are read within scope (auth.ReadPatronage):
//   - the ministry and a country-wide auditor: every memorandum;
//   - a regional department and a region's auditor: those of the region —
//     the department is a party to each;
//   - a college coordinator and a college's auditor: the college's;
//   - enterprise HR: the enterprise's.
//
// The figures (how many patrons, colleges, the equipment delivered) are
// counts over memoranda, not records of anyone, so every reader may see
// them for the country, any region, college or enterprise.
//
// Writes are each party's own: the regional department records and
// changes the memoranda of its region (auth.WritePatronage), the
// enterprise reports deliveries against its own commitments
// (auth.ReportPatronage), the college confirms what it received
// (auth.ConfirmPatronage). A memorandum out of scope is not found.

// Memoranda lists the memoranda the actor may see.
func (r *Registry) Memoranda(ctx context.Context, f domain.MemorandumFilter) (domain.List[domain.Memorandum], error) {
	actor, err := r.allow(ctx, auth.ReadPatronage)
	if err != nil {
		return domain.List[domain.Memorandum]{}, err
	}
	if err := f.Validate(); err != nil {
		return domain.List[domain.Memorandum]{}, err
	}
	sc := scopeOf(actor)
	if narrow(&f.RegionID, sc.regionID) || narrow(&f.CollegeID, sc.collegeID) || narrow(&f.EnterpriseID, sc.enterpriseID) {
		return domain.List[domain.Memorandum]{Items: []domain.Memorandum{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	return r.store.Memoranda(ctx, f)
}

// Memorandum returns one memorandum within scope; ENOTFOUND otherwise.
func (r *Registry) Memorandum(ctx context.Context, id int64) (domain.Memorandum, error) {
	actor, err := r.allow(ctx, auth.ReadPatronage)
	if err != nil {
		return domain.Memorandum{}, err
	}
	return r.scopedMemorandum(ctx, scopeOf(actor), id)
}

func (r *Registry) scopedMemorandum(ctx context.Context, sc scope, id int64) (domain.Memorandum, error) {
	m, err := r.store.Memorandum(ctx, id)
	if err != nil {
		return domain.Memorandum{}, err
	}
	if !memorandumInScope(sc, &m) {
		return domain.Memorandum{}, notFound("memorandum")
	}
	return m, nil
}

func memorandumInScope(sc scope, m *domain.Memorandum) bool {
	return (sc.regionID == 0 || m.RegionID == sc.regionID) && (sc.collegeID == 0 || m.CollegeID == sc.collegeID) &&
		(sc.enterpriseID == 0 || m.EnterpriseID == sc.enterpriseID)
}

// SaveMemorandum records or changes a memorandum of the actor's region:
// the regional department is always the party of its own region, and a
// memorandum of another region is not found. The store checks that the
// college is in the region.
func (r *Registry) SaveMemorandum(ctx context.Context, m *domain.Memorandum) error {
	actor, err := r.allow(ctx, auth.WritePatronage)
	if err != nil {
		return err
	}
	sc := scopeOf(actor)
	if sc.regionID == 0 {
		return forbidden()
	}
	if m.ID != 0 {
		if _, err := r.scopedMemorandum(ctx, sc, m.ID); err != nil {
			return err
		}
	}
	m.RegionID = sc.regionID
	return r.store.SaveMemorandum(ctx, m)
}

// ReportFulfilment records a delivery against a commitment of the actor's
// own enterprise; another enterprise's memorandum is not found.
func (r *Registry) ReportFulfilment(ctx context.Context, f *domain.Fulfilment, ev *domain.Evidence) error {
	actor, err := r.allow(ctx, auth.ReportPatronage)
	if err != nil {
		return err
	}
	sc := scopeOf(actor)
	if sc.enterpriseID == 0 {
		return forbidden()
	}
	if _, err := r.scopedMemorandum(ctx, sc, f.MemorandumID); err != nil {
		return err
	}
	return r.store.ReportFulfilment(ctx, f, ev)
}

// Fulfilment returns a report on a memorandum within scope; ENOTFOUND
// otherwise.
func (r *Registry) Fulfilment(ctx context.Context, id int64) (domain.Fulfilment, error) {
	actor, err := r.allow(ctx, auth.ReadPatronage)
	if err != nil {
		return domain.Fulfilment{}, err
	}
	return r.scopedFulfilment(ctx, scopeOf(actor), id)
}

func (r *Registry) scopedFulfilment(ctx context.Context, sc scope, id int64) (domain.Fulfilment, error) {
	f, err := r.store.Fulfilment(ctx, id)
	if err != nil {
		return domain.Fulfilment{}, err
	}
	if _, err := r.scopedMemorandum(ctx, sc, f.MemorandumID); err != nil {
		return domain.Fulfilment{}, notFound("fulfilment")
	}
	return f, nil
}

// ConfirmFulfilment records that the actor's college received a delivery
// reported on one of its memoranda; another college's is not found.
func (r *Registry) ConfirmFulfilment(ctx context.Context, id int64) error {
	actor, err := r.allow(ctx, auth.ConfirmPatronage)
	if err != nil {
		return err
	}
	sc := scopeOf(actor)
	if sc.collegeID == 0 {
		return forbidden()
	}
	if _, err := r.scopedFulfilment(ctx, sc, id); err != nil {
		return err
	}
	return r.store.ConfirmFulfilment(ctx, id)
}

// Evidence returns the evidence file of a report within scope.
func (r *Registry) Evidence(ctx context.Context, fulfilmentID int64) (domain.Evidence, error) {
	actor, err := r.allow(ctx, auth.ReadPatronage)
	if err != nil {
		return domain.Evidence{}, err
	}
	if _, err := r.scopedFulfilment(ctx, scopeOf(actor), fulfilmentID); err != nil {
		return domain.Evidence{}, err
	}
	return r.store.Evidence(ctx, fulfilmentID)
}

// PatronageFigures counts the memoranda in force for any scope: they are
// figures, not records (see above).
func (r *Registry) PatronageFigures(ctx context.Context, sc domain.PatronageScope) (domain.PatronageFigures, error) {
	if _, err := r.allow(ctx, auth.ReadPatronage); err != nil {
		return domain.PatronageFigures{}, err
	}
	return r.store.PatronageFigures(ctx, sc)
}
