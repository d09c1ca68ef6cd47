// Package app assembles dualtrack's HTTP surface from its parts: health
// probes, the web pages and the JSON API over one guarded registry, wrapped
// in the shared middleware. The command line serves it; tests start it on :0.
package app

import (
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/api"
	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/importjob"
	"github.com/dualtrack/dualtrack/internal/jobs"
	"github.com/dualtrack/dualtrack/internal/metrics"
	"github.com/dualtrack/dualtrack/internal/server"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/web"
)

// Options configure the HTTP surface.
type Options struct {
	Log *slog.Logger
	// SecureCookies marks cookies Secure: set when the product is served
	// over TLS, directly or behind a proxy that terminates it.
	SecureCookies bool
	// Now is the clock (time.Now when nil); tests replace it.
	Now func() time.Time
	// Node names this server in the import jobs it receives (the host
	// name when empty; serve adds the port, as two nodes may share a
	// host).
	Node string
	// ExportJobRows is the length of list above which a download is
	// prepared in the background (web.DefaultExportJobRows when 0).
	ExportJobRows int
	// Metrics, when set, receives the surface's metrics: request latencies
	// by route, the database pools, the imports and the Go runtime. It is
	// served on the admin listener, never by this handler.
	Metrics *metrics.Registry
}

// App is the HTTP surface and the work it hands to the background jobs:
// the uploads it receives are imported, and the long downloads it is asked
// for written, by a jobs.Runner given Imports and Exports, on this node or
// any other.
type App struct {
	Handler http.Handler
	Imports *importjob.Runner // jobs.Importer
	Exports *web.Web          // jobs.ExportWriter
}

// Handler returns the whole product's HTTP handler over st (see New),
// for a program that leaves the files' jobs to other nodes.
func Handler(st *store.Store, opts Options) (http.Handler, error) {
	a, err := New(st, opts)
	if err != nil {
		return nil, err
	}
	return a.Handler, nil
}

// New assembles the product over st. Pages and API reach data only
// through the access layer, which authorises every call. It fails if a
// template does not parse, so a broken build stops at start-up, not on a
// request.
func New(st *store.Store, opts Options) (*App, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	guard := access.New(st)
	guard.Now = opts.Now
	authn := &auth.Service{Users: st, Now: opts.Now}

	// The files' jobs are queued here and worked by whichever node's
	// jobs.Runner is free.
	queue, err := jobs.NewQueue(st, opts.Log)
	if err != nil {
		return nil, err
	}
	imports := importRunner(st, queue, opts)
	importJobs := access.NewImportJobs(st)
	importJobs.Now = opts.Now
	exportJobs := access.NewExportJobs(st)
	exportJobs.Now = opts.Now

	mux := http.NewServeMux()
	server.Health(mux, st)
	w, err := web.New(web.Config{Registry: guard, Auth: authn, Sessions: st.Sessions(), SecureCookies: opts.SecureCookies,
		ImportJobs: importJobs, ImportRunner: imports,
		ExportJobs: exportJobs, ExportQueue: queue, ExportWork: st, ExportJobRows: opts.ExportJobRows})
	if err != nil {
		return nil, err
	}
	w.Register(mux)
	api.New(guard, authn).Register(mux)
	// Cross-origin protection rejects state-changing requests from other
	// sites (CSRF) using the browser's Sec-Fetch-Site and Origin headers.
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(server.CrossSiteRefused))
	inner := csrf.Handler(mux)
	if opts.Metrics != nil {
		// Inside the middleware, which copies the request: the mux sets
		// the route pattern on the request it is handed, and the
		// measurement reads it from there.
		inner = metrics.NewHTTP(opts.Metrics).Wrap(inner)
		registerPoolMetrics(opts.Metrics, st)
		metrics.RegisterRuntime(opts.Metrics)
	}
	return &App{Handler: server.Middleware(inner, opts.Log), Imports: imports, Exports: w}, nil
}

// importRunner is the upload page's side of the imports: it keeps the
// uploads in the database and queues their imports, and, when this node's
// jobs take one, runs it through the access layer as the uploader.
func importRunner(st *store.Store, queue importjob.Queue, opts Options) *importjob.Runner {
	node := opts.Node
	if node == "" {
		host, err := os.Hostname()
		if err != nil || host == "" {
			host = "localhost"
		}
		node = host
	}
	guard := access.NewImports(st)
	guard.Now = opts.Now
	var rows domain.ImportJobStore = st
	if opts.Metrics != nil {
		rows = newImportMetrics(opts.Metrics, st, opts.Now)
	}
	return importjob.New(importjob.Config{Store: rows, Files: st, Users: st, Imports: guard, Queue: queue, Node: node,
		Log: opts.Log, Now: opts.Now})
}
