package metrics

import (
	"net/http"
	"time"
)

// LatencyBuckets are the upper bounds, in seconds, of the request latency
// histogram: from a cached page (a millisecond) to the longest export the
// server lets run (its write timeout is a minute).
var LatencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}

// HTTP measures an HTTP surface: the latency of its requests by route and
// status class, and the requests in flight.
type HTTP struct {
	duration *HistogramVec
	inFlight *Gauge
}

// NewHTTP registers the HTTP families in r.
func NewHTTP(r *Registry) *HTTP {
	return &HTTP{
		duration: r.Histogram("dualtrack_http_request_duration_seconds",
			"Time from a request's arrival to its handler's return, by the route pattern that served it and the status class.",
			LatencyBuckets, "route", "status"),
		inFlight: r.Gauge("dualtrack_http_requests_in_flight", "Requests being served now.").With(),
	}
}

// Unmatched is the route label of a request no pattern served (a 404 or a
// redirect to the canonical path): raw paths are never labels, or a
// scanner could create a series per URL it tries.
const Unmatched = "unmatched"

// Wrap measures every request next serves. The route is the pattern the
// http.ServeMux matched (Request.Pattern), which the mux sets on the very
// request it is handed: next must be the mux, or hand the mux the request
// it receives (not a copy from WithContext).
func (h *HTTP) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h.inFlight.Add(1)
		rec := &statusWriter{ResponseWriter: w}
		defer func() {
			h.inFlight.Add(-1)
			route := r.Pattern
			if route == "" {
				route = Unmatched
			}
			status := rec.status
			if status == 0 {
				// A handler that panicked before writing is answered 500
				// by the recovery outside; one that wrote nothing is 200.
				status = http.StatusOK
				if p := recover(); p != nil {
					h.duration.With(route, "5xx").Observe(time.Since(start).Seconds())
					panic(p)
				}
			}
			h.duration.With(route, statusClass(status)).Observe(time.Since(start).Seconds())
		}()
		next.ServeHTTP(rec, r)
	})
}

func statusClass(code int) string {
	switch {
	case code < 200:
		return "1xx"
	case code < 300:
		return "2xx"
	case code < 400:
		return "3xx"
	case code < 500:
		return "4xx"
	}
	return "5xx"
}

// statusWriter remembers the status of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (flushes,
// deadlines) through the recorder.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
