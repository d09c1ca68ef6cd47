package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/app"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
	"github.com/dualtrack/dualtrack/internal/web"
)

// TestSessionLifecycle: a session cookie is never carried over a sign-in
// (no fixation), its flags are right, and signing out destroys the session
// on the server, so a kept copy of the cookie is worth nothing.
func TestSessionLifecycle(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		coordinator := r.users[domain.RoleCollege]
		// A cookie set before sign-in, by an attacker or an earlier
		// session, is not the one after.
		for _, before := range []string{"attacker-chosen-value", signIn(t, r.app.URL, r.users[domain.RoleMinistry].Login)} {
			p := postForm(t, r.app.URL, "/signin", url.Values{"login": {coordinator.Login}, "password": {testkit.Password}}, session(before)...)
			c, ok := p.cookie(web.SessionCookie)
			if p.status != http.StatusSeeOther || !ok || c.Value == "" || c.Value == before {
				t.Fatalf("sign-in with cookie %q: status %d, new cookie %+v", before, p.status, c)
			}
			// The earlier session is gone: its cookie gets the public view.
			get(t, r.app.URL, "/students", session(before)...).expectSignIn(t, "/students")
		}

		p := postForm(t, r.app.URL, "/signin", url.Values{"login": {coordinator.Login}, "password": {testkit.Password}, "next": {"/students?dual=yes"}})
		if loc := p.header.Get("Location"); p.status != http.StatusSeeOther || loc != "/students?dual=yes" {
			t.Fatalf("sign-in: status %d, Location %q; want 303 to next", p.status, loc)
		}
		c, _ := p.cookie(web.SessionCookie)
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure {
			t.Errorf("session cookie flags: %+v; want HttpOnly, SameSite=Lax, Path=/, not Secure over plain HTTP", c)
		}
		// The 12-hour lifetime bounds the cookie's life; the server keeps
		// the idle timeout (TestSessionIdleTimeout).
		if c.MaxAge <= 0 || c.MaxAge > int((12*time.Hour).Seconds())+1 {
			t.Errorf("session cookie Max-Age %d; want at most the 12 hour lifetime", c.MaxAge)
		}
		cookie := c.Value
		// The database keeps only a hash of the token.
		if _, found, err := r.app.Store.Sessions().FindCtx(context.Background(), cookie); err != nil || found {
			t.Errorf("the sessions table holds the cookie's token itself (found %v, %v)", found, err)
		}
		home := get(t, r.app.URL, "/", append(session(cookie), in("en")...)...)
		home.expect(t, http.StatusOK, coordinator.Name, `<form method="post" action="/signout">`, "Sign out")
		home.lacks(t, `class="signin"`)
		if cc := home.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("a signed-in page may be cached: Cache-Control %q", cc)
		}

		out := postForm(t, r.app.URL, "/signout", url.Values{}, session(cookie)...)
		gone, _ := out.cookie(web.SessionCookie)
		if out.status != http.StatusSeeOther || out.header.Get("Location") != "/" || gone == nil || gone.MaxAge >= 0 {
			t.Fatalf("sign-out: status %d, Location %q, cookie %+v; want 303 home and the cookie deleted", out.status, out.header.Get("Location"), gone)
		}
		// Both ends of the session are in the audit log.
		log, err := r.app.Store.Audit(context.Background(), domain.AuditFilter{RecordType: "session", Login: coordinator.Login})
		if err != nil || log.Total < 2 || log.Items[0].Action != "sign_out" {
			t.Errorf("sign-in and sign-out not audited: %+v %v", log.Items, err)
		}
		// Replaying the old cookie: the public view, sign-in for the rest.
		get(t, r.app.URL, "/students", session(cookie)...).expectSignIn(t, "/students")
		get(t, r.app.URL, "/account", session(cookie)...).expectSignIn(t, "/account")
		// htmx, which would follow a redirect inside its request, is told
		// to load the sign-in page instead.
		hx := get(t, r.app.URL, "/students?q=a", append(session(cookie), "HX-Request", "true")...)
		if hx.status != http.StatusUnauthorized || hx.header.Get("HX-Redirect") != "/signin?next="+url.QueryEscape("/students?q=a") {
			t.Errorf("htmx after sign-out: status %d, HX-Redirect %q", hx.status, hx.header.Get("HX-Redirect"))
		}
		public := get(t, r.app.URL, "/", append(session(cookie), in("en")...)...)
		public.expect(t, http.StatusOK, `class="signin"`, "Sign in")
		public.lacks(t, coordinator.Name, "/signout")
	})
}

// expectSignIn fails unless the page sends the public to sign in and back
// to next.
func (p page) expectSignIn(t testing.TB, next string) {
	t.Helper()
	want := "/signin?next=" + url.QueryEscape(next)
	if loc := p.header.Get("Location"); p.status != http.StatusSeeOther || loc != want {
		t.Errorf("status %d, Location %q; want 303 to %s", p.status, loc, want)
	}
}

// TestSecureCookies: the session and language cookies are Secure when the
// configuration says users arrive over HTTPS, and when a request comes over
// TLS itself.
func TestSecureCookies(t *testing.T) {
	t.Parallel()
	st := testkit.OpenStore(t, testkit.DSN(t))
	u := testkit.NewUser(t, st, domain.User{Role: domain.RoleMinistry})
	for _, c := range []struct {
		name   string
		secure bool
		tls    bool
	}{{"configured", true, false}, {"over TLS", false, true}} {
		t.Run(c.name, func(t *testing.T) {
			h, err := app.Handler(st, app.Options{Log: slog.New(slog.DiscardHandler), SecureCookies: c.secure})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewUnstartedServer(h)
			if c.tls {
				srv.StartTLS()
			} else {
				srv.Start()
			}
			defer srv.Close()
			client := srv.Client()
			client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			for path, form := range map[string]url.Values{
				"/signin": {"login": {u.Login}, "password": {testkit.Password}},
				"/lang":   {"lang": {"ru"}},
			} {
				resp, err := client.PostForm(srv.URL+path, form)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				cookies := resp.Cookies()
				if len(cookies) == 0 {
					t.Fatalf("%s set no cookie (status %d)", path, resp.StatusCode)
				}
				for _, ck := range cookies {
					if !ck.Secure {
						t.Errorf("%s: cookie %s is not Secure", path, ck.Name)
					}
				}
			}
		})
	}
}

// TestSessionFollowsTheUser: the session reloads its user on every
// request. A changed role renews the session token (the old cookie stops
// working) and takes effect at once; a disabled user is signed out.
func TestSessionFollowsTheUser(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	ctx := context.Background()
	st := r.app.Store
	coordinator := r.users[domain.RoleCollege]
	cookie := signIn(t, r.app.URL, coordinator.Login)
	get(t, r.app.URL, "/admin/users", session(cookie)...).expect(t, http.StatusOK)

	// The coordinator becomes a teacher.
	u := coordinator
	u.Role, u.TeacherID = domain.RoleTeacher, r.curator.ID
	if err := st.UpdateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	p := get(t, r.app.URL, "/admin/users", append(session(cookie), in("en")...)...)
	p.expect(t, http.StatusForbidden, "Your role does not allow this.")
	renewed, ok := p.cookie(web.SessionCookie)
	if !ok || renewed.Value == "" || renewed.Value == cookie {
		t.Fatalf("the role changed but the session token did not: %+v", renewed)
	}
	get(t, r.app.URL, "/students", session(cookie)...).expectSignIn(t, "/students")
	get(t, r.app.URL, "/students", append(session(renewed.Value), in("en")...)...).expect(t, http.StatusOK, "15 students")

	// Disabled: signed out at the next request, whatever the cookie.
	u.Disabled = true
	if err := st.UpdateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	p = get(t, r.app.URL, "/students", session(renewed.Value)...)
	p.expectSignIn(t, "/students")
	if c, ok := p.cookie(web.SessionCookie); !ok || c.MaxAge >= 0 {
		t.Errorf("a disabled user's session cookie is not deleted: %+v", c)
	}
	get(t, r.app.URL, "/", session(renewed.Value)...).lacks(t, coordinator.Name)
	// And cannot sign in again.
	postForm(t, r.app.URL, "/signin", url.Values{"login": {coordinator.Login}, "password": {testkit.Password}}).expect(t, http.StatusUnauthorized)
}

// TestCrossSiteFormsRefused: a form posted from another site (CSRF) is
// refused before it reaches a handler, signed in or not.
func TestCrossSiteFormsRefused(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	ministry := r.as(t, domain.RoleMinistry)
	crossSite := []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}
	for path, form := range map[string]url.Values{
		"/signin":           {"login": {r.users[domain.RoleMinistry].Login}, "password": {testkit.Password}},
		"/admin/users":      {"login": {"csrf-made"}, "name": {"CSRF"}, "role": {"auditor"}, "expires_at": {"2099-01-01"}, "password": {"Csrf-құпиясөз-2026"}},
		"/account/tokens":   {"name": {"csrf"}},
		"/account/password": {"current_password": {testkit.Password}, "password": {"Csrf-құпиясөз-2026"}, "password_confirm": {"Csrf-құпиясөз-2026"}},
		"/signout":          {},
	} {
		p := postForm(t, r.app.URL, path, form, append(append(crossSite, ministry...), "Accept-Language", "ru")...)
		if p.status != http.StatusForbidden || !strings.Contains(p.body, "Форма отправлена с другого сайта") {
			t.Errorf("cross-site POST %s: status %d, body %q; want 403 with the Russian explanation", path, p.status, p.body)
		}
		if _, ok := p.cookie(web.SessionCookie); ok {
			t.Errorf("cross-site POST %s touched the session", path)
		}
	}
	if _, err := r.app.Store.UserByLogin(context.Background(), "csrf-made"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("the cross-site form created a user (%v)", err)
	}
	// The session survived, and the same form from the site itself works.
	sameSite := []string{"Origin", r.app.URL, "Sec-Fetch-Site", "same-origin"}
	p := postForm(t, r.app.URL, "/account/tokens", url.Values{"name": {"mine"}}, append(sameSite, ministry...)...)
	p.expect(t, http.StatusOK, "dt_")
}

// syncBuffer is a buffer the program's log goroutines may write while the
// test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var tokenSecret = regexp.MustCompile(`dt_[A-Za-z0-9_-]{40,}`)

// TestNoSecretsInLogs goes through everything that handles a password, a
// token or a session (failed and good sign-ins, a password change and
// reset, a token made, used and revoked, sign-out) and then reads the
// program's whole log: none of them may appear.
func TestNoSecretsInLogs(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	a := testkit.StartApp(t, testkit.DSN(t), testkit.WithLogs(&logs))
	ctx := context.Background()
	college := domain.College{BIN: identifier(t, "99034000101"), Name: domain.Names{KK: "К", RU: "К", EN: "C"},
		RegionID: 75, CityID: 1, Ownership: domain.OwnershipState, Address: "Алматы"}
	if err := a.Store.CreateCollege(ctx, &college); err != nil {
		t.Fatal(err)
	}
	admin := testkit.NewUser(t, a.Store, domain.User{Role: domain.RoleMinistry})
	const (
		wrong    = "Wrong-секрет-1234"
		changed  = "Changed-секрет-5678"
		reset    = "Reset-секрет-9012"
		initial  = "Initial-секрет-3456"
		newLogin = "logged-auditor"
	)
	postForm(t, a.URL, "/signin", url.Values{"login": {admin.Login}, "password": {wrong}}).expect(t, http.StatusUnauthorized)
	postForm(t, a.URL, "/signin", url.Values{"login": {"nobody-" + wrong}, "password": {wrong}}).expect(t, http.StatusUnauthorized)
	cookie := signIn(t, a.URL, admin.Login)
	v := &visitor{base: a.URL, cookie: cookie}
	cookies := []string{cookie}
	v.send(t, "POST", "/account/password", url.Values{"current_password": {testkit.Password}, "password": {changed}, "password_confirm": {changed}}).expect(t, http.StatusSeeOther)
	cookies = append(cookies, v.cookie)
	p := v.send(t, "POST", "/admin/users", url.Values{"login": {newLogin}, "name": {"Auditor"}, "role": {"auditor"},
		"expires_at": {time.Now().AddDate(0, 1, 0).Format(time.DateOnly)}, "password": {initial}})
	p.expect(t, http.StatusSeeOther)
	v.send(t, "POST", p.header.Get("Location")+"/password", url.Values{"password": {reset}, "password_confirm": {reset}}).expect(t, http.StatusSeeOther)
	created := v.send(t, "POST", "/account/tokens", url.Values{"name": {"script"}})
	secret := tokenSecret.FindString(created.body)
	if secret == "" {
		t.Fatalf("no token secret on the page:\n%s", excerpt(created.body))
	}
	// Used (the API, whatever it answers, logs the request) and revoked.
	get(t, a.URL, "/api/v1/regions", "Authorization", "Bearer "+secret)
	get(t, a.URL, "/api/v1/students?q="+secret)
	get(t, a.URL, "/students?q="+url.QueryEscape(wrong), session(v.cookie)...)
	signedIn := postForm(t, a.URL, "/signin", url.Values{"login": {newLogin}, "password": {reset}})
	signedIn.expect(t, http.StatusSeeOther)
	if c, ok := signedIn.cookie(web.SessionCookie); ok {
		cookies = append(cookies, c.Value)
	}
	v.send(t, "POST", "/signout", url.Values{}).expect(t, http.StatusSeeOther)

	out := logs.String()
	if !strings.Contains(out, `"msg":"request"`) || !strings.Contains(out, "/signin") {
		t.Fatalf("the log holds no requests; is it captured?\n%s", out)
	}
	for _, s := range append([]string{wrong, changed, reset, initial, testkit.Password, secret}, cookies...) {
		if strings.Contains(out, s) || strings.Contains(out, url.QueryEscape(s)) {
			t.Errorf("the log contains the secret %q", s)
		}
	}
}

// TestSignIn: the same answer for an unknown login and a wrong password,
// in the user's language; after the 5th failure for one login, 429 with a
// translated message, even for the right password.
func TestSignIn(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	teacher := r.users[domain.RoleTeacher]
	unknown := postForm(t, r.app.URL, "/signin", url.Values{"login": {"no-such-user"}, "password": {"whatever-it-is"}}, in("ru")...)
	wrong := postForm(t, r.app.URL, "/signin", url.Values{"login": {teacher.Login}, "password": {"whatever-it-is"}}, in("ru")...)
	for _, p := range []page{unknown, wrong} {
		p.expect(t, http.StatusUnauthorized, "<h1>Вход</h1>", `<p class="alert" role="alert">Неверный логин или пароль.</p>`)
		if _, ok := p.cookie(web.SessionCookie); ok {
			t.Error("a failed sign-in set a session cookie")
		}
	}
	// The form keeps the login, never the password.
	wrong.expect(t, http.StatusUnauthorized, `value="`+teacher.Login+`"`)
	wrong.lacks(t, "whatever-it-is")
	// Empty fields are said so; the login is matched in any case.
	postForm(t, r.app.URL, "/signin", url.Values{"login": {teacher.Login}}, in("kk")...).expect(t, http.StatusBadRequest, "Логин мен құпиясөзді енгізіңіз.")
	cookie := signIn(t, r.app.URL, "  "+strings.ToUpper(teacher.Login)+" ")
	get(t, r.app.URL, "/account", session(cookie)...).expect(t, http.StatusOK, teacher.Login)

	// The public asking for a page is sent to sign in and comes back.
	form := get(t, r.app.URL, "/signin?next="+url.QueryEscape("/students?dual=yes"), in("kk")...)
	form.expect(t, http.StatusOK, "<h1>Кіру</h1>", `<input type="hidden" name="next" value="/students?dual=yes">`)
	for next, want := range map[string]string{
		"/students?dual=yes":    "/students?dual=yes",
		"https://evil.example/": "/",
		"//evil.example/":       "/",
		`/\evil.example`:        "/",
		"/%2F%2Fevil.example":   "/%2F%2Fevil.example",
		"javascript:alert(1)":   "/",
		"/account?lang=en":      "/account",
		"":                      "/",
	} {
		p := postForm(t, r.app.URL, "/signin", url.Values{"login": {teacher.Login}, "password": {testkit.Password}, "next": {next}})
		if loc := p.header.Get("Location"); p.status != http.StatusSeeOther || loc != want {
			t.Errorf("next %q: status %d, Location %q; want 303 to %q", next, p.status, loc, want)
		}
	}

	// Throttling: five failures for one login, then 429 even for the right
	// password, in the user's language.
	mentor := r.users[domain.RoleMentor]
	for i := 1; i <= 5; i++ {
		postForm(t, r.app.URL, "/signin", url.Values{"login": {mentor.Login}, "password": {"guess-number-" + string(rune('0'+i))}}).expect(t, http.StatusUnauthorized)
	}
	for lang, msg := range map[string]string{
		"ru": "Слишком много неудачных попыток входа. Повторите через 15 минут.",
		"kk": "Кіру әрекеттері тым көп сәтсіз болды. 15 минуттан кейін қайталаңыз.",
		"en": "Too many failed sign-ins. Try again in 15 minutes.",
	} {
		p := postForm(t, r.app.URL, "/signin", url.Values{"login": {mentor.Login}, "password": {testkit.Password}}, in(lang)...)
		p.expect(t, http.StatusTooManyRequests, msg)
		if _, ok := p.cookie(web.SessionCookie); ok {
			t.Errorf("a throttled sign-in set a session cookie")
		}
	}
	// Other accounts are not locked out by it.
	signIn(t, r.app.URL, r.users[domain.RoleEnterprise].Login)
}

// TestSessionIdleTimeout: a session ends after 30 minutes without a
// request; requests keep it alive, yet a page view does not write the
// session back each time (only every few minutes).
func TestSessionIdleTimeout(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	app := testkit.StartApp(t, testkit.DSN(t), testkit.WithClock(clock))
	u := testkit.NewUser(t, app.Store, domain.User{Role: domain.RoleMinistry})
	cookie := signIn(t, app.URL, u.Login)
	account := func() page { return get(t, app.URL, "/account", append(session(cookie), in("en")...)...) }

	// A view within the touch interval does not send the session back.
	advance(time.Minute)
	if p := account(); p.status != http.StatusOK {
		t.Fatalf("one minute after sign-in: status %d", p.status)
	} else if _, sent := p.cookie(web.SessionCookie); sent {
		t.Error("a page view a minute after sign-in wrote the session back")
	}
	// Requests every 20 minutes keep the session for an hour and more.
	for range 4 {
		advance(20 * time.Minute)
		if p := account(); p.status != http.StatusOK {
			t.Fatalf("active session refused: status %d", p.status)
		}
	}
	// 31 idle minutes end it.
	advance(31 * time.Minute)
	account().expectSignIn(t, "/account")
}
