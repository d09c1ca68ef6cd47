package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

func TestLanguageSwitch(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	p := postForm(t, r.app.URL, "/lang", url.Values{"lang": {"ru"}, "next": {"/students?q=%D0%98%D0%B2&lang=en"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("switch: status %d, want 303", p.status)
	}
	// Back to the page it came from, without a ?lang= that would override
	// the choice.
	if loc := p.header.Get("Location"); loc != "/students?q=%D0%98%D0%B2" {
		t.Errorf("Location = %q", loc)
	}
	cookie := p.header.Get("Set-Cookie")
	for _, want := range []string{"lang=ru", "Path=/", "Max-Age=31536000", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("Set-Cookie %q lacks %s", cookie, want)
		}
	}
	// The next page comes in Russian, whatever the browser prefers.
	next := get(t, r.app.URL, "/students?q=%D0%98%D0%B2", r.as(t, domain.RoleMinistry, "Cookie", "lang=ru", "Accept-Language", "en")...)
	next.expect(t, http.StatusOK, `<html lang="ru">`, "<h1>Студенты</h1>", "Иванова Мария", `aria-pressed="true"><span class="long">Русский`)

	// The switcher never sends the browser to another site.
	for _, next := range []string{"https://evil.example/", "//evil.example/x", `/\evil.example`, "javascript:alert(1)", ""} {
		p := postForm(t, r.app.URL, "/lang", url.Values{"lang": {"kk"}, "next": {next}})
		if loc := p.header.Get("Location"); p.status != http.StatusSeeOther || loc != "/" {
			t.Errorf("next %q: status %d, Location %q; want 303 to /", next, p.status, loc)
		}
	}
	// An unknown language is the user's mistake, said in their language.
	p = postForm(t, r.app.URL, "/lang", url.Values{"lang": {"de"}})
	p.expect(t, http.StatusBadRequest, "Қазақ, орыс немесе ағылшын тілін таңдаңыз.")
}

func TestLanguageDefault(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	for _, c := range []struct {
		accept, cookie, query string
		want, heading         string
	}{
		{"", "", "", "kk", "Дуалды оқыту тізілімі"}, // nothing asked: Kazakh
		{"ru-RU,ru;q=0.9,en;q=0.8", "", "", "ru", "Реестр дуального обучения"},
		{"en-GB,en;q=0.9", "", "", "en", "Dual training registry"},
		{"de-DE,de;q=0.9", "", "", "kk", "Дуалды оқыту тізілімі"},
		{"en", "lang=ru", "", "ru", "Реестр дуального обучения"}, // the remembered choice wins
		{"en", "lang=xx", "", "en", "Dual training registry"},    // a broken cookie is ignored
		{"en", "lang=ru", "?lang=kk", "kk", "Дуалды оқыту тізілімі"},
	} {
		headers := []string{"Accept-Language", c.accept}
		if c.cookie != "" {
			headers = append(headers, "Cookie", c.cookie)
		}
		p := get(t, r.app.URL, "/"+c.query, headers...)
		p.expect(t, http.StatusOK, `<html lang="`+c.want+`">`, c.heading)
		if got := p.header.Get("Content-Language"); got != c.want {
			t.Errorf("Content-Language %q, want %q", got, c.want)
		}
	}
}
