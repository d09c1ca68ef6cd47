package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/tabular"
)

// A file of registry records (colleges, enterprises, students, teachers,
// employment contracts, placement offers) is imported in one pass that never holds its rows:
// the header is checked (every column known, every required one there),
// then each row is read, checked on its own (check digits, dates, lists of
// values, the birth date against the IIN) and handed to the store, which
// checks the rows against each other and the registry and writes them all
// or none (domain.ImportService).

// Request is how to import a file.
type Request struct {
	DryRun bool
	// MaxErrors is how many problems are reported (the first by line);
	// the rest are counted. 0 means MaxErrors.
	MaxErrors int
	// Progress, when set, is told every few thousand rows how many rows
	// have been read.
	Progress func(rows int)
}

// progressEvery is how many rows pass between calls of Request.Progress.
const progressEvery = 4096

// kind is what the import of one kind of file knows: its columns and how a
// row becomes a domain row.
type kind[T any] struct {
	columns []ColumnSpec
	anyOf   []string       // columns of which the file must have at least one
	digits  map[string]int // fixed-width digit columns whose leading zeros Excel drops
	parse   func(c *cells) T
	store   func(svc domain.ImportService) func(context.Context, domain.ImportRequest, iter.Seq2[T, error]) (domain.ImportResult, error)
}

// runner hides the row type of a kind.
type runner interface {
	specs() []ColumnSpec
	oneOf() []string
	options(sheet string) tabular.Options
	run(ctx context.Context, svc domain.ImportService, r *tabular.Reader, req domain.ImportRequest, progress func(int)) (domain.ImportResult, error)
}

var kinds = map[domain.ImportKind]runner{
	domain.ImportColleges:    collegeKind,
	domain.ImportEnterprises: enterpriseKind,
	domain.ImportStudents:    studentKind,
	domain.ImportTeachers:    teacherKind,
	domain.ImportEmployment:  employmentKind,
	domain.ImportOffers:      offerKind,
}

func kindOf(k domain.ImportKind) (runner, error) {
	r, ok := kinds[k]
	if !ok {
		names := make([]string, len(domain.ImportKinds))
		for i, k := range domain.ImportKinds {
			names[i] = string(k)
		}
		return nil, domain.Errorf(domain.EINVALID, "error.import.kind", "cannot import %q: the kinds are %s", k, strings.Join(names, ", ")).
			With("kind", string(k)).With("kinds", strings.Join(names, ", "))
	}
	return r, nil
}

// Columns returns the columns of a kind of file, with the headers
// accepted for each; EINVALID for an unknown kind.
func Columns(k domain.ImportKind) ([]ColumnSpec, error) {
	r, err := kindOf(k)
	if err != nil {
		return nil, err
	}
	return r.specs(), nil
}

// ReadOptions are the tabular options to open a kind's file with (sheet
// names the XLSX sheet; the first visible one when empty); EINVALID for an
// unknown kind.
func ReadOptions(k domain.ImportKind, sheet string) (tabular.Options, error) {
	r, err := kindOf(k)
	if err != nil {
		return tabular.Options{}, err
	}
	return r.options(sheet), nil
}

// Import reads the rows of a file opened with ReadOptions and imports them
// through svc, which decides who may import what (the access layer) or
// imports anything (the store). Problems with the file come back as
// *tabular.Errors placing each at its line and column: the header's (an
// unknown or a missing column) before anything is read, the rows' after
// all of them are checked; then nothing has been written.
func Import(ctx context.Context, svc domain.ImportService, k domain.ImportKind, r *tabular.Reader, req Request) (domain.ImportResult, error) {
	run, err := kindOf(k)
	if err != nil {
		return domain.ImportResult{}, err
	}
	if req.MaxErrors <= 0 {
		req.MaxErrors = MaxErrors
	}
	present, err := checkHeader(&r.Layout, run.specs(), run.oneOf())
	if err != nil {
		return domain.ImportResult{Kind: k, File: r.File, DryRun: req.DryRun}, err
	}
	res, err := run.run(ctx, svc, r, domain.ImportRequest{File: r.File, Columns: present, DryRun: req.DryRun, MaxErrors: req.MaxErrors}, req.Progress)
	var ie *domain.ImportErrors
	if errors.As(err, &ie) {
		return res, locate(&r.Layout, ie)
	}
	if err != nil && ctx.Err() != nil {
		// A driver interrupted mid-statement reports its own symptom (pgx:
		// "use of closed network connection"); the caller asked for the
		// stop, so say that.
		return res, fmt.Errorf("import stopped: %w (%v)", context.Cause(ctx), err)
	}
	return res, err
}

func (k *kind[T]) specs() []ColumnSpec { return k.columns }
func (k *kind[T]) oneOf() []string     { return k.anyOf }

func (k *kind[T]) options(sheet string) tabular.Options {
	return tabular.Options{Sheet: sheet, Aliases: aliases(k.columns), Digits: k.digits}
}

func (k *kind[T]) run(ctx context.Context, svc domain.ImportService, r *tabular.Reader, req domain.ImportRequest, progress func(int)) (domain.ImportResult, error) {
	rows := func(yield func(T, error) bool) {
		var zero T
		c := &cells{layout: &r.Layout}
		n := 0
		for {
			row, err := r.Next()
			if err == io.EOF {
				break
			}
			if n++; progress != nil && n%progressEvery == 0 {
				progress(n)
			}
			var te *tabular.Error
			if errors.As(err, &te) {
				// A row the reader could not read (a stray quotation mark,
				// bytes not in the file's encoding) is a problem of the file
				// like any other.
				if !yield(zero, &domain.RowError{Line: te.Line, Column: te.Column, Err: domain.AsError(te.Err)}) {
					return
				}
				continue
			}
			if err != nil {
				yield(zero, err)
				return
			}
			c.reset(row)
			v := k.parse(c)
			if len(c.errs) == 0 {
				if !yield(v, nil) {
					return
				}
				continue
			}
			for _, e := range c.errs {
				if !yield(zero, e) {
					return
				}
			}
		}
		if progress != nil {
			progress(n)
		}
	}
	return k.store(svc)(ctx, req, rows)
}

// checkHeader reports the columns the file has that no column of the kind
// accepts, and the required columns it lacks; it returns the optional
// columns it has.
func checkHeader(l *tabular.Layout, specs []ColumnSpec, anyOf []string) ([]string, error) {
	var errs []*tabular.Error
	for _, c := range l.Unknown() {
		de := domain.Errorf(domain.EINVALID, "error.import.unknown_column",
			"no column of this import is headed %q: rename it to one of the accepted headers or delete the column", c.Header).
			With("header", c.Header)
		errs = append(errs, &tabular.Error{File: l.File, Line: l.HeaderLine, Column: c.Label, Err: de})
	}
	var present []string
	for _, s := range specs {
		switch {
		case l.Has(s.Name) && !s.Required:
			present = append(present, s.Name)
		case !l.Has(s.Name) && s.Required:
			de := domain.Errorf(domain.EINVALID, "error.import.missing_column",
				"no %s column: add a column headed one of: %s", s.Name, accepted(s)).With("column", s.Name).With("accepted", accepted(s))
			errs = append(errs, &tabular.Error{File: l.File, Line: l.HeaderLine, Err: de})
		}
	}
	if len(anyOf) > 0 && !slices.ContainsFunc(anyOf, l.Has) {
		var all []string
		for _, s := range specs {
			if slices.Contains(anyOf, s.Name) {
				all = append(all, accepted(s))
			}
		}
		de := domain.Errorf(domain.EINVALID, "error.import.missing_column", "no %s column: add a column headed one of: %s",
			strings.Join(anyOf, " or "), strings.Join(all, "; ")).With("column", strings.Join(anyOf, " / ")).With("accepted", strings.Join(all, "; "))
		errs = append(errs, &tabular.Error{File: l.File, Line: l.HeaderLine, Err: de})
	}
	return present, tabular.NewErrors(errs, MaxErrors)
}

// locate places the store's problems at the file's columns, as the file
// heads them.
func locate(l *tabular.Layout, ie *domain.ImportErrors) error {
	list := make([]*tabular.Error, len(ie.List))
	for i, e := range ie.List {
		column := e.Column
		if c, ok := l.Column(column); ok {
			column = c.Label
		}
		list[i] = &tabular.Error{File: l.File, Line: e.Line, Column: column, Err: e.Err}
	}
	return &tabular.Errors{List: list, Omitted: max(0, ie.Total-len(list))}
}

// Kinds lists the kinds that can be imported, for help texts.
func Kinds() []domain.ImportKind { return slices.Clone(domain.ImportKinds) }

// Describe is one line about each kind, for help texts.
func Describe(k domain.ImportKind) string {
	switch k {
	case domain.ImportColleges:
		return "colleges, upserted by BIN (ministry, regional department for its region)"
	case domain.ImportEnterprises:
		return "enterprises, upserted by BIN (ministry, regional department for its region)"
	case domain.ImportStudents:
		return "students, upserted by IIN (ministry; regional department and college for their colleges)"
	case domain.ImportTeachers:
		return "teachers, upserted by IIN (ministry; regional department and college for their colleges)"
	case domain.ImportEmployment:
		return "employment contracts of graduates, upserted by IIN, employer BIN and start date (ministry; regional department for its colleges' students)"
	case domain.ImportOffers:
		return "placement offers, upserted by enterprise BIN and the enterprise's reference; new ones come in as drafts, and only drafts and offers referred back change (ministry; regional department for sites in its region; enterprise for its own)"
	}
	return fmt.Sprintf("unknown kind %q", k)
}
