// Package app assembles dualtrack's HTTP surface from its parts: health
// probes, the web pages and the JSON API over one registry, wrapped in the
// shared middleware. The command line serves it; tests start it on :0.
package app

import (
	"log/slog"
	"net/http"

	"github.com/dualtrack/dualtrack/internal/api"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/server"
	"github.com/dualtrack/dualtrack/internal/web"
)

// Handler returns the whole product's HTTP handler. It fails if a template
// does not parse, so a broken build stops at start-up, not on a request.
func Handler(reg domain.Registry, log *slog.Logger) (http.Handler, error) {
	mux := http.NewServeMux()
	server.Health(mux, reg)
	w, err := web.New(reg)
	if err != nil {
		return nil, err
	}
	w.Register(mux)
	api.New(reg).Register(mux)
	// Cross-origin protection rejects state-changing requests from other
	// sites (CSRF) using the browser's Sec-Fetch-Site and Origin headers.
	return server.Middleware(http.NewCrossOriginProtection().Handler(mux), log), nil
}
