package web

import (
	"net/http"
	"strconv"
)

// orderEdit shows an order on the form of its employer. With contracts
// signed against it the qualification, region and year are fixed.
func (h *Web) orderEdit(w http.ResponseWriter, r *http.Request) {
	o, ok := pathRecord(h, w, r, "order", h.reg.TrainingOrder)
	if !ok {
		return
	}
	h.renderOrderForm(w, r, http.StatusOK, orderFormData{ID: o.ID, Region: strconv.Itoa(o.RegionID), Code: o.QualificationCode,
		Year: strconv.Itoa(o.Year), Graduates: strconv.Itoa(o.Graduates), Note: o.Note, Locked: o.Contracts > 0})
}
