package web

import (
	"net/http"
	"strconv"
)

// fulfilmentConfirm records that the college received a delivery reported
// on one of its memoranda. A delivery confirmed already is said so on the
// memorandum's page.
func (h *Web) fulfilmentConfirm(w http.ResponseWriter, r *http.Request) {
	f, ok := postedRecord(h, w, r, "fulfilment", h.reg.Fulfilment)
	if !ok {
		return
	}
	ctx := r.Context()
	if err := h.reg.ConfirmFulfilment(ctx, f.ID); err != nil {
		m, mErr := h.reg.Memorandum(ctx, f.MemorandumID)
		v := h.newView(r, "patronage")
		_, status, ok := formProblem(v, err, "", nil)
		if mErr != nil || !ok {
			h.fail(w, r, err)
			return
		}
		h.renderMemorandum(w, r, status, m, nil, v.T("error.fulfilment.confirmed"))
		return
	}
	flash(ctx, "web.fulfilment.flash.confirmed")
	http.Redirect(w, r, memorandumURL(f.MemorandumID)+"#fulfilment-"+strconv.FormatInt(f.ID, 10), http.StatusSeeOther)
}
