package web

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// What the logbook pages share: weeks named as people name them, entry
// states, hours against the plan, and the agreement a student works under.

// weekParam is how a week travels in URLs and forms: its Monday.
const weekParam = time.DateOnly

// weekLabel names the week that starts on monday: "02.03–08.03.2026" in
// Kazakh and Russian, "2–8 March 2026" in English.
func weekLabel(v *view, monday time.Time) string {
	sunday := monday.AddDate(0, 0, 6)
	if v.Lang == "en" {
		switch {
		case monday.Year() != sunday.Year():
			return monday.Format("2 January 2006") + " – " + sunday.Format("2 January 2006")
		case monday.Month() != sunday.Month():
			return monday.Format("2 January") + " – " + sunday.Format("2 January 2006")
		}
		return monday.Format("2") + "–" + sunday.Format("2 January 2006")
	}
	if monday.Year() != sunday.Year() {
		return monday.Format("02.01.2006") + "–" + sunday.Format("02.01.2006")
	}
	return monday.Format("02.01") + "–" + sunday.Format("02.01.2006")
}

// weekLabels names several weeks, for the lists of missing weeks.
func weekLabels(v *view, mondays []time.Time) []string {
	out := make([]string, 0, len(mondays))
	for _, m := range mondays {
		out = append(out, weekLabel(v, m))
	}
	return out
}

// entryState is a week's state as the logbook shows it: an entry's status,
// or "missing" for a past week without one, or "open" for the current week
// not yet written.
type entryState string

const (
	stateMissing entryState = "missing"
	stateOpen    entryState = "open"
)

// entryStateBadge is a state with its label, for a badge whose class (state-…)
// gives it its colour.
type entryStateBadge struct {
	State string
	Label string
}

func entryBadge(v *view, s entryState) entryStateBadge {
	return entryStateBadge{State: string(s), Label: v.T("web.logbook.state." + string(s))}
}

// dayNames lists the days of a set in the page's language, Monday first.
func dayNames(v *view, days domain.Weekdays) []string {
	var out []string
	for _, d := range days.Days() {
		out = append(out, v.T("web.logbook.day_short."+strconv.Itoa(isoWeekday(d))))
	}
	return out
}

// isoWeekday is the ISO number of a day, 1 for Monday to 7 for Sunday.
func isoWeekday(d time.Weekday) int {
	if d == time.Sunday {
		return 7
	}
	return int(d)
}

// hoursBar is signed enterprise hours against the plan, for the progress
// bars of the logbook, the training page, the attention list and home.
type hoursBar struct {
	Signed, Planned, Total int
	Percent                int // of the plan to date, rounded down, at most 100 for the bar
	Text                   string
}

func hoursOf(v *view, p domain.Progress) hoursBar {
	h := hoursBar{Signed: p.SignedHours, Planned: p.PlannedToDate, Total: p.PlannedTotal}
	if h.Planned > 0 {
		h.Percent = min(100, h.Signed*100/h.Planned)
	} else if h.Signed > 0 {
		h.Percent = 100
	}
	h.Text = v.T("web.logbook.hours_of_plan", "signed", v.Number(h.Signed), "planned", v.Number(h.Planned))
	return h
}

// attentionBadge is one reason a student needs attention, worded with its
// number: behind the plan by 23%, 3 missing weeks, unsigned for 16 days.
type attentionBadge struct {
	Reason string
	Label  string
}

func attentionBadges(v *view, p domain.Progress, today time.Time) []attentionBadge {
	var out []attentionBadge
	for _, a := range p.Attention {
		b := attentionBadge{Reason: string(a)}
		switch a {
		case domain.AttentionBehindPlan:
			b.Label = v.T("web.attention.reason.behind_plan", "n", v.Number(int(p.BehindBy()*100)))
		case domain.AttentionMissingWeeks:
			b.Label = v.Plural("web.attention.reason.missing_weeks", len(p.MissingWeeks))
		case domain.AttentionUnsigned:
			b.Label = v.Plural("web.attention.reason.unsigned", wholeDaysSince(p.OldestUnsigned, today))
		case domain.AttentionMentorInactive:
			b.Label = v.T("web.attention.reason.mentor_inactive")
		default:
			b.Label = string(a)
		}
		out = append(out, b)
	}
	return out
}

// wholeDaysSince counts whole days from t to now.
func wholeDaysSince(t, now time.Time) int {
	if t.IsZero() || now.Before(t) {
		return 0
	}
	return int(now.Sub(t) / (24 * time.Hour))
}

// logbookToday is the day the logbook's weeks are counted from. The store
// decides which weeks are past, current or ahead by the UTC date; the pages
// agree with it, so a week they offer to write is never refused as ahead.
func (h *Web) logbookToday() time.Time { return domain.DateInKazakhstan(h.now()) }

// logbookAgreement is what the logbook pages say about the agreement: with
// whom, from when to when, its state, and its page.
type logbookAgreement struct {
	ID                 int64
	URL                string
	Status             string
	StatusLabel        string
	Enterprise, Mentor string
	Period             string
	Weekly             string // "Mon, Tue, Wed · 24 h a week"
}

func logbookAgreementOf(v *view, a domain.Agreement) *logbookAgreement {
	b := &logbookAgreement{ID: a.ID, URL: "/agreements/" + strconv.FormatInt(a.ID, 10), Status: string(a.Status),
		StatusLabel: v.T("web.logbook.agreement." + string(a.Status)), Enterprise: a.Enterprise.In(v.Lang), Mentor: a.Mentor,
		Period: v.Date(a.StartsOn) + " – " + v.Date(a.EndsOn)}
	b.Weekly = v.T("web.logbook.weekly", "days", strings.Join(dayNames(v, a.Weekdays), ", "), "hours", v.Number(a.HoursPerWeek))
	return b
}

// studentAgreement is the agreement a student's logbook runs under: the
// live one, or else the one that ended last; ok is false when the student
// never had one.
func (h *Web) studentAgreement(ctx context.Context, studentID int64) (domain.Agreement, bool, error) {
	list, err := h.reg.Agreements(ctx, domain.AgreementFilter{StudentID: studentID, Page: domain.Page{Size: domain.MaxPageSize}})
	if err != nil || len(list.Items) == 0 {
		return domain.Agreement{}, false, err
	}
	best := list.Items[0]
	for _, a := range list.Items[1:] {
		switch {
		case a.Status.Live() && !best.Status.Live():
			best = a
		case a.Status.Live() == best.Status.Live() && a.StartsOn.After(best.StartsOn):
			best = a
		}
	}
	return best, true, nil
}

// maxEntryPages bounds how far the logbook pages read a student's entries:
// 200 a page, so ten pages are forty years of weeks with corrections.
const maxEntryPages = 10

// allEntries reads every entry matching f, page by page.
func (h *Web) allEntries(ctx context.Context, f domain.EntryFilter) ([]domain.LogbookEntry, error) {
	var out []domain.LogbookEntry
	for n := 1; n <= maxEntryPages; n++ {
		f.Page = domain.Page{Number: n, Size: domain.MaxPageSize}
		list, err := h.reg.Entries(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, list.Items...)
		if len(list.Items) < domain.MaxPageSize || len(out) >= list.Total {
			break
		}
	}
	return out, nil
}

// entryOfWeek finds the current entry of a week among a student's entries.
func entryOfWeek(entries []domain.LogbookEntry, monday time.Time) (domain.LogbookEntry, bool) {
	i := slices.IndexFunc(entries, func(e domain.LogbookEntry) bool { return e.Current && e.WeekStart.Equal(monday) })
	if i < 0 {
		return domain.LogbookEntry{}, false
	}
	return entries[i], true
}

// entryURL is the page of an entry; editURL its form.
func entryURL(id int64) string { return "/logbook/" + strconv.FormatInt(id, 10) }

func editURL(id int64) string { return entryURL(id) + "/edit" }

// newEntryURL is the form of a week not written yet.
func newEntryURL(monday time.Time) string { return "/logbook/new?week=" + monday.Format(weekParam) }

// trainingURL is a student's progress page.
func trainingURL(studentID int64) string {
	return "/students/" + strconv.FormatInt(studentID, 10) + "/training"
}
