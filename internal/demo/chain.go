package demo

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The dual-training chain of the demo: every dual student placed at an
// enterprise (plan.trainees) has an active tripartite agreement for the
// academic year, signed at the end of August, with a named mentor of the
// enterprise and a weekly logbook from the first week to the last full
// week before "today". The chain is planned here, before anything is
// written, down to the number of rows of every table, so that the progress
// bar knows its total; the rows themselves are generated batch by batch
// while they are written (agreements.go, logbook.go).

// More streams of random numbers (see sample.go). The per-enterprise,
// per-slot and per-college streams add the index to their base.
const (
	streamPlacements uint64 = iota + 100
	streamInactive
	streamFates
	streamCompetences
	streamOffers
	streamMentors   = 3 << 32  // + enterprise index
	streamLogbook   = 4 << 32  // + slot: what happened each week
	streamEntryText = 5 << 32  // + slot: what the entries say
	streamAgreement = 6 << 32  // + slot: the agreement's terms and approvals
	streamStaff     = 7 << 32  // + college or enterprise index: coordinators and HR
	streamReviews   = 8 << 32  // + group: how closely the curator reads the logbook
	streamAssess    = 9 << 32  // + slot: the mentor's assessments
	streamOffer     = 10 << 32 // + placement: the offer the trainees came through
	streamAccepted  = 11 << 32 // + slot: the application that became the agreement
)

// Shares of the trainees whose logbook tells a story, and of the changes
// during the year. The rest write every week and are signed on time.
const (
	shareBehind       = 0.10  // work fewer days than planned: behind on hours
	shareLagging      = 0.06  // stopped writing two to five weeks ago
	shareStuck        = 0.035 // the last entries were returned and not yet fixed
	shareSlowStart    = 0.04  // wrote the first weeks late
	shareInactive     = 0.025 // mentors who stopped signing weeks ago
	shareNewMentor    = 0.012 // trainees whose mentor changed during the year
	shareNewFirm      = 0.004 // trainees who moved to another enterprise
	shareEdited       = 0.03  // agreements edited after the first approvals
	shareAssessed     = 0.40  // trainees the mentor has assessed so far
	shareNewOffers    = 0.55  // participating enterprises with an offer for the next period
	maxTraineesNormal = 8     // a mentor guides 3 to 8 trainees as a rule
)

// profile is how a trainee keeps the logbook.
type profile uint8

const (
	profileRegular profile = iota
	profileBehind
	profileLagging
	profileStuck
	profileSlowStart
)

// chainPlan is the plan of the dual-training chain. Indices are into the
// plan's slices: slots into plan.trainees, mentors into chainPlan.mentors.
type chainPlan struct {
	start, end time.Time         // the agreements' period: the academic year
	asOf       time.Time         // nothing in the data happens at or after it
	weeks      []time.Time       // Mondays from the first week to the last full week before today
	open       []domain.Weekdays // the working days of each week inside the period

	groupFirst []int64 // the ID of each group's first student
	slotGroup  []int32 // the group of each dual slot

	mentors     []domain.Mentor
	mentorInfo  []mentorInfo
	entMentors  [][2]int32 // range of mentors of each enterprise
	placements  []placement
	slots       []slotPlan
	offers      []offerPlan // the offers for the next period (the placements' offers come first)
	competences [][2]int64  // per programme: first competence ID and count (0 for a traditional programme)

	// The demo accounts' records.
	demoSlot   int32
	demoMentor int32
	demoFirm   int32

	// ID ranges and counts.
	closedOffers, competenceRows, applications, agreements, partyChanges int
	entries, assessments                                                 int64

	// Filled in as the accounts, teachers and students are made.
	users    demoUsers
	curators map[int64]string // the names of the dual groups' curators, by teacher ID
	people   []traineePerson  // by slot
	away     []bool           // by student ID-1: not studying (on academic leave)
	birth    []int32          // by student ID-1: the birth date, in days since 1970
}

type mentorInfo struct {
	trainees int16
	// inactiveFrom is the week (index into weeks) from which the mentor no
	// longer signs anything; -1 for an active mentor.
	inactiveFrom int16
}

// placement is the trainees of one programme at one enterprise: they came
// through one offer (when the programme leads to a qualification) and share
// its weekly pattern.
type placement struct {
	enterprise, programme int32
	trainees              int32
	offerID               int64 // 0 when the programme has no qualification to offer
	weekdays              domain.Weekdays
	hours                 int
	stipend               int
}

// slotPlan is the chain of one dual student.
type slotPlan struct {
	placement int32
	mentor    int32 // the mentor now
	// A change of mentor or enterprise takes effect in week changeWeek
	// (index into weeks, 0 for none); before it the trainee had oldMentor,
	// at oldFirm for a change of enterprise (-1 otherwise).
	changeWeek int16
	oldMentor  int32
	oldFirm    int32
	profile    profile
	// agreement is the ID of the agreement in force; after a change of
	// enterprise the terminated one is agreement-1.
	agreement   int64
	application int64 // the accepted application, 0 without an offer
	firstEntry  int64
	entries     int32
	assessments int8
	firstAssess int64
}

// traineePerson is what the chain needs to know of a dual student, kept
// while the students are generated.
type traineePerson struct {
	name  domain.PersonName
	birth time.Time
}

// weekPatterns are the weekly patterns of dual training: the days at the
// enterprise and the hours a week, most often three days of eight hours.
var weekPatterns = []struct {
	days   string
	hours  int
	weight float64
}{
	{"234", 24, 25}, {"123", 24, 20}, {"345", 24, 20}, {"135", 24, 10},
	{"45", 16, 8}, {"1234", 32, 7}, {"246", 18, 5}, {"2345", 24, 5},
}

// planChain plans the chain: mentors, placements and offers, the fate of
// every trainee's agreement and logbook, and the row counts.
func (p *plan) planChain() {
	c := &p.chain
	c.start = date(p.yearStart, time.September, 1)
	c.end = date(p.yearStart+1, time.June, 30)
	c.asOf = p.today
	if last := domain.WeekStart(p.today).AddDate(0, 0, -7); !last.Before(domain.WeekStart(c.start)) {
		c.weeks = domain.Weeks(c.start, minTime(last, c.end))
	}
	c.open = make([]domain.Weekdays, len(c.weeks))
	for i, monday := range c.weeks {
		c.open[i] = openDays(monday, c.start, c.end)
	}
	c.groupFirst = make([]int64, len(p.groups))
	c.slotGroup = make([]int32, len(p.trainees))
	next := int64(1)
	for gi, g := range p.groupInfo {
		c.groupFirst[gi] = next
		next += int64(g.size)
		if g.slot >= 0 {
			for k := range g.size {
				c.slotGroup[g.slot+k] = int32(gi)
			}
		}
	}
	c.demoSlot, c.demoFirm = p.demoSlot(), int32(p.accounts.enterprise)
	p.planPlacements()
	p.planMentors()
	p.planCompetences()
	p.planFates()
	p.planNewOffers()
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// demoSlot is the demo student: the first trainee of the demo enterprise
// in the demo group, or -1.
func (p *plan) demoSlot() int32 {
	g := p.groupInfo[p.accounts.group]
	if g.slot < 0 {
		return -1
	}
	for k := range g.size {
		if p.trainees[g.slot+k] == int32(p.accounts.enterprise) {
			return int32(g.slot + k)
		}
	}
	return -1
}

// programmeOf is the programme index of a slot.
func (p *plan) programmeOf(slot int32) int {
	return p.groupInfo[p.chain.slotGroup[slot]].programme
}

// studentID is the ID of the student of a slot.
func (p *plan) studentID(slot int32) int64 {
	gi := p.chain.slotGroup[slot]
	return p.chain.groupFirst[gi] + int64(int(slot)-p.groupInfo[gi].slot)
}

// planPlacements groups the trainees by enterprise and programme, in slot
// order, and draws each placement's pattern and stipend; a placement whose
// programme leads to a qualification came through an offer, now closed.
func (p *plan) planPlacements() {
	c := &p.chain
	r := newRand(p.seed, streamPlacements)
	c.slots = make([]slotPlan, len(p.trainees))
	index := map[int64]int32{} // enterprise × programme → placement; looked up, never ranged over
	w := make([]float64, len(weekPatterns))
	for i, wp := range weekPatterns {
		w[i] = wp.weight
	}
	for s, e := range p.trainees {
		sp := &c.slots[s]
		sp.placement, sp.mentor, sp.oldMentor, sp.oldFirm = -1, -1, -1, -1
		if e < 0 {
			continue
		}
		pi := p.programmeOf(int32(s))
		key := int64(e)*int64(len(p.programmes)) + int64(pi)
		k, ok := index[key]
		if !ok {
			k = int32(len(c.placements))
			index[key] = k
			wp := weekPatterns[choose(r, w...)]
			days, _ := domain.ParseWeekdays("weekdays", wp.days)
			pl := placement{enterprise: e, programme: int32(pi), weekdays: days, hours: wp.hours}
			if chance(r, 0.45) {
				pl.stipend = 5000 * between(r, 4, 12)
				if sec := sections[p.entInfo[e].section]; sec == "B" || sec == "D" {
					pl.stipend += 20_000 // oil, mining and power pay more
				}
			}
			if p.programmes[pi].QualificationCode != "" {
				c.closedOffers++
				pl.offerID = int64(c.closedOffers)
			}
			c.placements = append(c.placements, pl)
		}
		c.placements[k].trainees++
		sp.placement = k
	}
}

// planMentors gives every enterprise with trainees its mentors, one for
// every three to eight trainees and never more than the policy's ten, and
// shares the trainees out among them, the trainees of one programme
// together. The demo mentor guides the demo student and up to nine of the
// demo enterprise's other trainees, the demo group's first.
func (p *plan) planMentors() {
	c := &p.chain
	limit := domain.DefaultDualSettings.MaxTraineesPerMentor
	bySlot := make([][]int32, len(p.enterprises))
	for s, e := range p.trainees {
		if e >= 0 {
			bySlot[e] = append(bySlot[e], int32(s))
		}
	}
	c.entMentors = make([][2]int32, len(p.enterprises))
	c.demoMentor = -1
	for ei := range p.enterprises {
		slots := bySlot[ei]
		first := int32(len(c.mentors))
		c.entMentors[ei] = [2]int32{first, first}
		if len(slots) == 0 {
			continue
		}
		r := newRand(p.seed, streamMentors+uint64(ei))
		slices.SortStableFunc(slots, func(a, b int32) int { return int(c.slots[a].placement - c.slots[b].placement) })
		var chunks []int
		if int32(ei) == c.demoFirm && c.demoSlot >= 0 {
			demoGroup := c.slotGroup[c.demoSlot]
			slices.SortStableFunc(slots, func(a, b int32) int {
				rank := func(s int32) int {
					switch {
					case s == c.demoSlot:
						return 0
					case c.slotGroup[s] == demoGroup:
						return 1
					}
					return 2
				}
				return rank(a) - rank(b)
			})
			head := min(limit, len(slots))
			chunks = append([]int{head}, mentorChunks(r, len(slots)-head, limit)...)
			c.demoMentor = first
		} else {
			chunks = mentorChunks(r, len(slots), limit)
		}
		at := 0
		for _, n := range chunks {
			mi := int32(len(c.mentors))
			c.mentors = append(c.mentors, p.newMentor(r, ei, mi))
			c.mentorInfo = append(c.mentorInfo, mentorInfo{trainees: int16(n), inactiveFrom: -1})
			for _, s := range slots[at : at+n] {
				c.slots[s].mentor = mi
			}
			at += n
		}
		c.entMentors[ei][1] = int32(len(c.mentors))
	}
	// A few mentors stopped signing three to five weeks ago; never the
	// demo mentor, whose queue is the demo's.
	r := newRand(p.seed, streamInactive)
	for mi := range c.mentorInfo {
		if chance(r, shareInactive) && int32(mi) != c.demoMentor && len(c.weeks) >= 6 {
			c.mentorInfo[mi].inactiveFrom = int16(len(c.weeks) - between(r, 3, 5))
		}
	}
}

// mentorChunks splits n trainees among mentors of about equal load: one
// mentor for every three to eight trainees, and at most limit each.
func mentorChunks(r *rand.Rand, n, limit int) []int {
	if n == 0 {
		return nil
	}
	per := between(r, 3, maxTraineesNormal)
	m := max((n+limit-1)/limit, (n+per/2)/per, 1)
	w := make([]float64, m)
	for i := range w {
		w[i] = 1
	}
	return largestRemainder(n, w)
}

// planFates decides what happened to every trainee during the year: the
// logbook profile, a change of mentor or enterprise, the agreement's ID,
// and counts the logbook entries and assessments that follow.
func (p *plan) planFates() {
	c := &p.chain
	r := newRand(p.seed, streamFates)
	entByRegion := make([][]int32, len(p.regions))
	for ei, e := range p.entInfo {
		if c.entMentors[ei][1] > c.entMentors[ei][0] {
			entByRegion[e.region] = append(entByRegion[e.region], int32(ei))
		}
	}
	var firmChanges, mentorChanges []int32 // candidates kept in case none is drawn
	for s := range c.slots {
		sp := &c.slots[s]
		if sp.placement < 0 {
			continue
		}
		sp.profile = profile(choose(r, 1-shareBehind-shareLagging-shareStuck-shareSlowStart,
			shareBehind, shareLagging, shareStuck, shareSlowStart))
		if len(c.weeks) < 6 || int32(s) == c.demoSlot {
			if int32(s) == c.demoSlot {
				sp.profile = profileRegular
			}
			continue
		}
		e := p.trainees[s]
		ms := c.entMentors[e]
		region := p.entInfo[e].region
		switch x := r.Float64(); {
		case x < shareNewFirm && len(entByRegion[region]) > 1:
			p.changeFirm(r, int32(s), entByRegion[region])
			firmChanges = append(firmChanges, int32(s))
		case x < shareNewFirm+shareNewMentor && ms[1]-ms[0] > 1:
			p.changeMentor(r, int32(s))
			mentorChanges = append(mentorChanges, int32(s))
		}
	}
	// A dataset this size shows at least one of each change.
	if len(firmChanges) == 0 {
		for s := range c.slots {
			if e := p.trainees[s]; e >= 0 && int32(s) != c.demoSlot && len(c.weeks) >= 6 &&
				len(entByRegion[p.entInfo[e].region]) > 1 && c.slots[s].changeWeek == 0 {
				p.changeFirm(r, int32(s), entByRegion[p.entInfo[e].region])
				break
			}
		}
	}
	if len(mentorChanges) == 0 {
		for s := range c.slots {
			if e := p.trainees[s]; e >= 0 && int32(s) != c.demoSlot && len(c.weeks) >= 6 &&
				c.entMentors[e][1]-c.entMentors[e][0] > 1 && c.slots[s].changeWeek == 0 {
				p.changeMentor(r, int32(s))
				break
			}
		}
	}
	p.forceDemoStories()

	// IDs and counts, in slot order.
	var fates []weekFate
	app := int64(0)
	for s := range c.slots {
		sp := &c.slots[s]
		if sp.placement < 0 {
			continue
		}
		c.agreements++
		if sp.oldFirm >= 0 {
			c.agreements++
			c.partyChanges++
		} else if sp.oldMentor >= 0 {
			c.partyChanges++
		}
		sp.agreement = int64(c.agreements)
		if pl := &c.placements[sp.placement]; pl.offerID != 0 && sp.oldFirm < 0 {
			app++
			sp.application = app
		}
		fates = p.fates(int32(s), fates[:0])
		sp.firstEntry = c.entries + 1
		sp.entries = int32(len(fates))
		c.entries += int64(len(fates))
		sp.firstAssess = c.assessments + 1
		sp.assessments = int8(len(p.assessmentsOf(int32(s), fates, nil)))
		c.assessments += int64(sp.assessments)
	}
	c.applications = int(app)
}

// changeFirm moves a trainee to their enterprise from another one in the
// region during the year: the first agreement was terminated.
func (p *plan) changeFirm(r *rand.Rand, s int32, firms []int32) {
	c := &p.chain
	sp := &c.slots[s]
	e := p.trainees[s]
	old := firms[r.IntN(len(firms))]
	for old == e {
		old = firms[r.IntN(len(firms))]
	}
	ms := c.entMentors[old]
	sp.oldFirm = old
	sp.oldMentor = ms[0] + int32(r.IntN(int(ms[1]-ms[0])))
	sp.changeWeek = int16(between(r, 3, len(c.weeks)-2))
}

// changeMentor gives a trainee another mentor of their enterprise during
// the year; the mentor now is the planned one, so no mentor exceeds the
// limit.
func (p *plan) changeMentor(r *rand.Rand, s int32) {
	c := &p.chain
	sp := &c.slots[s]
	ms := c.entMentors[p.trainees[s]]
	old := ms[0] + int32(r.IntN(int(ms[1]-ms[0])))
	for old == sp.mentor {
		old = ms[0] + int32(r.IntN(int(ms[1]-ms[0])))
	}
	sp.oldMentor = old
	sp.changeWeek = int16(between(r, 2, len(c.weeks)-1))
}

// forceDemoStories makes sure the demo accounts' pages have work, whatever
// the seed: in the demo group, besides the demo student, one trainee
// stopped writing, one is behind on hours and one has entries returned.
func (p *plan) forceDemoStories() {
	c := &p.chain
	if c.demoSlot < 0 || len(c.weeks) < 6 {
		return
	}
	g := p.groupInfo[c.slotGroup[c.demoSlot]]
	stories := []profile{profileLagging, profileBehind, profileStuck}
	for k := range g.size {
		s := int32(g.slot + k)
		if s == c.demoSlot || p.trainees[s] < 0 || len(stories) == 0 {
			continue
		}
		c.slots[s].profile = stories[0]
		stories = stories[1:]
	}
}

// summarize adds the chain's counts to a summary.
func (c *chainPlan) summarize(s *Summary) {
	s.Mentors = len(c.mentors)
	s.Competences = c.competenceRows
	s.Offers = c.closedOffers + len(c.offers)
	for _, o := range c.offers {
		if o.offer.Status == domain.OfferOpen {
			s.OpenOffers++
		}
		s.Applications += len(o.applicants)
	}
	s.Applications += c.applications
	s.Agreements = c.agreements
	s.ActiveAgreements = c.agreements
	for _, sp := range c.slots {
		if sp.oldFirm >= 0 {
			s.ActiveAgreements--
		}
	}
	s.PartyChanges = c.partyChanges
	s.Entries = c.entries
	s.Assessments = c.assessments
}
