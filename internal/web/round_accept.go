package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// roundAccept: the student accepts the place the published round gave
// them. The draft agreement it creates is where they go next.
func (h *Web) roundAccept(w http.ResponseWriter, r *http.Request) {
	id, ok := h.postedID(w, r, "round")
	if !ok {
		return
	}
	ctx := r.Context()
	var studentID int64
	if u := domain.ActorFrom(ctx).User; u != nil {
		studentID = u.StudentID
	}
	agreementID, err := h.reg.AcceptPlacement(ctx, id, studentID)
	if err != nil {
		h.roundRefused(w, r, id, roundProblem{}, err)
		return
	}
	flash(ctx, "web.round.flash.accepted")
	http.Redirect(w, r, "/agreements/"+strconv.FormatInt(agreementID, 10), http.StatusSeeOther)
}
