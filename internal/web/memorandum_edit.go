package web

import (
	"net/http"
)

// memorandumEdit shows a memorandum of the department's region on its form.
func (h *Web) memorandumEdit(w http.ResponseWriter, r *http.Request) {
	m, ok := pathRecord(h, w, r, "memorandum", h.reg.Memorandum)
	if !ok {
		return
	}
	e, err := h.reg.Enterprise(r.Context(), m.EnterpriseID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderMemorandumForm(w, r, http.StatusOK, memorandumFormFrom(m, e.BIN))
}

// memorandumUpdate changes a memorandum and its commitments: rows with a
// commitment change it, new rows add one, a cleared row removes its
// commitment (refused for one with deliveries).
func (h *Web) memorandumUpdate(w http.ResponseWriter, r *http.Request) {
	m, ok := postedRecord(h, w, r, "memorandum", h.reg.Memorandum)
	if !ok {
		return
	}
	ctx := r.Context()
	rows, err := h.readMemorandumForm(ctx, r, &m)
	if err == nil {
		err = h.reg.SaveMemorandum(ctx, &m)
	}
	if err != nil {
		d := memorandumFormOf(r)
		d.ID = m.ID
		h.memorandumFormProblem(w, r, err, rows, d)
		return
	}
	flash(ctx, "web.memorandum.flash.saved")
	http.Redirect(w, r, memorandumURL(m.ID), http.StatusSeeOther)
}
