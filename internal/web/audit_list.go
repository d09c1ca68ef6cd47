package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// auditRecordTypes are the kinds of record the audit log's filter offers;
// a type typed into the address that is not among them is offered too.
var auditRecordTypes = []string{"college", "enterprise", "programme", "group", "student", "teacher", "user", "token", "session", "specialty", "qualification"}

var recordTypePattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z_]{1,32}$`) })

type auditRow struct {
	At, Who, WhoURL, Role, Address string
	Action                         string
	Record, RecordURL              string
	Before, After                  string // indented JSON
}

type auditData struct {
	listing
	auditForm
	RecordTypes []option
	Rows        []auditRow
}

// auditForm is the filter form's fields as typed.
type auditForm struct {
	Person, RecordID, From, To string
}

// auditList shows the audit log within the actor's scope, newest first,
// filtered by person (a user number or a login), record (type and number)
// and a date range, both days included, in Kazakhstan's time.
func (h *Web) auditList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "audit")
	q := newQuery(r)
	form, f := auditFilter(q)
	f.Page = q.page()
	d := auditData{auditForm: form}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.Audit(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := newParams()
	p.set("person", d.Person, "")
	p.set("record_type", f.RecordType, "")
	p.set("record_id", d.RecordID, "")
	p.set("from", d.From, "")
	p.set("to", d.To, "")
	types := auditRecordTypes
	if f.RecordType != "" && !slices.Contains(types, f.RecordType) {
		types = append([]string{f.RecordType}, types...)
	}
	for _, t := range types {
		d.RecordTypes = append(d.RecordTypes, option{Value: t, Label: recordTypeName(v, t), Selected: t == f.RecordType})
	}
	d.listing = listing{Path: "/audit", ExportPath: "/audit/export", Selects: []selectField{perPageField(v, f.Page.Size)}}
	d.Summary = v.Plural("web.audit.count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	for _, e := range list.Items {
		row := auditRow{At: v.Time(e.At), Who: e.Login, WhoURL: pageURL("/audit", params{}.with("person", e.Login).Values),
			Address: e.Address, Action: auditAction(v, e.Action), Before: indentJSON(e.Before), After: indentJSON(e.After)}
		if e.Role != domain.RolePublic {
			row.Role = v.Role(e.Role)
		}
		row.Record = recordTypeName(v, e.RecordType) + " " + e.RecordID
		row.RecordURL = pageURL("/audit", params{}.with("record_type", e.RecordType).with("record_id", e.RecordID).Values)
		d.Rows = append(d.Rows, row)
	}
	v.Title = v.T("web.audit.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "audit_list", v)
}

// auditFilter reads the audit log's filter, for the page and its export:
// by person (a user number or a login), record (type and number) and a
// date range, both days included, in Kazakhstan's time. Problems are left
// on q.
func auditFilter(q *query) (auditForm, domain.AuditFilter) {
	form := auditForm{Person: q.text("person"), RecordID: q.text("record_id"), From: q.choice("from"), To: q.choice("to")}
	f := domain.AuditFilter{RecordType: q.choice("record_type"), RecordID: form.RecordID}
	if f.RecordType != "" && !recordTypePattern().MatchString(f.RecordType) {
		q.fail(domain.Invalid("record_type", "error.audit.record_type", "unknown record type"))
	}
	if id, err := strconv.ParseInt(form.Person, 10, 64); err == nil && id > 0 {
		f.UserID = id
	} else if form.Person != "" {
		f.Login = strings.ToLower(form.Person)
	}
	f.From = auditDay(q, "from", form.From)
	if to := auditDay(q, "to", form.To); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // the whole last day
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		q.fail(domain.Invalid("to", "error.audit.range", "the end of the range is before its start"))
	}
	return form, f
}

// auditDay reads a YYYY-MM-DD date of the filter as the start of that day
// in Kazakhstan; empty is the zero time.
func auditDay(q *query, name, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	d, err := time.ParseInLocation(time.DateOnly, s, kazakhstan)
	if err != nil {
		q.fail(domain.Invalid(name, "error.audit.date", "the date must be YYYY-MM-DD").With("name", name))
		return time.Time{}
	}
	return d
}

// recordTypeName names a kind of record in the page's language, or shows
// its code when the catalog does not know it (a table of a bulk load).
func recordTypeName(v *view, t string) string {
	if key := "web.record." + t; v.p.Has(key) {
		return v.T(key)
	}
	return t
}

func auditAction(v *view, a string) string {
	if key := "web.audit.action." + a; v.p.Has(key) {
		return v.T(key)
	}
	return a
}

// indentJSON lays out a recorded record for reading; text that is not JSON
// is shown as it is.
func indentJSON(s string) string {
	if s == "" {
		return ""
	}
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(s), "", "  "); err != nil {
		return s
	}
	return b.String()
}
