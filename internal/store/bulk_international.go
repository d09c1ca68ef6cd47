package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The bulk loaders of teachers' qualification and internationalisation,
// for the demo: each call validates every row and writes all or none,
// with one audit entry per table.

// InsertTeacherRecords writes teachers' profiles with their courses and
// internships; a profile's latest days are the records' (the profile's
// own are ignored).
func (s *Store) InsertTeacherRecords(ctx context.Context, rows []domain.TeacherRecords) error {
	today := s.today()
	var courses []*domain.Course
	var internships []*domain.Internship
	type latest struct{ developed, internship sql.NullString }
	days := make([]latest, len(rows))
	for i := range rows {
		r := &rows[i]
		if err := r.Profile.Validate(); err != nil {
			return fmt.Errorf("teacher records row %d: %w", i+1, err)
		}
		for j := range r.Courses {
			c := &r.Courses[j]
			c.TeacherID = r.Profile.TeacherID
			if err := c.Validate(today); err != nil {
				return fmt.Errorf("teacher records row %d: %w", i+1, err)
			}
			if d := dateParam(c.EndsOn); !days[i].developed.Valid || d > days[i].developed.String {
				days[i].developed = sql.NullString{String: d, Valid: true}
			}
			courses = append(courses, c)
		}
		for j := range r.Internships {
			in := &r.Internships[j]
			in.TeacherID = r.Profile.TeacherID
			if err := in.Validate(today); err != nil {
				return fmt.Errorf("teacher records row %d: %w", i+1, err)
			}
			if d := dateParam(in.EndsOn); !days[i].internship.Valid || d > days[i].internship.String {
				days[i].internship = sql.NullString{String: d, Valid: true}
			}
			internships = append(internships, in)
		}
	}
	now := timeParam(s.Now())
	return s.tx(ctx, func(tx *sql.Tx) error {
		err := s.insertIn(ctx, tx, "teacher_profiles", []string{"teacher_id", "category", "subjects", "developed_on", "internship_on", "updated_at"},
			"", len(rows), func(i int) ([]any, error) {
				p := rows[i].Profile
				return []any{p.TeacherID, nullString(p.Category), strings.Join(p.Subjects, "\n"), days[i].developed, days[i].internship, now}, nil
			})
		if err != nil {
			return err
		}
		err = s.insertIn(ctx, tx, "professional_development", []string{"teacher_id", "course", "provider", "hours", "certificate", "starts_on",
			"ends_on", "created_at"}, "", len(courses), func(i int) ([]any, error) {
			c := courses[i]
			return []any{c.TeacherID, c.Course, c.Provider, c.Hours, c.Certificate, dateParam(c.StartsOn), dateParam(c.EndsOn),
				orNow(c.CreatedAt, s.Now())}, nil
		})
		if err != nil {
			return err
		}
		err = s.insertIn(ctx, tx, "industry_internships", []string{"teacher_id", "enterprise_id", "hours", "starts_on", "ends_on", "note",
			"created_at"}, "", len(internships), func(i int) ([]any, error) {
			in := internships[i]
			return []any{in.TeacherID, in.EnterpriseID, in.Hours, dateParam(in.StartsOn), dateParam(in.EndsOn), in.Note,
				orNow(in.CreatedAt, s.Now())}, nil
		})
		if err != nil {
			return err
		}
		return s.auditBatch(ctx, tx, "teacher_profiles", map[string]int{"rows": len(rows), "courses": len(courses), "internships": len(internships)})
	})
}

// InsertInternational writes partners (with their IDs set), agreements,
// foreign specialists and mobility; each college's region is looked up.
func (s *Store) InsertInternational(ctx context.Context, l domain.InternationalLoad) error {
	for i := range l.Partners {
		if err := l.Partners[i].Validate(); err != nil || l.Partners[i].ID <= 0 {
			return fmt.Errorf("partners row %d: %w", i+1, orInvalid(err))
		}
	}
	for i := range l.Partnerships {
		if err := l.Partnerships[i].Validate(); err != nil {
			return fmt.Errorf("partnerships row %d: %w", i+1, err)
		}
	}
	for i := range l.Specialists {
		if err := l.Specialists[i].Validate(); err != nil {
			return fmt.Errorf("foreign specialists row %d: %w", i+1, err)
		}
	}
	for i := range l.Mobility {
		if err := l.Mobility[i].Validate(); err != nil {
			return fmt.Errorf("mobility row %d: %w", i+1, err)
		}
	}
	now := s.Now()
	const region = "(SELECT region_id FROM colleges WHERE id = ?)"
	return s.tx(ctx, func(tx *sql.Tx) error {
		err := s.insertIn(ctx, tx, "international_partners", []string{"id", "kind", "name", "search_key", "country", "ru_region", "city",
			"created_at", "updated_at"}, "", len(l.Partners), func(i int) ([]any, error) {
			p := l.Partners[i]
			return []any{p.ID, string(p.Kind), p.Name, domain.SearchKey(p.Name), p.Country, nullString(p.RURegion), p.City,
				orNow(p.CreatedAt, now), orNow(p.UpdatedAt, now)}, nil
		})
		if err != nil {
			return err
		}
		err = s.insertIn(ctx, tx, "international_agreements", []string{"college_id", "region_id", "partner_id", "kind", "standard", "number",
			"subject", "status", "signed_on", "starts_on", "ends_on", "created_at", "updated_at"},
			"(?,"+region+",?,?,?,?,?,?,?,?,?,?,?)", len(l.Partnerships), func(i int) ([]any, error) {
				a := l.Partnerships[i]
				return []any{a.CollegeID, a.CollegeID, a.PartnerID, string(a.Kind), a.Standard, a.Number, a.Subject, string(a.Status),
					nullDate(a.SignedOn), dateParam(a.StartsOn), nullDate(a.EndsOn), orNow(a.CreatedAt, now), orNow(a.UpdatedAt, now)}, nil
			})
		if err != nil {
			return err
		}
		err = s.insertIn(ctx, tx, "foreign_specialists", []string{"college_id", "region_id", "full_name", "country", "role", "position",
			"starts_on", "ends_on", "created_at", "updated_at"}, "(?,"+region+",?,?,?,?,?,?,?,?)", len(l.Specialists),
			func(i int) ([]any, error) {
				f := l.Specialists[i]
				return []any{f.CollegeID, f.CollegeID, f.FullName, f.Country, string(f.Role), f.Position, dateParam(f.StartsOn),
					nullDate(f.EndsOn), orNow(f.CreatedAt, now), orNow(f.UpdatedAt, now)}, nil
			})
		if err != nil {
			return err
		}
		err = s.insertIn(ctx, tx, "mobility", []string{"college_id", "region_id", "direction", "participant", "student_id", "teacher_id",
			"person_name", "country", "partner_id", "host", "starts_on", "ends_on", "funding", "outcome", "note", "created_at", "updated_at"},
			"(?,"+region+",?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", len(l.Mobility), func(i int) ([]any, error) {
				m := l.Mobility[i]
				return []any{m.CollegeID, m.CollegeID, string(m.Direction), string(m.Participant), nullID(m.StudentID), nullID(m.TeacherID),
					m.PersonName, m.Country, nullID(m.PartnerID), m.Host, dateParam(m.StartsOn), dateParam(m.EndsOn), string(m.Funding),
					string(m.Outcome), m.Note, orNow(m.CreatedAt, now), orNow(m.UpdatedAt, now)}, nil
			})
		if err != nil {
			return err
		}
		if s.dialect.name == "postgres" {
			// The partners came with their IDs: the next one registered
			// on a page takes the one after.
			if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('international_partners', 'id'),
				COALESCE(max(id), 0) + 1, false) FROM international_partners`); err != nil {
				return err
			}
		}
		return s.auditBatch(ctx, tx, "international", map[string]int{"rows": len(l.Partners) + len(l.Partnerships) + len(l.Specialists) +
			len(l.Mobility), "partners": len(l.Partners), "partnerships": len(l.Partnerships), "specialists": len(l.Specialists),
			"mobility": len(l.Mobility)})
	})
}

func orInvalid(err error) error {
	if err != nil {
		return err
	}
	return domain.Invalid("id", "error.bulk.id", "a row needs its ID")
}
