package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// offerApply records the student's application to an open offer, with an
// optional note. A refusal (the offer is for another qualification, or
// already applied to) comes back on the offer's page saying why.
func (h *Web) offerApply(w http.ResponseWriter, r *http.Request) {
	id, ok := h.postedID(w, r, "offer")
	if !ok {
		return
	}
	ctx := r.Context()
	a := domain.Application{OfferID: id, Note: strings.TrimSpace(r.PostFormValue("note"))}
	if u := domain.ActorFrom(ctx).User; u != nil {
		a.StudentID = u.StudentID
	}
	if err := h.reg.Apply(ctx, &a); err != nil {
		h.offerRefused(w, r, id, offerProblem{form: "apply", text: clipRunes(a.Note, maxReasonLen)}, err)
		return
	}
	flash(ctx, "web.offer.flash.applied")
	http.Redirect(w, r, "/offers/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
