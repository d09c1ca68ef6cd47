package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// agreement is a tripartite dual-training agreement with every detail the
// printed form carries and the approvals of every version. The student's
// IIN is masked to its last four digits for every reader; a reader whose
// role and scope allow personal data also gets it whole (student_iin).
type agreement struct {
	ID               int64      `json:"id"`
	Status           string     `json:"status"`
	Version          int        `json:"version"`
	StudentID        int64      `json:"student_id"`
	StudentName      personName `json:"student_name"`
	StudentIINMasked string     `json:"student_iin_masked"`
	StudentIIN       string     `json:"student_iin,omitempty"`
	GroupCode        string     `json:"group_code"`

	CollegeID         int64  `json:"college_id"`
	CollegeName       names  `json:"college_name"`
	CollegeBIN        string `json:"college_bin"`
	CollegeAddress    string `json:"college_address"`
	EnterpriseID      int64  `json:"enterprise_id"`
	EnterpriseName    names  `json:"enterprise_name"`
	EnterpriseBIN     string `json:"enterprise_bin"`
	EnterpriseAddress string `json:"enterprise_address"`
	QualificationCode string `json:"qualification_code"`
	QualificationName names  `json:"qualification_name"`
	OfferID           *int64 `json:"offer_id"`
	PreviousID        *int64 `json:"previous_id"` // the agreement this one replaced on a change of enterprise

	// The terms: changing any of them is an edit that clears the approvals.
	MentorID     *int64  `json:"mentor_id"`
	MentorName   *string `json:"mentor_name"`
	Position     string  `json:"position"`
	StartsOn     string  `json:"starts_on"`
	EndsOn       string  `json:"ends_on"`
	Weekdays     string  `json:"weekdays"`
	HoursPerWeek int     `json:"hours_per_week"`
	StipendTenge int     `json:"stipend_tenge"`
	MentorPay    int     `json:"mentor_pay_tenge"`
	GuardianName *string `json:"guardian_name"`

	PlannedHours    int        `json:"planned_hours"`
	RequiredParties []string   `json:"required_parties"`
	Approvals       []approval `json:"approvals"`
	ActiveOn        *string    `json:"active_on"`
	EndedOn         *string    `json:"ended_on"`
	EndReason       *string    `json:"end_reason"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// approval is one party's approval of one version of the terms; cleared
// ones belong to an older version and are kept to show who approved what.
type approval struct {
	Party   string    `json:"party"`
	Version int       `json:"version"`
	UserID  *int64    `json:"user_id"`
	Name    string    `json:"name"`
	At      time.Time `json:"at"`
	Cleared bool      `json:"cleared"`
}

// agreementOf converts an agreement; allowed says whether the caller's role
// may see personal data at all.
func agreementOf(a domain.Agreement, allowed bool) agreement {
	out := agreement{ID: a.ID, Status: string(a.Status), Version: a.Version,
		StudentID: a.StudentID, StudentName: personNameOf(a.Student), StudentIINMasked: maskedIIN(a.StudentIIN, a.Masked),
		GroupCode: a.GroupCode, CollegeID: a.CollegeID, CollegeName: namesOf(a.College), CollegeBIN: a.CollegeBIN,
		CollegeAddress: a.CollegeAddress, EnterpriseID: a.EnterpriseID, EnterpriseName: namesOf(a.Enterprise),
		EnterpriseBIN: a.EnterpriseBIN, EnterpriseAddress: a.EnterpriseAddress,
		QualificationCode: a.QualificationCode, QualificationName: namesOf(a.Qualification),
		OfferID: optionalID(a.OfferID), PreviousID: optionalID(a.PreviousID),
		MentorID: optionalID(a.MentorID), MentorName: optionalString(a.Mentor), Position: a.Position,
		StartsOn: dateOf(a.StartsOn), EndsOn: dateOf(a.EndsOn), Weekdays: a.Weekdays.String(), HoursPerWeek: a.HoursPerWeek,
		StipendTenge: a.StipendTenge, MentorPay: a.MentorPay, GuardianName: optionalString(a.GuardianName),
		PlannedHours: a.PlannedHours(), Approvals: make([]approval, 0, len(a.Approvals)),
		ActiveOn: optionalDate(a.ActiveOn), EndedOn: optionalDate(a.EndedOn), EndReason: optionalString(a.EndReason),
		CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC()}
	if allowed && !a.Masked {
		out.StudentIIN = a.StudentIIN
	}
	for _, p := range a.RequiredParties() {
		out.RequiredParties = append(out.RequiredParties, string(p))
	}
	for _, ap := range a.Approvals {
		out.Approvals = append(out.Approvals, approval{Party: string(ap.Party), Version: ap.Version, UserID: optionalID(ap.UserID),
			Name: ap.Name, At: ap.At.UTC(), Cleared: ap.Cleared})
	}
	return out
}

// termsInput is what the parties agree on.
type termsInput struct {
	MentorID     int64  `json:"mentor_id"`
	Position     string `json:"position"`
	StartsOn     string `json:"starts_on"`
	EndsOn       string `json:"ends_on"`
	Weekdays     string `json:"weekdays"`
	HoursPerWeek int    `json:"hours_per_week"`
	StipendTenge int    `json:"stipend_tenge"`
	MentorPay    int    `json:"mentor_pay_tenge"`
	GuardianName string `json:"guardian_name"`
}

// termsRequired are the terms without a meaningful default; no mentor,
// stipend, mentor pay or guardian is a possible choice.
var termsRequired = []string{"position", "starts_on", "ends_on", "weekdays", "hours_per_week"}

func (in termsInput) terms() (domain.Terms, error) {
	t := domain.Terms{MentorID: in.MentorID, Position: in.Position, HoursPerWeek: in.HoursPerWeek,
		StipendTenge: in.StipendTenge, MentorPay: in.MentorPay, GuardianName: in.GuardianName}
	var errs [3]error
	t.StartsOn, errs[0] = bodyDate("starts_on", in.StartsOn)
	t.EndsOn, errs[1] = bodyDate("ends_on", in.EndsOn)
	t.Weekdays, errs[2] = domain.ParseWeekdays("weekdays", in.Weekdays)
	return t, firstError(errs[:]...)
}

// agreementInput is a new agreement written outside an offer (an accepted
// application makes one by itself). Enterprise HR always writes for its
// own enterprise; a college names it.
type agreementInput struct {
	StudentID    int64 `json:"student_id"`
	EnterpriseID int64 `json:"enterprise_id"`
	OfferID      int64 `json:"offer_id"`
	termsInput
}

// editInput is the whole terms again, with the version they were read at.
type editInput struct {
	Version int `json:"version"`
	termsInput
}

// listAgreements answers GET /api/v1/agreements: a page of the agreements
// the caller may see, newest first.
func (a *API) listAgreements(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.AgreementFilter{
		Status:       domain.AgreementStatus(q.word("status")),
		StudentID:    q.id("student_id"),
		CollegeID:    q.id("college_id"),
		EnterpriseID: q.id("enterprise_id"),
		RegionID:     q.regionID("region_id"),
		MentorID:     q.id("mentor_id"),
		GroupID:      q.id("group_id"),
		Query:        q.search("q"),
		Page:         q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Agreements(r.Context(), f)
	if err != nil {
		return err
	}
	allowed := mayReadPersonal(r, auth.ReadStudentPersonal)
	writePage(w, r, list, func(ag domain.Agreement) agreement { return agreementOf(ag, allowed) })
	return nil
}

// getAgreement answers GET /api/v1/agreements/{id}.
func (a *API) getAgreement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "agreement")
	if err != nil {
		return err
	}
	return a.writeAgreement(w, r, http.StatusOK, id)
}

func (a *API) writeAgreement(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	ag, err := a.reg.Agreement(r.Context(), id)
	if err != nil {
		return err
	}
	out := agreementOf(ag, mayReadPersonal(r, auth.ReadStudentPersonal))
	if status == http.StatusCreated {
		writeCreated(w, r, "/agreements/"+strconv.FormatInt(id, 10), out)
		return nil
	}
	writeJSON(w, r, status, out)
	return nil
}

// createAgreement answers POST /api/v1/agreements: a draft for a student
// without a live agreement.
func (a *API) createAgreement(w http.ResponseWriter, r *http.Request) error {
	var in agreementInput
	if err := readBody(r, &in, append([]string{"student_id"}, termsRequired...)...); err != nil {
		return err
	}
	t, err := in.terms()
	if err != nil {
		return err
	}
	ag := domain.Agreement{StudentID: in.StudentID, EnterpriseID: in.EnterpriseID, OfferID: in.OfferID,
		MentorID: t.MentorID, Position: t.Position, StartsOn: t.StartsOn, EndsOn: t.EndsOn, Weekdays: t.Weekdays,
		HoursPerWeek: t.HoursPerWeek, StipendTenge: t.StipendTenge, MentorPay: t.MentorPay, GuardianName: t.GuardianName}
	if err := a.reg.CreateAgreement(r.Context(), &ag); err != nil {
		return err
	}
	return a.writeAgreement(w, r, http.StatusCreated, ag.ID)
}

// updateAgreement answers PUT /api/v1/agreements/{id}: new terms. Any
// change raises the version and clears every approval.
func (a *API) updateAgreement(w http.ResponseWriter, r *http.Request) error {
	return stepWith("agreement", a.writeAgreement, func(ctx context.Context, id int64, in editInput) error {
		t, err := in.terms()
		if err != nil {
			return err
		}
		return a.reg.EditAgreement(ctx, id, in.Version, t)
	}, append([]string{"version"}, termsRequired...)...)(w, r)
}

// sendAgreement answers POST /api/v1/agreements/{id}/send.
func (a *API) sendAgreement(w http.ResponseWriter, r *http.Request) error {
	return step("agreement", a.writeAgreement, a.reg.SendForSignature)(w, r)
}

// completeAgreement answers POST /api/v1/agreements/{id}/complete.
func (a *API) completeAgreement(w http.ResponseWriter, r *http.Request) error {
	return step("agreement", a.writeAgreement, a.reg.CompleteAgreement)(w, r)
}

// approveInput is a party's approval of the version of the terms it read.
type approveInput struct {
	Party   string `json:"party"`
	Version int    `json:"version"`
}

// approveAgreement answers POST /api/v1/agreements/{id}/approve.
func (a *API) approveAgreement(w http.ResponseWriter, r *http.Request) error {
	return stepWith("agreement", a.writeAgreement, func(ctx context.Context, id int64, in approveInput) error {
		party := domain.Party(in.Party)
		switch party {
		case domain.PartyCollege, domain.PartyEnterprise, domain.PartyStudent, domain.PartyGuardian:
		default:
			return domain.Invalid("party", "error.agreement.party", "no such party")
		}
		return a.reg.ApproveAgreement(ctx, id, in.Version, party)
	}, "party", "version")(w, r)
}

// terminateAgreement answers POST /api/v1/agreements/{id}/terminate.
func (a *API) terminateAgreement(w http.ResponseWriter, r *http.Request) error {
	return stepWith("agreement", a.writeAgreement, func(ctx context.Context, id int64, in reasonInput) error {
		return a.reg.TerminateAgreement(ctx, id, in.Reason)
	}, "reason")(w, r)
}

// changeMentorInput names another mentor of the same enterprise.
type changeMentorInput struct {
	MentorID int64  `json:"mentor_id"`
	Reason   string `json:"reason"`
}

// changeMentor answers POST /api/v1/agreements/{id}/mentor. The approvals
// stand: the mentor is the enterprise's appointment.
func (a *API) changeMentor(w http.ResponseWriter, r *http.Request) error {
	return stepWith("agreement", a.writeAgreement, func(ctx context.Context, id int64, in changeMentorInput) error {
		return a.reg.ChangeMentor(ctx, id, in.MentorID, in.Reason)
	}, "mentor_id", "reason")(w, r)
}

// changeEnterpriseInput names the enterprise the student moves to, and
// optionally the mentor there.
type changeEnterpriseInput struct {
	EnterpriseID int64  `json:"enterprise_id"`
	MentorID     int64  `json:"mentor_id"`
	Reason       string `json:"reason"`
}

// changeEnterprise answers POST /api/v1/agreements/{id}/enterprise: the
// agreement is terminated and a draft with the other enterprise takes its
// place, answered 201 as a new agreement.
func (a *API) changeEnterprise(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "agreement")
	if err != nil {
		return err
	}
	var in changeEnterpriseInput
	if err := readBody(r, &in, "enterprise_id", "reason"); err != nil {
		return err
	}
	newID, err := a.reg.ChangeEnterprise(r.Context(), id, in.EnterpriseID, in.MentorID, in.Reason)
	if err != nil {
		return err
	}
	return a.writeAgreement(w, r, http.StatusCreated, newID)
}

// partyChange is a recorded change of a student's mentor or enterprise.
type partyChange struct {
	ID          int64     `json:"id"`
	AgreementID int64     `json:"agreement_id"`
	StudentID   int64     `json:"student_id"`
	Kind        string    `json:"kind"`
	FromID      *int64    `json:"from_id"` // null when there was none (a first mentor)
	ToID        int64     `json:"to_id"`
	Reason      string    `json:"reason"`
	At          time.Time `json:"at"`
	By          string    `json:"by"`
}

func partyChangeOf(c domain.PartyChange) partyChange {
	return partyChange{ID: c.ID, AgreementID: c.AgreementID, StudentID: c.StudentID, Kind: c.Kind,
		FromID: optionalID(c.FromID), ToID: c.ToID, Reason: c.Reason, At: c.At.UTC(), By: c.By}
}

// listPartyChanges answers GET /api/v1/students/{id}/party-changes: every
// change of the student's mentor or enterprise, with its reason.
func (a *API) listPartyChanges(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "student")
	if err != nil {
		return err
	}
	changes, err := a.reg.PartyChanges(r.Context(), id)
	if err != nil {
		return err
	}
	writeCollection(w, r, changes, partyChangeOf)
	return nil
}
