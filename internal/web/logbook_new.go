package web

import (
	"net/http"
	"net/url"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// logbookNew shows the form of a week's entry (?week= any day of it; this
// week when absent), its days and hours filled in from the agreement's
// weekly pattern. A week already written opens its entry instead.
func (h *Web) logbookNew(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	monday := domain.WeekStart(h.logbookToday())
	if s := r.URL.Query().Get("week"); s != "" {
		var err error
		if monday, err = parseWeek(s); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	studentID := domain.ActorFrom(ctx).User.StudentID
	// Without an agreement in force there is nothing to write under: say
	// so now rather than after the student has filled the form in.
	a, ok, err := h.studentAgreement(ctx, studentID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !ok || a.Status != domain.AgreementActive {
		h.fail(w, r, domain.Errorf(domain.ECONFLICT, "error.entry.no_agreement", "entries need an active agreement"))
		return
	}
	entries, err := h.allEntries(ctx, domain.EntryFilter{StudentID: studentID, CurrentOnly: true})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if e, ok := entryOfWeek(entries, monday); ok {
		to := entryURL(e.ID)
		if e.Editable() {
			to = editURL(e.ID)
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return
	}
	h.renderEntryForm(w, r, http.StatusOK, entryFormData{Week: monday.Format(weekParam)}, 0, nil)
}

// logbookCreate saves a new entry of the week the form names, with its
// photo, and submits it when the student pressed "save and submit".
func (h *Web) logbookCreate(w http.ResponseWriter, r *http.Request) {
	studentID := domain.ActorFrom(r.Context()).User.StudentID
	h.saveEntry(w, r, func(form url.Values) (domain.LogbookEntry, entryFormData, error) {
		monday, err := parseWeek(form.Get("week"))
		if err != nil {
			return domain.LogbookEntry{}, entryFormData{}, err
		}
		return domain.LogbookEntry{StudentID: studentID, WeekStart: monday}, entryFormData{Week: monday.Format(weekParam)}, nil
	})
}
