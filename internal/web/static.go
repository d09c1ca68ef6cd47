package web

import (
	"io/fs"
	"net/http"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// static serves the embedded CSS, scripts and icons. A URL carrying the
// current version (as the templates write it) may be cached for a year,
// since a new release changes the version; any other for an hour.
// Directories and missing files get the translated 404 page.
func (h *Web) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if name == "" || strings.HasSuffix(name, "/") || !fs.ValidPath(name) {
		h.fail(w, r, domain.NotFound("file"))
		return
	}
	if st, err := fs.Stat(staticFS, name); err != nil || st.IsDir() {
		h.fail(w, r, domain.NotFound("file"))
		return
	}
	if r.URL.Query().Get("v") == h.staticVersion {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=3600")
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeFileFS(w, r, staticFS, name)
}
