package store

import (
	"context"
	"database/sql"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The bulk loaders of targeted training, for the demo generator: orders,
// then the contracts in whatever state of their obligation, each row as
// the store would have left it (the deadline follows from the state).
// The orders' counts of contracts are made from the contracts afterwards.

// InsertTrainingOrders stores orders with their IDs set.
func (s *Store) InsertTrainingOrders(ctx context.Context, rows []domain.TrainingOrder) error {
	now := timeParam(s.Now())
	return s.insertRows(ctx, "training_orders",
		[]string{"id", "enterprise_id", "region_id", "qualification_code", "year", "graduates", "contracts", "note", "created_at", "updated_at"},
		len(rows), func(i int) ([]any, error) {
			o := &rows[i]
			if err := o.Validate(); err != nil {
				return nil, err
			}
			return []any{o.ID, o.EnterpriseID, o.RegionID, o.QualificationCode, o.Year, o.Graduates, 0, o.Note, now, now}, nil
		})
}

// eventRow is a contract's history entry to load.
type eventRow struct {
	contract int64
	event    domain.ObligationEvent
}

// InsertTargetedContracts stores contracts with their IDs set, their
// obligations in any state and their History, and counts them into their
// orders.
func (s *Store) InsertTargetedContracts(ctx context.Context, rows []domain.TargetedContract) error {
	now := timeParam(s.Now())
	return s.tx(ctx, func(tx *sql.Tx) error {
		err := s.insertIn(ctx, tx, "targeted_contracts",
			[]string{"id", "order_id", "student_id", "enterprise_id", "college_id", "region_id", "year", "number", "signed_on",
				"tuition_cost", "obligation_months", "state", "state_since", "graduated_on", "start_by", "working_since",
				"served_days", "deferral_reason", "deferred_until", "ends_on", "deadline", "reimbursement", "note",
				"created_at", "updated_at"}, "", len(rows), func(i int) ([]any, error) {
				c := &rows[i]
				if !c.State.Valid() || c.OrderID <= 0 || c.StudentID <= 0 || c.Number == "" || c.ObligationMonths <= 0 ||
					(c.State == domain.ObligationDeferred) != c.DeferralReason.Valid() {
					return nil, domain.Invalid("state", "error.obligation.state", "a loaded contract needs its order, student, number and a consistent state")
				}
				deadline, _ := c.Deadline()
				return []any{c.ID, c.OrderID, c.StudentID, c.EnterpriseID, c.CollegeID, c.RegionID, c.Year, c.Number,
					dateParam(c.SignedOn), c.TuitionCost, c.ObligationMonths, string(c.State), dateParam(c.StateSince),
					nullDate(c.GraduatedOn), nullDate(c.StartBy), nullDate(c.WorkingSince), c.ServedDays,
					nullString(string(c.DeferralReason)), nullDate(c.DeferredUntil), nullDate(c.EndsOn), nullDate(deadline),
					c.Reimbursement, c.Note, now, now}, nil
			})
		if err != nil {
			return err
		}
		var events []eventRow
		for i := range rows {
			for _, e := range rows[i].History {
				events = append(events, eventRow{rows[i].ID, e})
			}
		}
		err = s.insertIn(ctx, tx, "obligation_events", []string{"contract_id", "from_state", "to_state", "on_date", "deferral_reason",
			"deferred_until", "reimbursement", "note", "login", "created_at"}, "", len(events), func(i int) ([]any, error) {
			e := events[i].event
			return []any{events[i].contract, string(e.From), string(e.To), dateParam(e.On), nullString(string(e.Reason)),
				nullDate(e.Until), e.Reimbursement, e.Note, e.Login, now}, nil
		})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE training_orders SET contracts = (SELECT count(*) FROM targeted_contracts tc
			WHERE tc.order_id = training_orders.id AND tc.state <> 'cancelled')
			WHERE id IN (SELECT DISTINCT order_id FROM targeted_contracts)`); err != nil {
			return err
		}
		return s.auditBatch(ctx, tx, "targeted_contracts", map[string]int{"rows": len(rows), "events": len(events)})
	})
}
