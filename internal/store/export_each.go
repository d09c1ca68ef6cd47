package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The streaming readers behind exports: each list of the pages as one
// query without LIMIT, in the page's order (the condition and order come
// from the same helper as the page's), its rows handed over one at a time.
//
// They read on the read pool. On SQLite its connections are query_only, and
// in WAL mode a reader takes no lock a writer waits for: a slow download
// holds a read snapshot (the write-ahead log cannot be checkpointed past it
// until the export ends), never the write lock. On PostgreSQL one statement
// sees one snapshot, and pgx reads the rows off the connection as they are
// consumed rather than buffering the result. Either way a connection of the
// pool is held for the length of the download; fn must not read through
// the store itself, or enough concurrent exports could starve the pool.

var _ domain.Exporter = (*Store)(nil)

// each runs query and hands each scanned row to fn, stopping at the first
// error of either.
func each[T any](ctx context.Context, db *sql.DB, query string, args []any,
	scan func(interface{ Scan(...any) error }) (T, error), fn func(T) error) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachCollege streams the colleges of a filter in the list's order.
func (s *Store) EachCollege(ctx context.Context, f domain.CollegeFilter, fn func(domain.College) error) error {
	f.Page = domain.Page{}
	if err := f.Validate(); err != nil {
		return err
	}
	w, order := collegeQuery(f)
	return each(ctx, s.read, `SELECT `+collegeColumns+` FROM colleges c`+w.sql()+` ORDER BY `+order, w.args, scanCollege, fn)
}

// EachEnterprise streams the enterprises of a filter in the list's order.
func (s *Store) EachEnterprise(ctx context.Context, f domain.EnterpriseFilter, fn func(domain.Enterprise) error) error {
	f.Page = domain.Page{}
	if err := f.Validate(); err != nil {
		return err
	}
	w, order := enterpriseQuery(f)
	return each(ctx, s.read, `SELECT `+enterpriseColumns+` FROM enterprises e`+w.sql()+` ORDER BY `+order, w.args, scanEnterprise, fn)
}

// EachStudent streams the students of a filter in the list's order, by
// the normalised name, with the page's own query (Students) over one page
// as large as the list. The IDs are ordered from students alone and the
// names joined to them, so SQLite walks an index in the list's order
// (students_search, or students_college for one college) and joins row by
// row; where it must sort, it sorts IDs, not whole rows. The LIMIT keeps
// SQLite from flattening the subquery into the join, which would sort the
// joined rows: a process streaming the 452,000 students outside dual
// training peaked at 370 MB that way, and at 160 MB sorting IDs, as much
// as streaming all 560,000 in index order (mostly SQLite's 64 MiB page
// cache).
func (s *Store) EachStudent(ctx context.Context, f domain.StudentFilter, fn func(domain.Student) error) error {
	f.Page = domain.Page{}
	if err := f.Validate(); err != nil {
		return err
	}
	w, order := studentQuery(f)
	limit, args := w.page(math.MaxInt64, 0)
	return each(ctx, s.read, `SELECT `+studentColumns+` FROM (SELECT s.id, s.search_key FROM students s`+w.sql()+
		fmt.Sprintf(order, "s")+limit+`) ids JOIN students s ON s.id = ids.id`+studentJoins+fmt.Sprintf(order, "ids"), args, scanStudent, fn)
}

// EachOffer streams the offers of a filter: newest first, or nearest first
// from f.FromCityID with DistanceKm set. EINVALID for an unknown
// FromCityID.
func (s *Store) EachOffer(ctx context.Context, f domain.OfferFilter, fn func(domain.Offer) error) error {
	f.Page = domain.Page{}
	if err := f.Validate(); err != nil {
		return err
	}
	w, from, err := s.offerQuery(ctx, f)
	if err != nil {
		return err
	}
	order := offerOrder(f, from, w)
	return each(ctx, s.read, `SELECT `+offerColumns+offerFrom+w.sql()+order, w.args, offerScanner(from), fn)
}

// EachApplication streams the applications of a filter, newest first.
func (s *Store) EachApplication(ctx context.Context, f domain.ApplicationFilter, fn func(domain.Application) error) error {
	f.Page = domain.Page{}
	if err := f.Validate(); err != nil {
		return err
	}
	w := applicationWhere(f)
	return each(ctx, s.read, `SELECT `+applicationColumns+applicationFrom+w.sql()+applicationOrder, w.args, scanApplication,
		func(a application) error { return fn(a.Application) })
}

// EachAgreement streams the agreements of a filter, newest first, without
// their approvals (Approvals is empty).
func (s *Store) EachAgreement(ctx context.Context, f domain.AgreementFilter, fn func(domain.Agreement) error) error {
	f.Page = domain.Page{}
	if err := f.Validate(); err != nil {
		return err
	}
	w := agreementWhere(f)
	return each(ctx, s.read, `SELECT `+agreementColumns+agreementFrom+w.sql()+agreementOrder, w.args, scanAgreement, fn)
}

// EachMentor streams the mentors of a filter by name.
func (s *Store) EachMentor(ctx context.Context, f domain.MentorFilter, fn func(domain.Mentor) error) error {
	f.Page = domain.Page{}
	if err := f.Validate(); err != nil {
		return err
	}
	w := mentorWhere(f)
	return each(ctx, s.read, `SELECT `+mentorColumns+mentorFrom+w.sql()+mentorOrder, w.args, scanMentor, fn)
}

// EachAuditEntry streams the audit log under a filter, newest first.
func (s *Store) EachAuditEntry(ctx context.Context, f domain.AuditFilter, fn func(domain.AuditEntry) error) error {
	w := auditWhere(f)
	return each(ctx, s.read, `SELECT `+auditColumns+` FROM audit_log`+w.sql()+auditOrder, w.args, scanAuditEntry, fn)
}
