package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// specialtyInfo is a classifier specialty with what the generator needs to
// know about it.
type specialtyInfo struct {
	spec  domain.Specialty
	quals []domain.Qualification
	// field is the ISCED-F detailed field (the first four digits).
	field string
	// femaleShare is the share of girls among its students.
	femaleShare float64
	// sections are the OKED sections of the enterprises that train its
	// dual students, the most fitting first.
	sections []int
	fit      string // the letters of sections, which several specialties share
	// popularity weighs how many colleges teach it and how big its
	// intake is; dual weighs how often it runs as a dual programme.
	popularity, dual float64
}

// Figures by ISCED-F field; detailed fields (4 digits) win over broad
// ones (2 digits). They are plausible estimates for a demo.
var (
	femaleShareByField = map[string]float64{
		"01": 0.85, "02": 0.65, "04": 0.65, "06": 0.30, "07": 0.12, "08": 0.30, "09": 0.85, "10": 0.50,
		"0211": 0.55, "0212": 0.85, "0612": 0.25, "0711": 0.30, "0713": 0.08, "0714": 0.15, "0715": 0.05,
		"0716": 0.05, "0721": 0.65, "0722": 0.25, "0723": 0.90, "0731": 0.50, "0732": 0.20, "0841": 0.40,
		"0923": 0.80, "1012": 0.90, "1013": 0.60, "1015": 0.65, "1032": 0.10, "1041": 0.25,
	}
	popularityByField = map[string]float64{
		"0613": 2.0, "0411": 1.8, "0716": 2.0, "0713": 1.8, "0715": 1.6, "0913": 1.6, "0912": 1.4,
		"1013": 1.6, "0112": 1.4, "0114": 1.2, "0612": 1.4, "0732": 1.4, "1012": 1.2, "0421": 1.2,
		"0221": 0.3, "0412": 0.7, "0821": 0.5, "0911": 0.8,
	}
	dualByField = map[string]float64{
		"07": 3, "06": 2, "08": 2, "09": 1.5, "10": 1.5, "04": 0.8, "01": 0.8, "02": 0.6,
	}
	// sectionsByField maps a field to the OKED sections that employ it.
	sectionsByField = map[string]string{
		"0112": "P", "0114": "PR", "0211": "JMC", "0212": "CMS", "0221": "SP", "0231": "MNPI",
		"0411": "KMGO", "0412": "K", "0413": "GNLO", "0414": "GJM", "0421": "OMK",
		"0612": "JKD", "0613": "JMK",
		"0711": "CB", "0713": "DCBF", "0714": "JCHD", "0715": "CBFH", "0716": "GHC",
		"0721": "CIA", "0722": "C", "0723": "CS", "0731": "FML", "0732": "FELH",
		"0821": "A", "0841": "AM",
		"0911": "Q", "0912": "Q", "0913": "Q", "0914": "Q", "0915": "Q", "0916": "QG", "0923": "QO",
		"1012": "S", "1013": "I", "1015": "INR", "1032": "ONB", "1041": "H",
		"01": "P", "02": "R", "04": "GKM", "06": "J", "07": "C", "08": "A", "09": "Q", "10": "IS",
	}
)

// byField looks a field up by its four digits, then its two.
func byField[T any](m map[string]T, field string, def T) T {
	if v, ok := m[field]; ok {
		return v
	}
	if len(field) >= 2 {
		if v, ok := m[field[:2]]; ok {
			return v
		}
	}
	return def
}

func specialtyInfos(ref domain.ReferenceData) []specialtyInfo {
	index := map[string]int{}
	var out []specialtyInfo
	for _, sp := range ref.Specialties {
		if !domain.IsSpecialtyCode(sp.Code) {
			continue
		}
		field := sp.ISCEDCode
		if len(field) != 4 {
			field = sp.Code[:4]
		}
		info := specialtyInfo{
			spec:        sp,
			field:       field,
			femaleShare: byField(femaleShareByField, field, 0.5),
			popularity:  byField(popularityByField, field, 1.0),
			dual:        byField(dualByField, field, 1.0),
		}
		for _, s := range byField(sectionsByField, field, "G") {
			if i := sectionIndex(string(s)); i >= 0 {
				info.sections = append(info.sections, i)
				info.fit += string(s)
			}
		}
		index[sp.Code] = len(out)
		out = append(out, info)
	}
	for _, q := range ref.Qualifications {
		if !domain.IsQualificationCode(q.Code) {
			continue
		}
		if i, ok := index[q.Code[2:8]+"00"]; ok {
			out[i].quals = append(out[i].quals, q)
		}
	}
	return out
}

// Durations in months: after the 11th grade 10 or 22, after the 9th 34 or
// 46. Worker qualifications (3W) are the short ones.
func duration(r *rand.Rand, qualification string) int {
	switch {
	case strings.HasPrefix(qualification, "3W"):
		return []int{10, 22, 34}[choose(r, 35, 35, 30)]
	case strings.HasPrefix(qualification, "4S"):
		return []int{22, 34, 46}[choose(r, 20, 50, 30)]
	}
	return []int{10, 22, 34, 46}[choose(r, 6, 22, 47, 25)]
}

// hours plans a programme of 1,440 hours per year of study. Practice
// (production training and professional practice) takes 30–45 % of a
// traditional plan and 45–60 % of a dual one; a dual plan holds 60–80 % of
// its practice at the enterprise (the legal minimum is 60 %), a
// traditional one 10–40 %.
func hours(r *rand.Rand, months int, dual bool) (total, practice, enterprise int) {
	years := (months + 2) / 12
	total = years * 1440
	if dual {
		practice = total * between(r, 45, 60) / 100
		enterprise = practice * between(r, 60, 80) / 100
		// Integer division rounds down; the law's 60 % is a floor.
		if minimum := (practice*6 + 9) / 10; enterprise < minimum {
			enterprise = minimum
		}
	} else {
		practice = total * between(r, 30, 45) / 100
		enterprise = practice * between(r, 10, 40) / 100
	}
	return total, practice, enterprise
}

// programmesPerCollege: 6 to 10, 8 on average.
func programmesPerCollege(r *rand.Rand) int {
	return 6 + choose(r, 15, 20, 25, 20, 20)
}

func (p *plan) planProgrammes() {
	r := newRand(p.seed, streamProgrammes)
	weights := make([]float64, len(p.specs))
	for ci := range p.colleges {
		info := &p.collegeInfo[ci]
		kind := info.kind
		for si, s := range p.specs {
			w := s.popularity
			if len(kind.fields) > 0 {
				// A specialised college teaches its fields, and a few
				// common specialties besides.
				w *= 0.04
				for rank, f := range kind.fields {
					if strings.HasPrefix(s.spec.Code, f) {
						w = s.popularity * (1.5 - 0.1*float64(rank))
						break
					}
				}
			}
			weights[si] = w
		}
		n := min(programmesPerCollege(r), len(p.specs))
		chosen := weightedOrder(r, weights)[:n]
		info.programmes[0] = len(p.programmes)
		abbrs := map[string]bool{}
		for _, si := range chosen {
			s := &p.specs[si]
			pr := domain.Programme{
				ID:            int64(len(p.programmes) + 1),
				CollegeID:     p.colleges[ci].ID,
				SpecialtyCode: s.spec.Code,
			}
			if len(s.quals) > 0 {
				pr.QualificationCode = pick(r, s.quals).Code
			}
			pr.DurationMonths = duration(r, pr.QualificationCode)
			p.programmes = append(p.programmes, pr)
			p.progInfo = append(p.progInfo, programmeInfo{
				college: ci, spec: si, abbr: uniqueAbbreviation(s.spec, abbrs),
				weight: s.popularity * lognormal(r, 1, 0.3),
			})
		}
		info.programmes[1] = len(p.programmes)
	}
}

// stopWords are left out of abbreviations.
var stopWords = map[string]bool{
	"и": true, "в": true, "на": true, "по": true, "для": true, "с": true, "со": true, "к": true, "из": true,
	"от": true, "а": true, "және": true, "мен": true, "бен": true, "пен": true, "бойынша": true,
	"and": true, "of": true, "the": true, "by": true, "in": true,
}

// abbreviation makes the letters of a group code from a specialty name:
// «Программное обеспечение (по видам)» → ПО, «Туризм» → ТУР. long uses two
// letters of the first word, to tell apart specialties with the same
// initials in one college.
func abbreviation(name string, long bool) string {
	if i := strings.IndexByte(name, '('); i >= 0 {
		name = name[:i]
	}
	words := strings.FieldsFunc(name, func(c rune) bool { return !unicode.IsLetter(c) })
	var kept [][]rune
	for _, w := range words {
		if !stopWords[strings.ToLower(w)] {
			kept = append(kept, []rune(strings.ToUpper(w)))
		}
	}
	switch {
	case len(kept) == 0:
		return ""
	case len(kept) == 1:
		w := kept[0]
		return string(w[:min(3+boolInt(long), len(w))])
	}
	var b []rune
	for i, w := range kept[:min(3, len(kept))] {
		b = append(b, w[0])
		if i == 0 && long && len(w) > 1 {
			b = append(b, w[1])
		}
	}
	return string(b)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// uniqueAbbreviation picks an abbreviation not yet used in the college.
func uniqueAbbreviation(s domain.Specialty, used map[string]bool) string {
	name := s.Name.RU
	if name == "" {
		name = s.Name.KK
	}
	if name == "" {
		name = s.Name.EN
	}
	base := abbreviation(name, false)
	if base == "" {
		base = "С" + s.Code[:4]
	}
	candidates := []string{base, abbreviation(name, true)}
	for _, c := range candidates {
		if c != "" && !used[c] {
			used[c] = true
			return c
		}
	}
	for n := 2; ; n++ {
		c := fmt.Sprintf("%s%d", base, n)
		if !used[c] {
			used[c] = true
			return c
		}
	}
}

// intakeYears is how many intakes of a programme are studying now: a
// 46-month programme started four years ago is still running.
func intakeYears(months int) int { return (months + 11) / 12 }

// planGroups sizes the regions' student bodies in proportion to their
// population, like their colleges, and fills each region with groups.
func (p *plan) planGroups() {
	r := newRand(p.seed, streamGroups)
	weights := make([]float64, len(p.regions))
	for i, rp := range p.regions {
		if rp.colleges > 0 {
			weights[i] = float64(rp.region.Population)
		}
	}
	students := largestRemainder(p.params.students, weights)
	// Colleges, and so their programmes, come region by region.
	for ci := 0; ci < len(p.colleges); {
		first, ri := ci, p.collegeInfo[ci].region
		for ci < len(p.colleges) && p.collegeInfo[ci].region == ri {
			ci++
		}
		p.planRegionGroups(r, p.collegeInfo[first].programmes[0], p.collegeInfo[ci-1].programmes[1], students[ri])
	}
	for _, g := range p.groupInfo {
		info := &p.progInfo[g.programme]
		info.students += g.size
		p.collegeInfo[info.college].students += g.size
	}
	for ci := range p.collegeInfo {
		c := &p.collegeInfo[ci]
		c.teachers = max(5, int(float64(c.students)/studentsPerTeacher*(0.92+0.16*r.Float64())+0.5))
	}
}

// planRegionGroups gives every running intake of the programmes in
// [first, last) one group, spreads the region's remaining groups by the
// size of the college and the popularity of the programme, then sizes the
// groups at 20–30 so that the region has exactly its students.
func (p *plan) planRegionGroups(r *rand.Rand, first, last, students int) {
	type slot struct{ prog, year, groups int }
	var slots []slot
	var weights []float64
	for pi := first; pi < last; pi++ {
		n := intakeYears(p.programmes[pi].DurationMonths)
		for y := p.yearStart - n + 1; y <= p.yearStart; y++ {
			slots = append(slots, slot{prog: pi, year: y, groups: 1})
			weights = append(weights, p.progInfo[pi].weight*p.collegeInfo[p.progInfo[pi].college].weight)
		}
	}
	pickSlot := newCumulative(weights)
	for range max(len(slots), (students+12)/25) - len(slots) {
		slots[pickSlot.pick(r)].groups++
	}
	firstGroup := len(p.groups)
	for _, s := range slots {
		pr := &p.programmes[s.prog]
		info := &p.progInfo[s.prog]
		if info.groups[1] == 0 {
			info.groups[0] = len(p.groups)
		}
		lang := p.regions[p.collegeInfo[info.college].region].traits.kazakhGroups
		for n := 1; n <= s.groups; n++ {
			g := domain.Group{
				ID:          int64(len(p.groups) + 1),
				CollegeID:   pr.CollegeID,
				ProgrammeID: pr.ID,
				Code:        fmt.Sprintf("%s-%02d-%d", info.abbr, s.year%100, n),
				IntakeYear:  s.year,
				Language:    domain.InstructionRussian,
			}
			if chance(r, lang) {
				g.Language = domain.InstructionKazakh
			}
			p.groups = append(p.groups, g)
			p.groupInfo = append(p.groupInfo, groupInfo{programme: s.prog, size: between(r, 20, 30), slot: -1})
		}
		info.groups[1] = len(p.groups)
	}
	// Nudge sizes one student at a time until the total is the target;
	// the sizes stay within 20–30 when the target allows it.
	groups := p.groupInfo[firstGroup:]
	total := 0
	for _, g := range groups {
		total += g.size
	}
	want := min(max(students, 20*len(groups)), 30*len(groups))
	for total != want {
		g := &groups[r.IntN(len(groups))]
		switch {
		case total < want && g.size < 30:
			g.size++
			total++
		case total > want && g.size > 20:
			g.size--
			total--
		}
	}
}
