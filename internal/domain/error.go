// Package domain holds dualtrack's types, their validation and rules, the
// coded Error, and the service interfaces that storage implements and the web,
// API and command line consume. It imports nothing of the project.
package domain

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in exactly one place (see
// internal/web and internal/api); an error without a code is internal.
const (
	EINVALID      = "invalid"      // the input is wrong; the user can fix it
	ENOTFOUND     = "not_found"    // the thing asked for does not exist (or is out of scope)
	ECONFLICT     = "conflict"     // the input clashes with what is stored (a duplicate code, say)
	EUNAUTHORIZED = "unauthorized" // the caller is not signed in
	EFORBIDDEN    = "forbidden"    // signed in, but not allowed
	ETOOMANY      = "too_many"     // rate-limited
	EINTERNAL     = "internal"     // our fault; details are logged, never shown
	EUNAVAILABLE  = "unavailable"  // a dependency (the database) is down
)

// Error is the one error type that crosses package boundaries. Key names a
// message in the i18n catalogs so every caller can show it in the user's
// language; Message is the English text for logs and the command line.
type Error struct {
	Code    string
	Key     string            // i18n message key, e.g. "error.iin.checksum"
	Field   string            // the input field or column the error concerns, if any
	Params  map[string]string // values for the message placeholders
	Message string            // English text, used by logs and the CLI
	Err     error             // the cause, if any; never shown to users
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = e.Key
	}
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with a code and a message key; the English message
// is formatted from format and args.
func Errorf(code, key, format string, args ...any) *Error {
	return &Error{Code: code, Key: key, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error about one field.
func Invalid(field, key, message string) *Error {
	return &Error{Code: EINVALID, Key: key, Field: field, Message: message}
}

// NotFound returns an ENOTFOUND error for a kind of record ("college", "student").
func NotFound(kind string) *Error {
	return &Error{Code: ENOTFOUND, Key: "error.not_found", Params: map[string]string{"kind": kind}, Message: kind + " not found"}
}

// With returns a copy of e with the placeholder name set to value.
func (e *Error) With(name, value string) *Error {
	c := *e
	c.Params = make(map[string]string, len(e.Params)+1)
	for k, v := range e.Params {
		c.Params[k] = v
	}
	c.Params[name] = value
	return &c
}

// WithNames returns a copy of e with the placeholder name set to a name in
// every language: name.kk, name.ru and name.en, which the catalogs fill in
// the reader's language, and name itself (Russian first) for the rest.
func (e *Error) WithNames(name string, n Names) *Error {
	return e.With(name, n.In("ru")).With(name+".kk", n.In("kk")).With(name+".ru", n.In("ru")).With(name+".en", n.In("en"))
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL.
// A nil error has no code.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e.Code
	}
	return EINTERNAL
}

// AsError returns the first *Error in err's chain; unknown errors become an
// EINTERNAL Error that keeps the cause for the log but hides it from users.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e
	}
	return &Error{Code: EINTERNAL, Key: "error.internal", Message: "internal error", Err: err}
}
