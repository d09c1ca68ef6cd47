package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// agreementApprove records the reader's approval of the version they saw,
// as their party (the college also for the guardian, in person). The last
// required approval makes the agreement active. A version changed
// meanwhile is refused: the page shows the new terms and says why.
func (h *Web) agreementApprove(w http.ResponseWriter, r *http.Request) {
	a, ok := postedRecord(h, w, r, "agreement", h.reg.Agreement)
	if !ok {
		return
	}
	ctx := r.Context()
	party := domain.Party(r.PostFormValue("party"))
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || version < 1 {
		err = domain.Invalid("version", "error.form", "the form could not be read")
	} else {
		err = h.reg.ApproveAgreement(ctx, a.ID, version, party)
	}
	if err != nil {
		h.agreementRefused(w, r, a.ID, agreementProblem{}, err)
		return
	}
	after, err := h.reg.Agreement(ctx, a.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	done := "web.agreement.flash.approved"
	if after.Status == domain.AgreementActive {
		done = "web.agreement.flash.active"
	}
	flash(ctx, done)
	http.Redirect(w, r, agreementURL(a.ID), http.StatusSeeOther)
}
