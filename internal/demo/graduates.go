package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Graduates of the last three years and their contracts in the register of
// employment contracts, so that the employment pages have realistic rates
// to show. Every programme graduated one group at the end of June of each
// of the last three years (at national scale some 17,000 groups, 125,000
// graduates a year against the 160,000–170,000 published: a group per
// programme and year keeps the demo's extra time small). Graduates of dual
// programmes trained at an enterprise of the programme's current trainees,
// as their successors do.
//
// Whether and when a graduate's first contract starts follows the
// published picture: about 80 % of dual graduates employed a year on, most
// of them within weeks (often by the enterprise they trained at), against
// about 55 % of the others, who take longer; the regions' labour markets
// move both (the three cities and the oil regions above, farming regions,
// where more work is outside the register, below). One contract in ten
// ends within the year and half of those graduates find another. The
// register holds what has happened by "today": a contract yet to start is
// not in it, one still running has no end.

// Streams of the graduates (see sample.go).
const (
	streamGraduates = 14 << 32 // + programme index: the graduates
	streamContracts = 15 << 32 // + programme index: their contracts
)

// The employment model.
const (
	employedDual    = 0.84 // employed within a year: dual graduates
	employedNonDual = 0.57 // and the others
	sameEnterprise  = 0.65 // dual graduates hired by the enterprise they trained at
	contractEnds    = 0.10 // first contracts that end within the year
	foundAnother    = 0.50 // of those, graduates who find another
)

// graduateDays are the days of graduation of the demo's graduates: the
// last three 30 Junes on or before today.
func graduateDays(today time.Time) []time.Time {
	last := today.Year()
	if today.Before(date(last, time.June, 30)) {
		last--
	}
	return []time.Time{date(last-2, time.June, 30), date(last-1, time.June, 30), date(last, time.June, 30)}
}

// jobMarket scales the chance of a job by the region's economy.
func jobMarket(e economy) float64 {
	switch {
	case e.has(metropolis):
		return 1.12
	case e.has(oil):
		return 1.05
	case e.has(industry) || e.has(mining):
		return 1
	}
	return 0.84
}

// graduatePlan is what writeGraduates writes after the graduates: their
// contracts, collected while the graduates are generated.
type graduatePlan struct {
	groups    []domain.Group
	contracts []domain.EmploymentRecord
	graduates int
	dual      int
}

// planGraduateGroups gives every programme one graduated group a year,
// numbered after the current groups.
func (p *plan) planGraduateGroups() []domain.Group {
	var groups []domain.Group
	days := graduateDays(p.today)
	for pi := range p.programmes {
		pr, info := &p.programmes[pi], &p.progInfo[pi]
		for _, day := range days {
			intake := day.Year() - intakeYears(pr.DurationMonths)
			groups = append(groups, domain.Group{
				ID: int64(len(p.groups) + len(groups) + 1), CollegeID: pr.CollegeID, ProgrammeID: pr.ID,
				Code: fmt.Sprintf("%s-%02d-%d", info.abbr, intake%100, 1), IntakeYear: intake,
				Language: p.groups[info.groups[0]].Language, CuratorID: p.groups[info.groups[0]].CuratorID,
			})
		}
	}
	return groups
}

// graduates generates the graduates of each graduated group (the groups
// of planGraduateGroups, in order) with IDs from firstID, hands them to
// emit, and collects their contracts into gp.
func (p *plan) graduates(iins *iinAllocator, gp *graduatePlan, firstID int64, emit func(domain.Graduate) bool) {
	l := names()
	days := graduateDays(p.today)
	// The enterprises of each region, to employ graduates, and the
	// training enterprises of each programme's current trainees.
	byRegion := map[int][]int{}
	for ei := range p.enterprises {
		byRegion[p.enterprises[ei].RegionID] = append(byRegion[p.enterprises[ei].RegionID], ei)
	}
	qualNames := map[string]domain.Names{}
	for _, q := range p.ref.Qualifications {
		qualNames[q.Code] = q.Name
	}
	id := firstID
	gi := 0
	for pi := range p.programmes {
		pr, info := &p.programmes[pi], &p.progInfo[pi]
		ci := info.college
		region := p.regions[p.collegeInfo[ci].region]
		t := region.traits
		market := jobMarket(t.economy)
		position := qualNames[pr.QualificationCode].RU
		if position == "" {
			position = p.specs[info.spec].spec.Name.RU
		}
		var trainers []int32
		for g := info.groups[0]; g < info.groups[1]; g++ {
			if slot := p.groupInfo[g].slot; slot >= 0 {
				for k := range p.groupInfo[g].size {
					if e := p.trainees[slot+k]; e >= 0 {
						trainers = append(trainers, e)
					}
				}
			}
		}
		local := byRegion[p.colleges[ci].RegionID]
		r := newRand(p.seed, streamGraduates+uint64(pi))
		rc := newRand(p.seed, streamContracts+uint64(pi))
		afterNinth := pr.DurationMonths >= 34
		for _, day := range days {
			g := &gp.groups[gi]
			gi++
			russian := 0.005
			if g.Language == domain.InstructionRussian {
				russian = min(0.9, t.russianNames*2)
			}
			for range between(r, 20, 28) {
				sex := domain.Male
				if chance(r, p.specs[info.spec].femaleShare) {
					sex = domain.Female
				}
				enrolled := date(g.IntakeYear, time.August, between(r, 15, 31))
				iin, birth := iins.issue(birthAt(r, enrolled, studentAge(r, afterNinth)), sex)
				var name domain.PersonName
				if chance(r, russian) {
					name = l.russianName(r, sex)
				} else {
					name = l.kazakhName(r, sex, t.kazakhPatronymics)
				}
				s := domain.Student{
					ID: id, IIN: iin, Name: name, BirthDate: birth, Sex: sex,
					CollegeID: pr.CollegeID, GroupID: g.ID, ProgrammeID: pr.ID,
					Funding: fundings[choose(r, 70, 24, 6)], Status: domain.StatusGraduated, EnrolledOn: enrolled,
					AcademicAverage: p.academicAverage(id),
				}
				if chance(r, 0.9) {
					s.Phone = phone(r)
				}
				if pr.Dual && len(trainers) > 0 {
					s.EnterpriseID = p.enterprises[trainers[r.IntN(len(trainers))]].ID
					gp.dual++
				}
				id++
				gp.graduates++
				gp.contracts = p.appendContracts(rc, gp.contracts, s, day, market, position, local)
				if !emit(domain.Graduate{Student: s, GraduatedOn: day}) {
					return
				}
			}
		}
	}
}

// appendContracts adds a graduate's contracts in the register as of
// today: whether a first job comes within the year and when, whether it
// ends, and whether another follows.
func (p *plan) appendContracts(r *rand.Rand, out []domain.EmploymentRecord, s domain.Student, graduated time.Time,
	market float64, position string, local []int) []domain.EmploymentRecord {
	dual := s.EnterpriseID != 0
	employed := employedNonDual
	if dual {
		employed = employedDual
	}
	if !chance(r, min(0.97, employed*market)) || len(local) == 0 {
		return out
	}
	// Days from graduation to the first contract: weeks for most dual
	// graduates, months for the others.
	weeks := [][2]int{{0, 60}, {61, 180}, {181, 360}}
	share := []float64{35, 40, 25}
	if dual {
		weeks = [][2]int{{0, 20}, {21, 80}, {81, 180}, {181, 360}}
		share = []float64{55, 25, 12, 8}
	}
	days := weeks[choose(r, share...)]
	starts := graduated.AddDate(0, 0, between(r, days[0], days[1]))
	employer := p.enterprises[local[r.IntN(len(local))]].BIN
	if dual && chance(r, sameEnterprise) {
		employer = p.enterpriseBIN(s.EnterpriseID)
	}
	add := func(starts, ends time.Time, employer string) bool {
		if starts.After(p.today) {
			return false // the register does not know it yet
		}
		if ends.After(p.today) {
			ends = time.Time{} // still running
		}
		out = append(out, domain.EmploymentRecord{IIN: s.IIN, EmployerBIN: employer, StartsOn: starts, EndsOn: ends, Position: position})
		return ends.IsZero()
	}
	if !chance(r, contractEnds) {
		add(starts, time.Time{}, employer)
		return out
	}
	ends := starts.AddDate(0, 0, between(r, 60, 300))
	if add(starts, ends, employer) || !chance(r, foundAnother) {
		return out
	}
	add(ends.AddDate(0, 0, between(r, 20, 120)), time.Time{}, p.enterprises[local[r.IntN(len(local))]].BIN)
	return out
}

// enterpriseBIN is the BIN of the enterprise with the ID.
func (p *plan) enterpriseBIN(id int64) string { return p.enterprises[id-1].BIN }

// writeGraduates writes the graduated groups, their graduates and the
// graduates' contracts, and counts them into sum.
func writeGraduates(ctx context.Context, w *writer, loader Loader, p *plan, iins *iinAllocator, sum *Summary) error {
	gp := &graduatePlan{groups: p.planGraduateGroups()}
	// The graduates and contracts are known once generated: the progress
	// total takes an estimate (24 graduates a group, 0.6 contracts each)
	// and is put right at the end.
	estimate := int64(len(gp.groups)) * (1 + 24 + 14)
	w.total += estimate
	w.report()
	if err := writeRows(w, "graduated groups", gp.groups, loader.InsertGroups); err != nil {
		return err
	}
	first := int64(sum.Students) + 1
	if err := writeStream(w, "graduates", func(emit func(domain.Graduate) bool) { p.graduates(iins, gp, first, emit) },
		loader.InsertGraduates); err != nil {
		return err
	}
	if err := writeRows(w, "employment contracts", gp.contracts, loader.InsertEmploymentRecords); err != nil {
		return err
	}
	before := sum.Rows()
	sum.Groups += len(gp.groups)
	sum.GraduateGroups = len(gp.groups)
	sum.Graduates, sum.DualGraduates, sum.EmploymentRecords = gp.graduates, gp.dual, len(gp.contracts)
	w.total += sum.Rows() - before - estimate
	w.report()
	return nil
}
