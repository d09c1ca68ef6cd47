package notify_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/notify"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// received is one message a test's SMTP server took.
type received struct {
	from string
	to   []string
	data []byte
}

// mailServer is a real SMTP server (emersion/go-smtp) on 127.0.0.1 that
// keeps what it receives.
type mailServer struct {
	addr string
	mu   sync.Mutex
	got  []received
}

func startMailServer(t *testing.T) *mailServer {
	t.Helper()
	ms := &mailServer{}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{ms: ms}, nil }))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ms.addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return ms
}

func (ms *mailServer) messages() []received {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return append([]received(nil), ms.got...)
}

type session struct {
	ms  *mailServer
	cur received
}

func (s *session) Reset()        { s.cur = received{} }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.cur.from = from
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.to = append(s.cur.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.data = b
	s.ms.mu.Lock()
	s.ms.got = append(s.ms.got, s.cur)
	s.ms.mu.Unlock()
	return nil
}

// decoded is a received message as its reader sees it.
type decoded struct {
	from, to, subject, body string
}

func decode(t *testing.T, raw []byte) decoded {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not a message: %v\n%s", err, raw)
	}
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	if ct := m.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if m.Header.Get("Content-Transfer-Encoding") != "quoted-printable" {
		t.Errorf("Content-Transfer-Encoding %q", m.Header.Get("Content-Transfer-Encoding"))
	}
	// The reader of a quoted-printable body: the mail package leaves it
	// encoded.
	body, err := io.ReadAll(quotedprintable.NewReader(m.Body))
	if err != nil {
		t.Fatal(err)
	}
	return decoded{from: m.Header.Get("From"), to: m.Header.Get("To"), subject: subject, body: string(body)}
}

// world is testkit's agreement awaiting signatures, where Aigerim (the
// student) reads Kazakh and wants e-mails, the coordinator gave no
// address, and HR reads Russian and wants this kind in the product only.
type world struct {
	*testkit.Awaiting
	st *store.Store
}

func mustDo(t *testing.T, errs ...error) {
	t.Helper()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func newWorld(t *testing.T, st *store.Store) *world {
	t.Helper()
	w := &world{Awaiting: testkit.NewAwaiting(t, st), st: st}
	kk := domain.DefaultNotificationPrefs(w.Student.ID, "kk")
	kk.Email = "aigerim@example.kz"
	mustDo(t, st.SaveNotificationPrefs(testkit.As(w.Student), &kk))
	ru := domain.DefaultNotificationPrefs(w.HR.ID, "ru")
	ru.Email = "hr@example.kz"
	ru.Kinds = []domain.ChannelChoice{{Kind: domain.NotifyAgreementAwaiting, InApp: true}}
	mustDo(t, st.SaveNotificationPrefs(testkit.As(w.HR), &ru))
	return w
}

// notifier sweeps w as of days after the agreement was sent, e-mailing
// through addr.
func (w *world) notifier(addr string, days int) *notify.Notifier {
	n := notify.New(w.st, &notify.SMTP{Addr: addr, From: "dualtrack <noreply@dualtrack.kz>", Timeout: 5 * time.Second})
	n.BaseURL = "https://dualtrack.example.kz/"
	at := w.SentAt.AddDate(0, 0, days)
	n.Now = func() time.Time { return at }
	return n
}

// TestSweepSendsInTheReadersLanguageOnce sweeps against a real SMTP
// server: nothing before the rule's days; then one e-mail, to the person
// who gave an address and wants e-mails of the kind, in Kazakh, with the
// agreement's whole link; the same sweep again sends nothing.
func TestSweepSendsInTheReadersLanguageOnce(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ms := startMailServer(t)
		w := newWorld(t, st)
		ctx := context.Background()

		res, err := w.notifier(ms.addr, 1).Run(ctx)
		if err != nil || res.Raised.Total() != 0 || res.Emailed != 0 || len(ms.messages()) != 0 {
			t.Fatalf("a day after sending: %+v, %v, %d messages", res, err, len(ms.messages()))
		}
		res, err = w.notifier(ms.addr, 4).Run(ctx)
		if err != nil || res.Raised[domain.NotifyAgreementAwaiting] != 3 || res.Emailed != 1 || res.Failed != 0 {
			t.Fatalf("four days after sending: %+v, %v", res, err)
		}
		got := ms.messages()
		if len(got) != 1 || got[0].from != "noreply@dualtrack.kz" || len(got[0].to) != 1 || got[0].to[0] != "aigerim@example.kz" {
			t.Fatalf("received: %+v", got)
		}
		m := decode(t, got[0].data)
		if m.subject != "Шарт сіздің қолыңызды күтуде" || m.to != "<aigerim@example.kz>" || !strings.Contains(m.from, "noreply@dualtrack.kz") {
			t.Errorf("headers: %+v", m)
		}
		for _, want := range []string{
			"Сәлеметсіз бе, Серікова Айгерім!",
			"Серікова Айгерім білім алушының үшжақты шарты 20.08.2026 бастап сіздің қолыңызды күтуде.",
			fmt.Sprintf("Ашу: https://dualtrack.example.kz/agreements/%d", w.Agreement.ID),
			"https://dualtrack.example.kz/notifications/settings",
		} {
			if !strings.Contains(m.body, want) {
				t.Errorf("the body lacks %q:\n%s", want, m.body)
			}
		}

		res, err = w.notifier(ms.addr, 4).Run(ctx)
		if err != nil || res.Raised.Total() != 0 || res.Emailed != 0 || len(ms.messages()) != 1 {
			t.Fatalf("the sweep again: %+v, %v, %d messages", res, err, len(ms.messages()))
		}
		// HR chose the product only, in Russian: the notification is there.
		list, err := st.Notifications(ctx, domain.NotificationFilter{UserID: w.HR.ID})
		if err != nil || list.Total != 1 || list.Items[0].Email {
			t.Fatalf("HR's: %+v, %v", list, err)
		}
		if text := notify.Message(i18n.For("ru"), list.Items[0]); text.Body !=
			"Трёхсторонний договор обучающегося Серікова Айгерім ожидает вашей подписи с 20.08.2026." {
			t.Errorf("in Russian: %q", text.Body)
		}
	})
}

// TestSweepRetriesAFailedEmail: a server that cannot be reached fails the
// sweep; the e-mail waits for the retry interval, then goes out once.
func TestSweepRetriesAFailedEmail(t *testing.T) {
	st := testkit.OpenStore(t, testkit.DSN(t))
	w := newWorld(t, st)
	ctx := context.Background()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	res, err := w.notifier(closed, 4).Run(ctx)
	if err == nil || res.Failed != 1 || res.Emailed != 0 {
		t.Fatalf("to a closed port: %+v, %v", res, err)
	}
	ms := startMailServer(t)
	n := w.notifier(ms.addr, 4)
	if res, err := n.Run(ctx); err != nil || res.Emailed != 0 {
		t.Fatalf("within the retry interval: %+v, %v", res, err)
	}
	later := n.Now().Add(11 * time.Minute)
	n.Now = func() time.Time { return later }
	if res, err := n.Run(ctx); err != nil || res.Emailed != 1 || len(ms.messages()) != 1 {
		t.Fatalf("after the retry interval: %+v, %v", res, err)
	}
	if res, _ := n.Run(ctx); res.Emailed != 0 || len(ms.messages()) != 1 {
		t.Fatalf("sent twice: %+v", res)
	}
}

// TestSweepWithoutMailer raises the notifications and sends nothing when
// no SMTP server is configured.
func TestSweepWithoutMailer(t *testing.T) {
	st := testkit.OpenStore(t, testkit.DSN(t))
	w := newWorld(t, st)
	n := notify.New(st, nil)
	at := w.SentAt.AddDate(0, 0, 5)
	n.Now = func() time.Time { return at }
	res, err := n.Run(context.Background())
	if err != nil || res.Raised.Total() != 3 || res.Emailed != 0 {
		t.Fatalf("%+v, %v", res, err)
	}
}

// TestMessageInEachLanguage words an obligation's deadline and change in
// each language, with the day as its readers write it.
func TestMessageInEachLanguage(t *testing.T) {
	deadline := domain.Notification{Kind: domain.NotifyObligationMilestone, Params: map[string]string{"student": "Ким Марат",
		"number": "ЦП-2025/1", "variant": "deadline", "state": "pending", "due_on": "2026-10-01"}}
	change := domain.Notification{Kind: domain.NotifyObligationMilestone, Params: map[string]string{"student": "Ким Марат",
		"number": "ЦП-2025/1", "variant": "change_final", "state": "breached"}}
	for _, c := range []struct {
		lang    string
		n       domain.Notification
		subject string
		body    string
	}{
		{"kk", deadline, "Ким Марат: жұмыс істеу міндеттемесі", "Ким Марат (ЦП-2025/1 шарт) 01.10.2026 дейін жұмысқа шығуы керек."},
		{"ru", deadline, "Обязательство по отработке: Ким Марат", "Ким Марат (договор ЦП-2025/1) должен(на) выйти на работу до 01.10.2026."},
		{"en", deadline, "Work obligation of Ким Марат", "Ким Марат (contract ЦП-2025/1) must start work by 1 October 2026."},
		{"kk", change, "Ким Марат: жұмыс істеу міндеттемесі", "Ким Марат білім алушының ЦП-2025/1 шарты бойынша жұмыс істеу міндеттемесінің жаңа күйі: бұзылды."},
		{"ru", change, "Обязательство по отработке: Ким Марат", "Обязательство по отработке Ким Марат по договору ЦП-2025/1: нарушено."},
	} {
		got := notify.Message(i18n.For(c.lang), c.n)
		if got.Subject != c.subject || got.Body != c.body {
			t.Errorf("%s: %+v", c.lang, got)
		}
	}
}

// TestNewWithoutSMTPFromEnv: the environment without a server gives a nil
// *SMTP, which New takes as no mailer rather than one that panics.
func TestNewWithoutSMTPFromEnv(t *testing.T) {
	n := notify.New(nil, notify.SMTPFromEnv(func(string) string { return "" }))
	if n.Mailer != nil {
		t.Fatalf("mailer %#v, want none", n.Mailer)
	}
	env := map[string]string{"DUALTRACK_SMTP_ADDR": "smtp.example.kz:587", "DUALTRACK_SMTP_FROM": "noreply@dualtrack.kz"}
	m := notify.SMTPFromEnv(func(k string) string { return env[k] })
	if m == nil || m.Addr != "smtp.example.kz:587" || m.Check() != nil {
		t.Fatalf("from the environment: %+v", m)
	}
}
