package demo

import (
	"math/rand/v2"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// streamChange draws the reason of a change of mentor or enterprise.
const streamChange = 12 << 32 // + slot

// Agreements: every trainee's agreement was drafted in mid-August, when
// the enterprise accepted the application (or the college drew it up for a
// programme without an offer), and approved in the last days of August by
// the college, the enterprise, the student and, for a student under 18 on
// 1 September, a parent; it has been active since. A few were edited after
// the first approvals, which cleared them, and approved again. A trainee
// who moved to another enterprise has the first agreement terminated with
// the reason, and a second one from the next day, approved the same day.

// demoUsers are the demo accounts that approve the agreements of their
// college, enterprise and student, and the mentor's, who signs.
type demoUsers struct {
	college, enterprise, student, mentor domain.User
}

// streamAgreements generates the agreements of every trainee in slot
// order, with their approvals.
func (p *plan) streamAgreements(emit func(domain.Agreement) bool) {
	for s := range p.chain.slots {
		if p.chain.slots[s].placement < 0 {
			continue
		}
		for _, a := range p.slotAgreements(int32(s)) {
			if !emit(a) {
				return
			}
		}
	}
}

// slotAgreements are the agreements of slot s, the terminated one first.
func (p *plan) slotAgreements(s int32) []domain.Agreement {
	c := &p.chain
	sp := &c.slots[s]
	r := newRand(p.seed, streamAgreement+uint64(s))
	drafted := p.drafted(r)
	person := c.people[s]
	gi := c.slotGroup[s]
	pi := p.groupInfo[gi].programme
	pl := &c.placements[sp.placement]
	firm := p.trainees[s]
	a := domain.Agreement{
		ID: sp.agreement, StudentID: p.studentID(s), CollegeID: p.programmes[pi].CollegeID,
		EnterpriseID: p.enterprises[firm].ID, MentorID: c.mentors[sp.mentor].ID,
		Position: p.position(pi, p.groups[gi].Language), StartsOn: c.start, EndsOn: c.end,
		Weekdays: pl.weekdays, HoursPerWeek: pl.hours, StipendTenge: pl.stipend, MentorPay: c.mentors[sp.mentor].PayPerTrainee,
		Status: domain.AgreementActive, Version: 1, StudentBirth: person.birth,
	}
	if domain.Minor(person.birth, c.start) {
		a.GuardianName = guardianName(r, person.name)
	}
	a.CreatedAt = drafted
	if sp.oldFirm < 0 {
		a.OfferID = pl.offerID
		p.approve(r, &a, s, chance(r, shareEdited))
		if sp.oldMentor >= 0 {
			a.UpdatedAt, _ = p.change(s) // the mentor changed, the approvals stand
		}
		return []domain.Agreement{a}
	}
	old := a
	old.ID, old.EnterpriseID = sp.agreement-1, p.enterprises[sp.oldFirm].ID
	old.MentorID, old.MentorPay = c.mentors[sp.oldMentor].ID, c.mentors[sp.oldMentor].PayPerTrainee
	p.approve(r, &old, s, false)
	changed, reason := p.change(s)
	old.Status, old.EndedOn, old.EndReason, old.UpdatedAt = domain.AgreementTerminated, domain.DateInKazakhstan(changed), reason, changed
	a.PreviousID, a.StartsOn, a.CreatedAt = old.ID, old.EndedOn.AddDate(0, 0, 1), changed.Add(5*time.Minute)
	p.approve(r, &a, s, false)
	return []domain.Agreement{old, a}
}

// drafted is when the agreement of the year's start was drafted, in
// mid-August: the first draw of the slot's agreement stream, so that the
// accepted application can know it without drawing the rest.
func (p *plan) drafted(r *rand.Rand) time.Time {
	return at(date(p.yearStart, time.August, between(r, 10, 19)), between(r, 10, 17), r.IntN(60))
}

// approve records the approvals of agreement a of slot s and makes it
// active on the day of the last one: in the last days of August for an
// agreement of the year's start, within hours of its drafting for one that
// follows a change of enterprise. An edited agreement was approved by some
// parties, edited, then approved by all.
func (p *plan) approve(r *rand.Rand, a *domain.Agreement, s int32, edited bool) {
	parties := a.RequiredParties()
	when := func() time.Time {
		if !a.StartsOn.Equal(p.chain.start) {
			return a.CreatedAt.Add(time.Duration(between(r, 15, 180)) * time.Minute)
		}
		return at(date(p.yearStart, time.August, between(r, 22, 31)), between(r, 9, 18), r.IntN(60))
	}
	var last, editedAt time.Time
	add := func(party domain.Party, version int, t time.Time) {
		userID, name := p.approver(a, s, party)
		a.Approvals = append(a.Approvals, domain.Approval{Party: party, Version: version, UserID: userID, Name: name, At: t})
		if t.After(last) {
			last = t
		}
	}
	if edited {
		// The first approvals came in the week after drafting; the edit
		// (the hours or the position, as a rule) cleared them.
		for _, party := range parties[:between(r, 1, len(parties)-1)] {
			add(party, 1, a.CreatedAt.Add(time.Duration(between(r, 24, 96))*time.Hour))
		}
		a.Version = 2
		editedAt = last.Add(time.Duration(between(r, 60, 1440)) * time.Minute)
	}
	for _, party := range parties {
		t := when()
		if !editedAt.IsZero() && !t.After(editedAt) {
			t = editedAt.Add(time.Duration(between(r, 30, 2880)) * time.Minute)
		}
		add(party, a.Version, t)
	}
	a.ActiveOn, a.UpdatedAt = domain.DateInKazakhstan(last), last
}

// approver is who approved for party: the demo account where the party is
// the demo college, enterprise or student; otherwise the college's
// coordinator, the enterprise's HR officer or the student, without an
// account. The college records the guardian's approval, given in person.
func (p *plan) approver(a *domain.Agreement, s int32, party domain.Party) (int64, string) {
	c := &p.chain
	u := c.users
	demoCollege := a.CollegeID == p.colleges[p.accounts.college].ID && u.college.ID != 0
	switch party {
	case domain.PartyCollege:
		if demoCollege {
			return u.college.ID, u.college.Name
		}
		return 0, p.coordinator(int(a.CollegeID) - 1)
	case domain.PartyEnterprise:
		if a.EnterpriseID == p.enterprises[p.accounts.enterprise].ID && u.enterprise.ID != 0 {
			return u.enterprise.ID, u.enterprise.Name
		}
		return 0, p.hrOfficer(p.firmIndex(a.EnterpriseID))
	case domain.PartyStudent:
		if s == c.demoSlot && u.student.ID != 0 {
			return u.student.ID, u.student.Name
		}
		return 0, c.people[s].name.Full()
	}
	if demoCollege {
		return u.college.ID, a.GuardianName
	}
	return 0, a.GuardianName
}

// change is when the change of slot s was made (a Friday, in the week
// before it takes effect) and why.
func (p *plan) change(s int32) (time.Time, string) {
	c := &p.chain
	sp := &c.slots[s]
	r := newRand(p.seed, streamChange+uint64(s))
	friday := c.weeks[sp.changeWeek-1].AddDate(0, 0, 4)
	lang := p.groups[c.slotGroup[s]].Language
	if sp.oldFirm >= 0 {
		return at(friday, 15, r.IntN(60)), pickText(r, firmChangeReasons, lang)
	}
	return at(friday, 12, r.IntN(60)), pickText(r, mentorChangeReasons, lang)
}

// partyChanges are the changes of mentor and enterprise, in slot order,
// made by the college's coordinator: the demo college's account for its
// students, the system for the others (which have no account).
func (p *plan) partyChanges() []domain.PartyChange {
	c := &p.chain
	var out []domain.PartyChange
	for s := range c.slots {
		sp := &c.slots[s]
		if sp.placement < 0 || sp.oldMentor < 0 {
			continue
		}
		at, reason := p.change(int32(s))
		pc := domain.PartyChange{ID: int64(len(out) + 1), AgreementID: sp.agreement, StudentID: p.studentID(int32(s)),
			Kind: domain.ChangeMentor, FromID: c.mentors[sp.oldMentor].ID, ToID: c.mentors[sp.mentor].ID, Reason: reason, At: at,
			By: "system"}
		if sp.oldFirm >= 0 {
			pc.AgreementID, pc.Kind = sp.agreement-1, domain.ChangeEnterprise
			pc.FromID, pc.ToID = p.enterprises[sp.oldFirm].ID, p.enterprises[p.trainees[s]].ID
		}
		if p.progInfo[p.programmeOf(int32(s))].college == p.accounts.college && c.users.college.ID != 0 {
			pc.By = c.users.college.Login
		}
		out = append(out, pc)
	}
	return out
}

// streamAcceptedApplications generates the applications that became the
// agreements, in slot order.
func (p *plan) streamAcceptedApplications(emit func(domain.Application) bool) {
	c := &p.chain
	for s := range c.slots {
		sp := &c.slots[s]
		if sp.application == 0 {
			continue
		}
		drafted := p.drafted(newRand(p.seed, streamAgreement+uint64(s)))
		if !emit(p.acceptedApplication(int32(s), drafted)) {
			return
		}
	}
}

// position is the trainee's position in the agreement: the qualification
// the programme leads to (the specialty when it names none), in the
// group's language.
func (p *plan) position(pi int, lang string) string {
	spec := &p.specs[p.progInfo[pi].spec]
	n := spec.spec.Name
	for _, q := range spec.quals {
		if q.Code == p.programmes[pi].QualificationCode {
			n = q.Name
		}
	}
	s := n.RU
	if lang == domain.InstructionKazakh && n.KK != "" || s == "" {
		s = n.KK
	}
	if s == "" {
		s = n.EN
	}
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200])
	}
	return s
}

// guardianName is the parent who approves a minor's agreement: the father
// now and then when the student's patronymic names him (Серікұлы: Серік),
// the mother otherwise.
func guardianName(r *rand.Rand, student domain.PersonName) string {
	l := names()
	family := maleSurname(student.Last)
	if strings.HasSuffix(family, "ұлы") {
		family = pick(r, l.kkSurnames) // a grandfather's name: the parents have their own
	}
	if father, ok := strings.CutSuffix(student.Middle, "ұлы"); ok && chance(r, 0.4) {
		return domain.PersonName{Last: family, First: father, Middle: pick(r, l.kkPatronymicKazakh)[0]}.Full()
	}
	if father, ok := strings.CutSuffix(student.Middle, "қызы"); ok && chance(r, 0.4) {
		return domain.PersonName{Last: family, First: father, Middle: pick(r, l.kkPatronymicKazakh)[0]}.Full()
	}
	mother := domain.PersonName{Last: femaleSurname(family)}
	if isRussianName(student.First) {
		mother.First, mother.Middle = pick(r, l.ruFemale), pick(r, l.ruPatronymics)[1]
	} else {
		mother.First = pick(r, l.kkFemale)
		if strings.HasSuffix(student.Middle, "ұлы") || strings.HasSuffix(student.Middle, "қызы") {
			mother.Middle = pick(r, l.kkPatronymicKazakh)[1]
		} else {
			mother.Middle = pick(r, l.kkPatronymicRussian)[1]
		}
	}
	return mother.Full()
}

// maleSurname is the male form of a surname: Ахметова → Ахметов,
// Островская → Островский, Серікқызы → Серікұлы.
func maleSurname(s string) string {
	switch {
	case strings.HasSuffix(s, "қызы"):
		return strings.TrimSuffix(s, "қызы") + "ұлы"
	case strings.HasSuffix(s, "ская"), strings.HasSuffix(s, "цкая"):
		return strings.TrimSuffix(s, "ая") + "ий"
	case strings.HasSuffix(s, "ова"), strings.HasSuffix(s, "ева"), strings.HasSuffix(s, "ёва"),
		strings.HasSuffix(s, "ина"), strings.HasSuffix(s, "ына"):
		return strings.TrimSuffix(s, "а")
	}
	return s
}

// isRussianName reports whether a first name is on the Russian lists.
func isRussianName(first string) bool {
	return names().russianFirst[first]
}
