package web

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// graduateView is a graduate's employment on their own page (and on the
// college's view of it): the day of graduation and where they stood at each
// point, as the register of employment contracts shows.
type graduateView struct {
	// Recorded is false for a graduate whose day of graduation is not
	// recorded (imported as graduated): no point can be checked.
	Recorded    bool
	GraduatedOn string
	Dual        bool
	Points      []graduatePoint
}

type graduatePoint struct {
	pointCell
	Header string
}

// graduateView reads a graduate's status at each point through the access
// layer, which hides the contracts from readers without personal data.
func (h *Web) graduateView(ctx context.Context, v *view, studentID int64) (*graduateView, error) {
	o, err := h.reg.GraduateOutcome(ctx, studentID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return &graduateView{}, nil
	}
	if err != nil {
		return nil, err
	}
	g := &graduateView{Recorded: true, GraduatedOn: v.Date(o.GraduatedOn), Dual: o.Dual}
	for _, p := range o.Points {
		g.Points = append(g.Points, graduatePoint{pointCell: pointCellOf(v, p), Header: v.Plural("web.employment.after_months", p.Months)})
	}
	return g, nil
}
