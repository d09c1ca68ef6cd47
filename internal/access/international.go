package access

import (
	"context"
	"strings"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Internationalisation is read within scope (auth.ReadInternational): the
// ministry and a country-wide auditor everything, a regional department
// and a region's auditor its region's colleges, a college its own. The
// foreign partners are organisations, not people: every reader sees the
// register, so two colleges find one partner instead of typing it twice.
// A college records its own agreements, foreign specialists and mobility
// and registers partners (auth.WriteInternational); it changes a partner
// only while no other college has an agreement with it.
//
// The names in mobility records are people's: those who work with the
// figures (the ministry, regions, auditors) see initials.

// RussianRegions returns the reference data to every reader.
func (r *Registry) RussianRegions(ctx context.Context) ([]domain.ForeignRegion, error) {
	if _, err := r.allow(ctx, auth.ReadInternational); err != nil {
		return nil, err
	}
	return r.store.RussianRegions(ctx)
}

// Partners lists the register of partners.
func (r *Registry) Partners(ctx context.Context, f domain.PartnerFilter) (domain.List[domain.Partner], error) {
	if _, err := r.allow(ctx, auth.ReadInternational); err != nil {
		return domain.List[domain.Partner]{}, err
	}
	return r.store.Partners(ctx, f)
}

// Partner returns one partner of the register.
func (r *Registry) Partner(ctx context.Context, id int64) (domain.Partner, error) {
	if _, err := r.allow(ctx, auth.ReadInternational); err != nil {
		return domain.Partner{}, err
	}
	return r.store.Partner(ctx, id)
}

// SavePartner registers a partner, or changes one no other college works with.
func (r *Registry) SavePartner(ctx context.Context, p *domain.Partner) error {
	actor, err := r.allow(ctx, auth.WriteInternational)
	if err != nil {
		return err
	}
	sc := scopeOf(actor)
	if sc.collegeID == 0 {
		return forbidden()
	}
	if p.ID != 0 {
		others, err := r.store.Partnerships(ctx, domain.PartnershipFilter{PartnerID: p.ID, Page: domain.Page{Size: domain.MaxPageSize}})
		if err != nil {
			return err
		}
		for _, a := range others.Items {
			if a.CollegeID != sc.collegeID {
				return &domain.Error{Code: domain.EFORBIDDEN, Key: "error.partner.shared", Message: "another college works with this partner"}
			}
		}
	}
	return r.store.SavePartner(ctx, p)
}

// Partnerships lists the agreements within scope.
func (r *Registry) Partnerships(ctx context.Context, f domain.PartnershipFilter) (domain.List[domain.Partnership], error) {
	actor, err := r.allow(ctx, auth.ReadInternational)
	if err != nil {
		return domain.List[domain.Partnership]{}, err
	}
	if err := f.Validate(); err != nil {
		return domain.List[domain.Partnership]{}, err
	}
	sc := scopeOf(actor)
	if narrow(&f.RegionID, sc.regionID) || narrow(&f.CollegeID, sc.collegeID) {
		return domain.List[domain.Partnership]{Items: []domain.Partnership{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	return r.store.Partnerships(ctx, f)
}

// inScope reports whether a record of a college in a region is the actor's to see.
func inScope(sc scope, regionID int, collegeID int64) bool {
	return (sc.regionID == 0 || sc.regionID == regionID) && (sc.collegeID == 0 || sc.collegeID == collegeID)
}

// Partnership returns one agreement within scope; ENOTFOUND otherwise.
func (r *Registry) Partnership(ctx context.Context, id int64) (domain.Partnership, error) {
	actor, err := r.allow(ctx, auth.ReadInternational)
	if err != nil {
		return domain.Partnership{}, err
	}
	a, err := r.store.Partnership(ctx, id)
	if err != nil {
		return a, err
	}
	if !inScope(scopeOf(actor), a.RegionID, a.CollegeID) {
		return domain.Partnership{}, notFound("partnership")
	}
	return a, nil
}

// writingCollege is the actor's college when the actor may write
// international records; EFORBIDDEN otherwise.
func (r *Registry) writingCollege(ctx context.Context) (int64, error) {
	actor, err := r.allow(ctx, auth.WriteInternational)
	if err != nil {
		return 0, err
	}
	college := scopeOf(actor).collegeID
	if college == 0 {
		return 0, forbidden()
	}
	return college, nil
}

// SavePartnership records or changes an agreement of the actor's college.
func (r *Registry) SavePartnership(ctx context.Context, a *domain.Partnership) error {
	college, err := r.writingCollege(ctx)
	if err != nil {
		return err
	}
	if a.ID != 0 {
		old, err := r.store.Partnership(ctx, a.ID)
		if err != nil {
			return err
		}
		if old.CollegeID != college {
			return notFound("partnership")
		}
	}
	a.CollegeID = college
	return r.store.SavePartnership(ctx, a)
}

// ForeignSpecialists lists the specialists within scope.
func (r *Registry) ForeignSpecialists(ctx context.Context, f domain.SpecialistFilter) (domain.List[domain.ForeignSpecialist], error) {
	actor, err := r.allow(ctx, auth.ReadInternational)
	if err != nil {
		return domain.List[domain.ForeignSpecialist]{}, err
	}
	if err := f.Validate(); err != nil {
		return domain.List[domain.ForeignSpecialist]{}, err
	}
	sc := scopeOf(actor)
	if narrow(&f.RegionID, sc.regionID) || narrow(&f.CollegeID, sc.collegeID) {
		return domain.List[domain.ForeignSpecialist]{Items: []domain.ForeignSpecialist{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	return r.store.ForeignSpecialists(ctx, f)
}

// ForeignSpecialist returns one specialist within scope.
func (r *Registry) ForeignSpecialist(ctx context.Context, id int64) (domain.ForeignSpecialist, error) {
	actor, err := r.allow(ctx, auth.ReadInternational)
	if err != nil {
		return domain.ForeignSpecialist{}, err
	}
	s, err := r.store.ForeignSpecialist(ctx, id)
	if err != nil {
		return s, err
	}
	if !inScope(scopeOf(actor), s.RegionID, s.CollegeID) {
		return domain.ForeignSpecialist{}, notFound("foreign_specialist")
	}
	return s, nil
}

// SaveForeignSpecialist records or changes a specialist of the actor's college.
func (r *Registry) SaveForeignSpecialist(ctx context.Context, s *domain.ForeignSpecialist) error {
	college, err := r.writingCollege(ctx)
	if err != nil {
		return err
	}
	if s.ID != 0 {
		old, err := r.store.ForeignSpecialist(ctx, s.ID)
		if err != nil {
			return err
		}
		if old.CollegeID != college {
			return notFound("foreign_specialist")
		}
	}
	s.CollegeID = college
	return r.store.SaveForeignSpecialist(ctx, s)
}

// maskMobility leaves initials of a participant's name for readers who
// work with figures, not with the people.
func maskMobility(actor domain.Actor, m *domain.Mobility) {
	if scopeOf(actor).collegeID != 0 {
		return
	}
	var initials []string
	for _, w := range strings.Fields(m.PersonName) {
		initials = append(initials, string([]rune(w)[:1])+".")
	}
	m.PersonName = strings.Join(initials, " ")
	m.StudentID, m.TeacherID = 0, 0
}

// Mobilities lists the mobilities within scope.
func (r *Registry) Mobilities(ctx context.Context, f domain.MobilityFilter) (domain.List[domain.Mobility], error) {
	actor, err := r.allow(ctx, auth.ReadInternational)
	if err != nil {
		return domain.List[domain.Mobility]{}, err
	}
	if err := f.Validate(); err != nil {
		return domain.List[domain.Mobility]{}, err
	}
	sc := scopeOf(actor)
	if narrow(&f.RegionID, sc.regionID) || narrow(&f.CollegeID, sc.collegeID) {
		return domain.List[domain.Mobility]{Items: []domain.Mobility{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	list, err := r.store.Mobilities(ctx, f)
	for i := range list.Items {
		maskMobility(actor, &list.Items[i])
	}
	return list, err
}

// Mobility returns one mobility within scope.
func (r *Registry) Mobility(ctx context.Context, id int64) (domain.Mobility, error) {
	actor, err := r.allow(ctx, auth.ReadInternational)
	if err != nil {
		return domain.Mobility{}, err
	}
	m, err := r.store.Mobility(ctx, id)
	if err != nil {
		return m, err
	}
	if !inScope(scopeOf(actor), m.RegionID, m.CollegeID) {
		return domain.Mobility{}, notFound("mobility")
	}
	maskMobility(actor, &m)
	return m, nil
}

// SaveMobility records or changes a mobility of the actor's college.
func (r *Registry) SaveMobility(ctx context.Context, m *domain.Mobility) error {
	college, err := r.writingCollege(ctx)
	if err != nil {
		return err
	}
	if m.ID != 0 {
		old, err := r.store.Mobility(ctx, m.ID)
		if err != nil {
			return err
		}
		if old.CollegeID != college {
			return notFound("mobility")
		}
	}
	m.CollegeID = college
	return r.store.SaveMobility(ctx, m)
}

// InternationalFigures counts the scope, narrowed to the actor's region
// or college.
func (r *Registry) InternationalFigures(ctx context.Context, sc domain.CollegeScope) (domain.InternationalFigures, error) {
	actor, err := r.allow(ctx, auth.ReadInternational)
	if err != nil {
		return domain.InternationalFigures{}, err
	}
	if err := r.narrowCollegeScope(ctx, actor, &sc); err != nil {
		return domain.InternationalFigures{}, err
	}
	return r.store.InternationalFigures(ctx, sc)
}

// CrossBorder is the Kazakhstan–Russia view, narrowed to the actor's
// region or college.
func (r *Registry) CrossBorder(ctx context.Context, sc domain.CollegeScope) (domain.CrossBorder, error) {
	actor, err := r.allow(ctx, auth.ReadInternational)
	if err != nil {
		return domain.CrossBorder{}, err
	}
	if err := r.narrowCollegeScope(ctx, actor, &sc); err != nil {
		return domain.CrossBorder{}, err
	}
	return r.store.CrossBorder(ctx, sc)
}
