package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// logbookSign signs a trainee's submitted entry in one action: the week is
// locked and its hours count. The mentor goes back where they signed it
// (the queue or the entry).
func (h *Web) logbookSign(w http.ResponseWriter, r *http.Request) {
	h.entryAction(w, r, "", func(e domain.LogbookEntry) (string, error) {
		return mentorReturnTo(r, e), h.reg.SignEntry(r.Context(), e.ID)
	}, "web.logbook.flash.signed")
}
