// Package app assembles dualtrack's HTTP surface from its parts: health
// probes, the web pages and the JSON API over one guarded registry, wrapped
// in the shared middleware. The command line serves it; tests start it on :0.
package app

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/api"
	"github.com/dualtrack/dualtrack/internal/auth"
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

	mux := http.NewServeMux()
	server.Health(mux, st)
	w, err := web.New(web.Config{Registry: guard, Auth: authn, Sessions: st.Sessions(), SecureCookies: opts.SecureCookies})
	if err != nil {
		return nil, err
	}
	w.Register(mux)
	api.New(guard, authn).Register(mux)
	// Cross-origin protection rejects state-changing requests from other
	// sites (CSRF) using the browser's Sec-Fetch-Site and Origin headers.
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(server.CrossSiteRefused))
	return server.Middleware(csrf.Handler(mux), opts.Log), nil
}
