package demo

import (
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// planCompetences numbers the competence list of every dual programme: six
// to ten competences, safety at work first.
func (p *plan) planCompetences() {
	c := &p.chain
	r := newRand(p.seed, streamCompetences)
	c.competences = make([][2]int64, len(p.programmes))
	next := int64(1)
	for pi := range p.programmes {
		if !p.programmes[pi].Dual {
			continue
		}
		n := int64(between(r, 6, 10))
		c.competences[pi] = [2]int64{next, n}
		next += n
	}
	c.competenceRows = int(next - 1)
}

// programmeCompetences are the competence lists of the dual programmes, in
// ID order. Each list is safety at work, then the specialty's field's own
// competences from a place that depends on the programme, then the other
// common ones: programmes of one field share most of their competences, as
// the standards do, but not all.
func (p *plan) programmeCompetences() []domain.Competence {
	c := &p.chain
	out := make([]domain.Competence, 0, c.competenceRows)
	for pi, pr := range p.programmes {
		first, n := c.competences[pi][0], int(c.competences[pi][1])
		if n == 0 {
			continue
		}
		field := fieldCompetences[broadField(p.specs[p.progInfo[pi].spec].field)]
		names := []domain.Names{commonCompetences[0]}
		offset := int(splitmix64(uint64(p.seed)^uint64(pi)) % uint64(len(field)))
		for k := 0; k < len(field) && len(names) < n-1; k++ {
			names = append(names, field[(offset+k)%len(field)])
		}
		for k := 1; k < len(commonCompetences) && len(names) < n; k++ {
			names = append(names, commonCompetences[k])
		}
		for k, name := range names {
			out = append(out, domain.Competence{ID: first + int64(k), ProgrammeID: pr.ID, Code: "ПК " + strconv.Itoa(k+1), Name: name})
		}
	}
	return out
}
