package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// round is an allocation round over the open offers of a region or of the
// whole country: students rank offers until the deadline, the round runs
// (student-proposing deferred acceptance on the published priority
// formula), and its results are published for the students to accept.
type round struct {
	ID       int64  `json:"id"`
	RegionID *int   `json:"region_id"` // null: the whole country
	ParentID *int64 `json:"parent_id"` // the round a supplementary round follows; null otherwise
	Name     string `json:"name"`
	// MaxChoices is how many offers a student may rank.
	MaxChoices int       `json:"max_choices"`
	Deadline   time.Time `json:"deadline"`
	Weights    weights   `json:"weights"`
	Status     string    `json:"status"`
	// Offers and seats as the round snapshotted them; students who ranked
	// at least one offer; students placed by the run.
	Offers      int        `json:"offers"`
	Seats       int        `json:"seats"`
	Students    int        `json:"students"`
	Placed      int        `json:"placed"`
	CreatedAt   time.Time  `json:"created_at"`
	RunAt       *time.Time `json:"run_at"`
	PublishedAt *time.Time `json:"published_at"`
}

// weights are the published priority formula: academic × the student's
// academic average (0–100) + interview × the interview score (0–100, 0
// where none) + same_region when the student's college is in the offer's
// region; equal scores go by the lower lottery number.
type weights struct {
	Academic   int `json:"academic"`
	Interview  int `json:"interview"`
	SameRegion int `json:"same_region"`
}

func roundOf(rd domain.Round) round {
	out := round{ID: rd.ID, ParentID: optionalID(rd.ParentID), Name: rd.Name, MaxChoices: rd.MaxChoices,
		Deadline: rd.Deadline.UTC(), Weights: weights(rd.Weights), Status: string(rd.Status),
		Offers: rd.Offers, Seats: rd.Seats, Students: rd.Students, Placed: rd.Placed,
		CreatedAt: rd.CreatedAt.UTC(), RunAt: optionalTime(rd.RunAt), PublishedAt: optionalTime(rd.PublishedAt)}
	if rd.RegionID != 0 {
		out.RegionID = &rd.RegionID
	}
	return out
}

// cutoff is the priority of the last student an offer admitted when it
// filled: their score, then their lottery number.
type cutoff struct {
	Score   int `json:"score"`
	Lottery int `json:"lottery"`
}

func optionalCutoff(has bool, score, lottery int) *cutoff {
	if !has {
		return nil
	}
	return &cutoff{Score: score, Lottery: lottery}
}

// roundOffer is an offer of a round with the seats it brings and, after
// the run, the seats filled and its cutoff.
type roundOffer struct {
	OfferID  int64   `json:"offer_id"`
	Capacity int     `json:"capacity"`
	Reserved bool    `json:"reserved"`
	Filled   int     `json:"filled"` // 0 until the round has run
	Cutoff   *cutoff `json:"cutoff"` // null until the run, and for an offer that did not fill
	Offer    offer   `json:"offer"`
}

func roundOfferOf(ro domain.RoundOffer) roundOffer {
	return roundOffer{OfferID: ro.OfferID, Capacity: ro.Capacity, Reserved: ro.Reserved, Filled: ro.Filled,
		Cutoff: optionalCutoff(ro.HasCutoff, ro.CutoffScore, ro.CutoffLottery), Offer: offerOf(ro.Offer)}
}

// choice is an offer a student ranked, with the student's score there by
// the round's formula and, after the run, the offer's cutoff and whether
// the student was placed there.
type choice struct {
	Rank    int     `json:"rank"`
	OfferID int64   `json:"offer_id"`
	Score   int     `json:"score"`
	Cutoff  *cutoff `json:"cutoff"`
	Placed  bool    `json:"placed"`
	Offer   offer   `json:"offer"`
}

func choiceOf(c domain.Choice) choice {
	return choice{Rank: c.Rank, OfferID: c.OfferID, Score: c.Score,
		Cutoff: optionalCutoff(c.HasCutoff, c.CutoffScore, c.CutoffLottery), Placed: c.Placed, Offer: offerOf(c.Offer)}
}

// choicesOf lists choices, never nil, so the JSON is [] rather than null.
func choicesOf(cs []domain.Choice) []choice {
	out := make([]choice, 0, len(cs))
	for _, c := range cs {
		out = append(out, choiceOf(c))
	}
	return out
}

// roundResult is a student's place in a round with the explanation: every
// offer they ranked, in rank order, with its cutoff and their score there.
type roundResult struct {
	RoundID     int64      `json:"round_id"`
	StudentID   int64      `json:"student_id"`
	StudentName personName `json:"student_name"`
	Lottery     int        `json:"lottery"`
	OfferID     *int64     `json:"offer_id"`     // null: not placed
	Status      *string    `json:"status"`       // what the student did with the place; null when not placed
	AgreementID *int64     `json:"agreement_id"` // the draft agreement of an accepted place
	Choices     []choice   `json:"choices"`
}

func roundResultOf(res domain.RoundResult) roundResult {
	return roundResult{RoundID: res.RoundID, StudentID: res.StudentID, StudentName: personNameOf(res.Student),
		Lottery: res.Lottery, OfferID: optionalID(res.OfferID), Status: optionalString(string(res.Status)),
		AgreementID: optionalID(res.AgreementID), Choices: choicesOf(res.Choices)}
}

// roundInput is what the organiser sets of a new round.
type roundInput struct {
	Name string `json:"name"`
	// RegionID 0 (or absent) opens a national round; a supplementary
	// round takes its parent's region.
	RegionID   int      `json:"region_id"`
	ParentID   int64    `json:"parent_id"`
	MaxChoices int      `json:"max_choices"`
	Deadline   string   `json:"deadline"` // RFC 3339
	Weights    *weights `json:"weights"`  // absent: the default formula
}

// roundRequired are the fields a round cannot be opened without.
var roundRequired = []string{"name", "max_choices", "deadline"}

// choicesInput is a student's whole ranked list, most wanted first.
type choicesInput struct {
	OfferIDs []int64 `json:"offer_ids"`
}

// interview is an interview score enterprise HR gave a student at one of
// its offers.
type interview struct {
	RoundID   int64 `json:"round_id"`
	OfferID   int64 `json:"offer_id"`
	StudentID int64 `json:"student_id"`
	Score     int   `json:"score"`
}

// interviewInput is the body of an interview score.
type interviewInput struct {
	OfferID   int64 `json:"offer_id"`
	StudentID int64 `json:"student_id"`
	Score     int   `json:"score"`
}

// listRounds answers GET /api/v1/rounds: a page of the rounds in the
// caller's scope, newest first.
func (a *API) listRounds(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.RoundFilter{RegionID: q.regionID("region_id"), Status: domain.RoundStatus(q.word("status")), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Rounds(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, roundOf)
	return nil
}

// getRound answers GET /api/v1/rounds/{id}.
func (a *API) getRound(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "round")
	if err != nil {
		return err
	}
	return a.writeRound(w, r, http.StatusOK, id)
}

// writeRound answers with the round as it is stored now.
func (a *API) writeRound(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	rd, err := a.reg.Round(r.Context(), id)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		writeCreated(w, r, "/rounds/"+strconv.FormatInt(id, 10), roundOf(rd))
		return nil
	}
	writeJSON(w, r, status, roundOf(rd))
	return nil
}

// createRound answers POST /api/v1/rounds: the ministry (any region or
// the whole country) or a regional education department (its region)
// opens a round, which snapshots the open offers and draws the students'
// lottery numbers.
func (a *API) createRound(w http.ResponseWriter, r *http.Request) error {
	var in roundInput
	if err := readBody(r, &in, roundRequired...); err != nil {
		return err
	}
	deadline, err := time.Parse(time.RFC3339, in.Deadline)
	if err != nil {
		return domain.Invalid("deadline", "error.api.body_time", "must be a date and time in RFC 3339").With("name", "deadline")
	}
	rd := domain.Round{Name: in.Name, RegionID: in.RegionID, ParentID: in.ParentID, MaxChoices: in.MaxChoices,
		Deadline: deadline.UTC(), Weights: domain.DefaultPriorityWeights}
	if in.Weights != nil {
		rd.Weights = domain.PriorityWeights(*in.Weights)
	}
	if err := a.reg.OpenRound(r.Context(), &rd); err != nil {
		return err
	}
	return a.writeRound(w, r, http.StatusCreated, rd.ID)
}

// listRoundOffers answers GET /api/v1/rounds/{id}/offers: a page of the
// round's offers with their seats, the seats filled and the cutoffs,
// narrowed by qualification, place, enterprise and whether reserved for
// targeted training.
func (a *API) listRoundOffers(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "round")
	if err != nil {
		return err
	}
	q := newQuery(r)
	f := domain.RoundOfferFilter{Qualification: q.word("qualification"), RegionID: q.regionID("region_id"), CityID: q.id("city_id"),
		EnterpriseID: q.id("enterprise_id"), Reserved: q.boolean("reserved"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.RoundOffers(r.Context(), id, f)
	if err != nil {
		return err
	}
	writePage(w, r, list, roundOfferOf)
	return nil
}

// ownStudent is the student the caller's token belongs to.
func ownStudent(ctx context.Context) int64 {
	if u := domain.ActorFrom(ctx).User; u != nil {
		return u.StudentID
	}
	return 0
}

// getChoices answers GET /api/v1/rounds/{id}/choices: the token's
// student's ranked list, with their score at each offer.
func (a *API) getChoices(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "round")
	if err != nil {
		return err
	}
	return a.writeChoices(w, r, id)
}

// writeChoices answers with the student's list as it is stored now.
func (a *API) writeChoices(w http.ResponseWriter, r *http.Request, roundID int64) error {
	res, err := a.reg.Result(r.Context(), roundID, ownStudent(r.Context()))
	if err != nil {
		return err
	}
	writeCollection(w, r, res.Choices, choiceOf)
	return nil
}

// setChoices answers PUT /api/v1/rounds/{id}/choices: the token's student
// replaces their ranked list while the round is open, before its
// deadline. An empty list withdraws them from the allocation.
func (a *API) setChoices(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "round")
	if err != nil {
		return err
	}
	var in choicesInput
	if err := readBody(r, &in, "offer_ids"); err != nil {
		return err
	}
	if err := a.reg.SetChoices(r.Context(), id, ownStudent(r.Context()), in.OfferIDs); err != nil {
		return err
	}
	return a.writeChoices(w, r, id)
}

// recordInterview answers POST /api/v1/rounds/{id}/interviews: enterprise
// HR records the interview score of a student who ranked one of its
// offers, while the round is open; a second score replaces the first.
func (a *API) recordInterview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "round")
	if err != nil {
		return err
	}
	var in interviewInput
	if err := readBody(r, &in, "offer_id", "student_id", "score"); err != nil {
		return err
	}
	iv := domain.Interview{RoundID: id, OfferID: in.OfferID, StudentID: in.StudentID, Score: in.Score}
	if err := a.reg.SetInterview(r.Context(), iv); err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, interview(iv))
	return nil
}

// runRound answers POST /api/v1/rounds/{id}/run.
func (a *API) runRound(w http.ResponseWriter, r *http.Request) error {
	return step("round", a.writeRound, a.reg.RunRound)(w, r)
}

// publishRound answers POST /api/v1/rounds/{id}/publish.
func (a *API) publishRound(w http.ResponseWriter, r *http.Request) error {
	return step("round", a.writeRound, a.reg.PublishRound)(w, r)
}

// closeRound answers POST /api/v1/rounds/{id}/close.
func (a *API) closeRound(w http.ResponseWriter, r *http.Request) error {
	return step("round", a.writeRound, a.reg.CloseRound)(w, r)
}

// acceptPlacement answers POST /api/v1/rounds/{id}/accept: the token's
// student accepts their published place, which makes the draft agreement
// named in the result and the Location header.
func (a *API) acceptPlacement(w http.ResponseWriter, r *http.Request) error {
	return a.decidePlacement(w, r, func(ctx context.Context, roundID, studentID int64) error {
		agreementID, err := a.reg.AcceptPlacement(ctx, roundID, studentID)
		if err == nil {
			w.Header().Set("Location", Prefix+"/agreements/"+strconv.FormatInt(agreementID, 10))
		}
		return err
	})
}

// declinePlacement answers POST /api/v1/rounds/{id}/decline: the token's
// student declines their published place; the seat returns.
func (a *API) declinePlacement(w http.ResponseWriter, r *http.Request) error {
	return a.decidePlacement(w, r, a.reg.DeclinePlacement)
}

// decidePlacement takes the student's decision on their place and answers
// with their result after it.
func (a *API) decidePlacement(w http.ResponseWriter, r *http.Request, decide func(ctx context.Context, roundID, studentID int64) error) error {
	id, err := pathID(r, 64, "round")
	if err != nil {
		return err
	}
	ctx := r.Context()
	if err := decide(ctx, id, ownStudent(ctx)); err != nil {
		return err
	}
	res, err := a.reg.Result(ctx, id, ownStudent(ctx))
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, roundResultOf(res))
	return nil
}

// listResults answers GET /api/v1/rounds/{id}/results: a page of the
// students of the round who ranked offers, with their places, within the
// caller's scope.
func (a *API) listResults(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "round")
	if err != nil {
		return err
	}
	q := newQuery(r)
	f := domain.ResultFilter{OfferID: q.id("offer_id"), EnterpriseID: q.id("enterprise_id"), CollegeID: q.id("college_id"),
		Placed: q.boolean("placed"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Results(r.Context(), id, f)
	if err != nil {
		return err
	}
	writePage(w, r, list, roundResultOf)
	return nil
}

// getResult answers GET /api/v1/rounds/{id}/results/{student_id}: one
// student's place with the explanation.
func (a *API) getResult(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "round")
	if err != nil {
		return err
	}
	studentID, ok := parseID(r.PathValue("student_id"), 64)
	if !ok {
		return domain.NotFound("round_result")
	}
	res, err := a.reg.Result(r.Context(), id, studentID)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, roundResultOf(res))
	return nil
}
