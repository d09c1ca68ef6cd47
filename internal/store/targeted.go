package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Targeted training (migration 00010): employers' orders, the contracts
// against them and the work obligation after graduation. Every change of
// an obligation writes the contract, its history (obligation_events), the
// alert to the college and the employer and the audit entry in one
// transaction; the deadline alerts come from SweepObligations.

var (
	_ domain.TargetedService   = (*Store)(nil)
	_ domain.SeatService       = (*Store)(nil)
	_ domain.ObligationSweeper = (*Store)(nil)
)

// contractEmployer is SQL for the employer of the targeted-training
// contract student s holds while studying (0 for none): a contract holder
// may take the offers that employer reserves for its contract holders
// (rounds, applications). One live contract per student
// (targeted_contracts_student), so it is one value.
const contractEmployer = `COALESCE((SELECT tc.enterprise_id FROM targeted_contracts tc
	WHERE tc.student_id = s.id AND tc.state = 'studying'), 0)`

// targetedPolicy is the policy in force.
func (s *Store) targetedPolicy() domain.TargetedPolicy { return domain.DefaultTargetedPolicy }

const orderColumns = `o.id, o.enterprise_id, o.region_id, o.qualification_code, o.year, o.graduates, o.note, o.contracts,
	o.created_at, o.updated_at, e.name_kk, e.name_ru, e.name_en, r.name_kk, r.name_ru, r.name_en, ` + codeNames

// orderFrom names an order's parties and its code: a qualification, or a
// specialty for programmes that name no qualification (as seats do).
const orderFrom = ` FROM training_orders o JOIN enterprises e ON e.id = o.enterprise_id JOIN regions r ON r.id = o.region_id
	LEFT JOIN qualifications q ON q.code = o.qualification_code LEFT JOIN specialties sp ON sp.code = o.qualification_code`

func scanOrder(r interface{ Scan(...any) error }) (domain.TrainingOrder, error) {
	var o domain.TrainingOrder
	err := r.Scan(&o.ID, &o.EnterpriseID, &o.RegionID, &o.QualificationCode, &o.Year, &o.Graduates, &o.Note, &o.Contracts,
		timeScanner{&o.CreatedAt}, timeScanner{&o.UpdatedAt}, &o.Enterprise.KK, &o.Enterprise.RU, &o.Enterprise.EN,
		&o.Region.KK, &o.Region.RU, &o.Region.EN, &o.Qualification.KK, &o.Qualification.RU, &o.Qualification.EN)
	return o, err
}

// orderOrders are the ORDER BY of domain.OrderSorts.
var orderOrders = map[string]string{
	"-year":         " ORDER BY o.year DESC, o.qualification_code, o.id",
	"qualification": " ORDER BY o.qualification_code, o.year DESC, o.id",
	"-graduates":    " ORDER BY o.graduates DESC, o.id",
}

// TrainingOrders returns a page of employers' orders.
func (s *Store) TrainingOrders(ctx context.Context, f domain.OrderFilter) (domain.List[domain.TrainingOrder], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.TrainingOrder]{}, err
	}
	var w where
	if f.RegionID != 0 {
		w.add("o.region_id = ?", f.RegionID)
	}
	if f.EnterpriseID != 0 {
		w.add("o.enterprise_id = ?", f.EnterpriseID)
	}
	if f.Year != 0 {
		w.add("o.year = ?", f.Year)
	}
	if f.Qualification != "" {
		w.add("o.qualification_code = ?", f.Qualification)
	}
	if f.OpenOnly {
		w.add("o.contracts < o.graduates")
	}
	list := domain.List[domain.TrainingOrder]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM training_orders o`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+orderColumns+orderFrom+w.sql()+orderOrders[f.Sort]+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanOrder)
	return list, err
}

// TrainingOrder returns one order; ENOTFOUND if there is none.
func (s *Store) TrainingOrder(ctx context.Context, id int64) (domain.TrainingOrder, error) {
	o, err := scanOrder(s.read.QueryRowContext(ctx, `SELECT `+orderColumns+orderFrom+` WHERE o.id = $1`, id))
	return o, notFound(err, "order")
}

// SaveTrainingOrder creates or changes an order. Once contracts are
// signed against it, only the number of graduates (not below the
// contracts) and the note change.
func (s *Store) SaveTrainingOrder(ctx context.Context, o *domain.TrainingOrder) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, ref := range []struct {
			query string
			arg   any
			err   error
		}{
			{`SELECT count(*) FROM enterprises WHERE id = $1`, o.EnterpriseID, domain.Invalid("enterprise_id", "error.enterprise.unknown", "unknown enterprise")},
			{`SELECT count(*) FROM regions WHERE id = $1`, o.RegionID, domain.Invalid("region_id", "error.region.unknown", "unknown region")},
			{`SELECT (SELECT count(*) FROM qualifications WHERE code = $1) + (SELECT count(*) FROM specialties WHERE code = $1)`,
				o.QualificationCode, domain.Invalid("qualification_code", "error.qualification.unknown", "unknown qualification")},
		} {
			if err := exists(ctx, tx, ref.query, ref.arg, ref.err); err != nil {
				return err
			}
		}
		now := s.Now().UTC()
		if o.ID == 0 {
			o.Contracts, o.CreatedAt, o.UpdatedAt = 0, now, now
			if err := tx.QueryRowContext(ctx, `INSERT INTO training_orders (enterprise_id, region_id, qualification_code, year, graduates,
					contracts, note, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $7) RETURNING id`,
				o.EnterpriseID, o.RegionID, o.QualificationCode, o.Year, o.Graduates, o.Note, timeParam(now)).Scan(&o.ID); err != nil {
				return err
			}
			return s.audit(ctx, tx, change{action: "create", recordType: "training_order", recordID: o.ID, after: o, regionID: o.RegionID})
		}
		before, err := scanOrder(tx.QueryRowContext(ctx, `SELECT `+orderColumns+orderFrom+` WHERE o.id = $1`+s.forUpdateOf("o"), o.ID))
		if err != nil {
			return notFound(err, "order")
		}
		switch {
		case before.Contracts > 0 && (o.EnterpriseID != before.EnterpriseID || o.RegionID != before.RegionID ||
			o.QualificationCode != before.QualificationCode || o.Year != before.Year):
			return domain.Errorf(domain.ECONFLICT, "error.order.changed", "contracts are signed against the order")
		case o.Graduates < before.Contracts:
			return domain.Errorf(domain.ECONFLICT, "error.order.below_contracts", "%d contracts are signed against the order", before.Contracts).
				With("contracts", strconv.Itoa(before.Contracts))
		}
		o.Contracts, o.CreatedAt, o.UpdatedAt = before.Contracts, before.CreatedAt, now
		if _, err := tx.ExecContext(ctx, `UPDATE training_orders SET enterprise_id = $2, region_id = $3, qualification_code = $4,
				year = $5, graduates = $6, note = $7, updated_at = $8 WHERE id = $1`,
			o.ID, o.EnterpriseID, o.RegionID, o.QualificationCode, o.Year, o.Graduates, o.Note, timeParam(now)); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "update", recordType: "training_order", recordID: o.ID, before: before, after: o,
			regionID: o.RegionID})
	})
}

// forUpdateOf locks the rows of one table of a join on PostgreSQL.
func (s *Store) forUpdateOf(alias string) string {
	if s.dialect.name == "postgres" {
		return " FOR UPDATE OF " + alias
	}
	return ""
}

const contractColumns = `tc.id, tc.order_id, tc.student_id, tc.enterprise_id, tc.college_id, tc.region_id, tc.year, tc.number,
	tc.signed_on, tc.tuition_cost, tc.obligation_months, tc.state, tc.state_since, tc.graduated_on, tc.start_by,
	tc.working_since, tc.served_days, COALESCE(tc.deferral_reason, ''), tc.deferred_until, tc.ends_on, tc.reimbursement,
	tc.note, tc.created_at, tc.updated_at, s.last_name, s.first_name, s.middle_name,
	e.name_kk, e.name_ru, e.name_en, c.name_kk, c.name_ru, c.name_en, r.name_kk, r.name_ru, r.name_en, ` + codeNames

const contractFrom = ` FROM targeted_contracts tc JOIN students s ON s.id = tc.student_id
	JOIN enterprises e ON e.id = tc.enterprise_id JOIN colleges c ON c.id = tc.college_id
	JOIN regions r ON r.id = tc.region_id JOIN training_orders o ON o.id = tc.order_id
	LEFT JOIN qualifications q ON q.code = o.qualification_code LEFT JOIN specialties sp ON sp.code = o.qualification_code`

func scanContract(r interface{ Scan(...any) error }) (domain.TargetedContract, error) {
	var c domain.TargetedContract
	var state, reason string
	err := r.Scan(&c.ID, &c.OrderID, &c.StudentID, &c.EnterpriseID, &c.CollegeID, &c.RegionID, &c.Year, &c.Number,
		timeScanner{&c.SignedOn}, &c.TuitionCost, &c.ObligationMonths, &state, timeScanner{&c.StateSince},
		timeScanner{&c.GraduatedOn}, timeScanner{&c.StartBy}, timeScanner{&c.WorkingSince}, &c.ServedDays, &reason,
		timeScanner{&c.DeferredUntil}, timeScanner{&c.EndsOn}, &c.Reimbursement, &c.Note, timeScanner{&c.CreatedAt},
		timeScanner{&c.UpdatedAt}, &c.Student.Last, &c.Student.First, &c.Student.Middle,
		&c.Enterprise.KK, &c.Enterprise.RU, &c.Enterprise.EN, &c.College.KK, &c.College.RU, &c.College.EN,
		&c.Region.KK, &c.Region.RU, &c.Region.EN, &c.Qualification.KK, &c.Qualification.RU, &c.Qualification.EN)
	c.State, c.DeferralReason = domain.ObligationState(state), domain.DeferralReason(reason)
	return c, err
}

// contractOrders are the ORDER BY of domain.ContractSorts.
var contractOrders = map[string]string{
	"deadline": " ORDER BY tc.deadline IS NULL, tc.deadline, tc.id",
	"-updated": " ORDER BY tc.updated_at DESC, tc.id DESC",
	"number":   " ORDER BY tc.number, tc.id",
}

// TargetedContracts returns a page of contracts.
func (s *Store) TargetedContracts(ctx context.Context, f domain.ContractFilter) (domain.List[domain.TargetedContract], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.TargetedContract]{}, err
	}
	var w where
	if f.RegionID != 0 {
		w.add("tc.region_id = ?", f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("tc.college_id = ?", f.CollegeID)
	}
	if f.EnterpriseID != 0 {
		w.add("tc.enterprise_id = ?", f.EnterpriseID)
	}
	if f.OrderID != 0 {
		w.add("tc.order_id = ?", f.OrderID)
	}
	if f.StudentID != 0 {
		w.add("tc.student_id = ?", f.StudentID)
	}
	if f.Year != 0 {
		w.add("tc.year = ?", f.Year)
	}
	if f.State != "" {
		w.add("tc.state = ?", string(f.State))
	}
	if f.DueWithin > 0 {
		w.add("tc.deadline <= ?", dateParam(s.today().AddDate(0, 0, f.DueWithin)))
	}
	list := domain.List[domain.TargetedContract]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM targeted_contracts tc`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+contractColumns+contractFrom+w.sql()+contractOrders[f.Sort]+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanContract)
	return list, err
}

// TargetedContract returns one contract with its history.
func (s *Store) TargetedContract(ctx context.Context, id int64) (domain.TargetedContract, error) {
	c, err := scanContract(s.read.QueryRowContext(ctx, `SELECT `+contractColumns+contractFrom+` WHERE tc.id = $1`, id))
	if err != nil {
		return c, notFound(err, "contract")
	}
	rows, err := s.read.QueryContext(ctx, `SELECT from_state, to_state, on_date, COALESCE(deferral_reason, ''), deferred_until,
			reimbursement, note, login, created_at
		FROM obligation_events WHERE contract_id = $1 ORDER BY id`, id)
	if err != nil {
		return c, err
	}
	c.History, err = collect(rows, func(r interface{ Scan(...any) error }) (domain.ObligationEvent, error) {
		var e domain.ObligationEvent
		var from, to, reason string
		err := r.Scan(&from, &to, timeScanner{&e.On}, &reason, timeScanner{&e.Until}, &e.Reimbursement, &e.Note, &e.Login,
			timeScanner{&e.RecordedAt})
		e.From, e.To, e.Reason = domain.ObligationState(from), domain.ObligationState(to), domain.DeferralReason(reason)
		return e, err
	})
	return c, err
}

// CreateTargetedContract records a contract against an order with room.
// The order is locked on PostgreSQL, so two contracts cannot take its last
// place twice.
func (s *Store) CreateTargetedContract(ctx context.Context, c *domain.TargetedContract) error {
	if err := c.Validate(s.targetedPolicy(), s.today()); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		o, err := scanOrder(tx.QueryRowContext(ctx, `SELECT `+orderColumns+orderFrom+` WHERE o.id = $1`+s.forUpdateOf("o"), c.OrderID))
		if err != nil {
			return notFound(err, "order")
		}
		var status, qualification string
		var intake int
		err = tx.QueryRowContext(ctx, `SELECT s.status, s.college_id, c.region_id, COALESCE(p.qualification_code, p.specialty_code), g.intake_year
			FROM students s JOIN colleges c ON c.id = s.college_id JOIN programmes p ON p.id = s.programme_id
			JOIN study_groups g ON g.id = s.group_id WHERE s.id = $1`, c.StudentID).
			Scan(&status, &c.CollegeID, &c.RegionID, &qualification, &intake)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.NotFound("student")
		}
		if err != nil {
			return err
		}
		var live int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM targeted_contracts WHERE student_id = $1 AND state <> 'cancelled'`,
			c.StudentID).Scan(&live); err != nil {
			return err
		}
		switch {
		case live > 0:
			return domain.Errorf(domain.ECONFLICT, "error.contract.duplicate", "the student has a targeted-training contract")
		case status != domain.StatusStudying:
			return domain.Errorf(domain.ECONFLICT, "error.contract.student_state", "the student is %s", status)
		case !o.Open():
			return domain.Errorf(domain.ECONFLICT, "error.contract.order_full", "the order has its %d contracts", o.Graduates)
		case qualification != o.QualificationCode:
			return domain.Errorf(domain.ECONFLICT, "error.contract.qualification", "the order is for %s, the programme for %q",
				o.QualificationCode, qualification)
		case c.RegionID != o.RegionID:
			return domain.Errorf(domain.ECONFLICT, "error.contract.region", "the order is for region %d", o.RegionID)
		case intake != o.Year:
			return domain.Errorf(domain.ECONFLICT, "error.contract.year", "the order is for the %d intake", o.Year).
				With("year", strconv.Itoa(o.Year))
		}
		c.EnterpriseID, c.Year = o.EnterpriseID, o.Year
		now := s.Now().UTC()
		c.CreatedAt, c.UpdatedAt = now, now
		if err := tx.QueryRowContext(ctx, `INSERT INTO targeted_contracts (order_id, student_id, enterprise_id, college_id, region_id,
				year, number, signed_on, tuition_cost, obligation_months, state, state_since, note, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
			c.OrderID, c.StudentID, c.EnterpriseID, c.CollegeID, c.RegionID, c.Year, c.Number, dateParam(c.SignedOn),
			c.TuitionCost, c.ObligationMonths, string(c.State), dateParam(c.StateSince), c.Note, timeParam(now)).Scan(&c.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE training_orders SET contracts = contracts + 1 WHERE id = $1`, c.OrderID); err != nil {
			return err
		}
		if err := s.obligationEvent(ctx, tx, c, ""); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "create", recordType: "targeted_contract", recordID: c.ID, after: c,
			regionID: c.RegionID, collegeID: c.CollegeID})
	})
}

// lockContract reads a contract inside tx, locking it on PostgreSQL.
func (s *Store) lockContract(ctx context.Context, tx *sql.Tx, id int64) (domain.TargetedContract, error) {
	c, err := scanContract(tx.QueryRowContext(ctx, `SELECT `+contractColumns+contractFrom+` WHERE tc.id = $1`+s.forUpdateOf("tc"), id))
	return c, notFound(err, "contract")
}

// MoveObligation records a change of an obligation.
func (s *Store) MoveObligation(ctx context.Context, contractID int64, m domain.ObligationMove) (domain.TargetedContract, error) {
	var after domain.TargetedContract
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockContract(ctx, tx, contractID)
		if err != nil {
			return err
		}
		after = before
		if err := after.Move(m, s.targetedPolicy(), s.today()); err != nil {
			return err
		}
		return s.writeObligation(ctx, tx, before, &after, "move")
	})
	return after, err
}

// writeObligation stores a changed obligation with its history entry, its
// alert and its audit entry; a cancelled contract gives its place on the
// order back.
func (s *Store) writeObligation(ctx context.Context, tx *sql.Tx, before domain.TargetedContract, after *domain.TargetedContract,
	action string) error {
	after.UpdatedAt = s.Now().UTC()
	deadline, _ := after.Deadline()
	if _, err := tx.ExecContext(ctx, `UPDATE targeted_contracts SET state = $2, state_since = $3, graduated_on = $4, start_by = $5,
			working_since = $6, served_days = $7, deferral_reason = $8, deferred_until = $9, ends_on = $10, deadline = $11,
			reimbursement = $12, note = $13, updated_at = $14
		WHERE id = $1`, after.ID, string(after.State), dateParam(after.StateSince), nullDate(after.GraduatedOn),
		nullDate(after.StartBy), nullDate(after.WorkingSince), after.ServedDays, nullString(string(after.DeferralReason)),
		nullDate(after.DeferredUntil), nullDate(after.EndsOn), nullDate(deadline), after.Reimbursement, after.Note,
		timeParam(after.UpdatedAt)); err != nil {
		return err
	}
	if after.State == domain.ObligationCancelled {
		if _, err := tx.ExecContext(ctx, `UPDATE training_orders SET contracts = contracts - 1 WHERE id = $1`, after.OrderID); err != nil {
			return err
		}
	}
	if err := s.obligationEvent(ctx, tx, after, before.State); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO alerts (contract_id, college_id, enterprise_id, kind, state, deferral_reason, due_on, created_at)
		VALUES ($1, $2, $3, 'change', $4, $5, $6, $7)`, after.ID, after.CollegeID, after.EnterpriseID, string(after.State),
		nullString(string(after.DeferralReason)), nullDate(deadline), timeParam(after.UpdatedAt)); err != nil {
		return err
	}
	b, a := before, *after
	b.History, a.History = nil, nil
	return s.audit(ctx, tx, change{action: action, recordType: "targeted_contract", recordID: after.ID, before: b, after: a,
		regionID: after.RegionID, collegeID: after.CollegeID})
}

// obligationEvent appends a change to the contract's history, recorded by
// the actor of ctx ("system" for the store's own).
func (s *Store) obligationEvent(ctx context.Context, tx *sql.Tx, c *domain.TargetedContract, from domain.ObligationState) error {
	login := "system"
	if a := domain.ActorFrom(ctx); a.User != nil {
		login = a.User.Login
	} else if a.Via != "" {
		login = a.Via
	}
	var reimbursement int64
	if c.State == domain.ObligationBreached {
		reimbursement = c.Reimbursement
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO obligation_events (contract_id, from_state, to_state, on_date, deferral_reason,
			deferred_until, reimbursement, note, login, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, c.ID, string(from), string(c.State), dateParam(c.StateSince),
		nullString(string(c.DeferralReason)), nullDate(c.DeferredUntil), reimbursement, c.Note, login, timeParam(s.Now()))
	return err
}

// SweepObligations runs the obligations' clock on day today, in one
// transaction: it begins the obligation of every contract holder who has
// graduated (pending, from the day of graduation), closes the obligations
// served in full by today (fulfilled on the day the time was served), and
// raises a deadline alert for every obligation whose deadline is within
// the policy's days — once per contract, state and deadline, however often
// it runs. The changes are written as a person's would be, with their
// history, alerts and audit entries, as the system's.
func (s *Store) SweepObligations(ctx context.Context, today time.Time) (domain.SweepResult, error) {
	var res domain.SweepResult
	p := s.targetedPolicy()
	today = domain.DateInUTC(today)
	if a := domain.ActorFrom(ctx); a.User == nil && a.Via == "" {
		ctx = domain.WithActor(ctx, domain.System)
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res = domain.SweepResult{}
		started, err := s.startObligations(ctx, tx, today)
		if err != nil {
			return err
		}
		res.Started = started
		served, err := idsAndDates(ctx, tx, `SELECT id, ends_on FROM targeted_contracts
			WHERE state = 'working' AND deadline <= $1 ORDER BY id`, dateParam(today))
		if err != nil {
			return err
		}
		for _, sv := range served {
			before, err := s.lockContract(ctx, tx, sv.id)
			if err != nil {
				return err
			}
			after := before
			m := domain.ObligationMove{To: domain.ObligationFulfilled, On: sv.day}
			if err := after.Move(m, p, today); err != nil {
				return err
			}
			if err := s.writeObligation(ctx, tx, before, &after, "move"); err != nil {
				return err
			}
			res.Fulfilled++
		}
		r, err := tx.ExecContext(ctx, `INSERT INTO alerts (contract_id, college_id, enterprise_id, kind, state, deferral_reason, due_on, created_at)
			SELECT tc.id, tc.college_id, tc.enterprise_id, 'deadline', tc.state, tc.deferral_reason, tc.deadline, $2
			FROM targeted_contracts tc
			WHERE tc.deadline IS NOT NULL AND tc.deadline <= $1
				AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.contract_id = tc.id AND a.kind = 'deadline'
					AND a.state = tc.state AND a.due_on = tc.deadline)`,
			dateParam(today.AddDate(0, 0, p.AlertDaysBefore)), timeParam(s.Now()))
		if err != nil {
			return err
		}
		n, err := r.RowsAffected()
		if err != nil {
			return err
		}
		res.Alerts = int(n)
		if res == (domain.SweepResult{}) {
			return nil
		}
		return s.audit(ctx, tx, change{action: "sweep", recordType: "targeted_contracts", recordID: dateParam(today), after: res})
	})
	return res, err
}

// startObligations begins, inside tx, the obligation of every contract
// holder who graduated by day upTo: pending from the day of graduation,
// with its history entry, alert and audit entry. It returns how many.
// A graduation may call it in its own transaction, so the obligations
// begin with it; the sweep catches any it did not.
func (s *Store) startObligations(ctx context.Context, tx *sql.Tx, upTo time.Time) (int, error) {
	started, err := idsAndDates(ctx, tx, `SELECT tc.id, s.graduated_on FROM targeted_contracts tc JOIN students s ON s.id = tc.student_id
		WHERE tc.state = 'studying' AND s.graduated_on IS NOT NULL AND s.graduated_on <= $1 ORDER BY tc.id`, dateParam(upTo))
	if err != nil {
		return 0, err
	}
	for _, st := range started {
		before, err := s.lockContract(ctx, tx, st.id)
		if err != nil {
			return 0, err
		}
		after := before
		after.Start(st.day, s.targetedPolicy())
		if err := s.writeObligation(ctx, tx, before, &after, "start"); err != nil {
			return 0, err
		}
	}
	return len(started), nil
}

type idDay struct {
	id  int64
	day time.Time
}

// idsAndDates reads (id, date) rows.
func idsAndDates(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]idDay, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (idDay, error) {
		var v idDay
		err := r.Scan(&v.id, timeScanner{&v.day})
		return v, err
	})
}

// TargetedOverview totals targeted training: the nation's by region (every
// region, with or without orders), a region's by employer. It groups the
// orders and the contracts in the database: a few thousand orders and tens
// of thousands of contracts a year, read from their indexes.
func (s *Store) TargetedOverview(ctx context.Context, f domain.TargetedOverviewFilter) (domain.TargetedOverview, error) {
	o := domain.TargetedOverview{RegionID: f.RegionID, Year: f.Year, Years: []int{}, Rows: []domain.TargetedTotal{}}
	years, err := s.yearsOf(ctx, "training_orders", f.RegionID)
	if err != nil {
		return o, err
	}
	o.Years = years
	group, names := "region_id", `SELECT id, 0, name_kk, name_ru, name_en FROM regions`
	var w where
	if f.RegionID != 0 {
		group = "enterprise_id"
		w.add("region_id = ?", f.RegionID)
		names = `SELECT 0, id, name_kk, name_ru, name_en FROM enterprises
			WHERE id IN (SELECT enterprise_id FROM training_orders WHERE region_id = $1)`
	}
	if f.Year != 0 {
		w.add("year = ?", f.Year)
	}
	at := map[int64]int{}
	row := func(id int64) *domain.TargetedTotal {
		i, ok := at[id]
		if !ok {
			i = len(o.Rows)
			at[id] = i
			t := domain.TargetedTotal{States: map[domain.ObligationState]int{}}
			if f.RegionID != 0 {
				t.EnterpriseID = id
			} else {
				t.RegionID = int(id)
			}
			o.Rows = append(o.Rows, t)
		}
		return &o.Rows[i]
	}
	var nameArgs []any
	if f.RegionID != 0 {
		nameArgs = []any{f.RegionID}
	}
	rows, err := s.read.QueryContext(ctx, names, nameArgs...)
	if err != nil {
		return o, err
	}
	for rows.Next() {
		var region, enterprise int64
		var n domain.Names
		if err := rows.Scan(&region, &enterprise, &n.KK, &n.RU, &n.EN); err != nil {
			rows.Close()
			return o, err
		}
		row(region + enterprise).Name = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return o, err
	}
	o.Total.States = map[domain.ObligationState]int{}
	rows, err = s.read.QueryContext(ctx, `SELECT `+group+`, count(*), sum(graduates) FROM training_orders`+w.sql()+` GROUP BY `+group, w.args...)
	if err != nil {
		return o, err
	}
	for rows.Next() {
		var id int64
		var orders, graduates int
		if err := rows.Scan(&id, &orders, &graduates); err != nil {
			rows.Close()
			return o, err
		}
		t := row(id)
		t.Orders, t.Ordered = orders, graduates
		o.Total.Orders, o.Total.Ordered = o.Total.Orders+orders, o.Total.Ordered+graduates
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return o, err
	}
	rows, err = s.read.QueryContext(ctx, `SELECT `+group+`, state, count(*), CAST(sum(reimbursement) AS BIGINT) FROM targeted_contracts`+w.sql()+
		` GROUP BY `+group+`, state`, w.args...)
	if err != nil {
		return o, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, reimbursement int64
		var state string
		var n int
		if err := rows.Scan(&id, &state, &n, &reimbursement); err != nil {
			return o, err
		}
		row(id).Add(domain.ObligationState(state), n, reimbursement)
		o.Total.Add(domain.ObligationState(state), n, reimbursement)
	}
	if err := rows.Err(); err != nil {
		return o, err
	}
	// By name, and a region's employers with the most contracts first;
	// each name's key made once, not per comparison.
	keys := make(map[int64]string, len(o.Rows))
	for _, t := range o.Rows {
		keys[int64(t.RegionID)+t.EnterpriseID] = domain.SearchKey(t.Name.RU)
	}
	slices.SortFunc(o.Rows, func(a, b domain.TargetedTotal) int {
		if f.RegionID != 0 && a.Contracts != b.Contracts {
			return b.Contracts - a.Contracts
		}
		return cmp.Or(compareKeys(keys[int64(a.RegionID)+a.EnterpriseID], keys[int64(b.RegionID)+b.EnterpriseID]),
			cmp.Compare(a.RegionID, b.RegionID), cmp.Compare(a.EnterpriseID, b.EnterpriseID))
	})
	return o, nil
}

// yearsOf lists the years of intake a table (state_seats or
// training_orders) holds, of a region or of the country, newest first: by
// a loose index scan, one probe of the year's index per year, rather than
// reading every row as DISTINCT would.
func (s *Store) yearsOf(ctx context.Context, table string, regionID int) ([]int, error) {
	cond, args := "", []any{}
	if regionID != 0 {
		cond, args = " AND region_id = $1", []any{regionID}
	}
	rows, err := s.read.QueryContext(ctx, `WITH RECURSIVE y (year) AS (
			SELECT max(year) FROM `+table+` WHERE true`+cond+`
			UNION ALL
			SELECT (SELECT max(year) FROM `+table+` WHERE year < y.year`+cond+`) FROM y WHERE y.year IS NOT NULL)
		SELECT year FROM y WHERE year IS NOT NULL`, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (int, error) {
		var y int
		err := r.Scan(&y)
		return y, err
	})
}

// Alerts returns a page of alerts, newest first.
func (s *Store) Alerts(ctx context.Context, f domain.AlertFilter) (domain.List[domain.Alert], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.Alert]{}, err
	}
	var w where
	if f.CollegeID != 0 {
		w.add("a.college_id = ?", f.CollegeID)
	}
	if f.EnterpriseID != 0 {
		w.add("a.enterprise_id = ?", f.EnterpriseID)
	}
	if f.Kind != "" {
		w.add("a.kind = ?", string(f.Kind))
	}
	list := domain.List[domain.Alert]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM alerts a`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT a.id, a.contract_id, a.college_id, a.enterprise_id, a.kind, a.state,
			COALESCE(a.deferral_reason, ''), a.due_on, a.created_at, tc.number, s.last_name, s.first_name, s.middle_name,
			e.name_kk, e.name_ru, e.name_en, c.name_kk, c.name_ru, c.name_en
		FROM alerts a JOIN targeted_contracts tc ON tc.id = a.contract_id JOIN students s ON s.id = tc.student_id
		JOIN enterprises e ON e.id = a.enterprise_id JOIN colleges c ON c.id = a.college_id`+w.sql()+
		` ORDER BY a.id DESC`+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, func(r interface{ Scan(...any) error }) (domain.Alert, error) {
		var a domain.Alert
		var kind, state, reason string
		err := r.Scan(&a.ID, &a.ContractID, &a.CollegeID, &a.EnterpriseID, &kind, &state, &reason, timeScanner{&a.DueOn},
			timeScanner{&a.CreatedAt}, &a.ContractNumber, &a.Student.Last, &a.Student.First, &a.Student.Middle,
			&a.Enterprise.KK, &a.Enterprise.RU, &a.Enterprise.EN, &a.College.KK, &a.College.RU, &a.College.EN)
		a.Kind, a.State, a.Reason = domain.AlertKind(kind), domain.ObligationState(state), domain.DeferralReason(reason)
		return a, err
	})
	return list, err
}
