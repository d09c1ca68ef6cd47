package web

import (
	"encoding/json"
	"net/http"
)

// accountExport sends a student everything dualtrack holds about them as a
// JSON file (access.ExportMyData records the download in the audit log).
func (h *Web) accountExport(w http.ResponseWriter, r *http.Request) {
	ex, err := h.reg.ExportMyData(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b, err := json.MarshalIndent(ex, "", "  ")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/json; charset=utf-8")
	hd.Set("Content-Disposition", `attachment; filename="dualtrack-my-data.json"`)
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	w.Write(append(b, '\n'))
}
