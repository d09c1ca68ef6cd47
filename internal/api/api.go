// Package api serves the JSON API under /api/v1 and its OpenAPI document.
package api

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// API holds the JSON handlers.
type API struct {
	reg domain.Registry
}

// New returns the API handlers over reg.
func New(reg domain.Registry) *API { return &API{reg: reg} }

// Register adds the API's routes to mux.
func (a *API) Register(mux *http.ServeMux) {}
