package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// untranslated finds what a missing translation or a template slip leaves
// on a page: a message key (i18n.T shows a missing key as itself), a
// placeholder left unfilled, or what text/template prints for nothing.
var untranslated = regexp.MustCompile(`(?:^|[^a-z0-9_./-])(?:web|error)\.[a-z_]+(?:\.[a-z_]+)*|\{[a-z_]+\}|<no value>|%!|\[\]`)

// TestEveryPageEveryLanguage renders every page, its states (filtered,
// empty, past the end, errors, the htmx fragment) in every language, and
// fails on anything untranslated. That every key exists in every catalog
// is the i18n package's test; this one catches keys the catalogs lack
// (built from data, say) and placeholders the code forgets to fill.
func TestEveryPageEveryLanguage(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	empty := testkit.StartApp(t, testkit.DSN(t))
	emptyMinistry := session(signIn(t, empty.URL, testkit.NewUser(t, empty.Store, domain.User{Role: domain.RoleMinistry}).Login))
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	ministry := r.as(t, domain.RoleMinistry)
	coordinator := r.as(t, domain.RoleCollege)
	student := r.as(t, domain.RoleStudent)
	auditor := r.as(t, domain.RoleAuditor)
	teacherUser := id(r.users[domain.RoleTeacher].ID)
	pages := []struct {
		base, method, path string
		as                 []string // the session, if any
		form               url.Values
		status             int
		htmx               bool
	}{
		{base: r.app.URL, path: "/", status: http.StatusOK},
		{base: r.app.URL, path: "/", as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: "/colleges", status: http.StatusOK},
		{base: r.app.URL, path: "/colleges?region=75&city=1&ownership=state&sort=-students&per_page=10", status: http.StatusOK},
		{base: r.app.URL, path: "/colleges?q=nothing", status: http.StatusOK},
		{base: r.app.URL, path: "/colleges?region=71", status: http.StatusOK, htmx: true},
		{base: r.app.URL, path: "/colleges/" + id(r.almaty.ID), status: http.StatusOK},
		{base: r.app.URL, path: "/colleges/" + id(r.astana.ID), status: http.StatusOK},
		{base: r.app.URL, path: "/enterprises", status: http.StatusOK},
		{base: r.app.URL, path: "/enterprises?industry=F&sort=trainees", status: http.StatusOK},
		{base: r.app.URL, path: "/enterprises?q=nothing", status: http.StatusOK, htmx: true},
		{base: r.app.URL, path: "/enterprises/" + id(r.energo.ID), status: http.StatusOK},
		{base: r.app.URL, path: "/enterprises/" + id(r.builder.ID), status: http.StatusOK},
		{base: r.app.URL, path: "/students", as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: "/students?per_page=10&page=2", as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: "/students?per_page=10&page=2", as: ministry, status: http.StatusOK, htmx: true},
		{base: r.app.URL, path: "/students?enterprise_id=" + id(r.energo.ID) + "&group_id=" + id(r.groupA.ID) + "&qualification=06130100&dual=yes&funding=state&status=studying", as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: "/students?region=79", as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: "/students?page=9", as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: "/students/" + id(r.aigerim.ID), as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: "/students/" + id(r.aigerim.ID), as: coordinator, status: http.StatusOK},
		{base: r.app.URL, path: "/students/" + id(r.students[25].ID), as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: "/students/" + id(r.students[25].ID), as: coordinator, status: http.StatusNotFound},
		{base: r.app.URL, path: "/nope", status: http.StatusNotFound},
		{base: r.app.URL, path: "/students/abc", as: ministry, status: http.StatusNotFound},
		{base: r.app.URL, path: "/students?page=abc", as: ministry, status: http.StatusBadRequest},
		{base: r.app.URL, path: "/students?per_page=9999", as: ministry, status: http.StatusBadRequest},
		{base: r.app.URL, path: "/students?region=xyz", as: ministry, status: http.StatusBadRequest, htmx: true},
		// Sign-in, its answers, and the pages of signed-in users.
		{base: r.app.URL, path: "/signin?next=/students", status: http.StatusOK},
		{base: r.app.URL, method: http.MethodPost, path: "/signin", form: url.Values{"login": {"nobody"}, "password": {"wrong password"}}, status: http.StatusUnauthorized},
		{base: r.app.URL, method: http.MethodPost, path: "/signin", form: url.Values{"login": {""}}, status: http.StatusBadRequest},
		{base: r.app.URL, path: "/account", as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: "/account", as: student, status: http.StatusOK},
		{base: r.app.URL, path: "/account", as: auditor, status: http.StatusOK},
		{base: r.app.URL, method: http.MethodPost, path: "/account/password", as: coordinator, form: url.Values{"current_password": {"wrong"}, "password": {"password"}, "password_confirm": {"password"}}, status: http.StatusBadRequest},
		{base: r.app.URL, method: http.MethodPost, path: "/account/password", as: coordinator, form: url.Values{"current_password": {testkit.Password}, "password": {"12345678"}, "password_confirm": {"12345678"}}, status: http.StatusBadRequest},
		{base: r.app.URL, method: http.MethodPost, path: "/account/tokens", as: coordinator, form: url.Values{"name": {"export script"}}, status: http.StatusOK},
		{base: r.app.URL, method: http.MethodPost, path: "/account/tokens", as: coordinator, form: url.Values{"name": {""}}, status: http.StatusBadRequest},
		{base: r.app.URL, path: "/admin/users", as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: "/admin/users?q=nothing", as: coordinator, status: http.StatusOK},
		{base: r.app.URL, path: "/admin/users?role=auditor", as: ministry, status: http.StatusOK, htmx: true},
		{base: r.app.URL, path: "/admin/users/new", as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: "/admin/users/new", as: coordinator, status: http.StatusOK},
		{base: r.app.URL, path: "/admin/users/" + teacherUser, as: coordinator, status: http.StatusOK},
		{base: r.app.URL, method: http.MethodPost, path: "/admin/users", as: coordinator, form: url.Values{"login": {"x"}, "name": {"X"}, "role": {"teacher"}}, status: http.StatusBadRequest},
		{base: r.app.URL, method: http.MethodPost, path: "/admin/users", as: coordinator, form: url.Values{"login": {"new-one"}, "name": {"X"}, "role": {"ministry"}}, status: http.StatusForbidden},
		{base: r.app.URL, method: http.MethodPost, path: "/admin/users/" + teacherUser + "/password", as: coordinator, form: url.Values{"password": {"short"}, "password_confirm": {"short"}}, status: http.StatusBadRequest},
		{base: r.app.URL, path: "/admin/users", as: student, status: http.StatusForbidden},
		{base: r.app.URL, path: "/audit", as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: "/audit?record_type=user&from=2020-01-01&to=2099-12-31", as: auditor, status: http.StatusOK},
		{base: r.app.URL, path: "/audit?person=nobody", as: coordinator, status: http.StatusOK, htmx: true},
		{base: r.app.URL, path: "/audit?from=yesterday", as: coordinator, status: http.StatusBadRequest},
		{base: empty.URL, path: "/", status: http.StatusOK},
		{base: empty.URL, path: "/colleges", status: http.StatusOK},
		{base: empty.URL, path: "/enterprises", status: http.StatusOK},
		{base: empty.URL, path: "/students", as: emptyMinistry, status: http.StatusOK},
		{base: empty.URL, path: "/audit?record_type=student", as: emptyMinistry, status: http.StatusOK},
	}
	for _, lang := range i18n.Languages {
		for _, pg := range pages {
			headers := append([]string{"Cookie", "lang=" + lang}, pg.as...)
			if pg.htmx {
				headers = append(headers, "HX-Request", "true")
			}
			var p page
			if pg.method == http.MethodPost {
				p = postForm(t, pg.base, pg.path, pg.form, headers...)
			} else {
				p = get(t, pg.base, pg.path, headers...)
			}
			if p.status != pg.status {
				t.Errorf("%s %s %s (htmx %v): status %d, want %d", lang, pg.method, pg.path, pg.htmx, p.status, pg.status)
			}
			for _, m := range untranslated.FindAllString(p.body, -1) {
				t.Errorf("%s %s %s (htmx %v): untranslated %q", lang, pg.method, pg.path, pg.htmx, m)
			}
		}
	}
}

// TestInternalErrorHidesDetails breaks the database under the running
// program: the page says, in the user's language, that it is our fault,
// with a request ID to quote, and shows nothing of the cause.
func TestInternalErrorHidesDetails(t *testing.T) {
	t.Parallel()
	a := testkit.StartApp(t, testkit.DSN(t))
	signedIn := session(signIn(t, a.URL, testkit.NewUser(t, a.Store, domain.User{Role: domain.RoleMinistry}).Login))
	a.Store.Close()
	p := get(t, a.URL, "/students", append(signedIn, in("ru")...)...)
	p.expect(t, http.StatusInternalServerError, "<h1>Произошла ошибка</h1>", "Номер запроса:")
	p.lacks(t, "sql", "closed", "database")
	if id := p.header.Get("X-Request-ID"); id == "" || !regexp.MustCompile(regexp.QuoteMeta(id)).MatchString(p.body) {
		t.Errorf("the page should quote the request ID %q", id)
	}
}
