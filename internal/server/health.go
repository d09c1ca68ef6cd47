package server

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Pinger is what readiness needs: the database answering.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Health registers /healthz (the process is alive) and /readyz (it can
// reach its database; 503 otherwise, so a load balancer stops sending it
// traffic).
func Health(mux *http.ServeMux, db Pinger) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeHealth(w, http.StatusOK, "ok", "")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			Logger(r.Context()).Warn("not ready", "err", err)
			writeHealth(w, http.StatusServiceUnavailable, "unavailable", "database unreachable")
			return
		}
		writeHealth(w, http.StatusOK, "ok", "")
	})
}

func writeHealth(w http.ResponseWriter, status int, state, reason string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	body := map[string]string{"status": state}
	if reason != "" {
		body["reason"] = reason
	}
	json.NewEncoder(w).Encode(body)
}
