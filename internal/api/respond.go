package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/server"
)

// handlerFunc is an endpoint: it writes a success itself and returns any
// error for serve to answer, so no handler can forget the error format.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// serve runs a handler behind what every endpoint shares, in this order:
// cookies dropped, the bearer token authenticated, the route's action
// authorised, the lang parameter checked. Authorisation comes before any
// parameter is looked at, so a caller who may not use an endpoint learns
// nothing from how it validates input.
func (a *API) serve(action auth.Action, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = withoutCookies(r)
		// The answer depends on the token and the language: shared caches
		// must not hand one caller's answer to another.
		w.Header().Set("Vary", "Authorization, Accept-Language")
		ctx, err := a.authenticate(r)
		if err != nil {
			if domain.ErrorCode(err) == domain.EUNAUTHORIZED {
				w.Header().Set("WWW-Authenticate", challengeInvalidToken)
			}
			writeError(w, r, err)
			return
		}
		r = r.WithContext(ctx)
		actor := domain.ActorFrom(ctx)
		if actor.User != nil {
			// Answers to a token may hold personal data: keep them out of
			// every cache, the client's included.
			w.Header().Set("Cache-Control", "no-store")
		}
		if err := authorize(actor, action); err != nil {
			writeError(w, r, err)
			return
		}
		if err := checkLang(r); err != nil {
			writeError(w, r, err)
			return
		}
		if err := h(w, r); err != nil {
			writeError(w, r, err)
		}
	})
}

// errorBody is the JSON of every error answer.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// writeError answers err in the request's language with the status
// server.Status gives its code. An error without a code is logged with its
// cause and answered with the generic internal message only, so database
// details never reach a client.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := domain.AsError(err)
	status := server.Status(e)
	if status == http.StatusUnauthorized && w.Header().Get("WWW-Authenticate") == "" {
		// RFC 9110 requires a challenge with every 401; this one tells the
		// client which credentials the API takes.
		w.Header().Set("WWW-Authenticate", challenge)
	}
	if status >= http.StatusInternalServerError {
		server.Logger(r.Context()).Error("api request failed", "code", e.Code, "err", err)
	}
	if status == http.StatusInternalServerError {
		// Whatever the error says of itself, a 500 shows nothing but the
		// generic message.
		e = &domain.Error{Code: domain.EINTERNAL, Key: "error.internal"}
	}
	writeJSON(w, r, status, errorBody{errorDetail{
		Code:    e.Code,
		Message: i18n.For(i18n.FromRequest(r)).TMap(e.Key, e.Params),
		Field:   e.Field,
	}})
}

// writeJSON encodes v before writing anything, so an encoding failure still
// becomes a clean 500 rather than half a body.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // names like «Алматы Энерго» stay readable
	if err := enc.Encode(v); err != nil {
		server.Logger(r.Context()).Error("api encode", "err", err)
		server.InternalError(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// collection is the answer of an endpoint that returns a whole (short)
// list: reference data, a college's programmes or groups.
type collection[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// page is the answer of a paged list; its JSON is that of domain.List.
type page[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// writeCollection answers a whole list, each item converted by conv.
func writeCollection[T, R any](w http.ResponseWriter, r *http.Request, items []T, conv func(T) R) {
	out := collection[R]{Items: make([]R, 0, len(items)), Total: len(items)}
	for _, it := range items {
		out.Items = append(out.Items, conv(it))
	}
	writeJSON(w, r, http.StatusOK, out)
}

// writePage answers one page of a list, each item converted by conv, with
// a Link header to the first, previous, next and last pages.
func writePage[T, R any](w http.ResponseWriter, r *http.Request, list domain.List[T], conv func(T) R) {
	out := page[R]{Items: make([]R, 0, len(list.Items)), Total: list.Total, Page: list.Page, PerPage: list.Size}
	for _, it := range list.Items {
		out.Items = append(out.Items, conv(it))
	}
	if link := linkHeader(r.URL, list.Page, list.Pages()); link != "" {
		w.Header().Set("Link", link)
	}
	writeJSON(w, r, http.StatusOK, out)
}

// linkHeader builds an RFC 8288 Link header for paging: the request's own
// path and parameters with page replaced. A list with no rows has no pages
// to link to.
func linkHeader(u *url.URL, current, pages int) string {
	if pages == 0 {
		return ""
	}
	link := func(n int, rel string) string {
		q := u.Query()
		q.Set("page", strconv.Itoa(n))
		return "<" + u.Path + "?" + q.Encode() + `>; rel="` + rel + `"`
	}
	links := []string{link(1, "first")}
	if current > 1 {
		links = append(links, link(min(current-1, pages), "prev"))
	}
	if current < pages {
		links = append(links, link(current+1, "next"))
	}
	links = append(links, link(pages, "last"))
	return strings.Join(links, ", ")
}
