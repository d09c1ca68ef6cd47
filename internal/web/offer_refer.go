package web

import (
	"net/http"
	"strconv"
	"strings"
)

// maxReasonLen bounds a reason typed into a refusal form; the store keeps
// what it accepts.
const maxReasonLen = 2000

// offerRefer sends a submitted offer back to the enterprise with the
// approver's reason; without one the form comes back saying it is needed.
func (h *Web) offerRefer(w http.ResponseWriter, r *http.Request) {
	id, ok := h.postedID(w, r, "offer")
	if !ok {
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if err := h.reg.ReferOffer(r.Context(), id, reason); err != nil {
		h.offerRefused(w, r, id, offerProblem{form: "refer", text: clipRunes(reason, maxReasonLen)}, err)
		return
	}
	flash(r.Context(), "web.offer.flash.referred")
	http.Redirect(w, r, stepReturn(r, "/offers/"+strconv.FormatInt(id, 10)), http.StatusSeeOther)
}

// clipRunes keeps at most n runes of s, to show a typed text again without
// echoing an oversized post.
func clipRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
