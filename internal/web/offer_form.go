package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// offerFormData is the form that drafts or changes a placement offer. The
// values are kept as typed, so a form with an error comes back as the user
// left it.
type offerFormData struct {
	ID             int64
	Action         string // where the form posts
	CancelURL      string
	Qualification  string
	Qualifications []optgroup
	CityID         string
	Cities         []optgroup
	Capacity       string
	Schedule       scheduleForm
	Requirements   string
	Stipend        string
	CollegeID      string
	Colleges       []option
	Reserved       bool
	ReferralReason string // why the approver referred it back, shown above the form
	Errors         formErrors
}

// offerLabels name the offer form's fields in messages (formProblem).
var offerLabels = map[string]string{
	"qualification_code": "web.offer.field.qualification",
	"city_id":            "web.offer.field.city",
	"capacity":           "web.offer.field.capacity",
	"starts_on":          "web.offer.field.starts_on",
	"ends_on":            "web.offer.field.ends_on",
	"weekdays":           "web.offer.field.weekdays",
	"hours_per_week":     "web.offer.field.hours_per_week",
	"requirements":       "web.offer.field.requirements",
	"stipend_tenge":      "web.offer.field.stipend",
	"college_id":         "web.offer.field.college",
}

// offerFormFrom fills the form with a stored offer.
func offerFormFrom(o domain.Offer) offerFormData {
	d := offerFormData{ID: o.ID, Qualification: o.QualificationCode, CityID: idText(o.CityID),
		Capacity: strconv.Itoa(o.Capacity), Schedule: scheduleFormFrom(o.StartsOn, o.EndsOn, o.Weekdays, o.HoursPerWeek),
		Requirements: o.Requirements, Stipend: strconv.Itoa(o.StipendTenge), CollegeID: idText(o.CollegeID),
		Reserved: o.Reserved}
	if o.Status == domain.OfferReferred {
		d.ReferralReason = o.ReferralReason
	}
	return d
}

// offerFormOf keeps what was posted, to show the form again.
func offerFormOf(r *http.Request) offerFormData {
	return offerFormData{Qualification: postedText(r, "qualification_code", 20), CityID: postedText(r, "city_id", 19),
		Capacity: postedText(r, "capacity", 10), Schedule: postedScheduleForm(r),
		Requirements: postedText(r, "requirements", 8000), Stipend: postedText(r, "stipend_tenge", 12),
		CollegeID: postedText(r, "college_id", 19), Reserved: r.PostFormValue("reserved") != ""}
}

// readOfferForm sets the editable fields of o from the posted form. A
// number or date that does not parse is given a value the domain rejects,
// so the message is the domain's own, naming the field and its range.
// Records named by code or number must exist: a wrong one is the user's
// mistake about that field.
func (h *Web) readOfferForm(ctx context.Context, r *http.Request, o *domain.Offer) error {
	o.QualificationCode = strings.TrimSpace(r.PostFormValue("qualification_code"))
	if domain.IsQualificationCode(o.QualificationCode) {
		if _, err := h.reg.Qualification(ctx, o.QualificationCode); err != nil {
			return unknownRef(err, "qualification_code", "error.qualification.unknown")
		}
	}
	var err error
	if o.CityID, err = formID(r, "city_id"); err != nil {
		return err
	}
	if o.CityID != 0 {
		if _, err := h.reg.City(ctx, o.CityID); err != nil {
			return unknownRef(err, "city_id", "error.city.unknown")
		}
	}
	if o.CollegeID, err = formID(r, "college_id"); err != nil {
		return err
	}
	if o.CollegeID != 0 {
		if _, err := h.reg.College(ctx, o.CollegeID); err != nil {
			return unknownRef(err, "college_id", "error.college.unknown")
		}
	}
	o.Capacity = postedNumber(r, "capacity", 0)
	o.StartsOn = postedDate(r, "starts_on")
	o.EndsOn = postedDate(r, "ends_on")
	if o.Weekdays, err = postedWeekdays(r); err != nil {
		return err
	}
	o.HoursPerWeek = postedNumber(r, "hours_per_week", 0)
	o.Requirements = r.PostFormValue("requirements")
	o.StipendTenge = postedNumber(r, "stipend_tenge", 0)
	o.Reserved = r.PostFormValue("reserved") != ""
	return nil
}

// fillOfferForm adds the choices: the classifier's qualifications by
// specialty, the cities by region, the colleges of the enterprise's region
// as partners.
func (h *Web) fillOfferForm(ctx context.Context, v *view, d *offerFormData) error {
	specs, err := h.reg.Specialties(ctx)
	if err != nil {
		return err
	}
	quals, err := h.reg.Qualifications(ctx, "")
	if err != nil {
		return err
	}
	bySpec := map[string][]option{}
	for _, q := range quals {
		bySpec[q.SpecialtyCode] = append(bySpec[q.SpecialtyCode],
			option{Value: q.Code, Label: q.Code + " — " + q.Name.In(v.Lang), Selected: q.Code == d.Qualification})
	}
	for _, sp := range specs {
		if opts := bySpec[sp.Code]; len(opts) > 0 {
			d.Qualifications = append(d.Qualifications, optgroup{Label: sp.Code + " " + sp.Name.In(v.Lang), Options: opts})
		}
	}
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		return err
	}
	selectedCity, _ := strconv.ParseInt(d.CityID, 10, 64)
	d.Cities = pl.cityGroups(v.Lang, 0, selectedCity)

	// Partners are usually colleges of the enterprise's own region; a
	// partner elsewhere, already chosen, stays on the list.
	region := 0
	if u := v.User; u != nil && u.EnterpriseID != 0 {
		e, err := h.reg.Enterprise(ctx, u.EnterpriseID)
		if err != nil {
			return err
		}
		region = e.RegionID
		if d.CityID == "" && d.ID == 0 {
			d.CityID = idText(e.CityID)
			d.Cities = pl.cityGroups(v.Lang, 0, e.CityID)
		}
	}
	colleges, err := h.reg.CollegeNames(ctx, region)
	if err != nil {
		return err
	}
	for _, c := range colleges {
		id := strconv.FormatInt(c.ID, 10)
		d.Colleges = append(d.Colleges, option{Value: id, Label: c.Name.In(v.Lang), Selected: id == d.CollegeID})
	}
	if id, err := strconv.ParseInt(d.CollegeID, 10, 64); err == nil && id > 0 && !containsValue(d.Colleges, d.CollegeID) {
		if c, err := h.reg.College(ctx, id); err == nil {
			d.Colleges = append(d.Colleges, option{Value: d.CollegeID, Label: c.Name.In(v.Lang), Selected: true})
		}
	}
	sortByLabel(v.Lang, d.Colleges)
	return nil
}

// renderOfferForm shows the new-offer or edit form with status.
func (h *Web) renderOfferForm(w http.ResponseWriter, r *http.Request, status int, d offerFormData) {
	v := h.newView(r, "offers")
	if err := h.fillOfferForm(r.Context(), v, &d); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.ID == 0 {
		d.Action, d.CancelURL = "/offers", "/offers"
		v.Title = v.T("web.offer.new_title")
	} else {
		d.Action = "/offers/" + strconv.FormatInt(d.ID, 10)
		d.CancelURL = d.Action
		v.Title = v.T("web.offer.edit_title")
	}
	v.Data = d
	h.render(w, r, status, "offer_form", v)
}

// offerFormProblem shows the form again with the problem of a failed save
// next to its field, or the error page when the problem is not the user's
// to fix.
func (h *Web) offerFormProblem(w http.ResponseWriter, r *http.Request, err error, d offerFormData) {
	v := h.newView(r, "offers")
	fe, status, ok := formProblem(v, namedState(v.p, err), "", offerLabels)
	if !ok {
		h.fail(w, r, err)
		return
	}
	d.Errors = fe
	h.renderOfferForm(w, r, status, d)
}
