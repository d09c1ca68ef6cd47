package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// roundShowData is a round's page. What it holds beyond the round itself
// depends on who reads it: the organiser (and an auditor) the offers with
// their seats and cutoffs and the steps of the round; a student the offers
// they may rank, their ranked list and, once published, where they were
// placed and why not higher; enterprise HR its offers and the students who
// ranked them; a college or a teacher their students' results.
type roundShowData struct {
	// The one paginated list of the page: the round's offers for the
	// organiser, the offers a student may rank for a student.
	listing
	OfferRows []roundOfferRow

	ID                  int64
	Name, Region        string
	Status, StatusClass string
	StatusNote          string // what the state means for this reader
	Deadline            string
	Formula             string
	MaxChoices          string
	Parent, ParentURL   string
	Figures             []roundFigure
	// Problem is a refused step without a form of its own (running a round
	// twice, say).
	Problem string
	// Next is this page with its filters: the forms come back here.
	Next string

	Steps         []roundAction
	ResultsURL    string
	SupplementURL string

	// ShowOffers is set for the organiser's table of the round's offers;
	// ShowResults once the round ran and the table has seats filled and
	// cutoffs.
	ShowOffers  bool
	ShowResults bool

	Ranking  *roundRanking
	Outcome  *roundOutcome
	Company  *roundCompany
	Students *roundStudents
}

type roundFigure struct{ Label, Value string }

// roundAction is one of the organiser's steps: a button behind a
// confirmation that says what it does.
type roundAction struct {
	URL, Label, Confirm, Button string
	Danger                      bool
}

// roundOfferRow is an offer of the round: for the organiser with its seats
// and, after the run, the seats filled and the cutoff; for a student with
// the distance and where it is on their list.
type roundOfferRow struct {
	ID                      int64
	URL, Heading, Code      string
	Enterprise, Place       string
	Distance                string
	Seats, Filled, Cutoff   string
	Reserved                bool
	Listed                  int  // the student's rank for it; 0 when not on their list
	CanAdd                  bool // the student may add it to their list
	AddLabel, ListedAtLabel string
}

// roundProblem is a refused step to show on the round's page: which form
// it concerns (choices, interview, or none) and what the user sent.
type roundProblem struct {
	form      string
	errs      formErrors
	choices   []int64 // the list as posted, not saved
	offerID   int64   // the interview form
	studentID int64
	score     string
}

// roundShow shows a round to whoever may read it, shaped by their role.
func (h *Web) roundShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "round")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderRound(w, r, http.StatusOK, id, roundProblem{})
}

// renderRound renders the round's page with status, and the problem of a
// refused step next to its form.
func (h *Web) renderRound(w http.ResponseWriter, r *http.Request, status int, id int64, pb roundProblem) {
	ctx := r.Context()
	v := h.newView(r, "rounds")
	rd, err := h.reg.Round(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	self := roundURL(rd.ID)
	d := roundShowData{
		listing:     listing{Path: self},
		ID:          rd.ID,
		Name:        rd.Name,
		Region:      roundRegion(v, pl, rd.RegionID),
		Status:      v.T("web.round.status." + string(rd.Status)),
		StatusClass: roundBadge(rd.Status),
		Deadline:    v.Time(rd.Deadline),
		Formula:     roundFormula(v, rd.Weights),
		MaxChoices:  v.Number(rd.MaxChoices),
		StatusNote:  roundStatusNote(v, rd, h.now()),
		Figures: []roundFigure{
			{v.T("web.round.figure.offers"), v.Number(rd.Offers)},
			{v.T("web.round.figure.seats"), v.Number(rd.Seats)},
			{v.T("web.round.figure.students"), v.Number(rd.Students)},
		},
	}
	if seesRun(v.User, rd) {
		d.Figures = append(d.Figures, roundFigure{v.T("web.round.figure.placed"), v.Number(rd.Placed)})
	}
	if rd.ParentID != 0 {
		d.ParentURL = roundURL(rd.ParentID)
		d.Parent = v.T("web.round.parent_link")
		if parent, err := h.reg.Round(ctx, rd.ParentID); err == nil {
			d.Parent = parent.Name
		}
	}
	role := domain.ActorFrom(ctx).Role()
	q := newQuery(r)
	switch {
	case role == domain.RoleStudent:
		err = h.studentRound(ctx, w, v, q, pl, rd, &d, pb)
	case role == domain.RoleEnterprise:
		err = h.companyRound(ctx, v, pl, rd, &d, pb)
	case role == domain.RoleCollege || role == domain.RoleTeacher:
		err = h.collegeRound(ctx, v, pl, rd, &d)
	default:
		err = h.organiserRound(ctx, w, v, q, pl, rd, &d)
	}
	if err == nil {
		err = q.err
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if pb.form == "" {
		d.Problem = pb.errs.Summary
	}
	if d.Next == "" {
		d.Next = self
	}
	v.Title = rd.Name
	v.Data = d
	h.render(w, r, status, "round_show", v)
}

// roundStatusNote says what the round's state means now.
func roundStatusNote(v *view, rd domain.Round, now time.Time) string {
	if rd.Status == domain.RoundOpen && !now.Before(rd.Deadline) {
		return v.T("web.round.note.deadline_passed")
	}
	return v.T("web.round.note."+string(rd.Status), "deadline", v.Time(rd.Deadline))
}

// organiserRound is the view of those who run rounds and oversee them
// (the ministry, regional departments, auditors): the round's offers with
// their seats and, after the run, the seats filled and the cutoffs, page
// by page; and the steps the reader may take.
func (h *Web) organiserRound(ctx context.Context, w http.ResponseWriter, v *view, q *query, pl places, rd domain.Round, d *roundShowData) error {
	page := q.page()
	if q.err != nil {
		return q.err
	}
	list, err := h.reg.RoundOffers(ctx, rd.ID, domain.RoundOfferFilter{Page: page})
	if err != nil {
		return err
	}
	d.ShowOffers = true
	d.ShowResults = seesRun(v.User, rd)
	d.Summary = v.Plural("web.round.offers_count", list.Total)
	d.finish(w, v, newParams(), page, list.Total)
	d.Next = d.URL
	for _, o := range list.Items {
		d.OfferRows = append(d.OfferRows, roundOfferRowOf(v, pl, o, d.ShowResults))
	}
	if d.ShowResults {
		d.ResultsURL = d.Path + "/results"
	}
	if mayManageRound(v.User, rd) {
		d.Steps = roundSteps(v, rd)
		if rd.Status == domain.RoundClosed {
			d.SupplementURL = "/rounds/new?parent=" + strconv.FormatInt(rd.ID, 10)
		}
	}
	return nil
}

// mayManageRound reports whether u runs the round: the ministry any, a
// regional department those of its region. The access layer decides; this
// keeps buttons away from those it would refuse.
func mayManageRound(u *domain.User, rd domain.Round) bool {
	if u == nil || !auth.Allowed(u.Role, auth.ManageRounds) {
		return false
	}
	return u.Role == domain.RoleMinistry || u.Role == domain.RoleRegion && rd.RegionID != 0 && rd.RegionID == u.RegionID
}

// seesRun reports whether u sees the outcome of the round's run:
// everyone once it is published; before, its organiser and the auditors.
// The access layer hides it from the others; this keeps the pages from
// showing empty figures as if nobody had been placed.
func seesRun(u *domain.User, rd domain.Round) bool {
	switch rd.Status {
	case domain.RoundPublished, domain.RoundClosed:
		return true
	case domain.RoundAllocated:
		return mayManageRound(u, rd) || u != nil && u.Role == domain.RoleAuditor
	}
	return false
}

// roundSteps are the organiser's steps in the round's state, each with the
// confirmation of what it does.
func roundSteps(v *view, rd domain.Round) []roundAction {
	self := roundURL(rd.ID)
	step := func(name string, danger bool) roundAction {
		return roundAction{URL: self + "/" + name, Label: v.T("web.round.step." + name), Confirm: v.T("web.round.confirm." + name),
			Button: v.T("web.round.step." + name + "_yes"), Danger: danger}
	}
	switch rd.Status {
	case domain.RoundOpen:
		return []roundAction{step("run", false)}
	case domain.RoundAllocated:
		again := step("run", false)
		again.Label, again.Confirm = v.T("web.round.step.run_again"), v.T("web.round.confirm.run_again")
		return []roundAction{step("publish", false), again}
	case domain.RoundPublished:
		return []roundAction{step("close", true)}
	}
	return nil
}

// roundOfferRowOf is an offer of the round for the organiser's table.
func roundOfferRowOf(v *view, pl places, ro domain.RoundOffer, results bool) roundOfferRow {
	o := ro.Offer
	row := roundOfferRow{
		ID:         ro.OfferID,
		URL:        "/offers/" + strconv.FormatInt(ro.OfferID, 10),
		Heading:    o.Qualification.In(v.Lang),
		Code:       o.QualificationCode,
		Enterprise: o.Enterprise.In(v.Lang),
		Place:      pl.cityName(v.Lang, o.CityID) + ", " + pl.regionName(v.Lang, o.RegionID),
		Seats:      v.Number(ro.Capacity),
		Reserved:   ro.Reserved,
		Filled:     "—",
		Cutoff:     "—",
	}
	if row.Heading == "" {
		row.Heading = o.QualificationCode
	}
	if results {
		row.Filled = v.T("web.round.filled", "filled", v.Number(ro.Filled), "seats", v.Number(ro.Capacity))
		row.Cutoff = roundCutoff(v, ro.HasCutoff, ro.CutoffScore, ro.CutoffLottery)
	}
	return row
}

// roundCutoff is an offer's cutoff in words: the priority and lottery
// number of the last student admitted, or that everyone who ranked it got
// in.
func roundCutoff(v *view, has bool, score, lottery int) string {
	if !has {
		return v.T("web.round.cutoff.none")
	}
	return v.T("web.round.cutoff.value", "score", v.Number(score), "lottery", strconv.Itoa(lottery))
}

// roundState names the state in a refusal ("not while the round is
// «published»", "the place is «accepted» already") in the reader's
// language rather than as stored.
func roundState(v *view, err error) error {
	e := domain.AsError(err)
	s, ok := e.Params["status"]
	switch {
	case ok && e.Key == "error.round.state":
		return e.With("status", v.T("web.round.state."+s))
	case ok && e.Key == "error.round.placement":
		return e.With("status", v.T("web.round.placement."+s))
	}
	return namedState(v.p, err)
}

// roundStep takes one of the organiser's steps (run, publish, close) and
// comes back to the round's page with a confirmation; a refusal is shown
// there in the user's language.
func (h *Web) roundStep(w http.ResponseWriter, r *http.Request, step func(context.Context, int64) error, done string) {
	id, ok := h.postedID(w, r, "round")
	if !ok {
		return
	}
	if err := step(r.Context(), id); err != nil {
		h.roundRefused(w, r, id, roundProblem{}, err)
		return
	}
	flash(r.Context(), done)
	http.Redirect(w, r, roundURL(id), http.StatusSeeOther)
}

// roundRefused shows the round's page with the problem of a refused step,
// or the error page when the problem is not the user's to fix.
func (h *Web) roundRefused(w http.ResponseWriter, r *http.Request, id int64, pb roundProblem, err error) {
	v := h.newView(r, "rounds")
	labels := map[string]string{"choices": "web.round.my_list", "offer": "web.round.my_list", "score": "web.round.field.score",
		"student_id": "web.round.field.student", "offer_id": "web.round.field.offer"}
	fe, status, ok := formProblem(v, roundState(v, err), "", labels)
	if !ok {
		h.fail(w, r, err)
		return
	}
	pb.errs = fe
	h.renderRound(w, r, status, id, pb)
}
