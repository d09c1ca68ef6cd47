package testkit

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/app"
	"github.com/dualtrack/dualtrack/internal/jobs"
	"github.com/dualtrack/dualtrack/internal/store"
)

// App is the whole program serving on a loopback port.
type App struct {
	URL   string       // base URL, e.g. http://127.0.0.1:41234
	Store *store.Store // the database behind it, for arranging data
}

// AppOption changes how StartApp runs the program.
type AppOption func(*appOptions)

type appOptions struct {
	logs       io.Writer
	now        func() time.Time
	exportRows int
}

// WithLogs writes the program's JSON log to w as well, for tests of what
// gets logged (a secret must never be). w must be safe for concurrent use:
// requests log while the test reads.
func WithLogs(w io.Writer) AppOption {
	return func(o *appOptions) { o.logs = w }
}

// WithClock runs the program on the clock now instead of time.Now.
func WithClock(now func() time.Time) AppOption {
	return func(o *appOptions) { o.now = now }
}

// WithExportJobRows lowers the length of list above which a download is
// prepared in the background (app.Options.ExportJobRows).
func WithExportJobRows(n int) AppOption {
	return func(o *appOptions) { o.exportRows = n }
}

// StartApp serves the whole product over a fresh migrated database of the
// given DSN (see DSN, SQLitePath and PostgresURL) on 127.0.0.1:0, and stops it
// when the test ends. Logs are discarded unless the test runs verbose or
// asks for them (WithLogs). Beside it runs a node of the background work
// that takes the files' jobs only (uploads' imports, long downloads): the
// sweeps and recounts, and the lead of the cluster, stay with any
// jobs.Runner the test starts itself.
func StartApp(tb testing.TB, dsn string, opts ...AppOption) *App {
	tb.Helper()
	var o appOptions
	for _, opt := range opts {
		opt(&o)
	}
	st := OpenStore(tb, dsn)
	out := io.Discard
	if testing.Verbose() {
		out = testWriter{tb}
	}
	if o.logs != nil {
		out = io.MultiWriter(out, o.logs)
	}
	log := slog.New(slog.NewJSONHandler(out, nil))
	a, err := app.New(st, app.Options{Log: log, Now: o.now, ExportJobRows: o.exportRows})
	if err != nil {
		tb.Fatal(err)
	}
	runner, err := jobs.New(jobs.Config{Store: st, Log: log, OnlyFiles: true, Imports: a.Imports, Exports: a.Exports,
		PollEvery: 50 * time.Millisecond})
	if err != nil {
		tb.Fatal(err)
	}
	if err := runner.Start(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		runner.Stop(ctx)
	})
	srv := httptest.NewServer(a.Handler)
	tb.Cleanup(srv.Close)
	return &App{URL: srv.URL, Store: st}
}

type testWriter struct{ tb testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.tb.Log(string(p))
	return len(p), nil
}
