package store

import (
	"context"
	"slices"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// StagedStudent is a row of a students import as it is staged, with its
// references resolved.
type StagedStudent struct {
	Line                            int
	IIN                             string
	CollegeID, GroupID, ProgrammeID int64
	Funding, Status                 string
}

// CheckSeatImport stages rows as a students import would and runs the
// checks of state funding over them (seatImportChecks), then rolls back.
// It exists only in tests: the checks run inside the import once hooked.
func (s *Store) CheckSeatImport(ctx context.Context, rows []StagedStudent) ([]domain.RowError, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE import_students (line INTEGER, iin TEXT, college_id BIGINT,
		group_id BIGINT, programme_id BIGINT, funding TEXT, status TEXT)`); err != nil {
		return nil, err
	}
	for _, r := range rows {
		if _, err := tx.ExecContext(ctx, `INSERT INTO import_students VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			r.Line, r.IIN, r.CollegeID, r.GroupID, r.ProgrammeID, r.Funding, r.Status); err != nil {
			return nil, err
		}
	}
	probs := &problems{max: 100}
	for _, c := range seatImportChecks {
		if err := s.runCheck(ctx, tx, c, c.query, nil, probs); err != nil {
			return nil, err
		}
	}
	var out []domain.RowError
	for _, f := range probs.kept {
		out = append(out, f.RowError)
	}
	slices.SortFunc(out, func(a, b domain.RowError) int { return a.Line - b.Line })
	return out, nil
}
