package access

import (
	"context"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Graduation and verified employment:
//   - the rates (auth.ReadEmployment) are narrowed to the reader's scope:
//     a regional department's report is its region's, a college's its
//     own; another region or college is not found. The country's figures
//     travel with every report for comparison: they are counts of
//     hundreds of thousands, nobody's personal data;
//   - the list of graduates is narrowed the same way; a graduate's own
//     status is read by whoever may read the student (a student their
//     own);
//   - the contract behind a status (employer, position) is personal data:
//     only roles with students.personal see it;
//   - a college marks its own groups graduated (auth.GraduateStudents).

// EmploymentReport counts the employment of the graduates the filter
// selects, within the reader's scope; ENOTFOUND for a region or college
// outside it.
func (r *Registry) EmploymentReport(ctx context.Context, f domain.EmploymentFilter) (domain.EmploymentReport, error) {
	actor, err := r.allow(ctx, auth.ReadEmployment)
	if err != nil {
		return domain.EmploymentReport{}, err
	}
	if err := r.narrowEmployment(ctx, &f.RegionID, &f.CollegeID, scopeOf(actor)); err != nil {
		return domain.EmploymentReport{}, err
	}
	return r.store.EmploymentReport(ctx, f)
}

// narrowEmployment sets the scope's region or college on a filter and
// refuses (as not found) a region or college outside it.
func (r *Registry) narrowEmployment(ctx context.Context, regionID *int, collegeID *int64, sc scope) error {
	if narrow(regionID, sc.regionID) {
		return notFound("region")
	}
	if narrow(collegeID, sc.collegeID) {
		return notFound("college")
	}
	if *collegeID != 0 {
		in, err := r.collegeInScope(ctx, sc, *collegeID)
		if err != nil {
			return err
		}
		if !in {
			return notFound("college")
		}
	}
	return nil
}

// Graduates lists graduates with their status at each point within the
// reader's scope; employers and positions are hidden from readers who may
// not see personal data.
func (r *Registry) Graduates(ctx context.Context, f domain.GraduateFilter) (domain.List[domain.GraduateOutcome], error) {
	actor, err := r.allow(ctx, auth.ReadEmployment)
	if err != nil {
		return domain.List[domain.GraduateOutcome]{}, err
	}
	if err := r.narrowEmployment(ctx, &f.RegionID, &f.CollegeID, scopeOf(actor)); err != nil {
		return domain.List[domain.GraduateOutcome]{}, err
	}
	list, err := r.store.Graduates(ctx, f)
	if err != nil {
		return list, err
	}
	if !auth.Allowed(actor.Role(), auth.ReadStudentPersonal) {
		for i := range list.Items {
			maskOutcome(&list.Items[i])
		}
	}
	return list, nil
}

// GraduateOutcome returns a graduate's status at each point to whoever may
// read the student (ENOTFOUND otherwise, and for a student who has not
// graduated).
func (r *Registry) GraduateOutcome(ctx context.Context, studentID int64) (domain.GraduateOutcome, error) {
	actor, err := r.allow(ctx, auth.ReadStudents)
	if err != nil {
		return domain.GraduateOutcome{}, err
	}
	if _, err := r.Student(ctx, studentID); err != nil {
		return domain.GraduateOutcome{}, err
	}
	o, err := r.store.GraduateOutcome(ctx, studentID)
	if err != nil {
		return o, err
	}
	if !auth.Allowed(actor.Role(), auth.ReadStudentPersonal) {
		maskOutcome(&o)
	}
	return o, nil
}

// maskOutcome hides the contracts behind a graduate's status.
func maskOutcome(o *domain.GraduateOutcome) {
	for i := range o.Points {
		o.Points[i].EmployerBIN, o.Points[i].Employer, o.Points[i].Position = "", domain.Names{}, ""
	}
	o.Masked = true
}

// GraduateGroup marks a group of the actor's college graduated; another
// college's group is not found.
func (r *Registry) GraduateGroup(ctx context.Context, groupID int64, on time.Time) (domain.Graduation, error) {
	actor, err := r.allow(ctx, auth.GraduateStudents)
	if err != nil {
		return domain.Graduation{}, err
	}
	g, err := r.store.Group(ctx, groupID)
	if err != nil {
		return domain.Graduation{}, err
	}
	in, err := r.collegeInScope(ctx, scopeOf(actor), g.CollegeID)
	if err != nil {
		return domain.Graduation{}, err
	}
	if !in {
		return domain.Graduation{}, notFound("group")
	}
	return r.store.GraduateGroup(ctx, groupID, on)
}
