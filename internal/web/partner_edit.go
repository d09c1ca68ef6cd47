package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// partnerEdit shows the form that corrects a partner of the register. The
// register is shared: a college changes a partner only while no other
// college has an agreement with it, which the save checks and says.
func (h *Web) partnerEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "partner")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p, err := h.reg.Partner(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderPartnerEdit(w, r, p, nil)
}

// renderPartnerEdit shows the correction of p; err is a save's problem.
func (h *Web) renderPartnerEdit(w http.ResponseWriter, r *http.Request, p domain.Partner, err error) {
	v := h.newView(r, "international")
	f, ferr := h.partnerForm(r.Context(), v, p)
	if ferr != nil {
		h.fail(w, r, ferr)
		return
	}
	f.Action, f.Title, f.Submit = "/international/partners/"+idString(p.ID), v.T("web.redit.edit_partner"), v.T("web.redit.save")
	h.renderRecordForm(w, r, v, recordFormData{Form: f, BackURL: "/international/partners", BackLabel: v.T("web.intl.partners_title"),
		Lead: v.T("web.redit.partner_lead")}, err)
}
