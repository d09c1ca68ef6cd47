package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
)

func TestStatus(t *testing.T) {
	for _, c := range []struct {
		err  error
		want int
	}{
		{nil, 200},
		{domain.Invalid("page", "error.page.number", "x"), 400},
		{domain.NotFound("college"), 404},
		{&domain.Error{Code: domain.ECONFLICT}, 409},
		{&domain.Error{Code: domain.EUNAUTHORIZED}, 401},
		{&domain.Error{Code: domain.EFORBIDDEN}, 403},
		{&domain.Error{Code: domain.ETOOMANY}, 429},
		{&domain.Error{Code: domain.EUNAVAILABLE}, 503},
		{errors.New("disk on fire"), 500},
		{&domain.Error{Code: domain.EINTERNAL}, 500},
	} {
		if got := Status(c.err); got != c.want {
			t.Errorf("Status(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

func TestMiddlewareRequestIDAndLog(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	h := Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(RequestID(r.Context())))
	}), log)

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/colleges", nil))
	id := rec.Header().Get(RequestIDHeader)
	if len(id) != 16 || rec.Body.String() != id {
		t.Fatalf("request id %q, body %q", id, rec.Body.String())
	}
	var line map[string]any
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
		t.Fatalf("log is not JSON: %q", logs.String())
	}
	if line["request_id"] != id || line["path"] != "/colleges" || line["status"] != float64(200) {
		t.Fatalf("log line: %v", line)
	}

	// A proxy's request ID is kept.
	rec = httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set(RequestIDHeader, "from-proxy-1")
	h.ServeHTTP(rec, req)
	if rec.Body.String() != "from-proxy-1" {
		t.Fatalf("proxy id not kept: %q", rec.Body.String())
	}
}

func TestMiddlewareRecoversFromPanic(t *testing.T) {
	var logs bytes.Buffer
	h := Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("secret detail")
	}), slog.New(slog.NewJSONHandler(&logs, nil)))

	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/api/v1/colleges", nil)
	req.Header.Set("Accept-Language", "ru")
	h.ServeHTTP(rec, req)
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "secret") || !strings.Contains(rec.Body.String(), "ошибка") {
		t.Fatalf("API panic: %d %q", rec.Code, rec.Body.String())
	}
	if !strings.Contains(logs.String(), "secret detail") || !strings.Contains(logs.String(), `"stack"`) {
		t.Fatalf("panic not logged with its stack: %s", logs.String())
	}

	rec = httptest.NewRecorder()
	req = httptest.NewRequest("GET", "/colleges", nil)
	req.Header.Set("Accept-Language", "kk")
	h.ServeHTTP(rec, req)
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "қате") {
		t.Fatalf("page panic: %d %q", rec.Code, rec.Body.String())
	}
}

type fakeDB struct{ err error }

func (f fakeDB) Ping(ctx context.Context) error { return f.err }

// TestReadyz uses a stand-in for the database only to make it fail on
// demand; the real store's Ping is exercised by the cmd and store tests.
func TestReadyz(t *testing.T) {
	for _, c := range []struct {
		db   fakeDB
		want int
	}{{fakeDB{}, 200}, {fakeDB{errors.New("connection refused")}, 503}} {
		mux := http.NewServeMux()
		Health(mux, c.db)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		if rec.Code != c.want || strings.Contains(rec.Body.String(), "refused") {
			t.Errorf("readyz with %v: %d %s", c.db.err, rec.Code, rec.Body.String())
		}
	}
}
