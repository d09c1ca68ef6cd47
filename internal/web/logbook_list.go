package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// weekRow is one week of the student's logbook.
type weekRow struct {
	Label   string
	Badge   entryStateBadge
	Hours   string // of the entry, if written
	Comment string // the mentor's reason for returning it
	URL     string // the entry, or the form of a week to write
	Write   bool   // URL opens the form of a week not written yet
}

// thisWeek is the big button at the top of the logbook: what to do about
// the current week.
type thisWeek struct {
	Label string
	URL   string // empty when there is nothing to do
	Text  string // the button, or the state when there is nothing to do
}

type logbookListData struct {
	Agreement   *logbookAgreement
	Hours       *hoursBar
	TotalText   string
	Missing     int
	This        *thisWeek
	Weeks       []weekRow
	Waiting     bool // the agreement awaits signatures: no entries yet
	TrainingURL string
}

// logbookList is the student's own logbook: the agreement's weeks from its
// start to the current one, newest first, each with its state; the signed
// hours against the plan to date; and the button for this week's entry.
func (h *Web) logbookList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "logbook")
	studentID := domain.ActorFrom(ctx).User.StudentID
	d := logbookListData{TrainingURL: trainingURL(studentID)}
	a, ok, err := h.studentAgreement(ctx, studentID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	entries, err := h.allEntries(ctx, domain.EntryFilter{StudentID: studentID, CurrentOnly: true})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	today := h.logbookToday()
	var weeks []time.Time
	if ok {
		d.Agreement = logbookAgreementOf(v, a)
		d.Waiting = a.Status == domain.AgreementDraft || a.Status == domain.AgreementAwaiting
		if !d.Waiting {
			p, err := h.reg.Progress(ctx, studentID)
			if err != nil {
				h.fail(w, r, err)
				return
			}
			hv := hoursOf(v, p)
			d.Hours = &hv
			d.TotalText = v.T("web.logbook.plan_total", "n", v.Number(p.PlannedTotal))
			d.Missing = len(p.MissingWeeks)
			weeks = domain.Weeks(a.StartsOn, logbookUntil(a, today))
			d.This = thisWeekOf(v, a, entries, today)
		}
	}
	// Weeks of earlier agreements (before a change of enterprise) keep
	// their entries: they are shown too.
	for _, e := range entries {
		if !slices.ContainsFunc(weeks, e.WeekStart.Equal) {
			weeks = append(weeks, e.WeekStart)
		}
	}
	slices.SortFunc(weeks, func(a, b time.Time) int { return b.Compare(a) })
	for _, monday := range weeks {
		d.Weeks = append(d.Weeks, weekRowOf(v, entries, monday, today))
	}
	v.Title = v.T("web.logbook.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "logbook_list", v)
}

// logbookUntil is the last day of an agreement's logbook so far: today, or the
// day it ended or ends.
func logbookUntil(a domain.Agreement, today time.Time) time.Time {
	end := a.EndsOn
	if !a.EndedOn.IsZero() && a.EndedOn.Before(end) {
		end = a.EndedOn
	}
	if today.Before(end) {
		return today
	}
	return end
}

// thisWeekOf says what the student can do about the current week: write
// it, carry on with a draft or a returned entry, or wait for the mentor.
// Nil outside an active agreement's period.
func thisWeekOf(v *view, a domain.Agreement, entries []domain.LogbookEntry, today time.Time) *thisWeek {
	monday := domain.WeekStart(today)
	if a.Status != domain.AgreementActive || today.Before(a.StartsOn) || today.After(a.EndsOn) {
		return nil
	}
	t := &thisWeek{Label: weekLabel(v, monday)}
	e, ok := entryOfWeek(entries, monday)
	switch {
	case !ok:
		t.URL, t.Text = newEntryURL(monday), v.T("web.logbook.write_this_week")
	case e.Editable():
		t.URL, t.Text = editURL(e.ID), v.T("web.logbook.continue_this_week")
	case e.Status == domain.EntrySubmitted:
		t.Text = v.T("web.logbook.this_week_waiting")
	default:
		t.Text = v.T("web.logbook.this_week_signed")
	}
	return t
}

func weekRowOf(v *view, entries []domain.LogbookEntry, monday, today time.Time) weekRow {
	row := weekRow{Label: weekLabel(v, monday)}
	e, ok := entryOfWeek(entries, monday)
	switch {
	case ok:
		row.Badge = entryBadge(v, entryState(e.Status))
		row.Hours = v.T("web.logbook.hours", "n", v.Number(e.Hours))
		row.URL = entryURL(e.ID)
		if e.Status == domain.EntryReturned {
			row.Comment = e.Comment
		}
	case monday.AddDate(0, 0, 7).After(today):
		row.Badge, row.URL, row.Write = entryBadge(v, stateOpen), newEntryURL(monday), true
	default:
		row.Badge, row.URL, row.Write = entryBadge(v, stateMissing), newEntryURL(monday), true
	}
	return row
}
