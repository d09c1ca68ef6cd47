package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// agreementEdit shows the form that changes the terms of a live agreement.
// The form carries the version it shows, so a change made by someone else
// meanwhile is not overwritten unseen.
func (h *Web) agreementEdit(w http.ResponseWriter, r *http.Request) {
	a, ok := pathRecord(h, w, r, "agreement", h.reg.Agreement)
	if !ok {
		return
	}
	if !a.Status.Live() {
		h.fail(w, r, agreementStateNamed(h.newView(r, "agreements"), agreementStateError(a.Status)))
		return
	}
	h.renderAgreementForm(w, r, http.StatusOK, agreementFormFrom(a))
}

// agreementUpdate saves the terms. A change is a new version and clears
// every approval given (the store does both in one transaction); the
// agreement's page then says so. A stale version shows the form again
// with the terms as they are now and the reason.
func (h *Web) agreementUpdate(w http.ResponseWriter, r *http.Request) {
	a, ok := postedRecord(h, w, r, "agreement", h.reg.Agreement)
	if !ok {
		return
	}
	ctx := r.Context()
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || version < 1 {
		err = domain.Invalid("version", "error.form", "the form could not be read")
	}
	var t domain.Terms
	if err == nil {
		t, err = readAgreementTerms(r)
	}
	if err == nil {
		err = h.reg.EditAgreement(ctx, a.ID, version, t)
	}
	if e := domain.AsError(err); e.Key == "error.agreement.stale" {
		now, lerr := h.reg.Agreement(ctx, a.ID)
		if lerr != nil {
			h.fail(w, r, lerr)
			return
		}
		d := agreementFormFrom(now)
		d.Errors.Summary = h.newView(r, "agreements").T(e.Key)
		h.renderAgreementForm(w, r, http.StatusConflict, d)
		return
	}
	if err != nil {
		d := agreementFormOf(r)
		d.ID, d.Version, d.StudentID, d.EnterpriseID = a.ID, version, a.StudentID, a.EnterpriseID
		d.ClearsApprovals, d.birth = a.Status != domain.AgreementDraft, a.StudentBirth
		h.agreementFormProblem(w, r, err, d)
		return
	}
	after, err := h.reg.Agreement(ctx, a.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	switch {
	case after.Version == a.Version:
		flash(ctx, "web.agreement.flash.unchanged")
	case a.Status == domain.AgreementDraft:
		flash(ctx, "web.agreement.flash.saved")
	default:
		flash(ctx, "web.agreement.flash.cleared")
	}
	http.Redirect(w, r, agreementURL(a.ID), http.StatusSeeOther)
}

// agreementStateError is the refusal of a step the agreement's state does
// not allow, as the store words it.
func agreementStateError(s domain.AgreementStatus) error {
	return domain.Errorf(domain.ECONFLICT, "error.agreement.state", "the agreement is %s", s).With("status", string(s))
}
