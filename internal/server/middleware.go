package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/i18n"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	loggerKey
)

// RequestIDHeader carries the request ID in and out: a proxy's ID is kept,
// otherwise one is made, and every log line of the request carries it.
const RequestIDHeader = "X-Request-ID"

// RequestID returns the ID of the request ctx belongs to.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// Logger returns the request's logger (with its request ID), or the default.
func Logger(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

func newRequestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statusRecorder remembers the status and size of a response for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Middleware wraps next with, from the outside in: a request ID, a JSON
// access log line per request, and recovery from panics (logged with the
// stack, answered with a translated 500).
func Middleware(next http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get(RequestIDHeader)
		if id == "" || len(id) > 64 {
			id = newRequestID()
		}
		w.Header().Set(RequestIDHeader, id)
		// Every answer, page or JSON, is only what its Content-Type says.
		w.Header().Set("X-Content-Type-Options", "nosniff")
		reqLog := log.With("request_id", id)
		ctx := context.WithValue(context.WithValue(r.Context(), requestIDKey, id), loggerKey, reqLog)
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				reqLog.Error("panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if rec.status == 0 {
					InternalError(rec, r)
				}
			}
			level := slog.LevelInfo
			if rec.status >= 500 {
				level = slog.LevelError
			}
			reqLog.Log(ctx, level, "request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
				"bytes", rec.bytes, "duration_ms", float64(time.Since(start).Microseconds())/1000, "remote", r.RemoteAddr)
		}()
		next.ServeHTTP(rec, r.WithContext(ctx))
	})
}

// InternalError answers 500 in the user's language, as JSON under /api/
// and as text elsewhere, without any detail of the cause.
func InternalError(w http.ResponseWriter, r *http.Request) {
	plainError(w, r, http.StatusInternalServerError, "internal", "error.internal")
}

// CrossSiteRefused answers a state-changing request that came from another
// site (refused by http.CrossOriginProtection) with a translated 403.
func CrossSiteRefused(w http.ResponseWriter, r *http.Request) {
	plainError(w, r, http.StatusForbidden, "forbidden", "error.cross_site")
}

// plainError writes an error that arises before any page or API handler
// runs: JSON under /api/, text elsewhere, in the user's language.
func plainError(w http.ResponseWriter, r *http.Request, status int, code, key string) {
	msg := i18n.For(i18n.FromRequest(r)).T(key)
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": msg}})
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintln(w, msg)
}
