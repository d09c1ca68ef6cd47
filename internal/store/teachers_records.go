package store

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Corrections of teachers' qualification records (migration 00013): a
// course or an internship changed or removed, and a category of the scheme
// removed. A teacher's profile keeps the end of the latest course and
// internship; a correction may move that day back, so it is recomputed
// from the records left, in the correction's transaction, instead of only
// moved forward as a new record does (keepLatest).

// DeleteQualificationCategory removes a category no teacher holds, audited.
// ECONFLICT (error.category.in_use) names the category and the number of
// teachers holding it: those keep it, and the ministry retires it instead.
// ENOTFOUND for an unknown code.
func (s *Store) DeleteQualificationCategory(ctx context.Context, code string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := scanCategory(tx.QueryRowContext(ctx, `SELECT code, position, name_kk, name_ru, name_en, retired, updated_at
			FROM qualification_categories WHERE code = $1`, code))
		if err != nil {
			return notFound(err, "qualification_category")
		}
		var holders int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM teacher_profiles WHERE category = $1`, code).Scan(&holders); err != nil {
			return err
		}
		if holders > 0 {
			return (&domain.Error{Code: domain.ECONFLICT, Key: "error.category.in_use", Field: "code",
				Message: "teachers hold this category: retire it instead"}).WithNames("name", before.Name).
				With("teachers", strconv.Itoa(holders))
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM qualification_categories WHERE code = $1`, code); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "delete", recordType: "qualification_category", recordID: code, before: before})
	})
}

// Course returns one course; ENOTFOUND if there is none.
func (s *Store) Course(ctx context.Context, id int64) (domain.Course, error) {
	c, err := scanCourse(s.read.QueryRowContext(ctx, `SELECT id, teacher_id, course, provider, hours, certificate, starts_on, ends_on,
		created_at FROM professional_development WHERE id = $1`, id))
	return c, notFound(err, "course")
}

// lockedCourse reads a course inside tx (on PostgreSQL locking its row).
func (s *Store) lockedCourse(ctx context.Context, tx *sql.Tx, id int64) (domain.Course, error) {
	c, err := scanCourse(tx.QueryRowContext(ctx, `SELECT id, teacher_id, course, provider, hours, certificate, starts_on, ends_on,
		created_at FROM professional_development WHERE id = $1`+s.forUpdate(), id))
	return c, notFound(err, "course")
}

// UpdateCourse changes a course's title, provider, hours, certificate or
// period, audited; the teacher's due date follows the courses as they now
// are. The teacher stays. EINVALID for bad input; ENOTFOUND for an
// unknown ID.
func (s *Store) UpdateCourse(ctx context.Context, c *domain.Course) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockedCourse(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		c.TeacherID, c.CreatedAt = before.TeacherID, before.CreatedAt
		if err := c.Validate(s.today()); err != nil {
			return err
		}
		college, region, err := teacherPlace(ctx, tx, c.TeacherID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE professional_development SET course = $2, provider = $3, hours = $4, certificate = $5,
			starts_on = $6, ends_on = $7 WHERE id = $1`, c.ID, c.Course, c.Provider, c.Hours, c.Certificate, dateParam(c.StartsOn),
			dateParam(c.EndsOn)); err != nil {
			return err
		}
		if err := s.recomputeLatest(ctx, tx, c.TeacherID, "developed_on", "professional_development"); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "update", recordType: "course", recordID: c.ID, before: before, after: c,
			regionID: region, collegeID: college})
	})
}

// DeleteCourse removes a course recorded by mistake, audited; the
// teacher's due date follows the courses left. ENOTFOUND for an unknown ID.
func (s *Store) DeleteCourse(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockedCourse(ctx, tx, id)
		if err != nil {
			return err
		}
		college, region, err := teacherPlace(ctx, tx, before.TeacherID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM professional_development WHERE id = $1`, id); err != nil {
			return err
		}
		if err := s.recomputeLatest(ctx, tx, before.TeacherID, "developed_on", "professional_development"); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "delete", recordType: "course", recordID: id, before: before, regionID: region, collegeID: college})
	})
}

// recomputeLatest sets the profile's developed_on or internship_on
// (column) to the end of the latest record of table left for the
// teacher, NULL when none is.
func (s *Store) recomputeLatest(ctx context.Context, tx *sql.Tx, teacherID int64, column, table string) error {
	_, err := tx.ExecContext(ctx, `UPDATE teacher_profiles SET `+column+` = (SELECT max(ends_on) FROM `+table+` WHERE teacher_id = $1),
		updated_at = $2 WHERE teacher_id = $1`, teacherID, timeParam(s.Now()))
	return err
}

// Internship returns one internship; ENOTFOUND if there is none.
func (s *Store) Internship(ctx context.Context, id int64) (domain.Internship, error) {
	in, err := scanInternship(s.read.QueryRowContext(ctx, `SELECT `+internshipColumns+internshipFrom+` WHERE i.id = $1`, id))
	return in, notFound(err, "internship")
}

// lockedInternship reads an internship inside tx (on PostgreSQL locking
// its row).
func (s *Store) lockedInternship(ctx context.Context, tx *sql.Tx, id int64) (domain.Internship, error) {
	var in domain.Internship
	err := tx.QueryRowContext(ctx, `SELECT id, teacher_id, enterprise_id, hours, starts_on, ends_on, note, created_at
		FROM industry_internships WHERE id = $1`+s.forUpdate(), id).Scan(&in.ID, &in.TeacherID, &in.EnterpriseID, &in.Hours,
		timeScanner{&in.StartsOn}, timeScanner{&in.EndsOn}, &in.Note, timeScanner{&in.CreatedAt})
	return in, notFound(err, "internship")
}

// UpdateInternship changes an internship's enterprise, hours, period or
// note, audited; the teacher's latest internship follows. The teacher
// stays. EINVALID for bad input or an unknown enterprise; ENOTFOUND for
// an unknown ID.
func (s *Store) UpdateInternship(ctx context.Context, in *domain.Internship) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockedInternship(ctx, tx, in.ID)
		if err != nil {
			return err
		}
		in.TeacherID, in.CreatedAt = before.TeacherID, before.CreatedAt
		if err := in.Validate(s.today()); err != nil {
			return err
		}
		college, region, err := teacherPlace(ctx, tx, in.TeacherID)
		if err != nil {
			return err
		}
		if err := exists(ctx, tx, `SELECT count(*) FROM enterprises WHERE id = $1`, in.EnterpriseID,
			domain.Invalid("enterprise_id", "error.enterprise.unknown", "unknown enterprise")); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE industry_internships SET enterprise_id = $2, hours = $3, starts_on = $4, ends_on = $5,
			note = $6 WHERE id = $1`, in.ID, in.EnterpriseID, in.Hours, dateParam(in.StartsOn), dateParam(in.EndsOn), in.Note); err != nil {
			return err
		}
		if err := s.recomputeLatest(ctx, tx, in.TeacherID, "internship_on", "industry_internships"); err != nil {
			return err
		}
		in.CollegeID = college
		return s.audit(ctx, tx, change{action: "update", recordType: "internship", recordID: in.ID, before: before, after: in,
			regionID: region, collegeID: college})
	})
}

// DeleteInternship removes an internship recorded by mistake, audited;
// the teacher's latest internship follows those left. ENOTFOUND for an
// unknown ID.
func (s *Store) DeleteInternship(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockedInternship(ctx, tx, id)
		if err != nil {
			return err
		}
		college, region, err := teacherPlace(ctx, tx, before.TeacherID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM industry_internships WHERE id = $1`, id); err != nil {
			return err
		}
		if err := s.recomputeLatest(ctx, tx, before.TeacherID, "internship_on", "industry_internships"); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "delete", recordType: "internship", recordID: id, before: before,
			regionID: region, collegeID: college})
	})
}
