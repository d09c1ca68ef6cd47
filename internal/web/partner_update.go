package web

import (
	"net/http"
	"net/url"
)

// partnerUpdate saves a correction of a partner; a problem (a name taken
// in the country, a partner another college works with) comes back on
// the form next to its field or in its summary.
func (h *Web) partnerUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "partner")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	stored, err := h.reg.Partner(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := readPartnerForm(r)
	p.ID = id
	if err := h.reg.SavePartner(ctx, &p); err != nil {
		h.renderPartnerEdit(w, r, stored, err)
		return
	}
	flash(ctx, "web.redit.flash.saved")
	http.Redirect(w, r, "/international/partners?q="+url.QueryEscape(p.Name), http.StatusSeeOther)
}
