package demo

import (
	"math/rand/v2"
	"slices"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// planDual chooses the colleges and programmes that train in the dual
// form, then plans the hours of every programme. Technical colleges and
// technical specialties are the likeliest; every chosen college gets one
// dual programme, and more programmes become dual, in a weighted random
// order, until the dual students reach the scale's figure.
func (p *plan) planDual() {
	r := newRand(p.seed, streamDual)
	cw := make([]float64, len(p.colleges))
	for ci, c := range p.colleges {
		cw[ci] = p.collegeInfo[ci].kind.dual
		if c.Ownership == domain.OwnershipPrivate {
			cw[ci] *= 0.5
		}
	}
	chosen := weightedOrder(r, cw)[:min(p.params.dualColleges, len(p.colleges))]
	dual := make([]bool, len(p.programmes))
	total := 0
	var rest []int
	var restWeights []float64
	for _, ci := range chosen {
		info := &p.collegeInfo[ci]
		info.dual = true
		first, last := info.programmes[0], info.programmes[1]
		w := make([]float64, 0, last-first)
		for pi := first; pi < last; pi++ {
			w = append(w, p.specs[p.progInfo[pi].spec].dual)
		}
		best := first + newCumulative(w).pick(r)
		dual[best] = true
		total += p.progInfo[best].students
		for pi := first; pi < last; pi++ {
			if pi != best {
				rest = append(rest, pi)
				restWeights = append(restWeights, p.specs[p.progInfo[pi].spec].dual)
			}
		}
	}
	target := p.params.dualStudents
	for _, k := range weightedOrder(r, restWeights) {
		if total >= target {
			break
		}
		pi := rest[k]
		s := p.progInfo[pi].students
		if total+s-target > target-total {
			continue // it would overshoot more than stopping here falls short
		}
		dual[pi] = true
		total += s
	}
	for pi := range p.programmes {
		pr := &p.programmes[pi]
		pr.Dual = dual[pi]
		pr.HoursTotal, pr.HoursPractice, pr.HoursEnterprise = hours(r, pr.DurationMonths, pr.Dual)
	}
	slot := 0
	for gi := range p.groupInfo {
		g := &p.groupInfo[gi]
		if dual[g.programme] {
			g.slot = slot
			slot += g.size
		}
	}
	p.trainees = make([]int32, slot)
	for i := range p.trainees {
		p.trainees[i] = -1
	}
}

// nearRegions is how many neighbouring regions count as "near" for a dual
// student's enterprise.
const nearRegions = 3

// shareAway is the share of dual students who train in a neighbouring
// region rather than their own (Almaty Region's students in Almaty, say).
const shareAway = 0.08

// pool is a shuffled list of dual-student slots, taken from the front.
type pool struct {
	slots []int32
	next  int
}

func (pl *pool) take(assigned []int32) int32 {
	for pl.next < len(pl.slots) {
		s := pl.slots[pl.next]
		pl.next++
		if assigned[s] < 0 {
			return s
		}
	}
	return -1
}

// planTrainees sends every dual student to an enterprise in or near the
// region of their college, of an industry that fits their specialty. First
// every enterprise gets one trainee, where one is to be had, so that all
// 18,500 take part; then the remaining students go to enterprises in
// proportion to their size and fit.
func (p *plan) planTrainees() {
	r := newRand(p.seed, streamTrainees)
	nr := len(p.regions)
	bySection := make([][]pool, nr)
	anyField := make([]pool, nr)
	for ri := range bySection {
		bySection[ri] = make([]pool, len(sections))
	}
	for _, g := range p.groupInfo {
		if g.slot < 0 {
			continue
		}
		info := p.progInfo[g.programme]
		ri := p.collegeInfo[info.college].region
		spec := &p.specs[info.spec]
		for k := range g.size {
			s := int32(g.slot + k)
			anyField[ri].slots = append(anyField[ri].slots, s)
			for _, sec := range spec.sections {
				bySection[ri][sec].slots = append(bySection[ri][sec].slots, s)
			}
		}
	}
	for ri := range nr {
		r.Shuffle(len(anyField[ri].slots), func(i, j int) {
			anyField[ri].slots[i], anyField[ri].slots[j] = anyField[ri].slots[j], anyField[ri].slots[i]
		})
		for sec := range bySection[ri] {
			sl := bySection[ri][sec].slots
			r.Shuffle(len(sl), func(i, j int) { sl[i], sl[j] = sl[j], sl[i] })
		}
	}
	assign := func(s int32, ei int) {
		p.trainees[s] = int32(ei)
		p.entInfo[ei].trainees++
	}

	// Every enterprise its first trainee: of a fitting specialty from its
	// own region, else any from its region, else from the nearest ones.
	for _, ei := range r.Perm(len(p.enterprises)) {
		e := &p.entInfo[ei]
		near := p.regions[e.region].near
		for _, ri := range append([]int{e.region}, near[:min(nearRegions, len(near))]...) {
			s := bySection[ri][e.section].take(p.trainees)
			if s < 0 {
				s = anyField[ri].take(p.trainees)
			}
			if s >= 0 {
				assign(s, ei)
				break
			}
		}
	}

	// The rest by weight: size, and fit of the industry to the specialty.
	entByRegion := make([][]int, nr)
	for ei, e := range p.entInfo {
		entByRegion[e.region] = append(entByRegion[e.region], ei)
	}
	// Tables by region and by the sections that fit a specialty (many
	// specialties share them); looked up, never ranged over.
	type tableKey struct {
		region int
		fit    string
	}
	tables := map[tableKey]cumulative{}
	table := func(ri, si int) cumulative {
		key := tableKey{ri, p.specs[si].fit}
		if t, ok := tables[key]; ok {
			return t
		}
		fit := p.specs[si].sections
		w := make([]float64, len(entByRegion[ri]))
		for k, ei := range entByRegion[ri] {
			e := &p.entInfo[ei]
			f := 0.25
			if i := slices.Index(fit, e.section); i == 0 {
				f = 10
			} else if i > 0 {
				f = 4
			}
			w[k] = e.weight * f
		}
		t := newCumulative(w)
		tables[key] = t
		return t
	}
	for _, g := range p.groupInfo {
		if g.slot < 0 {
			continue
		}
		info := p.progInfo[g.programme]
		home := p.collegeInfo[info.college].region
		for k := range g.size {
			s := int32(g.slot + k)
			if p.trainees[s] >= 0 {
				continue
			}
			ri := p.destination(r, home, entByRegion)
			if ri < 0 {
				continue // no enterprise anywhere: cannot happen at the shipped scales
			}
			assign(s, entByRegion[ri][table(ri, info.spec).pick(r)])
		}
	}
}

// destination picks the region where a dual student of home trains: home
// mostly, a near region sometimes, and the nearest region with enterprises
// if home has none.
func (p *plan) destination(r *rand.Rand, home int, entByRegion [][]int) int {
	near := p.regions[home].near
	if len(entByRegion[home]) > 0 && !chance(r, shareAway) {
		return home
	}
	k := min(nearRegions, len(near))
	if k > 0 {
		ri := near[choose(r, []float64{3, 2, 1}[:k]...)]
		if len(entByRegion[ri]) > 0 {
			return ri
		}
	}
	if len(entByRegion[home]) > 0 {
		return home
	}
	for _, ri := range near {
		if len(entByRegion[ri]) > 0 {
			return ri
		}
	}
	return -1
}
