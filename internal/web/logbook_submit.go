package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// logbookSubmit sends a draft or returned entry to the mentor to sign.
func (h *Web) logbookSubmit(w http.ResponseWriter, r *http.Request) {
	h.entryAction(w, r, "", func(e domain.LogbookEntry) (string, error) {
		return "/logbook", h.reg.SubmitEntry(r.Context(), e.ID)
	}, "web.logbook.flash.submitted")
}
