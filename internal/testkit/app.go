package testkit

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/dualtrack/dualtrack/internal/app"
	"github.com/dualtrack/dualtrack/internal/store"
)

// App is the whole program serving on a loopback port.
type App struct {
	URL   string       // base URL, e.g. http://127.0.0.1:41234
	Store *store.Store // the database behind it, for arranging data
}

// StartApp serves the whole product over a fresh migrated database of the
// given DSN (see SQLitePath and PostgresURL) on 127.0.0.1:0, and stops it
// when the test ends. Logs are discarded unless the test runs verbose.
func StartApp(tb testing.TB, dsn string) *App {
	tb.Helper()
	st := OpenStore(tb, dsn)
	out := io.Discard
	if testing.Verbose() {
		out = testWriter{tb}
	}
	h, err := app.Handler(st, slog.New(slog.NewJSONHandler(out, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return &App{URL: srv.URL, Store: st}
}

type testWriter struct{ tb testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.tb.Log(string(p))
	return len(p), nil
}
