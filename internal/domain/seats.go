package domain

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// State-funded seats (the state educational order, "государственный
// образовательный заказ"): free TVET means a student studies on a seat the
// state pays for, and the state places a number of seats per college,
// qualification, year of intake and source of funding. Enrolment on state
// funding takes one of them; when there is none left the enrolment is
// refused (DOMAIN.md §1, issue 7).
//
// The rules, in the order the store applies them to a student enrolled on
// state funding:
//
//  1. Free first profession: a person who already holds a TVET
//     qualification — a diploma on record (Diploma), or a graduation in
//     this registry — is not eligible for a state-funded seat; a second
//     profession is studied on a paid or a targeted seat.
//  2. The seats of the student's college, programme's qualification (the
//     specialty's code when the programme names none) and group's intake
//     year count the enrolment. A college whose state order for a year is
//     not on record at all (no seats of any qualification that year) is not
//     checked: its order is kept elsewhere, as before the product.
//  3. The student takes a seat of the source given, or of the first source
//     in SeatSources with one free. Every seat taken: refused, naming the
//     college, the qualification and the year in the reader's language.
//
// A student counts against the seats while not expelled: graduates keep
// their seat of their intake year, as the order of that year was spent on
// them.

// SeatSource is who pays for a state-funded seat.
type SeatSource string

// Sources of state funding.
const (
	// SeatLocal: the local budget, the order the region's akimat places
	// through its education department — most of the TVET state order.
	SeatLocal SeatSource = "local"
	// SeatRepublican: the republican budget, the order placed by the
	// ministries (education, and sectoral ones such as health or culture).
	SeatRepublican SeatSource = "republican"
)

// SeatSourcePolicy is a source of funding with its names.
type SeatSourcePolicy struct {
	Source SeatSource `json:"source"`
	Name   Names      `json:"name"`
}

// SeatSources are the sources of funding of state-funded seats, in the
// order an enrolment without a source takes a free seat from them (policy:
// a new source is added here, with its names, and to the CHECK of
// migration 00010).
var SeatSources = []SeatSourcePolicy{
	{SeatLocal, Names{KK: "Жергілікті бюджет (әкімдік)", RU: "Местный бюджет (акимат)", EN: "Local budget (akimat)"}},
	{SeatRepublican, Names{KK: "Республикалық бюджет", RU: "Республиканский бюджет", EN: "Republican budget"}},
}

// DefaultSeatSource is the source a state-funded student counts against
// when their record names none (an import, a record from before the
// product): the local budget, which places most of the order. Migration
// 00010 writes the same in SQL.
const DefaultSeatSource = SeatLocal

// Valid reports whether s is one of SeatSources.
func (s SeatSource) Valid() bool {
	return slices.ContainsFunc(SeatSources, func(p SeatSourcePolicy) bool { return p.Source == s })
}

// Name is the source's name in the three languages.
func (s SeatSource) Name() Names {
	for _, p := range SeatSources {
		if p.Source == s {
			return p.Name
		}
	}
	return Names{EN: string(s)}
}

// MaxSeats bounds the seats of one college, qualification, year and
// source: far above any college's intake.
const MaxSeats = 10_000

// StateSeats are the state-funded seats of a college for a qualification,
// a year of intake and a source of funding, with the seats taken.
type StateSeats struct {
	CollegeID int64 `json:"college_id"`
	// QualificationCode is the programmes' qualification, or their
	// specialty's code for programmes that name none.
	QualificationCode string     `json:"qualification_code"`
	Year              int        `json:"year"` // of intake
	Source            SeatSource `json:"source"`
	Seats             int        `json:"seats"`

	// Read-only: the students enrolled on them (state funding, not
	// expelled), the college's region and the names.
	Filled        int       `json:"filled"`
	RegionID      int       `json:"region_id"`
	College       Names     `json:"college_name"`
	Qualification Names     `json:"qualification_name"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Free is the number of seats not taken (negative never: the database
// refuses an overfill).
func (s *StateSeats) Free() int { return max(s.Seats-s.Filled, 0) }

// Validate checks the seats as the ministry or a department sets them.
func (s *StateSeats) Validate() error {
	s.QualificationCode = strings.TrimSpace(s.QualificationCode)
	switch {
	case s.CollegeID <= 0:
		return Invalid("college_id", "error.college.required", "college is required")
	case !IsQualificationCode(s.QualificationCode) && !IsSpecialtyCode(s.QualificationCode):
		return Invalid("qualification_code", "error.qualification.filter", "qualification must be a specialty or qualification code")
	case s.Year < 2000 || s.Year > 2100:
		return Invalid("year", "error.seats.year", "the year of intake is out of range")
	case !s.Source.Valid():
		return Invalid("source", "error.seats.source", "unknown source of funding")
	case s.Seats < 0 || s.Seats > MaxSeats:
		return Invalid("seats", "error.seats.count", "the number of seats must be 0 or more").With("max", strconv.Itoa(MaxSeats))
	}
	return nil
}

// SeatFilter selects a college's (or a region's) seats.
type SeatFilter struct {
	RegionID      int
	CollegeID     int64
	Year          int // 0: every year
	Source        SeatSource
	Qualification string // a qualification or specialty code
	Sort          string // SeatSorts; the first is the default
	Page          Page
}

// SeatSorts are the orders of a list of seats: by qualification, the
// fullest first, or the newest year first.
var SeatSorts = []string{"qualification", "-fill", "-year"}

// Validate checks the filter and fills in defaults.
func (f *SeatFilter) Validate() error {
	if f.Source != "" && !f.Source.Valid() {
		return Invalid("source", "error.seats.source", "unknown source of funding")
	}
	if q := f.Qualification; q != "" && !IsSpecialtyCode(q) && !IsQualificationCode(q) {
		return Invalid("qualification", "error.qualification.filter", "qualification must be a specialty or qualification code")
	}
	if f.Year != 0 && (f.Year < 2000 || f.Year > 2100) {
		return Invalid("year", "error.seats.year", "the year of intake is out of range")
	}
	if err := ValidateSort(&f.Sort, SeatSorts...); err != nil {
		return err
	}
	return f.Page.Normalize()
}

// SourceSeats are the seats and the seats taken of one source.
type SourceSeats struct {
	Source SeatSource `json:"source"`
	Seats  int        `json:"seats"`
	Filled int        `json:"filled"`
}

// SeatTotal is the seats of a region (on the nation's overview) or a
// college (on a region's), with each source's.
type SeatTotal struct {
	RegionID  int           `json:"region_id,omitempty"`
	CollegeID int64         `json:"college_id,omitempty"`
	Name      Names         `json:"name"`
	Seats     int           `json:"seats"`
	Filled    int           `json:"filled"`
	Sources   []SourceSeats `json:"sources"` // in the order of SeatSources
}

// FillPercent is the share of the seats taken, in whole percent.
func (t *SeatTotal) FillPercent() int {
	if t.Seats == 0 {
		return 0
	}
	return t.Filled * 100 / t.Seats
}

// Add counts seats of a source into the total.
func (t *SeatTotal) Add(source SeatSource, seats, filled int) {
	t.Seats += seats
	t.Filled += filled
	if len(t.Sources) == 0 {
		for _, p := range SeatSources {
			t.Sources = append(t.Sources, SourceSeats{Source: p.Source})
		}
	}
	for i := range t.Sources {
		if t.Sources[i].Source == source {
			t.Sources[i].Seats += seats
			t.Sources[i].Filled += filled
		}
	}
}

// SeatOverviewFilter selects an overview: the nation's (RegionID 0), by
// region, or a region's, by college, for a year of intake.
type SeatOverviewFilter struct {
	RegionID int
	Year     int // 0: the latest year on record
}

// SeatOverview is the state order of a year: a row per region (the
// nation) or per college (a region), and the total.
type SeatOverview struct {
	RegionID int         `json:"region_id,omitempty"`
	Year     int         `json:"year"`
	Years    []int       `json:"years"` // the years on record, newest first
	Rows     []SeatTotal `json:"rows"`  // by name
	Total    SeatTotal   `json:"total"`
}

// Diploma is a TVET qualification a person already holds, on record by
// IIN: from the archive of diplomas or declared at enrolment. Its holder
// is not eligible for a state-funded seat (free first profession).
type Diploma struct {
	IIN               string    `json:"iin"`
	Number            string    `json:"number"`
	QualificationCode string    `json:"qualification_code,omitempty"`
	AwardedOn         time.Time `json:"awarded_on"`
}

// Validate checks the diploma.
func (d *Diploma) Validate() error {
	d.Number = strings.TrimSpace(d.Number)
	if _, err := ParseIIN("iin", d.IIN); err != nil {
		return err
	}
	switch {
	case d.Number == "" || len([]rune(d.Number)) > 50:
		return Invalid("number", "error.diploma.number", "the diploma's number is required (up to 50 characters)")
	case d.AwardedOn.IsZero():
		return Invalid("awarded_on", "error.date.required", "a date is required")
	}
	return nil
}

// SeatService keeps the state-funded seats.
type SeatService interface {
	// Seats returns a page of seats; EINVALID for a bad filter.
	Seats(ctx context.Context, f SeatFilter) (List[StateSeats], error)
	// SetSeats sets the seats of a college, qualification, year and
	// source (0 keeps the row, with no seat to take). EINVALID for
	// bad input or an unknown college or qualification; ECONFLICT
	// (error.seats.below_filled) for fewer seats than are taken.
	SetSeats(ctx context.Context, s *StateSeats) error
	// SeatOverview totals the seats of a year by region or by college.
	SeatOverview(ctx context.Context, f SeatOverviewFilter) (SeatOverview, error)
}
