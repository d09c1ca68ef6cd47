package domain

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Patronage (DOMAIN.md §4 rule 6): an enterprise takes a college under its
// wing by a tripartite memorandum with the regional education department,
// for a period, with measurable commitments — practice places, mentors,
// equipment (with its value in tenge), hires of graduates, scholarships.
// The enterprise reports what it delivered against each commitment with
// evidence; the college may confirm receipt; every commitment shows on
// track, behind or done against the progress expected by the day.

// CommitmentKind is what an enterprise commits to in a memorandum. Each is
// counted in whole units: places, mentors, items of equipment, graduates
// hired, scholarships.
type CommitmentKind string

// Commitment kinds.
const (
	CommitPracticePlaces CommitmentKind = "practice_places"
	CommitMentors        CommitmentKind = "mentors"
	CommitEquipment      CommitmentKind = "equipment" // items, with their value in tenge
	CommitHires          CommitmentKind = "hires"     // graduates hired
	CommitScholarships   CommitmentKind = "scholarships"
)

// CommitmentKinds lists every kind in the order forms offer them.
var CommitmentKinds = []CommitmentKind{CommitPracticePlaces, CommitMentors, CommitEquipment, CommitHires, CommitScholarships}

// Valid reports whether k is a known kind.
func (k CommitmentKind) Valid() bool { return slices.Contains(CommitmentKinds, k) }

// CommitmentState is how a commitment (or a whole memorandum) stands on a
// day; see CommitmentStateOn for the rule.
type CommitmentState string

// Commitment states.
const (
	CommitmentOnTrack CommitmentState = "on_track"
	CommitmentBehind  CommitmentState = "behind"
	CommitmentDone    CommitmentState = "done"
)

// CommitmentStates lists every state in the order pages show them.
var CommitmentStates = []CommitmentState{CommitmentOnTrack, CommitmentBehind, CommitmentDone}

// Limits of a memorandum.
const (
	// MaxMemorandumYears bounds a memorandum's period; patronage runs for
	// a few years, and a typo of a century would make every commitment
	// look on track for ever.
	MaxMemorandumYears = 10
	// MaxCommitments bounds the commitments of one memorandum.
	MaxCommitments = 30
	// MaxCommitmentUnits bounds one commitment's quantity and one report's.
	MaxCommitmentUnits = 100_000
	// MaxTenge bounds an amount in tenge (a trillion): more than any
	// equipment delivery, and far inside int64.
	MaxTenge = 1_000_000_000_000
	// MaxEvidenceBytes bounds an uploaded evidence file.
	MaxEvidenceBytes = 5 << 20
)

// EvidenceTypes are the accepted evidence files (a scanned act of
// acceptance, an invoice, a photo of the equipment), by sniffed content.
var EvidenceTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// daysBetween counts the calendar days from a to b (negative if b is earlier).
func daysBetween(a, b time.Time) int {
	return int(DateInUTC(b).Sub(DateInUTC(a)).Hours() / 24)
}

// DateInUTC drops the time of day of t, read in UTC.
func DateInUTC(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// The rule of the commitments' states.
//
// A commitment of Q units over a memorandum's period [start, end] of P days
// is expected to deliver pro rata: by day t, the whole units due are
//
//	expected(t) = floor(Q × E / P),  E = the days from start to t, within 0…P
//
// so nothing is due on the first day and all Q on the last. With D units
// delivered so far (every report counts, confirmed by the college or not):
//
//	done      D ≥ Q
//	on track  D ≥ expected(t)
//	behind    D < expected(t)
//
// Whole units make the rule fair to lumpy deliveries: 10 practice places
// over three years are behind only once 110 days pass without the first,
// and one item of equipment is due by the end, not a day after the start.
// Equipment is counted in items; its value in tenge is reported beside it.

// ExpectedUnits is how many of target units are due by day on for a period
// from startsOn to endsOn: floor(target × elapsed days / period days).
func ExpectedUnits(target int, startsOn, endsOn, on time.Time) int {
	period := daysBetween(startsOn, endsOn)
	if period <= 0 {
		return target
	}
	elapsed := min(max(daysBetween(startsOn, on), 0), period)
	return int(int64(target) * int64(elapsed) / int64(period))
}

// CommitmentStateOn is the state on day on of a commitment of target units
// of which delivered are delivered, over the period from startsOn to
// endsOn (the rule above).
func CommitmentStateOn(target, delivered int, startsOn, endsOn, on time.Time) CommitmentState {
	switch {
	case delivered >= target:
		return CommitmentDone
	case delivered >= ExpectedUnits(target, startsOn, endsOn, on):
		return CommitmentOnTrack
	}
	return CommitmentBehind
}

// OnTrackUntil is the last day on which a commitment not yet done is on
// track with what it has delivered; from the next day it is behind unless
// more is delivered. ok is false for a commitment that is done. It is the
// rule above solved for the day — floor(Q × E / P) ≤ D while
// Q × E < (D + 1) × P, i.e. E ≤ ceil((D + 1) × P / Q) − 1 — so the store
// can keep it with the commitment and tell every commitment's state by
// comparing dates, on both databases.
func OnTrackUntil(target, delivered int, startsOn, endsOn time.Time) (day time.Time, ok bool) {
	if delivered >= target {
		return time.Time{}, false
	}
	period := int64(daysBetween(startsOn, endsOn))
	if period <= 0 {
		return DateInUTC(startsOn).AddDate(0, 0, -1), true
	}
	d, q := int64(max(delivered, 0)), int64(target)
	last := ((d+1)*period+q-1)/q - 1
	return DateInUTC(startsOn).AddDate(0, 0, int(last)), true
}

// Memorandum is a tripartite patronage memorandum: the regional education
// department of RegionID, the enterprise and the college (in that region)
// agree on commitments for a period.
type Memorandum struct {
	ID           int64  `json:"id"`
	Number       string `json:"number"` // as the department registered it; unique in the region
	RegionID     int    `json:"region_id"`
	CollegeID    int64  `json:"college_id"`
	EnterpriseID int64  `json:"enterprise_id"`
	// SignedOn is the day the last party signed; the period starts on or
	// after it.
	SignedOn    time.Time    `json:"signed_on"`
	StartsOn    time.Time    `json:"starts_on"`
	EndsOn      time.Time    `json:"ends_on"`
	Note        string       `json:"note"`
	Commitments []Commitment `json:"commitments"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`

	// Read-only, for display: the parties' names and the state on the day
	// read — behind when any commitment is, done when all are.
	Region     Names           `json:"region_name"`
	College    Names           `json:"college_name"`
	Enterprise Names           `json:"enterprise_name"`
	State      CommitmentState `json:"state"`
	// Behind counts the commitments behind on the day read.
	Behind int `json:"behind"`
}

// InForce reports whether day falls within the memorandum's period.
func (m *Memorandum) InForce(day time.Time) bool {
	return !day.Before(m.StartsOn) && !day.After(m.EndsOn)
}

// Commitment is one measurable promise of a memorandum: Quantity units of
// its kind over the memorandum's period; for equipment, Value is the
// promised items' value in tenge.
type Commitment struct {
	ID           int64          `json:"id"`
	MemorandumID int64          `json:"memorandum_id"`
	Kind         CommitmentKind `json:"kind"`
	Description  string         `json:"description"` // what exactly: the qualification, the machine
	Quantity     int            `json:"quantity"`
	Value        int64          `json:"value"` // tenge, equipment only

	// Read-only: the sums of the reports, what the rule expects by the day
	// read, and the state that gives.
	Delivered      int             `json:"delivered"`
	DeliveredValue int64           `json:"delivered_value"` // tenge, equipment only
	ConfirmedValue int64           `json:"confirmed_value"` // of it, confirmed by the college
	Expected       int             `json:"expected"`
	State          CommitmentState `json:"state"`
	Fulfilments    []Fulfilment    `json:"fulfilments,omitempty"` // the reports, newest first (one memorandum's read)
}

// Validate trims and checks a commitment as the department writes it.
func (c *Commitment) Validate() error {
	c.Description = strings.TrimSpace(c.Description)
	switch {
	case !c.Kind.Valid():
		return Invalid("kind", "error.commitment.kind", "unknown kind of commitment")
	case len([]rune(c.Description)) > 300:
		return Invalid("description", "error.text.too_long", "too long").With("max", "300")
	case c.Kind == CommitEquipment && c.Description == "":
		return Invalid("description", "error.commitment.equipment_description", "say which equipment")
	case c.Quantity < 1 || c.Quantity > MaxCommitmentUnits:
		return Invalid("quantity", "error.commitment.quantity", "the quantity must be a whole number from 1").
			With("max", strconv.Itoa(MaxCommitmentUnits))
	case c.Kind == CommitEquipment && (c.Value < 1 || c.Value > MaxTenge):
		return Invalid("value", "error.commitment.value", "equipment needs its value in tenge")
	case c.Kind != CommitEquipment && c.Value != 0:
		return Invalid("value", "error.commitment.value_equipment_only", "only equipment has a value in tenge")
	}
	return nil
}

// Validate trims and checks the memorandum and its commitments. EINVALID
// names the field; a commitment's problem names "commitments.N.field"
// (N from 0).
func (m *Memorandum) Validate() error {
	m.Number = strings.TrimSpace(m.Number)
	m.Note = strings.TrimSpace(m.Note)
	switch {
	case m.Number == "" || len([]rune(m.Number)) > 50:
		return Invalid("number", "error.memorandum.number", "the memorandum's number is required (up to 50 characters)")
	case m.RegionID <= 0:
		return Invalid("region_id", "error.region.required", "region is required")
	case m.CollegeID <= 0:
		return Invalid("college_id", "error.college.required", "college is required")
	case m.EnterpriseID <= 0:
		return Invalid("enterprise_id", "error.enterprise.required", "enterprise is required")
	case m.SignedOn.IsZero():
		return Invalid("signed_on", "error.date.required", "a date is required")
	case m.StartsOn.IsZero():
		return Invalid("starts_on", "error.date.required", "a date is required")
	case m.EndsOn.IsZero():
		return Invalid("ends_on", "error.date.required", "a date is required")
	case m.StartsOn.Before(m.SignedOn):
		return Invalid("starts_on", "error.memorandum.before_signed", "the period starts on or after the signing")
	case !m.EndsOn.After(m.StartsOn):
		return Invalid("ends_on", "error.memorandum.order", "the end must be after the start")
	case m.EndsOn.After(m.StartsOn.AddDate(MaxMemorandumYears, 0, 0)):
		return Invalid("ends_on", "error.memorandum.period", "a memorandum runs for at most 10 years").
			With("max", strconv.Itoa(MaxMemorandumYears))
	case len([]rune(m.Note)) > 2000:
		return Invalid("note", "error.text.too_long", "too long").With("max", "2000")
	case len(m.Commitments) == 0:
		return Invalid("commitments", "error.memorandum.no_commitments", "a memorandum needs at least one commitment")
	case len(m.Commitments) > MaxCommitments:
		return Invalid("commitments", "error.memorandum.too_many_commitments", "too many commitments").
			With("max", strconv.Itoa(MaxCommitments))
	}
	m.SignedOn, m.StartsOn, m.EndsOn = DateInUTC(m.SignedOn), DateInUTC(m.StartsOn), DateInUTC(m.EndsOn)
	for i := range m.Commitments {
		if err := m.Commitments[i].Validate(); err != nil {
			e := AsError(err)
			return e.In("commitments." + strconv.Itoa(i) + "." + e.Field)
		}
	}
	return nil
}

// In returns a copy of e about another field.
func (e *Error) In(field string) *Error {
	c := *e
	c.Field = field
	return &c
}

// Settle fills in the read-only progress of the memorandum's commitments
// (Expected, State) and the memorandum's State and Behind on day on, from
// their delivered units.
func (m *Memorandum) Settle(on time.Time) {
	m.Behind = 0
	m.State = CommitmentDone
	for i := range m.Commitments {
		c := &m.Commitments[i]
		c.Expected = ExpectedUnits(c.Quantity, m.StartsOn, m.EndsOn, on)
		c.State = CommitmentStateOn(c.Quantity, c.Delivered, m.StartsOn, m.EndsOn, on)
		switch c.State {
		case CommitmentBehind:
			m.Behind++
			m.State = CommitmentBehind
		case CommitmentOnTrack:
			if m.State == CommitmentDone {
				m.State = CommitmentOnTrack
			}
		}
	}
}

// Fulfilment is a delivery the enterprise reports against a commitment,
// with its evidence: the document (an act of acceptance, an invoice, an
// order of employment) by number and description, and optionally the
// file. The college may confirm receipt.
type Fulfilment struct {
	ID           int64     `json:"id"`
	MemorandumID int64     `json:"memorandum_id"`
	CommitmentID int64     `json:"commitment_id"`
	Quantity     int       `json:"quantity"`
	Value        int64     `json:"value"` // tenge, equipment only
	DeliveredOn  time.Time `json:"delivered_on"`
	Document     string    `json:"document"`    // the evidence's number, e.g. "Акт № 17"
	Description  string    `json:"description"` // what was delivered, to whom
	// The evidence file, if one was uploaded (EvidenceType sniffed from
	// its bytes); its bytes are read separately.
	EvidenceName string `json:"evidence_name,omitempty"`
	EvidenceType string `json:"evidence_type,omitempty"`
	EvidenceSize int    `json:"evidence_size,omitempty"`

	ReportedBy  int64     `json:"reported_by,omitempty"` // the user who reported it
	ReportedAt  time.Time `json:"reported_at"`
	ConfirmedBy int64     `json:"confirmed_by,omitempty"` // the college's user
	ConfirmedAt time.Time `json:"confirmed_at,omitzero"`
}

// Confirmed reports whether the college confirmed receipt.
func (f *Fulfilment) Confirmed() bool { return !f.ConfirmedAt.IsZero() }

// Validate trims and checks a report of the commitment of kind k on day
// today: a delivery has happened (not in the future), has units, and for
// equipment a value.
func (f *Fulfilment) Validate(k CommitmentKind, today time.Time) error {
	f.Document = strings.TrimSpace(f.Document)
	f.Description = strings.TrimSpace(f.Description)
	f.EvidenceName = strings.TrimSpace(f.EvidenceName)
	switch {
	case f.MemorandumID <= 0:
		return Invalid("memorandum_id", "error.memorandum.required", "memorandum is required")
	case f.CommitmentID <= 0:
		return Invalid("commitment_id", "error.commitment.required", "choose the commitment")
	case f.Quantity < 1 || f.Quantity > MaxCommitmentUnits:
		return Invalid("quantity", "error.commitment.quantity", "the quantity must be a whole number from 1").
			With("max", strconv.Itoa(MaxCommitmentUnits))
	case k == CommitEquipment && (f.Value < 1 || f.Value > MaxTenge):
		return Invalid("value", "error.commitment.value", "equipment needs its value in tenge")
	case k != CommitEquipment && f.Value != 0:
		return Invalid("value", "error.commitment.value_equipment_only", "only equipment has a value in tenge")
	case f.DeliveredOn.IsZero():
		return Invalid("delivered_on", "error.date.required", "a date is required")
	case DateInUTC(f.DeliveredOn).After(today):
		return Invalid("delivered_on", "error.fulfilment.future", "a delivery is reported once it has happened")
	case f.Document == "" || len([]rune(f.Document)) > 100:
		return Invalid("document", "error.fulfilment.document", "name the document that proves the delivery (up to 100 characters)")
	case len([]rune(f.Description)) > 1000:
		return Invalid("description", "error.text.too_long", "too long").With("max", "1000")
	case len([]rune(f.EvidenceName)) > 200:
		return Invalid("evidence", "error.text.too_long", "too long").With("max", "200")
	}
	f.DeliveredOn = DateInUTC(f.DeliveredOn)
	return nil
}

// Evidence is an uploaded evidence file.
type Evidence struct {
	Name string
	Type string // sniffed from Data
	Data []byte
}

// MemorandumFilter selects memoranda.
type MemorandumFilter struct {
	RegionID     int
	CollegeID    int64
	EnterpriseID int64
	State        CommitmentState // on the day of the query; "" for any
	// InForce selects the memoranda whose period covers the day.
	InForce bool
	Query   string // the start of the memorandum's number
	Sort    string // MemorandumSorts; the first is the default
	Page    Page
}

// MemorandumSorts are the orders of a list of memoranda: newest period
// first, by number, or the memoranda behind first.
var MemorandumSorts = []string{"-starts_on", "number", "behind"}

// Validate checks the filter and fills in defaults.
func (f *MemorandumFilter) Validate() error {
	if f.State != "" && !slices.Contains(CommitmentStates, f.State) {
		return Invalid("state", "error.commitment.state", "unknown state")
	}
	if err := ValidateSort(&f.Sort, MemorandumSorts...); err != nil {
		return err
	}
	return f.Page.Normalize()
}

// PatronageScope selects the memoranda that patronage figures count: those
// in force on the day, of a region, a college or an enterprise (0: all).
type PatronageScope struct {
	RegionID     int
	CollegeID    int64
	EnterpriseID int64
}

// PatronageFigures are what patronage has delivered, over the memoranda in
// force on Day (the period covers it).
type PatronageFigures struct {
	Day        time.Time `json:"day"`
	Memoranda  int       `json:"memoranda"`
	Patrons    int       `json:"patrons"`  // distinct enterprises
	Colleges   int       `json:"colleges"` // distinct colleges under patronage
	Behind     int       `json:"behind"`   // memoranda with a commitment behind
	Commitment struct {
		OnTrack int `json:"on_track"`
		Behind  int `json:"behind"`
		Done    int `json:"done"`
	} `json:"commitments"`
	// Units promised and delivered by kind.
	Kinds []KindFigures `json:"kinds"`
	// Equipment in tenge: promised, delivered as reported, and of that
	// what the colleges confirmed.
	EquipmentPromised  int64 `json:"equipment_promised"`
	EquipmentDelivered int64 `json:"equipment_delivered"`
	EquipmentConfirmed int64 `json:"equipment_confirmed"`
	// Regions breaks the figures down by region (for a scope wider than
	// one college or enterprise), by region ID; a region without
	// memoranda is absent.
	Regions []RegionPatronage `json:"regions,omitempty"`
}

// KindFigures are the units of one kind of commitment.
type KindFigures struct {
	Kind      CommitmentKind `json:"kind"`
	Promised  int            `json:"promised"`
	Delivered int            `json:"delivered"`
}

// RegionPatronage is one region's line of the figures.
type RegionPatronage struct {
	RegionID           int   `json:"region_id"`
	Region             Names `json:"region_name"`
	Memoranda          int   `json:"memoranda"`
	Patrons            int   `json:"patrons"`
	Colleges           int   `json:"colleges"`
	Behind             int   `json:"behind"` // memoranda with a commitment behind
	EquipmentDelivered int64 `json:"equipment_delivered"`
}

// PatronageService keeps patronage memoranda and what was delivered.
type PatronageService interface {
	// Memoranda returns a page of memoranda with their states on today's
	// date (their commitments are not filled in).
	Memoranda(ctx context.Context, f MemorandumFilter) (List[Memorandum], error)
	// Memorandum returns one memorandum with its commitments, each with its
	// reports, and the states on today's date; ENOTFOUND if there is none.
	Memorandum(ctx context.Context, id int64) (Memorandum, error)
	// SaveMemorandum records (ID 0) or changes a memorandum with its
	// commitments: a commitment with an ID is changed, one without is
	// added, a stored one left out is removed. EINVALID for bad input, a
	// college outside the region, or the removal of a commitment with
	// reports (error.commitment.reported); ECONFLICT for a number taken in
	// the region; ENOTFOUND for an unknown ID.
	SaveMemorandum(ctx context.Context, m *Memorandum) error
	// ReportFulfilment records a delivery against a commitment of the
	// memorandum, with its evidence file if ev is not nil; it sets f's ID
	// and ReportedAt. EINVALID for bad input, a date before the period or
	// an evidence file of another type than EvidenceTypes or over
	// MaxEvidenceBytes; ENOTFOUND for a commitment not of the memorandum.
	ReportFulfilment(ctx context.Context, f *Fulfilment, ev *Evidence) error
	// Fulfilment returns one report; ENOTFOUND if there is none.
	Fulfilment(ctx context.Context, id int64) (Fulfilment, error)
	// ConfirmFulfilment records the college's confirmation of receipt;
	// ECONFLICT (error.fulfilment.confirmed) when it is confirmed already.
	ConfirmFulfilment(ctx context.Context, id int64) error
	// Evidence returns a report's evidence file; ENOTFOUND if it has none.
	Evidence(ctx context.Context, fulfilmentID int64) (Evidence, error)
	// PatronageFigures counts the memoranda in force today within the
	// scope, with their commitments' states and deliveries.
	PatronageFigures(ctx context.Context, sc PatronageScope) (PatronageFigures, error)
}
