package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
	"github.com/dualtrack/dualtrack/internal/web"
)

func TestAccountPage(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	p := get(t, r.app.URL, "/account", r.as(t, domain.RoleTeacher, in("ru")...)...)
	p.expect(t, http.StatusOK, "<h1>Личный кабинет</h1>", r.users[domain.RoleTeacher].Login, "Преподаватель / куратор",
		"Алматинский политехнический колледж", "Смена пароля", "Токены доступа к API", "У вас нет токенов.")
	p.lacks(t, "/account/export")
	// A student may download their data; the auditor sees the expiry.
	get(t, r.app.URL, "/account", r.as(t, domain.RoleStudent, in("kk")...)...).expect(t, http.StatusOK,
		`href="/account/export"`, "Деректерімді жүктеп алу", "Студент")
	get(t, r.app.URL, "/account", r.as(t, domain.RoleAuditor, in("en")...)...).expect(t, http.StatusOK,
		"Access until (inclusive)", "Almaty")
	get(t, r.app.URL, "/account", r.as(t, domain.RoleMinistry, in("en")...)...).expect(t, http.StatusOK, "The whole country")
}

// TestChangePassword: the current password is needed, the ASVS rules
// apply and every problem names its field in the user's language; after a
// change only the new password signs in.
func TestChangePassword(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	u := r.users[domain.RoleEnterprise]
	v := &visitor{base: r.app.URL, cookie: signIn(t, r.app.URL, u.Login)}
	const fresh = "Жаңа-құпиясөз-2026"
	for _, c := range []struct {
		current, password, confirm string
		want                       string
	}{
		{"not-it-at-all", fresh, fresh, "Текущий пароль: Текущий пароль указан неверно."},
		{testkit.Password, "short", "short", "Новый пароль: Пароль должен содержать не менее 8 символов."},
		{testkit.Password, "password123", "password123", "Новый пароль: Этот пароль входит в число самых распространённых"},
		{testkit.Password, fresh, fresh + "x", "Новый пароль ещё раз: Два новых пароля не совпадают."},
		{testkit.Password, strings.Repeat("ж", 129), strings.Repeat("ж", 129), "не более 128 символов"},
	} {
		p := v.send(t, "POST", "/account/password", url.Values{"current_password": {c.current}, "password": {c.password}, "password_confirm": {c.confirm}}, in("ru")...)
		p.expect(t, http.StatusBadRequest, c.want, `aria-invalid="true"`)
		p.lacks(t, `value="`+c.current, `value="`+c.password)
	}
	before := v.cookie
	p := v.send(t, "POST", "/account/password", url.Values{"current_password": {testkit.Password}, "password": {fresh}, "password_confirm": {fresh}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/account" {
		t.Fatalf("change: status %d, Location %q", p.status, p.header.Get("Location"))
	}
	if v.cookie == before {
		t.Error("the session token was not renewed after the password change")
	}
	v.send(t, "GET", "/account", nil, in("en")...).expect(t, http.StatusOK, `<p class="flash" role="status">Your password has been changed.</p>`)
	// The message is shown once.
	v.send(t, "GET", "/account", nil, in("en")...).lacks(t, "Your password has been changed.")
	postForm(t, r.app.URL, "/signin", url.Values{"login": {u.Login}, "password": {testkit.Password}}).expect(t, http.StatusUnauthorized)
	postForm(t, r.app.URL, "/signin", url.Values{"login": {u.Login}, "password": {fresh}}).expect(t, http.StatusSeeOther)
}

// TestAPITokens: a token is shown once, listed by its prefix afterwards,
// and revoked; the store keeps only its hash.
func TestAPITokens(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	ctx := context.Background()
	v := &visitor{base: r.app.URL, cookie: signIn(t, r.app.URL, r.users[domain.RoleCollege].Login)}
	p := v.send(t, "POST", "/account/tokens", url.Values{"name": {"  "}}, in("en")...)
	p.expect(t, http.StatusBadRequest, "Give the token a name of up to 100 characters.")

	p = v.send(t, "POST", "/account/tokens", url.Values{"name": {"Отчёт для управления"}}, in("ru")...)
	p.expect(t, http.StatusOK, "Новый токен API", "Токен «Отчёт для управления» создан.", "показывается только один раз")
	secret := tokenSecret.FindString(p.body)
	if secret == "" {
		t.Fatalf("no secret on the page:\n%s", excerpt(p.body))
	}
	if cc := p.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("the page with the secret may be cached: %q", cc)
	}
	tok, _, err := r.app.Store.TokenByHash(ctx, auth.HashToken(secret))
	if err != nil {
		t.Fatalf("the shown secret is not the stored token: %v", err)
	}
	// Listed afterwards by its prefix, never in full.
	account := v.send(t, "GET", "/account", nil, in("en")...)
	account.expect(t, http.StatusOK, "Отчёт для управления", tok.Prefix+"…", "Active", "Revoke")
	account.lacks(t, secret)

	p = v.send(t, "POST", "/account/tokens/"+itoa(tok.ID)+"/revoke", url.Values{}, in("en")...)
	if p.status != http.StatusSeeOther {
		t.Fatalf("revoke: status %d", p.status)
	}
	v.send(t, "GET", "/account", nil, in("en")...).expect(t, http.StatusOK, "The token has been revoked.", "Revoked ")
	if _, _, err := r.app.Store.TokenByHash(ctx, auth.HashToken(secret)); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("the revoked token still works: %v", err)
	}
	// Twice is not found.
	v.send(t, "POST", "/account/tokens/"+itoa(tok.ID)+"/revoke", url.Values{}).expect(t, http.StatusNotFound)
}

// TestExportMyData: a student downloads everything held about them as a
// JSON attachment, in full (it is their own data); the download is audited.
func TestExportMyData(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		p := get(t, r.app.URL, "/account/export", r.as(t, domain.RoleStudent)...)
		p.expect(t, http.StatusOK)
		if ct := p.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := p.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".json") {
			t.Errorf("Content-Disposition %q; want a JSON attachment", cd)
		}
		var ex struct {
			Account domain.User    `json:"account"`
			Student domain.Student `json:"student"`
		}
		if err := json.Unmarshal([]byte(p.body), &ex); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, p.body)
		}
		if ex.Student.IIN != r.aigerim.IIN || ex.Student.Phone != r.aigerim.Phone || ex.Account.Login != r.users[domain.RoleStudent].Login {
			t.Errorf("export: %+v", ex)
		}
		if strings.Contains(p.body, "argon2") || strings.Contains(p.body, "password") {
			t.Error("the export contains the password hash")
		}
		audit, err := r.app.Store.Audit(context.Background(), domain.AuditFilter{RecordType: "student", RecordID: itoa(r.aigerim.ID)})
		if err != nil {
			t.Fatal(err)
		}
		if len(audit.Items) == 0 || audit.Items[0].Action != "export" || audit.Items[0].Login != r.users[domain.RoleStudent].Login {
			t.Errorf("the download is not audited: %+v", audit.Items)
		}
		// Nobody else has data to download here.
		get(t, r.app.URL, "/account/export", r.as(t, domain.RoleCollege)...).expect(t, http.StatusForbidden)
		get(t, r.app.URL, "/account/export").expectSignIn(t, "/account/export")
	})
}

// TestOwnPasswordChangeEndsOtherSessions: changing one's password keeps the
// session it was changed in (under a new token) and ends every other one.
func TestOwnPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		teacher := r.users[domain.RoleTeacher]
		here, elsewhere := signIn(t, r.app.URL, teacher.Login), signIn(t, r.app.URL, teacher.Login)
		p := postForm(t, r.app.URL, "/account/password", url.Values{"current_password": {testkit.Password},
			"password": {"Жаңа-құпиясөз-2027"}, "password_confirm": {"Жаңа-құпиясөз-2027"}}, session(here)...)
		renewed, ok := p.cookie(web.SessionCookie)
		if p.status != http.StatusSeeOther || !ok || renewed.Value == here {
			t.Fatalf("password change: status %d, cookie %+v", p.status, renewed)
		}
		get(t, r.app.URL, "/account", session(renewed.Value)...).expect(t, http.StatusOK)
		get(t, r.app.URL, "/account", session(elsewhere)...).expectSignIn(t, "/account")
	})
}
