package domain

import (
	"context"
	"strings"
	"time"
)

// AgreementStatus is where a tripartite dual-training agreement is.
//
//	draft → awaiting signatures → active → completed
//	                        ↖ edit ↙          ↘ terminated (with a reason)
//
// Any edit of the terms clears every approval and sends the agreement back
// to awaiting signatures (DOMAIN.md §4 rule 4). Logbook hours count only
// while it is active.
type AgreementStatus string

// Agreement states.
const (
	AgreementDraft      AgreementStatus = "draft"
	AgreementAwaiting   AgreementStatus = "awaiting"
	AgreementActive     AgreementStatus = "active"
	AgreementCompleted  AgreementStatus = "completed"
	AgreementTerminated AgreementStatus = "terminated"
)

// AgreementStatuses lists every state in order.
var AgreementStatuses = []AgreementStatus{AgreementDraft, AgreementAwaiting, AgreementActive, AgreementCompleted, AgreementTerminated}

// Live reports whether the agreement binds the student now or is about to:
// a student has at most one live agreement, and a mentor's trainees are the
// live agreements naming them.
func (s AgreementStatus) Live() bool {
	return s == AgreementDraft || s == AgreementAwaiting || s == AgreementActive
}

// Party is a side of an agreement that approves it.
type Party string

// Parties. The guardian approves only when the student is under 18 on the
// agreement's first day (by the IIN's birth date); the college coordinator
// records the guardian's approval given in person.
const (
	PartyCollege    Party = "college"
	PartyEnterprise Party = "enterprise"
	PartyStudent    Party = "student"
	PartyGuardian   Party = "guardian"
)

// AdultAge is the age of majority in Kazakhstan.
const AdultAge = 18

// Agreement is the tripartite dual-training agreement (Labour Code Art.
// 119) between a college, an enterprise and a student, and the student's
// guardian when the student is a minor. It counts as work experience: start,
// end, enterprise BIN and student IIN are kept.
type Agreement struct {
	ID           int64           `json:"id"`
	StudentID    int64           `json:"student_id"`
	CollegeID    int64           `json:"college_id"`
	EnterpriseID int64           `json:"enterprise_id"`
	OfferID      int64           `json:"offer_id,omitempty"`
	MentorID     int64           `json:"mentor_id,omitempty"`
	PreviousID   int64           `json:"previous_id,omitempty"` // the agreement this one replaced on a change of enterprise
	Position     string          `json:"position"`              // the trainee's workplace or job title
	StartsOn     time.Time       `json:"starts_on"`
	EndsOn       time.Time       `json:"ends_on"`
	Weekdays     Weekdays        `json:"weekdays"`
	HoursPerWeek int             `json:"hours_per_week"`
	StipendTenge int             `json:"stipend_tenge"`
	MentorPay    int             `json:"mentor_pay_tenge"` // a month, recorded per trainee
	GuardianName string          `json:"guardian_name,omitempty"`
	Status       AgreementStatus `json:"status"`
	// Version counts the edits of the terms; approvals belong to a version.
	Version   int       `json:"version"`
	EndReason string    `json:"end_reason,omitempty"` // why it was terminated
	ActiveOn  time.Time `json:"active_on,omitzero"`   // when the last approval made it active
	EndedOn   time.Time `json:"ended_on,omitzero"`    // completed or terminated on
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// Read-only, joined for display and the printed agreement.
	Approvals         []Approval `json:"approvals"` // of every version, newest first
	Student           PersonName `json:"student_name"`
	StudentIIN        string     `json:"student_iin"` // masked for readers without personal-data rights
	StudentBirth      time.Time  `json:"-"`
	GroupCode         string     `json:"group_code"`
	College           Names      `json:"college_name"`
	CollegeBIN        string     `json:"college_bin"`
	CollegeAddress    string     `json:"college_address"`
	Enterprise        Names      `json:"enterprise_name"`
	EnterpriseBIN     string     `json:"enterprise_bin"`
	EnterpriseAddress string     `json:"enterprise_address"`
	Qualification     Names      `json:"qualification_name"`
	QualificationCode string     `json:"qualification_code"`
	Mentor            string     `json:"mentor_name,omitempty"`
	Masked            bool       `json:"-"`
}

// Terms are what the parties agree on; changing any of them is an edit.
type Terms struct {
	MentorID     int64
	Position     string
	StartsOn     time.Time
	EndsOn       time.Time
	Weekdays     Weekdays
	HoursPerWeek int
	StipendTenge int
	MentorPay    int
	GuardianName string
}

// Terms returns the agreement's current terms.
func (a *Agreement) Terms() Terms {
	return Terms{a.MentorID, a.Position, a.StartsOn, a.EndsOn, a.Weekdays, a.HoursPerWeek, a.StipendTenge, a.MentorPay, a.GuardianName}
}

// Validate trims and checks the terms. guardianRequired says whether the
// guardian's name is needed now: the student is a minor on the first day
// and the agreement is leaving (or has left) the draft.
func (t *Terms) Validate(guardianRequired bool) error {
	t.Position = strings.TrimSpace(t.Position)
	t.GuardianName = strings.TrimSpace(t.GuardianName)
	t.StartsOn, t.EndsOn = Date(t.StartsOn), Date(t.EndsOn)
	if t.Position == "" || len([]rune(t.Position)) > 200 {
		return Invalid("position", "error.agreement.position", "the trainee's workplace or position is required (up to 200 characters)")
	}
	if err := checkSchedule(t.StartsOn, t.EndsOn, t.Weekdays, t.HoursPerWeek, 5); err != nil {
		return err
	}
	switch {
	case t.StipendTenge < 0 || t.StipendTenge > 10_000_000:
		return Invalid("stipend_tenge", "error.money", "an amount in tenge must be 0 or more")
	case t.MentorPay < 0 || t.MentorPay > 10_000_000:
		return Invalid("mentor_pay_tenge", "error.money", "an amount in tenge must be 0 or more")
	case guardianRequired && t.GuardianName == "":
		return Invalid("guardian_name", "error.agreement.guardian", "the student is under 18: name the parent or guardian who signs")
	case len([]rune(t.GuardianName)) > 200:
		return Invalid("guardian_name", "error.text.too_long", "too long").With("max", "200")
	}
	return nil
}

// Minor reports whether someone born on birth is under 18 on day.
func Minor(birth, day time.Time) bool {
	return Date(day).Before(Date(birth).AddDate(AdultAge, 0, 0))
}

// RequiredParties are the parties whose approval makes the agreement
// active: the guardian too when the student is a minor on the first day.
func (a *Agreement) RequiredParties() []Party {
	parties := []Party{PartyCollege, PartyEnterprise, PartyStudent}
	if a.GuardianRequired() {
		parties = append(parties, PartyGuardian)
	}
	return parties
}

// GuardianRequired reports whether the student is a minor on the first day.
func (a *Agreement) GuardianRequired() bool {
	return !a.StudentBirth.IsZero() && Minor(a.StudentBirth, a.StartsOn)
}

// PlannedHours is the enterprise hours the agreement plans in full.
func (a *Agreement) PlannedHours() int { return len(Weeks(a.StartsOn, a.EndsOn)) * a.HoursPerWeek }

// Approval is one party's approval of one version of the terms. Approvals
// of older versions are kept, marked Cleared, to show who approved what and
// when.
type Approval struct {
	Party   Party     `json:"party"`
	Version int       `json:"version"`
	UserID  int64     `json:"user_id"`
	Name    string    `json:"name"` // who approved; for the guardian, the guardian's name
	At      time.Time `json:"at"`
	Cleared bool      `json:"cleared"`
}

// Approved reports whether party approved the current version.
func (a *Agreement) Approved(p Party) bool {
	for _, ap := range a.Approvals {
		if ap.Party == p && ap.Version == a.Version && !ap.Cleared {
			return true
		}
	}
	return false
}

// PartyChange records a change of mentor or enterprise during training.
type PartyChange struct {
	ID          int64     `json:"id"`
	AgreementID int64     `json:"agreement_id"`
	StudentID   int64     `json:"student_id"`
	Kind        string    `json:"kind"` // "mentor" or "enterprise"
	FromID      int64     `json:"from_id"`
	ToID        int64     `json:"to_id"`
	Reason      string    `json:"reason"`
	At          time.Time `json:"at"`
	By          string    `json:"by"` // login
}

// Party change kinds.
const (
	ChangeMentor     = "mentor"
	ChangeEnterprise = "enterprise"
)

// AgreementFilter selects agreements.
type AgreementFilter struct {
	Status       AgreementStatus
	StudentID    int64
	CollegeID    int64
	EnterpriseID int64
	RegionID     int   // of the college
	MentorID     int64 // the mentor record
	MentorUserID int64 // scope: a mentor's own trainees
	CuratorID    int64 // scope: students of a teacher's groups
	GroupID      int64
	Query        string // the start of the student's name
	Page         Page
}

// Validate fills in defaults.
func (f *AgreementFilter) Validate() error {
	if f.Status != "" {
		ok := false
		for _, s := range AgreementStatuses {
			ok = ok || s == f.Status
		}
		if !ok {
			return Invalid("status", "error.agreement.status", "unknown agreement status")
		}
	}
	return f.Page.Normalize()
}

// WorkRecord is the part of an agreement that counts as work experience.
type WorkRecord struct {
	AgreementID   int64           `json:"agreement_id"`
	StudentIIN    string          `json:"student_iin"`
	Student       PersonName      `json:"student_name"`
	EnterpriseBIN string          `json:"enterprise_bin"`
	Enterprise    Names           `json:"enterprise_name"`
	Position      string          `json:"position"`
	StartsOn      time.Time       `json:"starts_on"`
	EndsOn        time.Time       `json:"ends_on"` // the day it ended, or the planned end while active
	Status        AgreementStatus `json:"status"`
}

// AgreementService keeps agreements. Transitions out of order return
// ECONFLICT with key error.agreement.state.
type AgreementService interface {
	Agreements(ctx context.Context, f AgreementFilter) (List[Agreement], error)
	// Agreement returns one agreement with its approvals; ENOTFOUND if none.
	Agreement(ctx context.Context, id int64) (Agreement, error)
	// CreateAgreement creates a draft for a student with no live
	// agreement (ECONFLICT otherwise); the college comes from the student.
	CreateAgreement(ctx context.Context, a *Agreement) error
	// EditAgreement changes the terms of a draft, awaiting or active
	// agreement. If anything changed, the version goes up, every approval
	// is cleared and a non-draft agreement awaits signatures again.
	// version is the version the editor saw (ECONFLICT if stale).
	EditAgreement(ctx context.Context, id int64, version int, t Terms) error
	// SendForSignature: draft → awaiting.
	SendForSignature(ctx context.Context, id int64) error
	// ApproveAgreement records the party's approval of version (ECONFLICT if
	// stale); the last required approval makes it active. The college
	// records the guardian's approval, given in person.
	ApproveAgreement(ctx context.Context, id int64, version int, party Party) error
	// CompleteAgreement: active → completed, on or after the end date.
	CompleteAgreement(ctx context.Context, id int64) error
	// TerminateAgreement ends a live agreement with a reason.
	TerminateAgreement(ctx context.Context, id int64, reason string) error
	// ChangeMentor names another mentor of the same enterprise, with a
	// reason, keeping approvals (the mentor is the enterprise's
	// appointment); ECONFLICT when the mentor is full.
	ChangeMentor(ctx context.Context, id int64, mentorID int64, reason string) error
	// ChangeEnterprise terminates an active agreement and creates a draft
	// with another enterprise from the next day to the old end, with a
	// reason; the logbook, hours and assessments stay with the student.
	// Returns the new agreement's ID.
	ChangeEnterprise(ctx context.Context, id int64, enterpriseID, mentorID int64, reason string) (int64, error)
	// PartyChanges lists the changes of a student's mentor and enterprise.
	PartyChanges(ctx context.Context, studentID int64) ([]PartyChange, error)
	// WorkRecords streams the work-experience records of the agreements
	// matching f (any page settings are ignored) to fn, in ID order.
	WorkRecords(ctx context.Context, f AgreementFilter, fn func(WorkRecord) error) error
}
