package store

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Counts returns live totals of the registry in one round trip. Students
// are those not yet graduated: a graduate with a day of graduation is
// counted apart (graduation.go), from the partial index of graduates, so
// the totals keep to index-only counts (count(enterprise_id), not a
// condition on it, which SQLite would answer from students_enterprise and
// a look-up of every dual student's row).
func (s *Store) Counts(ctx context.Context) (domain.Counts, error) {
	var c domain.Counts
	err := s.read.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM regions),
		(SELECT count(*) FROM cities),
		(SELECT count(*) FROM colleges),
		(SELECT count(*) FROM enterprises),
		(SELECT count(*) FROM programmes),
		(SELECT count(*) FROM study_groups),
		(SELECT count(*) FROM students) - (SELECT count(*) FROM students WHERE graduated_on IS NOT NULL),
		(SELECT count(*) FROM students WHERE enterprise_id IS NOT NULL) -
			(SELECT count(enterprise_id) FROM students WHERE graduated_on IS NOT NULL),
		(SELECT count(*) FROM teachers),
		(SELECT count(*) FROM specialties),
		(SELECT count(*) FROM qualifications)`).
		Scan(&c.Regions, &c.Cities, &c.Colleges, &c.Enterprises, &c.Programmes, &c.Groups,
			&c.Students, &c.DualStudents, &c.Teachers, &c.Specialties, &c.Qualifications)
	return c, err
}
