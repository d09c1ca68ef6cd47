package access

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Who sees which offers (auth.ReadOffers):
//   - everyone, the public included, sees open offers;
//   - an enterprise sees its own offers in every state;
//   - a college coordinator sees the offers naming the college as partner,
//     a regional department the offers at sites in its region, the ministry
//     every offer, an auditor those of its scope — in every state but
//     draft: a draft is the enterprise's own until it is submitted;
//   - a student sees, beyond the open ones, the offers they applied to;
//   - teachers and mentors see open offers only.
//
// Approval follows the offer: the partner college it names decides, and an
// offer naming none is decided by the regional department of its site.

// Offers lists the offers the actor may see. Without a status the list is
// the catalogue of open offers, except an enterprise's list of its own
// offers, which shows every state. Another state must be asked for and is
// narrowed to the actor's scope (the filter holds one status, so "every
// state but draft" cannot be asked of the store in one query).
func (r *Registry) Offers(ctx context.Context, f domain.OfferFilter) (domain.List[domain.Offer], error) {
	actor, err := r.allow(ctx, auth.ReadOffers)
	if err != nil {
		return domain.List[domain.Offer]{}, err
	}
	if err := f.Validate(); err != nil {
		return domain.List[domain.Offer]{}, err
	}
	if narrowOffers(&f, actor) {
		return domain.List[domain.Offer]{Items: []domain.Offer{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	return r.store.Offers(ctx, f)
}

// narrowOffers narrows f to what the actor may see (see Offers); true when
// nothing can match.
func narrowOffers(f *domain.OfferFilter, actor domain.Actor) (empty bool) {
	sc := scopeOf(actor)
	switch {
	case f.Status == domain.OfferOpen:
	case actor.Role() == domain.RoleEnterprise && (f.Status != "" || f.EnterpriseID == sc.enterpriseID):
		return narrow(&f.EnterpriseID, sc.enterpriseID)
	case f.Status == "":
		f.Status = domain.OfferOpen
	case f.Status == domain.OfferDraft || !seesUnpublished(actor.Role()):
		return true
	default:
		return narrow(&f.RegionID, sc.regionID) || narrow(&f.CollegeID, sc.collegeID)
	}
	return false
}

// seesUnpublished reports whether a role sees submitted, referred, approved
// and closed offers within its scope.
func seesUnpublished(role domain.Role) bool {
	switch role {
	case domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleAuditor:
		return true
	}
	return false
}

// Offer returns one offer the actor may see; ENOTFOUND otherwise.
func (r *Registry) Offer(ctx context.Context, id int64) (domain.Offer, error) {
	actor, err := r.allow(ctx, auth.ReadOffers)
	if err != nil {
		return domain.Offer{}, err
	}
	o, err := r.store.Offer(ctx, id)
	if err != nil {
		return domain.Offer{}, err
	}
	ok, err := r.offerVisible(ctx, actor, &o)
	if err != nil {
		return domain.Offer{}, err
	}
	if !ok {
		return domain.Offer{}, notFound("offer")
	}
	return o, nil
}

func (r *Registry) offerVisible(ctx context.Context, actor domain.Actor, o *domain.Offer) (bool, error) {
	sc := scopeOf(actor)
	role := actor.Role()
	switch {
	case o.Status == domain.OfferOpen:
		return true, nil
	case role == domain.RoleEnterprise:
		return o.EnterpriseID == sc.enterpriseID, nil
	case o.Status == domain.OfferDraft:
		return false, nil
	case seesUnpublished(role):
		return (sc.regionID == 0 || o.RegionID == sc.regionID) && (sc.collegeID == 0 || o.CollegeID == sc.collegeID), nil
	case role == domain.RoleStudent:
		l, err := r.store.Applications(ctx, domain.ApplicationFilter{OfferID: o.ID, StudentID: sc.studentID, Page: domain.Page{Size: 1}})
		return l.Total > 0, err
	}
	return false, nil
}

// ownOffer returns an offer of the actor's enterprise, for a change. An
// offer of another enterprise is not found, or forbidden when the actor
// can see it (an open one).
func (r *Registry) ownOffer(ctx context.Context, actor domain.Actor, id int64) (domain.Offer, error) {
	o, err := r.store.Offer(ctx, id)
	if err != nil {
		return domain.Offer{}, err
	}
	if o.EnterpriseID != scopeOf(actor).enterpriseID {
		return domain.Offer{}, r.hideOffer(ctx, actor, &o)
	}
	return o, nil
}

// hideOffer is the refusal for an offer the actor may not act on: not
// found unless the actor can see it.
func (r *Registry) hideOffer(ctx context.Context, actor domain.Actor, o *domain.Offer) error {
	visible, err := r.offerVisible(ctx, actor, o)
	switch {
	case err != nil:
		return err
	case visible:
		return forbidden()
	}
	return notFound("offer")
}

// SaveOffer creates or changes an offer of the actor's own enterprise; the
// enterprise is always the actor's.
func (r *Registry) SaveOffer(ctx context.Context, o *domain.Offer) error {
	actor, err := r.allow(ctx, auth.WriteOffers)
	if err != nil {
		return err
	}
	if o.ID != 0 {
		if _, err := r.ownOffer(ctx, actor, o.ID); err != nil {
			return err
		}
	}
	o.EnterpriseID = scopeOf(actor).enterpriseID
	return r.store.SaveOffer(ctx, o)
}

// writeOffer checks that the actor may change the state of its own offer.
func (r *Registry) writeOffer(ctx context.Context, id int64) error {
	actor, err := r.allow(ctx, auth.WriteOffers)
	if err != nil {
		return err
	}
	_, err = r.ownOffer(ctx, actor, id)
	return err
}

// SubmitOffer sends the enterprise's own offer for approval.
func (r *Registry) SubmitOffer(ctx context.Context, id int64) error {
	if err := r.writeOffer(ctx, id); err != nil {
		return err
	}
	return r.store.SubmitOffer(ctx, id)
}

// OpenOffer opens the enterprise's own approved offer to applications.
func (r *Registry) OpenOffer(ctx context.Context, id int64) error {
	if err := r.writeOffer(ctx, id); err != nil {
		return err
	}
	return r.store.OpenOffer(ctx, id)
}

// CloseOffer closes the enterprise's own open offer.
func (r *Registry) CloseOffer(ctx context.Context, id int64) error {
	if err := r.writeOffer(ctx, id); err != nil {
		return err
	}
	return r.store.CloseOffer(ctx, id)
}

// decideOffer checks that the actor is the approver of an offer: the
// partner college it names, or, when it names none, the regional
// department of its site. An offer the actor cannot see is not found; one
// it sees but does not decide on is EFORBIDDEN (error.offer.approver).
func (r *Registry) decideOffer(ctx context.Context, id int64) error {
	actor, err := r.allow(ctx, auth.ApproveOffers)
	if err != nil {
		return err
	}
	o, err := r.store.Offer(ctx, id)
	if err != nil {
		return err
	}
	sc := scopeOf(actor)
	approver := (sc.collegeID != 0 && o.CollegeID == sc.collegeID) ||
		(sc.regionID != 0 && o.CollegeID == 0 && o.RegionID == sc.regionID)
	if approver && o.Status != domain.OfferDraft {
		return nil
	}
	if visible, err := r.offerVisible(ctx, actor, &o); err != nil || !visible {
		if err == nil {
			err = notFound("offer")
		}
		return err
	}
	return &domain.Error{Code: domain.EFORBIDDEN, Key: "error.offer.approver", Message: "only the partner college or the regional department of the site decides on this offer"}
}

// ApproveOffer approves a submitted offer, by its approver.
func (r *Registry) ApproveOffer(ctx context.Context, id int64) error {
	if err := r.decideOffer(ctx, id); err != nil {
		return err
	}
	return r.store.ApproveOffer(ctx, id)
}

// ReferOffer refers a submitted offer back with a reason, by its approver.
func (r *Registry) ReferOffer(ctx context.Context, id int64, reason string) error {
	if err := r.decideOffer(ctx, id); err != nil {
		return err
	}
	return r.store.ReferOffer(ctx, id, reason)
}

// Applications are read (auth.ReadOffers) by those who take part in the
// placement: a student their own, an enterprise those to its offers, a
// college coordinator those of its students, a regional department those of
// its colleges' students or to offers in its region, the ministry all, an
// auditor those of its scope. Teachers, mentors and the public are refused.

// readsApplications reports whether a role has a scope over applications.
func readsApplications(role domain.Role) bool {
	switch role {
	case domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleEnterprise, domain.RoleStudent, domain.RoleAuditor:
		return true
	}
	return false
}

// Applications lists the applications within the actor's scope.
func (r *Registry) Applications(ctx context.Context, f domain.ApplicationFilter) (domain.List[domain.Application], error) {
	actor, err := r.allow(ctx, auth.ReadOffers)
	if err != nil {
		return domain.List[domain.Application]{}, err
	}
	empty, err := narrowApplications(&f, actor)
	if err != nil {
		return domain.List[domain.Application]{}, err
	}
	if empty {
		return domain.List[domain.Application]{Items: []domain.Application{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	return r.store.Applications(ctx, f)
}

// narrowApplications validates f and narrows it to the actor's scope; true
// when nothing can match. EFORBIDDEN for a role that takes no part in
// placements.
func narrowApplications(f *domain.ApplicationFilter, actor domain.Actor) (empty bool, err error) {
	if !readsApplications(actor.Role()) {
		return false, denied(actor)
	}
	if err := f.Validate(); err != nil {
		return false, err
	}
	sc := scopeOf(actor)
	return narrow(&f.RegionID, sc.regionID) || narrow(&f.CollegeID, sc.collegeID) ||
		narrow(&f.EnterpriseID, sc.enterpriseID) || narrow(&f.StudentID, sc.studentID), nil
}

// Application returns one application within scope; ENOTFOUND otherwise.
func (r *Registry) Application(ctx context.Context, id int64) (domain.Application, error) {
	actor, err := r.allow(ctx, auth.ReadOffers)
	if err != nil {
		return domain.Application{}, err
	}
	if !readsApplications(actor.Role()) {
		return domain.Application{}, denied(actor)
	}
	return r.application(ctx, actor, id)
}

// application loads an application and checks it is within the actor's
// scope.
func (r *Registry) application(ctx context.Context, actor domain.Actor, id int64) (domain.Application, error) {
	a, err := r.store.Application(ctx, id)
	if err != nil {
		return domain.Application{}, err
	}
	ok, err := r.applicationInScope(ctx, actor, &a)
	if err != nil {
		return domain.Application{}, err
	}
	if !ok {
		return domain.Application{}, notFound("application")
	}
	return a, nil
}

func (r *Registry) applicationInScope(ctx context.Context, actor domain.Actor, a *domain.Application) (bool, error) {
	sc := scopeOf(actor)
	switch actor.Role() {
	case domain.RoleStudent:
		return a.StudentID == sc.studentID, nil
	case domain.RoleEnterprise:
		o, err := r.store.Offer(ctx, a.OfferID)
		return err == nil && o.EnterpriseID == sc.enterpriseID, err
	case domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleAuditor:
		s, err := r.store.Student(ctx, a.StudentID)
		if err != nil {
			return false, err
		}
		ok, err := r.collegeInScope(ctx, sc, s.CollegeID)
		if err != nil || ok || sc.regionID == 0 || sc.collegeID != 0 {
			return ok, err
		}
		// A regional scope covers the offers at sites in the region too.
		o, err := r.store.Offer(ctx, a.OfferID)
		return err == nil && o.RegionID == sc.regionID, err
	}
	return false, nil
}

// Apply records the signed-in student's application to an offer they can
// see; the student is always the actor.
func (r *Registry) Apply(ctx context.Context, a *domain.Application) error {
	actor, err := r.allow(ctx, auth.Apply)
	if err != nil {
		return err
	}
	a.StudentID = scopeOf(actor).studentID
	o, err := r.store.Offer(ctx, a.OfferID)
	if err != nil {
		return err
	}
	if ok, err := r.offerVisible(ctx, actor, &o); err != nil || !ok {
		if err == nil {
			err = notFound("offer")
		}
		return err
	}
	return r.store.Apply(ctx, a)
}

// WithdrawApplication takes back the student's own application.
func (r *Registry) WithdrawApplication(ctx context.Context, id int64) error {
	actor, err := r.allow(ctx, auth.Apply)
	if err != nil {
		return err
	}
	if _, err := r.application(ctx, actor, id); err != nil {
		return err
	}
	return r.store.WithdrawApplication(ctx, id)
}

// AcceptApplication accepts an application to one of the enterprise's own
// offers and returns the draft agreement's ID.
func (r *Registry) AcceptApplication(ctx context.Context, id int64) (int64, error) {
	actor, err := r.allow(ctx, auth.DecideApplications)
	if err != nil {
		return 0, err
	}
	if _, err := r.application(ctx, actor, id); err != nil {
		return 0, err
	}
	return r.store.AcceptApplication(ctx, id)
}

// DeclineApplication declines an application to one of the enterprise's
// own offers.
func (r *Registry) DeclineApplication(ctx context.Context, id int64, reason string) error {
	actor, err := r.allow(ctx, auth.DecideApplications)
	if err != nil {
		return err
	}
	if _, err := r.application(ctx, actor, id); err != nil {
		return err
	}
	return r.store.DeclineApplication(ctx, id, reason)
}

// denied refuses a role that has no scope over the records asked for:
// the public is asked to sign in, anyone else is forbidden.
func denied(actor domain.Actor) error {
	if actor.User == nil {
		return &domain.Error{Code: domain.EUNAUTHORIZED, Key: "error.signin.required", Message: "sign in to see this"}
	}
	return &domain.Error{Code: domain.EFORBIDDEN, Key: "error.forbidden", Message: "your role may not do this"}
}
