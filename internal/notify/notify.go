// Package notify tells people what needs them (issue 11): agreements
// awaiting their signature, logbook entries awaiting the mentor, changes
// and deadlines of work obligations, allocation rounds opening and about
// to close — in the product and by e-mail, in each person's language.
//
// A Notifier's Sweep is one pass: the store raises the notifications due
// (once per person and event, however often and on however many nodes
// the sweep runs), then the e-mails still to send are claimed, one
// message per person, sent over SMTP and marked sent. Nothing lives in a
// node's memory, so the sweep may run on any node: periodically from the
// server's job queue, or from cron with `dualtrack notify`.
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
)

// Store is what a sweep needs of the database (store.Store has it).
type Store interface {
	RaiseNotifications(ctx context.Context, rules domain.NotificationRules, now time.Time) (domain.RaiseResult, error)
	ClaimEmails(ctx context.Context, rules domain.NotificationRules, now time.Time, retryAfter time.Duration, limit int) ([]domain.Email, error)
	EmailSent(ctx context.Context, e domain.Email, at time.Time) error
}

// Mailer sends one message; *SMTP is the product's.
type Mailer interface {
	Send(ctx context.Context, m Mail) error
}

// Notifier runs the sweeps.
type Notifier struct {
	Store Store
	// Mailer sends the e-mails; nil sends none (they wait, and are dropped
	// once older than Rules.EmailWithin: people still see them in the
	// product).
	Mailer Mailer
	// BaseURL is the site's address (https://dualtrack.example.kz), which
	// makes the e-mails' links whole; without it they name the page's path.
	BaseURL string
	Rules   domain.NotificationRules
	// RetryAfter is how long a claimed e-mail that was not sent waits
	// before a sweep tries it again.
	RetryAfter time.Duration
	Now        func() time.Time
	Log        *slog.Logger
}

// New returns a Notifier over st with the default rules; mailer may be nil
// (also a nil *SMTP, as SMTPFromEnv gives without a server configured).
func New(st Store, mailer Mailer) *Notifier {
	if m, ok := mailer.(*SMTP); ok && m == nil {
		mailer = nil
	}
	return &Notifier{Store: st, Mailer: mailer, Rules: domain.DefaultNotificationRules, RetryAfter: 10 * time.Minute,
		Now: time.Now, Log: slog.Default()}
}

// Result is what one sweep did.
type Result struct {
	Raised  domain.RaiseResult
	Emailed int // messages sent
	Failed  int // messages the server did not take (tried again later)
}

// emailBatch bounds the notifications claimed at once.
const emailBatch = 200

// Sweep is one pass: raise the notifications due, then send the pending
// e-mails of the people who want them. It returns an error when the
// database fails or a message could not be sent (it is tried again by a
// later sweep); running it again raises and sends nothing twice.
func (n *Notifier) Sweep(ctx context.Context) error {
	_, err := n.Run(ctx)
	return err
}

// Run is Sweep that also says what it did.
func (n *Notifier) Run(ctx context.Context) (Result, error) {
	if a := domain.ActorFrom(ctx); a.User == nil && a.Via == "" {
		ctx = domain.WithActor(ctx, domain.System)
	}
	now := n.Now()
	var res Result
	var err error
	if res.Raised, err = n.Store.RaiseNotifications(ctx, n.Rules, now); err != nil {
		return res, fmt.Errorf("raise notifications: %w", err)
	}
	if n.Mailer == nil {
		return res, nil
	}
	var failures []error
	// Each batch claims what it sends; a message that fails stays claimed
	// until RetryAfter, so the loop ends even when every send fails.
	for {
		emails, err := n.Store.ClaimEmails(ctx, n.Rules, now, n.RetryAfter, emailBatch)
		if err != nil {
			return res, fmt.Errorf("claim e-mails: %w", err)
		}
		if len(emails) == 0 {
			break
		}
		for _, e := range emails {
			if err := n.Mailer.Send(ctx, n.compose(e)); err != nil {
				res.Failed++
				failures = append(failures, fmt.Errorf("e-mail to user %d: %w", e.UserID, err))
				n.log().Warn("a notification e-mail failed", "user", e.UserID, "err", err)
				continue
			}
			if err := n.Store.EmailSent(ctx, e, n.Now()); err != nil {
				return res, fmt.Errorf("record e-mail: %w", err)
			}
			res.Emailed++
		}
	}
	if len(failures) > 0 {
		return res, fmt.Errorf("%d notification e-mails failed: %w", len(failures), errors.Join(failures...))
	}
	return res, nil
}

func (n *Notifier) log() *slog.Logger {
	if n.Log == nil {
		return slog.Default()
	}
	return n.Log
}

// link is a notification's address in an e-mail.
func (n *Notifier) link(path string) string {
	return strings.TrimSuffix(n.BaseURL, "/") + path
}

// compose writes one person's message in their language: the subject of
// the one notification, or how many there are; a greeting; each
// notification with its link; and where to change what they receive.
func (n *Notifier) compose(e domain.Email) Mail {
	p := i18n.For(e.Lang)
	m := Mail{To: e.To}
	var b strings.Builder
	b.WriteString(p.T("notify.email.greeting", "name", e.Name) + "\n")
	for _, x := range e.Notifications {
		t := Message(p, x)
		if len(e.Notifications) == 1 {
			m.Subject = t.Subject
		}
		b.WriteString("\n" + t.Subject + "\n" + t.Body + "\n" + p.T("notify.email.open", "url", n.link(x.Link)) + "\n")
	}
	if m.Subject == "" {
		m.Subject = p.Plural("notify.email.subject_many", len(e.Notifications))
	}
	b.WriteString("\n-- \n" + p.T("notify.email.footer", "url", n.link("/notifications/settings")) + "\n")
	m.Body = b.String()
	return m
}
