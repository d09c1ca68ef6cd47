package api_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/api"
	"github.com/dualtrack/dualtrack/internal/auth"
)

// recordingMux is a ServeMux that remembers the patterns registered on it.
type recordingMux struct {
	*http.ServeMux
	patterns []string
}

func (m *recordingMux) Handle(pattern string, h http.Handler) {
	m.patterns = append(m.patterns, pattern)
	m.ServeMux.Handle(pattern, h)
}

// catchAll is the pattern that answers unknown /api/ paths with a JSON 404;
// it is the one registered pattern the document does not describe.
const catchAll = "/api/"

// TestRoutesMatchDocument checks, without a database, that every route
// the API registers is documented and every documented operation is
// routed to its own pattern, not to the catch-all.
func TestRoutesMatchDocument(t *testing.T) {
	mux := &recordingMux{ServeMux: http.NewServeMux()}
	api.New(nil, nil).Register(mux)

	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/openapi.json", nil))
	body, _ := io.ReadAll(rec.Result().Body)
	c := loadContract(t, body)
	documented := c.operations()

	if !slices.Contains(mux.patterns, catchAll) {
		t.Errorf("no catch-all %q among the registered patterns %v", catchAll, mux.patterns)
	}
	for _, p := range mux.patterns {
		if p == catchAll {
			continue
		}
		if _, ok := documented[p]; !ok {
			t.Errorf("route %q is registered but not in the OpenAPI document", p)
		}
		if _, path, _ := strings.Cut(p, " "); !strings.HasPrefix(path, api.Prefix+"/") && p != "GET /api/openapi.json" {
			t.Errorf("route %q is outside %s", p, api.Prefix)
		}
	}
	for pattern, op := range documented {
		if !slices.Contains(mux.patterns, pattern) {
			t.Errorf("%s (%s) is documented but not registered", pattern, op)
		}
		method, path, _ := strings.Cut(pattern, " ")
		url := c.examplePath(t, path, op)
		_, got := mux.Handler(httptest.NewRequest(method, url, nil))
		if got != pattern {
			t.Errorf("%s %s is routed to %q, want %q", method, url, got, pattern)
		}
	}
	for _, url := range []string{"/api/v1/nothing", "/api/v1/colleges/1/students", "/api/v2/colleges"} {
		if _, got := mux.Handler(httptest.NewRequest(http.MethodGet, url, nil)); got != catchAll {
			t.Errorf("GET %s is routed to %q, want the catch-all", url, got)
		}
	}
}

// TestRoutesHaveActions checks, without a database, that every route the
// API registers has an action in its route table, and that every action is
// one the policy table knows, so no route is left to a default.
func TestRoutesHaveActions(t *testing.T) {
	mux := &recordingMux{ServeMux: http.NewServeMux()}
	api.New(nil, nil).Register(mux)
	actions := api.RouteActions()
	for _, p := range mux.patterns {
		action, ok := actions[p]
		if !ok {
			t.Errorf("route %q has no action in the route table", p)
			continue
		}
		if _, ok := auth.Policy[action]; !ok {
			t.Errorf("route %q: action %q is not in auth.Policy", p, action)
		}
	}
	if len(actions) != len(mux.patterns) {
		t.Errorf("the route table has %d routes, Register added %d", len(actions), len(mux.patterns))
	}
}

// examplePath fills the path parameters of a documented path with their
// examples from the document.
func (c *contract) examplePath(t *testing.T, path, operationID string) string {
	t.Helper()
	for _, item := range c.doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID != operationID {
				continue
			}
			for _, p := range op.Parameters {
				if p.Value.In != "path" {
					continue
				}
				if p.Value.Example == nil {
					t.Fatalf("%s: path parameter %s has no example", operationID, p.Value.Name)
				}
				path = strings.ReplaceAll(path, "{"+p.Value.Name+"}", fmt.Sprint(p.Value.Example))
			}
		}
	}
	return path
}
