package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// roundDecline: the student declines the place the published round gave
// them; the seat goes back to a supplementary round.
func (h *Web) roundDecline(w http.ResponseWriter, r *http.Request) {
	id, ok := h.postedID(w, r, "round")
	if !ok {
		return
	}
	ctx := r.Context()
	var studentID int64
	if u := domain.ActorFrom(ctx).User; u != nil {
		studentID = u.StudentID
	}
	if err := h.reg.DeclinePlacement(ctx, id, studentID); err != nil {
		h.roundRefused(w, r, id, roundProblem{}, err)
		return
	}
	flash(ctx, "web.round.flash.declined")
	http.Redirect(w, r, roundURL(id), http.StatusSeeOther)
}
