package web

import (
	"net/http"
	"strconv"
)

// photoShow serves an entry's photo within the reader's scope, as the type
// its content was recognised as when it was attached. The browser is told
// not to guess another type and to show it rather than run it; being a
// student's personal evidence it is never stored by caches.
func (h *Web) photoShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "photo")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p, data, err := h.reg.Photo(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", p.ContentType)
	hd.Set("Content-Length", strconv.Itoa(len(data)))
	hd.Set("Content-Disposition", "inline")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}
