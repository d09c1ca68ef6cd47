package access

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// A student's progress, assessments and admission are read
// (auth.ReadProgress) by whoever may read the student (see studentInScope).
// The needs-attention list is a college's: its coordinator's, a teacher's
// for the groups they supervise, and that of any college in the scope of a
// regional department, the ministry or an auditor.

// scopedStudent loads a student and checks the actor's scope covers them;
// ENOTFOUND otherwise.
func (r *Registry) scopedStudent(ctx context.Context, actor domain.Actor, id int64) (domain.Student, error) {
	s, err := r.store.Student(ctx, id)
	if err != nil {
		return domain.Student{}, err
	}
	ok, err := r.studentInScope(ctx, scopeOf(actor), &s)
	if err != nil {
		return domain.Student{}, err
	}
	if !ok {
		return domain.Student{}, notFound("student")
	}
	return s, nil
}

// readStudent checks the actor may read the progress of a student.
func (r *Registry) readStudent(ctx context.Context, studentID int64) error {
	actor, err := r.allow(ctx, auth.ReadProgress)
	if err != nil {
		return err
	}
	_, err = r.scopedStudent(ctx, actor, studentID)
	return err
}

// Progress returns the hours against the plan of a student within scope.
func (r *Registry) Progress(ctx context.Context, studentID int64) (domain.Progress, error) {
	if err := r.readStudent(ctx, studentID); err != nil {
		return domain.Progress{}, err
	}
	return r.store.Progress(ctx, studentID)
}

// NeedsAttention lists the students of a college needing attention: the
// coordinator's own college and a teacher's own groups whatever the filter
// says; a regional department, the ministry or an auditor name a college
// within their scope (another college's list is empty). Other roles are
// refused.
func (r *Registry) NeedsAttention(ctx context.Context, f domain.AttentionFilter) (domain.List[domain.Progress], error) {
	actor, err := r.allow(ctx, auth.ReadProgress)
	if err != nil {
		return domain.List[domain.Progress]{}, err
	}
	sc := scopeOf(actor)
	f.CuratorID = sc.curatorID
	empty := false
	switch actor.Role() {
	case domain.RoleCollege, domain.RoleTeacher, domain.RoleRegion, domain.RoleMinistry, domain.RoleAuditor:
		empty = narrow(&f.CollegeID, sc.collegeID)
		if !empty && sc.regionID != 0 {
			if err := f.Validate(); err != nil {
				return domain.List[domain.Progress]{}, err
			}
			ok, err := r.collegeInScope(ctx, sc, f.CollegeID)
			if err != nil {
				return domain.List[domain.Progress]{}, err
			}
			empty = !ok
		}
	default:
		return domain.List[domain.Progress]{}, denied(actor)
	}
	if empty {
		if err := f.Validate(); err != nil {
			return domain.List[domain.Progress]{}, err
		}
		return domain.List[domain.Progress]{Items: []domain.Progress{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	return r.store.NeedsAttention(ctx, f)
}

// Competences returns a programme's competence list to anyone signed in.
func (r *Registry) Competences(ctx context.Context, programmeID int64) ([]domain.Competence, error) {
	if _, err := r.allow(ctx, auth.ReadProgress); err != nil {
		return nil, err
	}
	return r.store.Competences(ctx, programmeID)
}

// Assessments returns the competence assessments of a student within scope.
func (r *Registry) Assessments(ctx context.Context, studentID int64) ([]domain.CompetenceAssessment, error) {
	if err := r.readStudent(ctx, studentID); err != nil {
		return nil, err
	}
	return r.store.Assessments(ctx, studentID)
}

// Admission says whether a student within scope may sit the final
// assessment.
func (r *Registry) Admission(ctx context.Context, studentID int64) (domain.Admission, error) {
	if err := r.readStudent(ctx, studentID); err != nil {
		return domain.Admission{}, err
	}
	return r.store.Admission(ctx, studentID)
}

// FinalAssessments returns the final assessments of a student within
// scope.
func (r *Registry) FinalAssessments(ctx context.Context, studentID int64) ([]domain.FinalAssessment, error) {
	if err := r.readStudent(ctx, studentID); err != nil {
		return nil, err
	}
	return r.store.FinalAssessments(ctx, studentID)
}

// AssessCompetence records an assessment by the mentor named in the
// student's live agreement; any other student is not found.
func (r *Registry) AssessCompetence(ctx context.Context, c *domain.CompetenceAssessment) error {
	actor, err := r.allow(ctx, auth.SignLogbook)
	if err != nil {
		return err
	}
	if _, err := r.scopedStudent(ctx, actor, c.StudentID); err != nil {
		return err
	}
	return r.store.AssessCompetence(ctx, c)
}

// RecordFinalAssessment records the final assessment of a student of the
// coordinator's college; any other student is not found.
func (r *Registry) RecordFinalAssessment(ctx context.Context, f *domain.FinalAssessment) error {
	actor, err := r.allow(ctx, auth.RecordFinalAssessment)
	if err != nil {
		return err
	}
	if _, err := r.scopedStudent(ctx, actor, f.StudentID); err != nil {
		return err
	}
	return r.store.RecordFinalAssessment(ctx, f)
}
