package store

import (
	"context"
	"slices"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The bulk loaders of graduation and employment, for the demo generator:
// InsertGraduates writes graduates of past years with their day of
// graduation, InsertEmploymentRecords their contracts as the register
// lists them. The employment counts are made afterwards, by
// RefreshEmploymentOutcomes or by the first report.

// InsertGraduates stores graduated students with their IDs set and their
// day of graduation, in the columns InsertStudents writes and one more.
func (s *Store) InsertGraduates(ctx context.Context, rows []domain.Graduate) error {
	now := s.Now()
	columns := append(slices.Clone(studentInsertColumns), "graduated_on")
	err := s.insertRows(ctx, "students", columns, len(rows), func(i int) ([]any, error) {
		g := &rows[i]
		if err := g.Student.Validate(); err != nil {
			return nil, err
		}
		if g.Student.Status != domain.StatusGraduated || g.GraduatedOn.IsZero() || !g.GraduatedOn.After(g.Student.EnrolledOn) {
			return nil, domain.Invalid("graduated_on", "error.graduation.date", "a graduate needs the status graduated and a day of graduation after the enrolment")
		}
		return append(append([]any{g.Student.ID}, studentValues(&g.Student, now)...), dateParam(g.GraduatedOn)), nil
	})
	if err != nil {
		return err
	}
	// The counts no longer match: the next report makes them again.
	_, err = s.write.ExecContext(ctx, `UPDATE employment_outcomes_state SET refreshed_at = NULL WHERE id = 1`)
	return err
}

// InsertEmploymentRecords stores contracts of the register of employment
// contracts; their IDs come from the database.
func (s *Store) InsertEmploymentRecords(ctx context.Context, rows []domain.EmploymentRecord) error {
	now := timeParam(s.Now())
	return s.insertRows(ctx, "employment_records",
		[]string{"iin", "employer_bin", "starts_on", "ends_on", "position", "created_at", "updated_at"},
		len(rows), func(i int) ([]any, error) {
			e := &rows[i]
			if _, err := domain.ParseIIN("iin", e.IIN); err != nil {
				return nil, err
			}
			if err := domain.ValidateBIN("employer_bin", e.EmployerBIN); err != nil {
				return nil, err
			}
			if e.StartsOn.IsZero() || !e.EndsOn.IsZero() && e.EndsOn.Before(e.StartsOn) {
				return nil, domain.Invalid("ends_on", "error.import.ends_before_start", "the end date is before the start date")
			}
			var ends any
			if !e.EndsOn.IsZero() {
				ends = dateParam(e.EndsOn)
			}
			return []any{e.IIN, e.EmployerBIN, dateParam(e.StartsOn), ends, e.Position, now, now}, nil
		})
}
