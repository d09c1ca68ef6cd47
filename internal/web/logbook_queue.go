package web

import (
	"net/http"
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// queueRow is one entry waiting for the mentor's signature.
type queueRow struct {
	ID                  int64
	URL                 string
	Student, StudentURL string
	WeekLabel           string
	Days                string
	Hours               string
	Tasks               string
	Waiting             string // "submitted 3 days ago"
	SignURL, ReturnURL  string
}

// traineeRow is one of the mentor's trainees with their hours.
type traineeRow struct {
	Name, URL  string
	Enterprise string
	Hours      hoursBar
	Missing    string
	Attention  []attentionBadge
}

type queueData struct {
	Summary  string
	Rows     []queueRow
	Trainees []traineeRow
}

// logbookQueue is the mentor's work: their trainees' entries waiting for a
// signature, oldest first, each signed with one button or returned with a
// comment; and the trainees with their hours against the plan.
func (h *Web) logbookQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "queue")
	waiting, err := h.allEntries(ctx, domain.EntryFilter{Status: domain.EntrySubmitted, CurrentOnly: true})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// The store lists newest weeks first; the queue is worked oldest first.
	slices.SortStableFunc(waiting, func(a, b domain.LogbookEntry) int {
		if c := a.SubmittedAt.Compare(b.SubmittedAt); c != 0 {
			return c
		}
		return a.WeekStart.Compare(b.WeekStart)
	})
	now := h.now()
	d := queueData{Summary: v.Plural("web.logbook.queue.count", len(waiting))}
	for _, e := range waiting {
		d.Rows = append(d.Rows, queueRow{ID: e.ID, URL: entryURL(e.ID), Student: e.Student.Full(), StudentURL: trainingURL(e.StudentID),
			WeekLabel: weekLabel(v, e.WeekStart), Days: strings.Join(dayNames(v, e.Days), ", "),
			Hours: v.T("web.logbook.hours", "n", v.Number(e.Hours)), Tasks: e.Tasks,
			Waiting: waitingFor(v, wholeDaysSince(e.SubmittedAt, now)),
			SignURL: entryURL(e.ID) + "/sign", ReturnURL: entryURL(e.ID) + "/return"})
	}
	trainees, err := h.reg.Agreements(ctx, domain.AgreementFilter{Status: domain.AgreementActive, Page: domain.Page{Size: domain.MaxPageSize}})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	today := h.logbookToday()
	for _, a := range trainees.Items {
		p, err := h.reg.Progress(ctx, a.StudentID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		row := traineeRow{Name: a.Student.Full(), URL: trainingURL(a.StudentID), Enterprise: a.Enterprise.In(v.Lang),
			Hours: hoursOf(v, p), Attention: attentionBadges(v, p, today)}
		if n := len(p.MissingWeeks); n > 0 {
			row.Missing = v.Plural("web.logbook.missing_weeks", n)
		}
		d.Trainees = append(d.Trainees, row)
	}
	byName := collate.New(language.Make(v.Lang))
	slices.SortStableFunc(d.Trainees, func(a, b traineeRow) int { return byName.CompareString(a.Name, b.Name) })
	v.Title = v.T("web.logbook.queue.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "logbook_queue", v)
}

// waitingFor says how long an entry has waited for the signature.
func waitingFor(v *view, days int) string {
	if days == 0 {
		return v.T("web.logbook.queue.today")
	}
	return v.Plural("web.logbook.queue.waiting", days)
}
