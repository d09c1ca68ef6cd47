package access

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// State-funded seats (auth.ReadSeats, auth.WriteSeats):
//   - seats are read within scope: a regional department and a region's
//     auditor the region's colleges, a college coordinator and a college's
//     auditor their college; the totals are counts, so the nation's are
//     for every reader, a region's for the region's readers;
//   - the ministry sets any college's seats, a regional department its
//     region's (policy).
//
// Targeted training (auth.ReadTargeted and the writes):
//   - orders: an employer its own, a college and a region the region's
//     (a college signs contracts against them), the ministry all;
//   - contracts and their obligations: an employer its own, a college its
//     students', a region the region's, the ministry all; an auditor within
//     its region or college;
//   - an employer places its orders, a college records its students'
//     contracts, and both parties record the obligation's changes;
//   - alerts: a college's and an employer's own;
//   - the overview is counts: the nation's for every reader, a region's
//     for the region's readers.
//
// A record out of scope is not found.

// Seats lists the seats the actor may see.
func (r *Registry) Seats(ctx context.Context, f domain.SeatFilter) (domain.List[domain.StateSeats], error) {
	actor, err := r.allow(ctx, auth.ReadSeats)
	if err != nil {
		return domain.List[domain.StateSeats]{}, err
	}
	if err := f.Validate(); err != nil {
		return domain.List[domain.StateSeats]{}, err
	}
	sc := scopeOf(actor)
	if narrow(&f.RegionID, sc.regionID) || narrow(&f.CollegeID, sc.collegeID) {
		return domain.List[domain.StateSeats]{Items: []domain.StateSeats{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	return r.store.Seats(ctx, f)
}

// SetSeats sets seats of a college in the actor's scope: any for the
// ministry, the region's for a regional department.
func (r *Registry) SetSeats(ctx context.Context, s *domain.StateSeats) error {
	actor, err := r.allow(ctx, auth.WriteSeats)
	if err != nil {
		return err
	}
	if s.CollegeID > 0 {
		ok, err := r.collegeInScope(ctx, scopeOf(actor), s.CollegeID)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return domain.Invalid("college_id", "error.college.unknown", "unknown college")
		}
		if err != nil {
			return err
		}
		if !ok {
			return notFound("college")
		}
	}
	return r.store.SetSeats(ctx, s)
}

// SeatOverview totals the seats: a regional reader sees its region's.
func (r *Registry) SeatOverview(ctx context.Context, f domain.SeatOverviewFilter) (domain.SeatOverview, error) {
	actor, err := r.allow(ctx, auth.ReadSeats)
	if err != nil {
		return domain.SeatOverview{}, err
	}
	if narrow(&f.RegionID, scopeOf(actor).regionID) {
		return domain.SeatOverview{}, notFound("region")
	}
	return r.store.SeatOverview(ctx, f)
}

// ordersRegion is the region whose orders a college or a regional reader
// sees (0: no narrowing by region).
func (r *Registry) ordersRegion(ctx context.Context, sc scope) (int, error) {
	if sc.regionID != 0 {
		return sc.regionID, nil
	}
	if sc.collegeID != 0 {
		return r.collegeRegion(ctx, sc.collegeID)
	}
	return 0, nil
}

// TrainingOrders lists the orders the actor may see.
func (r *Registry) TrainingOrders(ctx context.Context, f domain.OrderFilter) (domain.List[domain.TrainingOrder], error) {
	actor, err := r.allow(ctx, auth.ReadTargeted)
	if err != nil {
		return domain.List[domain.TrainingOrder]{}, err
	}
	if err := f.Validate(); err != nil {
		return domain.List[domain.TrainingOrder]{}, err
	}
	sc := scopeOf(actor)
	region, err := r.ordersRegion(ctx, sc)
	if err != nil {
		return domain.List[domain.TrainingOrder]{}, err
	}
	if narrow(&f.RegionID, region) || narrow(&f.EnterpriseID, sc.enterpriseID) {
		return domain.List[domain.TrainingOrder]{Items: []domain.TrainingOrder{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	return r.store.TrainingOrders(ctx, f)
}

// TrainingOrder returns an order within scope.
func (r *Registry) TrainingOrder(ctx context.Context, id int64) (domain.TrainingOrder, error) {
	actor, err := r.allow(ctx, auth.ReadTargeted)
	if err != nil {
		return domain.TrainingOrder{}, err
	}
	return r.scopedOrder(ctx, scopeOf(actor), id)
}

func (r *Registry) scopedOrder(ctx context.Context, sc scope, id int64) (domain.TrainingOrder, error) {
	o, err := r.store.TrainingOrder(ctx, id)
	if err != nil {
		return o, err
	}
	region, err := r.ordersRegion(ctx, sc)
	if err != nil {
		return domain.TrainingOrder{}, err
	}
	if (region != 0 && o.RegionID != region) || (sc.enterpriseID != 0 && o.EnterpriseID != sc.enterpriseID) {
		return domain.TrainingOrder{}, notFound("order")
	}
	return o, nil
}

// SaveTrainingOrder places or changes an order of the actor's own
// enterprise.
func (r *Registry) SaveTrainingOrder(ctx context.Context, o *domain.TrainingOrder) error {
	actor, err := r.allow(ctx, auth.WriteOrders)
	if err != nil {
		return err
	}
	sc := scopeOf(actor)
	if sc.enterpriseID == 0 {
		return forbidden()
	}
	if o.ID != 0 {
		if _, err := r.scopedOrder(ctx, sc, o.ID); err != nil {
			return err
		}
	}
	o.EnterpriseID = sc.enterpriseID
	return r.store.SaveTrainingOrder(ctx, o)
}

// TargetedContracts lists the contracts the actor may see.
func (r *Registry) TargetedContracts(ctx context.Context, f domain.ContractFilter) (domain.List[domain.TargetedContract], error) {
	actor, err := r.allow(ctx, auth.ReadTargeted)
	if err != nil {
		return domain.List[domain.TargetedContract]{}, err
	}
	if err := f.Validate(); err != nil {
		return domain.List[domain.TargetedContract]{}, err
	}
	sc := scopeOf(actor)
	if narrow(&f.RegionID, sc.regionID) || narrow(&f.CollegeID, sc.collegeID) || narrow(&f.EnterpriseID, sc.enterpriseID) {
		return domain.List[domain.TargetedContract]{Items: []domain.TargetedContract{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	return r.store.TargetedContracts(ctx, f)
}

// TargetedContract returns a contract within scope, with its history.
func (r *Registry) TargetedContract(ctx context.Context, id int64) (domain.TargetedContract, error) {
	actor, err := r.allow(ctx, auth.ReadTargeted)
	if err != nil {
		return domain.TargetedContract{}, err
	}
	return r.scopedContract(ctx, scopeOf(actor), id)
}

func (r *Registry) scopedContract(ctx context.Context, sc scope, id int64) (domain.TargetedContract, error) {
	c, err := r.store.TargetedContract(ctx, id)
	if err != nil {
		return c, err
	}
	if (sc.regionID != 0 && c.RegionID != sc.regionID) || (sc.collegeID != 0 && c.CollegeID != sc.collegeID) ||
		(sc.enterpriseID != 0 && c.EnterpriseID != sc.enterpriseID) {
		return domain.TargetedContract{}, notFound("contract")
	}
	return c, nil
}

// CreateTargetedContract records a contract of one of the actor's
// college's students; another college's student is not found.
func (r *Registry) CreateTargetedContract(ctx context.Context, c *domain.TargetedContract) error {
	actor, err := r.allow(ctx, auth.WriteContracts)
	if err != nil {
		return err
	}
	sc := scopeOf(actor)
	if sc.collegeID == 0 {
		return forbidden()
	}
	if c.StudentID > 0 {
		st, err := r.store.Student(ctx, c.StudentID)
		if err != nil {
			return err
		}
		if st.CollegeID != sc.collegeID {
			return notFound("student")
		}
	}
	if c.OrderID > 0 {
		if _, err := r.scopedOrder(ctx, sc, c.OrderID); err != nil {
			return err
		}
	}
	return r.store.CreateTargetedContract(ctx, c)
}

// MoveObligation records a change of the obligation of a contract of the
// actor's college or enterprise.
func (r *Registry) MoveObligation(ctx context.Context, id int64, m domain.ObligationMove) (domain.TargetedContract, error) {
	actor, err := r.allow(ctx, auth.MoveObligations)
	if err != nil {
		return domain.TargetedContract{}, err
	}
	sc := scopeOf(actor)
	if sc.collegeID == 0 && sc.enterpriseID == 0 {
		return domain.TargetedContract{}, forbidden()
	}
	if _, err := r.scopedContract(ctx, sc, id); err != nil {
		return domain.TargetedContract{}, err
	}
	return r.store.MoveObligation(ctx, id, m)
}

// TargetedOverview totals targeted training: a regional reader sees its
// region's.
func (r *Registry) TargetedOverview(ctx context.Context, f domain.TargetedOverviewFilter) (domain.TargetedOverview, error) {
	actor, err := r.allow(ctx, auth.ReadTargeted)
	if err != nil {
		return domain.TargetedOverview{}, err
	}
	if narrow(&f.RegionID, scopeOf(actor).regionID) {
		return domain.TargetedOverview{}, notFound("region")
	}
	return r.store.TargetedOverview(ctx, f)
}

// Alerts lists the alerts of the actor's college or enterprise.
func (r *Registry) Alerts(ctx context.Context, f domain.AlertFilter) (domain.List[domain.Alert], error) {
	actor, err := r.allow(ctx, auth.ReadAlerts)
	if err != nil {
		return domain.List[domain.Alert]{}, err
	}
	sc := scopeOf(actor)
	if sc.collegeID == 0 && sc.enterpriseID == 0 {
		return domain.List[domain.Alert]{}, forbidden()
	}
	f.CollegeID, f.EnterpriseID = sc.collegeID, sc.enterpriseID
	return r.store.Alerts(ctx, f)
}
