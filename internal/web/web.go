// Package web serves the server-rendered pages of dualtrack in Kazakh,
// Russian and English: the home page with live registry counts, searchable
// and filterable lists of colleges, enterprises and students, their detail
// pages, sign-in, one's own account, the administration of users and the
// audit log.
//
// Every route is declared once in routes.go with the auth.Action it needs;
// the session (cookies, server-side in the product's database) is the web
// pages' own, and the data comes only through the access layer, which
// applies each role's scope and masks personal data.
//
// Every page works without JavaScript (plain GET forms and links, POST
// forms for changes); with the vendored htmx, filter changes and
// search-as-you-type swap only the results table. Handlers live one per
// file, named after the action; templates and static files are embedded
// and parsed once in New.
package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/auth"
)

// Web holds the page handlers and their parsed templates.
type Web struct {
	reg   *access.Registry
	auth  *auth.Service
	pages pages
	// sessions and secureSessions share one store; the second marks its
	// cookie Secure, for requests over TLS. With Config.SecureCookies both
	// do.
	sessions, secureSessions *scs.SessionManager
	secureCookies            bool
	// staticVersion is a hash of the static files, appended to their URLs so
	// browsers may cache them for a year and still fetch a new release.
	staticVersion string

	// importJobs and imports are the upload page's (import_*.go).
	importJobs *access.ImportJobs
	imports    ImportRunner

	// The large downloads (export_job.go): the asker's jobs, the queue,
	// the background job's own reads and writes, the threshold, and the
	// list downloads a job replays.
	exportJobs    *access.ExportJobs
	exportQueue   ExportQueue
	exportWork    ExportWork
	exportJobRows int
	exportRoutes  *http.ServeMux
}

// Config is what the pages need: the guarded registry, sign-in, and where
// sessions live.
type Config struct {
	Registry *access.Registry
	Auth     *auth.Service
	// Sessions stores the session data (the product's own database).
	Sessions scs.Store
	// SecureCookies marks every cookie Secure: set when users reach the
	// product over HTTPS, directly or through a proxy. Requests that arrive
	// over TLS get Secure cookies regardless.
	SecureCookies bool
	// ImportJobs are the guarded uploads of the import page, which
	// ImportRunner imports in the background.
	ImportJobs   *access.ImportJobs
	ImportRunner ImportRunner
	// ExportJobs, ExportQueue and ExportWork prepare the downloads of more
	// than ExportJobRows rows (DefaultExportJobRows when 0) in the
	// background; without a queue every download streams.
	ExportJobs    *access.ExportJobs
	ExportQueue   ExportQueue
	ExportWork    ExportWork
	ExportJobRows int
}

// New parses the embedded templates and returns the page handlers. A
// template that does not parse fails New, so a broken build stops at
// start-up instead of on some later request.
func New(cfg Config) (*Web, error) {
	version, err := hashFiles(staticFS)
	if err != nil {
		return nil, err
	}
	h := &Web{reg: cfg.Registry, auth: cfg.Auth, staticVersion: version, secureCookies: cfg.SecureCookies,
		importJobs: cfg.ImportJobs, imports: cfg.ImportRunner,
		exportJobs: cfg.ExportJobs, exportQueue: cfg.ExportQueue, exportWork: cfg.ExportWork, exportJobRows: cfg.ExportJobRows}
	if h.exportJobRows <= 0 {
		h.exportJobRows = DefaultExportJobRows
	}
	// The downloads a background job may replay: the lists' exports, each
	// behind its route's action as in a request.
	h.exportRoutes = http.NewServeMux()
	for _, rt := range routes {
		if strings.HasPrefix(rt.pattern, "GET /") && strings.HasSuffix(rt.pattern, "/export") {
			h.exportRoutes.Handle(rt.pattern, h.authorize(rt))
		}
	}
	h.sessions = newSessionManager(cfg.Sessions, cfg.SecureCookies)
	h.secureSessions = newSessionManager(cfg.Sessions, true)
	for _, sm := range []*scs.SessionManager{h.sessions, h.secureSessions} {
		// A failing session store is the database failing: the translated
		// error page, logged with the request ID.
		sm.ErrorFunc = h.fail
	}
	h.pages, err = parsePages(templateFS, h.funcs())
	if err != nil {
		return nil, err
	}
	return h, nil
}

// now is the clock of sign-in, which tests may fix.
func (h *Web) now() time.Time {
	if h.auth != nil && h.auth.Now != nil {
		return h.auth.Now()
	}
	return time.Now()
}
