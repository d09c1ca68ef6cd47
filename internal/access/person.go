package access

import (
	"context"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Students returns the students the actor may see, the filter narrowed to
// the actor's scope, personal data masked unless the role needs it.
func (r *Registry) Students(ctx context.Context, f domain.StudentFilter) (domain.List[domain.Student], error) {
	actor, err := r.allow(ctx, auth.ReadStudents)
	if err != nil {
		return domain.List[domain.Student]{}, err
	}
	if narrowStudents(&f, scopeOf(actor)) {
		// Validate the rest of the filter all the same, so a bad parameter
		// gets the same answer inside and outside scope.
		if err := f.Validate(); err != nil {
			return domain.List[domain.Student]{}, err
		}
		return domain.List[domain.Student]{Items: []domain.Student{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	list, err := r.store.Students(ctx, f)
	if err != nil {
		return list, err
	}
	if !auth.Allowed(actor.Role(), auth.ReadStudentPersonal) {
		for i := range list.Items {
			maskStudent(&list.Items[i])
		}
	}
	return list, nil
}

// narrowStudents narrows f to the scope; true when nothing can match. The
// scope-only fields (a teacher's groups, a mentor's trainees, a student
// themself) are set from the scope whatever the caller put there.
func narrowStudents(f *domain.StudentFilter, sc scope) (empty bool) {
	f.CuratorID, f.MentorID, f.StudentID = sc.curatorID, sc.mentorID, sc.studentID
	return narrow(&f.RegionID, sc.regionID) || narrow(&f.CollegeID, sc.collegeID) ||
		narrow(&f.EnterpriseID, sc.placement())
}

// Student returns one student within scope; ENOTFOUND otherwise.
func (r *Registry) Student(ctx context.Context, id int64) (domain.Student, error) {
	actor, err := r.allow(ctx, auth.ReadStudents)
	if err != nil {
		return domain.Student{}, err
	}
	s, err := r.store.Student(ctx, id)
	if err != nil {
		return s, err
	}
	ok, err := r.studentInScope(ctx, scopeOf(actor), &s)
	if err != nil {
		return domain.Student{}, err
	}
	if !ok {
		return domain.Student{}, notFound("student")
	}
	if !auth.Allowed(actor.Role(), auth.ReadStudentPersonal) {
		maskStudent(&s)
	}
	return s, nil
}

func (r *Registry) studentInScope(ctx context.Context, sc scope, s *domain.Student) (bool, error) {
	switch {
	case sc.studentID != 0:
		return s.ID == sc.studentID, nil
	case sc.mentorID != 0:
		// A mentor's trainees are the students whose live agreement names
		// the mentor record linked to the mentor's account.
		return s.MentorUserID == sc.mentorID, nil
	case sc.enterpriseID != 0:
		return s.EnterpriseID == sc.enterpriseID, nil
	case sc.curatorID != 0:
		if s.CollegeID != sc.collegeID {
			return false, nil
		}
		g, err := r.store.Group(ctx, s.GroupID)
		return err == nil && g.CuratorID == sc.curatorID, err
	}
	return r.collegeInScope(ctx, sc, s.CollegeID)
}

// placement is the enterprise that bounds a scope over students and their
// records: enterprise HR's. A mentor's bound is their trainees, found
// through the agreements naming the mentor: the student's enterprise is
// recorded only once an agreement is active, and a trainee's logbook
// includes weeks at an earlier enterprise.
func (sc scope) placement() int64 {
	if sc.mentorID != 0 {
		return 0
	}
	return sc.enterpriseID
}

func maskStudent(s *domain.Student) {
	s.IIN = domain.MaskIIN(s.IIN)
	s.Phone = ""
	s.BirthDate = time.Date(s.BirthDate.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	s.Masked = true
}

func maskTeacher(t *domain.Teacher) {
	t.IIN = domain.MaskIIN(t.IIN)
	t.Phone = ""
	t.BirthDate = time.Date(t.BirthDate.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	t.Masked = true
}

func (r *Registry) CreateStudent(ctx context.Context, s *domain.Student) error {
	if err := r.writeCollege(ctx, s.CollegeID); err != nil {
		return err
	}
	return r.store.CreateStudent(ctx, s)
}

// Teachers returns the teachers the actor may see: the whole country, a
// region, or one college.
func (r *Registry) Teachers(ctx context.Context, f domain.TeacherFilter) (domain.List[domain.Teacher], error) {
	actor, err := r.allow(ctx, auth.ReadTeachers)
	if err != nil {
		return domain.List[domain.Teacher]{}, err
	}
	sc := scopeOf(actor)
	if narrow(&f.RegionID, sc.regionID) || narrow(&f.CollegeID, sc.collegeID) {
		if err := f.Validate(); err != nil {
			return domain.List[domain.Teacher]{}, err
		}
		return domain.List[domain.Teacher]{Items: []domain.Teacher{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	list, err := r.store.Teachers(ctx, f)
	if err != nil {
		return list, err
	}
	if !auth.Allowed(actor.Role(), auth.ReadTeacherPersonal) {
		for i := range list.Items {
			maskTeacher(&list.Items[i])
		}
	}
	return list, nil
}

// Teacher returns one teacher within scope; ENOTFOUND otherwise.
func (r *Registry) Teacher(ctx context.Context, id int64) (domain.Teacher, error) {
	actor, err := r.allow(ctx, auth.ReadTeachers)
	if err != nil {
		return domain.Teacher{}, err
	}
	t, err := r.store.Teacher(ctx, id)
	if err != nil {
		return t, err
	}
	if ok, err := r.collegeInScope(ctx, scopeOf(actor), t.CollegeID); err != nil || !ok {
		if err == nil {
			err = notFound("teacher")
		}
		return domain.Teacher{}, err
	}
	if !auth.Allowed(actor.Role(), auth.ReadTeacherPersonal) {
		maskTeacher(&t)
	}
	return t, nil
}

func (r *Registry) CreateTeacher(ctx context.Context, t *domain.Teacher) error {
	if err := r.writeCollege(ctx, t.CollegeID); err != nil {
		return err
	}
	return r.store.CreateTeacher(ctx, t)
}
