package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// partnershipNew shows the form on which a college records an agreement
// with a foreign partner of the register (?partner_id= chooses it, as the
// registration of a new partner does).
func (h *Web) partnershipNew(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	a := domain.Partnership{PartnerID: q.number("partner_id")}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	h.renderPartnershipForm(w, r, a, nil)
}
