package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"strings"
	"time"
)

// Mail is one message to one person.
type Mail struct {
	To      string
	Subject string
	Body    string // plain text, lines separated by \n
}

// SMTP sends mail through a submission server with the standard
// library's net/smtp: STARTTLS whenever the server offers it, PLAIN
// authentication when a username is set (net/smtp sends it only over TLS
// or to localhost). Configured by DUALTRACK_SMTP_ADDR, _FROM, _USERNAME
// and _PASSWORD (SMTPFromEnv) or the command's flags.
type SMTP struct {
	Addr     string // host:port
	From     string // an address, or "Name <address>"
	Username string
	Password string
	// TLS configures STARTTLS; nil verifies the server's certificate
	// against the system's roots for the host of Addr.
	TLS *tls.Config
	// Timeout bounds one message's whole exchange (30 s when zero).
	Timeout time.Duration
	// Now dates the messages (time.Now when nil).
	Now func() time.Time
}

// SMTPFromEnv returns the SMTP configuration of the environment, or nil
// when DUALTRACK_SMTP_ADDR is not set (no e-mails).
func SMTPFromEnv(getenv func(string) string) *SMTP {
	if getenv("DUALTRACK_SMTP_ADDR") == "" {
		return nil
	}
	return &SMTP{Addr: getenv("DUALTRACK_SMTP_ADDR"), From: getenv("DUALTRACK_SMTP_FROM"),
		Username: getenv("DUALTRACK_SMTP_USERNAME"), Password: getenv("DUALTRACK_SMTP_PASSWORD")}
}

// Check reports a configuration that cannot send: no host and port, or no
// sender address.
func (m *SMTP) Check() error {
	if _, _, err := net.SplitHostPort(m.Addr); err != nil {
		return fmt.Errorf("SMTP address %q: want host:port", m.Addr)
	}
	if _, err := mail.ParseAddress(m.From); err != nil {
		return fmt.Errorf("SMTP sender %q: %v", m.From, err)
	}
	return nil
}

// Send delivers one message, or returns why the server did not take it.
func (m *SMTP) Send(ctx context.Context, msg Mail) error {
	if err := m.Check(); err != nil {
		return err
	}
	from, _ := mail.ParseAddress(m.From)
	to, err := mail.ParseAddress(msg.To)
	if err != nil || to.Address != msg.To {
		return fmt.Errorf("recipient %q is not a plain address", msg.To)
	}
	host, _, _ := net.SplitHostPort(m.Addr)
	timeout := m.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	data, err := compose(from, to, msg, now())
	if err != nil {
		return err
	}

	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", m.Addr)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	// The whole exchange has one deadline, and ends with ctx.
	conn.SetDeadline(time.Now().Add(timeout))
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp: %w", err)
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return fmt.Errorf("smtp hello: %w", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := &tls.Config{ServerName: host}
		if m.TLS != nil {
			cfg = m.TLS.Clone()
		}
		if err := c.StartTLS(cfg); err != nil {
			return fmt.Errorf("smtp starttls: %w", err)
		}
	}
	if m.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("smtp: a username is set but the server offers no authentication")
		}
		if err := c.Auth(smtp.PlainAuth("", m.Username, m.Password, host)); err != nil {
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return fmt.Errorf("smtp mail from: %w", err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return fmt.Errorf("smtp rcpt to %s: %w", to.Address, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	return c.Quit()
}

// compose writes the message: UTF-8 plain text, quoted-printable (Kazakh
// and Russian text stays readable in the source and within 7 bits), the
// subject encoded as RFC 2047 words.
func compose(from, to *mail.Address, msg Mail, date time.Time) ([]byte, error) {
	id := make([]byte, 12)
	if _, err := rand.Read(id); err != nil {
		return nil, err
	}
	_, domain, _ := strings.Cut(from.Address, "@")
	var b bytes.Buffer
	header := func(name, value string) { b.WriteString(name + ": " + value + "\r\n") }
	header("From", from.String())
	header("To", to.String())
	header("Subject", mime.BEncoding.Encode("utf-8", strings.ReplaceAll(msg.Subject, "\n", " ")))
	header("Date", date.Format(time.RFC1123Z))
	header("Message-ID", "<"+hex.EncodeToString(id)+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Auto-Submitted", "auto-generated") // RFC 3834: no auto-replies
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(strings.ReplaceAll(msg.Body, "\n", "\r\n"))); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
