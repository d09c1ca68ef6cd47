package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/server"
)

// countUnread sets the layout's bell: the signed-in reader's unread
// notifications, one count on a partial index per page. A failure costs
// the page its count, not the page: it is logged and the bell shows none.
func (h *Web) countUnread(r *http.Request, v *view) {
	if v.User == nil || v.Partial {
		return
	}
	n, err := h.reg.UnreadNotifications(r.Context())
	if err != nil {
		// An account that may not act (expired, disabled) gets its error
		// page from the handler; only a failing database is worth a line.
		if domain.AsError(err).Code == domain.EINTERNAL {
			server.Logger(r.Context()).Warn("counting unread notifications failed", "err", err)
		}
		return
	}
	v.Unread = n
}
