package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var _ domain.PatronageService = (*Store)(nil)

// Patronage memoranda (migration 00008). A commitment keeps the sums of its
// reports and the last day it is on track with them (domain.OnTrackUntil);
// a memorandum keeps the earliest such day of its commitments. Both are
// rewritten in the transaction of every write that moves them, so a state
// on any day is a comparison of dates.

// today is the calendar day in Kazakhstan by the store's clock: the day
// commitments are measured on, and every other day the store counts.
func (s *Store) today() time.Time { return domain.DateInKazakhstan(s.Now()) }

// stateOf reads a commitment's or memorandum's kept day as its state on
// today: no day is done, a day not yet past is on track.
func stateOf(until sql.NullString, today string) domain.CommitmentState {
	switch {
	case !until.Valid:
		return domain.CommitmentDone
	case until.String[:min(len(until.String), 10)] >= today:
		return domain.CommitmentOnTrack
	}
	return domain.CommitmentBehind
}

const memorandumColumns = `m.id, m.number, m.region_id, m.college_id, m.enterprise_id, m.signed_on, m.starts_on, m.ends_on,
	m.note, m.created_at, m.updated_at, r.name_kk, r.name_ru, r.name_en, c.name_kk, c.name_ru, c.name_en,
	e.name_kk, e.name_ru, e.name_en, m.on_track_until`

const memorandumFrom = ` FROM memoranda m JOIN regions r ON r.id = m.region_id JOIN colleges c ON c.id = m.college_id
	JOIN enterprises e ON e.id = m.enterprise_id`

func scanMemorandum(row interface{ Scan(...any) error }, today string) (domain.Memorandum, error) {
	var m domain.Memorandum
	var until sql.NullString
	err := row.Scan(&m.ID, &m.Number, &m.RegionID, &m.CollegeID, &m.EnterpriseID, timeScanner{&m.SignedOn}, timeScanner{&m.StartsOn},
		timeScanner{&m.EndsOn}, &m.Note, timeScanner{&m.CreatedAt}, timeScanner{&m.UpdatedAt}, &m.Region.KK, &m.Region.RU, &m.Region.EN,
		&m.College.KK, &m.College.RU, &m.College.EN, &m.Enterprise.KK, &m.Enterprise.RU, &m.Enterprise.EN, dateText{&until})
	m.State = stateOf(until, today)
	return m, err
}

// dateText scans a DATE (PostgreSQL) or its text (SQLite) as YYYY-MM-DD
// text, NULL as not valid.
type dateText struct{ s *sql.NullString }

func (d dateText) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d.s = sql.NullString{}
	case time.Time:
		*d.s = sql.NullString{String: v.UTC().Format(time.DateOnly), Valid: true}
	case string:
		*d.s = sql.NullString{String: v, Valid: true}
	case []byte:
		*d.s = sql.NullString{String: string(v), Valid: true}
	default:
		return fmt.Errorf("cannot scan %T into a date", src)
	}
	return nil
}

// memorandumWhere is the condition of a list of memoranda on today.
func memorandumWhere(f domain.MemorandumFilter, today string) *where {
	w := &where{}
	if f.RegionID != 0 {
		w.add("m.region_id = ?", f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("m.college_id = ?", f.CollegeID)
	}
	if f.EnterpriseID != 0 {
		w.add("m.enterprise_id = ?", f.EnterpriseID)
	}
	if f.InForce {
		w.add("m.starts_on <= ? AND m.ends_on >= ?", today, today)
	}
	switch f.State {
	case domain.CommitmentDone:
		w.add("m.on_track_until IS NULL")
	case domain.CommitmentOnTrack:
		w.add("m.on_track_until >= ?", today)
	case domain.CommitmentBehind:
		w.add("m.on_track_until < ?", today)
	}
	return w
}

// memorandumOrders are the list's orders: the newest period first, by
// number, or the longest behind first (the earliest day a memorandum fell
// behind; those done last).
var memorandumOrders = map[string]string{
	"-starts_on": ` ORDER BY m.starts_on DESC, m.id DESC`,
	"number":     ` ORDER BY m.number, m.id`,
	"behind":     ` ORDER BY CASE WHEN m.on_track_until IS NULL THEN 1 ELSE 0 END, m.on_track_until, m.id`,
}

// Memoranda returns a page of memoranda with their states today; their
// commitments are not read, but Behind counts those behind.
func (s *Store) Memoranda(ctx context.Context, f domain.MemorandumFilter) (domain.List[domain.Memorandum], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.Memorandum]{}, err
	}
	today := dateParam(s.today())
	w := memorandumWhere(f, today)
	list := domain.List[domain.Memorandum]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM memoranda m`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	args = append(args, today)
	rows, err := s.read.QueryContext(ctx, `SELECT `+memorandumColumns+`,
		(SELECT count(*) FROM commitments k WHERE k.memorandum_id = m.id AND k.on_track_until < $`+strconv.Itoa(len(args))+`)`+
		memorandumFrom+w.sql()+memorandumOrders[f.Sort]+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, func(r interface{ Scan(...any) error }) (domain.Memorandum, error) {
		var m domain.Memorandum
		var until sql.NullString
		err := r.Scan(&m.ID, &m.Number, &m.RegionID, &m.CollegeID, &m.EnterpriseID, timeScanner{&m.SignedOn}, timeScanner{&m.StartsOn},
			timeScanner{&m.EndsOn}, &m.Note, timeScanner{&m.CreatedAt}, timeScanner{&m.UpdatedAt}, &m.Region.KK, &m.Region.RU, &m.Region.EN,
			&m.College.KK, &m.College.RU, &m.College.EN, &m.Enterprise.KK, &m.Enterprise.RU, &m.Enterprise.EN, dateText{&until}, &m.Behind)
		m.State = stateOf(until, today)
		return m, err
	})
	return list, err
}

// Memorandum returns one memorandum with its commitments, each with its
// reports newest first, settled on today; ENOTFOUND if there is none.
func (s *Store) Memorandum(ctx context.Context, id int64) (domain.Memorandum, error) {
	return s.memorandum(ctx, s.read, id, true)
}

// rowQuerier is what reads run on: the read pool or a write transaction.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (s *Store) memorandum(ctx context.Context, q rowQuerier, id int64, reports bool) (domain.Memorandum, error) {
	today := s.today()
	m, err := scanMemorandum(q.QueryRowContext(ctx, `SELECT `+memorandumColumns+memorandumFrom+` WHERE m.id = $1`, id), dateParam(today))
	if err != nil {
		return m, notFound(err, "memorandum")
	}
	rows, err := q.QueryContext(ctx, `SELECT id, memorandum_id, kind, description, quantity, value, delivered, delivered_value, confirmed_value
		FROM commitments WHERE memorandum_id = $1 ORDER BY position, id`, id)
	if err != nil {
		return m, err
	}
	m.Commitments, err = collect(rows, func(r interface{ Scan(...any) error }) (domain.Commitment, error) {
		var c domain.Commitment
		var kind string
		err := r.Scan(&c.ID, &c.MemorandumID, &kind, &c.Description, &c.Quantity, &c.Value, &c.Delivered, &c.DeliveredValue, &c.ConfirmedValue)
		c.Kind = domain.CommitmentKind(kind)
		return c, err
	})
	if err != nil {
		return m, err
	}
	if reports {
		rows, err := q.QueryContext(ctx, `SELECT `+fulfilmentColumns+` FROM fulfilments f JOIN commitments k ON k.id = f.commitment_id
			WHERE k.memorandum_id = $1 ORDER BY f.delivered_on DESC, f.id DESC`, id)
		if err != nil {
			return m, err
		}
		all, err := collect(rows, scanFulfilment)
		if err != nil {
			return m, err
		}
		for _, f := range all {
			for i := range m.Commitments {
				if m.Commitments[i].ID == f.CommitmentID {
					m.Commitments[i].Fulfilments = append(m.Commitments[i].Fulfilments, f)
				}
			}
		}
	}
	m.Settle(today)
	return m, nil
}

const fulfilmentColumns = `f.id, k.memorandum_id, f.commitment_id, f.quantity, f.value, f.delivered_on, f.document, f.description,
	COALESCE(f.evidence_name, ''), COALESCE(f.evidence_type, ''), COALESCE(f.evidence_size, 0), COALESCE(f.reported_by, 0),
	f.reported_at, COALESCE(f.confirmed_by, 0), f.confirmed_at`

func scanFulfilment(r interface{ Scan(...any) error }) (domain.Fulfilment, error) {
	var f domain.Fulfilment
	err := r.Scan(&f.ID, &f.MemorandumID, &f.CommitmentID, &f.Quantity, &f.Value, timeScanner{&f.DeliveredOn}, &f.Document, &f.Description,
		&f.EvidenceName, &f.EvidenceType, &f.EvidenceSize, &f.ReportedBy, timeScanner{&f.ReportedAt}, &f.ConfirmedBy, timeScanner{&f.ConfirmedAt})
	return f, err
}

// SaveMemorandum records (ID 0) or changes a memorandum with its
// commitments. EINVALID for bad input, an unknown college or enterprise, a
// college outside the memorandum's region (error.memorandum.college_region),
// a commitment that is not the memorandum's, a change of kind or the
// removal of a commitment with reports (error.commitment.reported);
// ECONFLICT for a number taken in the region; ENOTFOUND for an unknown ID.
func (s *Store) SaveMemorandum(ctx context.Context, m *domain.Memorandum) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := checkMemorandumParties(ctx, tx, m); err != nil {
			return err
		}
		now := s.Now().UTC()
		if m.ID == 0 {
			m.CreatedAt, m.UpdatedAt = now, now
			if err := tx.QueryRowContext(ctx, `
				INSERT INTO memoranda (number, region_id, college_id, enterprise_id, signed_on, starts_on, ends_on, note, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
				m.Number, m.RegionID, m.CollegeID, m.EnterpriseID, dateParam(m.SignedOn), dateParam(m.StartsOn), dateParam(m.EndsOn),
				m.Note, timeParam(now)).Scan(&m.ID); err != nil {
				return s.numberTaken(err)
			}
			for i := range m.Commitments {
				c := &m.Commitments[i]
				c.MemorandumID, c.Delivered, c.DeliveredValue, c.ConfirmedValue = m.ID, 0, 0, 0
				if err := tx.QueryRowContext(ctx, `
					INSERT INTO commitments (memorandum_id, position, kind, description, quantity, value, region_id, college_id,
						enterprise_id, starts_on, ends_on)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
					m.ID, i, string(c.Kind), c.Description, c.Quantity, c.Value, m.RegionID, m.CollegeID, m.EnterpriseID,
					dateParam(m.StartsOn), dateParam(m.EndsOn)).Scan(&c.ID); err != nil {
					return err
				}
			}
			if err := s.settleMemorandum(ctx, tx, m); err != nil {
				return err
			}
			return s.audit(ctx, tx, change{action: "create", recordType: "memorandum", recordID: m.ID, after: m,
				regionID: m.RegionID, collegeID: m.CollegeID})
		}
		if err := s.lockMemorandum(ctx, tx, m.ID); err != nil {
			return err
		}
		before, err := s.memorandum(ctx, tx, m.ID, false)
		if err != nil {
			return err
		}
		if err := s.saveCommitments(ctx, tx, m, before); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE memoranda SET number = $2, region_id = $3, college_id = $4, enterprise_id = $5, signed_on = $6, starts_on = $7,
				ends_on = $8, note = $9, updated_at = $10
			WHERE id = $1`,
			m.ID, m.Number, m.RegionID, m.CollegeID, m.EnterpriseID, dateParam(m.SignedOn), dateParam(m.StartsOn), dateParam(m.EndsOn),
			m.Note, timeParam(now)); err != nil {
			return s.numberTaken(err)
		}
		m.CreatedAt, m.UpdatedAt = before.CreatedAt, now
		if err := s.settleMemorandum(ctx, tx, m); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "update", recordType: "memorandum", recordID: m.ID, before: before, after: m,
			regionID: m.RegionID, collegeID: m.CollegeID})
	})
}

// numberTaken names the field of the one unique constraint a memorandum
// has: its number in the region.
func (s *Store) numberTaken(err error) error {
	if domain.ErrorCode(s.dialect.translate(err)) == domain.ECONFLICT {
		return &domain.Error{Code: domain.ECONFLICT, Key: "error.memorandum.number_taken", Field: "number",
			Message: "the region has a memorandum with this number", Err: err}
	}
	return err
}

// lockMemorandum takes the memorandum's row for the transaction on
// PostgreSQL, so that two writes to one memorandum (two reports of one
// commitment) see each other's sums; SQLite's writers are serial already.
func (s *Store) lockMemorandum(ctx context.Context, tx *sql.Tx, id int64) error {
	if s.dialect.name != "postgres" {
		return nil
	}
	var one int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM memoranda WHERE id = $1 FOR UPDATE`, id).Scan(&one)
	return notFound(err, "memorandum")
}

// checkMemorandumParties checks that the college and the enterprise exist
// and that the college is in the memorandum's region: the regional
// department is a party for its own colleges only.
func checkMemorandumParties(ctx context.Context, tx *sql.Tx, m *domain.Memorandum) error {
	var region int
	err := tx.QueryRowContext(ctx, `SELECT region_id FROM colleges WHERE id = $1`, m.CollegeID).Scan(&region)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Invalid("college_id", "error.college.unknown", "unknown college")
	}
	if err != nil {
		return err
	}
	if region != m.RegionID {
		return domain.Invalid("college_id", "error.memorandum.college_region", "the college is not in the memorandum's region")
	}
	var one int
	err = tx.QueryRowContext(ctx, `SELECT 1 FROM enterprises WHERE id = $1`, m.EnterpriseID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Invalid("enterprise_id", "error.enterprise.unknown", "unknown enterprise")
	}
	return err
}

// saveCommitments brings the stored commitments of a memorandum to m's:
// changed, added, and removed when left out — except that a commitment
// with reports keeps its kind (its reports count its units) and cannot be
// removed. m's commitments get their IDs and their delivered sums.
func (s *Store) saveCommitments(ctx context.Context, tx *sql.Tx, m *domain.Memorandum, before domain.Memorandum) error {
	stored := map[int64]domain.Commitment{}
	for _, c := range before.Commitments {
		stored[c.ID] = c
	}
	kept := map[int64]bool{}
	for i := range m.Commitments {
		c := &m.Commitments[i]
		c.MemorandumID = m.ID
		field := "commitments." + strconv.Itoa(i)
		if c.ID == 0 {
			c.Delivered, c.DeliveredValue, c.ConfirmedValue = 0, 0, 0
			if err := tx.QueryRowContext(ctx, `
				INSERT INTO commitments (memorandum_id, position, kind, description, quantity, value, region_id, college_id,
					enterprise_id, starts_on, ends_on)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
				m.ID, i, string(c.Kind), c.Description, c.Quantity, c.Value, m.RegionID, m.CollegeID, m.EnterpriseID,
				dateParam(m.StartsOn), dateParam(m.EndsOn)).Scan(&c.ID); err != nil {
				return err
			}
			continue
		}
		old, ok := stored[c.ID]
		if !ok || kept[c.ID] {
			return domain.Invalid(field+".id", "error.commitment.unknown", "not a commitment of this memorandum")
		}
		kept[c.ID] = true
		if old.Kind != c.Kind && old.Delivered > 0 {
			return domain.Invalid(field+".kind", "error.commitment.reported", "a commitment with deliveries keeps its kind and cannot be removed")
		}
		c.Delivered, c.DeliveredValue, c.ConfirmedValue = old.Delivered, old.DeliveredValue, old.ConfirmedValue
		if _, err := tx.ExecContext(ctx, `UPDATE commitments SET position = $2, kind = $3, description = $4, quantity = $5, value = $6
			WHERE id = $1`, c.ID, i, string(c.Kind), c.Description, c.Quantity, c.Value); err != nil {
			return err
		}
	}
	for _, old := range before.Commitments {
		if kept[old.ID] {
			continue
		}
		if old.Delivered > 0 {
			return domain.Invalid("commitments", "error.commitment.reported", "a commitment with deliveries keeps its kind and cannot be removed")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM commitments WHERE id = $1`, old.ID); err != nil {
			return err
		}
	}
	return nil
}

// settleMemorandum rewrites the kept days of m's commitments (their
// quantities, deliveries or the period may have changed) with the
// memorandum's parties and period they keep, and the memorandum's
// earliest day, and settles m on today.
func (s *Store) settleMemorandum(ctx context.Context, tx *sql.Tx, m *domain.Memorandum) error {
	var earliest *time.Time
	for i := range m.Commitments {
		c := &m.Commitments[i]
		until, ok := domain.OnTrackUntil(c.Quantity, c.Delivered, m.StartsOn, m.EndsOn)
		if ok && (earliest == nil || until.Before(*earliest)) {
			earliest = &until
		}
		if _, err := tx.ExecContext(ctx, `UPDATE commitments SET on_track_until = $2, region_id = $3, college_id = $4, enterprise_id = $5,
			starts_on = $6, ends_on = $7 WHERE id = $1`, c.ID, untilParam(until, ok), m.RegionID, m.CollegeID, m.EnterpriseID,
			dateParam(m.StartsOn), dateParam(m.EndsOn)); err != nil {
			return err
		}
	}
	var untilM sql.NullString
	if earliest != nil {
		untilM = sql.NullString{String: dateParam(*earliest), Valid: true}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE memoranda SET on_track_until = $2 WHERE id = $1`, m.ID, untilM); err != nil {
		return err
	}
	m.Settle(s.today())
	return nil
}

func untilParam(day time.Time, ok bool) sql.NullString {
	if !ok {
		return sql.NullString{}
	}
	return sql.NullString{String: dateParam(day), Valid: true}
}

// ReportFulfilment records a delivery against a commitment of the
// memorandum, with its evidence file if ev is not nil, and moves the
// commitment's sums and state. The type of the file is sniffed from its
// bytes, never taken from its name, and it is served with that type only.
// EINVALID for bad input, a delivery before the memorandum's period
// (error.fulfilment.before_period) or a file that is not a PDF, JPEG or PNG
// of at most domain.MaxEvidenceBytes; ENOTFOUND for a commitment not of
// the memorandum.
func (s *Store) ReportFulfilment(ctx context.Context, f *domain.Fulfilment, ev *domain.Evidence) error {
	var evType, evName sql.NullString
	var evSize sql.NullInt64
	var evData []byte
	if ev != nil {
		if len(ev.Data) > domain.MaxEvidenceBytes {
			return domain.Invalid("evidence", "error.evidence.size", "the file is too large").
				With("max", strconv.Itoa(domain.MaxEvidenceBytes>>20))
		}
		t := http.DetectContentType(ev.Data)
		if len(ev.Data) == 0 || !slices.Contains(domain.EvidenceTypes, t) {
			return domain.Invalid("evidence", "error.evidence.type", "only PDF, JPEG or PNG files")
		}
		evType = sql.NullString{String: t, Valid: true}
		evSize = sql.NullInt64{Int64: int64(len(ev.Data)), Valid: true}
		evData = ev.Data
		f.EvidenceName = ev.Name
		if f.EvidenceName == "" {
			f.EvidenceName = "evidence"
		}
		evName = sql.NullString{String: f.EvidenceName, Valid: true}
		f.EvidenceType, f.EvidenceSize = t, len(ev.Data)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockMemorandum(ctx, tx, f.MemorandumID); err != nil {
			return err
		}
		m, err := s.memorandum(ctx, tx, f.MemorandumID, false)
		if err != nil {
			return err
		}
		if f.CommitmentID <= 0 {
			return domain.Invalid("commitment_id", "error.commitment.required", "choose the commitment")
		}
		i := slices.IndexFunc(m.Commitments, func(c domain.Commitment) bool { return c.ID == f.CommitmentID })
		if i < 0 {
			return domain.NotFound("commitment")
		}
		c := &m.Commitments[i]
		if err := f.Validate(c.Kind, s.today()); err != nil {
			return err
		}
		if f.DeliveredOn.Before(m.SignedOn) {
			return domain.Invalid("delivered_on", "error.fulfilment.before_period", "the delivery is dated before the memorandum was signed")
		}
		now := s.Now().UTC()
		f.ReportedAt, f.ConfirmedAt, f.ConfirmedBy = now, time.Time{}, 0
		f.ReportedBy = 0
		if u := domain.ActorFrom(ctx).User; u != nil {
			f.ReportedBy = u.ID
		}
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO fulfilments (commitment_id, quantity, value, delivered_on, document, description, evidence_name, evidence_type,
				evidence_size, evidence, reported_by, reported_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			f.CommitmentID, f.Quantity, f.Value, dateParam(f.DeliveredOn), f.Document, f.Description, evName, evType, evSize, evData,
			nullID(f.ReportedBy), timeParam(now)).Scan(&f.ID); err != nil {
			return err
		}
		before := *c
		before.Fulfilments = nil
		c.Delivered += f.Quantity
		c.DeliveredValue += f.Value
		if _, err := tx.ExecContext(ctx, `UPDATE commitments SET delivered = $2, delivered_value = $3 WHERE id = $1`,
			c.ID, c.Delivered, c.DeliveredValue); err != nil {
			return err
		}
		if err := s.settleMemorandum(ctx, tx, &m); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "report", recordType: "fulfilment", recordID: f.ID,
			after: struct {
				Fulfilment *domain.Fulfilment `json:"fulfilment"`
				Commitment domain.Commitment  `json:"commitment"`
			}{f, *c}, before: struct {
				Commitment domain.Commitment `json:"commitment"`
			}{before}, regionID: m.RegionID, collegeID: m.CollegeID})
	})
}

// Fulfilment returns one report; ENOTFOUND if there is none.
func (s *Store) Fulfilment(ctx context.Context, id int64) (domain.Fulfilment, error) {
	f, err := scanFulfilment(s.read.QueryRowContext(ctx, `SELECT `+fulfilmentColumns+`
		FROM fulfilments f JOIN commitments k ON k.id = f.commitment_id WHERE f.id = $1`, id))
	return f, notFound(err, "fulfilment")
}

// ConfirmFulfilment records the college's confirmation of receipt by the
// actor of ctx; the value of confirmed equipment adds to the commitment's
// confirmed sum. ECONFLICT (error.fulfilment.confirmed) when it is
// confirmed already; ENOTFOUND for an unknown report.
func (s *Store) ConfirmFulfilment(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		f, err := scanFulfilment(tx.QueryRowContext(ctx, `SELECT `+fulfilmentColumns+`
			FROM fulfilments f JOIN commitments k ON k.id = f.commitment_id WHERE f.id = $1`+s.forUpdate(), id))
		if err != nil {
			return notFound(err, "fulfilment")
		}
		if f.Confirmed() {
			return domain.Errorf(domain.ECONFLICT, "error.fulfilment.confirmed", "the delivery is confirmed already")
		}
		before := f
		f.ConfirmedAt = s.Now().UTC()
		if u := domain.ActorFrom(ctx).User; u != nil {
			f.ConfirmedBy = u.ID
		}
		if _, err := tx.ExecContext(ctx, `UPDATE fulfilments SET confirmed_by = $2, confirmed_at = $3 WHERE id = $1`,
			id, nullID(f.ConfirmedBy), timeParam(f.ConfirmedAt)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE commitments SET confirmed_value = confirmed_value + $2 WHERE id = $1`,
			f.CommitmentID, f.Value); err != nil {
			return err
		}
		var region int
		var college int64
		if err := tx.QueryRowContext(ctx, `SELECT region_id, college_id FROM memoranda WHERE id = $1`, f.MemorandumID).
			Scan(&region, &college); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "confirm", recordType: "fulfilment", recordID: f.ID, before: before, after: f,
			regionID: region, collegeID: college})
	})
}

// Evidence returns a report's evidence file; ENOTFOUND if it has none.
func (s *Store) Evidence(ctx context.Context, fulfilmentID int64) (domain.Evidence, error) {
	var ev domain.Evidence
	var name, typ sql.NullString
	err := s.read.QueryRowContext(ctx, `SELECT evidence_name, evidence_type, evidence FROM fulfilments WHERE id = $1`, fulfilmentID).
		Scan(&name, &typ, &ev.Data)
	if err != nil {
		return ev, notFound(err, "evidence")
	}
	if !typ.Valid {
		return ev, domain.NotFound("evidence")
	}
	ev.Name, ev.Type = name.String, typ.String
	return ev, nil
}

// PatronageFigures counts the memoranda in force today within the scope:
// the patrons and colleges, the commitments by state, the units by kind,
// the equipment in tenge, and a line per region for a scope wider than a
// college or an enterprise.
func (s *Store) PatronageFigures(ctx context.Context, sc domain.PatronageScope) (domain.PatronageFigures, error) {
	day := s.today()
	fig := domain.PatronageFigures{Day: day, Kinds: []domain.KindFigures{}}
	// The same condition on the memoranda (m) and on the commitments (k),
	// which keep their memorandum's parties and period. $1 is today,
	// which the period's condition always names.
	inForce := func(alias string) *where {
		w := &where{args: []any{dateParam(day)}}
		w.conds = append(w.conds, alias+".starts_on <= $1 AND "+alias+".ends_on >= $1")
		if sc.RegionID != 0 {
			w.add(alias+".region_id = ?", sc.RegionID)
		}
		if sc.CollegeID != 0 {
			w.add(alias+".college_id = ?", sc.CollegeID)
		}
		if sc.EnterpriseID != 0 {
			w.add(alias+".enterprise_id = ?", sc.EnterpriseID)
		}
		return w
	}
	w := inForce("m")
	const counts = `count(*), count(DISTINCT m.enterprise_id), count(DISTINCT m.college_id),
		COALESCE(sum(CASE WHEN m.on_track_until < $1 THEN 1 ELSE 0 END), 0)`
	if err := s.read.QueryRowContext(ctx, `SELECT `+counts+` FROM memoranda m`+w.sql(), w.args...).
		Scan(&fig.Memoranda, &fig.Patrons, &fig.Colleges, &fig.Behind); err != nil {
		return fig, err
	}
	byRegion := map[int]*domain.RegionPatronage{}
	if sc.CollegeID == 0 && sc.EnterpriseID == 0 {
		rows, err := s.read.QueryContext(ctx, `SELECT m.region_id, r.name_kk, r.name_ru, r.name_en, `+counts+`
			FROM memoranda m JOIN regions r ON r.id = m.region_id`+w.sql()+`
			GROUP BY m.region_id, r.name_kk, r.name_ru, r.name_en ORDER BY m.region_id`, w.args...)
		if err != nil {
			return fig, err
		}
		fig.Regions, err = collect(rows, func(r interface{ Scan(...any) error }) (domain.RegionPatronage, error) {
			var rp domain.RegionPatronage
			err := r.Scan(&rp.RegionID, &rp.Region.KK, &rp.Region.RU, &rp.Region.EN, &rp.Memoranda, &rp.Patrons, &rp.Colleges, &rp.Behind)
			return rp, err
		})
		if err != nil {
			return fig, err
		}
		for i := range fig.Regions {
			byRegion[fig.Regions[i].RegionID] = &fig.Regions[i]
		}
	}
	wk := inForce("k")
	rows, err := s.read.QueryContext(ctx, `SELECT k.region_id, k.kind, count(*),
		COALESCE(sum(CASE WHEN k.on_track_until IS NULL THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN k.on_track_until < $1 THEN 1 ELSE 0 END), 0),
		COALESCE(sum(k.quantity), 0), COALESCE(sum(k.delivered), 0),
		COALESCE(sum(k.value), 0), COALESCE(sum(k.delivered_value), 0), COALESCE(sum(k.confirmed_value), 0)
		FROM commitments k`+wk.sql()+` GROUP BY k.region_id, k.kind`, wk.args...)
	if err != nil {
		return fig, err
	}
	defer rows.Close()
	byKind := map[domain.CommitmentKind]*domain.KindFigures{}
	for _, k := range domain.CommitmentKinds {
		fig.Kinds = append(fig.Kinds, domain.KindFigures{Kind: k})
	}
	for i := range fig.Kinds {
		byKind[fig.Kinds[i].Kind] = &fig.Kinds[i]
	}
	for rows.Next() {
		var region, n, done, behind, promised, delivered int
		var kind string
		var value, deliveredValue, confirmedValue int64
		if err := rows.Scan(&region, &kind, &n, &done, &behind, &promised, &delivered, &value, &deliveredValue, &confirmedValue); err != nil {
			return fig, err
		}
		if kf, ok := byKind[domain.CommitmentKind(kind)]; ok {
			kf.Promised += promised
			kf.Delivered += delivered
		}
		fig.Commitment.Done += done
		fig.Commitment.Behind += behind
		fig.Commitment.OnTrack += n - done - behind
		fig.EquipmentPromised += value
		fig.EquipmentDelivered += deliveredValue
		fig.EquipmentConfirmed += confirmedValue
		if rp, ok := byRegion[region]; ok {
			rp.EquipmentDelivered += deliveredValue
		}
	}
	return fig, rows.Err()
}
