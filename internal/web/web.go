// Package web serves the server-rendered pages of dualtrack in Kazakh,
// Russian and English: the home page with live registry counts, searchable
// and filterable lists of colleges, enterprises and students, and their
// detail pages.
//
// Every page works without JavaScript (plain GET forms and links); with the
// vendored htmx, filter changes and search-as-you-type swap only the results
// table. Handlers live one per file, named after the action; templates and
// static files are embedded and parsed once in New.
package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Web holds the page handlers and their parsed templates.
type Web struct {
	reg   domain.Registry
	pages pages
	// staticVersion is a hash of the static files, appended to their URLs so
	// browsers may cache them for a year and still fetch a new release.
	staticVersion string
}

// New parses the embedded templates and returns the page handlers. A
// template that does not parse fails New, so a broken build stops at
// start-up instead of on some later request.
func New(reg domain.Registry) (*Web, error) {
	version, err := hashFiles(staticFS)
	if err != nil {
		return nil, err
	}
	h := &Web{reg: reg, staticVersion: version}
	h.pages, err = parsePages(templateFS, h.funcs())
	if err != nil {
		return nil, err
	}
	return h, nil
}

// Register adds the pages' routes to mux. The catch-all "/" answers the
// translated 404 page for any path no other route claims.
func (h *Web) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", h.home)
	mux.HandleFunc("GET /colleges", h.collegeList)
	mux.HandleFunc("GET /colleges/{id}", h.collegeShow)
	mux.HandleFunc("GET /enterprises", h.enterpriseList)
	mux.HandleFunc("GET /enterprises/{id}", h.enterpriseShow)
	mux.HandleFunc("GET /students", h.studentList)
	mux.HandleFunc("GET /students/{id}", h.studentShow)
	mux.HandleFunc("POST /lang", h.lang)
	mux.HandleFunc("GET /static/{file...}", h.static)
	mux.HandleFunc("/", h.notFound)
}
