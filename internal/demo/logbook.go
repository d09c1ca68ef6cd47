package demo

import (
	"math/bits"
	"math/rand/v2"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The logbook: each trainee writes one entry a week, from the week of 1
// September to the last full week before today, usually at the end of the
// week; the mentor signs it within a few working days, or returns it with a
// comment and signs it once corrected. So most weeks are signed, the last
// ones often still wait for the mentor, and the profiles of planFates tell
// the stories a coordinator must see: a trainee behind on hours, one who
// stopped writing, one whose entries were returned and not yet corrected, a
// mentor who stopped signing weeks ago. A signed week is now and then
// corrected (a version 2). The college's curator reviews some signed
// entries. What happened each week (weekFate) is drawn apart from what the
// entries say, so that the plan can count the entries without writing
// them.

// weekFate is what happened to one version of a week's entry.
type weekFate struct {
	week                                 time.Time
	index                                int // into chainPlan.weeks
	agreement                            int64
	version                              int
	current                              bool
	days                                 domain.Weekdays
	hours                                int
	status                               domain.EntryStatus
	signer                               int32 // the mentor who signed or returned it, -1 if none
	created, submitted, decided, updated time.Time
	reviewed                             time.Time
}

// Chances per week.
const (
	chanceReturned   = 0.035 // a mentor returns an entry, signed once corrected
	chanceDayOff     = 0.03  // a trainee misses a day (ill, an exam at the college)
	chanceBehindDay  = 0.5   // the same for a trainee who is behind
	chanceCorrection = 0.002 // a signed week is corrected
	chanceLate       = 0.03  // an entry is written a week late
)

// fates are the entry versions of slot s, week by week, appended to out.
func (p *plan) fates(s int32, out []weekFate) []weekFate {
	c := &p.chain
	sp := &c.slots[s]
	n := len(c.weeks)
	if n == 0 || sp.placement < 0 {
		return out
	}
	r := newRand(p.seed, streamLogbook+uint64(s))
	pl := &c.placements[sp.placement]
	perDay := pl.hours / pl.weekdays.Count()
	missingFrom, returnedFrom, draftLast := n, n, false
	switch sp.profile {
	case profileLagging:
		missingFrom = max(1, n-between(r, 2, 5))
		draftLast = chance(r, 0.3)
	case profileStuck:
		returnedFrom = n - between(r, 1, 2)
	}
	reviews := p.reviewRate(c.slotGroup[s])
	var changed time.Time
	if sp.changeWeek > 0 {
		changed, _ = p.change(s)
	}
	waitsForDemo := sp.mentor == c.demoMentor
	for i, monday := range c.weeks {
		f := weekFate{week: monday, index: i, agreement: sp.agreement, version: 1, current: true, signer: -1}
		if sp.oldFirm >= 0 && i < int(sp.changeWeek) {
			f.agreement = sp.agreement - 1
		}
		f.days = p.workDays(pl.weekdays, i)
		dropDay := chanceDayOff
		switch {
		case s == c.demoSlot:
			dropDay = 0 // the demo student's hours are at plan
		case sp.profile == profileBehind:
			dropDay = chanceBehindDay
		}
		if d := f.days.Count(); d > 1 && chance(r, dropDay) {
			f.days = withoutDay(f.days, r.IntN(d))
		}
		f.hours = f.days.Count() * perDay
		if i >= missingFrom {
			if draftLast && i == n-1 && f.days != 0 {
				f.status = domain.EntryDraft
				f.created = at(monday.AddDate(0, 0, 4), between(r, 18, 22), r.IntN(60))
				f.updated = f.created
				out = append(out, f)
			}
			continue
		}
		if f.days == 0 {
			continue // every day of the pattern was a holiday
		}
		// Written at the end of the week, after the last day there.
		last := bits.Len8(uint8(f.days)) - 1 // Monday is 0
		offset := max([]int{4, 5, 6, 7, 8}[choose(r, 30, 25, 25, 15, 5)], last)
		switch {
		case s == c.demoSlot:
			// The demo student is never late.
		case sp.profile == profileSlowStart && i < 3:
			offset += between(r, 14, 20)
		case chance(r, chanceLate):
			offset += 7
		}
		f.submitted = at(monday.AddDate(0, 0, offset), between(r, 16, 21), r.IntN(60))
		atOldFirm := sp.oldFirm >= 0 && i < int(sp.changeWeek)
		if atOldFirm && f.submitted.After(changed.Add(-24*time.Hour)) {
			// The weeks at the old enterprise were closed before the move.
			f.submitted = changed.Add(-time.Duration(between(r, 24*60, 30*60)) * time.Minute)
		}
		f.created = f.submitted.Add(-time.Duration(between(r, 5, 300)) * time.Minute)
		if !f.submitted.Before(c.asOf) {
			if f.created.Before(c.asOf) {
				f.status, f.updated, f.submitted = domain.EntryDraft, f.created, time.Time{}
				out = append(out, f)
			}
			continue
		}
		f.status, f.updated = domain.EntrySubmitted, f.submitted
		returned := chance(r, chanceReturned) && !atOldFirm || i >= returnedFrom || (s == c.demoSlot && i == 1)
		p.decide(r, s, &f, changed, returned, i >= returnedFrom, waitsForDemo && i == n-1 && i < returnedFrom)
		if f.status == domain.EntrySigned && chance(r, reviews) {
			if t := f.decided.Add(time.Duration(between(r, 20, 160)) * time.Hour); t.Before(c.asOf) {
				f.reviewed = t
			}
		}
		out = append(out, f)
		if f.status == domain.EntrySigned && i < n-2 && !atOldFirm && chance(r, chanceCorrection) {
			if v2, ok := p.correct(r, s, f, pl.weekdays, perDay, changed); ok {
				out[len(out)-1].current = false
				out = append(out, v2)
			}
		}
	}
	return out
}

// withoutDay is days without its k-th day, counting from Monday.
func withoutDay(days domain.Weekdays, k int) domain.Weekdays {
	for bit := domain.Weekdays(1); bit < 1<<7; bit <<= 1 {
		if days&bit != 0 {
			if k == 0 {
				return days &^ bit
			}
			k--
		}
	}
	return days
}

// decide plays the mentor's part in an entry submitted at f.submitted:
// sign it within a few working days, or return it (returned) with a
// comment, to sign it when the trainee resubmits. A stuck trainee has not
// resubmitted; an inactive mentor has not acted since they stopped; the
// demo mentor has not yet got to the last week (hold).
func (p *plan) decide(r *rand.Rand, s int32, f *weekFate, changed time.Time, returned, stuck, hold bool) {
	c := &p.chain
	sp := &c.slots[s]
	for round := 0; ; round++ {
		decided := workingHours(r, f.submitted.Add(time.Duration(between(r, 2, 80))*time.Hour))
		signer := sp.mentor
		if sp.oldFirm >= 0 && f.index < int(sp.changeWeek) {
			// Signed at the old enterprise, before the move.
			signer = sp.oldMentor
			if !decided.Before(changed) {
				decided = changed.Add(-time.Duration(between(r, 60, 20*60)) * time.Minute)
			}
		} else if sp.oldMentor >= 0 && decided.Before(changed) {
			signer = sp.oldMentor
		}
		if hold || !decided.Before(c.asOf) || p.mentorIdle(signer, decided) {
			return // waits for the mentor
		}
		f.signer, f.decided, f.updated = signer, decided, decided
		if !returned || round > 0 {
			f.status = domain.EntrySigned
			return
		}
		f.status = domain.EntryReturned
		if stuck {
			return
		}
		again := at(domain.DateInKazakhstan(decided).AddDate(0, 0, between(r, 1, 3)), between(r, 17, 22), r.IntN(60))
		if !again.Before(c.asOf) {
			return
		}
		f.status, f.submitted, f.updated, f.signer, f.decided = domain.EntrySubmitted, again, again, -1, time.Time{}
	}
}

// mentorIdle reports whether mentor mi no longer acts at t.
func (p *plan) mentorIdle(mi int32, t time.Time) bool {
	from := p.chain.mentorInfo[mi].inactiveFrom
	return from >= 0 && !t.Before(p.chain.weeks[from])
}

// correct makes a version 2 of a signed week: opened some days after the
// signature (a day forgotten, a task to add), then submitted and signed,
// or still waiting, or still a draft.
func (p *plan) correct(r *rand.Rand, s int32, v1 weekFate, pattern domain.Weekdays, perDay int, changed time.Time) (weekFate, bool) {
	c := &p.chain
	v2 := v1
	v2.version, v2.current, v2.signer, v2.reviewed = 2, true, -1, time.Time{}
	v2.created = at(domain.DateInKazakhstan(v1.decided).AddDate(0, 0, between(r, 2, 9)), between(r, 10, 18), r.IntN(60))
	if !v2.created.Before(c.asOf) {
		return v2, false
	}
	if full := p.workDays(pattern, v1.index); full != v1.days {
		v2.days = full
		v2.hours = full.Count() * perDay
	}
	v2.status, v2.updated, v2.submitted, v2.decided = domain.EntryDraft, v2.created, time.Time{}, time.Time{}
	if chance(r, 0.15) {
		return v2, true
	}
	submitted := v2.created.Add(time.Duration(between(r, 10, 600)) * time.Minute)
	if !submitted.Before(c.asOf) {
		return v2, true
	}
	v2.status, v2.submitted, v2.updated = domain.EntrySubmitted, submitted, submitted
	p.decide(r, s, &v2, changed, false, false, false)
	return v2, true
}

// workingHours moves t into the mentor's working hours: 9 to 18 on a
// working day.
func workingHours(r *rand.Rand, t time.Time) time.Time {
	local := t.In(kazakhstan)
	day := domain.Date(local)
	switch {
	case local.Hour() >= 18:
		day = day.AddDate(0, 0, 1)
	case local.Hour() < 9:
	default:
		return t
	}
	for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
		day = day.AddDate(0, 0, 1)
	}
	return at(day, between(r, 9, 17), r.IntN(60))
}

// workDays are the days of pattern in week i that fall inside the
// agreements' period and are not public holidays.
func (p *plan) workDays(pattern domain.Weekdays, i int) domain.Weekdays {
	return pattern & p.chain.open[i]
}

// openDays are the days of the week of monday inside the period [start,
// end] that are not public holidays.
func openDays(monday, start, end time.Time) domain.Weekdays {
	var days domain.Weekdays
	for k := range 7 {
		d := monday.AddDate(0, 0, k)
		if !d.Before(start) && !d.After(end) && !holiday(d) {
			days = days.With(d.Weekday())
		}
	}
	return days
}

// holidays are Kazakhstan's public holidays with a fixed date (month, day);
// one that falls on a weekend moves to the next working day. Orthodox
// Christmas (7 January) is a day off that does not move; Kurban Ait, whose
// date follows the lunar calendar, is left out.
var holidays = [][2]int{{1, 1}, {1, 2}, {3, 8}, {3, 21}, {3, 22}, {3, 23}, {5, 1}, {5, 7}, {5, 9}, {7, 6}, {8, 30}, {10, 25}, {12, 16}}

// holiday reports whether d is a day off for a public holiday.
func holiday(d time.Time) bool {
	if d.Month() == time.January && d.Day() == 7 {
		return true
	}
	if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		return false
	}
	// Count the holidays that fell on the weekend before d and on working
	// days from that weekend to d: each one that fell on the weekend takes
	// the next free working day.
	isHoliday := func(t time.Time) bool {
		for _, h := range holidays {
			if int(t.Month()) == h[0] && t.Day() == h[1] {
				return true
			}
		}
		return false
	}
	if isHoliday(d) {
		return true
	}
	moved := 0
	start := d
	for start.Weekday() != time.Saturday {
		start = start.AddDate(0, 0, -1)
	}
	for t := start; t.Before(d); t = t.AddDate(0, 0, 1) {
		switch weekend := t.Weekday() == time.Saturday || t.Weekday() == time.Sunday; {
		case weekend && isHoliday(t):
			moved++
		case !weekend && !isHoliday(t) && moved > 0:
			moved-- // this working day took one already
		}
	}
	return moved > 0
}

// reviewRate is how often the curator of group gi reviews a signed entry:
// some curators read every week, some never.
func (p *plan) reviewRate(gi int32) float64 {
	r := newRand(p.seed, streamReviews+uint64(gi))
	return []float64{0, 0.25, 0.6, 0.9}[choose(r, 2, 3, 3, 2)]
}

// streamEntries generates the logbook entries of every trainee, in slot
// order.
func (p *plan) streamEntries(emit func(domain.LogbookEntry) bool) {
	c := &p.chain
	var fates []weekFate
	for s := range c.slots {
		sp := &c.slots[s]
		if sp.placement < 0 {
			continue
		}
		fates = p.fates(int32(s), fates[:0])
		r := newRand(p.seed, streamEntryText+uint64(s))
		gi := c.slotGroup[s]
		lang := p.groups[gi].Language
		pi := p.groupInfo[gi].programme
		field := p.specs[p.progInfo[pi].spec].field
		comps := c.competences[pi]
		curator := c.curators[p.groups[gi].CuratorID]
		student := p.studentID(int32(s))
		var previous domain.LogbookEntry
		for k, f := range fates {
			e := domain.LogbookEntry{
				ID: sp.firstEntry + int64(k), StudentID: student, AgreementID: f.agreement, WeekStart: f.week,
				Version: f.version, Current: f.current, Days: f.days, Hours: f.hours, Status: f.status,
				SubmittedAt: f.submitted, CreatedAt: f.created, UpdatedAt: f.updated,
			}
			if f.version > 1 {
				// A correction starts from the signed text and adds to it.
				e.Tasks, e.Competences = previous.Tasks, previous.Competences
				e.Tasks += ", " + tasks(r, field, lang)
			} else {
				e.Tasks = tasks(r, field, lang)
				e.Competences = practised(r, comps, f.index, len(c.weeks))
			}
			if f.signer >= 0 {
				e.SignedBy = c.mentors[f.signer].Name
			}
			switch f.status {
			case domain.EntrySigned:
				e.SignedAt = f.decided
			case domain.EntryReturned:
				e.Comment = pickText(r, returnComments, lang)
			}
			if !f.reviewed.IsZero() && curator != "" {
				e.ReviewedAt, e.ReviewedBy = f.reviewed, curator
				if chance(r, 0.3) {
					e.ReviewComment = pickText(r, reviewComments, lang)
				}
			}
			previous = e
			if !emit(e) {
				return
			}
		}
	}
}

// practised are one to three competences of the programme's list practised
// in week i of n: the list is worked through over the year, safety at
// work (the first) more often at the start.
func practised(r *rand.Rand, comps [2]int64, i, n int) []int64 {
	first, count := comps[0], int(comps[1])
	if count == 0 {
		return nil
	}
	k := between(r, 1, 3)
	out := make([]int64, 0, k)
	at := min(count-1, 1+i*(count-1)/max(1, n))
	if i < 2 || chance(r, 0.15) {
		out = append(out, first)
	}
	for j := 0; len(out) < k && j < count; j++ {
		id := first + int64((at+j)%count)
		if len(out) == 0 || out[0] != id {
			out = append(out, id)
		}
	}
	return out
}

// assessmentsOf are the mentor's competence assessments of slot s, given
// its entry versions, appended to out: four trainees in ten with six signed
// weeks or more were assessed on two to four competences, at a moment of
// the last weeks, by the mentor they had then.
func (p *plan) assessmentsOf(s int32, fates []weekFate, out []domain.CompetenceAssessment) []domain.CompetenceAssessment {
	c := &p.chain
	sp := &c.slots[s]
	r := newRand(p.seed, streamAssess+uint64(s))
	signed := 0
	for _, f := range fates {
		if f.current && f.status == domain.EntrySigned {
			signed++
		}
	}
	comps := c.competences[p.programmeOf(s)]
	if signed < 6 || comps[1] < 2 || !chance(r, shareAssessed) {
		return out
	}
	n := len(c.weeks)
	var changed time.Time
	if sp.changeWeek > 0 {
		changed, _ = p.change(s)
	}
	lang := p.groups[c.slotGroup[s]].Language
	k := between(r, 2, min(4, int(comps[1])))
	start := r.IntN(int(comps[1]))
	for j := range k {
		week := between(r, 5, n-1)
		t := at(c.weeks[week].AddDate(0, 0, r.IntN(5)), between(r, 10, 17), r.IntN(60))
		if !t.Before(c.asOf) {
			t = c.asOf.Add(-time.Duration(between(r, 20, 60)) * time.Hour)
		}
		mentor, agreement := sp.mentor, sp.agreement
		if sp.oldMentor >= 0 && t.Before(changed) {
			mentor = sp.oldMentor
			if sp.oldFirm >= 0 {
				agreement--
			}
		}
		a := domain.CompetenceAssessment{
			StudentID: p.studentID(s), AgreementID: agreement, CompetenceID: comps[0] + int64((start+j*3)%int(comps[1])),
			Level:      min(domain.MaxCompetenceLevel, max(domain.MinCompetenceLevel, 2+week*5/(2*n)+between(r, -1, 1))),
			AssessedBy: c.mentors[mentor].Name, At: t,
		}
		if chance(r, 0.3) {
			a.Comment = pickText(r, assessmentComments, lang)
		}
		out = append(out, a)
	}
	return out
}

// streamAssessments generates the assessments of every trainee, in slot
// order.
func (p *plan) streamAssessments(emit func(domain.CompetenceAssessment) bool) {
	c := &p.chain
	var fates []weekFate
	var rows []domain.CompetenceAssessment
	for s := range c.slots {
		sp := &c.slots[s]
		if sp.assessments == 0 {
			continue
		}
		fates = p.fates(int32(s), fates[:0])
		rows = p.assessmentsOf(int32(s), fates, rows[:0])
		for k, a := range rows {
			a.ID = sp.firstAssess + int64(k)
			if !emit(a) {
				return
			}
		}
	}
}
