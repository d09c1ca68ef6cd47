package access

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Notifications are each person's own (auth.UseNotifications): every
// method acts for the signed-in reader, whatever the request names, so
// another person's notification is "not found".

// Notifications returns a page of the reader's notifications, newest
// first.
func (r *Registry) Notifications(ctx context.Context, f domain.NotificationFilter) (domain.List[domain.Notification], error) {
	actor, err := r.allow(ctx, auth.UseNotifications)
	if err != nil {
		return domain.List[domain.Notification]{}, err
	}
	f.UserID = actor.User.ID
	return r.store.Notifications(ctx, f)
}

// UnreadNotifications counts the reader's unread notifications; 0 for
// the public, which has none.
func (r *Registry) UnreadNotifications(ctx context.Context) (int, error) {
	actor, err := r.allow(ctx, auth.UseNotifications)
	if err != nil {
		return 0, err
	}
	return r.store.UnreadNotifications(ctx, actor.User.ID)
}

// MarkNotificationRead marks one of the reader's notifications read;
// ENOTFOUND for anyone else's.
func (r *Registry) MarkNotificationRead(ctx context.Context, id int64) error {
	actor, err := r.allow(ctx, auth.UseNotifications)
	if err != nil {
		return err
	}
	return r.store.MarkNotificationRead(ctx, actor.User.ID, id)
}

// MarkAllNotificationsRead marks the reader's unread notifications read
// and returns how many.
func (r *Registry) MarkAllNotificationsRead(ctx context.Context) (int, error) {
	actor, err := r.allow(ctx, auth.UseNotifications)
	if err != nil {
		return 0, err
	}
	return r.store.MarkAllNotificationsRead(ctx, actor.User.ID)
}

// NotificationPrefs returns the reader's choices, with the kinds their
// role receives (the defaults, e-mails in lang, until they save some).
func (r *Registry) NotificationPrefs(ctx context.Context, lang string) (domain.NotificationPrefs, error) {
	actor, err := r.allow(ctx, auth.UseNotifications)
	if err != nil {
		return domain.NotificationPrefs{}, err
	}
	return r.store.NotificationPrefs(ctx, actor.User.ID, lang)
}

// SaveNotificationPrefs stores the reader's choices; EINVALID naming the
// field.
func (r *Registry) SaveNotificationPrefs(ctx context.Context, p *domain.NotificationPrefs) error {
	actor, err := r.allow(ctx, auth.UseNotifications)
	if err != nil {
		return err
	}
	p.UserID = actor.User.ID
	return r.store.SaveNotificationPrefs(ctx, p)
}
