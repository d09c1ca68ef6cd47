package web

import (
	"net/http"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// memorandumNew shows the form on which a regional department records a
// memorandum of its region, with the period starting today.
func (h *Web) memorandumNew(w http.ResponseWriter, r *http.Request) {
	today := h.now().In(kazakhstan).Format(time.DateOnly)
	h.renderMemorandumForm(w, r, http.StatusOK, memorandumFormData{SignedOn: today, StartsOn: today})
}

// memorandumCreate records a memorandum with its commitments. Problems come
// back on the form, naming the field or the commitment's row.
func (h *Web) memorandumCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	var m domain.Memorandum
	rows, err := h.readMemorandumForm(ctx, r, &m)
	if err == nil {
		err = h.reg.SaveMemorandum(ctx, &m)
	}
	if err != nil {
		h.memorandumFormProblem(w, r, err, rows, memorandumFormOf(r))
		return
	}
	flash(ctx, "web.memorandum.flash.created")
	http.Redirect(w, r, memorandumURL(m.ID), http.StatusSeeOther)
}
