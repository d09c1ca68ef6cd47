package api

import (
	"context"
	"net"
	"net/http"
	"strings"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// errBadCredentials answers an Authorization header that is not one valid
// bearer token. It has the key of the error auth.Service.Authenticate
// returns, so every kind of bad credential reads the same to the client.
var errBadCredentials = &domain.Error{Code: domain.EUNAUTHORIZED, Key: "error.token.invalid", Message: "invalid or revoked token"}

// The WWW-Authenticate challenges of RFC 6750: without an error code when
// the request carried no credentials, with invalid_token when it carried
// bad ones.
const (
	challenge             = `Bearer realm="dualtrack"`
	challengeInvalidToken = `Bearer realm="dualtrack", error="invalid_token"`
)

// authenticate returns the request's context with its actor: the user of
// the bearer token in the Authorization header, or the public when there
// is no such header. A header that is present but bad (another scheme, a
// malformed, unknown, revoked or expired token, a disabled or expired
// account) is EUNAUTHORIZED even on public endpoints: a client that meant
// to authenticate and failed should learn so, not quietly get the public
// view.
func (a *API) authenticate(r *http.Request) (context.Context, error) {
	actor := domain.Actor{Address: clientAddress(r)}
	values := r.Header.Values("Authorization")
	if len(values) == 0 {
		return domain.WithActor(r.Context(), actor), nil
	}
	secret, ok := bearerToken(values)
	if !ok {
		return nil, errBadCredentials
	}
	u, err := a.authn.Authenticate(r.Context(), secret)
	if err != nil {
		return nil, err
	}
	actor.User, actor.Via = &u, "token"
	return domain.WithActor(r.Context(), actor), nil
}

// bearerToken extracts the token of an "Authorization: Bearer <token>"
// header. The scheme is case-insensitive (RFC 9110 §11.1); two
// Authorization headers are refused rather than one of them picked.
func bearerToken(values []string) (string, bool) {
	if len(values) != 1 {
		return "", false
	}
	scheme, token, _ := strings.Cut(strings.TrimSpace(values[0]), " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" || strings.ContainsAny(token, " \t") {
		return "", false
	}
	return token, true
}

// authorize checks the route's action for the actor. The public gets
// EUNAUTHORIZED with a message about tokens, since the API has no sign-in
// page to send them to; a signed-in role the policy refuses gets
// EFORBIDDEN.
func authorize(actor domain.Actor, action auth.Action) error {
	err := auth.Check(actor, action)
	if err != nil && actor.User == nil {
		return &domain.Error{Code: domain.EUNAUTHORIZED, Key: "error.api.token_required", Message: "this endpoint needs an access token"}
	}
	return err
}

// clientAddress is the host of the connection's remote address, recorded
// in the audit log. Forwarded-for headers are not trusted: dualtrack has no
// setting naming the proxies allowed to send them, and anyone else could
// write any address into the audit trail.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// withoutCookies returns r without its Cookie header. The API
// authenticates by bearer token only; dropping cookies before any of its
// code runs means nothing below — the language choice included — can act
// on a browser's session, so a page open in a signed-in browser cannot use
// the API in its user's name.
func withoutCookies(r *http.Request) *http.Request {
	if _, ok := r.Header["Cookie"]; !ok {
		return r
	}
	r = r.WithContext(r.Context())
	r.Header = r.Header.Clone()
	r.Header.Del("Cookie")
	return r
}
