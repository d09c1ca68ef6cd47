package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// orderCreate places an employer's order; problems come back on the form.
func (h *Web) orderCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	var o domain.TrainingOrder
	readOrderForm(r, &o)
	if err := h.reg.SaveTrainingOrder(ctx, &o); err != nil {
		h.orderFormProblem(w, r, err, orderFormOf(r))
		return
	}
	flash(ctx, "web.order.flash.created")
	http.Redirect(w, r, orderURL(o.ID), http.StatusSeeOther)
}
