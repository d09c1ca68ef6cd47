package domain

import (
	"context"
	"strings"
	"time"
)

// OfferStatus is where a placement offer is in its life.
//
//	draft → submitted → approved → open → closed
//	            ↘ referred (with a reason) → submitted again
type OfferStatus string

// Offer states.
const (
	OfferDraft     OfferStatus = "draft"
	OfferSubmitted OfferStatus = "submitted"
	OfferReferred  OfferStatus = "referred" // referred back by the approver with a reason
	OfferApproved  OfferStatus = "approved"
	OfferOpen      OfferStatus = "open"
	OfferClosed    OfferStatus = "closed"
)

// OfferStatuses lists every state in order.
var OfferStatuses = []OfferStatus{OfferDraft, OfferSubmitted, OfferReferred, OfferApproved, OfferOpen, OfferClosed}

// Offer is a placement an enterprise publishes: so many places for a
// qualification at a site for a period. The allocation engine (match)
// reads open offers with their capacities; Reserved offers are open only to
// holders of targeted-training contracts.
type Offer struct {
	ID           int64 `json:"id"`
	EnterpriseID int64 `json:"enterprise_id"`
	// Ref is the enterprise's own reference for the offer (a vacancy or
	// order number), which an import of its offers finds it by; "" for an
	// offer made on the page.
	Ref string `json:"ref,omitempty"`
	// CollegeID is the partner college that approves the offer; 0 leaves
	// the approval to the regional education department of the site.
	CollegeID         int64       `json:"college_id,omitempty"`
	QualificationCode string      `json:"qualification_code"`
	CityID            int64       `json:"city_id"` // the site
	Capacity          int         `json:"capacity"`
	StartsOn          time.Time   `json:"starts_on"`
	EndsOn            time.Time   `json:"ends_on"`
	Weekdays          Weekdays    `json:"weekdays"` // days at the enterprise
	HoursPerWeek      int         `json:"hours_per_week"`
	Requirements      string      `json:"requirements"`
	StipendTenge      int         `json:"stipend_tenge"` // a month; 0 if none
	Reserved          bool        `json:"reserved"`
	Status            OfferStatus `json:"status"`
	ReferralReason    string      `json:"referral_reason,omitempty"`
	CreatedAt         time.Time   `json:"created_at"`
	UpdatedAt         time.Time   `json:"updated_at"`

	// Read-only, for display.
	RegionID      int     `json:"region_id"` // of the site
	Enterprise    Names   `json:"enterprise_name"`
	EnterpriseBIN string  `json:"enterprise_bin"`
	College       Names   `json:"college_name"`
	Qualification Names   `json:"qualification_name"`
	City          Names   `json:"city_name"`
	Accepted      int     `json:"accepted"`              // places taken: applications and round placements accepted
	Applications  int     `json:"applications"`          // applications waiting
	DistanceKm    float64 `json:"distance_km,omitempty"` // from the reader's city, when asked for
}

// Validate checks what an enterprise can edit.
func (o *Offer) Validate() error {
	switch {
	case o.EnterpriseID <= 0:
		return Invalid("enterprise_id", "error.enterprise.required", "enterprise is required")
	case !IsQualificationCode(o.QualificationCode):
		return Invalid("qualification_code", "error.qualification.code", "qualification code must be 3W or 4S followed by 8 digits")
	case o.CityID <= 0:
		return Invalid("city_id", "error.city.required", "the site's city is required")
	}
	return o.ValidateTerms()
}

// ValidateTerms checks the terms of the offer: its places, period, days,
// hours, requirements and stipend. Validate checks them with the rest; an
// import checks them on its own, before the enterprise and the city are
// looked up. The error's Field names the term.
func (o *Offer) ValidateTerms() error {
	o.Requirements = strings.TrimSpace(o.Requirements)
	if o.Capacity < 1 || o.Capacity > 1000 {
		return Invalid("capacity", "error.offer.capacity", "capacity must be 1 to 1000 places")
	}
	if err := checkSchedule(o.StartsOn, o.EndsOn, o.Weekdays, o.HoursPerWeek, 3); err != nil {
		return err
	}
	switch {
	case len([]rune(o.Requirements)) > 2000:
		return Invalid("requirements", "error.text.too_long", "too long").With("max", "2000")
	case o.StipendTenge < 0 || o.StipendTenge > 10_000_000:
		return Invalid("stipend_tenge", "error.money", "an amount in tenge must be 0 or more")
	}
	o.StartsOn, o.EndsOn = Date(o.StartsOn), Date(o.EndsOn)
	return nil
}

// Editable reports whether the enterprise may still change the offer.
func (o *Offer) Editable() bool { return o.Status == OfferDraft || o.Status == OfferReferred }

// OfferFilter selects offers.
type OfferFilter struct {
	Status        OfferStatus
	EnterpriseID  int64
	CollegeID     int64 // offers a college approves
	RegionID      int   // of the site
	CityID        int64
	Qualification string // specialty (8 digits) or qualification code
	// FromCityID orders by distance from this city and fills DistanceKm.
	FromCityID int64
	Sort       string // "distance" (needs FromCityID), "-created" (default)
	Page       Page
}

// Offer sort orders.
const (
	SortNewest   = "-created"
	SortDistance = "distance"
)

// Validate checks the filter and fills in defaults.
func (f *OfferFilter) Validate() error {
	if f.Status != "" && !validOfferStatus(f.Status) {
		return Invalid("status", "error.offer.status", "unknown offer status")
	}
	if q := f.Qualification; q != "" && !IsSpecialtyCode(q) && !IsQualificationCode(q) {
		return Invalid("qualification", "error.qualification.filter", "qualification must be a specialty or qualification code")
	}
	switch f.Sort {
	case "":
		f.Sort = SortNewest
		if f.FromCityID != 0 {
			f.Sort = SortDistance
		}
	case SortNewest:
	case SortDistance:
		if f.FromCityID == 0 {
			f.Sort = SortNewest
		}
	default:
		return Invalid("sort", "error.sort", "unknown sort order")
	}
	return f.Page.Normalize()
}

func validOfferStatus(s OfferStatus) bool {
	for _, v := range OfferStatuses {
		if v == s {
			return true
		}
	}
	return false
}

// ApplicationStatus is where a student's application to an offer is.
type ApplicationStatus string

// Application states.
const (
	ApplicationPending   ApplicationStatus = "pending"
	ApplicationAccepted  ApplicationStatus = "accepted" // a draft agreement was created
	ApplicationDeclined  ApplicationStatus = "declined"
	ApplicationWithdrawn ApplicationStatus = "withdrawn"
)

// Application is a student's request for a place on an offer.
type Application struct {
	ID          int64             `json:"id"`
	OfferID     int64             `json:"offer_id"`
	StudentID   int64             `json:"student_id"`
	Status      ApplicationStatus `json:"status"`
	Note        string            `json:"note,omitempty"`   // the student's cover note
	Reason      string            `json:"reason,omitempty"` // the enterprise's reason for declining
	AgreementID int64             `json:"agreement_id,omitempty"`
	CreatedAt   time.Time         `json:"created_at"`
	DecidedAt   time.Time         `json:"decided_at,omitzero"`

	// Read-only, for display.
	Student       PersonName `json:"student_name"`
	College       Names      `json:"college_name"`
	Enterprise    Names      `json:"enterprise_name"`
	Qualification Names      `json:"qualification_name"`
}

// ApplicationFilter selects applications.
type ApplicationFilter struct {
	OfferID      int64
	StudentID    int64
	EnterpriseID int64
	CollegeID    int64
	RegionID     int
	Status       ApplicationStatus
	Page         Page
}

// Validate fills in defaults.
func (f *ApplicationFilter) Validate() error {
	switch f.Status {
	case "", ApplicationPending, ApplicationAccepted, ApplicationDeclined, ApplicationWithdrawn:
	default:
		return Invalid("status", "error.application.status", "unknown application status")
	}
	return f.Page.Normalize()
}

// OfferService publishes offers and takes applications. Each transition
// returns ECONFLICT (key error.offer.state) when the offer is not in a
// state that allows it.
type OfferService interface {
	Offers(ctx context.Context, f OfferFilter) (List[Offer], error)
	// Offer returns one offer; ENOTFOUND if there is none.
	Offer(ctx context.Context, id int64) (Offer, error)
	// SaveOffer creates a draft (ID 0) or changes a draft or referred
	// offer; the region comes from the city.
	SaveOffer(ctx context.Context, o *Offer) error
	// SubmitOffer: draft or referred → submitted.
	SubmitOffer(ctx context.Context, id int64) error
	// ApproveOffer: submitted → approved.
	ApproveOffer(ctx context.Context, id int64) error
	// ReferOffer: submitted → referred, with a reason (EINVALID if empty).
	ReferOffer(ctx context.Context, id int64, reason string) error
	// OpenOffer: approved → open; students can apply.
	OpenOffer(ctx context.Context, id int64) error
	// CloseOffer: open → closed; pending applications are declined.
	CloseOffer(ctx context.Context, id int64) error

	Applications(ctx context.Context, f ApplicationFilter) (List[Application], error)
	Application(ctx context.Context, id int64) (Application, error)
	// Apply records a student's application to an open offer; ECONFLICT if
	// the offer is not open, the student already applied, or the student's
	// programme leads to another qualification.
	Apply(ctx context.Context, a *Application) error
	// WithdrawApplication: the student takes back a pending application.
	WithdrawApplication(ctx context.Context, id int64) error
	// AcceptApplication accepts a pending application and creates the draft
	// agreement for it, in one transaction; ECONFLICT when the offer is
	// full or the student already has a live agreement. Returns the
	// agreement's ID.
	AcceptApplication(ctx context.Context, id int64) (int64, error)
	// DeclineApplication declines a pending application with a reason.
	DeclineApplication(ctx context.Context, id int64, reason string) error
}
