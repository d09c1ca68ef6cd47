package web

import (
	"net/http"
)

// orderUpdate changes an employer's order: the graduates and the note
// always, the qualification, region and year while no contract is signed.
func (h *Web) orderUpdate(w http.ResponseWriter, r *http.Request) {
	o, ok := postedRecord(h, w, r, "order", h.reg.TrainingOrder)
	if !ok {
		return
	}
	ctx := r.Context()
	readOrderForm(r, &o)
	if err := h.reg.SaveTrainingOrder(ctx, &o); err != nil {
		d := orderFormOf(r)
		d.ID = o.ID
		h.orderFormProblem(w, r, err, d)
		return
	}
	flash(ctx, "web.order.flash.saved")
	http.Redirect(w, r, orderURL(o.ID), http.StatusSeeOther)
}
