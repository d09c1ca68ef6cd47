package api

import (
	"net/http"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/notify"
)

// notification is one of the caller's notifications, worded in the
// request's language (?lang, Accept-Language), with what it is about.
type notification struct {
	ID        int64             `json:"id"`
	Kind      string            `json:"kind"`
	Subject   string            `json:"subject"`
	Body      string            `json:"body"`
	Link      string            `json:"link"`
	Params    map[string]string `json:"params"`
	Read      bool              `json:"read"`
	CreatedAt time.Time         `json:"created_at"`
	ReadAt    *time.Time        `json:"read_at"`
}

func notificationOf(p i18n.Printer) func(domain.Notification) notification {
	return func(n domain.Notification) notification {
		t := notify.Message(p, n)
		return notification{ID: n.ID, Kind: string(n.Kind), Subject: t.Subject, Body: t.Body, Link: n.Link, Params: n.Params,
			Read: n.Read(), CreatedAt: n.CreatedAt.UTC(), ReadAt: optionalTime(n.ReadAt)}
	}
}

// listNotifications answers GET /api/v1/notifications: the caller's own,
// newest first; unread=true for the unread only.
func (a *API) listNotifications(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.NotificationFilter{Page: q.page()}
	if b := q.boolean("unread"); b != nil {
		f.UnreadOnly = *b
	}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Notifications(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, notificationOf(i18n.For(lang(r))))
	return nil
}

// markNotificationRead answers POST /api/v1/notifications/{id}/read: 204
// once it is read (again or not); 404 for anyone else's.
func (a *API) markNotificationRead(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "notification")
	if err != nil {
		return err
	}
	if err := a.reg.MarkNotificationRead(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// markAllNotificationsRead answers POST /api/v1/notifications/read: every
// unread notification of the caller read, and how many were.
func (a *API) markAllNotificationsRead(w http.ResponseWriter, r *http.Request) error {
	n, err := a.reg.MarkAllNotificationsRead(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, struct {
		Marked int `json:"marked"`
	}{n})
	return nil
}
