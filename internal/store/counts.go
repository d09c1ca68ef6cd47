package store

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Counts returns live totals of the registry in one round trip.
func (s *Store) Counts(ctx context.Context) (domain.Counts, error) {
	var c domain.Counts
	err := s.read.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM regions),
		(SELECT count(*) FROM cities),
		(SELECT count(*) FROM colleges),
		(SELECT count(*) FROM enterprises),
		(SELECT count(*) FROM programmes),
		(SELECT count(*) FROM study_groups),
		(SELECT count(*) FROM students),
		(SELECT count(*) FROM students WHERE enterprise_id IS NOT NULL),
		(SELECT count(*) FROM teachers),
		(SELECT count(*) FROM specialties),
		(SELECT count(*) FROM qualifications)`).
		Scan(&c.Regions, &c.Cities, &c.Colleges, &c.Enterprises, &c.Programmes, &c.Groups,
			&c.Students, &c.DualStudents, &c.Teachers, &c.Specialties, &c.Qualifications)
	return c, err
}
