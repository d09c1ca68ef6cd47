package api

import (
	"math"
	"net/http"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// progress is a student's signed enterprise hours and logbook against the
// plan of their live (or last) agreement, as of today, with the reasons a
// coordinator should look at them.
type progress struct {
	StudentID      int64      `json:"student_id"`
	StudentName    personName `json:"student_name"`
	GroupCode      string     `json:"group_code"`
	AgreementID    *int64     `json:"agreement_id"` // null for a student who never had one
	EnterpriseName *names     `json:"enterprise_name"`
	MentorName     *string    `json:"mentor_name"`
	PlannedToDate  int        `json:"planned_to_date"`
	SignedHours    int        `json:"signed_hours"`
	PlannedTotal   int        `json:"planned_total"`
	// BehindPercent is the share of the plan to date not covered by signed
	// hours, in percent with one decimal; 0 when on or ahead of plan.
	BehindPercent  float64    `json:"behind_percent"`
	WeeksPast      int        `json:"weeks_past"`
	WeeksSigned    int        `json:"weeks_signed"`
	MissingWeeks   []string   `json:"missing_weeks"`
	OldestUnsigned *time.Time `json:"oldest_unsigned"`
	MentorActedAt  *time.Time `json:"mentor_acted_at"`
	Attention      []string   `json:"attention"`
}

func progressOf(p domain.Progress) progress {
	out := progress{StudentID: p.StudentID, StudentName: personNameOf(p.Student), GroupCode: p.GroupCode,
		AgreementID: optionalID(p.AgreementID), EnterpriseName: optionalNames(p.Enterprise), MentorName: optionalString(p.Mentor),
		PlannedToDate: p.PlannedToDate, SignedHours: p.SignedHours, PlannedTotal: p.PlannedTotal,
		BehindPercent: math.Round(p.BehindBy()*1000) / 10, WeeksPast: p.WeeksPast, WeeksSigned: p.WeeksSigned,
		MissingWeeks: datesOf(p.MissingWeeks), OldestUnsigned: optionalTime(p.OldestUnsigned),
		MentorActedAt: optionalTime(p.MentorActedAt), Attention: make([]string, 0, len(p.Attention))}
	for _, a := range p.Attention {
		out.Attention = append(out.Attention, string(a))
	}
	return out
}

// getProgress answers GET /api/v1/students/{id}/progress.
func (a *API) getProgress(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "student")
	if err != nil {
		return err
	}
	p, err := a.reg.Progress(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, progressOf(p))
	return nil
}

// listAttention answers GET /api/v1/attention: the students of a college
// (or of a group) with an active agreement who need attention, the most
// reasons first — or all of them with all=true.
func (a *API) listAttention(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.AttentionFilter{
		CollegeID: q.id("college_id"),
		GroupID:   q.id("group_id"),
		Page:      q.page(),
	}
	all := q.boolean("all")
	if err := q.err(); err != nil {
		return err
	}
	f.All = all != nil && *all
	list, err := a.reg.NeedsAttention(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, progressOf)
	return nil
}
