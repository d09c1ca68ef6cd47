package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// dialect holds the few things that differ between SQLite and PostgreSQL.
// Everything else — placeholders ($N), RETURNING, ON CONFLICT upserts,
// LIMIT/OFFSET — is written once.
type dialect struct {
	name  string
	goose goose.Dialect
	// maxParams is the number of bind parameters one statement may carry.
	maxParams int
	// lastJobError selects the message of a river job's last error: river
	// keeps the errors as a jsonb[] on PostgreSQL and a JSON array on SQLite.
	lastJobError string
}

var (
	sqliteDialect = dialect{name: "sqlite", goose: goose.DialectSQLite3, maxParams: 32766,
		lastJobError: `json_extract(errors, '$[#-1].error')`}
	postgresDialect = dialect{name: "postgres", goose: goose.DialectPostgres, maxParams: 65535,
		lastJobError: `errors[array_length(errors, 1)]->>'error'`}
)

func mustLocker() lock.SessionLocker {
	l, err := lock.NewPostgresSessionLocker()
	if err != nil {
		panic(err)
	}
	return l
}

// translate turns constraint violations into domain errors; other errors
// pass through unchanged.
func (d dialect) translate(err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &domain.Error{Code: domain.ECONFLICT, Key: "error.conflict", Message: "already registered", Field: uniqueField(se.Error()), Err: err}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &domain.Error{Code: domain.EINVALID, Key: "error.reference", Message: "refers to a record that does not exist", Err: err}
		case sqlite3.SQLITE_CONSTRAINT_CHECK:
			if strings.Contains(se.Error(), "seats_overfill") {
				return seatsOverfill(err)
			}
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return &domain.Error{Code: domain.ECONFLICT, Key: "error.conflict", Message: "already registered", Field: uniqueField(pe.ConstraintName + " " + pe.Detail), Err: err}
		case "23503":
			return &domain.Error{Code: domain.EINVALID, Key: "error.reference", Message: "refers to a record that does not exist", Err: err}
		case "23514":
			if pe.ConstraintName == "seats_overfill" {
				return seatsOverfill(err)
			}
		}
	}
	return err
}

// seatsOverfill is a write that would take more state-funded seats than
// are set (migration 00010's backstop; the store's own checks name the
// seats).
func seatsOverfill(err error) error {
	return &domain.Error{Code: domain.ECONFLICT, Key: "error.seats.overfill", Message: "more state-funded seats taken than set", Err: err}
}

// uniqueField guesses the field of a unique violation from the message, so
// the user is told which value is taken.
func uniqueField(msg string) string {
	for _, f := range []string{"iin", "bin", "code"} {
		if strings.Contains(msg, "."+f) || strings.Contains(msg, "_"+f) || strings.Contains(msg, "("+f+")") {
			return f
		}
	}
	return ""
}

// Dates travel as 'YYYY-MM-DD' text and timestamps as RFC 3339 text in both
// directions: SQLite stores them so, PostgreSQL casts them to DATE and
// TIMESTAMPTZ. Scanning accepts both text and time.Time.

func dateParam(t time.Time) string { return t.Format(time.DateOnly) }

// timeParam writes a fixed-width UTC timestamp (always six fractional
// digits), so that text comparison on SQLite orders timestamps correctly.
func timeParam(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// timeScanner scans a DATE, TIMESTAMPTZ or text column into a time.Time.
type timeScanner struct{ t *time.Time }

func (s timeScanner) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*s.t = v.UTC()
		return nil
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	case nil:
		*s.t = time.Time{}
		return nil
	}
	return fmt.Errorf("cannot scan %T into a time", src)
}

func (s timeScanner) parse(v string) error {
	for _, layout := range []string{time.DateOnly, time.RFC3339Nano} {
		if t, err := time.Parse(layout, v); err == nil {
			*s.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("cannot parse time %q", v)
}

// nullID turns 0 into NULL for optional references.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// nullString turns "" into NULL for optional codes.
func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
