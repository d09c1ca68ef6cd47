package access

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Allocation rounds are read (auth.ReadRounds) within scope:
//   - the ministry reads every round, a country-wide auditor too;
//   - a regional department reads its region's rounds and the national
//     ones, a region's auditor too;
//   - a college coordinator and a teacher read the rounds of the college's
//     region and the national ones, a college's auditor too;
//   - enterprise HR reads the rounds that hold an offer of the enterprise;
//   - a student reads the rounds of the college's region and the national
//     ones once open, except while the organiser looks at a run not yet
//     published.
//
// Results follow the people: a student reads their own, a college
// coordinator (and a college's auditor) those of the college's students, a
// teacher those of the students of the groups they supervise, enterprise HR
// those of the students who ranked its offers — only its own offers in each
// list, and a placement only when it is at one of them — and the ministry,
// regional departments and their auditors every result of a round they
// read. A run is the organiser's until it is published: the others see
// neither placements nor cutoffs before.
//
// The ministry manages (auth.ManageRounds) national rounds and any other, a
// regional department its region's only; a student ranks, accepts and
// declines for themself (auth.RankOffers); enterprise HR records interviews
// at its own offers (auth.ScoreInterviews). A round out of scope is not
// found; a round in scope that the actor may not manage is forbidden.

// roundReach is where an actor reads rounds: every round (all), the
// rounds with an offer of an enterprise, or those of a region and the
// national ones.
type roundReach struct {
	all        bool
	enterprise int64
	region     int
}

func (r *Registry) roundReach(ctx context.Context, actor domain.Actor) (roundReach, error) {
	sc := scopeOf(actor)
	switch {
	case actor.Role() == domain.RoleEnterprise:
		return roundReach{enterprise: sc.enterpriseID}, nil
	case sc.regionID != 0:
		return roundReach{region: sc.regionID}, nil
	case sc.collegeID != 0:
		region, err := r.collegeRegion(ctx, sc.collegeID)
		return roundReach{region: region}, err
	}
	return roundReach{all: true}, nil
}

// studentStatuses are the states in which students see a round.
var studentStatuses = []domain.RoundStatus{domain.RoundOpen, domain.RoundPublished, domain.RoundClosed}

// Rounds lists the rounds within the actor's scope.
func (r *Registry) Rounds(ctx context.Context, f domain.RoundFilter) (domain.List[domain.Round], error) {
	actor, err := r.allow(ctx, auth.ReadRounds)
	if err != nil {
		return domain.List[domain.Round]{}, err
	}
	if err := f.Validate(); err != nil {
		return domain.List[domain.Round]{}, err
	}
	reach, err := r.roundReach(ctx, actor)
	if err != nil {
		return domain.List[domain.Round]{}, err
	}
	f.EnterpriseID, f.Statuses = reach.enterprise, nil
	if actor.Role() == domain.RoleStudent {
		f.Statuses = studentStatuses
	}
	if narrow(&f.RegionID, reach.region) {
		return domain.List[domain.Round]{Items: []domain.Round{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	list, err := r.store.Rounds(ctx, f)
	if err != nil {
		return list, err
	}
	for i := range list.Items {
		if !seesRun(actor, &list.Items[i]) {
			list.Items[i].Placed = 0
		}
	}
	return list, nil
}

// round loads a round the actor reads; ENOTFOUND otherwise.
func (r *Registry) round(ctx context.Context, actor domain.Actor, id int64) (domain.Round, roundReach, error) {
	reach, err := r.roundReach(ctx, actor)
	if err != nil {
		return domain.Round{}, reach, err
	}
	round, err := r.store.Round(ctx, id)
	if err != nil {
		return round, reach, err
	}
	ok, err := r.roundVisible(ctx, actor, reach, &round)
	if err != nil {
		return domain.Round{}, reach, err
	}
	if !ok {
		return domain.Round{}, reach, notFound("round")
	}
	return round, reach, nil
}

func (r *Registry) roundVisible(ctx context.Context, actor domain.Actor, reach roundReach, round *domain.Round) (bool, error) {
	switch {
	case reach.all:
		return true, nil
	case reach.enterprise != 0:
		return r.enterpriseInRound(ctx, reach.enterprise, round)
	case actor.Role() == domain.RoleStudent && round.Status == domain.RoundAllocated:
		return false, nil
	}
	return round.RegionID == 0 || round.RegionID == reach.region, nil
}

// enterpriseInRound reports whether a round holds an offer of the
// enterprise. There are a few rounds a year, so the enterprise's list of
// them in the round's state is short.
func (r *Registry) enterpriseInRound(ctx context.Context, enterpriseID int64, round *domain.Round) (bool, error) {
	for page := 1; ; page++ {
		l, err := r.store.Rounds(ctx, domain.RoundFilter{EnterpriseID: enterpriseID, Status: round.Status,
			Page: domain.Page{Number: page, Size: domain.MaxPageSize}})
		if err != nil {
			return false, err
		}
		for _, x := range l.Items {
			if x.ID == round.ID {
				return true, nil
			}
		}
		if page >= l.Pages() {
			return false, nil
		}
	}
}

// manages reports whether the actor organises a round: the ministry any,
// a regional department its region's.
func manages(actor domain.Actor, round *domain.Round) bool {
	switch actor.Role() {
	case domain.RoleMinistry:
		return true
	case domain.RoleRegion:
		return round.RegionID != 0 && round.RegionID == scopeOf(actor).regionID
	}
	return false
}

// seesRun reports whether the actor sees the outcome of a round's run:
// everyone once it is published; before, the organiser and the auditors
// and the ministry who inspect everything in their scope.
func seesRun(actor domain.Actor, round *domain.Round) bool {
	switch {
	case round.Status == domain.RoundPublished || round.Status == domain.RoundClosed:
		return true
	case manages(actor, round):
		return true
	}
	return actor.Role() == domain.RoleAuditor
}

func errNotManager() error {
	return &domain.Error{Code: domain.EFORBIDDEN, Key: "error.round.manager",
		Message: "only the ministry manages national rounds, and a regional department its region's"}
}

// Round returns a round the actor reads; ENOTFOUND otherwise.
func (r *Registry) Round(ctx context.Context, id int64) (domain.Round, error) {
	actor, err := r.allow(ctx, auth.ReadRounds)
	if err != nil {
		return domain.Round{}, err
	}
	round, _, err := r.round(ctx, actor, id)
	if err != nil {
		return domain.Round{}, err
	}
	if !seesRun(actor, &round) {
		round.Placed = 0
	}
	return round, nil
}

// OpenRound opens a round: a regional department for its region, the
// ministry anywhere or nationally. A supplementary round is opened by who
// manages its parent; a parent out of scope is as unknown.
func (r *Registry) OpenRound(ctx context.Context, round *domain.Round) error {
	actor, err := r.allow(ctx, auth.ManageRounds)
	if err != nil {
		return err
	}
	if round.ParentID != 0 {
		parent, _, err := r.round(ctx, actor, round.ParentID)
		switch domain.ErrorCode(err) {
		case "":
		case domain.ENOTFOUND:
			return domain.Invalid("parent_id", "error.round.parent", "there is no such round")
		default:
			return err
		}
		if !manages(actor, &parent) {
			return errNotManager()
		}
		round.RegionID = parent.RegionID
	} else if !manages(actor, round) {
		return errNotManager()
	}
	return r.store.OpenRound(ctx, round)
}

// manageRound checks that the actor organises a round: ENOTFOUND out of
// scope, EFORBIDDEN (error.round.manager) for a round the actor only reads.
func (r *Registry) manageRound(ctx context.Context, id int64) error {
	actor, err := r.allow(ctx, auth.ManageRounds)
	if err != nil {
		return err
	}
	round, _, err := r.round(ctx, actor, id)
	if err != nil {
		return err
	}
	if !manages(actor, &round) {
		return errNotManager()
	}
	return nil
}

// RunRound runs a round its organiser manages.
func (r *Registry) RunRound(ctx context.Context, roundID int64) error {
	if err := r.manageRound(ctx, roundID); err != nil {
		return err
	}
	return r.store.RunRound(ctx, roundID)
}

// PublishRound publishes a round its organiser manages.
func (r *Registry) PublishRound(ctx context.Context, roundID int64) error {
	if err := r.manageRound(ctx, roundID); err != nil {
		return err
	}
	return r.store.PublishRound(ctx, roundID)
}

// CloseRound closes a round its organiser manages.
func (r *Registry) CloseRound(ctx context.Context, roundID int64) error {
	if err := r.manageRound(ctx, roundID); err != nil {
		return err
	}
	return r.store.CloseRound(ctx, roundID)
}

// RoundOffers lists the offers of a round the actor reads, as the filter
// selects them; the seats filled and the cutoffs only to those who see the
// run. The filter is the reader's: everyone who reads a round reads all of
// its offers.
func (r *Registry) RoundOffers(ctx context.Context, roundID int64, f domain.RoundOfferFilter) (domain.List[domain.RoundOffer], error) {
	actor, err := r.allow(ctx, auth.ReadRounds)
	if err != nil {
		return domain.List[domain.RoundOffer]{}, err
	}
	if err := f.Validate(); err != nil {
		return domain.List[domain.RoundOffer]{}, err
	}
	round, _, err := r.round(ctx, actor, roundID)
	if err != nil {
		return domain.List[domain.RoundOffer]{}, err
	}
	list, err := r.store.RoundOffers(ctx, roundID, f)
	if err != nil || seesRun(actor, &round) {
		return list, err
	}
	for i := range list.Items {
		ro := &list.Items[i]
		ro.Filled, ro.HasCutoff, ro.CutoffScore, ro.CutoffLottery = 0, false, 0, 0
	}
	return list, nil
}

// ownStudent checks that a student acts for themself in a round they
// read; anyone else's record is not found.
func (r *Registry) ownStudent(ctx context.Context, a auth.Action, roundID, studentID int64) error {
	actor, err := r.allow(ctx, a)
	if err != nil {
		return err
	}
	if studentID != scopeOf(actor).studentID {
		return notFound("round_result")
	}
	_, _, err = r.round(ctx, actor, roundID)
	return err
}

// SetChoices saves the signed-in student's own ranked list.
func (r *Registry) SetChoices(ctx context.Context, roundID, studentID int64, offerIDs []int64) error {
	if err := r.ownStudent(ctx, auth.RankOffers, roundID, studentID); err != nil {
		return err
	}
	return r.store.SetChoices(ctx, roundID, studentID, offerIDs)
}

// AcceptPlacement accepts the signed-in student's own placement.
func (r *Registry) AcceptPlacement(ctx context.Context, roundID, studentID int64) (int64, error) {
	if err := r.ownStudent(ctx, auth.RankOffers, roundID, studentID); err != nil {
		return 0, err
	}
	return r.store.AcceptPlacement(ctx, roundID, studentID)
}

// DeclinePlacement declines the signed-in student's own placement.
func (r *Registry) DeclinePlacement(ctx context.Context, roundID, studentID int64) error {
	if err := r.ownStudent(ctx, auth.RankOffers, roundID, studentID); err != nil {
		return err
	}
	return r.store.DeclinePlacement(ctx, roundID, studentID)
}

// SetInterview records an interview score at one of the enterprise's own
// offers, in a round that holds it; another enterprise's offer is not
// found.
func (r *Registry) SetInterview(ctx context.Context, iv domain.Interview) error {
	actor, err := r.allow(ctx, auth.ScoreInterviews)
	if err != nil {
		return err
	}
	if _, _, err := r.round(ctx, actor, iv.RoundID); err != nil {
		return err
	}
	o, err := r.store.Offer(ctx, iv.OfferID)
	if err != nil {
		return err
	}
	if o.EnterpriseID != scopeOf(actor).enterpriseID {
		return notFound("offer")
	}
	return r.store.SetInterview(ctx, iv)
}

// Result returns a student's result in a round within the actor's scope;
// ENOTFOUND otherwise.
func (r *Registry) Result(ctx context.Context, roundID, studentID int64) (domain.RoundResult, error) {
	actor, err := r.allow(ctx, auth.ReadRounds)
	if err != nil {
		return domain.RoundResult{}, err
	}
	round, reach, err := r.round(ctx, actor, roundID)
	if err != nil {
		return domain.RoundResult{}, err
	}
	sc := scopeOf(actor)
	if sc.studentID != 0 && studentID != sc.studentID {
		return domain.RoundResult{}, notFound("round_result")
	}
	if sc.collegeID != 0 && sc.studentID == 0 {
		s, err := r.store.Student(ctx, studentID)
		if err != nil {
			return domain.RoundResult{}, err
		}
		ok := s.CollegeID == sc.collegeID
		if ok && sc.curatorID != 0 {
			g, err := r.store.Group(ctx, s.GroupID)
			if err != nil {
				return domain.RoundResult{}, err
			}
			ok = g.CuratorID == sc.curatorID
		}
		if !ok {
			return domain.RoundResult{}, notFound("round_result")
		}
	}
	res, err := r.store.Result(ctx, roundID, studentID)
	if err != nil {
		return res, err
	}
	if reach.enterprise != 0 && !ownOffersOnly(&res, reach.enterprise) {
		return domain.RoundResult{}, notFound("round_result")
	}
	if !seesRun(actor, &round) {
		hideRun(&res)
	}
	return res, nil
}

// Results lists the results of a round within the actor's scope. A
// student reads their own with Result.
func (r *Registry) Results(ctx context.Context, roundID int64, f domain.ResultFilter) (domain.List[domain.RoundResult], error) {
	actor, err := r.allow(ctx, auth.ReadRounds)
	if err != nil {
		return domain.List[domain.RoundResult]{}, err
	}
	if actor.Role() == domain.RoleStudent {
		return domain.List[domain.RoundResult]{}, denied(actor)
	}
	if err := f.Page.Normalize(); err != nil {
		return domain.List[domain.RoundResult]{}, err
	}
	round, reach, err := r.round(ctx, actor, roundID)
	if err != nil {
		return domain.List[domain.RoundResult]{}, err
	}
	empty := domain.List[domain.RoundResult]{Items: []domain.RoundResult{}, Page: f.Page.Number, Size: f.Page.Size}
	sc := scopeOf(actor)
	f.CuratorID = sc.curatorID
	if narrow(&f.CollegeID, sc.collegeID) || narrow(&f.EnterpriseID, reach.enterprise) {
		return empty, nil
	}
	if reach.enterprise != 0 && f.OfferID != 0 {
		o, err := r.store.Offer(ctx, f.OfferID)
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			return empty, err
		}
		if err != nil || o.EnterpriseID != reach.enterprise {
			return empty, nil
		}
	}
	list, err := r.store.Results(ctx, roundID, f)
	if err != nil {
		return list, err
	}
	hide := !seesRun(actor, &round)
	for i := range list.Items {
		if reach.enterprise != 0 {
			ownOffersOnly(&list.Items[i], reach.enterprise)
		}
		if hide {
			hideRun(&list.Items[i])
		}
	}
	return list, nil
}

// ownOffersOnly keeps of a result what concerns an enterprise: the
// student's choices of its offers and a placement at one of them. It
// reports whether the student ranked any of its offers.
func ownOffersOnly(res *domain.RoundResult, enterpriseID int64) bool {
	kept := res.Choices[:0]
	placedHere := false
	for _, c := range res.Choices {
		if c.Offer.EnterpriseID == enterpriseID {
			kept = append(kept, c)
			placedHere = placedHere || c.Placed
		}
	}
	res.Choices = kept
	if !placedHere {
		res.OfferID, res.Status, res.AgreementID = 0, "", 0
	}
	return len(kept) > 0
}

// hideRun removes from a result what the run decided.
func hideRun(res *domain.RoundResult) {
	res.OfferID, res.Status, res.AgreementID = 0, "", 0
	for i := range res.Choices {
		c := &res.Choices[i]
		c.HasCutoff, c.CutoffScore, c.CutoffLottery, c.Placed = false, 0, 0, false
	}
}
