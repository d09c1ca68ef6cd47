package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// obligationMove records a change of a contract's work obligation — at
// work, deferred (with its reason and end), back at work or pending,
// fulfilled, breached, or a contract cancelled before graduation. A
// change the state machine does not have, or a date out of order, comes
// back on the form.
func (h *Web) obligationMove(w http.ResponseWriter, r *http.Request) {
	c, ok := postedRecord(h, w, r, "contract", h.reg.TargetedContract)
	if !ok {
		return
	}
	form := &moveFormData{To: postedText(r, "to", 20), On: postedText(r, "on", 20), Reason: postedText(r, "reason", 30),
		Until: postedText(r, "until", 20), Note: postedText(r, "note", 4000)}
	m := domain.ObligationMove{To: domain.ObligationState(form.To), On: postedDate(r, "on"), Note: r.PostFormValue("note")}
	if m.To == domain.ObligationDeferred {
		m.Reason, m.Until = domain.DeferralReason(form.Reason), postedDate(r, "until")
	}
	ctx := r.Context()
	if _, err := h.reg.MoveObligation(ctx, c.ID, m); err != nil {
		v := h.newView(r, "targeted")
		fe, status, ok := formProblem(v, err, "", moveLabels)
		if !ok {
			h.fail(w, r, err)
			return
		}
		form.Errors = fe
		h.renderContract(w, r, status, c, form)
		return
	}
	flash(ctx, "web.obligation.flash.moved")
	http.Redirect(w, r, contractURL(c.ID), http.StatusSeeOther)
}
