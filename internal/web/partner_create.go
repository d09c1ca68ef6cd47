package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// partnerCreate registers a foreign partner; a problem (a name taken in
// the country, a Russian region for another country) comes back on the
// form next to its field.
func (h *Web) partnerCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	p := readPartnerForm(r)
	if err := h.reg.SavePartner(r.Context(), &p); err != nil {
		h.renderPartnerList(w, r, domain.Partner{}, err)
		return
	}
	flash(r.Context(), "web.intl.flash.partner_saved")
	http.Redirect(w, r, "/international/partnerships/new?partner_id="+idString(p.ID), http.StatusSeeOther)
}

// readPartnerForm reads a partner as the register's form posts it.
func readPartnerForm(r *http.Request) domain.Partner {
	return domain.Partner{Kind: domain.PartnerKind(r.PostFormValue("kind")), Name: r.PostFormValue("name"),
		Country: r.PostFormValue("country"), RURegion: r.PostFormValue("ru_region"), City: r.PostFormValue("city")}
}
