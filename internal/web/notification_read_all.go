package web

import "net/http"

// notificationReadAll marks every unread notification of the reader read.
func (h *Web) notificationReadAll(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	if _, err := h.reg.MarkAllNotificationsRead(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	flash(r.Context(), "notify.marked_all")
	http.Redirect(w, r, notificationsNext(r), http.StatusSeeOther)
}
