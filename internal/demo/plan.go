package demo

import (
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// scaleParams are the totals a scale aims at.
type scaleParams struct {
	colleges     int
	students     int
	enterprises  int
	dualColleges int // colleges with at least one dual programme
	dualStudents int
}

// national follows the published figures (DOMAIN.md §1): 706 colleges,
// about 560,000 students, 108,000+ of them in dual training at 18,000+
// enterprises, in 552 colleges.
var national = scaleParams{colleges: 706, students: 560_000, enterprises: 18_500, dualColleges: 552, dualStudents: 108_000}

func paramsFor(scale string) (scaleParams, bool) {
	switch scale {
	case ScaleNational:
		return national, true
	case ScaleSmall:
		// A hundredth of the country, rounded: 7 colleges, 5,600 students.
		div := func(n int) int { return (n + 50) / 100 }
		return scaleParams{
			colleges: div(national.colleges), students: div(national.students), enterprises: div(national.enterprises),
			dualColleges: div(national.dualColleges), dualStudents: div(national.dualStudents),
		}, true
	case ScaleRussia:
		// 3.7 million students; every other total grows in proportion.
		const students = 3_700_000
		mul := func(n int) int { return int(int64(n) * students / int64(national.students)) }
		return scaleParams{
			colleges: mul(national.colleges), students: students, enterprises: mul(national.enterprises),
			dualColleges: mul(national.dualColleges), dualStudents: mul(national.dualStudents),
		}, true
	}
	return scaleParams{}, false
}

// studentsPerTeacher is the national ratio (about 40,000 teachers).
const studentsPerTeacher = 14

// plan is everything about the dataset except the people: institutions,
// programmes, groups with their sizes, and which enterprise every dual
// student trains at. It is small (tens of thousands of rows) and computed
// before anything is written, so that totals are known for progress and
// tests can check proportions without a database. Teachers and students
// are generated from it batch by batch.
type plan struct {
	seed      int64
	params    scaleParams
	today     time.Time
	yearStart int // the intake year of the current academic year

	ref     domain.ReferenceData
	regions []regionPlan
	specs   []specialtyInfo

	colleges    []domain.College
	collegeInfo []collegeInfo
	programmes  []domain.Programme
	progInfo    []programmeInfo
	groups      []domain.Group
	groupInfo   []groupInfo
	enterprises []domain.Enterprise
	entInfo     []enterpriseInfo
	// trainees holds the enterprise index of every dual student, in the
	// order students are generated; groupInfo.slot points into it.
	trainees []int32
	// accounts are the records the demo accounts are tied to.
	accounts accountPlan
	// chain is the dual-training chain of the trainees.
	chain chainPlan

	bins *binAllocator
}

type collegeInfo struct {
	region     int // index into plan.regions
	city       int // index into ref.Cities
	kind       *collegeKind
	weight     float64 // relative size, for spreading groups
	programmes [2]int  // range of plan.programmes
	students   int
	teachers   int
	dual       bool
}

type programmeInfo struct {
	college  int
	spec     int // index into plan.specs
	abbr     string
	groups   [2]int // range of plan.groups
	students int
	weight   float64 // relative popularity, for spreading groups
}

type groupInfo struct {
	programme int
	size      int
	slot      int // first index into plan.trainees, -1 for a non-dual group
}

type enterpriseInfo struct {
	region   int // index into plan.regions
	city     int // index into ref.Cities
	section  int // index into sections
	weight   float64
	trainees int
}

func newPlan(ref domain.ReferenceData, opts Options) (*plan, error) {
	if err := opts.normalize(); err != nil {
		return nil, err
	}
	params, _ := paramsFor(opts.Scale)
	p := &plan{seed: opts.Seed, params: params, today: opts.Today, ref: ref}
	p.yearStart = p.today.Year()
	if p.today.Month() < time.September {
		p.yearStart--
	}
	p.regions = planRegions(ref)
	p.specs = specialtyInfos(ref)
	if len(p.regions) == 0 {
		return nil, domain.Invalid("regions", "error.demo.no_regions", "the reference data has no region with a population and a city")
	}
	if len(p.specs) == 0 {
		return nil, domain.Invalid("specialties", "error.demo.no_specialties", "the reference data has no specialties")
	}
	p.bins = newBINAllocator(p.seed)
	p.planColleges()
	p.planProgrammes()
	p.planGroups()
	p.planCurators()
	p.planDual()
	p.planEnterprises()
	p.planTrainees()
	p.planAccounts()
	p.planChain()
	return p, nil
}

// summary counts what the plan will write.
func (p *plan) summary(scale string) Summary {
	s := Summary{
		Scale: scale, Seed: p.seed,
		Colleges: len(p.colleges), Enterprises: len(p.enterprises),
		Programmes: len(p.programmes), Groups: len(p.groups),
	}
	for _, e := range p.trainees {
		if e >= 0 {
			s.DualStudents++
		}
	}
	for _, c := range p.collegeInfo {
		s.Teachers += c.teachers
		s.Students += c.students
		if c.dual {
			s.DualColleges++
		}
	}
	for _, pr := range p.programmes {
		if pr.Dual {
			s.DualProgrammes++
		}
	}
	for _, e := range p.entInfo {
		if e.trainees > 0 {
			s.EnterprisesWithTrainees++
		}
	}
	p.chain.summarize(&s)
	return s
}
