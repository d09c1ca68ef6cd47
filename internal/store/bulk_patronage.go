package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The bulk loader of patronage (the demo's): memoranda with their
// commitments, then the reports against them, with the IDs the caller set.
// Each call validates every row and writes all of them or none, with one
// audit entry.

// InsertMemoranda stores memoranda with their commitments, IDs set on
// both. A commitment's Delivered, DeliveredValue and ConfirmedValue are
// stored as given: they must be the sums of the reports InsertFulfilments
// writes for it afterwards; the day each is on track until comes from
// them. The college must be in the memorandum's region. EINVALID for an
// invalid row.
func (s *Store) InsertMemoranda(ctx context.Context, rows []domain.Memorandum) error {
	now := s.Now()
	type loaded struct {
		c     *domain.Commitment
		m     *domain.Memorandum
		pos   int
		until sql.NullString
	}
	var commitments []loaded
	untils := make([]sql.NullString, len(rows))
	for i := range rows {
		m := &rows[i]
		if err := m.Validate(); err != nil {
			return fmt.Errorf("memoranda row %d: %w", i+1, err)
		}
		var earliest time.Time
		for j := range m.Commitments {
			c := &m.Commitments[j]
			if c.ID == 0 || c.Delivered < 0 || c.DeliveredValue < 0 || c.ConfirmedValue > c.DeliveredValue {
				return fmt.Errorf("memoranda row %d: %w", i+1,
					domain.Invalid("commitments", "error.bulk.commitment", "a commitment needs its ID and consistent sums"))
			}
			until, ok := domain.OnTrackUntil(c.Quantity, c.Delivered, m.StartsOn, m.EndsOn)
			if ok && (earliest.IsZero() || until.Before(earliest)) {
				earliest = until
			}
			commitments = append(commitments, loaded{c, m, j, untilParam(until, ok)})
		}
		untils[i] = untilParam(earliest, !earliest.IsZero())
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		err := s.insertIn(ctx, tx, "memoranda",
			[]string{"id", "number", "region_id", "college_id", "enterprise_id", "signed_on", "starts_on", "ends_on", "note",
				"on_track_until", "created_at", "updated_at"},
			"(?,?,(SELECT region_id FROM colleges WHERE id = ? AND region_id = ?),?,?,?,?,?,?,?,?,?)",
			len(rows), func(i int) ([]any, error) {
				m := &rows[i]
				created := orNow(m.CreatedAt, now)
				return []any{m.ID, m.Number, m.CollegeID, m.RegionID, m.CollegeID, m.EnterpriseID, dateParam(m.SignedOn),
					dateParam(m.StartsOn), dateParam(m.EndsOn), m.Note, untils[i], created, orNow(m.UpdatedAt, now)}, nil
			})
		if err != nil {
			return err
		}
		err = s.insertIn(ctx, tx, "commitments",
			[]string{"id", "memorandum_id", "position", "kind", "description", "quantity", "value", "delivered", "delivered_value",
				"confirmed_value", "on_track_until", "region_id", "college_id", "enterprise_id", "starts_on", "ends_on"}, "",
			len(commitments), func(i int) ([]any, error) {
				l := commitments[i]
				c, m := l.c, l.m
				return []any{c.ID, m.ID, l.pos, string(c.Kind), c.Description, c.Quantity, c.Value, c.Delivered,
					c.DeliveredValue, c.ConfirmedValue, l.until, m.RegionID, m.CollegeID, m.EnterpriseID, dateParam(m.StartsOn),
					dateParam(m.EndsOn)}, nil
			})
		if err != nil {
			return err
		}
		return s.auditBatch(ctx, tx, "memoranda", map[string]int{"rows": len(rows), "commitments": len(commitments)})
	})
}

// InsertFulfilments stores reports against commitments with their IDs set,
// without evidence files; their sums must be what InsertMemoranda stored
// with the commitments. EINVALID for an invalid row.
func (s *Store) InsertFulfilments(ctx context.Context, rows []domain.Fulfilment) error {
	now := s.Now()
	for i := range rows {
		f := &rows[i]
		if f.Quantity < 1 || f.Value < 0 || f.DeliveredOn.IsZero() || f.Document == "" {
			return fmt.Errorf("fulfilments row %d: %w", i+1,
				domain.Invalid("fulfilments", "error.bulk.fulfilment", "a report needs its quantity, date and document"))
		}
	}
	return s.insertRows(ctx, "fulfilments",
		[]string{"id", "commitment_id", "quantity", "value", "delivered_on", "document", "description", "reported_by", "reported_at",
			"confirmed_by", "confirmed_at"},
		len(rows), func(i int) ([]any, error) {
			f := &rows[i]
			return []any{f.ID, f.CommitmentID, f.Quantity, f.Value, dateParam(f.DeliveredOn), f.Document, f.Description,
				nullID(f.ReportedBy), orNow(f.ReportedAt, now), nullID(f.ConfirmedBy), nullTime(f.ConfirmedAt)}, nil
		})
}
