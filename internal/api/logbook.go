package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// entry is a student's logbook entry for one week at the enterprise. A
// signed entry is locked; a correction is a new version of the week, and
// current marks the newest.
type entry struct {
	ID            int64      `json:"id"`
	StudentID     int64      `json:"student_id"`
	StudentName   personName `json:"student_name"`
	AgreementID   int64      `json:"agreement_id"`
	WeekStart     string     `json:"week_start"`
	Version       int        `json:"version"`
	Current       bool       `json:"current"`
	Days          string     `json:"days"`
	Hours         int        `json:"hours"`
	Tasks         string     `json:"tasks"`
	Competences   []int64    `json:"competences"`
	Status        string     `json:"status"`
	Comment       *string    `json:"comment"` // the mentor's reason for returning it
	SubmittedAt   *time.Time `json:"submitted_at"`
	SignedAt      *time.Time `json:"signed_at"`
	SignedBy      *string    `json:"signed_by"`
	ReviewedAt    *time.Time `json:"reviewed_at"`
	ReviewedBy    *string    `json:"reviewed_by"`
	ReviewComment *string    `json:"review_comment"`
	Photos        []photo    `json:"photos"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

func entryOf(e domain.LogbookEntry) entry {
	out := entry{ID: e.ID, StudentID: e.StudentID, StudentName: personNameOf(e.Student), AgreementID: e.AgreementID,
		WeekStart: dateOf(e.WeekStart), Version: e.Version, Current: e.Current, Days: e.Days.String(), Hours: e.Hours,
		Tasks: e.Tasks, Competences: make([]int64, 0, len(e.Competences)), Status: string(e.Status),
		Comment: optionalString(e.Comment), SubmittedAt: optionalTime(e.SubmittedAt),
		SignedAt: optionalTime(e.SignedAt), SignedBy: optionalString(e.SignedBy),
		ReviewedAt: optionalTime(e.ReviewedAt), ReviewedBy: optionalString(e.ReviewedBy), ReviewComment: optionalString(e.ReviewComment),
		Photos: make([]photo, 0, len(e.Photos)), CreatedAt: e.CreatedAt.UTC(), UpdatedAt: e.UpdatedAt.UTC()}
	out.Competences = append(out.Competences, e.Competences...)
	for _, p := range e.Photos {
		out.Photos = append(out.Photos, photoOf(p))
	}
	return out
}

// entryText is what the student writes of a week; the week itself is
// chosen once, when the entry is made.
type entryText struct {
	Days        string  `json:"days"`
	Hours       int     `json:"hours"`
	Tasks       string  `json:"tasks"`
	Competences []int64 `json:"competences"`
}

var entryTextRequired = []string{"days", "hours", "tasks"}

func (in entryText) to(e *domain.LogbookEntry) error {
	days, err := domain.ParseWeekdays("days", in.Days)
	if err != nil {
		return err
	}
	e.Days, e.Hours, e.Tasks, e.Competences = days, in.Hours, in.Tasks, in.Competences
	return nil
}

// entryInput is a new entry: its week, by the Monday, and the text.
type entryInput struct {
	WeekStart string `json:"week_start"`
	entryText
}

// listEntries answers GET /api/v1/logbook: a page of the entries the
// caller may see, newest week first. queue=true lists the entries waiting
// for a signature — for a mentor, their trainees' queue.
func (a *API) listEntries(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.EntryFilter{
		StudentID:   q.id("student_id"),
		AgreementID: q.id("agreement_id"),
		Status:      domain.EntryStatus(q.word("status")),
		Page:        q.page(),
	}
	current, queue := q.boolean("current"), q.boolean("queue")
	if err := q.err(); err != nil {
		return err
	}
	f.CurrentOnly = current != nil && *current
	if queue != nil && *queue {
		if f.Status != "" && f.Status != domain.EntrySubmitted {
			return domain.Invalid("status", "error.api.queue_status", "the queue holds submitted entries only")
		}
		f.Status, f.CurrentOnly = domain.EntrySubmitted, true
	}
	list, err := a.reg.Entries(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, entryOf)
	return nil
}

// getEntry answers GET /api/v1/logbook/{id}.
func (a *API) getEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "entry")
	if err != nil {
		return err
	}
	return a.writeEntry(w, r, http.StatusOK, id)
}

func (a *API) writeEntry(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	e, err := a.reg.Entry(r.Context(), id)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		writeCreated(w, r, "/logbook/"+strconv.FormatInt(id, 10), entryOf(e))
		return nil
	}
	writeJSON(w, r, status, entryOf(e))
	return nil
}

// createEntry answers POST /api/v1/logbook: the token's student writes
// the entry of a week under their active agreement.
func (a *API) createEntry(w http.ResponseWriter, r *http.Request) error {
	var in entryInput
	if err := readBody(r, &in, append([]string{"week_start"}, entryTextRequired...)...); err != nil {
		return err
	}
	week, err := bodyDate("week_start", in.WeekStart)
	if err != nil {
		return err
	}
	// The student is the caller: the access layer sees to it.
	e := domain.LogbookEntry{WeekStart: week}
	if err := in.to(&e); err != nil {
		return err
	}
	if err := a.reg.SaveEntry(r.Context(), &e); err != nil {
		return err
	}
	return a.writeEntry(w, r, http.StatusCreated, e.ID)
}

// updateEntry answers PUT /api/v1/logbook/{id}: the text of a draft or
// returned entry again.
func (a *API) updateEntry(w http.ResponseWriter, r *http.Request) error {
	return stepWith("entry", a.writeEntry, func(ctx context.Context, id int64, in entryText) error {
		e, err := a.reg.Entry(ctx, id)
		if err != nil {
			return err
		}
		if err := in.to(&e); err != nil {
			return err
		}
		return a.reg.SaveEntry(ctx, &e)
	}, entryTextRequired...)(w, r)
}

// submitEntry answers POST /api/v1/logbook/{id}/submit.
func (a *API) submitEntry(w http.ResponseWriter, r *http.Request) error {
	return step("entry", a.writeEntry, a.reg.SubmitEntry)(w, r)
}

// signEntry answers POST /api/v1/logbook/{id}/sign: the mentor's one-step
// signature, after which the entry is locked.
func (a *API) signEntry(w http.ResponseWriter, r *http.Request) error {
	return step("entry", a.writeEntry, a.reg.SignEntry)(w, r)
}

// commentInput is the body of a step that carries a comment.
type commentInput struct {
	Comment string `json:"comment"`
}

// returnEntry answers POST /api/v1/logbook/{id}/return: the mentor sends
// the entry back with what to correct.
func (a *API) returnEntry(w http.ResponseWriter, r *http.Request) error {
	return stepWith("entry", a.writeEntry, func(ctx context.Context, id int64, in commentInput) error {
		return a.reg.ReturnEntry(ctx, id, in.Comment)
	}, "comment")(w, r)
}

// reviewEntry answers POST /api/v1/logbook/{id}/review: the college
// supervisor's review of a signed entry, with an optional comment.
func (a *API) reviewEntry(w http.ResponseWriter, r *http.Request) error {
	return stepWith("entry", a.writeEntry, func(ctx context.Context, id int64, in commentInput) error {
		return a.reg.ReviewEntry(ctx, id, in.Comment)
	})(w, r)
}

// correctEntry answers POST /api/v1/logbook/{id}/correct: a new draft
// version of a signed week, answered 201 as a new entry. The signed
// version stays and keeps counting until the correction is signed.
func (a *API) correctEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "entry")
	if err != nil {
		return err
	}
	e, err := a.reg.CorrectEntry(r.Context(), id)
	if err != nil {
		return err
	}
	return a.writeEntry(w, r, http.StatusCreated, e.ID)
}
