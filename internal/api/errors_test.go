package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/api"
	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/server"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// errorMessage decodes the message of an error answer.
func errorMessage(t *testing.T, body []byte) (code, message string) {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("not an error answer: %v\n%s", err, body)
	}
	return e.Error.Code, e.Error.Message
}

// TestErrorLanguages checks that error messages come in the language that
// ?lang= names, else the best match of Accept-Language, else Kazakh, and
// that the three languages really differ.
func TestErrorLanguages(t *testing.T) {
	errs := []struct {
		name, url, key string
		params         map[string]string
		token          bool // send the ministry's token
	}{
		{"page size", "/api/v1/colleges?per_page=1000", "error.page.size", map[string]string{"max": "200"}, false},
		{"boolean", "/api/v1/students?dual=maybe", "error.api.boolean", map[string]string{"name": "dual"}, true},
		{"sort, from the domain", "/api/v1/teachers?sort=age", "error.sort", nil, true},
		{"unknown college", "/api/v1/colleges/999999", "error.not_found", map[string]string{"kind": "college"}, false},
		{"unknown endpoint", "/api/v1/nothing", "error.api.no_route", nil, false},
		{"token required", "/api/v1/students", "error.api.token_required", nil, false},
		{"role refused", "/api/v1/me/export", "error.forbidden", nil, true},
		{"date", "/api/v1/audit?from=soon", "error.api.date", map[string]string{"name": "from"}, true},
	}
	languages := []struct{ acceptLanguage, lang, want string }{
		{"kk", "", "kk"},
		{"ru", "", "ru"},
		{"en", "", "en"},
		{"ru-RU,ru;q=0.9,en;q=0.5", "", "ru"},
		{"en-US", "", "en"},
		{"de-DE", "", "kk"}, // nothing matches: the default
		{"", "", "kk"},
		{"ru", "en", "en"}, // ?lang= wins over the header
	}
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			app := testkit.StartApp(t, db.DSN(t))
			c := fetchContract(t, app.URL)
			token := newToken(t, app.Store, newUser(t, app.Store, domain.User{Role: domain.RoleMinistry}))
			for _, e := range errs {
				seen := map[string]string{}
				for _, l := range languages {
					url := app.URL + e.url
					if l.lang != "" {
						url += map[bool]string{true: "&", false: "?"}[strings.Contains(url, "?")] + "lang=" + l.lang
					}
					headers := map[string]string{"Accept-Language": l.acceptLanguage}
					if e.token {
						headers["Authorization"] = "Bearer " + token
					}
					_, body, _ := exchange(t, c, "", url, headers)
					_, msg := errorMessage(t, body)
					want := i18n.For(l.want).TMap(e.key, e.params)
					if msg != want {
						t.Errorf("%s with Accept-Language %q, lang %q: message %q, want %q (%s)", e.name, l.acceptLanguage, l.lang, msg, want, l.want)
					}
					seen[l.want] = msg
				}
				if seen["kk"] == seen["ru"] || seen["ru"] == seen["en"] || seen["kk"] == seen["en"] {
					t.Errorf("%s: the languages do not differ: %v", e.name, seen)
				}
			}
			// A lang the product lacks is itself an error, told in the
			// language of Accept-Language.
			resp, body, _ := exchange(t, c, "", app.URL+"/api/v1/regions?lang=fr", map[string]string{"Accept-Language": "ru"})
			if _, msg := errorMessage(t, body); resp.StatusCode != http.StatusBadRequest || msg != i18n.For("ru").T("error.api.lang") {
				t.Errorf("lang=fr: %d %q", resp.StatusCode, msg)
			}
		})
	}
}

// brokenStore fails every list of colleges with a cause that must stay in
// the log; nothing else of it is called.
type brokenStore struct{ access.Store }

const secretCause = "pq: relation colleges_secret_shadow does not exist"

func (brokenStore) Colleges(context.Context, domain.CollegeFilter) (domain.List[domain.College], error) {
	return domain.List[domain.College]{}, errors.New(secretCause)
}

// TestInternalErrorHidden checks that an unknown error is logged with its
// cause and the request ID, and answered 500 with the translated generic
// message only.
func TestInternalErrorHidden(t *testing.T) {
	var logs bytes.Buffer
	mux := http.NewServeMux()
	api.New(access.New(brokenStore{}), &auth.Service{Users: brokenStore{}, Now: time.Now}).Register(mux)
	srv := httptest.NewServer(server.Middleware(mux, slog.New(slog.NewJSONHandler(&logs, nil))))
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	c := loadContract(t, doc)

	resp, body, _ := exchange(t, c, "", srv.URL+"/api/v1/colleges?lang=ru", nil)
	if resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", resp.StatusCode)
	}
	code, msg := errorMessage(t, body)
	if code != domain.EINTERNAL || msg != i18n.For("ru").T("error.internal") {
		t.Errorf("answer %s, want the generic Russian message", body)
	}
	if strings.Contains(string(body), "colleges_secret_shadow") || strings.Contains(string(body), `"field"`) {
		t.Errorf("the answer leaks details: %s", body)
	}
	id := resp.Header.Get(server.RequestIDHeader)
	if !strings.Contains(logs.String(), "colleges_secret_shadow") || id == "" || !strings.Contains(logs.String(), id) {
		t.Errorf("the log lacks the cause or the request ID %q:\n%s", id, logs.String())
	}
}
