package demo

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
)

// TestNationalChain checks the dual-training chain the national plan
// promises, without a database: an agreement for every placed dual student
// at 18,000+ enterprises, mentors within the policy's limit, a logbook of
// about 1.3 million entries, offers enough to search.
func TestNationalChain(t *testing.T) {
	p := nationalPlan(t)
	s := p.summary(ScaleNational)
	if s.ActiveAgreements != s.DualStudents || s.ActiveAgreements < 107_000 {
		t.Errorf("%d active agreements for %d dual students, want one each and about 108,000", s.ActiveAgreements, s.DualStudents)
	}
	if terminated := s.Agreements - s.ActiveAgreements; terminated < 100 || terminated > 1000 {
		t.Errorf("%d terminated agreements, want a few hundred", terminated)
	}
	firms := map[int32]bool{}
	for _, e := range p.trainees {
		if e >= 0 {
			firms[e] = true
		}
	}
	if len(firms) < 18_000 {
		t.Errorf("agreements at %d enterprises, want 18,000+", len(firms))
	}
	weeks := len(p.chain.weeks)
	if weeks != 12 {
		t.Errorf("%d logbook weeks from 1 September to the week before 25 November, want 12", weeks)
	}
	if s.Entries < int64(s.DualStudents*weeks*85/100) || s.Entries > int64(s.DualStudents*weeks) {
		t.Errorf("%d logbook entries for %d trainees over %d weeks", s.Entries, s.DualStudents, weeks)
	}
	if s.OpenOffers < 2000 || s.OpenOffers > 10_000 {
		t.Errorf("%d open offers, want a few thousand", s.OpenOffers)
	}
	limit := domain.DefaultDualSettings.MaxTraineesPerMentor
	load := make([]int, len(p.chain.mentors))
	for _, sp := range p.chain.slots {
		if sp.placement >= 0 {
			load[sp.mentor]++
		}
	}
	for mi, n := range load {
		if n > limit || n != int(p.chain.mentorInfo[mi].trainees) {
			t.Fatalf("mentor %d has %d trainees (planned %d), the limit is %d", mi+1, n, p.chain.mentorInfo[mi].trainees, limit)
		}
	}
	if per := float64(s.DualStudents) / float64(s.Mentors); per < 3 || per > 8 {
		t.Errorf("%.1f trainees per mentor, want 3 to 8", per)
	}
	if n := load[p.chain.demoMentor]; n != limit {
		t.Errorf("the demo mentor has %d trainees, want %d", n, limit)
	}
	for _, m := range p.chain.mentors {
		if err := m.Validate(); err != nil || m.PayPerTrainee < 6000 || m.PayPerTrainee > 8000 {
			t.Fatalf("mentor %+v: %v", m, err)
		}
	}
}

// checkChain checks the chain as stored: every table as long as the
// summary says, an active agreement approved by every required party for
// every placed student, mentors within the limit, and a logbook with the
// stories a coordinator must see.
func checkChain(t *testing.T, st *store.Store, db *sql.DB, rec *recorder, sum Summary) {
	t.Helper()
	for _, c := range []struct {
		table string
		want  int64
	}{
		{"mentors", int64(sum.Mentors)}, {"competences", int64(sum.Competences)}, {"offers", int64(sum.Offers)},
		{"applications", int64(sum.Applications)}, {"agreements", int64(sum.Agreements)},
		{"party_changes", int64(sum.PartyChanges)}, {"logbook_entries", sum.Entries},
		{"competence_assessments", sum.Assessments},
	} {
		if n := count(t, db, `SELECT count(*) FROM `+c.table); int64(n) != c.want || n == 0 {
			t.Errorf("%s: %d rows stored, the summary says %d", c.table, n, c.want)
		}
	}
	limit := domain.DefaultDualSettings.MaxTraineesPerMentor
	for _, check := range []struct {
		what  string
		query string
		want  int
	}{
		{"placed students without exactly one active agreement at their enterprise", `SELECT count(*) FROM students s
			WHERE s.enterprise_id IS NOT NULL AND s.status <> 'graduated' AND (SELECT count(*) FROM agreements a WHERE a.student_id = s.id AND a.status = 'active'
				AND a.enterprise_id = s.enterprise_id) <> 1`, 0},
		{"active agreements of students not placed", `SELECT count(*) FROM agreements a JOIN students s ON s.id = a.student_id
			WHERE a.status = 'active' AND s.enterprise_id IS NULL`, 0},
		{"active agreements", `SELECT count(*) FROM agreements WHERE status = 'active'`, sum.ActiveAgreements},
		{"mentors above the limit", `SELECT count(*) FROM (SELECT mentor_id FROM agreements WHERE status IN ('awaiting', 'active')
			GROUP BY mentor_id HAVING count(*) > ` + strconv.Itoa(limit) + `) x`, 0},
		{"active agreements lacking the college's, enterprise's or student's approval of their version", `SELECT count(*)
			FROM agreements a WHERE a.status = 'active' AND (SELECT count(*) FROM agreement_approvals p WHERE p.agreement_id = a.id
				AND p.version = a.version AND p.cleared_at IS NULL AND p.party IN ('college', 'enterprise', 'student')) <> 3`, 0},
		{"approvals of an older version not cleared", `SELECT count(*) FROM agreement_approvals p JOIN agreements a ON a.id = p.agreement_id
			WHERE p.version < a.version AND p.cleared_at IS NULL`, 0},
		{"terminated agreements without a reason or a successor", `SELECT count(*) FROM agreements a WHERE a.status = 'terminated'
			AND (a.end_reason = '' OR NOT EXISTS (SELECT 1 FROM agreements b WHERE b.previous_id = a.id AND b.status = 'active'))`, 0},
		{"accepted applications not of their agreement's offer", `SELECT count(*) FROM applications p JOIN agreements a ON a.id = p.agreement_id
			WHERE p.status = 'accepted' AND (a.offer_id <> p.offer_id OR a.student_id <> p.student_id)`, 0},
		{"offers with more acceptances than places", `SELECT count(*) FROM offers o WHERE o.capacity <
			(SELECT count(*) FROM applications p WHERE p.offer_id = o.id AND p.status = 'accepted')`, 0},
		{"applicants whose programme leads to another qualification", `SELECT count(*) FROM applications p JOIN offers o ON o.id = p.offer_id
			JOIN students s ON s.id = p.student_id JOIN programmes g ON g.id = s.programme_id
			WHERE g.qualification_code IS NULL OR g.qualification_code <> o.qualification_code`, 0},
		{"entries under another student's agreement", `SELECT count(*) FROM logbook_entries e JOIN agreements a ON a.id = e.agreement_id
			WHERE a.student_id <> e.student_id`, 0},
		{"entries of a week that has not ended", `SELECT count(*) FROM logbook_entries WHERE week_start > '2026-11-16'`, 0},
		{"signed or returned entries without the mentor who did it", `SELECT count(*) FROM logbook_entries
			WHERE status IN ('signed', 'returned') AND mentor_id IS NULL`, 0},
		{"weeks with more than one counted version", `SELECT count(*) FROM (SELECT student_id, week_start FROM logbook_entries
			WHERE counted GROUP BY student_id, week_start HAVING count(*) > 1) x`, 0},
		{"entries signed by a mentor of another enterprise", `SELECT count(*) FROM logbook_entries e JOIN agreements a ON a.id = e.agreement_id
			JOIN mentors m ON m.id = e.mentor_id WHERE m.enterprise_id <> a.enterprise_id`, 0},
	} {
		if n := count(t, db, check.query); n != check.want {
			t.Errorf("%s: %d, want %d", check.what, n, check.want)
		}
	}

	// A minor's agreement needs the guardian's approval, and only a minor's.
	minors, guardians := 0, 0
	for _, a := range rec.agreements {
		for _, ap := range a.Approvals {
			if ap.Party == domain.PartyGuardian {
				guardians++
			}
		}
		if a.Status != domain.AgreementActive {
			continue
		}
		if a.GuardianRequired() {
			minors++
		}
		for _, p := range a.RequiredParties() {
			if !a.Approved(p) {
				t.Fatalf("agreement %d is active without the %s's approval", a.ID, p)
			}
		}
		for _, ap := range a.Approvals {
			if ap.Party == domain.PartyGuardian && !a.GuardianRequired() {
				t.Fatalf("agreement %d of an adult has a guardian's approval", a.ID)
			}
			if september := date(2026, time.September, 1); a.StartsOn.Equal(september) &&
				(ap.At.Before(date(2026, time.August, 10)) || !ap.At.Before(september)) {
				t.Errorf("agreement %d approved at %s, not at the end of August", a.ID, ap.At)
			}
		}
	}
	if minors < len(rec.agreements)/10 {
		t.Errorf("only %d of %d agreements are of minors", minors, len(rec.agreements))
	}
	if n := count(t, db, `SELECT count(*) FROM agreement_approvals WHERE party = 'guardian'`); n != guardians || n < minors {
		t.Errorf("%d guardians' approvals stored, %d generated, for %d minors", n, guardians, minors)
	}

	// The logbook's stories: most weeks signed, some returned, some
	// waiting long, a minority of students two weeks or more behind, a few
	// corrections.
	weeks := 12
	signed := count(t, db, `SELECT count(*) FROM logbook_entries WHERE is_current AND status = 'signed'`)
	if share := float64(signed) / float64(sum.DualStudents*weeks); share < 0.85 || share > 0.97 {
		t.Errorf("%.2f of the weeks signed, want most", share)
	}
	for _, check := range []struct {
		what     string
		query    string
		min, max int
	}{
		{"entries returned with the mentor's comment", `SELECT count(*) FROM logbook_entries WHERE status = 'returned' AND comment <> ''`, 5, sum.DualStudents / 5},
		{"entries waiting for the mentor more than 14 days", `SELECT count(*) FROM logbook_entries
			WHERE status = 'submitted' AND submitted_at < '2026-11-11'`, 5, sum.DualStudents / 5},
		{"students two weeks or more behind with the logbook", `SELECT count(*) FROM students s WHERE s.enterprise_id IS NOT NULL
			AND s.status <> 'graduated'
			AND (SELECT count(*) FROM logbook_entries e WHERE e.student_id = s.id AND e.is_current AND e.status IN ('submitted', 'signed'))
			<= ` + strconv.Itoa(weeks-2), sum.DualStudents / 50, sum.DualStudents / 5},
		{"corrected weeks", `SELECT count(*) FROM logbook_entries WHERE version = 2`, 3, sum.DualStudents / 10},
		{"entries reviewed by the curator", `SELECT count(*) FROM logbook_entries WHERE reviewed_at IS NOT NULL AND reviewed_by <> ''`,
			sum.DualStudents, int(sum.Entries)},
		{"changes of mentor", `SELECT count(*) FROM party_changes WHERE kind = 'mentor'`, 1, sum.DualStudents / 20},
		{"changes of enterprise", `SELECT count(*) FROM party_changes WHERE kind = 'enterprise'`, 1, sum.DualStudents / 50},
		{"students assessed by their mentor", `SELECT count(DISTINCT student_id) FROM competence_assessments`, sum.DualStudents / 5, sum.DualStudents * 3 / 5},
	} {
		if n := count(t, db, check.query); n < check.min || n > check.max {
			t.Errorf("%s: %d, want %d to %d", check.what, n, check.min, check.max)
		}
	}
	states := map[domain.OfferStatus]bool{}
	for _, o := range rec.offers {
		states[o.Status] = true
	}
	if len(states) != len(domain.OfferStatuses) {
		t.Errorf("offers in the states %v, want all of %v", states, domain.OfferStatuses)
	}
}

// checkDemoWork checks that the demo accounts' first pages have work: the
// mentor's queue, the college's needs-attention list, the student's
// logbook, the enterprise's offers and applications.
func checkDemoWork(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	user := func(role domain.Role) domain.User {
		u, err := st.UserByLogin(ctx, Login(role))
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	mentor, college, student, enterprise := user(domain.RoleMentor), user(domain.RoleCollege), user(domain.RoleStudent), user(domain.RoleEnterprise)

	m, err := st.MentorByUser(ctx, mentor.ID)
	if err != nil || m.EnterpriseID != mentor.EnterpriseID || m.Name != mentor.Name {
		t.Errorf("the mentor account's record %+v: %v", m, err)
	}
	queue, err := st.Entries(ctx, domain.EntryFilter{MentorUserID: mentor.ID, Status: domain.EntrySubmitted})
	if err != nil || queue.Total == 0 {
		t.Errorf("the demo mentor has %d entries to sign: %v", queue.Total, err)
	}

	attention, err := st.NeedsAttention(ctx, domain.AttentionFilter{CollegeID: college.CollegeID, Page: domain.Page{Size: domain.MaxPageSize}})
	if err != nil || attention.Total < 3 {
		t.Errorf("%d students of the demo college need attention: %v", attention.Total, err)
	}
	reasons := map[domain.Attention]bool{}
	for _, p := range attention.Items {
		for _, a := range p.Attention {
			reasons[a] = true
		}
	}
	for _, a := range []domain.Attention{domain.AttentionBehindPlan, domain.AttentionMissingWeeks} {
		if !reasons[a] {
			t.Errorf("no student of the demo college needs attention for %s: %v", a, reasons)
		}
	}

	agreements, err := st.Agreements(ctx, domain.AgreementFilter{StudentID: student.StudentID, Status: domain.AgreementActive})
	if err != nil || agreements.Total != 1 || agreements.Items[0].EnterpriseID != enterprise.EnterpriseID ||
		agreements.Items[0].MentorID != m.ID {
		t.Fatalf("the demo student's active agreements %+v: %v", agreements, err)
	}
	entries, err := st.Entries(ctx, domain.EntryFilter{StudentID: student.StudentID, CurrentOnly: true, Page: domain.Page{Size: 100}})
	if err != nil || entries.Total != 12 {
		t.Fatalf("the demo student has %d entries, want 12: %v", entries.Total, err)
	}
	thisWeek := domain.WeekStart(DefaultToday)
	var submitted int
	for _, e := range entries.Items {
		if !e.WeekStart.Before(thisWeek) {
			t.Errorf("the demo student already wrote the week of %s", e.WeekStart.Format(time.DateOnly))
		}
		if e.Status == domain.EntrySubmitted {
			submitted++
		}
	}
	if submitted == 0 {
		t.Errorf("the demo student has no entry waiting for the mentor")
	}

	offers, err := st.Offers(ctx, domain.OfferFilter{EnterpriseID: enterprise.EnterpriseID, Page: domain.Page{Size: 100}})
	if err != nil {
		t.Fatal(err)
	}
	states := map[domain.OfferStatus]bool{}
	for _, o := range offers.Items {
		states[o.Status] = true
	}
	for _, s := range domain.OfferStatuses {
		if !states[s] {
			t.Errorf("the demo enterprise has no %s offer: %v", s, states)
		}
	}
	pending, err := st.Applications(ctx, domain.ApplicationFilter{EnterpriseID: enterprise.EnterpriseID, Status: domain.ApplicationPending})
	if err != nil || pending.Total == 0 {
		t.Errorf("the demo enterprise has %d applications waiting: %v", pending.Total, err)
	}
	if slices.ContainsFunc(attention.Items, func(p domain.Progress) bool { return p.StudentID == student.StudentID }) {
		t.Errorf("the demo student, whose logbook is in order, needs attention")
	}
}

// TestHolidays checks the public holidays a trainee does not work, with
// the days off moved from a weekend.
func TestHolidays(t *testing.T) {
	for _, c := range []struct {
		day  time.Time
		want bool
	}{
		{date(2026, time.August, 31), true},    // Constitution Day fell on Sunday 30 August
		{date(2026, time.September, 1), false}, // the first day of the year
		{date(2026, time.October, 26), true},   // Republic Day fell on Sunday 25 October
		{date(2026, time.October, 27), false},
		{date(2026, time.December, 16), true}, // Independence Day, a Wednesday
		{date(2027, time.January, 4), true},   // 2 January fell on Saturday
		{date(2027, time.January, 7), true},   // Orthodox Christmas
		{date(2027, time.March, 22), true},    // Nauryz: 21 March fell on Sunday, 22 and 23 are holidays too,
		{date(2027, time.March, 24), true},    // so the day off for the 21st is Wednesday
		{date(2027, time.March, 25), false},
	} {
		if got := holiday(c.day); got != c.want {
			t.Errorf("%s (%s): holiday %v, want %v", c.day.Format(time.DateOnly), c.day.Weekday(), got, c.want)
		}
	}
}

// TestChainOtherDays generates the small dataset as of the second day of
// the academic year and as of June: nothing happens after today, no week
// is written before it ends, and the counts hold.
func TestChainOtherDays(t *testing.T) {
	ref := refdata.All()
	for _, today := range []time.Time{date(2026, time.September, 2), date(2027, time.June, 21)} {
		t.Run(today.Format(time.DateOnly), func(t *testing.T) {
			rec := newRecorder(nil)
			sum, err := Generate(context.Background(), rec, ref, Options{Scale: ScaleSmall, Seed: 3, Today: today})
			if err != nil {
				t.Fatal(err)
			}
			if int64(len(rec.entries)) != sum.Entries || len(rec.agreements) != sum.Agreements || int64(len(rec.assessments)) != sum.Assessments {
				t.Fatalf("%d entries, %d agreements, %d assessments written; the summary says %+v", len(rec.entries),
					len(rec.agreements), len(rec.assessments), sum)
			}
			if today.Month() == time.September && (sum.Entries != 0 || sum.ActiveAgreements != sum.DualStudents) {
				t.Errorf("on the second day: %+v", sum)
			}
			if today.Month() == time.June && sum.Entries < int64(sum.DualStudents*35) {
				t.Errorf("in June, %d entries for %d trainees", sum.Entries, sum.DualStudents)
			}
			future := func(what string, id int64, ts ...time.Time) {
				for _, x := range ts {
					if !x.Before(today) {
						t.Fatalf("%s %d has a time %s on or after today", what, id, x)
					}
				}
			}
			for _, e := range rec.entries {
				if e.WeekStart.AddDate(0, 0, 7).After(today) {
					t.Fatalf("entry %d is of the week of %s, not over on %s", e.ID, e.WeekStart.Format(time.DateOnly), today.Format(time.DateOnly))
				}
				future("entry", e.ID, e.CreatedAt, e.UpdatedAt, e.SubmittedAt, e.SignedAt, e.ReviewedAt)
			}
			for _, a := range rec.agreements {
				for _, ap := range a.Approvals {
					future("approval of agreement", a.ID, ap.At)
				}
			}
			for _, o := range rec.offers {
				future("offer", o.ID, o.CreatedAt, o.UpdatedAt)
			}
			for _, a := range rec.applications {
				future("application", a.ID, a.CreatedAt, a.DecidedAt)
			}
			for _, a := range rec.assessments {
				future("assessment", a.ID, a.At)
			}
		})
	}
}
