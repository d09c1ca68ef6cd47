package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// logbookReturn returns a submitted entry to the student with the mentor's
// comment on what to correct.
func (h *Web) logbookReturn(w http.ResponseWriter, r *http.Request) {
	h.entryAction(w, r, "return", func(e domain.LogbookEntry) (string, error) {
		return mentorReturnTo(r, e), h.reg.ReturnEntry(r.Context(), e.ID, r.PostFormValue("comment"))
	}, "web.logbook.flash.returned")
}
