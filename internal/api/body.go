package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// maxBodyBytes bounds a JSON request body. The largest thing a client
// sends is an offer with 2,000 characters of requirements; anything near
// this size is not a request of this API.
const maxBodyBytes = 64 << 10

// readBody reads the JSON object of a request body into v, a pointer to
// one of this package's input structs. Every failure is EINVALID naming
// the field concerned, so it goes out through the same error answer as a
// bad query parameter: a body that is not JSON or not one object, a field
// v has no place for, a value of the wrong type, and a field of required
// that is absent or null. An empty body reads as {}, so a client that
// forgot it learns which field is missing. The body may be sent without a
// Content-Type; any other type than JSON is refused, as a client sending
// a form would otherwise get a puzzling syntax error.
func readBody(r *http.Request, v any, required ...string) error {
	return readBodyUpTo(r, maxBodyBytes, v, required...)
}

// readBodyUpTo is readBody for a body of up to limit bytes: the one
// operation that carries a file (a delivery's evidence, base64 in the
// JSON) needs more than maxBodyBytes.
func readBodyUpTo(r *http.Request, limit int, v any, required ...string) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return &domain.Error{Code: domain.EINVALID, Key: "error.api.body_media_type", Message: "send the body as application/json"}
		}
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
	if err != nil {
		return &domain.Error{Code: domain.EINVALID, Key: "error.api.body_syntax", Message: "the body could not be read", Err: err}
	}
	if len(data) > limit {
		return (&domain.Error{Code: domain.EINVALID, Key: "error.api.body_size", Message: "the body is too large"}).
			With("max", strconv.Itoa(limit>>10))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		data = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		// Something follows the object: two objects, or stray text.
		return &domain.Error{Code: domain.EINVALID, Key: "error.api.body_syntax", Message: "the body must be one JSON object"}
	}
	// The struct cannot tell an absent field from a zero one; the object's
	// own keys can.
	var present map[string]json.RawMessage
	if err := json.Unmarshal(data, &present); err != nil {
		return bodyError(err)
	}
	for _, name := range required {
		if raw, ok := present[name]; !ok || string(raw) == "null" {
			return domain.Invalid(name, "error.api.body_required", "the field is required").With("name", name)
		}
	}
	return nil
}

// bodyError turns what encoding/json says of a body into an error naming
// the field and what it should have been.
func bodyError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return &domain.Error{Code: domain.EINVALID, Key: "error.api.body_object", Message: "the body must be a JSON object", Err: err}
		}
		return domain.Invalid(typeErr.Field, expectedKey(typeErr.Type), "the field has the wrong type").With("name", typeErr.Field)
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
		return &domain.Error{Code: domain.EINVALID, Key: "error.api.body_syntax", Message: "the body is not valid JSON", Err: err}
	}
	// encoding/json reports an unknown field only in the text of its error.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name, _ = strconv.Unquote(name)
		return domain.Invalid(name, "error.api.body_unknown", "this endpoint takes no such field").With("name", name)
	}
	return &domain.Error{Code: domain.EINVALID, Key: "error.api.body_syntax", Message: "the body is not valid JSON", Err: err}
}

// expectedKey is the message key saying what a field of Go type t takes.
func expectedKey(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "error.api.body_number"
	case reflect.Bool:
		return "error.api.body_boolean"
	case reflect.String:
		return "error.api.body_text"
	case reflect.Slice, reflect.Array:
		return "error.api.body_list"
	}
	return "error.api.body_type"
}

// bodyDate parses a calendar date field of a body (YYYY-MM-DD).
func bodyDate(field, s string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, domain.Invalid(field, "error.api.body_date", "must be a date YYYY-MM-DD").With("name", field)
	}
	return d, nil
}

// firstError returns the first non-nil error: a handler converts several
// fields and reports the first bad one, in the order of the body.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// writeCreated answers 201 with the new resource and its address.
func writeCreated(w http.ResponseWriter, r *http.Request, location string, v any) {
	w.Header().Set("Location", Prefix+location)
	writeJSON(w, r, http.StatusCreated, v)
}

// optionalTime is a moment in UTC, nil (JSON null) when it has not
// happened.
func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// dateOf is a calendar date as YYYY-MM-DD.
func dateOf(t time.Time) string { return t.Format(time.DateOnly) }

// datesOf lists calendar dates as YYYY-MM-DD, never nil, so the JSON is
// [] rather than null.
func datesOf(ts []time.Time) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, dateOf(t))
	}
	return out
}
