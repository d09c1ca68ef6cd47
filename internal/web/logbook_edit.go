package web

import (
	"net/http"
	"net/url"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// logbookEdit shows the form of a draft or returned entry; an entry that
// can no longer change (submitted, signed) opens its page instead.
func (h *Web) logbookEdit(w http.ResponseWriter, r *http.Request) {
	e, ok := pathRecord(h, w, r, "entry", h.reg.Entry)
	if !ok {
		return
	}
	if !e.Editable() {
		http.Redirect(w, r, entryURL(e.ID), http.StatusSeeOther)
		return
	}
	h.renderEntryForm(w, r, http.StatusOK, entryFormOf(e), e.Days, e.Competences)
}

// logbookUpdate saves the changes of a draft or returned entry, with a new
// photo, and submits it when the student pressed "save and submit".
func (h *Web) logbookUpdate(w http.ResponseWriter, r *http.Request) {
	e, ok := pathRecord(h, w, r, "entry", h.reg.Entry)
	if !ok {
		return
	}
	if !e.Editable() {
		// Signed or waiting for the mentor: the entry's page says why.
		h.entryProblem(w, r, e, domain.Errorf(domain.ECONFLICT, "error.entry.state", "the entry cannot change now").
			With("status", string(e.Status)), entryShowData{})
		return
	}
	h.saveEntry(w, r, func(url.Values) (domain.LogbookEntry, entryFormData, error) {
		return e, entryFormOf(e), nil
	})
}
