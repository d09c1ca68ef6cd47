package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// roundInterviews records the interview score enterprise HR gave a student
// who ranked one of its offers, while the round is open. The score is part
// of the published priority formula. A refusal comes back next to the
// student's score field.
func (h *Web) roundInterviews(w http.ResponseWriter, r *http.Request) {
	id, ok := h.postedID(w, r, "round")
	if !ok {
		return
	}
	ctx := r.Context()
	score := strings.TrimSpace(r.PostFormValue("score"))
	iv := domain.Interview{RoundID: id, Score: postedNumber(r, "score", -1)}
	offerID, err := formID(r, "offer_id")
	if err == nil {
		iv.OfferID = offerID
		iv.StudentID, err = formID(r, "student_id")
	}
	if err == nil {
		err = h.reg.SetInterview(ctx, iv)
	}
	if err != nil {
		h.roundRefused(w, r, id, roundProblem{form: "interview", offerID: iv.OfferID, studentID: iv.StudentID, score: clipRunes(score, 10)}, err)
		return
	}
	flash(ctx, "web.round.flash.interview")
	http.Redirect(w, r, stepReturn(r, roundURL(id))+"#offer-"+strconv.FormatInt(iv.OfferID, 10), http.StatusSeeOther)
}
