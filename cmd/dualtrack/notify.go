package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/notify"
)

var notifyCommand = command{
	name:    "notify",
	summary: "run one notifications sweep: raise what is due, send the e-mails over SMTP",
	run:     notifyRun,
}

// notifyRun runs one sweep of the notifications (notify.Notifier.Sweep):
// a cron job's alternative to the server's periodic job, and what the
// tests drive. E-mails go out only with an SMTP server configured.
func notifyRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("notify", "notify [--db PATH|URL] [--smtp-addr HOST:PORT --smtp-from ADDRESS] [--base-url URL] [--now TIME]", stderr)
	db := dbFlag(fs)
	env := notify.SMTPFromEnv(os.Getenv)
	if env == nil {
		env = &notify.SMTP{From: os.Getenv("DUALTRACK_SMTP_FROM"), Username: os.Getenv("DUALTRACK_SMTP_USERNAME"),
			Password: os.Getenv("DUALTRACK_SMTP_PASSWORD")}
	}
	addr := fs.String("smtp-addr", env.Addr, "SMTP submission server host:port; none: no e-mails (env DUALTRACK_SMTP_ADDR)")
	from := fs.String("smtp-from", env.From, "sender address of the e-mails, \"Name <address>\" or an address (env DUALTRACK_SMTP_FROM)")
	user := fs.String("smtp-username", env.Username, "SMTP username, authenticated after STARTTLS (env DUALTRACK_SMTP_USERNAME; the password only by env DUALTRACK_SMTP_PASSWORD)")
	baseURL := fs.String("base-url", os.Getenv("DUALTRACK_BASE_URL"), "the site's address, for whole links in e-mails (env DUALTRACK_BASE_URL)")
	rules := domain.DefaultNotificationRules
	fs.IntVar(&rules.AgreementDays, "agreement-days", rules.AgreementDays, "tell a party after an agreement awaited its signature this many days")
	fs.IntVar(&rules.LogbookDays, "logbook-days", rules.LogbookDays, "tell the mentor after an entry awaited them this many days")
	fs.IntVar(&rules.RoundClosingDays, "round-days", rules.RoundClosingDays, "remind a round's students this many days before its deadline")
	at := fs.String("now", "", "sweep as of this time, RFC 3339 or YYYY-MM-DD (default: now)")
	if err := parse(fs, args); err != nil {
		return err
	}
	now := time.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			if t, err = time.Parse(time.DateOnly, *at); err != nil {
				return fmt.Errorf("%w: --now must be a time (RFC 3339) or a date YYYY-MM-DD", errUsage)
			}
		}
		now = t
	}
	if err := rules.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	var mailer notify.Mailer
	if *addr != "" {
		m := &notify.SMTP{Addr: *addr, From: *from, Username: *user, Password: env.Password}
		if err := m.Check(); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		mailer = m
	}
	st, err := openMigrated(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	n := notify.New(st, mailer)
	n.Rules, n.BaseURL = rules, *baseURL
	n.Now = func() time.Time { return now }
	res, err := n.Run(domain.WithActor(ctx, domain.Actor{Via: "cli"}))
	var kinds []string
	for _, k := range domain.NotificationKinds {
		if c := res.Raised[k]; c > 0 {
			kinds = append(kinds, fmt.Sprintf("%s %d", k, c))
		}
	}
	detail := ""
	if len(kinds) > 0 {
		detail = " (" + strings.Join(kinds, ", ") + ")"
	}
	fmt.Fprintf(stdout, "notifications: %d raised%s, %d e-mailed, %d e-mails failed\n", res.Raised.Total(), detail, res.Emailed, res.Failed)
	return err
}
