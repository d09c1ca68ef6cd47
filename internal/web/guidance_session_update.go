package web

import (
	"net/http"
)

// guidanceSessionUpdate renames a class session, or closes it to new
// pupils (and opens it again).
func (h *Web) guidanceSessionUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := h.postedID(w, r, "guidance_session")
	if !ok {
		return
	}
	ctx := r.Context()
	g, err := h.reg.GuidanceSession(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	g.Title = postedText(r, "title", 400)
	switch r.PostFormValue("closed") {
	case "1":
		g.Closed = true
	case "0":
		g.Closed = false
	}
	if err := h.reg.SaveGuidanceSession(ctx, &g); err != nil {
		fe, status, ok := formProblem(h.newView(r, "guidance"), err, "", guidanceSessionLabels)
		if !ok {
			h.fail(w, r, err)
			return
		}
		h.renderGuidanceSession(w, r, status, g.Title, fe)
		return
	}
	flash(ctx, "guidance.session.saved")
	http.Redirect(w, r, guidanceSessionURL(g.ID), http.StatusSeeOther)
}
