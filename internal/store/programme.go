package store

import (
	"context"
	"database/sql"

	"github.com/dualtrack/dualtrack/internal/domain"
)

const programmeColumns = `p.id, p.college_id, p.specialty_code, COALESCE(p.qualification_code, ''), p.duration_months, p.is_dual,
	p.hours_total, p.hours_practice, p.hours_enterprise,
	sp.name_kk, sp.name_ru, sp.name_en, COALESCE(q.name_kk, ''), COALESCE(q.name_ru, ''), COALESCE(q.name_en, ''),
	(SELECT count(*) FROM students s WHERE s.programme_id = p.id)`

const programmeFrom = ` FROM programmes p
	JOIN specialties sp ON sp.code = p.specialty_code
	LEFT JOIN qualifications q ON q.code = p.qualification_code`

func scanProgramme(r interface{ Scan(...any) error }) (domain.Programme, error) {
	var p domain.Programme
	err := r.Scan(&p.ID, &p.CollegeID, &p.SpecialtyCode, &p.QualificationCode, &p.DurationMonths, &p.Dual,
		&p.HoursTotal, &p.HoursPractice, &p.HoursEnterprise,
		&p.Specialty.KK, &p.Specialty.RU, &p.Specialty.EN, &p.Qualification.KK, &p.Qualification.RU, &p.Qualification.EN,
		&p.Students)
	return p, err
}

// Programmes returns the programmes of a college ordered by specialty.
func (s *Store) Programmes(ctx context.Context, collegeID int64) ([]domain.Programme, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+programmeColumns+programmeFrom+
		` WHERE p.college_id = $1 ORDER BY p.specialty_code, p.qualification_code, p.id`, collegeID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanProgramme)
}

// Programme returns one programme; ENOTFOUND if there is none.
func (s *Store) Programme(ctx context.Context, id int64) (domain.Programme, error) {
	p, err := scanProgramme(s.read.QueryRowContext(ctx, `SELECT `+programmeColumns+programmeFrom+` WHERE p.id = $1`, id))
	return p, notFound(err, "programme")
}

// CreateProgramme validates and stores a programme.
func (s *Store) CreateProgramme(ctx context.Context, p *domain.Programme) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := exists(ctx, tx, `SELECT count(*) FROM colleges WHERE id = $1`, p.CollegeID,
			domain.Invalid("college_id", "error.college.unknown", "unknown college")); err != nil {
			return err
		}
		if err := exists(ctx, tx, `SELECT count(*) FROM specialties WHERE code = $1`, p.SpecialtyCode,
			domain.Invalid("specialty_code", "error.specialty.unknown", "the specialty is not in the classifier")); err != nil {
			return err
		}
		if p.QualificationCode != "" {
			if err := exists(ctx, tx, `SELECT count(*) FROM qualifications WHERE code = $1`, p.QualificationCode,
				domain.Invalid("qualification_code", "error.qualification.unknown", "the qualification is not in the classifier")); err != nil {
				return err
			}
		}
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO programmes (college_id, specialty_code, qualification_code, duration_months, is_dual, hours_total, hours_practice, hours_enterprise)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			p.CollegeID, p.SpecialtyCode, nullString(p.QualificationCode), p.DurationMonths, p.Dual,
			p.HoursTotal, p.HoursPractice, p.HoursEnterprise).Scan(&p.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "create", recordType: "programme", recordID: p.ID, after: p,
			regionID: collegeRegion(ctx, tx, p.CollegeID), collegeID: p.CollegeID})
	})
}

// collegeRegion is the region of a college, for audit entries.
func collegeRegion(ctx context.Context, tx *sql.Tx, collegeID int64) int {
	var region int
	tx.QueryRowContext(ctx, `SELECT region_id FROM colleges WHERE id = $1`, collegeID).Scan(&region)
	return region
}

// exists returns notFound unless the count query finds a row; arg is one
// argument or a []any of several.
func exists(ctx context.Context, tx *sql.Tx, query string, arg any, notFound error) error {
	args, ok := arg.([]any)
	if !ok {
		args = []any{arg}
	}
	var n int
	if err := tx.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return notFound
	}
	return nil
}

const groupColumns = `g.id, g.college_id, g.programme_id, g.code, g.intake_year, g.language, COALESCE(g.curator_id, 0),
	(SELECT count(*) FROM students s WHERE s.group_id = g.id)`

func scanGroup(r interface{ Scan(...any) error }) (domain.Group, error) {
	var g domain.Group
	err := r.Scan(&g.ID, &g.CollegeID, &g.ProgrammeID, &g.Code, &g.IntakeYear, &g.Language, &g.CuratorID, &g.Students)
	return g, err
}

// Groups returns the groups of a college ordered by code.
func (s *Store) Groups(ctx context.Context, collegeID int64) ([]domain.Group, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+groupColumns+` FROM study_groups g WHERE g.college_id = $1 ORDER BY g.code, g.id`, collegeID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanGroup)
}

// Group returns one group; ENOTFOUND if there is none.
func (s *Store) Group(ctx context.Context, id int64) (domain.Group, error) {
	g, err := scanGroup(s.read.QueryRowContext(ctx, `SELECT `+groupColumns+` FROM study_groups g WHERE g.id = $1`, id))
	return g, notFound(err, "group")
}

// CreateGroup validates and stores a group.
func (s *Store) CreateGroup(ctx context.Context, g *domain.Group) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := exists(ctx, tx, `SELECT count(*) FROM programmes WHERE id = $1 AND college_id = $2`, []any{g.ProgrammeID, g.CollegeID},
			domain.Invalid("programme_id", "error.programme.other_college", "the programme does not belong to this college")); err != nil {
			return err
		}
		if g.CuratorID != 0 {
			if err := exists(ctx, tx, `SELECT count(*) FROM teachers WHERE id = $1 AND college_id = $2`, []any{g.CuratorID, g.CollegeID},
				domain.Invalid("curator_id", "error.group.curator", "the curator must be a teacher of this college")); err != nil {
				return err
			}
		}
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO study_groups (college_id, programme_id, code, intake_year, language, curator_id)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			g.CollegeID, g.ProgrammeID, g.Code, g.IntakeYear, g.Language, nullID(g.CuratorID)).Scan(&g.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "create", recordType: "group", recordID: g.ID, after: g,
			regionID: collegeRegion(ctx, tx, g.CollegeID), collegeID: g.CollegeID})
	})
}
