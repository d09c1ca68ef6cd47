package web

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// roundStudents is a college's (or a teacher's) view of a round: their
// students who ranked offers and, after the run, where they were placed.
type roundStudents struct {
	Rows    []resultRow
	Count   string
	MoreURL string // the results list, when the page shows the first ones
	Ran     bool
}

// collegeStudentsShown bounds the students the round's page lists for a
// college; the results list has them all.
const collegeStudentsShown = 50

// collegeRound fills a college's or a teacher's view of a round. The
// access layer narrows the results to the reader's students; the filter
// names the college so that the question is the same for both.
func (h *Web) collegeRound(ctx context.Context, v *view, pl places, rd domain.Round, d *roundShowData) error {
	f := domain.ResultFilter{Page: domain.Page{Number: 1, Size: collegeStudentsShown}}
	if u := v.User; u != nil {
		f.CollegeID = u.CollegeID
	}
	// Before publishing, the run is the organiser's preview.
	ran := rd.Status == domain.RoundPublished || rd.Status == domain.RoundClosed
	list, err := h.reg.Results(ctx, rd.ID, f)
	if err != nil {
		return err
	}
	s := &roundStudents{Count: v.Plural("web.round.college.count", list.Total), Ran: ran}
	for _, res := range list.Items {
		s.Rows = append(s.Rows, resultRowOf(v, pl, res, ran))
	}
	if list.Total > len(list.Items) || ran {
		s.MoreURL = d.Path + "/results"
	}
	d.Students = s
	return nil
}
