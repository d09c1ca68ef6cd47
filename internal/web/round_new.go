package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// roundNew shows the form that opens an allocation round; ?parent= (the
// link on a closed round's page) starts a supplementary round of it.
func (h *Web) roundNew(w http.ResponseWriter, r *http.Request) {
	d := roundFormDefaults(h.now())
	if s := r.URL.Query().Get("parent"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			h.fail(w, r, domain.Invalid("parent", "error.query.number", "parent must be a whole number").With("name", "parent"))
			return
		}
		parent, err := h.reg.Round(r.Context(), id)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.ParentID = strconv.FormatInt(parent.ID, 10)
		d.RegionID = strconv.Itoa(parent.RegionID)
		d.MaxChoices = strconv.Itoa(parent.MaxChoices)
		d.Academic = strconv.Itoa(parent.Weights.Academic)
		d.Interview = strconv.Itoa(parent.Weights.Interview)
		d.SameRegion = strconv.Itoa(parent.Weights.SameRegion)
	}
	h.renderRoundForm(w, r, http.StatusOK, d)
}

// roundCreate opens the round: the store snapshots the open offers of its
// region (or its parent's remaining seats) and draws every eligible
// student's lottery number. Problems come back on the form, naming the
// field.
func (h *Web) roundCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	var rd domain.Round
	if u := domain.ActorFrom(ctx).User; u != nil && u.Role == domain.RoleRegion {
		rd.RegionID = u.RegionID
	}
	err := h.readRoundForm(ctx, r, &rd)
	if err == nil {
		err = h.reg.OpenRound(ctx, &rd)
	}
	if err != nil {
		h.roundFormProblem(w, r, err, roundFormOf(r))
		return
	}
	flash(ctx, "web.round.flash.opened")
	http.Redirect(w, r, roundURL(rd.ID), http.StatusSeeOther)
}
