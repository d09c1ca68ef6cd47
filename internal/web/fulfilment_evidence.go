package web

import (
	"mime"
	"net/http"
	"strconv"
)

// fulfilmentEvidence serves a delivery's evidence file within the
// reader's scope, as the type its content was recognised as when it was
// uploaded, as a download under its own name: the browser is told not to
// guess another type, and a PDF is never run in the product's origin.
func (h *Web) fulfilmentEvidence(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "evidence")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ev, err := h.reg.Evidence(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", ev.Type)
	hd.Set("Content-Length", strconv.Itoa(len(ev.Data)))
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": ev.Name}))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	hd.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(ev.Data)
	}
}
