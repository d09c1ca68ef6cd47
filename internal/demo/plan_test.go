package demo

import (
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/refdata"
)

// The national plan (everything but the people) takes a fraction of a
// second and no database; the tests share one.
var national1 = sync.OnceValues(func() (*plan, error) {
	return newPlan(refdata.All(), Options{Scale: ScaleNational, Seed: 1})
})

func nationalPlan(t *testing.T) *plan {
	t.Helper()
	p, err := national1()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNationalPlan(t *testing.T) {
	p := nationalPlan(t)
	s := p.summary(ScaleNational)
	if s.Colleges != 706 || s.Students != 560_000 || s.Enterprises != 18_500 || s.DualColleges != 552 || s.EnterprisesWithTrainees != 18_500 {
		t.Errorf("national totals: %+v", s)
	}
	if s.DualStudents < 107_000 || s.DualStudents > 109_000 {
		t.Errorf("dual students %d, want about 108,000", s.DualStudents)
	}
	if s.Teachers < 38_000 || s.Teachers > 42_000 {
		t.Errorf("teachers %d, want about 40,000 (1 per 14 students)", s.Teachers)
	}
	for i := range p.colleges {
		if err := p.colleges[i].Validate(); err != nil {
			t.Fatalf("college %+v: %v", p.colleges[i], err)
		}
		c := p.collegeInfo[i]
		n := c.programmes[1] - c.programmes[0]
		if n < 6 || n > 10 {
			t.Errorf("college %d has %d programmes", i+1, n)
		}
		specs := map[string]bool{}
		for pi := c.programmes[0]; pi < c.programmes[1]; pi++ {
			if specs[p.programmes[pi].SpecialtyCode] {
				t.Errorf("college %d teaches %s twice", i+1, p.programmes[pi].SpecialtyCode)
			}
			specs[p.programmes[pi].SpecialtyCode] = true
		}
	}
	for i := range p.enterprises {
		if err := p.enterprises[i].Validate(); err != nil {
			t.Fatalf("enterprise %+v: %v", p.enterprises[i], err)
		}
	}
	for i := range p.programmes {
		pr := &p.programmes[i]
		if err := pr.Validate(); err != nil {
			t.Fatalf("programme %+v: %v", *pr, err)
		}
		if !slices.Contains([]int{10, 22, 34, 46}, pr.DurationMonths) {
			t.Errorf("programme %d lasts %d months", pr.ID, pr.DurationMonths)
		}
	}
	codes := map[[2]any]bool{}
	for i := range p.groups {
		g := &p.groups[i]
		if err := g.Validate(); err != nil {
			t.Fatalf("group %+v: %v", *g, err)
		}
		key := [2]any{g.CollegeID, g.Code}
		if codes[key] {
			t.Errorf("college %d has two groups %s", g.CollegeID, g.Code)
		}
		codes[key] = true
		if size := p.groupInfo[i].size; size < 20 || size > 30 {
			t.Errorf("group %s of %d students", g.Code, size)
		}
	}
}

// TestRegionsFollowPopulation: colleges, students and enterprises per region
// in proportion to the population, every administrative centre with
// colleges.
func TestRegionsFollowPopulation(t *testing.T) {
	p := nationalPlan(t)
	total := 0
	for _, r := range p.regions {
		total += r.region.Population
	}
	colleges := make([]int, len(p.regions))
	students := make([]int, len(p.regions))
	enterprises := make([]int, len(p.regions))
	inCentre := make([]int, len(p.regions))
	for i, c := range p.collegeInfo {
		colleges[c.region]++
		students[c.region] += c.students
		if c.city == p.regions[c.region].centre {
			inCentre[c.region]++
		}
		if p.ref.Cities[c.city].RegionID != p.colleges[i].RegionID {
			t.Errorf("college %d in a town of another region", i+1)
		}
	}
	for _, e := range p.entInfo {
		enterprises[e.region]++
	}
	if len(p.regions) != 20 {
		t.Fatalf("%d regions with colleges, want 20", len(p.regions))
	}
	for i, r := range p.regions {
		share := float64(r.region.Population) / float64(total)
		name := r.region.Name.EN
		if d := math.Abs(float64(colleges[i]) - 706*share); d > 1.5 {
			t.Errorf("%s: %d colleges, population says %.1f", name, colleges[i], 706*share)
		}
		if d := math.Abs(float64(enterprises[i]) - 18_500*share); d > 1 {
			t.Errorf("%s: %d enterprises, population says %.1f", name, enterprises[i], 18_500*share)
		}
		if want := 560_000 * share; math.Abs(float64(students[i])-want) > 0.2*want {
			t.Errorf("%s: %d students, population says %.0f", name, students[i], want)
		}
		if inCentre[i] == 0 {
			t.Errorf("%s: no college in %s", name, r.region.Centre.EN)
		}
	}
}

// TestDualTrainees: every dual student at an enterprise in or near their
// college's region, mostly at home and mostly in a fitting industry.
func TestDualTrainees(t *testing.T) {
	p := nationalPlan(t)
	home, fit, all := 0, 0, 0
	for _, g := range p.groupInfo {
		dual := p.programmes[g.programme].Dual
		if dual != (g.slot >= 0) {
			t.Fatalf("group of programme %d: dual %v, trainee slot %d", g.programme+1, dual, g.slot)
		}
		if !dual {
			continue
		}
		info := p.progInfo[g.programme]
		r := p.collegeInfo[info.college].region
		for k := range g.size {
			e := p.trainees[g.slot+k]
			if e < 0 {
				t.Fatalf("a dual student of programme %d has no enterprise", g.programme+1)
			}
			er := p.entInfo[e].region
			switch {
			case er == r:
				home++
			case !slices.Contains(p.regions[r].near[:nearRegions], er):
				t.Errorf("a student from %s trains in %s", p.regions[r].region.Name.EN, p.regions[er].region.Name.EN)
			}
			if slices.Contains(p.specs[info.spec].sections, p.entInfo[e].section) {
				fit++
			}
			all++
		}
	}
	if share := float64(home) / float64(all); share < 0.85 {
		t.Errorf("%.2f of dual students train in their own region, want most", share)
	}
	if share := float64(fit) / float64(all); share < 0.6 {
		t.Errorf("%.2f of dual students train in a fitting industry, want most", share)
	}
}

// TestLanguageAndNames: about 65 % of groups are taught in Kazakh, and
// names follow the region: many Russian names in the north, almost none in
// the south.
func TestLanguageAndNames(t *testing.T) {
	p := nationalPlan(t)
	kk := 0
	for _, g := range p.groups {
		if g.Language == domain.InstructionKazakh {
			kk++
		}
	}
	if share := float64(kk) / float64(len(p.groups)); share < 0.60 || share > 0.70 {
		t.Errorf("%.2f of groups in Kazakh, want about 0.65", share)
	}

	russian := map[string]bool{}
	for _, s := range names().ruSurnames {
		russian[s], russian[femaleSurname(s)] = true, true
	}
	share := func(regionID int) float64 {
		iins := newIINAllocator(1)
		var id int64
		n, ru := 0, 0
		for ci := range p.colleges {
			if p.colleges[ci].RegionID != regionID {
				continue
			}
			p.collegeStudents(ci, &id, iins, func(s domain.Student) bool {
				n++
				if russian[s.Name.Last] {
					ru++
				}
				return true
			})
		}
		return float64(ru) / float64(n)
	}
	if north := share(59); north < 0.25 {
		t.Errorf("North Kazakhstan: %.2f Russian names, want many", north)
	}
	if south := share(61); south > 0.03 {
		t.Errorf("Turkistan: %.2f Russian names, want almost none", south)
	}
}

func TestSmallPlan(t *testing.T) {
	p, err := newPlan(refdata.All(), Options{Scale: ScaleSmall, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	regions := map[int]bool{}
	for _, c := range p.colleges {
		regions[c.RegionID] = true
	}
	if len(p.colleges) != 7 || len(regions) < 5 {
		t.Errorf("%d colleges in %d regions, want 7 in several", len(p.colleges), len(regions))
	}
	for _, e := range p.enterprises {
		if !regions[e.RegionID] {
			t.Errorf("enterprise %d in region %d, which has no college", e.ID, e.RegionID)
		}
	}
	// Almaty has a college with dual students at this seed; another
	// seed may leave it without, and the demo accounts move with the
	// college that has the most.
	if a := p.accounts; a.region != HomeRegion || p.colleges[a.college].RegionID != HomeRegion {
		t.Errorf("demo accounts in region %d, college %d: want Almaty (75)", a.region, p.colleges[a.college].ID)
	}
	for seed := int64(2); seed < 12; seed++ {
		q, err := newPlan(refdata.All(), Options{Scale: ScaleSmall, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		a := q.accounts
		if q.colleges[a.college].RegionID != a.region || q.groups[a.group].CollegeID != q.colleges[a.college].ID ||
			q.groups[a.group].CuratorID != a.teacherID || a.teacherID == 0 {
			t.Errorf("seed %d: demo records disagree: %+v", seed, a)
		}
	}
}

// TestCuratorsAndDemoRecords: every group has a curator among its
// college's teachers, no teacher curates more than a few groups, and the
// demo accounts point at a dual college of Almaty, an enterprise that
// trains its students and a group with trainees there curated by the
// demo teacher.
func TestCuratorsAndDemoRecords(t *testing.T) {
	p := nationalPlan(t)
	first := make([]int64, len(p.colleges)+1) // teacher IDs of college ci: [first[ci], first[ci+1])
	first[0] = 1
	for ci, c := range p.collegeInfo {
		first[ci+1] = first[ci] + int64(c.teachers)
	}
	load := map[int64]int{}
	for gi, g := range p.groups {
		ci := p.progInfo[p.groupInfo[gi].programme].college
		if g.CuratorID < first[ci] || g.CuratorID >= first[ci+1] {
			t.Fatalf("group %d of college %d: curator %d is not one of its teachers %d-%d", g.ID, ci+1, g.CuratorID, first[ci], first[ci+1]-1)
		}
		load[g.CuratorID]++
	}
	most := 0
	for _, n := range load {
		most = max(most, n)
	}
	if most > 2 {
		t.Errorf("a teacher curates %d groups", most)
	}

	a := p.accounts
	c := p.colleges[a.college]
	if a.region != HomeRegion || c.RegionID != HomeRegion || !p.collegeInfo[a.college].dual {
		t.Errorf("demo college %d in region %d (dual %v), want a dual college of %d", c.ID, c.RegionID, p.collegeInfo[a.college].dual, HomeRegion)
	}
	g := p.groups[a.group]
	if g.CollegeID != c.ID || g.CuratorID != a.teacherID {
		t.Errorf("demo group %+v: not of college %d or not curated by teacher %d", g, c.ID, a.teacherID)
	}
	gx := p.groupInfo[a.group]
	trainees := 0
	for k := range gx.size {
		if gx.slot >= 0 && p.trainees[gx.slot+k] == int32(a.enterprise) {
			trainees++
		}
	}
	if trainees == 0 {
		t.Errorf("demo group %s has no trainee at the demo enterprise", g.Code)
	}
}

// TestRussiaPlan: the Russia-sized plan has 3.7 million students and every
// other national total multiplied alike, and its records are as valid as
// the national ones (the plan alone, no database: the run is in README).
func TestRussiaPlan(t *testing.T) {
	p, err := newPlan(refdata.All(), Options{Scale: ScaleRussia, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	s := p.summary(ScaleRussia)
	if s.Students != 3_700_000 || s.Colleges != 4_664 || s.Enterprises != 122_232 || s.DualColleges != 3_647 {
		t.Errorf("russia totals: %+v", s)
	}
	if s.DualStudents < 707_000 || s.DualStudents > 720_000 {
		t.Errorf("dual students %d, want about 713,571 (108,000 × 3.7 / 0.56)", s.DualStudents)
	}
	bins := map[string]bool{}
	for i := range p.enterprises {
		if err := p.enterprises[i].Validate(); err != nil {
			t.Fatalf("enterprise %+v: %v", p.enterprises[i], err)
		}
		if bins[p.enterprises[i].BIN] {
			t.Fatalf("BIN %s given twice", p.enterprises[i].BIN)
		}
		bins[p.enterprises[i].BIN] = true
	}
	for i := range p.colleges {
		if err := p.colleges[i].Validate(); err != nil {
			t.Fatalf("college %+v: %v", p.colleges[i], err)
		}
		if bins[p.colleges[i].BIN] {
			t.Fatalf("BIN %s given twice", p.colleges[i].BIN)
		}
		bins[p.colleges[i].BIN] = true
	}
}
