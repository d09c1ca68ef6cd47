package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// auditEntry is one recorded change: who, when, from where, what, and the
// record before and after as JSON objects (null when it did not exist).
// The access layer has already masked personal data in them for roles that
// may not see it.
type auditEntry struct {
	ID         int64           `json:"id"`
	At         time.Time       `json:"at"`
	UserID     *int64          `json:"user_id"` // null for the system and the public
	Login      string          `json:"login"`
	Role       *string         `json:"role"`
	Address    *string         `json:"address"` // null for work the program did by itself
	Action     string          `json:"action"`
	RecordType string          `json:"record_type"`
	RecordID   string          `json:"record_id"`
	Before     json.RawMessage `json:"before"`
	After      json.RawMessage `json:"after"`
	RegionID   *int            `json:"region_id"`
	CollegeID  *int64          `json:"college_id"`
}

func auditEntryOf(e domain.AuditEntry) auditEntry {
	out := auditEntry{ID: e.ID, At: e.At.UTC(), UserID: optionalID(e.UserID), Login: e.Login,
		Role: optionalString(string(e.Role)), Address: optionalString(e.Address), Action: e.Action,
		RecordType: e.RecordType, RecordID: e.RecordID, Before: recordJSON(e.Before), After: recordJSON(e.After),
		CollegeID: optionalID(e.CollegeID)}
	if e.RegionID != 0 {
		out.RegionID = &e.RegionID
	}
	return out
}

// recordJSON embeds a stored record as JSON. The store writes it with
// json.Marshal, so it is valid; should a row ever hold something else, it
// is passed on as a string rather than failing the whole page.
func recordJSON(s string) json.RawMessage {
	switch {
	case s == "":
		return nil // null
	case json.Valid([]byte(s)):
		return json.RawMessage(s)
	}
	b, _ := json.Marshal(s)
	return b
}

// listAudit answers GET /api/v1/audit: a page of the audit log within the
// caller's scope, newest first. from and to are calendar days in UTC, both
// included.
func (a *API) listAudit(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.AuditFilter{
		UserID:     q.id("user_id"),
		RecordType: q.search("record_type"),
		RecordID:   q.search("record_id"),
		From:       q.date("from"),
		To:         q.date("to"),
		Page:       q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	if !f.To.IsZero() {
		if !f.From.IsZero() && f.From.After(f.To) {
			return domain.Invalid("to", "error.api.date_range", "to must not be before from")
		}
		f.To = f.To.AddDate(0, 0, 1) // the filter's end is exclusive
	}
	list, err := a.reg.Audit(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, auditEntryOf)
	return nil
}
