package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// logbookReview records the college supervisor's review of a signed entry,
// with an optional comment.
func (h *Web) logbookReview(w http.ResponseWriter, r *http.Request) {
	h.entryAction(w, r, "review", func(e domain.LogbookEntry) (string, error) {
		return entryURL(e.ID), h.reg.ReviewEntry(r.Context(), e.ID, r.PostFormValue("comment"))
	}, "web.logbook.flash.reviewed")
}
