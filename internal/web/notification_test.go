package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// notificationProbes are the route matrix's requests for one's own
// notifications: the list and the settings for every signed-in role, a
// notification that is nobody's (404), and settings with a bad address
// (400, nothing saved).
func (r *registry) notificationProbes(t testing.TB, u domain.User) map[string]probe {
	return map[string]probe{
		"GET /notifications":            {"GET", "/notifications", nil, http.StatusOK},
		"POST /notifications/read":      {"POST", "/notifications/read", url.Values{}, http.StatusSeeOther},
		"POST /notifications/{id}/read": {"POST", "/notifications/999999/read", url.Values{}, http.StatusNotFound},
		"GET /notifications/settings":   {"GET", "/notifications/settings", nil, http.StatusOK},
		"POST /notifications/settings":  {"POST", "/notifications/settings", url.Values{"email": {"not an address"}, "lang": {"kk"}}, http.StatusBadRequest},
	}
}

// TestNotificationPages follows a sweep's notifications through the
// pages: the bell's count, the list in the reader's language, marking one
// read (never another person's: 404) and all read, and the settings page
// with a refused address and a saved choice, recorded in the audit log.
func TestNotificationPages(t *testing.T) {
	app := testkit.StartApp(t, testkit.DSN(t))
	st := app.Store
	w := testkit.NewAwaiting(t, st)
	ctx := context.Background()
	if res, err := st.RaiseNotifications(ctx, domain.DefaultNotificationRules, w.SentAt.AddDate(0, 0, 4)); err != nil || res.Total() != 3 {
		t.Fatalf("raised %v, %v", res, err)
	}
	idOf := func(u domain.User) int64 {
		list, err := st.Notifications(ctx, domain.NotificationFilter{UserID: u.ID})
		if err != nil || len(list.Items) != 1 {
			t.Fatalf("%s's notifications: %+v, %v", u.Login, list, err)
		}
		return list.Items[0].ID
	}
	mine, hrs := idOf(w.Student), idOf(w.HR)
	student := session(signIn(t, app.URL, w.Student.Login))

	get(t, app.URL, "/", append(student, in("kk")...)...).expect(t, http.StatusOK,
		`<span class="badge" id="unread">1</span>`, "1 оқылмаған хабарландыру")
	list := get(t, app.URL, "/notifications", append(student, in("kk")...)...)
	list.expect(t, http.StatusOK, "Хабарландырулар", "Шарт сіздің қолыңызды күтуде",
		"Серікова Айгерім білім алушының үшжақты шарты 20.08.2026 бастап сіздің қолыңызды күтуде.",
		`href="/agreements/`+itoa(w.Agreement.ID)+`"`, `action="/notifications/`+itoa(mine)+`/read"`, "Жаңа", "Барлығын оқылды деп белгілеу")
	list.lacks(t, `action="/notifications/`+itoa(hrs)+`/read"`)
	get(t, app.URL, "/notifications?lang=ru", student...).expect(t, http.StatusOK, "Оповещения",
		"Трёхсторонний договор обучающегося Серікова Айгерім ожидает вашей подписи с 20.08.2026.")

	// Another person's notification is not found, and stays unread.
	postForm(t, app.URL, "/notifications/"+itoa(hrs)+"/read", url.Values{}, append(student, in("en")...)...).expect(t, http.StatusNotFound)
	if n, _ := st.UnreadNotifications(ctx, w.HR.ID); n != 1 {
		t.Fatalf("HR's unread after the student's attempt: %d", n)
	}
	postForm(t, app.URL, "/notifications/"+itoa(mine)+"/read", url.Values{"next": {"/notifications?show=unread"}}, student...).
		expectRedirect(t, "/notifications?show=unread")
	get(t, app.URL, "/notifications?show=unread", append(student, in("en")...)...).expect(t, http.StatusOK, "You have no unread notifications.")
	read := get(t, app.URL, "/notifications", append(student, in("en")...)...)
	read.expect(t, http.StatusOK, "An agreement awaits your signature", "Read")
	read.lacks(t, `id="unread"`, "Mark all read")
	// A next that leaves the site comes back home instead.
	postForm(t, app.URL, "/notifications/read", url.Values{"next": {"//evil.example/"}}, student...).expectRedirect(t, "/")

	coordinator := session(signIn(t, app.URL, w.Coordinator.Login))
	postForm(t, app.URL, "/notifications/read", url.Values{"next": {"/notifications"}}, coordinator...).expectRedirect(t, "/notifications")
	get(t, app.URL, "/notifications", append(coordinator, in("en")...)...).expect(t, http.StatusOK, "All notifications are marked read.")
	if n, _ := st.UnreadNotifications(ctx, w.Coordinator.ID); n != 0 {
		t.Fatalf("the coordinator's unread after marking all: %d", n)
	}

	// Settings: the kinds of the student's role, in the page's language.
	settings := get(t, app.URL, "/notifications/settings", append(student, in("en")...)...)
	settings.expect(t, http.StatusOK, "Notification settings", "An agreement awaits my signature", "An allocation round opens",
		`name="email.agreement_awaiting" aria-label="An agreement awaits my signature: By e-mail" checked`, `<option value="en" selected>`)
	settings.lacks(t, "A trainee&#39;s logbook entry awaits me", "Work obligations")
	bad := postForm(t, app.URL, "/notifications/settings", url.Values{"email": {"Айгерім <a@example.kz>"}, "lang": {"kk"}},
		append(student, in("en")...)...)
	bad.expect(t, http.StatusBadRequest, "E-mail address: Enter an e-mail address such as name@example.kz.", `aria-invalid="true"`)
	postForm(t, app.URL, "/notifications/settings", url.Values{"email": {"aigerim@example.kz"}, "lang": {"kk"},
		"in_app.agreement_awaiting": {"on"}, "email.round_opened": {"on"}}, student...).expectRedirect(t, "/notifications/settings")
	saved := get(t, app.URL, "/notifications/settings", append(student, in("ru")...)...)
	saved.expect(t, http.StatusOK, "Настройки оповещений сохранены.", `value="aigerim@example.kz"`, `<option value="kk" selected>`,
		`name="in_app.agreement_awaiting" aria-label="Договор ожидает моей подписи: В системе" checked`)
	saved.lacks(t, `name="email.agreement_awaiting" aria-label="Договор ожидает моей подписи: По электронной почте" checked`)
	p, err := st.NotificationPrefs(ctx, w.Student.ID, "en")
	if err != nil || p.Email != "aigerim@example.kz" || p.Lang != "kk" || p.Choice(domain.NotifyAgreementAwaiting).Email ||
		!p.Choice(domain.NotifyRoundOpened).Email || p.Choice(domain.NotifyRoundOpened).InApp {
		t.Fatalf("saved: %+v, %v", p, err)
	}
	log, err := st.Audit(ctx, domain.AuditFilter{RecordType: "notification_prefs", UserID: w.Student.ID})
	if err != nil || log.Total != 1 {
		t.Fatalf("audit of the settings: %+v, %v", log, err)
	}

	// The mentor is offered the logbook's kind; a role that receives none
	// is told so.
	ministry := testkit.NewUser(t, st, domain.User{Login: "ministry", Role: domain.RoleMinistry})
	get(t, app.URL, "/notifications/settings", append(session(signIn(t, app.URL, ministry.Login)), in("en")...)...).
		expect(t, http.StatusOK, "Your role receives no notifications.")
	mentor := session(signIn(t, app.URL, w.Mentor.Login))
	get(t, app.URL, "/notifications/settings", append(mentor, in("en")...)...).expect(t, http.StatusOK, "A trainee&#39;s logbook entry awaits me")
	get(t, app.URL, "/notifications", append(mentor, in("en")...)...).expect(t, http.StatusOK, "You have no notifications yet.")
}
