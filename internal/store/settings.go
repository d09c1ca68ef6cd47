package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var _ domain.SettingsService = (*Store)(nil)

// DualSettings returns the policy settings in force: the stored row, or the
// shipped defaults until someone changes them.
func (s *Store) DualSettings(ctx context.Context) (domain.DualSettings, error) {
	return dualSettings(s.read.QueryRowContext(ctx, dualSettingsQuery))
}

const dualSettingsQuery = `SELECT max_trainees_per_mentor, behind_plan_percent, missing_weeks, unsigned_days, mentor_inactive_days
	FROM dual_settings WHERE id = 1`

func dualSettings(row *sql.Row) (domain.DualSettings, error) {
	var d domain.DualSettings
	err := row.Scan(&d.MaxTraineesPerMentor, &d.BehindPlanPercent, &d.MissingWeeks, &d.UnsignedDays, &d.MentorInactiveDays)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.DefaultDualSettings, nil
	}
	return d, err
}

// UpdateDualSettings validates and stores the policy settings; EINVALID
// names the setting out of range.
func (s *Store) UpdateDualSettings(ctx context.Context, d domain.DualSettings) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := dualSettings(tx.QueryRowContext(ctx, dualSettingsQuery))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO dual_settings (id, max_trainees_per_mentor, behind_plan_percent, missing_weeks, unsigned_days,
				mentor_inactive_days, updated_at)
			VALUES (1, $1, $2, $3, $4, $5, $6)
			ON CONFLICT (id) DO UPDATE SET max_trainees_per_mentor = excluded.max_trainees_per_mentor,
				behind_plan_percent = excluded.behind_plan_percent, missing_weeks = excluded.missing_weeks,
				unsigned_days = excluded.unsigned_days, mentor_inactive_days = excluded.mentor_inactive_days,
				updated_at = excluded.updated_at`,
			d.MaxTraineesPerMentor, d.BehindPlanPercent, d.MissingWeeks, d.UnsignedDays, d.MentorInactiveDays,
			timeParam(s.Now())); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "update", recordType: "dual_settings", recordID: 1, before: before, after: d})
	})
}
