package api

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// offer is a placement an enterprise publishes: places for a qualification
// at a site for a period, with the days at the enterprise.
type offer struct {
	ID                int64  `json:"id"`
	EnterpriseID      int64  `json:"enterprise_id"`
	EnterpriseName    names  `json:"enterprise_name"`
	EnterpriseBIN     string `json:"enterprise_bin"`
	CollegeID         *int64 `json:"college_id"` // null: the regional education department approves
	CollegeName       *names `json:"college_name"`
	QualificationCode string `json:"qualification_code"`
	QualificationName names  `json:"qualification_name"`
	CityID            int64  `json:"city_id"`
	CityName          names  `json:"city_name"`
	RegionID          int    `json:"region_id"`
	Capacity          int    `json:"capacity"`
	StartsOn          string `json:"starts_on"`
	EndsOn            string `json:"ends_on"`
	Weekdays          string `json:"weekdays"`
	HoursPerWeek      int    `json:"hours_per_week"`
	Requirements      string `json:"requirements"`
	StipendTenge      int    `json:"stipend_tenge"`
	Reserved          bool   `json:"reserved"`
	Status            string `json:"status"`
	// ReferralReason is why the approver referred the offer back; null
	// unless it is referred.
	ReferralReason *string `json:"referral_reason"`
	Accepted       int     `json:"accepted"`
	Applications   int     `json:"applications"`
	// DistanceKm is null unless the list was asked for with from_city_id.
	DistanceKm *float64  `json:"distance_km"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

func offerOf(o domain.Offer) offer {
	out := offer{ID: o.ID, EnterpriseID: o.EnterpriseID, EnterpriseName: namesOf(o.Enterprise), EnterpriseBIN: o.EnterpriseBIN,
		CollegeID: optionalID(o.CollegeID), QualificationCode: o.QualificationCode, QualificationName: namesOf(o.Qualification),
		CityID: o.CityID, CityName: namesOf(o.City), RegionID: o.RegionID, Capacity: o.Capacity,
		StartsOn: dateOf(o.StartsOn), EndsOn: dateOf(o.EndsOn), Weekdays: o.Weekdays.String(), HoursPerWeek: o.HoursPerWeek,
		Requirements: o.Requirements, StipendTenge: o.StipendTenge, Reserved: o.Reserved, Status: string(o.Status),
		Accepted: o.Accepted, Applications: o.Applications, CreatedAt: o.CreatedAt.UTC(), UpdatedAt: o.UpdatedAt.UTC()}
	if o.CollegeID != 0 {
		n := namesOf(o.College)
		out.CollegeName = &n
	}
	if o.Status == domain.OfferReferred {
		out.ReferralReason = &o.ReferralReason
	}
	return out
}

// offerInput is what an enterprise writes of an offer. The enterprise is
// the token's own; the region follows from the city.
type offerInput struct {
	CollegeID         int64  `json:"college_id"`
	QualificationCode string `json:"qualification_code"`
	CityID            int64  `json:"city_id"`
	Capacity          int    `json:"capacity"`
	StartsOn          string `json:"starts_on"`
	EndsOn            string `json:"ends_on"`
	Weekdays          string `json:"weekdays"`
	HoursPerWeek      int    `json:"hours_per_week"`
	Requirements      string `json:"requirements"`
	StipendTenge      int    `json:"stipend_tenge"`
	Reserved          bool   `json:"reserved"`
}

// offerRequired are the fields without which an offer means nothing; the
// others default to none (no partner college, requirements, stipend).
var offerRequired = []string{"qualification_code", "city_id", "capacity", "starts_on", "ends_on", "weekdays", "hours_per_week"}

// to writes the input over o.
func (in offerInput) to(o *domain.Offer) error {
	var errs [3]error
	o.StartsOn, errs[0] = bodyDate("starts_on", in.StartsOn)
	o.EndsOn, errs[1] = bodyDate("ends_on", in.EndsOn)
	o.Weekdays, errs[2] = domain.ParseWeekdays("weekdays", in.Weekdays)
	o.CollegeID, o.QualificationCode, o.CityID, o.Capacity = in.CollegeID, in.QualificationCode, in.CityID, in.Capacity
	o.HoursPerWeek, o.Requirements, o.StipendTenge, o.Reserved = in.HoursPerWeek, in.Requirements, in.StipendTenge, in.Reserved
	return firstError(errs[:]...)
}

// listOffers answers GET /api/v1/offers: a page of the offers the caller
// may see (open ones only for the public, students, teachers and
// mentors), newest first or nearest to from_city_id first.
func (a *API) listOffers(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.OfferFilter{
		Status:        domain.OfferStatus(q.word("status")),
		EnterpriseID:  q.id("enterprise_id"),
		CollegeID:     q.id("college_id"),
		RegionID:      q.regionID("region_id"),
		CityID:        q.id("city_id"),
		Qualification: q.word("qualification"),
		FromCityID:    q.id("from_city_id"),
		Sort:          q.word("sort"),
		Page:          q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Offers(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, func(o domain.Offer) offer {
		out := offerOf(o)
		if f.FromCityID != 0 {
			// One decimal: a kilometre is as precise as a road trip gets.
			d := math.Round(o.DistanceKm*10) / 10
			out.DistanceKm = &d
		}
		return out
	})
	return nil
}

// getOffer answers GET /api/v1/offers/{id}.
func (a *API) getOffer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "offer")
	if err != nil {
		return err
	}
	return a.writeOffer(w, r, http.StatusOK, id)
}

// writeOffer answers with the offer as it is stored now.
func (a *API) writeOffer(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	o, err := a.reg.Offer(r.Context(), id)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		writeCreated(w, r, "/offers/"+strconv.FormatInt(id, 10), offerOf(o))
		return nil
	}
	writeJSON(w, r, status, offerOf(o))
	return nil
}

// createOffer answers POST /api/v1/offers: a draft offer of the token's
// enterprise.
func (a *API) createOffer(w http.ResponseWriter, r *http.Request) error {
	var in offerInput
	if err := readBody(r, &in, offerRequired...); err != nil {
		return err
	}
	var o domain.Offer // of the caller's enterprise: the access layer sees to it
	if err := in.to(&o); err != nil {
		return err
	}
	if err := a.reg.SaveOffer(r.Context(), &o); err != nil {
		return err
	}
	return a.writeOffer(w, r, http.StatusCreated, o.ID)
}

// updateOffer answers PUT /api/v1/offers/{id}: the whole offer again,
// while it is a draft or referred back.
func (a *API) updateOffer(w http.ResponseWriter, r *http.Request) error {
	return stepWith("offer", a.writeOffer, func(ctx context.Context, id int64, in offerInput) error {
		o, err := a.reg.Offer(ctx, id)
		if err != nil {
			return err
		}
		if err := in.to(&o); err != nil {
			return err
		}
		return a.reg.SaveOffer(ctx, &o)
	}, offerRequired...)(w, r)
}

// submitOffer answers POST /api/v1/offers/{id}/submit.
func (a *API) submitOffer(w http.ResponseWriter, r *http.Request) error {
	return step("offer", a.writeOffer, a.reg.SubmitOffer)(w, r)
}

// approveOffer answers POST /api/v1/offers/{id}/approve.
func (a *API) approveOffer(w http.ResponseWriter, r *http.Request) error {
	return step("offer", a.writeOffer, a.reg.ApproveOffer)(w, r)
}

// openOffer answers POST /api/v1/offers/{id}/open.
func (a *API) openOffer(w http.ResponseWriter, r *http.Request) error {
	return step("offer", a.writeOffer, a.reg.OpenOffer)(w, r)
}

// closeOffer answers POST /api/v1/offers/{id}/close.
func (a *API) closeOffer(w http.ResponseWriter, r *http.Request) error {
	return step("offer", a.writeOffer, a.reg.CloseOffer)(w, r)
}

// reasonInput is the body of a step that needs a reason in words.
type reasonInput struct {
	Reason string `json:"reason"`
}

// referOffer answers POST /api/v1/offers/{id}/refer: the approver sends
// the offer back to the enterprise with a reason.
func (a *API) referOffer(w http.ResponseWriter, r *http.Request) error {
	return stepWith("offer", a.writeOffer, func(ctx context.Context, id int64, in reasonInput) error {
		return a.reg.ReferOffer(ctx, id, in.Reason)
	}, "reason")(w, r)
}
