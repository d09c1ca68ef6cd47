// Package web serves the server-rendered pages of dualtrack in Kazakh,
// Russian and English.
package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Web holds the page handlers and their parsed templates.
type Web struct {
	reg domain.Registry
}

// New parses the templates and returns the page handlers.
func New(reg domain.Registry) (*Web, error) {
	return &Web{reg: reg}, nil
}

// Register adds the pages' routes to mux.
func (h *Web) Register(mux *http.ServeMux) {}
