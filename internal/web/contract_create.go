package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// contractCreate records a contract of one of the college's students
// against an order. Problems — an order with no room, a student of another
// intake or qualification, a student under contract already — come back
// on the order's page.
func (h *Web) contractCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	orderID, err := formID(r, "order_id")
	if err != nil || orderID == 0 {
		h.fail(w, r, domain.NotFound("order"))
		return
	}
	o, err := h.reg.TrainingOrder(ctx, orderID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	form := &contractFormData{Student: postedText(r, "student_id", 20), Number: postedText(r, "number", 200),
		SignedOn: postedText(r, "signed_on", 20), Cost: postedText(r, "tuition_cost", 30), Months: postedText(r, "obligation_months", 10)}
	c := domain.TargetedContract{OrderID: o.ID, Number: form.Number, SignedOn: postedDate(r, "signed_on"),
		TuitionCost: postedTenge(form.Cost), ObligationMonths: postedNumber(r, "obligation_months", 0)}
	if c.StudentID, err = formID(r, "student_id"); err == nil {
		err = h.reg.CreateTargetedContract(ctx, &c)
	}
	if err != nil {
		v := h.newView(r, "targeted")
		fe, status, ok := formProblem(v, err, "", contractLabels)
		if !ok {
			h.fail(w, r, err)
			return
		}
		form.Errors = fe
		h.renderOrder(w, r, status, o, form)
		return
	}
	flash(ctx, "web.contract.flash.created")
	http.Redirect(w, r, contractURL(c.ID), http.StatusSeeOther)
}
