// Package app assembles dualtrack's HTTP surface from its parts: health
// probes, the web pages and the JSON API over one guarded registry, wrapped
// in the shared middleware. The command line serves it; tests start it on :0.
package app

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/api"
	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/importjob"
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
	// Uploads is the folder where files uploaded for import wait for their
	// import (a dualtrack-imports folder in the system's temporary folder
	// when empty).
	Uploads string
	// Node names this server in the import jobs it runs, so that on
	// start it fails only its own unfinished ones (the host name when
	// empty; serve adds the port, as two nodes may share a host).
	Node string
	// Metrics, when set, receives the surface's metrics: request latencies
	// by route, the database pools, the imports and the Go runtime. It is
	// served on the admin listener, never by this handler.
	Metrics *metrics.Registry
}

// Handler returns the whole product's HTTP handler over st. Pages and API
// reach data only through the access layer, which authorises every call.
// It fails if a template does not parse, so a broken build stops at
// start-up, not on a request.
func Handler(st *store.Store, opts Options) (http.Handler, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	guard := access.New(st)
	guard.Now = opts.Now
	authn := &auth.Service{Users: st, Now: opts.Now}

	imports, err := importRunner(st, opts)
	if err != nil {
		return nil, err
	}
	jobs := access.NewImportJobs(st)
	jobs.Now = opts.Now

	mux := http.NewServeMux()
	server.Health(mux, st)
	w, err := web.New(web.Config{Registry: guard, Auth: authn, Sessions: st.Sessions(), SecureCookies: opts.SecureCookies,
		ImportJobs: jobs, ImportRunner: imports})
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
	return server.Middleware(inner, opts.Log), nil
}

// importRunner starts the runner of the upload page's imports, on this
// host: it fails the imports this host left unfinished when it last
// stopped, which is why it runs before the server takes requests. The
// imports go through the access layer, as the uploader.
func importRunner(st *store.Store, opts Options) (*importjob.Runner, error) {
	dir := opts.Uploads
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "dualtrack-imports")
	}
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
	log := opts.Log
	if log == nil {
		log = slog.Default()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var jobs domain.ImportJobStore = st
	if opts.Metrics != nil {
		jobs = newImportMetrics(opts.Metrics, st, opts.Now)
	}
	return importjob.New(ctx, importjob.Config{Store: jobs, Imports: guard, Dir: dir, Node: node, Log: log, Now: opts.Now})
}
