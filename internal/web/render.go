package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/server"
)

// view is what every template receives: the language with its printer, the
// layout's needs (title, active nav item, where the language switcher
// returns to) and the page's own data.
type view struct {
	Lang  string
	Langs []string
	Title string
	Nav   string // colleges, enterprises, students, or "" for none
	// Next is the URL of this page without ?lang=, where the language
	// switcher brings the browser back to.
	Next string
	// Partial is set for htmx requests: only the results are rendered.
	Partial bool
	// User is the signed-in user, nil for the public.
	User *domain.User
	// Unread is the signed-in user's unread notifications, for the bell
	// (notification_bell.go).
	Unread int
	// Flash is a message left by the previous request (a saved form),
	// translated; shown once.
	Flash string
	Data  any

	p i18n.Printer
}

// T translates a message key; pairs are placeholder names and values.
func (v *view) T(key string, pairs ...any) string { return v.p.T(key, pairs...) }

// Plural picks the plural form of key for n in the page's language.
func (v *view) Plural(key string, n int, pairs ...any) string { return v.p.Plural(key, n, pairs...) }

// Number formats n with the language's digit grouping.
func (v *view) Number(n int) string { return v.p.Number(n) }

// Can reports whether the page's user may take an action of the policy
// table: the layout shows only the links a user may follow.
func (v *view) Can(action string) bool {
	role := domain.RolePublic
	if v.User != nil {
		role = v.User.Role
	}
	return auth.Allowed(role, auth.Action(action))
}

// Role names a role in the page's language.
func (v *view) Role(r domain.Role) string { return v.T("web.role." + string(r)) }

// SignInURL is the sign-in page, returning to this page afterwards.
func (v *view) SignInURL() string { return signInURL(v.Next) }

// Name returns a reference name in the page's language.
func (v *view) Name(n domain.Names) string { return n.In(v.Lang) }

// Date formats a calendar date as people in the language write it: day
// first with dots in Kazakh and Russian (as on official documents), the
// month spelled out in English so that 01.09 is never read as 9 January.
func (v *view) Date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	if v.Lang == "en" {
		return t.Format("2 January 2006")
	}
	return t.Format("02.01.2006")
}

// kazakhstan is the country's time: one zone, UTC+5, since 1 March 2024.
// Timestamps are stored in UTC; pages show them in this zone.
var kazakhstan = time.FixedZone("UTC+5", 5*60*60)

// Time formats an instant in Kazakhstan's time, day first as Date does.
func (v *view) Time(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.In(kazakhstan)
	if v.Lang == "en" {
		return t.Format("2 January 2006, 15:04")
	}
	return t.Format("02.01.2006 15:04")
}

// newView starts the view of a request: the language from ?lang=, the
// cookie or Accept-Language (i18n.FromRequest), and the switcher's return
// URL.
func (h *Web) newView(r *http.Request, nav string) *view {
	lang := i18n.FromRequest(r)
	v := &view{
		Lang:    lang,
		Langs:   i18n.Languages,
		Nav:     nav,
		Next:    returnURL(r.URL),
		Partial: isPartial(r),
		User:    domain.ActorFrom(r.Context()).User,
		p:       i18n.For(lang),
	}
	if !v.Partial {
		if key := popFlash(r.Context()); key != "" {
			v.Flash = v.T(key)
		}
	}
	return v
}

// returnURL is u's path and query without the lang parameter, which would
// otherwise override the language the user just chose. The path stays
// escaped as it came: decoding it would turn /%2F%2Fevil.example into
// //evil.example, another site.
func returnURL(u *url.URL) string {
	q := u.Query()
	q.Del("lang")
	return pageURL(u.EscapedPath(), q)
}

// signInURL is the sign-in page that returns to next afterwards.
func signInURL(next string) string {
	if next == "" || next == "/" || next == "/signin" || strings.HasPrefix(next, "/signin?") {
		return "/signin"
	}
	return "/signin?next=" + url.QueryEscape(next)
}

// isPartial reports whether htmx asked for the results only. A history
// restore after a cache miss wants the whole page even though htmx marks it
// as its own request (the layout also turns that off in htmx's config).
func isPartial(r *http.Request) bool {
	return r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-History-Restore-Request") != "true"
}

// contentSecurityPolicy allows nothing from other origins: the product must
// work offline, and it proves that no page loads from a CDN. htmx's inline
// indicator styles are turned off in the layout so style-src needs no
// 'unsafe-inline'.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// render executes the page into a buffer first, so that a template error
// becomes a clean error page rather than half a page, then writes it with
// status. For htmx requests it renders only the "results" template.
func (h *Web) render(w http.ResponseWriter, r *http.Request, status int, page string, v *view) {
	name := "layout"
	if v.Partial {
		name = "results"
	}
	h.renderNamed(w, r, status, page, name, v)
}

// renderNamed is render of one named template of the page: the whole page
// ("layout"), its results, or a fragment that htmx asks for by itself.
func (h *Web) renderNamed(w http.ResponseWriter, r *http.Request, status int, page, name string, v *view) {
	t, ok := h.pages[page]
	if ok {
		h.countUnread(r, v)
	}
	var buf bytes.Buffer
	var err error
	if !ok {
		err = fmt.Errorf("no page %q", page)
	} else {
		err = t.ExecuteTemplate(&buf, name, v)
	}
	if err != nil {
		err = fmt.Errorf("web: render %s/%s: %w", page, name, err)
		if page == "error" {
			// The error page itself failed: fall back to the plain text
			// answer rather than recursing.
			server.Logger(r.Context()).Error("page failed", "path", r.URL.Path, "err", err)
			server.InternalError(w, r)
			return
		}
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Content-Language", v.Lang)
	// Pages show live registry data and depend on the language and on
	// whether htmx asked for a fragment: caches must revalidate and must
	// keep the variants apart. What a signed-in user sees may be personal
	// data and is never stored (a shared computer's back button).
	hd.Set("Cache-Control", "private, no-cache")
	if v.User != nil {
		hd.Set("Cache-Control", "no-store")
	}
	hd.Set("Vary", "Accept-Language, Cookie, HX-Request")
	hd.Set("Content-Security-Policy", contentSecurityPolicy)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
