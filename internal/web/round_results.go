package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// resultRow is a student's place in a round, as the results list and a
// college's view of the round show it.
type resultRow struct {
	StudentID           int64
	Name, StudentURL    string
	Lottery             string
	Choices             string // "3 offers ranked"
	Placement           string // the offer, or that the student was not placed
	PlacementURL        string
	Rank                string // the choice the placement was
	Placed              bool
	Status, StatusClass string
	AgreementURL        string
}

type roundResultsData struct {
	listing
	Rows      []resultRow
	RoundURL  string
	RoundName string
	Preview   bool // run but not published: the organiser's (and auditors') preview
}

// roundResults lists the placements of a round, page by page, placed or
// not: for the organiser every student who ranked, for a college or a
// teacher their students, for enterprise HR the students of its offers. A
// student finds their own result on the round's page.
func (h *Web) roundResults(w http.ResponseWriter, r *http.Request) {
	rd, ok := pathRecord(h, w, r, "round", h.reg.Round)
	if !ok {
		return
	}
	ctx := r.Context()
	v := h.newView(r, "rounds")
	if u := v.User; u != nil && u.Role == domain.RoleStudent {
		// A student's result is theirs alone, on the round's page.
		http.Redirect(w, r, roundURL(rd.ID)+"#my-result", http.StatusSeeOther)
		return
	}
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := newQuery(r)
	f := domain.ResultFilter{OfferID: q.number("offer_id"), Placed: q.flag("placed"), Page: q.page()}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	self := roundURL(rd.ID)
	d := roundResultsData{listing: listing{Path: self + "/results"}, RoundURL: self, RoundName: rd.Name,
		Preview: rd.Status == domain.RoundAllocated}
	if f.OfferID != 0 {
		o, err := h.reg.Offer(ctx, f.OfferID)
		if err != nil {
			h.fail(w, r, unknownRef(err, "offer_id", "error.round.offer_unknown"))
			return
		}
		heading := o.Qualification.In(v.Lang)
		if heading == "" {
			heading = o.QualificationCode
		}
		d.Chips = append(d.Chips, chip{Param: "offer_id", Value: strconv.FormatInt(o.ID, 10), Label: v.T("web.round.field.offer"),
			Shown: heading + " — " + o.Enterprise.In(v.Lang)})
	}
	u := v.User
	if u != nil && (u.Role == domain.RoleCollege || u.Role == domain.RoleTeacher) {
		f.CollegeID = u.CollegeID
	}
	if u != nil && u.Role == domain.RoleEnterprise {
		f.EnterpriseID = u.EnterpriseID
	}
	list, err := h.reg.Results(ctx, rd.ID, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := newParams()
	p.setInt("offer_id", f.OfferID)
	placed := ""
	switch {
	case f.Placed == nil:
	case *f.Placed:
		placed = "yes"
	default:
		placed = "no"
	}
	p.set("placed", placed, "")
	d.Selects = []selectField{
		{ID: "f-placed", Name: "placed", Label: v.T("web.round.field.placed"), Any: v.T("web.round.placed.any"),
			Options: choices(v, "web.round.placed.", []string{"yes", "no"}, placed)},
		perPageField(v, f.Page.Size),
	}
	d.Summary = v.Plural("web.round.results_count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	ran := seesRun(u, rd)
	d.Preview = d.Preview && ran
	for _, res := range list.Items {
		d.Rows = append(d.Rows, resultRowOf(v, pl, res, ran))
	}
	v.Title = v.T("web.round.results_title", "round", rd.Name)
	v.Data = d
	h.render(w, r, http.StatusOK, "round_results", v)
}

// resultRowOf is a student's line of the results; before the run only
// the list they ranked.
func resultRowOf(v *view, pl places, res domain.RoundResult, ran bool) resultRow {
	row := resultRow{
		StudentID: res.StudentID,
		Name:      res.Student.Full(),
		Lottery:   strconv.Itoa(res.Lottery),
		Choices:   v.Plural("web.round.choices_count", len(res.Choices)),
		Placement: "—",
	}
	// Enterprise HR reads the students of its trainees only; the others
	// who ranked its offers are names on the list.
	if u := v.User; u == nil || u.Role != domain.RoleEnterprise {
		row.StudentURL = "/students/" + strconv.FormatInt(res.StudentID, 10)
	}
	if !ran {
		return row
	}
	row.Placement = v.T("web.round.not_placed")
	for _, c := range res.Choices {
		if c.Placed || res.OfferID != 0 && c.OfferID == res.OfferID {
			rc := rankedChoiceOf(v, pl, c.Rank, c.Offer, 0)
			row.Placed = true
			row.Placement = rc.Heading + " — " + rc.Enterprise + ", " + rc.Place
			row.PlacementURL = rc.URL
			row.Rank = v.T("web.round.choice_no", "rank", strconv.Itoa(c.Rank))
			break
		}
	}
	if row.Placed && res.Status != "" {
		row.Status = v.T("web.round.placement_of." + string(res.Status))
		row.StatusClass = placementBadge(res.Status)
	}
	if res.AgreementID != 0 {
		row.AgreementURL = "/agreements/" + strconv.FormatInt(res.AgreementID, 10)
	}
	return row
}
