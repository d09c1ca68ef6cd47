package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var _ domain.MentorService = (*Store)(nil)

// mentorTrainees counts the agreements naming the mentor that await
// signatures or are active: the figure the policy maximum bounds.
const mentorTrainees = `(SELECT count(*) FROM agreements a WHERE a.mentor_id = m.id AND a.status IN ('awaiting', 'active'))`

const mentorColumns = `m.id, m.enterprise_id, COALESCE(m.user_id, 0), m.name, m.position, m.qualification, m.experience_years,
	m.phone, m.pay_per_trainee, m.created_at, e.name_kk, e.name_ru, e.name_en, ` + mentorTrainees

const mentorFrom = ` FROM mentors m JOIN enterprises e ON e.id = m.enterprise_id`

func scanMentor(r interface{ Scan(...any) error }) (domain.Mentor, error) {
	var m domain.Mentor
	err := r.Scan(&m.ID, &m.EnterpriseID, &m.UserID, &m.Name, &m.Position, &m.Qualification, &m.ExperienceYears,
		&m.Phone, &m.PayPerTrainee, timeScanner{&m.CreatedAt}, &m.Enterprise.KK, &m.Enterprise.RU, &m.Enterprise.EN, &m.Trainees)
	return m, err
}

// Mentors returns a page of mentors ordered by name.
func (s *Store) Mentors(ctx context.Context, f domain.MentorFilter) (domain.List[domain.Mentor], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.Mentor]{}, err
	}
	w := mentorWhere(f)
	list := domain.List[domain.Mentor]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM mentors m`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+mentorColumns+mentorFrom+w.sql()+mentorOrder+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanMentor)
	return list, err
}

// mentorOrder is by name.
const mentorOrder = ` ORDER BY m.search_key, m.id`

// mentorWhere is the condition of a list of mentors, shared by Mentors and
// EachMentor.
func mentorWhere(f domain.MentorFilter) *where {
	w := &where{}
	if f.EnterpriseID != 0 {
		w.add("m.enterprise_id = ?", f.EnterpriseID)
	}
	if f.RegionID != 0 {
		w.add("m.enterprise_id IN (SELECT id FROM enterprises WHERE region_id = ?)", f.RegionID)
	}
	if q := domain.SearchKey(f.Query); q != "" {
		w.add("m.search_key >= ? AND m.search_key < ?", q, prefixUpper(q))
	}
	return w
}

// Mentor returns one mentor; ENOTFOUND if there is none.
func (s *Store) Mentor(ctx context.Context, id int64) (domain.Mentor, error) {
	m, err := scanMentor(s.read.QueryRowContext(ctx, `SELECT `+mentorColumns+mentorFrom+` WHERE m.id = $1`, id))
	return m, notFound(err, "mentor")
}

// MentorByUser returns the mentor linked to a user account; ENOTFOUND if
// there is none.
func (s *Store) MentorByUser(ctx context.Context, userID int64) (domain.Mentor, error) {
	if userID == 0 {
		return domain.Mentor{}, domain.NotFound("mentor")
	}
	m, err := scanMentor(s.read.QueryRowContext(ctx, `SELECT `+mentorColumns+mentorFrom+` WHERE m.user_id = $1`, userID))
	return m, notFound(err, "mentor")
}

// SaveMentor creates (ID 0) or updates a mentor. EINVALID for bad input, an
// unknown enterprise, or a linked account that is not a mentor account of
// the same enterprise; ECONFLICT (error.mentor.user) when the account is
// already linked to another mentor; ENOTFOUND for an unknown ID.
func (s *Store) SaveMentor(ctx context.Context, m *domain.Mentor) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var region int
		err := tx.QueryRowContext(ctx, `SELECT region_id FROM enterprises WHERE id = $1`, m.EnterpriseID).Scan(&region)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Invalid("enterprise_id", "error.enterprise.unknown", "unknown enterprise")
		}
		if err != nil {
			return err
		}
		if err := checkMentorAccount(ctx, tx, m); err != nil {
			return err
		}
		now := s.Now().UTC()
		key := domain.SearchKey(m.Name)
		if m.ID == 0 {
			m.CreatedAt = now
			if err := tx.QueryRowContext(ctx, `
				INSERT INTO mentors (enterprise_id, user_id, name, search_key, position, qualification, experience_years,
					phone, pay_per_trainee, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
				m.EnterpriseID, nullID(m.UserID), m.Name, key, m.Position, m.Qualification, m.ExperienceYears,
				m.Phone, m.PayPerTrainee, timeParam(now)).Scan(&m.ID); err != nil {
				return err
			}
			return s.audit(ctx, tx, change{action: "create", recordType: "mentor", recordID: m.ID, after: m, regionID: region})
		}
		before, err := scanMentor(tx.QueryRowContext(ctx, `SELECT `+mentorColumns+mentorFrom+` WHERE m.id = $1`, m.ID))
		if err != nil {
			return notFound(err, "mentor")
		}
		// A mentor who moves to another enterprise would leave the
		// agreements naming them with a mentor of the wrong enterprise.
		if m.EnterpriseID != before.EnterpriseID {
			var live int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM agreements WHERE mentor_id = $1 AND status IN `+liveStatuses,
				m.ID).Scan(&live); err != nil {
				return err
			}
			if live > 0 {
				return domain.Invalid("enterprise_id", "error.mentor.enterprise", "the mentor's trainees are at the current enterprise")
			}
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE mentors SET enterprise_id = $2, user_id = $3, name = $4, search_key = $5, position = $6, qualification = $7,
				experience_years = $8, phone = $9, pay_per_trainee = $10, updated_at = $11
			WHERE id = $1`,
			m.ID, m.EnterpriseID, nullID(m.UserID), m.Name, key, m.Position, m.Qualification, m.ExperienceYears,
			m.Phone, m.PayPerTrainee, timeParam(now)); err != nil {
			return err
		}
		m.CreatedAt = before.CreatedAt
		return s.audit(ctx, tx, change{action: "update", recordType: "mentor", recordID: m.ID, before: before, after: m, regionID: region})
	})
}

// checkMentorAccount verifies the user account a mentor is linked to: it
// must be a mentor account of the mentor's enterprise (its scope is the
// enterprise's trainees) and not linked to another mentor already.
func checkMentorAccount(ctx context.Context, tx *sql.Tx, m *domain.Mentor) error {
	if m.UserID == 0 {
		return nil
	}
	var role string
	var enterprise int64
	err := tx.QueryRowContext(ctx, `SELECT role, COALESCE(enterprise_id, 0) FROM users WHERE id = $1`, m.UserID).Scan(&role, &enterprise)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (domain.Role(role) != domain.RoleMentor || enterprise != m.EnterpriseID)) {
		return domain.Invalid("user_id", "error.mentor.account", "the account must be a mentor account of the mentor's enterprise")
	}
	if err != nil {
		return err
	}
	var other int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM mentors WHERE user_id = $1 AND id <> $2`, m.UserID, m.ID).Scan(&other); err != nil {
		return err
	}
	if other > 0 {
		return &domain.Error{Code: domain.ECONFLICT, Key: "error.mentor.user", Field: "user_id",
			Message: "the user account is already linked to another mentor"}
	}
	return nil
}
