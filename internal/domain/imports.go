package domain

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"time"
)

// ImportKind names what the rows of an import file are.
type ImportKind string

// The kinds of records a file can bring in bulk.
const (
	ImportColleges    ImportKind = "colleges"
	ImportEnterprises ImportKind = "enterprises"
	ImportStudents    ImportKind = "students"
	ImportTeachers    ImportKind = "teachers"
	// ImportEmployment is graduates' employment from the register of
	// employment contracts (EmploymentRecord).
	ImportEmployment ImportKind = "employment"
	// ImportOffers is enterprises' placement offers (OfferRow), which come
	// in as drafts.
	ImportOffers ImportKind = "offers"
)

// ImportKinds lists every kind, in the order help texts show them.
var ImportKinds = []ImportKind{ImportColleges, ImportEnterprises, ImportStudents, ImportTeachers, ImportEmployment, ImportOffers}

// ImportScope is the part of the registry an import may touch. The access
// layer sets it from the actor; the zero scope is the whole country (the
// ministry, or the command line run by whoever holds the database).
type ImportScope struct {
	RegionID  int   // a regional department: rows of its region
	CollegeID int64 // a college coordinator: its own students and teachers
	// EnterpriseID: an enterprise's own placement offers.
	EnterpriseID int64
}

// ImportRequest is one file's import.
type ImportRequest struct {
	// File is the file's name as the user gave it, for the audit log.
	File string
	// Columns are the optional columns the file has. On an update a stored
	// value whose column the file lacks is kept, so that a list without
	// phone numbers does not wipe the registry's.
	Columns []string
	// DryRun checks every row and counts what would change, then writes
	// nothing: the import runs in full and its transaction is rolled back.
	DryRun bool
	// Scope is set by the access layer.
	Scope ImportScope
	// MaxErrors is how many row problems are kept (the first by line); the
	// others are counted. 0 means DefaultMaxErrors.
	MaxErrors int
}

// DefaultMaxErrors is how many row problems an import keeps by default: a
// file with more is usually wrong as a whole (another sheet, shifted
// columns), and the first ones show how.
const DefaultMaxErrors = 50

// Has reports whether the file has the optional column.
func (r ImportRequest) Has(column string) bool {
	for _, c := range r.Columns {
		if c == column {
			return true
		}
	}
	return false
}

// ImportResult is what an import did or, in a dry run, would do. Every row
// is counted once: Inserted + Updated + Unchanged = Rows when there is no
// error.
type ImportResult struct {
	Kind      ImportKind `json:"kind"`
	File      string     `json:"file"`
	DryRun    bool       `json:"dry_run"`
	Rows      int        `json:"rows"`
	Inserted  int        `json:"inserted"`
	Updated   int        `json:"updated"`
	Unchanged int        `json:"unchanged"`
}

// RowError is a problem of one row of a file: its line (CSV) or row
// (XLSX), the column it is in ("" for the row as a whole), and what is
// wrong as a coded, translatable Error.
type RowError struct {
	Line   int
	Column string
	Err    *Error
}

// ImportErrors are the problems of a file that stop its import: the first
// ones by line, and how many there are in all. Nothing is written when a
// file has any.
type ImportErrors struct {
	List  []RowError
	Total int
}

func (e *ImportErrors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d problems in the file", e.Total)
	for _, r := range e.List {
		fmt.Fprintf(&b, "; line %d", r.Line)
		if r.Column != "" {
			b.WriteString(" " + r.Column)
		}
		b.WriteString(": " + r.Err.Message)
	}
	return b.String()
}

// Unwrap gives the first problem, so that ErrorCode of an import with
// problems is EINVALID.
func (e *ImportErrors) Unwrap() error {
	if len(e.List) == 0 {
		return Errorf(EINVALID, "error.import.rows", "the file has problems")
	}
	return e.List[0].Err
}

// A row of each kind carries its references by natural keys, as the
// offices that keep the lists know them: a college by BIN, a region by its
// KATO code or name, a city by its name within the region, a group by its
// code within the college, a specialty or qualification by its code. The
// store resolves them, all rows at once.

// CollegeRow is a row of a colleges file; its key is the BIN.
type CollegeRow struct {
	Line      int
	BIN       string
	Name      Names
	Region    string // the 2-digit KATO code, the ISO code or a name
	City      string // a name within the region; may be empty for Astana, Almaty, Shymkent
	Ownership string
	Address   string
}

// EnterpriseRow is a row of an enterprises file; its key is the BIN.
type EnterpriseRow struct {
	Line      int
	BIN       string
	Name      Names
	Region    string
	City      string
	Industry  string
	Employees int
}

// StudentRow is a row of a students file; its key is the IIN.
type StudentRow struct {
	Line       int
	IIN        string
	Name       PersonName
	BirthDate  time.Time
	Sex        Sex
	CollegeBIN string
	Group      string // the group's code within the college
	// Specialty and Qualification are the codes the file gives, if any,
	// checked against the group's programme.
	Specialty       string
	Qualification   string
	Funding         string
	Status          string
	Phone           string
	EnrolledOn      time.Time
	AcademicAverage int
}

// TeacherRow is a row of a teachers file; its key is the IIN.
type TeacherRow struct {
	Line       int
	IIN        string
	Name       PersonName
	BirthDate  time.Time
	Sex        Sex
	CollegeBIN string
	Position   string
	Phone      string
	HiredOn    time.Time
}

// EmploymentRecord is one employment contract of a person, as the register
// of employment contracts (mandatory since 2020) holds it. The person and
// the employer need not be in the registry: matching them to graduates is
// the employment verification's job, not the import's.
type EmploymentRecord struct {
	ID          int64     `json:"id"`
	IIN         string    `json:"iin"`
	EmployerBIN string    `json:"employer_bin"`
	StartsOn    time.Time `json:"starts_on"`
	EndsOn      time.Time `json:"ends_on,omitzero"` // zero while the contract runs
	Position    string    `json:"position"`
}

// EmploymentRow is a row of an employment file; its key is the IIN, the
// employer's BIN and the start date.
type EmploymentRow struct {
	Line int
	EmploymentRecord
}

// OfferRow is a row of a placement offers file; its key is the
// enterprise's BIN and the enterprise's own reference for the offer. A new
// offer comes in as a draft, which the enterprise submits for approval as
// any other; an offer already submitted can no longer change from a file.
type OfferRow struct {
	Line          int
	EnterpriseBIN string
	Ref           string
	// CollegeBIN is the partner college that approves the offer; "" for
	// none (the regional department approves).
	CollegeBIN        string
	QualificationCode string
	City              string // the site: a city's name, which gives the region
	Capacity          int
	StartsOn          time.Time
	EndsOn            time.Time
	Weekdays          Weekdays
	HoursPerWeek      int
	Requirements      string
	StipendTenge      int
	Reserved          bool
}

// ImportService writes the rows of a file in bulk, each kind upserted by
// its natural key. Rows stream in (a national list is never held whole);
// every row is checked, against the file's other rows and the registry,
// before anything is written, and a file with any problem writes nothing.
// A row the caller already found wrong comes as a *RowError instead of a
// row (one for each of its problems, one after another): it stops the
// import too, and is reported with the others. Importing
// the same file twice changes nothing the second time.
//
// Each method returns the counts, or *ImportErrors (EINVALID) with the
// problems; any other error (a cancelled context, a lost connection) leaves
// the database as it was.
type ImportService interface {
	ImportColleges(ctx context.Context, req ImportRequest, rows iter.Seq2[CollegeRow, error]) (ImportResult, error)
	ImportEnterprises(ctx context.Context, req ImportRequest, rows iter.Seq2[EnterpriseRow, error]) (ImportResult, error)
	ImportStudents(ctx context.Context, req ImportRequest, rows iter.Seq2[StudentRow, error]) (ImportResult, error)
	ImportTeachers(ctx context.Context, req ImportRequest, rows iter.Seq2[TeacherRow, error]) (ImportResult, error)
	ImportEmployment(ctx context.Context, req ImportRequest, rows iter.Seq2[EmploymentRow, error]) (ImportResult, error)
	ImportOffers(ctx context.Context, req ImportRequest, rows iter.Seq2[OfferRow, error]) (ImportResult, error)
}

// Error makes a RowError an error, so a row the caller found wrong can
// travel through ImportService's row sequence.
func (e *RowError) Error() string {
	if e.Column != "" {
		return fmt.Sprintf("line %d: %s: %s", e.Line, e.Column, e.Err.Message)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Err.Message)
}

func (e *RowError) Unwrap() error { return e.Err }

// placeWords are the words around a place's name that people add or leave
// out ("Акмолинская область", "Ақмола облысы", "г. Алматы", "Almaty
// Region"), as search keys.
var placeWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"облысы", "область", "обл", "region", "oblast", "oblysy",
		"қаласы", "қ", "город", "г", "city", "каласы"} {
		m[SearchKey(w)] = true
	}
	return m
}()

// PlaceKeys returns how a region or city name written in a file is looked
// up: its search key (case, spacing and punctuation folded), and the same
// without words such as "область" or "қаласы" ("" when it has none). The
// store matches a file's full key against both keys of every place.
func PlaceKeys(name string) (full, short string) {
	full = SearchKey(name)
	var kept []string
	for _, w := range strings.Fields(full) {
		if !placeWords[w] {
			kept = append(kept, w)
		}
	}
	if short = strings.Join(kept, " "); short == full {
		short = ""
	}
	return full, short
}
