package demo

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/match"
)

// Allocation rounds: the open offers for the next period went through a
// national round. It opened a month before "today" over the offers open
// then; students of traditional programmes of the offers' qualifications
// ranked three to ten of them, mostly in their own region; some
// enterprises interviewed the students who ranked them; the round ran,
// was published with its cutoffs, and closed after a week of acceptances:
// most placed students accepted (a draft agreement each), the others
// declined. A supplementary round is open now on the seats left, for the
// students the first one did not place, and many of them have ranked
// already.
//
// The first round's placements are computed here with the same engine
// (internal/match) and the same published formula (domain.PriorityWeights)
// the product runs, from the students' academic averages, regions and the
// interviews as they are written, so every explanation the product shows
// holds. The demo's applicant account is a student the first round placed
// below their first choice, who declined and is ranking again.

// More streams of random numbers (see sample.go).
const (
	streamRounds uint64 = iota + 200
	streamSupplementary
	streamAverage = 13 << 32 // + student ID: the academic average
)

// Shares of the rounds.
const (
	// shareRanking is the share of the students who could take part in the
	// first round (a traditional programme of an offer's qualification,
	// studying) who ranked offers: about 100,000 at national scale.
	shareRanking = 0.7
	// shareOwnRegion is the chance that the next offer a student ranks is
	// in their own region while there is one left.
	shareOwnRegion = 0.75
	// shareInterviewing is the share of offers whose enterprise
	// interviewed every student who ranked it.
	shareInterviewing = 0.12
	// shareAccepting is the share of placed students who accepted.
	shareAccepting = 0.84
	// shareRankingAgain is the share of the supplementary round's
	// students who have ranked by "today".
	shareRankingAgain = 0.55
)

// roundPlan is the two rounds with every row to write. The students'
// rows are kept compact (a national round has a million ranked offers, and
// a domain.Choice carries a whole offer for display) and made into
// domain.RoundResult rows batch by batch as they are written.
type roundPlan struct {
	rounds     []domain.Round
	offers     []domain.RoundOffer
	interviews []domain.Interview
	agreements []domain.Agreement // the drafts of the accepted placements
	first      roundStudents      // of the finished round
	again      roundStudents      // of the open one
	applicant  int64              // the applicant account's student, 0 for none
}

// roundStudents are the students of a round with their ranked lists.
type roundStudents struct {
	round   int64
	ids     []int64
	lottery []int64
	start   []int32 // student s ranked offer[start[s]:start[s+1]]
	offer   []int64 // offer IDs in rank order
	// After the run: the offer ID placed at (0: none), what the student
	// did, and the agreement of an accepted placement.
	placed    []int64
	status    []domain.PlacementStatus
	agreement []int64
}

// result is student s's row.
func (rs *roundStudents) result(s int) domain.RoundResult {
	res := domain.RoundResult{RoundID: rs.round, StudentID: rs.ids[s], Lottery: int(rs.lottery[s])}
	if rs.placed != nil {
		res.OfferID, res.Status, res.AgreementID = rs.placed[s], rs.status[s], rs.agreement[s]
	}
	for a := rs.start[s]; a < rs.start[s+1]; a++ {
		res.Choices = append(res.Choices, domain.Choice{Rank: len(res.Choices) + 1, OfferID: rs.offer[a]})
	}
	return res
}

// streamResults streams the students' rows of both rounds.
func (rp *roundPlan) streamResults(emit func(domain.RoundResult) bool) {
	for _, rs := range []*roundStudents{&rp.first, &rp.again} {
		for s := range rs.ids {
			if !emit(rs.result(s)) {
				return
			}
		}
	}
}

// summarize adds the rounds' counts to a summary.
func (rp *roundPlan) summarize(s *Summary) {
	s.Rounds, s.RoundOffers, s.Interviews = len(rp.rounds), len(rp.offers), len(rp.interviews)
	s.RoundStudents, s.OpenRound = len(rp.first.ids), len(rp.again.ids)
	s.Accepted = len(rp.agreements)
	s.Agreements += len(rp.agreements)
	for _, o := range rp.first.placed {
		if o != 0 {
			s.Placed++
		}
	}
	for i := range rp.again.ids {
		if rp.again.start[i+1] > rp.again.start[i] {
			s.RankingAgain++
		}
	}
}

// roundOffer is an open offer of the first round.
type roundOffer struct {
	plan     int32 // index into chainPlan.offers
	region   int32 // index into plan.regions
	capacity int32
	accepted int32 // placements accepted in the first round
}

// academicAverage is a student's average mark on the 100-point scale,
// about normal around 74 with most between 60 and 88. It is drawn from the
// student's ID alone, so the rounds can compute the priority of any
// student without keeping every student in memory.
func (p *plan) academicAverage(id int64) int {
	r := newRand(p.seed, streamAverage+uint64(id))
	return int(math.Round(min(100, max(40, 74+11*r.NormFloat64()))))
}

// planRounds plans both rounds. It runs after the students are written,
// when who is away and every student's birth date are known.
func (p *plan) planRounds() roundPlan {
	c := &p.chain
	var rp roundPlan
	mainCreated := at(p.today.AddDate(0, 0, -16), 9, 0)
	main := domain.Round{
		ID: 1, Name: "2027 жылғы практика орындарын бөлудің республикалық раунды · Республиканский раунд распределения мест практики 2027",
		MaxChoices: 10, Deadline: at(p.today.AddDate(0, 0, -9), 18, 0), Weights: domain.DefaultPriorityWeights,
		Status: domain.RoundClosed, CreatedAt: mainCreated,
		RunAt: at(p.today.AddDate(0, 0, -8), 10, 0), PublishedAt: at(p.today.AddDate(0, 0, -7), 9, 0),
	}

	// The offers open when the round opened, by qualification.
	var offers []roundOffer
	byQual := map[string][]int32{} // looked up, never ranged over
	for i := range c.offers {
		o := &c.offers[i].offer
		if o.Status != domain.OfferOpen || !o.UpdatedAt.Before(mainCreated) {
			continue
		}
		byQual[o.QualificationCode] = append(byQual[o.QualificationCode], int32(len(offers)))
		offers = append(offers, roundOffer{plan: int32(i), region: int32(c.offers[i].region), capacity: int32(o.Capacity)})
	}
	if len(offers) == 0 {
		return rp
	}

	// The students who ranked, each with their list.
	r := newRand(p.seed, streamRounds)
	var students []int64
	ins := match.Input{Start: []int32{0}}
	var own, other []int32
	for gi := range p.groups {
		g := &p.groupInfo[gi]
		pr := &p.programmes[g.programme]
		quals := byQual[pr.QualificationCode]
		if pr.Dual || g.slot >= 0 || len(quals) == 0 {
			continue
		}
		region := int32(p.collegeInfo[p.progInfo[g.programme].college].region)
		for k := range g.size {
			id := c.groupFirst[gi] + int64(k)
			if c.away[id-1] || !chance(r, shareRanking) {
				continue
			}
			own, other = own[:0], other[:0]
			for _, o := range quals {
				if offers[o].region == region {
					own = append(own, o)
				} else {
					other = append(other, o)
				}
			}
			for range min(between(r, 3, main.MaxChoices), len(quals)) {
				from := &other
				if len(own) > 0 && (len(other) == 0 || chance(r, shareOwnRegion)) {
					from = &own
				}
				j := r.IntN(len(*from))
				ins.Offer = append(ins.Offer, (*from)[j])
				(*from)[j] = (*from)[len(*from)-1]
				*from = (*from)[:len(*from)-1]
			}
			students = append(students, id)
			ins.Start = append(ins.Start, int32(len(ins.Offer)))
		}
	}
	if len(students) == 0 {
		return rp
	}

	// Interviews, lotteries, scores, and the run.
	// Some enterprises interview, always the one of the most wanted offer.
	interviewing := make([]bool, len(offers))
	ranked := make([]int, len(offers))
	for _, o := range ins.Offer {
		ranked[o]++
	}
	for o := range interviewing {
		interviewing[o] = chance(r, shareInterviewing)
	}
	interviewing[slices.Index(ranked, slices.Max(ranked))] = true
	ins.Lottery = lotteries(r, len(students))
	ins.Score = make([]int32, len(ins.Offer))
	ins.Capacity = make([]int32, len(offers))
	for o := range offers {
		ins.Capacity[o] = offers[o].capacity
	}
	first := &rp.first
	first.round, first.ids, first.lottery, first.start = main.ID, students, ins.Lottery, ins.Start
	first.offer = make([]int64, len(ins.Offer))
	for s, id := range students {
		region := int32(p.collegeOf(id).region)
		for a := ins.Start[s]; a < ins.Start[s+1]; a++ {
			o := ins.Offer[a]
			first.offer[a] = c.offers[offers[o].plan].offer.ID
			interview := 0
			if interviewing[o] {
				interview = between(r, 35, 100)
				rp.interviews = append(rp.interviews, domain.Interview{RoundID: main.ID, OfferID: first.offer[a], StudentID: id, Score: interview})
			}
			ins.Score[a] = int32(main.Weights.Score(p.academicAverage(id), interview, offers[o].region == region))
		}
	}
	instance, err := match.New(&ins)
	if err != nil {
		panic("demo: the first round's instance: " + err.Error()) // built above: cannot happen
	}
	run := match.Run(instance)

	// The decisions: most accepted, a draft agreement each; the others,
	// and the applicant account's student, declined.
	first.placed = make([]int64, len(students))
	first.status = make([]domain.PlacementStatus, len(students))
	first.agreement = make([]int64, len(students))
	agreementID := int64(c.agreements)
	applicant := p.chooseApplicant(students, run)
	for s, id := range students {
		o := run.Offer(s)
		if o < 0 {
			continue
		}
		offer := &c.offers[offers[o].plan].offer
		first.placed[s], first.status[s] = offer.ID, domain.PlacementDeclined
		if s == applicant {
			rp.applicant = id
			continue
		}
		if !chance(r, shareAccepting) {
			continue
		}
		agreementID++
		first.status[s], first.agreement[s] = domain.PlacementAccepted, agreementID
		offers[o].accepted++
		decided := main.PublishedAt.Add(time.Duration(between(r, 1, 5*24)) * time.Hour)
		rp.agreements = append(rp.agreements, p.placementAgreement(agreementID, id, offer, decided))
	}
	for o := range offers {
		ro := domain.RoundOffer{RoundID: main.ID, OfferID: c.offers[offers[o].plan].offer.ID, Capacity: int(offers[o].capacity),
			Filled: int(run.Filled(o))}
		if cut := run.Cutoff(o); cut.Full && cut.Student >= 0 {
			ro.HasCutoff, ro.CutoffScore, ro.CutoffLottery = true, int(cut.Score), int(ins.Lottery[cut.Student])
		}
		rp.offers = append(rp.offers, ro)
	}
	rp.rounds = append(rp.rounds, main)
	p.planSupplementary(&rp, offers, byQual)
	return rp
}

// planSupplementary plans the open round on the seats the first one left,
// for the students it did not place or who declined.
func (p *plan) planSupplementary(rp *roundPlan, offers []roundOffer, byQual map[string][]int32) {
	c := &p.chain
	main := rp.rounds[0]
	sup := domain.Round{
		ID: main.ID + 1, ParentID: main.ID, MaxChoices: main.MaxChoices, Weights: main.Weights, Status: domain.RoundOpen,
		Name:      "2027 жылғы қосымша раунд · Дополнительный раунд 2027",
		CreatedAt: at(p.today.AddDate(0, 0, -1), 9, 0), Deadline: at(p.today.AddDate(0, 0, 9), 18, 0),
	}
	left := make([]bool, len(offers))
	for o := range offers {
		left[o] = offers[o].accepted < offers[o].capacity
	}
	first := &rp.first
	var ids []int64
	for s, id := range first.ids {
		if first.status[s] != domain.PlacementAccepted {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 || !slices.Contains(left, true) {
		return
	}
	for o := range offers {
		if left[o] {
			rp.offers = append(rp.offers, domain.RoundOffer{RoundID: sup.ID, OfferID: c.offers[offers[o].plan].offer.ID,
				Capacity: int(offers[o].capacity - offers[o].accepted)})
		}
	}
	r := newRand(p.seed, streamSupplementary)
	again := &rp.again
	again.round, again.ids, again.lottery, again.start = sup.ID, ids, lotteries(r, len(ids)), []int32{0}
	var pool []int32
	for _, id := range ids {
		if id == rp.applicant || chance(r, shareRankingAgain) {
			pool = pool[:0]
			for _, o := range byQual[p.programmes[p.groupInfo[p.groupOf(id)].programme].QualificationCode] {
				if left[o] {
					pool = append(pool, o)
				}
			}
			for range min(between(r, 2, sup.MaxChoices), len(pool)) {
				j := r.IntN(len(pool))
				again.offer = append(again.offer, c.offers[offers[pool[j]].plan].offer.ID)
				pool[j] = pool[len(pool)-1]
				pool = pool[:len(pool)-1]
			}
		}
		again.start = append(again.start, int32(len(again.offer)))
	}
	rp.rounds = append(rp.rounds, sup)
}

// chooseApplicant picks the applicant account's student: the first the
// round placed below their first choice in the demo accounts' region, else
// anywhere; -1 when nobody was.
func (p *plan) chooseApplicant(students []int64, run *match.Result) int {
	anywhere := -1
	for s, id := range students {
		if run.Rank(s) <= 1 {
			continue
		}
		if p.inHomeRegion(id) {
			return s
		}
		if anywhere < 0 {
			anywhere = s
		}
	}
	return anywhere
}

// lotteries draws the numbers 1..n in a random order, as the product does
// when a round opens.
func lotteries(r *rand.Rand, n int) []int64 {
	out := make([]int64, n)
	for i, k := range r.Perm(n) {
		out[i] = int64(k + 1)
	}
	return out
}

// groupOf is the index of the group of a student: students are numbered
// group by group.
func (p *plan) groupOf(id int64) int {
	gi, found := slices.BinarySearch(p.chain.groupFirst, id)
	if !found {
		gi--
	}
	return gi
}

// collegeIndexOf is the index of a student's college.
func (p *plan) collegeIndexOf(id int64) int {
	return p.progInfo[p.groupInfo[p.groupOf(id)].programme].college
}

// collegeOf is a student's college.
func (p *plan) collegeOf(id int64) *collegeInfo { return &p.collegeInfo[p.collegeIndexOf(id)] }

// inHomeRegion reports whether a student's college is in the demo
// accounts' region.
func (p *plan) inHomeRegion(id int64) bool {
	return p.regions[p.collegeOf(id).region].region.ID == p.accounts.region
}

// placementAgreement is the draft agreement of an accepted placement, as
// the product makes it: the offer's terms, the position of the student's
// qualification.
func (p *plan) placementAgreement(id, studentID int64, o *domain.Offer, created time.Time) domain.Agreement {
	gi := p.groupOf(studentID)
	pi := p.groupInfo[gi].programme
	return domain.Agreement{
		ID: id, StudentID: studentID, CollegeID: p.programmes[pi].CollegeID, EnterpriseID: o.EnterpriseID, OfferID: o.ID,
		Position: p.position(pi, p.groups[gi].Language), StartsOn: o.StartsOn, EndsOn: o.EndsOn, Weekdays: o.Weekdays,
		HoursPerWeek: o.HoursPerWeek, StipendTenge: o.StipendTenge, Status: domain.AgreementDraft, Version: 1,
		StudentBirth: time.Unix(int64(p.chain.birth[studentID-1])*86400, 0).UTC(),
		CreatedAt:    created, UpdatedAt: created,
	}
}
