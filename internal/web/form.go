package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/server"
)

// maxForm bounds the body of the account and administration forms.
const maxForm = 32 << 10

// formErrors are the problems of a submitted form: a translated message per
// field, and the one the page puts first, naming its field.
type formErrors struct {
	Summary string
	Fields  map[string]string
}

// Has reports whether a field has a problem, for aria-invalid.
func (e formErrors) Has(field string) bool { _, ok := e.Fields[field]; return ok }

// Of returns a field's message.
func (e formErrors) Of(field string) string { return e.Fields[field] }

// fieldLabels name a form field in the messages; the keys are the catalog
// keys of the labels the forms show.
var fieldLabels = map[string]string{
	"login":            "web.field.login",
	"name":             "web.field.person_name",
	"role":             "web.field.role",
	"region_id":        "web.field.region",
	"college_id":       "web.field.college",
	"enterprise_id":    "web.field.enterprise",
	"teacher_id":       "web.field.teacher_id",
	"student_id":       "web.field.student_id",
	"expires_at":       "web.field.expires_at",
	"disabled":         "web.field.disabled",
	"password":         "web.field.new_password",
	"password_confirm": "web.field.password_confirm",
	"current_password": "web.field.current_password",
}

// formProblem turns an error of a form's submission into formErrors and the
// status to answer with. Errors the user can act on (invalid input, a taken
// login, a record outside their scope) stay on the form; anything else
// (ok false) is for h.fail. conflictField names the field a unique clash
// concerns, since the store cannot always tell; labels name fields whose
// label on this form differs from fieldLabels'.
func formProblem(v *view, err error, conflictField string, labels map[string]string) (formErrors, int, bool) {
	e := domain.AsError(err)
	switch e.Code {
	case domain.EINVALID, domain.ECONFLICT, domain.EFORBIDDEN:
	default:
		return formErrors{}, 0, false
	}
	field := e.Field
	msg := v.p.TMap(e.Key, e.Params)
	if e.Code == domain.ECONFLICT && conflictField != "" {
		field = conflictField
		msg = v.T("error.user.login_taken")
	}
	if !v.p.Has(e.Key) && e.Code != domain.ECONFLICT {
		msg = v.T("web.error.title")
	}
	fe := formErrors{Summary: msg, Fields: map[string]string{}}
	key, ok := labels[field]
	if !ok {
		key, ok = fieldLabels[field]
	}
	if ok {
		fe.Fields[field] = msg
		fe.Summary = v.T("web.form.field_error", "field", v.T(key), "message", msg)
	}
	return fe, server.Status(err), true
}

// formID reads an optional record ID of a form: empty is 0; anything but a
// positive whole number is EINVALID naming the field.
func formID(r *http.Request, name string) (int64, error) {
	s := strings.TrimSpace(r.PostFormValue(name))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, domain.Invalid(name, "error.form.id", name+" must be a record number").With("name", name)
	}
	return n, nil
}

// parseForm reads a POST form of at most maxForm bytes.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return domain.Invalid("form", "error.form", "the form could not be read")
	}
	return nil
}

// postedText reads a text field of a form, trimmed, to show it again; one
// longer than max bytes is not echoed (it is no value the field accepts).
func postedText(r *http.Request, name string, max int) string {
	s := strings.TrimSpace(r.PostFormValue(name))
	if len(s) > max {
		return ""
	}
	return s
}

// postedNumber reads a whole number of a form: empty is empty; anything that is
// not a whole number is -1, out of every range the domain accepts.
func postedNumber(r *http.Request, name string, empty int) int {
	s := strings.TrimSpace(r.PostFormValue(name))
	if s == "" {
		return empty
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// postedDate reads a YYYY-MM-DD date of a form; the zero time when it is
// empty or not a date, which the domain reports as a missing date.
func postedDate(r *http.Request, name string) time.Time {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(r.PostFormValue(name)))
	if err != nil {
		return time.Time{}
	}
	return t
}
