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
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
}

// localPath returns next if it is a path on this site, else "/": the
// switcher must not become an open redirect to another host.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, `/\`) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	// A ?lang= in the address would override the language just chosen.
	return returnURL(u)
}
