package web

import (
	"context"
	"math"
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

type offerRow struct {
	ID                        int64
	URL, Heading, Code        string
	Enterprise, Place, Period string
	Days, Places, Distance    string
	Status, StatusClass       string
	ReferralReason            string
	Actions                   []offerAction
	ReferURL                  string // the approver's refer-back form
}

type offerListData struct {
	listing
	Rows []offerRow
	Lead string
	// NewURL is the form of a new offer, for enterprise HR.
	NewURL string
	// MineURL narrows a student's search to the qualification of their
	// programme, named in Mine.
	MineURL, Mine string
	ShowStatus    bool
	ShowDistance  bool
}

// offerList is the search of placement offers, shaped by who reads it:
// a student searches open offers by qualification, region and city,
// nearest to their college's city first, with the distance; enterprise HR
// sees its own offers in every state with the steps each allows; a
// college or regional department sees the offers waiting for its approval,
// approves them or refers them back with a reason.
func (h *Web) offerList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "offers")
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := newQuery(r)
	page := q.page()
	search, err := h.offerSearch(ctx, v, q, pl)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, status, defStatus, defSort := search.f, search.status, search.defStatus, search.defSort
	f.Page = page
	role := domain.ActorFrom(ctx).Role()
	approver := v.Can(string(auth.ApproveOffers))
	d := offerListData{listing: listing{Path: "/offers", ExportPath: "/offers/export"}, ShowStatus: search.showStatus}
	if search.student != nil {
		if err := h.offerMine(ctx, v, &d, *search.student, f.Qualification); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	quals, err := h.qualificationGroups(ctx, v, q, f.Qualification)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.Offers(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}

	p := newParams()
	p.set("qualification", f.Qualification, "")
	p.setInt("region", int64(f.RegionID))
	p.setInt("city", f.CityID)
	p.set("status", status, defStatus)
	p.set("sort", f.Sort, defSort)
	d.Selects = []selectField{
		{ID: "f-qualification", Name: "qualification", Label: v.T("web.field.qualification"), Any: v.T("web.filter.all_qualifications"),
			Groups: quals},
		{ID: "f-region", Name: "region", Label: v.T("web.field.region"), Any: v.T("web.filter.all_regions"),
			Options: pl.regionOptions(v.Lang, f.RegionID)},
		{ID: "f-city", Name: "city", Label: v.T("web.field.city"), Any: v.T("web.filter.all_cities"),
			Groups: pl.cityGroups(v.Lang, f.RegionID, f.CityID), Dependent: true},
	}
	if d.ShowStatus {
		d.Selects = append(d.Selects, offerStatusField(v, status, role == domain.RoleEnterprise))
	}
	if c := pl.cities[f.FromCityID]; f.FromCityID != 0 && c.Lat != nil && c.Lon != nil {
		d.ShowDistance = true
	}
	if f.FromCityID != 0 {
		d.Selects = append(d.Selects, sortField(v, "web.offers.sort.", f.Sort, domain.SortDistance, domain.SortNewest))
	}
	d.Selects = append(d.Selects, perPageField(v, f.Page.Size))
	d.Summary = v.Plural("web.offers.count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)

	switch {
	case role == domain.RoleStudent && f.FromCityID != 0:
		d.Lead = v.T("web.offers.lead.student", "city", pl.cityName(v.Lang, f.FromCityID))
	case v.Can(string(auth.WriteOffers)):
		d.Lead = v.T("web.offers.lead.enterprise")
		d.NewURL = "/offers/new"
	case approver && f.Status == domain.OfferSubmitted:
		d.Lead = v.T("web.offers.lead.approver")
	case !d.ShowStatus:
		d.Lead = v.T("web.offers.lead.open")
	}
	for _, o := range list.Items {
		d.Rows = append(d.Rows, offerRowOf(v, pl, o, d.ShowDistance))
	}
	v.Title = v.T("web.offers.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "offer_list", v)
}

// offerSearch is the offer list's filter as its reader's role shapes it,
// read the same way for the page and its export.
type offerSearch struct {
	f                 domain.OfferFilter
	status, defStatus string // the state asked for, and the role's default
	defSort           string
	showStatus        bool // the reader sees offers in more than one state
	// student is the reading student, from whose college's city distances
	// are measured.
	student *domain.Student
}

// offerSearch reads the offer list's filter. Enterprise HR lists its own
// offers, in every state unless it picks one. The roles that see offers
// before they open (within their scope, never a draft) pick one state at a
// time, an approver starting at those waiting for its decision; the others
// see open offers only. A student's list measures distances from the city
// of their college, nearest first. The problems q has met so far are
// returned first.
func (h *Web) offerSearch(ctx context.Context, v *view, q *query, pl places) (offerSearch, error) {
	o := offerSearch{f: domain.OfferFilter{
		RegionID:      pl.region(q),
		CityID:        pl.city(q),
		Qualification: q.choice("qualification"),
		Sort:          q.choice("sort"),
	}}
	if q.err != nil {
		return o, q.err
	}
	switch role := domain.ActorFrom(ctx).Role(); {
	case role == domain.RoleEnterprise:
		o.showStatus = true
		if u := v.User; u != nil {
			o.f.EnterpriseID = u.EnterpriseID
		}
		o.status = q.choice("status")
	case seesUnpublishedOffers(role):
		o.showStatus = true
		o.defStatus = string(domain.OfferOpen)
		if v.Can(string(auth.ApproveOffers)) {
			o.defStatus = string(domain.OfferSubmitted)
		}
		if o.status = q.choice("status"); o.status == "" {
			o.status = o.defStatus
		}
	case role == domain.RoleStudent && v.User != nil && v.User.StudentID != 0:
		s, err := h.reg.Student(ctx, v.User.StudentID)
		if err != nil {
			return o, err
		}
		c, err := h.reg.College(ctx, s.CollegeID)
		if err != nil {
			return o, err
		}
		o.student, o.f.FromCityID = &s, c.CityID
	}
	o.f.Status = domain.OfferStatus(o.status)
	o.defSort = domain.SortNewest
	if o.f.FromCityID != 0 {
		o.defSort = domain.SortDistance
	}
	if o.f.Sort == "" || o.f.Sort == domain.SortDistance && o.f.FromCityID == 0 {
		o.f.Sort = o.defSort
	}
	return o, nil
}

// offerMine offers a student the qualification of their programme as a
// shortcut.
func (h *Web) offerMine(ctx context.Context, v *view, d *offerListData, s domain.Student, qualification string) error {
	prog, err := h.reg.Programme(ctx, s.ProgrammeID)
	if err != nil {
		return err
	}
	if code := prog.QualificationCode; code != "" && code != qualification {
		d.MineURL = "/offers?qualification=" + code
		d.Mine = s.Qualification.In(v.Lang)
		if d.Mine == "" {
			d.Mine = code
		}
	}
	return nil
}

// seesUnpublishedOffers reports whether a role sees offers of its scope
// that are not open (submitted, referred, approved, closed): those who
// approve them and those who oversee.
func seesUnpublishedOffers(role domain.Role) bool {
	switch role {
	case domain.RoleCollege, domain.RoleRegion, domain.RoleMinistry, domain.RoleAuditor:
		return true
	}
	return false
}

// offerStatusField is the state filter: enterprise HR may leave it at
// every state; the others see one state at a time, never drafts, which are
// the enterprise's own until submitted.
func offerStatusField(v *view, selected string, every bool) selectField {
	values := make([]string, 0, len(domain.OfferStatuses))
	for _, s := range domain.OfferStatuses {
		if s != domain.OfferDraft || every {
			values = append(values, string(s))
		}
	}
	sf := selectField{ID: "f-status", Name: "status", Label: v.T("web.field.status"),
		Options: choices(v, "web.offer.status.", values, selected)}
	if every {
		sf.Any = v.T("web.offers.all_states")
	}
	return sf
}

// offerRowOf is one offer of the list with the steps its reader may take.
func offerRowOf(v *view, pl places, o domain.Offer, distance bool) offerRow {
	self := "/offers/" + strconv.FormatInt(o.ID, 10)
	row := offerRow{
		ID:          o.ID,
		URL:         self,
		Heading:     o.Qualification.In(v.Lang),
		Code:        o.QualificationCode,
		Enterprise:  o.Enterprise.In(v.Lang),
		Place:       pl.cityName(v.Lang, o.CityID) + ", " + pl.regionName(v.Lang, o.RegionID),
		Period:      v.Date(o.StartsOn) + " – " + v.Date(o.EndsOn),
		Days:        offerDays(v, o.Weekdays),
		Places:      v.T("web.offer.places", "taken", v.Number(o.Accepted), "capacity", v.Number(o.Capacity)),
		Status:      v.T("web.offer.status." + string(o.Status)),
		StatusClass: offerBadge(o.Status),
	}
	if row.Heading == "" {
		row.Heading = o.QualificationCode
	}
	// A town without coordinates has no distance, not a distance of 0.
	if c, ok := pl.cities[o.CityID]; distance && ok && c.Lat != nil && c.Lon != nil {
		row.Distance = v.T("web.offers.km", "n", v.Number(int(math.Round(o.DistanceKm))))
	} else if distance {
		row.Distance = "—"
	}
	if o.Status == domain.OfferReferred {
		row.ReferralReason = o.ReferralReason
	}
	if v.Can(string(auth.WriteOffers)) {
		row.Actions = offerActions(v, o)
	}
	if canApprove(v.User, o) && o.Status == domain.OfferSubmitted {
		row.Actions = append(row.Actions, offerAction{URL: self + "/approve", Label: v.T("web.offer.approve")})
		row.ReferURL = self + "/refer"
	}
	return row
}
