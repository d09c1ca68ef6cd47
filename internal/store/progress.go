package store

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var _ domain.ProgressService = (*Store)(nil)

// span is a stretch of training under one agreement: its first day, the
// last day it ran or will run, and the enterprise hours it plans a week.
type span struct {
	start, end time.Time
	hours      int
}

// spanOf is the part of an agreement that counts in the plan: up to the day
// it ended if it ended early.
func spanOf(startsOn, endsOn, endedOn time.Time, hours int) span {
	end := endsOn
	if !endedOn.IsZero() && endedOn.Before(end) {
		end = endedOn
	}
	return span{start: startsOn, end: end, hours: hours}
}

// plannedWeek is a week of the plan, by its Monday, and its hours.
type plannedWeek struct {
	monday time.Time
	hours  int
}

// eachPlannedWeek calls fn for each week the spans cover, in order; a
// later span's hours win for a week two agreements share (a change of
// enterprise mid-week). The usual single span is walked without building a
// list: a college's list walks some forty weeks for each of thousands of
// students.
func eachPlannedWeek(spans []span, fn func(monday time.Time, hours int)) {
	const week = 7 * 24 * time.Hour
	if len(spans) == 1 {
		last := domain.WeekStart(spans[0].end)
		for w := domain.WeekStart(spans[0].start); !w.After(last); w = w.Add(week) {
			fn(w, spans[0].hours)
		}
		return
	}
	var weeks []plannedWeek
	for _, sp := range spans {
		last := domain.WeekStart(sp.end)
		for w := domain.WeekStart(sp.start); !w.After(last); w = w.Add(week) {
			weeks = append(weeks, plannedWeek{w, sp.hours})
		}
	}
	slices.SortStableFunc(weeks, func(a, b plannedWeek) int { return a.monday.Compare(b.monday) })
	for i, w := range weeks {
		// Of equal Mondays, the last is the later agreement's.
		if i+1 == len(weeks) || !weeks[i+1].monday.Equal(w.monday) {
			fn(w.monday, w.hours)
		}
	}
}

// fillPlan computes the plan figures of p: a week is past when its Sunday
// is before today, that is when its Monday is before this week's.
func fillPlan(p *domain.Progress, spans []span, thisMonday time.Time) {
	p.PlannedTotal, p.PlannedToDate, p.WeeksPast = 0, 0, 0
	eachPlannedWeek(spans, func(monday time.Time, hours int) {
		p.PlannedTotal += hours
		if monday.Before(thisMonday) {
			p.WeeksPast++
			p.PlannedToDate += hours
		}
	})
}

// missingWeeks are the past weeks of the plan without a current submitted
// or signed entry (covered).
func missingWeeks(spans []span, covered map[time.Time]bool, thisMonday time.Time) []time.Time {
	missing := []time.Time{}
	eachPlannedWeek(spans, func(monday time.Time, _ int) {
		if monday.Before(thisMonday) && !covered[monday] {
			missing = append(missing, monday)
		}
	})
	return missing
}

// entryFigures aggregate a student's logbook: hours and weeks of the
// counted (newest signed) versions, the past weeks (before $3, this
// Monday) with a current submitted or signed entry, and the oldest
// submission still waiting. $2 is true.
const entryFigures = `COALESCE(sum(CASE WHEN le.counted = $2 THEN le.hours ELSE 0 END), 0) AS signed_hours,
	COALESCE(sum(CASE WHEN le.counted = $2 THEN 1 ELSE 0 END), 0) AS weeks_signed,
	COALESCE(sum(CASE WHEN le.is_current = $2 AND le.status IN ('submitted', 'signed') AND le.week_start < $3 THEN 1 ELSE 0 END), 0)
		AS covered_past,
	min(CASE WHEN le.status = 'submitted' THEN le.submitted_at END) AS oldest`

// coveredWeeks reads the weeks with a current submitted or signed entry of
// the students.
func (s *Store) coveredWeeks(ctx context.Context, students []int64) (map[int64]map[time.Time]bool, error) {
	covered := make(map[int64]map[time.Time]bool, len(students))
	if len(students) == 0 {
		return covered, nil
	}
	list, args := inList([]any{true}, students)
	rows, err := s.read.QueryContext(ctx, `SELECT student_id, week_start FROM logbook_entries
		WHERE student_id IN `+list+` AND is_current = $1 AND status IN ('submitted', 'signed')`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var week time.Time
		if err := rows.Scan(&id, timeScanner{&week}); err != nil {
			return nil, err
		}
		if covered[id] == nil {
			covered[id] = make(map[time.Time]bool)
		}
		covered[id][week] = true
	}
	return covered, rows.Err()
}

// assess fills p.Attention. Assess counts the missing weeks only, so a
// list can judge every student by the count and read the dates of the
// weeks for the students it shows.
func assess(p *domain.Progress, missing int, settings domain.DualSettings, now time.Time) {
	dates := p.MissingWeeks
	if len(dates) != missing {
		p.MissingWeeks = make([]time.Time, missing)
	}
	p.Attention = []domain.Attention{}
	p.Assess(settings, now)
	p.MissingWeeks = dates
}

// Progress returns a student's hours and logbook against the plan of their
// live or last agreement, together with the agreements before it that ran
// (a change of enterprise), as of today.
func (s *Store) Progress(ctx context.Context, studentID int64) (domain.Progress, error) {
	p := domain.Progress{StudentID: studentID, MissingWeeks: []time.Time{}, Attention: []domain.Attention{}}
	err := s.read.QueryRowContext(ctx, `SELECT s.last_name, s.first_name, s.middle_name, g.code FROM students s
		JOIN study_groups g ON g.id = s.group_id WHERE s.id = $1`, studentID).
		Scan(&p.Student.Last, &p.Student.First, &p.Student.Middle, &p.GroupCode)
	if err != nil {
		return p, notFound(err, "student")
	}
	rows, err := s.read.QueryContext(ctx, `SELECT a.id, a.status, a.starts_on, a.ends_on, a.ended_on, a.active_on, a.hours_per_week,
		COALESCE(a.mentor_id, 0), e.name_kk, e.name_ru, e.name_en, COALESCE(m.name, '')
		FROM agreements a JOIN enterprises e ON e.id = a.enterprise_id LEFT JOIN mentors m ON m.id = a.mentor_id
		WHERE a.student_id = $1 ORDER BY a.id`, studentID)
	if err != nil {
		return p, err
	}
	type row struct {
		id                                int64
		status                            domain.AgreementStatus
		startsOn, endsOn, endedOn, active time.Time
		hours                             int
		mentorID                          int64
		enterprise                        domain.Names
		mentor                            string
	}
	all, err := collect(rows, func(r interface{ Scan(...any) error }) (row, error) {
		var a row
		err := r.Scan(&a.id, &a.status, timeScanner{&a.startsOn}, timeScanner{&a.endsOn}, timeScanner{&a.endedOn},
			timeScanner{&a.active}, &a.hours, &a.mentorID, &a.enterprise.KK, &a.enterprise.RU, &a.enterprise.EN, &a.mentor)
		return a, err
	})
	if err != nil || len(all) == 0 {
		return p, err
	}
	current := all[len(all)-1]
	for _, a := range all {
		if a.status.Live() {
			current = a
		}
	}
	var spans []span
	for _, a := range all {
		if a.id == current.id || (!a.active.IsZero() && !a.status.Live() && a.id < current.id) {
			spans = append(spans, spanOf(a.startsOn, a.endsOn, a.endedOn, a.hours))
		}
	}
	p.AgreementID, p.Enterprise, p.Mentor = current.id, current.enterprise, current.mentor

	now := s.Now().UTC()
	thisMonday := domain.WeekStart(domain.DateInKazakhstan(now))
	var coveredPast int
	err = s.read.QueryRowContext(ctx, `SELECT `+entryFigures+` FROM logbook_entries le WHERE le.student_id = $1`,
		studentID, true, dateParam(thisMonday)).Scan(&p.SignedHours, &p.WeeksSigned, &coveredPast, timeScanner{&p.OldestUnsigned})
	if err != nil {
		return p, err
	}
	if current.mentorID != 0 {
		if err := s.read.QueryRowContext(ctx, `SELECT max(decided_at) FROM logbook_entries WHERE mentor_id = $1`, current.mentorID).
			Scan(timeScanner{&p.MentorActedAt}); err != nil {
			return p, err
		}
	}
	fillPlan(&p, spans, thisMonday)
	if p.WeeksPast > coveredPast {
		covered, err := s.coveredWeeks(ctx, []int64{studentID})
		if err != nil {
			return p, err
		}
		p.MissingWeeks = missingWeeks(spans, covered[studentID], thisMonday)
	}
	settings, err := s.DualSettings(ctx)
	if err != nil {
		return p, err
	}
	assess(&p, len(p.MissingWeeks), settings, now)
	return p, nil
}

// NeedsAttention lists the students of a college in active training who
// need attention (all of them with f.All), the most reasons first, then by
// name. The figures of the whole college come from one pass over its
// students' logbook grouped by student; the plan is worked out here, since
// a college has at most a few thousand students in active training, and the
// dates of the missing weeks are read for the page shown.
func (s *Store) NeedsAttention(ctx context.Context, f domain.AttentionFilter) (domain.List[domain.Progress], error) {
	list := domain.List[domain.Progress]{Items: []domain.Progress{}}
	if err := f.Validate(); err != nil {
		return list, err
	}
	list.Page, list.Size = f.Page.Number, f.Page.Size
	settings, err := s.DualSettings(ctx)
	if err != nil {
		return list, err
	}
	now := s.Now().UTC()
	thisMonday := domain.WeekStart(domain.DateInKazakhstan(now))
	query, args := attentionQuery(f, thisMonday)
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return list, err
	}
	type item struct {
		p           domain.Progress
		key         string
		spans       []span
		coveredPast int
	}
	var items []*item
	err = func() error {
		defer rows.Close()
		for rows.Next() {
			it := &item{}
			p := &it.p
			var current span
			if err := rows.Scan(&p.AgreementID, &p.StudentID, timeScanner{&current.start}, timeScanner{&current.end},
				&current.hours, &p.Student.Last, &p.Student.First, &p.Student.Middle, &it.key, &p.GroupCode,
				&p.Enterprise.KK, &p.Enterprise.RU, &p.Enterprise.EN, &p.Mentor,
				&p.SignedHours, &p.WeeksSigned, &it.coveredPast, timeScanner{&p.OldestUnsigned}, timeScanner{&p.MentorActedAt}); err != nil {
				return err
			}
			it.spans = []span{current}
			items = append(items, it)
		}
		return rows.Err()
	}()
	if err != nil {
		return list, err
	}
	earlier, err := s.earlierSpans(ctx, f.CollegeID)
	if err != nil {
		return list, err
	}
	kept := items[:0]
	for _, it := range items {
		if e := earlier[it.p.StudentID]; e != nil {
			it.spans = append(slices.Clip(e), it.spans...)
		}
		fillPlan(&it.p, it.spans, thisMonday)
		assess(&it.p, max(0, it.p.WeeksPast-it.coveredPast), settings, now)
		if f.All || len(it.p.Attention) > 0 {
			kept = append(kept, it)
		}
	}
	slices.SortFunc(kept, func(a, b *item) int {
		return cmp.Or(cmp.Compare(len(b.p.Attention), len(a.p.Attention)), strings.Compare(a.key, b.key),
			cmp.Compare(a.p.StudentID, b.p.StudentID))
	})
	list.Total = len(kept)
	from := min(f.Page.Offset(), len(kept))
	page := kept[from:min(from+f.Page.Size, len(kept))]
	var short []int64
	for _, it := range page {
		if it.p.WeeksPast > it.coveredPast {
			short = append(short, it.p.StudentID)
		}
	}
	covered, err := s.coveredWeeks(ctx, short)
	if err != nil {
		return list, err
	}
	for _, it := range page {
		it.p.MissingWeeks = []time.Time{}
		if it.p.WeeksPast > it.coveredPast {
			it.p.MissingWeeks = missingWeeks(it.spans, covered[it.p.StudentID], thisMonday)
		}
		list.Items = append(list.Items, it.p)
	}
	return list, nil
}

// activeStudents selects the students in active training of college $1.
const activeStudents = `SELECT student_id FROM agreements WHERE college_id = $1 AND status = 'active'`

// attentionQuery selects the figures of the students in active training
// of the filter's college. The mentors' last signature or return is read
// once a mentor, from the end of the index logbook_mentor_acted.
func attentionQuery(f domain.AttentionFilter, thisMonday time.Time) (string, []any) {
	// $1 is the college, $2 true and $3 this Monday; the scope conditions
	// follow.
	w := where{args: []any{f.CollegeID, true, dateParam(thisMonday)}}
	w.add("a.college_id = $1 AND a.status = 'active'")
	if f.GroupID != 0 {
		w.add("s.group_id = ?", f.GroupID)
	}
	if f.CuratorID != 0 {
		w.add("s.group_id IN (SELECT id FROM study_groups WHERE curator_id = ?)", f.CuratorID)
	}
	return `SELECT a.id, a.student_id, a.starts_on, a.ends_on, a.hours_per_week,
			s.last_name, s.first_name, s.middle_name, s.search_key, g.code, e.name_kk, e.name_ru, e.name_en, COALESCE(m.name, ''),
			COALESCE(x.signed_hours, 0), COALESCE(x.weeks_signed, 0), COALESCE(x.covered_past, 0), x.oldest, ma.acted
		FROM agreements a
		JOIN students s ON s.id = a.student_id
		JOIN study_groups g ON g.id = s.group_id
		JOIN enterprises e ON e.id = a.enterprise_id
		LEFT JOIN mentors m ON m.id = a.mentor_id
		LEFT JOIN (
			SELECT le.student_id, ` + entryFigures + `
			FROM logbook_entries le WHERE le.student_id IN (` + activeStudents + `)
			GROUP BY le.student_id
		) x ON x.student_id = a.student_id
		LEFT JOIN (
			SELECT am.mentor_id, (SELECT d.decided_at FROM logbook_entries d WHERE d.mentor_id = am.mentor_id AND d.decided_at IS NOT NULL
				ORDER BY d.decided_at DESC LIMIT 1) AS acted
			FROM (SELECT DISTINCT mentor_id FROM agreements WHERE college_id = $1 AND status = 'active') am
		) ma ON ma.mentor_id = a.mentor_id` + w.sql(), w.args
}

// earlierSpans are the ended agreements that ran before (a change of
// enterprise) of the college's students in active training, in order, by
// student.
func (s *Store) earlierSpans(ctx context.Context, collegeID int64) (map[int64][]span, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT student_id, starts_on, ends_on, ended_on, hours_per_week FROM agreements
		WHERE student_id IN (`+activeStudents+`) AND status IN ('completed', 'terminated') AND active_on IS NOT NULL
		ORDER BY student_id, id`, collegeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	spans := make(map[int64][]span)
	for rows.Next() {
		var id int64
		var startsOn, endsOn, endedOn time.Time
		var hours int
		if err := rows.Scan(&id, timeScanner{&startsOn}, timeScanner{&endsOn}, timeScanner{&endedOn}, &hours); err != nil {
			return nil, err
		}
		spans[id] = append(spans[id], spanOf(startsOn, endsOn, endedOn, hours))
	}
	return spans, rows.Err()
}
