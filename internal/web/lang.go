package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
)

// langCookieAge is how long a browser remembers the chosen language.
const langCookieAge = 365 * 24 * time.Hour

// maxLangForm bounds the switcher's form body.
const maxLangForm = 8 << 10

// lang remembers the language chosen with the switcher in the lang cookie
// for a year and sends the browser back to the page it was on. It is a
// POST form (a change of state) that works without JavaScript; the
// cross-origin protection of the app keeps other sites from posting it.
func (h *Web) lang(w http.ResponseWriter, r *http.Request) {
	// The form holds a language code and a path; anything bigger is not
	// the switcher.
	r.Body = http.MaxBytesReader(w, r.Body, maxLangForm)
	lang := r.PostFormValue("lang")
	if !i18n.Supported(lang) {
		h.fail(w, r, domain.Invalid("lang", "error.lang.unknown", "unknown language"))
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name:     i18n.CookieName,
		Value:    lang,
		Path:     "/",
		MaxAge:   int(langCookieAge.Seconds()),
		HttpOnly: true,
		Secure:   h.secureCookies || r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
}

// localPath returns next if it is a path on this site, else "/": the
// language switcher and the sign-in page must not become open redirects
// to another host.
func localPath(next string) string {
	if !isLocalPath(next) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return "/"
	}
	// A ?lang= in the address would override the language just chosen.
	// The result is checked again: re-encoding the path must not have made
	// it start with // (a path of %2F, say).
	if p := returnURL(u); isLocalPath(p) {
		return p
	}
	return "/"
}

// isLocalPath reports whether s is an absolute path of this site: it
// starts with one slash, not two (another host to a browser), nor with a
// slash and a backslash, which browsers read as two slashes, and holds no
// whitespace or control characters, which browsers strip.
func isLocalPath(s string) bool {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, `/\`) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7f || c == '\\' {
			return false
		}
	}
	return true
}
