package web

import (
	"net/http"
	"strconv"
)

// orderNew shows the form on which an employer places an order for
// targeted training: its own region and the coming intake first.
func (h *Web) orderNew(w http.ResponseWriter, r *http.Request) {
	d := orderFormData{Year: strconv.Itoa(h.now().In(kazakhstan).Year())}
	if u := h.newView(r, "targeted").User; u != nil && u.EnterpriseID != 0 {
		if e, err := h.reg.Enterprise(r.Context(), u.EnterpriseID); err == nil {
			d.Region = strconv.Itoa(e.RegionID)
		}
	}
	h.renderOrderForm(w, r, http.StatusOK, d)
}
