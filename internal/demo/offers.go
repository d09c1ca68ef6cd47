package demo

import (
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Offers: every placement whose programme leads to a qualification came
// through an offer of the enterprise, published in spring and closed when
// the places were taken; its trainees' applications were accepted in
// August, which made their agreements. Besides, about half of the
// participating enterprises have an offer for the next period (the second
// term, or the next year) in one of the states of its life — most open, and
// students of traditional programmes of the same qualification in the
// region have applied to the open ones.

// offerPlan is an offer for the next period with its applications.
type offerPlan struct {
	offer      domain.Offer
	region     int // index into plan.regions
	applicants []applicant
}

// applicant is a student who applied: the k-th student of a group.
type applicant struct {
	group int32
	k     int32
	app   domain.Application
}

// offerStates spread the next period's offers over their life.
var offerStates = []struct {
	status domain.OfferStatus
	weight float64
}{
	{domain.OfferDraft, 12}, {domain.OfferSubmitted, 12}, {domain.OfferReferred, 6}, {domain.OfferApproved, 8}, {domain.OfferOpen, 62},
}

// candidateKey finds the groups of traditional programmes of a
// qualification in a region.
type candidateKey struct {
	region int
	qual   string
}

// planNewOffers plans the offers for the next period and their
// applications. The demo enterprise has one offer in each state but
// closed, and its open one has applications waiting.
func (p *plan) planNewOffers() {
	c := &p.chain
	r := newRand(p.seed, streamOffers)
	candidates := map[candidateKey][]int32{} // looked up, never ranged over
	for gi, g := range p.groupInfo {
		pr := &p.programmes[g.programme]
		if pr.Dual || pr.QualificationCode == "" {
			continue
		}
		key := candidateKey{p.collegeInfo[p.progInfo[g.programme].college].region, pr.QualificationCode}
		candidates[key] = append(candidates[key], int32(gi))
	}
	byFirm := make([][]int32, len(p.enterprises)) // placements with an offer
	for k, pl := range c.placements {
		if pl.offerID != 0 {
			byFirm[pl.enterprise] = append(byFirm[pl.enterprise], int32(k))
		}
	}
	id := int64(c.closedOffers)
	for ei := range p.enterprises {
		if int32(ei) == c.demoFirm {
			c.offers = append(c.offers, p.demoOffers(r, ei, byFirm[ei], candidates, &id)...)
			continue
		}
		if len(byFirm[ei]) == 0 || !chance(r, shareNewOffers) {
			continue
		}
		for range 1 + boolInt(chance(r, 0.25)) {
			pl := &c.placements[pick(r, byFirm[ei])]
			st := offerStates[choose(r, 12, 12, 6, 8, 62)].status
			id++
			o := p.newOffer(r, id, ei, int(pl.programme), pl, st)
			if st == domain.OfferOpen && !o.offer.Reserved {
				n := []int{0, 1, 2, 3, 4, 5}[choose(r, 25, 25, 20, 15, 10, 5)]
				o.applicants = p.applicants(r, &o.offer, candidates[candidateKey{o.region, o.offer.QualificationCode}], n, false)
			}
			c.offers = append(c.offers, o)
		}
	}
	app := int64(c.applications)
	for i := range c.offers {
		for j := range c.offers[i].applicants {
			app++
			c.offers[i].applicants[j].app.ID = app
		}
	}
}

// demoOffers are the demo enterprise's offers for the next period, one in
// each state but closed. The open one has at least three applications
// waiting: it offers a qualification of its trainees that students of the
// region study in a traditional programme, else such a qualification of
// another programme of the region.
func (p *plan) demoOffers(r *rand.Rand, ei int, own []int32, candidates map[candidateKey][]int32, id *int64) []offerPlan {
	c := &p.chain
	region := p.entInfo[ei].region
	var pl *placement
	programme := -1
	for _, k := range own {
		q := p.programmes[c.placements[k].programme].QualificationCode
		if len(candidates[candidateKey{region, q}]) > 0 {
			pl, programme = &c.placements[k], int(c.placements[k].programme)
			break
		}
	}
	if programme < 0 {
		most := 0
		for pi, pr := range p.programmes {
			key := candidateKey{p.collegeInfo[p.progInfo[pi].college].region, pr.QualificationCode}
			if key.region == region && !pr.Dual && pr.QualificationCode != "" && len(candidates[key]) > most {
				programme, most = pi, len(candidates[key])
			}
		}
	}
	if pl == nil && len(own) > 0 {
		pl = &c.placements[own[0]]
	}
	if programme < 0 {
		if pl == nil {
			return nil // an enterprise without a qualification to offer: not at the shipped scales
		}
		programme = int(pl.programme)
	}
	var out []offerPlan
	for _, st := range []domain.OfferStatus{domain.OfferOpen, domain.OfferSubmitted, domain.OfferReferred, domain.OfferApproved, domain.OfferDraft} {
		*id++
		o := p.newOffer(r, *id, ei, programme, pl, st)
		o.offer.Reserved = false
		if st == domain.OfferOpen {
			o.offer.Capacity = max(o.offer.Capacity, 3)
			o.applicants = p.applicants(r, &o.offer, candidates[candidateKey{region, o.offer.QualificationCode}], 4, true)
		}
		out = append(out, o)
	}
	return out
}

// newOffer draws an offer of enterprise ei for the qualification of
// programme pi for the next period, in state st. pl, if not nil, is the
// placement it follows (the same pattern and stipend).
func (p *plan) newOffer(r *rand.Rand, id int64, ei, pi int, pl *placement, st domain.OfferStatus) offerPlan {
	e := &p.enterprises[ei]
	lang := p.firmLanguage(ei)
	starts, ends := date(p.yearStart+1, time.January, 11), date(p.yearStart+1, time.June, 30)
	if chance(r, 0.5) {
		starts, ends = date(p.yearStart+1, time.September, 1), date(p.yearStart+2, time.June, 30)
	}
	var days domain.Weekdays
	var hours, stipend int
	if pl != nil && chance(r, 0.7) {
		days, hours, stipend = pl.weekdays, pl.hours, pl.stipend
	} else {
		wp := weekPatterns[r.IntN(len(weekPatterns))]
		days, _ = domain.ParseWeekdays("weekdays", wp.days)
		hours = wp.hours
	}
	o := domain.Offer{
		ID: id, EnterpriseID: e.ID, QualificationCode: p.programmes[pi].QualificationCode, CityID: e.CityID,
		Capacity: between(r, 1, 8), StartsOn: starts, EndsOn: ends, Weekdays: days, HoursPerWeek: hours,
		StipendTenge: stipend, Requirements: requirementsText(r, lang), Status: st,
		Reserved: st != domain.OfferOpen && chance(r, 0.06),
	}
	if chance(r, 0.75) {
		o.CollegeID = p.programmes[pi].CollegeID
	}
	// Written in the last two months, decided on within ten days.
	o.CreatedAt = at(p.today.AddDate(0, 0, -between(r, 12, 60)), between(r, 9, 17), r.IntN(60))
	o.UpdatedAt = o.CreatedAt
	if st != domain.OfferDraft {
		o.UpdatedAt = o.CreatedAt.Add(time.Duration(between(r, 20, 240)) * time.Hour)
	}
	if st == domain.OfferReferred {
		o.ReferralReason = pickText(r, referralReasons, lang)
	}
	return offerPlan{offer: o, region: p.entInfo[ei].region}
}

// requirementsText is one to three requirements of an offer.
func requirementsText(r *rand.Rand, lang string) string {
	n := between(r, 1, 3)
	first := r.IntN(len(requirements))
	parts := make([]string, 0, n)
	for k := range n {
		parts = append(parts, requirements[(first+k*2)%len(requirements)].in(lang))
	}
	return strings.Join(parts, "; ")
}

// applicants draws n students of the candidate groups who applied to the
// open offer o since it opened: most wait for the enterprise's decision, a
// few were declined or withdrew. With allPending every one waits.
func (p *plan) applicants(r *rand.Rand, o *domain.Offer, groups []int32, n int, allPending bool) []applicant {
	if len(groups) == 0 {
		return nil
	}
	var out []applicant
	for tries := 0; len(out) < n && tries < 4*n; tries++ {
		gi := pick(r, groups)
		k := int32(r.IntN(p.groupInfo[gi].size))
		if slices.ContainsFunc(out, func(a applicant) bool { return a.group == gi && a.k == k }) {
			continue
		}
		lang := p.groups[gi].Language
		a := domain.Application{OfferID: o.ID, Status: domain.ApplicationPending}
		span := max(1, int(p.today.Sub(o.UpdatedAt).Hours())-2)
		a.CreatedAt = o.UpdatedAt.Add(time.Duration(1+r.IntN(span)) * time.Hour)
		if chance(r, 0.4) {
			a.Note = pickText(r, applicationNotes, lang)
		}
		if decided := a.CreatedAt.Add(time.Duration(between(r, 20, 120)) * time.Hour); !allPending && decided.Before(p.today) {
			switch choose(r, 80, 12, 8) {
			case 1:
				a.Status, a.Reason, a.DecidedAt = domain.ApplicationDeclined, pickText(r, declineReasons, p.firmLanguage(p.firmIndex(o.EnterpriseID))), decided
			case 2:
				a.Status, a.DecidedAt = domain.ApplicationWithdrawn, decided
			}
		}
		out = append(out, applicant{group: gi, k: k, app: a})
	}
	return out
}

// firmIndex is the index of an enterprise by its ID (IDs are index + 1).
func (p *plan) firmIndex(id int64) int { return int(id) - 1 }

// streamOffers streams the offers the placements came through, then the
// offers for the next period.
func (p *plan) streamOffers(emit func(domain.Offer) bool) {
	c := &p.chain
	for k := range c.placements {
		pl := &c.placements[k]
		if pl.offerID == 0 {
			continue
		}
		if !emit(p.closedOffer(k)) {
			return
		}
	}
	for i := range c.offers {
		if !emit(c.offers[i].offer) {
			return
		}
	}
}

// closedOffer is the offer placement k came through: published in spring
// by the enterprise for the partner college's programme, closed in August
// with every place taken (or a place or two left).
func (p *plan) closedOffer(k int) domain.Offer {
	pl := &p.chain.placements[k]
	r := newRand(p.seed, streamOffer+uint64(k))
	e := &p.enterprises[pl.enterprise]
	pr := &p.programmes[pl.programme]
	created := at(date(p.yearStart, time.April, 1).AddDate(0, 0, r.IntN(75)), between(r, 9, 17), r.IntN(60))
	return domain.Offer{
		ID: pl.offerID, EnterpriseID: e.ID, CollegeID: pr.CollegeID, QualificationCode: pr.QualificationCode,
		CityID: e.CityID, Capacity: int(pl.trainees) + choose(r, 70, 20, 10), StartsOn: p.chain.start, EndsOn: p.chain.end,
		Weekdays: pl.weekdays, HoursPerWeek: pl.hours, StipendTenge: pl.stipend,
		Requirements: requirementsText(r, p.firmLanguage(int(pl.enterprise))), Status: domain.OfferClosed,
		CreatedAt: created, UpdatedAt: at(date(p.yearStart, time.August, between(r, 20, 25)), between(r, 9, 17), r.IntN(60)),
	}
}

// acceptedApplication is the application of the trainee of slot s that
// became the agreement, accepted the day the draft agreement was made.
func (p *plan) acceptedApplication(s int32, agreementCreated time.Time) domain.Application {
	c := &p.chain
	sp := &c.slots[s]
	pl := &c.placements[sp.placement]
	r := newRand(p.seed, streamAccepted+uint64(s))
	published := p.closedOffer(int(sp.placement)).CreatedAt
	a := domain.Application{
		ID: sp.application, OfferID: pl.offerID, StudentID: p.studentID(s), Status: domain.ApplicationAccepted,
		AgreementID: sp.agreement, CreatedAt: published.Add(time.Duration(between(r, 20, 720)) * time.Hour),
		DecidedAt: agreementCreated,
	}
	if chance(r, 0.3) {
		a.Note = pickText(r, applicationNotes, p.groups[c.slotGroup[s]].Language)
	}
	return a
}

// newApplications are the applications to the next period's offers. A
// student drawn who is not studying (on academic leave) gives the place to
// the next one of the group who is.
func (p *plan) newApplications() []domain.Application {
	c := &p.chain
	var out []domain.Application
	for i := range c.offers {
		o := &c.offers[i]
		start := len(out)
		for _, a := range o.applicants {
			size := p.groupInfo[a.group].size
			first := c.groupFirst[a.group]
			k := a.k
			for range size {
				id := first + int64(k)
				taken := slices.ContainsFunc(out[start:], func(x domain.Application) bool { return x.StudentID == id })
				if !c.away[id-1] && !taken {
					break
				}
				k = (k + 1) % int32(size)
			}
			app := a.app
			app.StudentID = first + int64(k)
			out = append(out, app)
		}
	}
	return out
}
