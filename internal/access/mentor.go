package access

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Mentors are read within scope (auth.ReadMentors):
//   - enterprise HR and mentors: the mentors of their own enterprise;
//   - a college coordinator, a teacher, an auditor of a college: the mentors
//     of one partner enterprise at a time — one with an agreement with the
//     college or an offer naming it as partner. The college needs them to
//     draft agreements and to change a trainee's mentor; the staff lists of
//     every enterprise in the country are none of its business;
//   - a regional department or auditor: the mentors of the region's
//     enterprises;
//   - the ministry and a country-wide auditor: every mentor.

// Mentors lists the mentors the actor may see. A college-scoped list must
// name the enterprise (EINVALID otherwise); a non-partner's list is empty.
func (r *Registry) Mentors(ctx context.Context, f domain.MentorFilter) (domain.List[domain.Mentor], error) {
	actor, err := r.allow(ctx, auth.ReadMentors)
	if err != nil {
		return domain.List[domain.Mentor]{}, err
	}
	if err := f.Validate(); err != nil {
		return domain.List[domain.Mentor]{}, err
	}
	empty, err := r.narrowMentors(ctx, &f, scopeOf(actor))
	if err != nil {
		return domain.List[domain.Mentor]{}, err
	}
	if empty {
		return domain.List[domain.Mentor]{Items: []domain.Mentor{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	return r.store.Mentors(ctx, f)
}

// narrowMentors narrows f to the scope; true when nothing can match.
// EINVALID when a college-scoped reader names no enterprise.
func (r *Registry) narrowMentors(ctx context.Context, f *domain.MentorFilter, sc scope) (empty bool, err error) {
	empty = narrow(&f.EnterpriseID, sc.enterpriseID) || narrow(&f.RegionID, sc.regionID)
	if sc.enterpriseID == 0 && sc.collegeID != 0 {
		if f.EnterpriseID == 0 {
			return false, domain.Invalid("enterprise_id", "error.enterprise.required", "choose the enterprise whose mentors to list")
		}
		if !empty {
			ok, err := r.partner(ctx, sc.collegeID, f.EnterpriseID)
			if err != nil {
				return false, err
			}
			empty = !ok
		}
	}
	return empty, nil
}

// Mentor returns one mentor within scope; ENOTFOUND otherwise.
func (r *Registry) Mentor(ctx context.Context, id int64) (domain.Mentor, error) {
	actor, err := r.allow(ctx, auth.ReadMentors)
	if err != nil {
		return domain.Mentor{}, err
	}
	m, err := r.store.Mentor(ctx, id)
	if err != nil {
		return domain.Mentor{}, err
	}
	return r.scopedMentor(ctx, actor, m)
}

// MentorByUser returns the mentor record of a user account within scope
// (a mentor finds their own); ENOTFOUND otherwise.
func (r *Registry) MentorByUser(ctx context.Context, userID int64) (domain.Mentor, error) {
	actor, err := r.allow(ctx, auth.ReadMentors)
	if err != nil {
		return domain.Mentor{}, err
	}
	m, err := r.store.MentorByUser(ctx, userID)
	if err != nil {
		return domain.Mentor{}, err
	}
	return r.scopedMentor(ctx, actor, m)
}

func (r *Registry) scopedMentor(ctx context.Context, actor domain.Actor, m domain.Mentor) (domain.Mentor, error) {
	ok, err := r.mentorInScope(ctx, scopeOf(actor), &m)
	if err != nil {
		return domain.Mentor{}, err
	}
	if !ok {
		return domain.Mentor{}, notFound("mentor")
	}
	return m, nil
}

func (r *Registry) mentorInScope(ctx context.Context, sc scope, m *domain.Mentor) (bool, error) {
	switch {
	case sc.enterpriseID != 0:
		return m.EnterpriseID == sc.enterpriseID, nil
	case sc.collegeID != 0:
		return r.partner(ctx, sc.collegeID, m.EnterpriseID)
	case sc.regionID != 0:
		e, err := r.store.Enterprise(ctx, m.EnterpriseID)
		return err == nil && e.RegionID == sc.regionID, err
	}
	return true, nil
}

// partner reports whether an enterprise works with a college: it has an
// agreement with the college, in any state, or an offer naming it as the
// partner college.
func (r *Registry) partner(ctx context.Context, collegeID, enterpriseID int64) (bool, error) {
	one := domain.Page{Size: 1}
	a, err := r.store.Agreements(ctx, domain.AgreementFilter{CollegeID: collegeID, EnterpriseID: enterpriseID, Page: one})
	if err != nil || a.Total > 0 {
		return a.Total > 0, err
	}
	o, err := r.store.Offers(ctx, domain.OfferFilter{CollegeID: collegeID, EnterpriseID: enterpriseID, Page: one})
	return o.Total > 0, err
}

// SaveMentor creates or changes a mentor of the actor's own enterprise: the
// enterprise is always the actor's and a mentor of another enterprise is not
// found. The store checks that a linked user account is a mentor account of
// the same enterprise (EINVALID error.mentor.account): the link is what gives
// the account its trainees.
func (r *Registry) SaveMentor(ctx context.Context, m *domain.Mentor) error {
	actor, err := r.allow(ctx, auth.ManageMentors)
	if err != nil {
		return err
	}
	sc := scopeOf(actor)
	if m.ID != 0 {
		before, err := r.store.Mentor(ctx, m.ID)
		if err != nil {
			return err
		}
		if before.EnterpriseID != sc.enterpriseID {
			return notFound("mentor")
		}
	}
	m.EnterpriseID = sc.enterpriseID
	return r.store.SaveMentor(ctx, m)
}
