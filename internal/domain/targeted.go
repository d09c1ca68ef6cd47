package domain

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Targeted training ("целевая подготовка", DOMAIN.md §4 rule 7): an
// employer orders graduates of a qualification for a region and a year of
// intake (TrainingOrder); the college, the employer and the student sign
// a contract against the order (TargetedContract), which opens to the
// student the offers the employer reserves for its contract holders; and
// after graduation the graduate owes the employer a period of work, the
// work obligation, whose states are
//
//	studying ─(graduation)→ pending → working ⇄ deferred → fulfilled
//	                                 ↘           ↘        ↘ breached
//	studying → cancelled (the contract ends before graduation)
//
// pending: graduated, not yet at work; the graduate must start by StartBy.
// working: at work; the obligation is served on EndsOn if the work goes on.
// deferred: not at work for a reason the contract accepts (military
// service, further study, parental leave) until DeferredUntil; the time
// does not count as served, and the deferral ends back at work or pending
// (with a fresh window to start). fulfilled: the time is served. breached:
// the graduate left or never started; the reimbursement is computed
// (Reimbursement). The college and the employer are alerted at every
// change and before every deadline (Alert).

// ObligationState is the state of a contract's work obligation.
type ObligationState string

// Obligation states.
const (
	ObligationStudying  ObligationState = "studying"
	ObligationPending   ObligationState = "pending"
	ObligationWorking   ObligationState = "working"
	ObligationDeferred  ObligationState = "deferred"
	ObligationFulfilled ObligationState = "fulfilled"
	ObligationBreached  ObligationState = "breached"
	ObligationCancelled ObligationState = "cancelled"
)

// ObligationStates lists every state in the order pages show them.
var ObligationStates = []ObligationState{ObligationStudying, ObligationPending, ObligationWorking, ObligationDeferred,
	ObligationFulfilled, ObligationBreached, ObligationCancelled}

// Valid reports whether s is a known state.
func (s ObligationState) Valid() bool { return slices.Contains(ObligationStates, s) }

// Closed reports whether the state is final.
func (s ObligationState) Closed() bool {
	return s == ObligationFulfilled || s == ObligationBreached || s == ObligationCancelled
}

// obligationMoves are the changes a college or an employer records; the
// start of the obligation at graduation (studying → pending) is the
// store's, from the day of graduation, and working → fulfilled also
// happens by itself on the day the time is served (SweepObligations).
var obligationMoves = map[ObligationState][]ObligationState{
	ObligationStudying: {ObligationCancelled},
	ObligationPending:  {ObligationWorking, ObligationDeferred, ObligationBreached},
	ObligationWorking:  {ObligationDeferred, ObligationFulfilled, ObligationBreached},
	ObligationDeferred: {ObligationWorking, ObligationPending, ObligationBreached},
}

// ObligationMovesFrom lists the states a person may move an obligation to
// from s, in the order of ObligationStates.
func ObligationMovesFrom(s ObligationState) []ObligationState { return obligationMoves[s] }

// DeferralReason is why a graduate is not at work without breaching the
// obligation.
type DeferralReason string

// Reasons of deferral.
const (
	DeferMilitary DeferralReason = "military_service"
	DeferStudy    DeferralReason = "further_study"
	DeferParental DeferralReason = "parental_leave"
)

// DeferralReasons lists every reason in the order forms offer them.
var DeferralReasons = []DeferralReason{DeferMilitary, DeferStudy, DeferParental}

// Valid reports whether r is a known reason.
func (r DeferralReason) Valid() bool { return slices.Contains(DeferralReasons, r) }

// TargetedPolicy are the numbers of targeted training a ministry may
// change (DOMAIN.md: policy, not verified against the full legal text).
type TargetedPolicy struct {
	// ObligationMonths is the work obligation of a contract that names
	// none: typically three years.
	ObligationMonths int
	// StartWithinMonths: a graduate starts work within this many months of
	// graduation, or of the end of a deferral, or is in breach.
	StartWithinMonths int
	// AlertDaysBefore: the college and the employer are alerted this many
	// days before a deadline (the start, the end of a deferral, the end of
	// the obligation).
	AlertDaysBefore int
	// MaxDeferralMonths bounds one deferral per reason: conscript service
	// is 12 months (24 leaves room for the call-up), full-time further
	// study up to five years, parental leave up to three (Labour Code).
	MaxDeferralMonths map[DeferralReason]int
}

// DefaultTargetedPolicy are the shipped values.
var DefaultTargetedPolicy = TargetedPolicy{
	ObligationMonths:  36,
	StartWithinMonths: 3,
	AlertDaysBefore:   30,
	MaxDeferralMonths: map[DeferralReason]int{DeferMilitary: 24, DeferStudy: 60, DeferParental: 36},
}

// Limits of targeted training.
const (
	MinObligationMonths = 12
	MaxObligationMonths = 60
	MaxOrderGraduates   = 5_000
)

// ObligationDays is the work an obligation of months months asks, in
// days: a month is 365/12 days, so three years are 1,095 days whatever
// the calendar.
func ObligationDays(months int) int { return months * 365 / 12 }

// Reimbursement is what a graduate in breach repays the employer (policy):
// the cost of the training times the share of the obligation not served,
//
//	cost × (required − served) / required   (whole tenge, rounded down)
//
// with served counted within 0…required. A graduate who never started
// repays the whole cost; one who served two years of three, a third. The
// rules of targeted training provide reimbursement in proportion to the
// time not worked; the cost is the contract's (what the employer paid
// for the training).
func Reimbursement(cost int64, requiredDays, servedDays int) int64 {
	if requiredDays <= 0 || cost <= 0 {
		return 0
	}
	served := min(max(servedDays, 0), requiredDays)
	return cost * int64(requiredDays-served) / int64(requiredDays)
}

// TrainingOrder is an employer's order for graduates of a qualification
// (or of a specialty, for the programmes that name no qualification while
// the classifier lacks it), trained in a region, for a year of intake.
type TrainingOrder struct {
	ID                int64  `json:"id"`
	EnterpriseID      int64  `json:"enterprise_id"`
	RegionID          int    `json:"region_id"`
	QualificationCode string `json:"qualification_code"`
	Year              int    `json:"year"` // of intake
	Graduates         int    `json:"graduates"`
	Note              string `json:"note"`

	// Read-only: the contracts signed against it (not cancelled), names.
	Contracts     int       `json:"contracts"`
	Enterprise    Names     `json:"enterprise_name"`
	Region        Names     `json:"region_name"`
	Qualification Names     `json:"qualification_name"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Open reports whether the order has room for another contract.
func (o *TrainingOrder) Open() bool { return o.Contracts < o.Graduates }

// Validate trims and checks the order.
func (o *TrainingOrder) Validate() error {
	o.QualificationCode = strings.TrimSpace(o.QualificationCode)
	o.Note = strings.TrimSpace(o.Note)
	switch {
	case o.EnterpriseID <= 0:
		return Invalid("enterprise_id", "error.enterprise.required", "enterprise is required")
	case o.RegionID <= 0:
		return Invalid("region_id", "error.region.required", "region is required")
	case !IsQualificationCode(o.QualificationCode) && !IsSpecialtyCode(o.QualificationCode):
		return Invalid("qualification_code", "error.qualification.filter", "qualification must be a specialty or qualification code")
	case o.Year < 2000 || o.Year > 2100:
		return Invalid("year", "error.seats.year", "the year of intake is out of range")
	case o.Graduates < 1 || o.Graduates > MaxOrderGraduates:
		return Invalid("graduates", "error.order.graduates", "the number of graduates must be from 1").
			With("max", strconv.Itoa(MaxOrderGraduates))
	case len([]rune(o.Note)) > 2000:
		return Invalid("note", "error.text.too_long", "too long").With("max", "2000")
	}
	return nil
}

// TargetedContract is a targeted-training contract of a student, the
// employer and the college against an order, with the student's work
// obligation after graduation.
type TargetedContract struct {
	ID           int64     `json:"id"`
	OrderID      int64     `json:"order_id"`
	StudentID    int64     `json:"student_id"`
	EnterpriseID int64     `json:"enterprise_id"` // the order's
	CollegeID    int64     `json:"college_id"`    // the student's
	RegionID     int       `json:"region_id"`     // the order's, the college's
	Year         int       `json:"year"`          // the order's year of intake
	Number       string    `json:"number"`
	SignedOn     time.Time `json:"signed_on"`
	// TuitionCost is what the training costs the employer, in tenge: the
	// base of the reimbursement on a breach.
	TuitionCost      int64 `json:"tuition_cost"`
	ObligationMonths int   `json:"obligation_months"`

	// The obligation, kept by Start and Move.
	State          ObligationState `json:"state"`
	StateSince     time.Time       `json:"state_since"`
	GraduatedOn    time.Time       `json:"graduated_on,omitzero"`
	StartBy        time.Time       `json:"start_by,omitzero"`      // pending: the last day to start work
	WorkingSince   time.Time       `json:"working_since,omitzero"` // working: this period's first day
	ServedDays     int             `json:"served_days"`            // in periods of work that ended
	DeferralReason DeferralReason  `json:"deferral_reason,omitempty"`
	DeferredUntil  time.Time       `json:"deferred_until,omitzero"`
	EndsOn         time.Time       `json:"ends_on,omitzero"` // working: the day the time is served
	Reimbursement  int64           `json:"reimbursement"`    // breached: tenge
	Note           string          `json:"note"`             // of the last change
	CreatedAt      time.Time       `json:"created_at"`
	UpdatedAt      time.Time       `json:"updated_at"`

	// Read-only, for display.
	Student       PersonName        `json:"student_name"`
	Enterprise    Names             `json:"enterprise_name"`
	College       Names             `json:"college_name"`
	Region        Names             `json:"region_name"`
	Qualification Names             `json:"qualification_name"`
	History       []ObligationEvent `json:"history,omitempty"` // oldest first (one contract's read)
}

// RequiredDays is the work the contract's obligation asks, in days.
func (c *TargetedContract) RequiredDays() int { return ObligationDays(c.ObligationMonths) }

// ServedOn is the work served by day on, the running period included.
func (c *TargetedContract) ServedOn(on time.Time) int {
	served := c.ServedDays
	if c.State == ObligationWorking && !c.WorkingSince.IsZero() {
		served += max(daysBetween(c.WorkingSince, on), 0)
	}
	return min(served, c.RequiredDays())
}

// Deadline is the day the state must change by: the start of work
// (pending), the end of the deferral (deferred) or of the obligation
// (working). ok is false for the other states.
func (c *TargetedContract) Deadline() (day time.Time, ok bool) {
	switch c.State {
	case ObligationPending:
		return c.StartBy, !c.StartBy.IsZero()
	case ObligationDeferred:
		return c.DeferredUntil, !c.DeferredUntil.IsZero()
	case ObligationWorking:
		return c.EndsOn, !c.EndsOn.IsZero()
	}
	return time.Time{}, false
}

// Validate trims and checks a new contract on day today, and sets its
// obligation to studying from the day of signing; ObligationMonths 0
// takes the policy's.
func (c *TargetedContract) Validate(p TargetedPolicy, today time.Time) error {
	c.Number = strings.TrimSpace(c.Number)
	c.Note = strings.TrimSpace(c.Note)
	if c.ObligationMonths == 0 {
		c.ObligationMonths = p.ObligationMonths
	}
	switch {
	case c.OrderID <= 0:
		return Invalid("order_id", "error.contract.order", "choose the employer's order")
	case c.StudentID <= 0:
		return Invalid("student_id", "error.contract.student", "choose the student")
	case c.Number == "" || len([]rune(c.Number)) > 50:
		return Invalid("number", "error.contract.number", "the contract's number is required (up to 50 characters)")
	case c.SignedOn.IsZero():
		return Invalid("signed_on", "error.date.required", "a date is required")
	case DateInUTC(c.SignedOn).After(today):
		return Invalid("signed_on", "error.contract.future", "a contract is recorded once it is signed")
	case c.TuitionCost < 0 || c.TuitionCost > MaxTenge:
		return Invalid("tuition_cost", "error.money", "an amount in tenge must be 0 or more")
	case c.ObligationMonths < MinObligationMonths || c.ObligationMonths > MaxObligationMonths:
		return Invalid("obligation_months", "error.contract.months", "the obligation runs for 12 to 60 months").
			With("min", strconv.Itoa(MinObligationMonths)).With("max", strconv.Itoa(MaxObligationMonths))
	case len([]rune(c.Note)) > 1000:
		return Invalid("note", "error.text.too_long", "too long").With("max", "1000")
	}
	c.SignedOn = DateInUTC(c.SignedOn)
	c.State, c.StateSince = ObligationStudying, c.SignedOn
	return nil
}

// Start begins the obligation of a contract whose student graduated on
// graduatedOn: pending, to start work within the policy's months.
func (c *TargetedContract) Start(graduatedOn time.Time, p TargetedPolicy) {
	on := DateInUTC(graduatedOn)
	c.State, c.StateSince, c.GraduatedOn, c.Note = ObligationPending, on, on, ""
	c.StartBy = PointDate(on, p.StartWithinMonths)
}

// ObligationMove is a change of an obligation's state as a college or an
// employer records it.
type ObligationMove struct {
	To     ObligationState `json:"to"`
	On     time.Time       `json:"on"`               // the day it happened
	Reason DeferralReason  `json:"reason,omitempty"` // deferred: why
	Until  time.Time       `json:"until,omitzero"`   // deferred: the day it ends
	Note   string          `json:"note"`             // required for a breach or a cancellation
}

// Move applies m on day today: it checks that the change is allowed from
// the current state, on a day neither in the future nor before the
// current state began, counts the days served by a period of work that
// ends, and sets the new state's deadline — or, on a breach, the
// reimbursement. ECONFLICT (error.obligation.move with {from} and {to})
// for a change the state machine does not have, (error.obligation.not_served
// with {days}) for fulfilment before the time is served; EINVALID for the
// fields.
func (c *TargetedContract) Move(m ObligationMove, p TargetedPolicy, today time.Time) error {
	m.Note = strings.TrimSpace(m.Note)
	if !slices.Contains(obligationMoves[c.State], m.To) {
		return Errorf(ECONFLICT, "error.obligation.move", "an obligation cannot move from %s to %s", c.State, m.To).
			With("from", string(c.State)).With("to", string(m.To))
	}
	on := DateInUTC(m.On)
	switch {
	case m.On.IsZero():
		return Invalid("on", "error.date.required", "a date is required")
	case on.After(today):
		return Invalid("on", "error.obligation.future", "a change is recorded once it has happened")
	case on.Before(c.StateSince):
		return Invalid("on", "error.obligation.before_state", "the change cannot be before the current state began").
			With("since", c.StateSince.Format(time.DateOnly))
	case len([]rune(m.Note)) > 1000:
		return Invalid("note", "error.text.too_long", "too long").With("max", "1000")
	case (m.To == ObligationBreached || m.To == ObligationCancelled) && m.Note == "":
		return Invalid("note", "error.obligation.note", "say why")
	}
	if m.To == ObligationDeferred {
		until := DateInUTC(m.Until)
		maxMonths := p.MaxDeferralMonths[m.Reason]
		switch {
		case !m.Reason.Valid():
			return Invalid("reason", "error.obligation.reason", "choose the reason of the deferral")
		case m.Until.IsZero() || !until.After(on):
			return Invalid("until", "error.obligation.until", "the deferral ends after it starts")
		case until.After(PointDate(on, maxMonths)):
			return Invalid("until", "error.obligation.too_long", "the deferral is too long for its reason").
				With("months", strconv.Itoa(maxMonths))
		}
	}
	served := c.ServedOn(on)
	if m.To == ObligationFulfilled && served < c.RequiredDays() {
		return Errorf(ECONFLICT, "error.obligation.not_served", "%d days of the obligation are still to serve",
			c.RequiredDays()-served).With("days", strconv.Itoa(c.RequiredDays()-served))
	}
	c.ServedDays, c.WorkingSince, c.StartBy, c.EndsOn = served, time.Time{}, time.Time{}, time.Time{}
	c.DeferralReason, c.DeferredUntil = "", time.Time{}
	switch m.To {
	case ObligationWorking:
		c.WorkingSince = on
		c.EndsOn = on.AddDate(0, 0, c.RequiredDays()-served)
	case ObligationDeferred:
		c.DeferralReason, c.DeferredUntil = m.Reason, DateInUTC(m.Until)
	case ObligationPending:
		c.StartBy = PointDate(on, p.StartWithinMonths)
	case ObligationBreached:
		c.Reimbursement = Reimbursement(c.TuitionCost, c.RequiredDays(), served)
	}
	c.State, c.StateSince, c.Note = m.To, on, m.Note
	return nil
}

// ObligationEvent is one change of an obligation, for its history.
type ObligationEvent struct {
	From          ObligationState `json:"from"`
	To            ObligationState `json:"to"`
	On            time.Time       `json:"on"`
	Reason        DeferralReason  `json:"reason,omitempty"`
	Until         time.Time       `json:"until,omitzero"`
	Note          string          `json:"note"`
	Login         string          `json:"login"` // who recorded it; "system" for the store's own
	RecordedAt    time.Time       `json:"recorded_at"`
	Reimbursement int64           `json:"reimbursement,omitempty"`
}

// OrderFilter selects training orders.
type OrderFilter struct {
	RegionID      int
	EnterpriseID  int64
	Year          int
	Qualification string
	OpenOnly      bool // with room for another contract
	Sort          string
	Page          Page
}

// OrderSorts are the orders of a list of training orders: newest year
// first, by qualification, the most graduates first.
var OrderSorts = []string{"-year", "qualification", "-graduates"}

// Validate checks the filter and fills in defaults.
func (f *OrderFilter) Validate() error {
	if q := f.Qualification; q != "" && !IsQualificationCode(q) && !IsSpecialtyCode(q) {
		return Invalid("qualification", "error.qualification.filter", "qualification must be a specialty or qualification code")
	}
	if err := ValidateSort(&f.Sort, OrderSorts...); err != nil {
		return err
	}
	return f.Page.Normalize()
}

// ContractFilter selects targeted-training contracts.
type ContractFilter struct {
	RegionID     int
	CollegeID    int64
	EnterpriseID int64
	OrderID      int64
	StudentID    int64
	Year         int
	State        ObligationState
	// DueWithin selects the obligations whose deadline is within this many
	// days of today (0: any).
	DueWithin int
	Sort      string
	Page      Page
}

// ContractSorts are the orders of a list of contracts: the nearest
// deadline first, the latest change first, by number.
var ContractSorts = []string{"deadline", "-updated", "number"}

// Validate checks the filter and fills in defaults.
func (f *ContractFilter) Validate() error {
	if f.State != "" && !f.State.Valid() {
		return Invalid("state", "error.obligation.state", "unknown state of the obligation")
	}
	if f.DueWithin < 0 || f.DueWithin > 3660 {
		return Invalid("due_within", "error.obligation.due_within", "the number of days is out of range")
	}
	if err := ValidateSort(&f.Sort, ContractSorts...); err != nil {
		return err
	}
	return f.Page.Normalize()
}

// TargetedOverviewFilter selects an overview: the nation's (by region) or
// a region's (by employer), for a year of intake (0: every year).
type TargetedOverviewFilter struct {
	RegionID int
	Year     int
}

// TargetedTotal is a region's (on the nation's overview) or an
// employer's (on a region's) targeted training.
type TargetedTotal struct {
	RegionID      int                     `json:"region_id,omitempty"`
	EnterpriseID  int64                   `json:"enterprise_id,omitempty"`
	Name          Names                   `json:"name"`
	Orders        int                     `json:"orders"`
	Ordered       int                     `json:"ordered"`   // graduates ordered
	Contracts     int                     `json:"contracts"` // not cancelled
	States        map[ObligationState]int `json:"states"`
	Reimbursement int64                   `json:"reimbursement"` // of the breaches, tenge
}

// Add counts contracts in a state into the total.
func (t *TargetedTotal) Add(s ObligationState, n int, reimbursement int64) {
	if t.States == nil {
		t.States = map[ObligationState]int{}
	}
	t.States[s] += n
	if s != ObligationCancelled {
		t.Contracts += n
	}
	t.Reimbursement += reimbursement
}

// TargetedOverview is targeted training by region or by employer, with
// the total.
type TargetedOverview struct {
	RegionID int             `json:"region_id,omitempty"`
	Year     int             `json:"year,omitempty"`
	Years    []int           `json:"years"` // the years of the orders on record, newest first
	Rows     []TargetedTotal `json:"rows"`
	Total    TargetedTotal   `json:"total"`
}

// AlertKind is why an alert was raised.
type AlertKind string

// Alert kinds.
const (
	AlertChange   AlertKind = "change"   // the obligation changed state
	AlertDeadline AlertKind = "deadline" // its deadline is near
)

// Alert tells the college and the employer of a contract about its
// obligation: a change of state, or a deadline within
// TargetedPolicy.AlertDaysBefore days (raised once per deadline).
type Alert struct {
	ID           int64           `json:"id"`
	ContractID   int64           `json:"contract_id"`
	CollegeID    int64           `json:"college_id"`
	EnterpriseID int64           `json:"enterprise_id"`
	Kind         AlertKind       `json:"kind"`
	State        ObligationState `json:"state"`            // after the change; whose deadline
	Reason       DeferralReason  `json:"reason,omitempty"` // of a deferral
	DueOn        time.Time       `json:"due_on,omitzero"`  // the state's deadline
	CreatedAt    time.Time       `json:"created_at"`

	// Read-only, for display.
	ContractNumber string     `json:"contract_number"`
	Student        PersonName `json:"student_name"`
	Enterprise     Names      `json:"enterprise_name"`
	College        Names      `json:"college_name"`
}

// AlertFilter selects the alerts of a college or an employer, newest
// first.
type AlertFilter struct {
	CollegeID    int64
	EnterpriseID int64
	Kind         AlertKind
	Page         Page
}

// Validate checks the filter.
func (f *AlertFilter) Validate() error {
	if f.Kind != "" && f.Kind != AlertChange && f.Kind != AlertDeadline {
		return Invalid("kind", "error.alert.kind", "unknown kind of alert")
	}
	return f.Page.Normalize()
}

// SweepResult counts what a sweep of the obligations did.
type SweepResult struct {
	Started   int `json:"started"`   // obligations begun at graduation
	Fulfilled int `json:"fulfilled"` // served in full
	Alerts    int `json:"alerts"`    // deadline alerts raised
}

// TargetedService keeps the orders, the contracts with their obligations
// and the alerts.
type TargetedService interface {
	// TrainingOrders returns a page of orders; EINVALID for a bad filter.
	TrainingOrders(ctx context.Context, f OrderFilter) (List[TrainingOrder], error)
	// TrainingOrder returns one order; ENOTFOUND if there is none.
	TrainingOrder(ctx context.Context, id int64) (TrainingOrder, error)
	// SaveTrainingOrder creates (ID 0) or changes an order; EINVALID for
	// bad input or an unknown qualification, ECONFLICT
	// (error.order.below_contracts) for fewer graduates than contracts.
	SaveTrainingOrder(ctx context.Context, o *TrainingOrder) error
	// TargetedContracts returns a page of contracts; EINVALID for a bad
	// filter.
	TargetedContracts(ctx context.Context, f ContractFilter) (List[TargetedContract], error)
	// TargetedContract returns one contract with its history; ENOTFOUND if
	// there is none.
	TargetedContract(ctx context.Context, id int64) (TargetedContract, error)
	// CreateTargetedContract records a contract of a studying student
	// against an order with room, of the student's qualification, the
	// college's region and the group's year of intake. ENOTFOUND for an
	// unknown order or student; EINVALID for bad input; ECONFLICT for a
	// full order (error.contract.order_full), a student who is not
	// studying (error.contract.student_state), already under contract
	// (error.contract.duplicate) or whose programme, region or intake do
	// not match the order (error.contract.qualification,
	// error.contract.region, error.contract.year).
	CreateTargetedContract(ctx context.Context, c *TargetedContract) error
	// MoveObligation records a change of a contract's obligation (see
	// TargetedContract.Move) with its alerts, and returns the contract as
	// changed. ENOTFOUND for an unknown contract.
	MoveObligation(ctx context.Context, contractID int64, m ObligationMove) (TargetedContract, error)
	// TargetedOverview totals targeted training by region or employer.
	TargetedOverview(ctx context.Context, f TargetedOverviewFilter) (TargetedOverview, error)
	// Alerts returns a page of alerts, newest first.
	Alerts(ctx context.Context, f AlertFilter) (List[Alert], error)
}

// ObligationSweeper runs the obligations' clock: it begins the obligations
// of graduated contract holders, closes those served in full and raises
// the deadline alerts due, each once. The command line and the server's
// periodic loop call it.
type ObligationSweeper interface {
	SweepObligations(ctx context.Context, today time.Time) (SweepResult, error)
}
