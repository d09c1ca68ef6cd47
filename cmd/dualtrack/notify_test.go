package main

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestNotifyCommand runs one sweep on a database with an agreement
// awaiting signatures for four days: the three parties are notified, the
// student who gave an address is e-mailed through the SMTP server, and a
// second run raises and sends nothing. Bad flags are usage errors.
func TestNotifyCommand(t *testing.T) {
	db := testkit.DSN(t)
	st := testkit.OpenStore(t, db)
	w := testkit.NewAwaiting(t, st)
	p := domain.DefaultNotificationPrefs(w.Student.ID, "kk")
	p.Email = "aigerim@example.kz"
	if err := st.SaveNotificationPrefs(testkit.As(w.Student), &p); err != nil {
		t.Fatal(err)
	}
	st.Close()

	var mu sync.Mutex
	var rcpts []string
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &rcptSession{mu: &mu, to: &rcpts}, nil }))
	srv.Domain = "localhost"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	defer srv.Close()

	now := w.SentAt.AddDate(0, 0, 4).Format(time.RFC3339)
	args := []string{"notify", "--db", db, "--smtp-addr", l.Addr().String(), "--smtp-from", "noreply@dualtrack.kz", "--now", now}
	code, stdout, stderr := runCmd(t, args...)
	if code != 0 || !strings.Contains(stdout, "notifications: 3 raised (agreement_awaiting 3), 1 e-mailed, 0 e-mails failed") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	mu.Lock()
	got := strings.Join(rcpts, ",")
	mu.Unlock()
	if got != "aigerim@example.kz" {
		t.Fatalf("the server received mail for %q", got)
	}
	if code, stdout, _ := runCmd(t, args...); code != 0 || !strings.Contains(stdout, "notifications: 0 raised, 0 e-mailed") {
		t.Fatalf("again: exit %d, %s", code, stdout)
	}

	for _, bad := range [][]string{
		{"notify", "--db", db, "--now", "yesterday"},
		{"notify", "--db", db, "--smtp-addr", "mail.example.kz", "--smtp-from", "noreply@dualtrack.kz"},
		{"notify", "--db", db, "--smtp-addr", "127.0.0.1:25", "--smtp-from", "not an address"},
		{"notify", "--db", db, "--agreement-days", "0"},
	} {
		if code, _, _ := runCmd(t, bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad[3:], code)
		}
	}
}

// rcptSession keeps the recipients of the messages it takes.
type rcptSession struct {
	mu *sync.Mutex
	to *[]string
}

func (s *rcptSession) Reset()                               {}
func (s *rcptSession) Logout() error                        { return nil }
func (s *rcptSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *rcptSession) Data(r io.Reader) error {
	_, err := io.Copy(io.Discard, r)
	return err
}
func (s *rcptSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.mu.Lock()
	*s.to = append(*s.to, to)
	s.mu.Unlock()
	return nil
}
