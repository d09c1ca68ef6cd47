package store

import (
	"context"
	"database/sql"
)

// ResetRun puts a round that has run back to open with no results, so
// that a benchmark can time first runs again. It exists only in tests.
func (s *Store) ResetRun(ctx context.Context, roundID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`UPDATE round_students SET academic_average = NULL, region_id = NULL, offer_id = NULL, status = NULL WHERE round_id = $1`,
			`UPDATE round_offers SET filled = 0, cutoff_score = NULL, cutoff_lottery = NULL WHERE round_id = $1`,
			`UPDATE rounds SET status = 'open', run_at = NULL, students = 0, placed = 0 WHERE id = $1`,
		} {
			if _, err := tx.ExecContext(ctx, q, roundID); err != nil {
				return err
			}
		}
		return nil
	})
}
