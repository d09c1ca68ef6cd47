package domain

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// MinRoundChoices is the least number of offers a round must let a student
// rank (issue 5); the number itself is a policy setting of each round.
const MinRoundChoices = 10

// RoundStatus is where an allocation round is.
//
//	open (students rank until the deadline) → allocated (the engine ran; a
//	preview for the organiser) → published (students see results and accept)
//	→ closed (unaccepted places are released to a supplementary round)
type RoundStatus string

// Round states.
const (
	RoundOpen      RoundStatus = "open"
	RoundAllocated RoundStatus = "allocated"
	RoundPublished RoundStatus = "published"
	RoundClosed    RoundStatus = "closed"
)

// RoundStatuses lists every state in order.
var RoundStatuses = []RoundStatus{RoundOpen, RoundAllocated, RoundPublished, RoundClosed}

// PriorityWeights is the published formula of an enterprise's priority for
// a student in a round: Academic × the student's academic average (0–100)
// + Interview × the interview score the enterprise gave (0–100, 0 where
// none) + SameRegion when the student's college is in the offer's region.
// Ties are broken by the student's lottery number of the round, drawn and
// recorded when the round opens.
type PriorityWeights struct {
	Academic   int `json:"academic"`
	Interview  int `json:"interview"`
	SameRegion int `json:"same_region"`
}

// DefaultPriorityWeights favour the academic record, with an interview
// where one was held and a bonus for staying in the region.
var DefaultPriorityWeights = PriorityWeights{Academic: 7, Interview: 3, SameRegion: 50}

// Score is the priority score of a student at an offer.
func (w PriorityWeights) Score(academicAverage, interview int, sameRegion bool) int {
	s := w.Academic*academicAverage + w.Interview*interview
	if sameRegion {
		s += w.SameRegion
	}
	return s
}

// Round is an allocation round over the open offers of a region (or of the
// whole country when RegionID is 0). A supplementary round (ParentID set)
// runs on the seats its parent left, for the students it did not place.
type Round struct {
	ID          int64           `json:"id"`
	RegionID    int             `json:"region_id,omitempty"`
	ParentID    int64           `json:"parent_id,omitempty"`
	Name        string          `json:"name"`
	MaxChoices  int             `json:"max_choices"`
	Deadline    time.Time       `json:"deadline"` // students rank until then
	Weights     PriorityWeights `json:"weights"`
	Status      RoundStatus     `json:"status"`
	CreatedAt   time.Time       `json:"created_at"`
	RunAt       time.Time       `json:"run_at,omitzero"`
	PublishedAt time.Time       `json:"published_at,omitzero"`

	// Read-only figures.
	Offers   int `json:"offers"`   // offers in the round
	Seats    int `json:"seats"`    // their capacity
	Students int `json:"students"` // students who ranked at least one offer
	Placed   int `json:"placed"`   // after the run
}

// Validate checks what the organiser sets.
func (r *Round) Validate() error {
	r.Name = strings.TrimSpace(r.Name)
	switch {
	case r.Name == "" || len([]rune(r.Name)) > 200:
		return Invalid("name", "error.round.name", "the round needs a name (up to 200 characters)")
	case r.MaxChoices < MinRoundChoices || r.MaxChoices > 50:
		return Invalid("max_choices", "error.round.choices", "students must be able to rank 10 to 50 offers").
			With("min", "10").With("max", "50")
	case r.Deadline.IsZero():
		return Invalid("deadline", "error.date.required", "a date is required")
	case r.Weights.Academic < 0 || r.Weights.Interview < 0 || r.Weights.SameRegion < 0 ||
		r.Weights.Academic > 100 || r.Weights.Interview > 100 || r.Weights.SameRegion > 10000:
		return Invalid("weights", "error.round.weights", "weights must be 0 or more (academic and interview up to 100)")
	case r.Weights.Academic == 0 && r.Weights.Interview == 0 && r.Weights.SameRegion == 0:
		return Invalid("weights", "error.round.weights", "at least one weight must be positive")
	}
	return nil
}

// RoundFilter selects rounds, newest first.
type RoundFilter struct {
	// RegionID selects the rounds that concern a region: its own and the
	// national ones. 0: every round in scope; the access layer narrows it.
	RegionID int
	Status   RoundStatus
	// Scopes set by the access layer, not by users' filters.
	EnterpriseID int64         // rounds with an offer of the enterprise
	Statuses     []RoundStatus // only rounds in one of these states
	Page         Page
}

// Validate fills in defaults.
func (f *RoundFilter) Validate() error {
	if f.Status != "" {
		ok := false
		for _, s := range RoundStatuses {
			ok = ok || s == f.Status
		}
		if !ok {
			return Invalid("status", "error.round.status", "unknown round status")
		}
	}
	return f.Page.Normalize()
}

// RoundOfferFilter selects offers of a round. A student's page asks only
// for what it shows: their qualification, the offers open to them, the
// region and city chosen, one page nearest to their college first.
type RoundOfferFilter struct {
	// Qualification is a specialty (8 digits: every qualification under
	// it) or a qualification code.
	Qualification string
	RegionID      int // of the site
	CityID        int64
	EnterpriseID  int64
	// Reserved, when set, selects the offers reserved for targeted
	// training (true) or the others (false): a student without a
	// targeted-training contract may rank only the others.
	Reserved *bool
	// ContractHolderID, when set, selects what that student may rank: the
	// offers not reserved, and those reserved by the employer of the
	// student's targeted-training contract.
	ContractHolderID int64
	// OfferIDs selects these offers only, at most MaxPageSize of them (a
	// student's list as posted).
	OfferIDs []int64
	// FromCityID lists the offers nearest to this city first, sites
	// without coordinates last; otherwise they come in the order of their
	// IDs.
	FromCityID int64
	Page       Page
}

// Validate checks the filter and fills in defaults.
func (f *RoundOfferFilter) Validate() error {
	if q := f.Qualification; q != "" && !IsSpecialtyCode(q) && !IsQualificationCode(q) {
		return Invalid("qualification", "error.qualification.filter", "qualification must be a specialty or qualification code")
	}
	if len(f.OfferIDs) > MaxPageSize {
		return Invalid("offer_ids", "error.round.too_many_posted", "too many offers").With("max", strconv.Itoa(MaxPageSize))
	}
	return f.Page.Normalize()
}

// RoundOffer is an offer as the round sees it: the seats it brings.
type RoundOffer struct {
	RoundID  int64 `json:"round_id"`
	OfferID  int64 `json:"offer_id"`
	Capacity int   `json:"capacity"` // seats in this round
	Reserved bool  `json:"reserved"`
	// After the run: seats filled and the cutoff, the priority of the last
	// student admitted when the offer is full (HasCutoff false otherwise:
	// every applicant got in).
	Filled        int   `json:"filled"`
	HasCutoff     bool  `json:"has_cutoff"`
	CutoffScore   int   `json:"cutoff_score"`
	CutoffLottery int   `json:"cutoff_lottery"`
	Offer         Offer `json:"offer"` // read-only, for display
}

// Choice is one offer a student ranked in a round.
type Choice struct {
	Rank    int   `json:"rank"` // 1 = most wanted
	OfferID int64 `json:"offer_id"`
	// Read-only after the run: the student's score at the offer, the
	// offer's cutoff, and whether the student was placed there.
	Score         int  `json:"score"`
	HasCutoff     bool `json:"has_cutoff"`
	CutoffScore   int  `json:"cutoff_score"`
	CutoffLottery int  `json:"cutoff_lottery"`
	Placed        bool `json:"placed"`
	// Read-only: the interview score the offer's enterprise recorded for
	// the student, when it recorded one (Interviewed).
	Interview   int   `json:"interview"`
	Interviewed bool  `json:"interviewed"`
	Offer       Offer `json:"offer"` // read-only, for display
}

// PlacementStatus is what a placed student did with the result.
type PlacementStatus string

// Placement states.
const (
	PlacementOffered  PlacementStatus = "offered"  // published, waiting for the student
	PlacementAccepted PlacementStatus = "accepted" // a draft agreement was created
	PlacementDeclined PlacementStatus = "declined" // the seat goes back to a supplementary round
)

// RoundResult is a student's place in a round, with the explanation: every
// offer ranked above the placement with its cutoff and the student's score.
type RoundResult struct {
	RoundID     int64           `json:"round_id"`
	StudentID   int64           `json:"student_id"`
	Lottery     int             `json:"lottery"`
	OfferID     int64           `json:"offer_id,omitempty"` // 0: not placed
	Status      PlacementStatus `json:"status,omitempty"`
	AgreementID int64           `json:"agreement_id,omitempty"`
	Choices     []Choice        `json:"choices"` // all ranked offers, in rank order
	Student     PersonName      `json:"student_name"`
}

// Interview is the interview score an enterprise gave a student who ranked
// one of its offers in a round.
type Interview struct {
	RoundID   int64 `json:"round_id"`
	OfferID   int64 `json:"offer_id"`
	StudentID int64 `json:"student_id"`
	Score     int   `json:"score"` // 0–100
}

// RoundService runs allocation rounds. Steps out of order return ECONFLICT
// with key error.round.state.
type RoundService interface {
	Rounds(ctx context.Context, f RoundFilter) (List[Round], error)
	Round(ctx context.Context, id int64) (Round, error)
	// OpenRound creates a round over the open offers of its region (all
	// open offers when RegionID is 0) or, for a supplementary round, over
	// the seats its parent left; it draws and records every eligible
	// student's lottery number.
	OpenRound(ctx context.Context, r *Round) error
	// RoundOffers lists the offers of a round that the filter selects,
	// with their figures.
	RoundOffers(ctx context.Context, roundID int64, f RoundOfferFilter) (List[RoundOffer], error)
	// SetChoices replaces a student's ranked list in an open round before
	// the deadline: offers of the round, of the student's qualification,
	// each once, at most MaxChoices; reserved offers only for holders of a
	// targeted-training contract (funding "targeted").
	SetChoices(ctx context.Context, roundID, studentID int64, offerIDs []int64) error
	// SetInterview records an interview score for a student who ranked the
	// offer, while the round is open.
	SetInterview(ctx context.Context, iv Interview) error
	// RunRound computes the priorities, runs the allocation engine and
	// stores the placements and cutoffs: open (deadline passed or not) →
	// allocated. Running again before publishing recomputes.
	RunRound(ctx context.Context, roundID int64) error
	// PublishRound makes the results visible: allocated → published.
	PublishRound(ctx context.Context, roundID int64) error
	// CloseRound ends acceptance: published → closed; placements still
	// offered are declined.
	CloseRound(ctx context.Context, roundID int64) error
	// Result returns a student's choices and placement with the explanation.
	Result(ctx context.Context, roundID, studentID int64) (RoundResult, error)
	// Results lists the placements of a round (for the organiser, the
	// enterprise of an offer, the college of a student).
	Results(ctx context.Context, roundID int64, f ResultFilter) (List[RoundResult], error)
	// AcceptPlacement: the student accepts the published placement; a draft
	// agreement is created (as for an accepted application). Returns its ID.
	AcceptPlacement(ctx context.Context, roundID, studentID int64) (int64, error)
	// DeclinePlacement: the student declines; the seat returns.
	DeclinePlacement(ctx context.Context, roundID, studentID int64) error
}

// ResultFilter narrows a round's results. OfferID and EnterpriseID select
// the students who ranked the offer, or an offer of the enterprise; with
// one of them, Placed asks whether the student was placed there, else
// whether placed at all.
type ResultFilter struct {
	OfferID      int64
	EnterpriseID int64
	CollegeID    int64
	Placed       *bool
	// Scopes set by the access layer, not by users' filters.
	CuratorID int64 // students of the groups a teacher supervises
	Page      Page
}
