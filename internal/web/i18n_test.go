package web_test

import (
	"net/http"
	"regexp"
	"strconv"
	"testing"

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
	r := newRegistry(t, testkit.SQLitePath(t))
	empty := testkit.StartApp(t, testkit.SQLitePath(t))
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	pages := []struct {
		base, path string
		status     int
		htmx       bool
	}{
		{r.app.URL, "/", http.StatusOK, false},
		{r.app.URL, "/colleges", http.StatusOK, false},
		{r.app.URL, "/colleges?region=75&city=1&ownership=state&sort=-students&per_page=10", http.StatusOK, false},
		{r.app.URL, "/colleges?q=nothing", http.StatusOK, false},
		{r.app.URL, "/colleges?region=71", http.StatusOK, true},
		{r.app.URL, "/colleges/" + id(r.almaty.ID), http.StatusOK, false},
		{r.app.URL, "/colleges/" + id(r.astana.ID), http.StatusOK, false},
		{r.app.URL, "/enterprises", http.StatusOK, false},
		{r.app.URL, "/enterprises?industry=F&sort=trainees", http.StatusOK, false},
		{r.app.URL, "/enterprises?q=nothing", http.StatusOK, true},
		{r.app.URL, "/enterprises/" + id(r.energo.ID), http.StatusOK, false},
		{r.app.URL, "/enterprises/" + id(r.builder.ID), http.StatusOK, false},
		{r.app.URL, "/students", http.StatusOK, false},
		{r.app.URL, "/students?per_page=10&page=2", http.StatusOK, false},
		{r.app.URL, "/students?per_page=10&page=2", http.StatusOK, true},
		{r.app.URL, "/students?enterprise_id=" + id(r.energo.ID) + "&group_id=" + id(r.groupA.ID) + "&qualification=06130100&dual=yes&funding=state&status=studying", http.StatusOK, false},
		{r.app.URL, "/students?region=79", http.StatusOK, false},
		{r.app.URL, "/students?page=9", http.StatusOK, false},
		{r.app.URL, "/students/" + id(r.aigerim.ID), http.StatusOK, false},
		{r.app.URL, "/students/" + id(r.students[25].ID), http.StatusOK, false},
		{r.app.URL, "/nope", http.StatusNotFound, false},
		{r.app.URL, "/students/abc", http.StatusNotFound, false},
		{r.app.URL, "/students?page=abc", http.StatusBadRequest, false},
		{r.app.URL, "/students?per_page=9999", http.StatusBadRequest, false},
		{r.app.URL, "/students?region=xyz", http.StatusBadRequest, true},
		{empty.URL, "/", http.StatusOK, false},
		{empty.URL, "/colleges", http.StatusOK, false},
		{empty.URL, "/enterprises", http.StatusOK, false},
		{empty.URL, "/students", http.StatusOK, false},
	}
	for _, lang := range i18n.Languages {
		for _, pg := range pages {
			headers := []string{"Cookie", "lang=" + lang}
			if pg.htmx {
				headers = append(headers, "HX-Request", "true")
			}
			p := get(t, pg.base, pg.path, headers...)
			if p.status != pg.status {
				t.Errorf("%s %s (htmx %v): status %d, want %d", lang, pg.path, pg.htmx, p.status, pg.status)
			}
			for _, m := range untranslated.FindAllString(p.body, -1) {
				t.Errorf("%s %s (htmx %v): untranslated %q", lang, pg.path, pg.htmx, m)
			}
		}
	}
}

// TestInternalErrorHidesDetails breaks the database under the running
// program: the page says, in the user's language, that it is our fault,
// with a request ID to quote, and shows nothing of the cause.
func TestInternalErrorHidesDetails(t *testing.T) {
	a := testkit.StartApp(t, testkit.SQLitePath(t))
	a.Store.Close()
	p := get(t, a.URL, "/students", in("ru")...)
	p.expect(t, http.StatusInternalServerError, "<h1>Произошла ошибка</h1>", "Номер запроса:")
	p.lacks(t, "sql", "closed", "database")
	if id := p.header.Get("X-Request-ID"); id == "" || !regexp.MustCompile(regexp.QuoteMeta(id)).MatchString(p.body) {
		t.Errorf("the page should quote the request ID %q", id)
	}
}
