package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// change describes one write for the audit log: what was done to which
// record, the record before and after (nil when it did not exist), and the
// region and college it belongs to, so the log can be browsed within scope.
type change struct {
	action     string
	recordType string
	recordID   any
	before     any
	after      any
	regionID   int
	collegeID  int64
}

// audit appends the change to the audit log inside tx, so the record and
// its audit entry are written together or not at all. The actor comes from
// ctx; writes without one are recorded as the system's.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, c change) error {
	a := domain.ActorFrom(ctx)
	e := domain.AuditEntry{At: s.Now(), Address: a.Address, Action: c.action, RecordType: c.recordType,
		RecordID: fmt.Sprint(c.recordID), RegionID: c.regionID, CollegeID: c.collegeID}
	switch {
	case a.User != nil:
		e.UserID, e.Login, e.Role = a.User.ID, a.User.Login, a.User.Role
	case a.Via != "":
		e.Login = a.Via
	default:
		e.Login = "anonymous"
	}
	var err error
	if e.Before, err = auditJSON(c.before); err != nil {
		return err
	}
	if e.After, err = auditJSON(c.after); err != nil {
		return err
	}
	return insertAudit(ctx, tx, e)
}

func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

func insertAudit(ctx context.Context, tx *sql.Tx, e domain.AuditEntry) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO audit_log (at, user_id, login, role, address, action, record_type, record_id, before, after, region_id, college_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		timeParam(e.At), nullID(e.UserID), e.Login, string(e.Role), e.Address, e.Action, e.RecordType, e.RecordID,
		e.Before, e.After, nullID(int64(e.RegionID)), nullID(e.CollegeID))
	return err
}

// RecordAudit appends an entry that is not a store write (a sign-in, an
// export); the actor comes from ctx when e names no user.
func (s *Store) RecordAudit(ctx context.Context, e domain.AuditEntry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if e.At.IsZero() {
			e.At = s.Now()
		}
		a := domain.ActorFrom(ctx)
		if e.Login == "" && a.User != nil {
			e.UserID, e.Login, e.Role = a.User.ID, a.User.Login, a.User.Role
		}
		if e.Address == "" {
			e.Address = a.Address
		}
		if e.Login == "" {
			e.Login = "anonymous"
		}
		return insertAudit(ctx, tx, e)
	})
}

// auditWhere is the condition of a view of the audit log, shared by Audit
// and EachAuditEntry.
func auditWhere(f domain.AuditFilter) *where {
	w := &where{}
	if f.UserID != 0 {
		w.add("user_id = ?", f.UserID)
	}
	if f.Login != "" {
		w.add("login = ?", f.Login)
	}
	if f.RecordType != "" {
		w.add("record_type = ?", f.RecordType)
	}
	if f.RecordID != "" {
		w.add("record_id = ?", f.RecordID)
	}
	if f.RegionID != 0 {
		w.add("region_id = ?", f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("college_id = ?", f.CollegeID)
	}
	if !f.From.IsZero() {
		w.add("at >= ?", timeParam(f.From))
	}
	if !f.To.IsZero() {
		w.add("at < ?", timeParam(f.To))
	}
	return w
}

// Audit returns a page of the audit log, newest first.
func (s *Store) Audit(ctx context.Context, f domain.AuditFilter) (domain.List[domain.AuditEntry], error) {
	if err := f.Page.Normalize(); err != nil {
		return domain.List[domain.AuditEntry]{}, err
	}
	w := auditWhere(f)
	list := domain.List[domain.AuditEntry]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM audit_log`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log`+w.sql()+auditOrder+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanAuditEntry)
	return list, err
}

const auditColumns = `id, at, COALESCE(user_id, 0), login, role, address, action, record_type, record_id,
	before, after, COALESCE(region_id, 0), COALESCE(college_id, 0)`

// auditOrder is newest first.
const auditOrder = ` ORDER BY at DESC, id DESC`

func scanAuditEntry(r interface{ Scan(...any) error }) (domain.AuditEntry, error) {
	var e domain.AuditEntry
	var role string
	err := r.Scan(&e.ID, timeScanner{&e.At}, &e.UserID, &e.Login, &role, &e.Address, &e.Action, &e.RecordType, &e.RecordID,
		&e.Before, &e.After, &e.RegionID, &e.CollegeID)
	e.Role = domain.Role(role)
	return e, err
}
