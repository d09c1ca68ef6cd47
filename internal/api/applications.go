package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// application is a student's request for a place on an offer. Accepting it
// creates the draft agreement, named by agreement_id.
type application struct {
	ID                int64      `json:"id"`
	OfferID           int64      `json:"offer_id"`
	StudentID         int64      `json:"student_id"`
	StudentName       personName `json:"student_name"`
	CollegeName       names      `json:"college_name"`
	EnterpriseName    names      `json:"enterprise_name"`
	QualificationName names      `json:"qualification_name"`
	Status            string     `json:"status"`
	Note              string     `json:"note"`   // the student's cover note; may be empty
	Reason            *string    `json:"reason"` // why it was declined; null otherwise
	AgreementID       *int64     `json:"agreement_id"`
	CreatedAt         time.Time  `json:"created_at"`
	DecidedAt         *time.Time `json:"decided_at"`
}

func applicationOf(a domain.Application) application {
	out := application{ID: a.ID, OfferID: a.OfferID, StudentID: a.StudentID, StudentName: personNameOf(a.Student),
		CollegeName: namesOf(a.College), EnterpriseName: namesOf(a.Enterprise), QualificationName: namesOf(a.Qualification),
		Status: string(a.Status), Note: a.Note, AgreementID: optionalID(a.AgreementID),
		CreatedAt: a.CreatedAt.UTC(), DecidedAt: optionalTime(a.DecidedAt)}
	if a.Status == domain.ApplicationDeclined {
		out.Reason = &a.Reason
	}
	return out
}

// listApplications answers GET /api/v1/applications: a page of the
// applications the caller may see — a student's own, those to an
// enterprise's offers, those of a college's students — newest first.
func (a *API) listApplications(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.ApplicationFilter{
		OfferID:      q.id("offer_id"),
		StudentID:    q.id("student_id"),
		EnterpriseID: q.id("enterprise_id"),
		CollegeID:    q.id("college_id"),
		RegionID:     q.regionID("region_id"),
		Status:       domain.ApplicationStatus(q.word("status")),
		Page:         q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Applications(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, applicationOf)
	return nil
}

// getApplication answers GET /api/v1/applications/{id}.
func (a *API) getApplication(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "application")
	if err != nil {
		return err
	}
	return a.writeApplication(w, r, http.StatusOK, id)
}

func (a *API) writeApplication(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	app, err := a.reg.Application(r.Context(), id)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		writeCreated(w, r, "/applications/"+strconv.FormatInt(id, 10), applicationOf(app))
		return nil
	}
	writeJSON(w, r, status, applicationOf(app))
	return nil
}

// applyInput is a student's application: an optional cover note.
type applyInput struct {
	Note string `json:"note"`
}

// apply answers POST /api/v1/offers/{id}/applications: the token's
// student applies to an open offer.
func (a *API) apply(w http.ResponseWriter, r *http.Request) error {
	offerID, err := pathID(r, 64, "offer")
	if err != nil {
		return err
	}
	var in applyInput
	if err := readBody(r, &in); err != nil {
		return err
	}
	// The student is the caller: the access layer sees to it.
	app := domain.Application{OfferID: offerID, Note: in.Note}
	if err := a.reg.Apply(r.Context(), &app); err != nil {
		return err
	}
	return a.writeApplication(w, r, http.StatusCreated, app.ID)
}

// acceptApplication answers POST /api/v1/applications/{id}/accept. The
// draft agreement is created in the same step; the answer names it in
// agreement_id and the Location header.
func (a *API) acceptApplication(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "application")
	if err != nil {
		return err
	}
	agreementID, err := a.reg.AcceptApplication(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/agreements/"+strconv.FormatInt(agreementID, 10))
	return a.writeApplication(w, r, http.StatusOK, id)
}

// declineApplication answers POST /api/v1/applications/{id}/decline.
func (a *API) declineApplication(w http.ResponseWriter, r *http.Request) error {
	return stepWith("application", a.writeApplication, func(ctx context.Context, id int64, in reasonInput) error {
		return a.reg.DeclineApplication(ctx, id, in.Reason)
	}, "reason")(w, r)
}

// withdrawApplication answers POST /api/v1/applications/{id}/withdraw:
// the student takes back a pending application.
func (a *API) withdrawApplication(w http.ResponseWriter, r *http.Request) error {
	return step("application", a.writeApplication, a.reg.WithdrawApplication)(w, r)
}
