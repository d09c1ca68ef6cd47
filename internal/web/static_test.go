package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

func TestStaticFiles(t *testing.T) {
	t.Parallel()
	a := testkit.StartApp(t, testkit.DSN(t))
	home := get(t, a.URL, "/", in("en")...)
	// The layout links versioned URLs; those may be cached for a year.
	css := regexp.MustCompile(`href="(/static/app\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(home.body)
	js := regexp.MustCompile(`src="(/static/htmx\.min\.js\?v=[0-9a-f]+)"`).FindStringSubmatch(home.body)
	if css == nil || js == nil {
		t.Fatalf("the layout does not link the versioned CSS and htmx:\n%s", home.body[:min(len(home.body), 1500)])
	}
	for _, c := range []struct{ path, ctype string }{{css[1], "text/css"}, {js[1], "text/javascript"}} {
		p := get(t, a.URL, c.path)
		p.expect(t, http.StatusOK)
		if got := p.header.Get("Content-Type"); !strings.HasPrefix(got, c.ctype) {
			t.Errorf("%s: Content-Type %q", c.path, got)
		}
		if got := p.header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", c.path, got)
		}
	}
	// Without the current version, an hour only.
	p := get(t, a.URL, "/static/app.css?v=old")
	if got := p.header.Get("Cache-Control"); got != "public, max-age=3600" {
		t.Errorf("unversioned Cache-Control %q", got)
	}
	// The vendored htmx keeps its licence note.
	get(t, a.URL, "/static/htmx.LICENSE.txt").expect(t, http.StatusOK, "htmx 2.0.11", "Zero-Clause BSD")
	get(t, a.URL, "/static/htmx.min.js").expect(t, http.StatusOK, `version:"2.0.11"`)
}

// TestNothingFromOtherOrigins: the product must work offline, so no page
// refers to a script, style, font or image elsewhere, and the CSP forbids
// the browser to load any.
func TestNothingFromOtherOrigins(t *testing.T) {
	t.Parallel()
	a := testkit.StartApp(t, testkit.DSN(t))
	external := regexp.MustCompile(`(?i)(src|href)="(https?:)?//`)
	signedIn := session(signIn(t, a.URL, testkit.NewUser(t, a.Store, domain.User{Role: domain.RoleMinistry}).Login))
	for _, path := range []string{"/", "/colleges", "/enterprises", "/signin", "/nope", "/students", "/account", "/admin/users", "/audit"} {
		headers := in("en")
		if path != "/signin" {
			headers = append(headers, signedIn...)
		}
		p := get(t, a.URL, path, headers...)
		if m := external.FindString(p.body); m != "" {
			t.Errorf("%s refers to another origin: %s", path, m)
		}
		if csp := p.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "http") {
			t.Errorf("%s: Content-Security-Policy %q", path, csp)
		}
	}
	css := get(t, a.URL, "/static/app.css")
	if strings.Contains(css.body, "url(") || strings.Contains(css.body, "@import") {
		t.Error("app.css loads something; it must be self-contained")
	}
}
