package access

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Corrections of teachers' qualification records follow the rules of
// recording them (writableTeacher): the college changes and removes its
// own teachers' courses and internships, a teacher their own; a record
// of a teacher out of scope is not found. Removing a category of the
// scheme is the ministry's, like changing it.

// DeleteQualificationCategory is the ministry's.
func (r *Registry) DeleteQualificationCategory(ctx context.Context, code string) error {
	if _, err := r.allow(ctx, auth.ManageTeacherPolicy); err != nil {
		return err
	}
	return r.store.DeleteQualificationCategory(ctx, code)
}

// Course returns a course of a teacher the actor may see.
func (r *Registry) Course(ctx context.Context, id int64) (domain.Course, error) {
	actor, err := r.allow(ctx, auth.ReadTeacherDevelopment)
	if err != nil {
		return domain.Course{}, err
	}
	c, err := r.store.Course(ctx, id)
	if err != nil {
		return c, err
	}
	if _, err := r.teacherInScope(ctx, actor, c.TeacherID); err != nil {
		return domain.Course{}, notFound("course")
	}
	return c, nil
}

// writableCourse checks that the actor may correct the course: ENOTFOUND
// for a course out of scope.
func (r *Registry) writableCourse(ctx context.Context, id int64) error {
	if _, err := r.allow(ctx, auth.WriteTeacherDevelopment); err != nil {
		return err
	}
	c, err := r.store.Course(ctx, id)
	if err != nil {
		return err
	}
	if err := r.writableTeacher(ctx, c.TeacherID); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return notFound("course")
		}
		return err
	}
	return nil
}

// UpdateCourse changes a course of a teacher the actor may write for.
func (r *Registry) UpdateCourse(ctx context.Context, c *domain.Course) error {
	if err := r.writableCourse(ctx, c.ID); err != nil {
		return err
	}
	return r.store.UpdateCourse(ctx, c)
}

// DeleteCourse removes a course of a teacher the actor may write for.
func (r *Registry) DeleteCourse(ctx context.Context, id int64) error {
	if err := r.writableCourse(ctx, id); err != nil {
		return err
	}
	return r.store.DeleteCourse(ctx, id)
}

// Internship returns an internship the actor may see: of a teacher in
// scope, or at the actor's enterprise.
func (r *Registry) Internship(ctx context.Context, id int64) (domain.Internship, error) {
	actor, err := r.allow(ctx, auth.ReadTeacherDevelopment)
	if err != nil {
		return domain.Internship{}, err
	}
	in, err := r.store.Internship(ctx, id)
	if err != nil {
		return in, err
	}
	if e := scopeOf(actor).enterpriseID; e != 0 {
		if in.EnterpriseID != e {
			return domain.Internship{}, notFound("internship")
		}
		return in, nil
	}
	if _, err := r.teacherInScope(ctx, actor, in.TeacherID); err != nil {
		return domain.Internship{}, notFound("internship")
	}
	return in, nil
}

// writableInternship checks that the actor may correct the internship:
// ENOTFOUND for one out of scope.
func (r *Registry) writableInternship(ctx context.Context, id int64) error {
	if _, err := r.allow(ctx, auth.WriteTeacherDevelopment); err != nil {
		return err
	}
	in, err := r.store.Internship(ctx, id)
	if err != nil {
		return err
	}
	if err := r.writableTeacher(ctx, in.TeacherID); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return notFound("internship")
		}
		return err
	}
	return nil
}

// UpdateInternship changes an internship of a teacher the actor may write for.
func (r *Registry) UpdateInternship(ctx context.Context, in *domain.Internship) error {
	if err := r.writableInternship(ctx, in.ID); err != nil {
		return err
	}
	return r.store.UpdateInternship(ctx, in)
}

// DeleteInternship removes an internship of a teacher the actor may write for.
func (r *Registry) DeleteInternship(ctx context.Context, id int64) error {
	if err := r.writableInternship(ctx, id); err != nil {
		return err
	}
	return r.store.DeleteInternship(ctx, id)
}
