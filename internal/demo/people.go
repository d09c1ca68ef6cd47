package demo

import (
	"math/rand/v2"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// iinAllocator issues IINs that are valid and unique: for each birth date
// and sex it walks the 4-digit serials in a scrambled order (a step
// coprime with 10,000 from a seeded offset) and skips the serials for
// which no check digit exists (DOMAIN.md §5).
type iinAllocator struct {
	salt uint64
	// next counts the serials tried per day since iinEpoch and sex.
	next []uint16
}

var iinEpoch = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

const iinDays = 200 * 366

func newIINAllocator(seed int64) *iinAllocator {
	return &iinAllocator{salt: splitmix64(uint64(seed) ^ 0x11a), next: make([]uint16, 2*iinDays)}
}

// issue returns an IIN for a person born on birth, and the birth date it
// encodes: the next day in the unheard-of case that all 9,000-odd serials
// of the day are taken.
func (a *iinAllocator) issue(birth time.Time, sex domain.Sex) (string, time.Time) {
	for {
		idx := 2 * int(birth.Sub(iinEpoch)/(24*time.Hour))
		if sex == domain.Female {
			idx++
		}
		offset := splitmix64(a.salt^uint64(idx)) % 10000
		y, m, d := birth.Date()
		var b [11]byte
		put2(b[0:], y%100)
		put2(b[2:], int(m))
		put2(b[4:], d)
		b[6] = byte('0' + domain.IINCenturyDigit(y, sex))
		for a.next[idx] < 10000 {
			k := uint64(a.next[idx])
			a.next[idx]++
			serial := int((offset + k*3571) % 10000)
			if serial == 0 {
				continue
			}
			put2(b[7:], serial/100)
			put2(b[9:], serial%100)
			if iin, ok := domain.CompleteIdentifier(string(b[:])); ok {
				return iin, birth
			}
		}
		birth = birth.AddDate(0, 0, 1)
	}
}

func put2(b []byte, n int) {
	b[0], b[1] = byte('0'+n/10), byte('0'+n%10)
}

// binAllocator issues BINs in the common layout: registration year and
// month (YYMM), 4 for a resident legal entity, 0 for a head office, a
// 5-digit serial and the check digit.
type binAllocator struct {
	salt uint64
	next []uint32 // serials tried per registration month since 1990
}

const binFirstYear, binYears = 1990, 50

func newBINAllocator(seed int64) *binAllocator {
	return &binAllocator{salt: splitmix64(uint64(seed) ^ 0xb1a), next: make([]uint32, 12*binYears)}
}

func (a *binAllocator) issue(year, month int) string {
	year = min(max(year, binFirstYear), binFirstYear+binYears-1)
	for {
		idx := (year-binFirstYear)*12 + month - 1
		offset := splitmix64(a.salt^uint64(idx)) % 100000
		var b [11]byte
		put2(b[0:], year%100)
		put2(b[2:], month)
		b[4], b[5] = '4', '0'
		for a.next[idx] < 100000 {
			k := uint64(a.next[idx])
			a.next[idx]++
			serial := int((offset + k*7919) % 100000)
			if serial == 0 {
				continue
			}
			b[6] = byte('0' + serial/10000)
			put2(b[7:], serial/100%100)
			put2(b[9:], serial%100)
			if bin, ok := domain.CompleteIdentifier(string(b[:])); ok {
				return bin
			}
		}
		month++ // the month is full: register the next one
		if month > 12 {
			month, year = 1, year+1
		}
	}
}

// mobileCodes are the codes of Kazakhstan's mobile operators.
var mobileCodes = []string{"700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"}

// phone returns a mobile number written +7 7XX XXX XX XX.
func phone(r *rand.Rand) string {
	code := pick(r, mobileCodes)
	n := r.IntN(10_000_000)
	b := []byte("+7 000 000 00 00")
	copy(b[3:6], code)
	put2(b[14:], n%100)
	put2(b[11:], n/100%100)
	b[7], b[8], b[9] = byte('0'+n/1_000_000), byte('0'+n/100_000%10), byte('0'+n/10_000%10)
	return string(b)
}

// birthAt returns a birth date at which a person is exactly age years old
// on day.
func birthAt(r *rand.Rand, day time.Time, age int) time.Time {
	latest := day.AddDate(-age, 0, 0)
	earliest := day.AddDate(-age-1, 0, 1)
	days := int(latest.Sub(earliest) / (24 * time.Hour))
	return earliest.AddDate(0, 0, r.IntN(days+1))
}

// studentAge is the age at enrolment: 15 or 16 after the 9th grade
// (programmes of 34 and 46 months), 17 or 18 after the 11th, with a few
// younger and older (adults retraining), always 14 to 22.
func studentAge(r *rand.Rand, afterNinth bool) int {
	if afterNinth {
		return []int{14, 15, 16, 17, 18, 19, 20, 21, 22}[choose(r, 4, 58, 26, 7, 2, 1, 0.8, 0.6, 0.6)]
	}
	return []int{17, 18, 19, 20, 21, 22}[choose(r, 50, 30, 8, 5, 4, 3)]
}

func date(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
}

// heads is how many of a college's teachers head a department: one for
// every three programmes, at least one. They come first among its teachers.
func (c *collegeInfo) heads() int {
	return max(1, (c.programmes[1]-c.programmes[0]+1)/3)
}

// planCurators gives every group a curator, a teacher of its college who
// supervises it. Teachers are numbered college by college in the order they
// are generated, so their IDs are known before they are: the j-th group of
// a college is curated by the j-th of its teachers who do not head a
// department, starting again from the first when the groups outnumber them
// (they seldom do: a college has about twice as many teachers as groups).
func (p *plan) planCurators() {
	first := int64(1) // the ID of the college's first teacher
	for ci := range p.colleges {
		info := &p.collegeInfo[ci]
		heads := min(info.heads(), info.teachers-1)
		j := 0
		for pi := info.programmes[0]; pi < info.programmes[1]; pi++ {
			for gi := p.progInfo[pi].groups[0]; gi < p.progInfo[pi].groups[1]; gi++ {
				p.groups[gi].CuratorID = first + int64(heads+j%(info.teachers-heads))
				j++
			}
		}
		first += int64(info.teachers)
	}
}

// teachers generates the teachers of every college, college by college,
// and hands them to emit until it returns false.
func (p *plan) teachers(iins *iinAllocator, emit func(domain.Teacher) bool) {
	l := names()
	id := int64(0)
	for ci := range p.colleges {
		r := newRand(p.seed, streamTeachers+uint64(ci))
		info := &p.collegeInfo[ci]
		t := p.regions[info.region].traits
		heads := info.heads()
		female := 0.72
		if len(info.kind.fields) > 0 && info.kind.fields[0] >= "07" && info.kind.fields[0] < "08" {
			female = 0.55 // technical colleges have more men among teachers
		}
		// Teachers are older than students, and the older generation of the
		// north and east is more Russian-speaking.
		russian := min(0.85, t.russianNames*1.7)
		for i := range info.teachers {
			sex := domain.Male
			if chance(r, female) {
				sex = domain.Female
			}
			age := 23 + int((r.Float64()+r.Float64())/2*42) // 23–64, most in their forties
			iin, birth := iins.issue(birthAt(r, p.today, age), sex)
			var name domain.PersonName
			if chance(r, russian) {
				name = l.russianName(r, sex)
			} else {
				name = l.kazakhName(r, sex, t.kazakhPatronymics)
			}
			position := domain.PositionTeacher
			switch {
			case i < heads:
				position = domain.PositionHead
			case chance(r, 0.22):
				position = domain.PositionMaster
			}
			id++
			tc := domain.Teacher{
				ID: id, IIN: iin, Name: name, BirthDate: birth, Sex: sex,
				CollegeID: p.colleges[ci].ID, Position: position, Phone: phone(r),
				HiredOn: date(between(r, max(birth.Year()+22, 1990), p.yearStart), time.August, between(r, 15, 31)),
			}
			if !emit(tc) {
				return
			}
		}
	}
}

// fundings are the kinds of seats, in the order of the funding weights.
var fundings = []string{domain.FundingState, domain.FundingPaid, domain.FundingTargeted}

// students generates the students of every group, college by college,
// and hands them to emit until it returns false.
func (p *plan) students(iins *iinAllocator, emit func(domain.Student) bool) {
	id := int64(0)
	for ci := range p.colleges {
		if !p.collegeStudents(ci, &id, iins, emit) {
			return
		}
	}
}

// collegeStudents generates the students of one college, numbering them
// from *id; it reports false when emit asked to stop.
func (p *plan) collegeStudents(ci int, id *int64, iins *iinAllocator, emit func(domain.Student) bool) bool {
	l := names()
	r := newRand(p.seed, streamStudents+uint64(ci))
	info := &p.collegeInfo[ci]
	t := p.regions[info.region].traits
	// Students from Russian-speaking families study in Russian groups,
	// with Kazakh students who chose Russian.
	russianInRussianGroup := 0.9
	if t.kazakhGroups < 1 {
		russianInRussianGroup = min(0.9, t.russianNames/(1-t.kazakhGroups))
	}
	funding := []float64{72, 21, 7} // state, paid, targeted
	if p.colleges[ci].Ownership == domain.OwnershipPrivate {
		funding = []float64{50, 45, 5}
	}
	for pi := info.programmes[0]; pi < info.programmes[1]; pi++ {
		pr := &p.programmes[pi]
		pinfo := &p.progInfo[pi]
		spec := &p.specs[pinfo.spec]
		fund := funding
		if pr.Dual {
			// Employers order targeted training most in dual programmes.
			fund = []float64{funding[0], funding[1] - funding[2], 2 * funding[2]}
		}
		afterNinth := pr.DurationMonths >= 34
		for gi := pinfo.groups[0]; gi < pinfo.groups[1]; gi++ {
			g := &p.groups[gi]
			gx := &p.groupInfo[gi]
			russian := 0.005
			if g.Language == domain.InstructionRussian {
				russian = russianInRussianGroup
			}
			for k := range gx.size {
				sex := domain.Male
				if chance(r, spec.femaleShare) {
					sex = domain.Female
				}
				year := g.IntakeYear
				if year < p.yearStart && chance(r, 0.015) {
					year-- // back from a year of academic leave, in the next intake's group
				}
				enrolled := date(year, time.August, between(r, 15, 31))
				iin, birth := iins.issue(birthAt(r, enrolled, studentAge(r, afterNinth)), sex)
				var name domain.PersonName
				if chance(r, russian) {
					name = l.russianName(r, sex)
				} else {
					name = l.kazakhName(r, sex, t.kazakhPatronymics)
				}
				*id++
				s := domain.Student{
					ID: *id, IIN: iin, Name: name, BirthDate: birth, Sex: sex,
					CollegeID: pr.CollegeID, GroupID: g.ID, ProgrammeID: pr.ID,
					Funding:         fundings[choose(r, fund...)],
					Status:          domain.StatusStudying,
					EnrolledOn:      enrolled,
					AcademicAverage: p.academicAverage(*id),
				}
				if chance(r, 0.015) {
					s.Status = domain.StatusAcademicLeave
				}
				if chance(r, 0.97) {
					s.Phone = phone(r)
				}
				if gx.slot >= 0 {
					if e := p.trainees[gx.slot+k]; e >= 0 {
						s.EnterpriseID = p.enterprises[e].ID
					}
				}
				if !emit(s) {
					return false
				}
			}
		}
	}
	return true
}
