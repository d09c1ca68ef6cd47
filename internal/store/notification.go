package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// A person's notifications and choices (migration 00014); the sweep that
// raises them and the outbox of e-mails are in notification_sweep.go.

var _ domain.NotificationService = (*Store)(nil)

const notificationColumns = `n.id, n.user_id, n.kind, n.event_key, n.params, n.link, n.in_app, n.email, n.created_at, n.read_at, n.emailed_at`

func scanNotification(r interface{ Scan(...any) error }) (domain.Notification, error) {
	var n domain.Notification
	var kind, params string
	err := r.Scan(&n.ID, &n.UserID, &kind, &n.EventKey, &params, &n.Link, &n.InApp, &n.Email, timeScanner{&n.CreatedAt},
		timeScanner{&n.ReadAt}, timeScanner{&n.EmailedAt})
	if err != nil {
		return n, err
	}
	n.Kind = domain.NotificationKind(kind)
	n.Params = map[string]string{}
	return n, json.Unmarshal([]byte(params), &n.Params)
}

// Notifications returns a page of a person's notifications shown in the
// product, newest first (the index notifications_list).
func (s *Store) Notifications(ctx context.Context, f domain.NotificationFilter) (domain.List[domain.Notification], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.Notification]{}, err
	}
	var w where
	w.add("n.user_id = ?", f.UserID)
	w.add("n.in_app")
	if f.UnreadOnly {
		w.add("n.read_at IS NULL")
	}
	list := domain.List[domain.Notification]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM notifications n`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+notificationColumns+` FROM notifications n`+w.sql()+` ORDER BY n.id DESC`+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanNotification)
	return list, err
}

// UnreadNotifications counts a person's unread notifications shown in the
// product: the bell of every page, read from a partial index.
func (s *Store) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND in_app AND read_at IS NULL`,
		userID).Scan(&n)
	return n, err
}

// MarkNotificationRead marks one of a person's notifications read, once
// (marking it again changes nothing); ENOTFOUND if the person has no such
// notification, whoever else may have it.
func (s *Store) MarkNotificationRead(ctx context.Context, userID, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var read bool
		err := tx.QueryRowContext(ctx, `SELECT read_at IS NOT NULL FROM notifications WHERE id = $1 AND user_id = $2 AND in_app`,
			id, userID).Scan(&read)
		if err != nil {
			return notFound(err, "notification")
		}
		if read {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE id = $2`, timeParam(s.Now()), id); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "read", recordType: "notification", recordID: id})
	})
}

// MarkAllNotificationsRead marks every unread notification of a person
// read and returns how many: one audit entry with the count.
func (s *Store) MarkAllNotificationsRead(ctx context.Context, userID int64) (int, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND in_app AND read_at IS NULL`,
			timeParam(s.Now()), userID)
		if err != nil {
			return err
		}
		if n, err = r.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return s.audit(ctx, tx, change{action: "read_all", recordType: "notification", recordID: "user:" + strconv.FormatInt(userID, 10),
			after: map[string]int64{"marked": n}})
	})
	return int(n), err
}

// NotificationPrefs returns a person's choices: the defaults, e-mails in
// lang, until they save some.
func (s *Store) NotificationPrefs(ctx context.Context, userID int64, lang string) (domain.NotificationPrefs, error) {
	return s.notificationPrefs(ctx, s.read, userID, lang)
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) notificationPrefs(ctx context.Context, db queryer, userID int64, lang string) (domain.NotificationPrefs, error) {
	p := domain.DefaultNotificationPrefs(userID, lang)
	err := db.QueryRowContext(ctx, `SELECT email, lang, updated_at FROM notification_settings WHERE user_id = $1`, userID).
		Scan(&p.Email, &p.Lang, timeScanner{&p.UpdatedAt})
	if err != nil && err != sql.ErrNoRows {
		return p, err
	}
	rows, err := db.QueryContext(ctx, `SELECT kind, in_app, email FROM notification_prefs WHERE user_id = $1`, userID)
	if err != nil {
		return p, err
	}
	saved, err := collect(rows, func(r interface{ Scan(...any) error }) (domain.ChannelChoice, error) {
		var c domain.ChannelChoice
		var kind string
		err := r.Scan(&kind, &c.InApp, &c.Email)
		c.Kind = domain.NotificationKind(kind)
		return c, err
	})
	if err != nil {
		return p, err
	}
	for i, c := range p.Kinds {
		for _, sc := range saved {
			if sc.Kind == c.Kind {
				p.Kinds[i] = sc
			}
		}
	}
	return p, nil
}

// SaveNotificationPrefs validates and stores a person's choices, with the
// change in the audit log (before and after); EINVALID naming the field.
func (s *Store) SaveNotificationPrefs(ctx context.Context, p *domain.NotificationPrefs) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.notificationPrefs(ctx, tx, p.UserID, p.Lang)
		if err != nil {
			return err
		}
		p.UpdatedAt = s.Now().UTC()
		if _, err := tx.ExecContext(ctx, `INSERT INTO notification_settings (user_id, email, lang, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, lang = excluded.lang, updated_at = excluded.updated_at`,
			p.UserID, p.Email, p.Lang, timeParam(p.UpdatedAt)); err != nil {
			return err
		}
		for _, c := range p.Kinds {
			if _, err := tx.ExecContext(ctx, `INSERT INTO notification_prefs (user_id, kind, in_app, email) VALUES ($1, $2, $3, $4)
				ON CONFLICT (user_id, kind) DO UPDATE SET in_app = excluded.in_app, email = excluded.email`,
				p.UserID, string(c.Kind), c.InApp, c.Email); err != nil {
				return err
			}
		}
		b, a := before, *p
		b.UpdatedAt, a.UpdatedAt = time.Time{}, time.Time{}
		return s.audit(ctx, tx, change{action: "update", recordType: "notification_prefs", recordID: p.UserID, before: b, after: a})
	})
}
