package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// logbookCorrect starts a correction of a signed week: a new draft version
// the student edits and submits again. The signed version stays, and its
// hours count until the correction is signed.
func (h *Web) logbookCorrect(w http.ResponseWriter, r *http.Request) {
	h.entryAction(w, r, "", func(e domain.LogbookEntry) (string, error) {
		c, err := h.reg.CorrectEntry(r.Context(), e.ID)
		return editURL(c.ID), err
	}, "web.logbook.flash.correcting")
}
