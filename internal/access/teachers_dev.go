package access

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Teachers' qualification is read within scope (auth.ReadTeacherDevelopment):
//   - the ministry and a country-wide auditor: every teacher;
//   - a regional department and a region's auditor: the region's colleges';
//   - a college and a college's auditor: its own teachers;
//   - a teacher: their own record only;
//   - enterprise HR: the internships at the enterprise, nothing else.
//
// The college records its teachers' categories, subjects, courses and
// internships (auth.WriteTeacherDevelopment); a teacher records their own
// courses and internships, never their category (the attestation
// commission gives it). The scheme of categories and the interval are the
// ministry's (auth.ManageTeacherPolicy). Figures are counts, narrowed to
// the reader's region or college.

// QualificationCategories returns the scheme to anyone who reads teachers'
// qualification or manages it.
func (r *Registry) QualificationCategories(ctx context.Context) ([]domain.QualificationCategory, error) {
	if _, err := r.allow(ctx, auth.ReadTeacherDevelopment); err != nil {
		if _, err2 := r.allow(ctx, auth.ManageTeacherPolicy); err2 != nil {
			return nil, err
		}
	}
	return r.store.QualificationCategories(ctx)
}

// SaveQualificationCategory is the ministry's.
func (r *Registry) SaveQualificationCategory(ctx context.Context, c *domain.QualificationCategory, create bool) error {
	if _, err := r.allow(ctx, auth.ManageTeacherPolicy); err != nil {
		return err
	}
	return r.store.SaveQualificationCategory(ctx, c, create)
}

// TeacherPolicy returns the policy to anyone who reads teachers' qualification.
func (r *Registry) TeacherPolicy(ctx context.Context) (domain.TeacherPolicy, error) {
	if _, err := r.allow(ctx, auth.ReadTeacherDevelopment); err != nil {
		if _, err2 := r.allow(ctx, auth.ManageTeacherPolicy); err2 != nil {
			return domain.TeacherPolicy{}, err
		}
	}
	return r.store.TeacherPolicy(ctx)
}

// UpdateTeacherPolicy is the ministry's.
func (r *Registry) UpdateTeacherPolicy(ctx context.Context, p domain.TeacherPolicy) error {
	if _, err := r.allow(ctx, auth.ManageTeacherPolicy); err != nil {
		return err
	}
	return r.store.UpdateTeacherPolicy(ctx, p)
}

// ownTeacher is the teacher record of a teacher's account, 0 for others.
func ownTeacher(a domain.Actor) int64 {
	if a.User != nil && a.User.Role == domain.RoleTeacher {
		if a.User.TeacherID == 0 {
			return -1 // an account without a record sees nothing
		}
		return a.User.TeacherID
	}
	return 0
}

// Standings lists the teachers the actor may see with their standing.
func (r *Registry) Standings(ctx context.Context, f domain.StandingFilter) (domain.List[domain.TeacherStanding], error) {
	actor, err := r.allow(ctx, auth.ReadTeacherDevelopment)
	if err != nil {
		return domain.List[domain.TeacherStanding]{}, err
	}
	sc := scopeOf(actor)
	if sc.enterpriseID != 0 {
		return domain.List[domain.TeacherStanding]{}, forbidden()
	}
	if err := f.Validate(); err != nil {
		return domain.List[domain.TeacherStanding]{}, err
	}
	if narrow(&f.RegionID, sc.regionID) || narrow(&f.CollegeID, sc.collegeID) || narrow(&f.TeacherID, ownTeacher(actor)) {
		return domain.List[domain.TeacherStanding]{Items: []domain.TeacherStanding{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	return r.store.Standings(ctx, f)
}

// teacherInScope returns the teacher's standing when the actor may see it;
// ENOTFOUND otherwise.
func (r *Registry) teacherInScope(ctx context.Context, actor domain.Actor, teacherID int64) (domain.TeacherDevelopment, error) {
	sc := scopeOf(actor)
	if sc.enterpriseID != 0 {
		return domain.TeacherDevelopment{}, notFound("teacher")
	}
	if own := ownTeacher(actor); own != 0 && own != teacherID {
		return domain.TeacherDevelopment{}, notFound("teacher")
	}
	d, err := r.store.TeacherDevelopment(ctx, teacherID)
	if err != nil {
		return d, err
	}
	ok, err := r.collegeInScope(ctx, sc, d.CollegeID)
	if err != nil {
		return d, err
	}
	if !ok {
		return domain.TeacherDevelopment{}, notFound("teacher")
	}
	return d, nil
}

// TeacherDevelopment returns one teacher's page within scope.
func (r *Registry) TeacherDevelopment(ctx context.Context, teacherID int64) (domain.TeacherDevelopment, error) {
	actor, err := r.allow(ctx, auth.ReadTeacherDevelopment)
	if err != nil {
		return domain.TeacherDevelopment{}, err
	}
	return r.teacherInScope(ctx, actor, teacherID)
}

// SaveTeacherProfile: the college sets its own teachers' categories and
// subjects (auth.AssignCategory); a teacher may not set their own.
func (r *Registry) SaveTeacherProfile(ctx context.Context, p *domain.TeacherProfile) error {
	actor, err := r.allow(ctx, auth.AssignCategory)
	if err != nil {
		return err
	}
	if scopeOf(actor).collegeID == 0 {
		return forbidden()
	}
	if _, err := r.teacherInScope(ctx, actor, p.TeacherID); err != nil {
		return err
	}
	return r.store.SaveTeacherProfile(ctx, p)
}

// writableTeacher checks that the actor may record a course or an
// internship of the teacher: the college its own, a teacher themself.
func (r *Registry) writableTeacher(ctx context.Context, teacherID int64) error {
	actor, err := r.allow(ctx, auth.WriteTeacherDevelopment)
	if err != nil {
		return err
	}
	if scopeOf(actor).collegeID == 0 {
		return forbidden()
	}
	_, err = r.teacherInScope(ctx, actor, teacherID)
	return err
}

// RecordCourse records a course of a teacher the actor may write for.
func (r *Registry) RecordCourse(ctx context.Context, c *domain.Course) error {
	if err := r.writableTeacher(ctx, c.TeacherID); err != nil {
		return err
	}
	return r.store.RecordCourse(ctx, c)
}

// RecordInternship records an internship of a teacher the actor may write for.
func (r *Registry) RecordInternship(ctx context.Context, in *domain.Internship) error {
	if err := r.writableTeacher(ctx, in.TeacherID); err != nil {
		return err
	}
	return r.store.RecordInternship(ctx, in)
}

// Internships lists the internships within scope: an enterprise those at
// itself, a teacher their own.
func (r *Registry) Internships(ctx context.Context, f domain.InternshipFilter) (domain.List[domain.Internship], error) {
	actor, err := r.allow(ctx, auth.ReadTeacherDevelopment)
	if err != nil {
		return domain.List[domain.Internship]{}, err
	}
	if err := f.Validate(); err != nil {
		return domain.List[domain.Internship]{}, err
	}
	sc := scopeOf(actor)
	if narrow(&f.RegionID, sc.regionID) || narrow(&f.CollegeID, sc.collegeID) || narrow(&f.EnterpriseID, sc.enterpriseID) ||
		narrow(&f.TeacherID, ownTeacher(actor)) {
		return domain.List[domain.Internship]{Items: []domain.Internship{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	return r.store.Internships(ctx, f)
}

// narrowCollegeScope fits the scope of figures to the actor's: a region
// its own region or a college in it, a college (a teacher) its own; a
// college out of scope is not found.
func (r *Registry) narrowCollegeScope(ctx context.Context, actor domain.Actor, sc *domain.CollegeScope) error {
	own := scopeOf(actor)
	switch {
	case own.collegeID != 0:
		if sc.CollegeID != 0 && sc.CollegeID != own.collegeID {
			return notFound("college")
		}
		*sc = domain.CollegeScope{CollegeID: own.collegeID}
	case own.regionID != 0:
		if sc.RegionID != 0 && sc.RegionID != own.regionID {
			return forbidden()
		}
		if sc.CollegeID != 0 {
			ok, err := r.collegeInScope(ctx, own, sc.CollegeID)
			if err != nil {
				return err
			}
			if !ok {
				return notFound("college")
			}
			*sc = domain.CollegeScope{CollegeID: sc.CollegeID}
			return nil
		}
		*sc = domain.CollegeScope{RegionID: own.regionID}
	case sc.CollegeID != 0:
		if _, err := r.store.College(ctx, sc.CollegeID); err != nil {
			return err
		}
		sc.RegionID = 0
	}
	return nil
}

// TeacherFigures counts the teachers of the scope, narrowed to the
// actor's region or college.
func (r *Registry) TeacherFigures(ctx context.Context, sc domain.CollegeScope) (domain.TeacherFigures, error) {
	actor, err := r.allow(ctx, auth.ReadTeacherDevelopment)
	if err != nil {
		return domain.TeacherFigures{}, err
	}
	if scopeOf(actor).enterpriseID != 0 {
		return domain.TeacherFigures{}, forbidden()
	}
	if err := r.narrowCollegeScope(ctx, actor, &sc); err != nil {
		return domain.TeacherFigures{}, err
	}
	return r.store.TeacherFigures(ctx, sc)
}
