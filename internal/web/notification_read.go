package web

import "net/http"

// notificationRead marks one of the reader's notifications read and
// returns to the list as it was (the form's next); another person's
// notification is not found.
func (h *Web) notificationRead(w http.ResponseWriter, r *http.Request) {
	id, ok := h.postedID(w, r, "notification")
	if !ok {
		return
	}
	if err := h.reg.MarkNotificationRead(r.Context(), id); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, notificationsNext(r), http.StatusSeeOther)
}

// notificationsNext is where a notification form returns to: the list
// page it was posted from, if it names a path of this site.
func notificationsNext(r *http.Request) string {
	if next := r.PostFormValue("next"); next != "" {
		return localPath(next)
	}
	return "/notifications"
}
