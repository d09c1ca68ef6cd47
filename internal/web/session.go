package web

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// SessionCookie is the name of the cookie that carries the session token.
const SessionCookie = "dualtrack_session"

// A session ends after 30 minutes without a request and 12 hours after
// sign-in in any case (OWASP session management). The idle timeout is kept
// here rather than by scs: scs would write the session back on every
// request to move its idle deadline, and on SQLite every write makes each
// reader connection drop its page cache — a page view would cost a write
// and cold caches for everyone. Recording the last request once every few
// minutes keeps the timeout within that margin for a fraction of the writes.
const (
	sessionIdleTimeout = 30 * time.Minute
	sessionLifetime    = 12 * time.Hour
	sessionTouchEvery  = 5 * time.Minute
)

// Keys of the session data.
const (
	sessionUserID = "user_id"
	sessionRole   = "role" // the role at sign-in, to notice a change
	// sessionCredentials is the user's CredentialsChangedAt when the
	// session was opened: a new password since then ends the session.
	sessionCredentials = "credentials"
	sessionFlash       = "flash" // a message key shown once on the next page
	// sessionSeen is when the session was last recorded as in use (Unix
	// seconds), rounded down to sessionTouchEvery.
	sessionSeen = "seen"
)

// newSessionManager returns a session manager over store whose cookie is
// Secure or not.
func newSessionManager(store scs.Store, secure bool) *scs.SessionManager {
	sm := scs.New()
	sm.Store = store
	sm.Lifetime = sessionLifetime
	sm.Cookie.Name = SessionCookie
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Path = "/"
	sm.Cookie.Secure = secure
	// The cookie lives as long as the session may: closing the browser does
	// not sign out, the timeouts do (the idle one on the server, see
	// touchSession).
	sm.Cookie.Persist = true
	// The database keeps a hash of each token, so a copy of the sessions
	// table (a backup, say) holds no cookie anyone could use.
	sm.HashTokenInStore = true
	return sm
}

type sessionKey struct{}

// sessionOf returns the session manager that loaded the request's session.
func sessionOf(ctx context.Context) *scs.SessionManager {
	sm, _ := ctx.Value(sessionKey{}).(*scs.SessionManager)
	return sm
}

// session loads the request's session and its user, and puts the actor
// into the context. The cookie is Secure when the configuration says so or
// the request came over TLS; scs marks a whole manager Secure or not, so
// there is one manager of each kind over the same store.
func (h *Web) session(next http.Handler) http.Handler {
	plain := h.sessions.LoadAndSave(h.identify(h.sessions, next))
	secure := h.secureSessions.LoadAndSave(h.identify(h.secureSessions, next))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS != nil {
			secure.ServeHTTP(w, r)
			return
		}
		plain.ServeHTTP(w, r)
	})
}

// identify reloads the session's user from the store on every request, so
// that disabling a user or changing their role takes effect at once: an
// inactive or deleted user is signed out, and a changed role gets a new
// session token (the privilege level changed).
func (h *Web) identify(sm *scs.SessionManager, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), sessionKey{}, sm)
		r = r.WithContext(ctx)
		actor := domain.Actor{Address: clientAddress(r)}
		if id := sm.GetInt64(ctx, sessionUserID); id != 0 {
			role := domain.Role(sm.GetString(ctx, sessionRole))
			u, err := h.sessionUser(ctx, id, role, actor.Address)
			switch code := domain.ErrorCode(err); {
			case code == domain.ENOTFOUND || code == domain.EUNAUTHORIZED || code == domain.EFORBIDDEN ||
				err == nil && (!u.Active(h.now()) || u.CredentialsChangedAt.UnixNano() != sm.GetInt64(ctx, sessionCredentials)) ||
				!touchSession(ctx, sm, h.now()):
				if err := sm.Destroy(ctx); err != nil {
					h.fail(w, r, err)
					return
				}
			case err != nil:
				h.fail(w, r, err)
				return
			default:
				if u.Role != role {
					if err := sm.RenewToken(ctx); err != nil {
						h.fail(w, r, err)
						return
					}
					sm.Put(ctx, sessionRole, string(u.Role))
				}
				actor.User, actor.Via = &u, "session"
			}
		}
		next.ServeHTTP(w, r.WithContext(domain.WithActor(ctx, actor)))
	})
}

// touchSession applies the idle timeout: false when the session has been
// idle too long; otherwise it records the request, at most once every
// sessionTouchEvery (a session read is free, a write is not).
func touchSession(ctx context.Context, sm *scs.SessionManager, now time.Time) bool {
	seen := sm.GetInt64(ctx, sessionSeen)
	if seen != 0 && now.Sub(time.Unix(seen, 0)) > sessionIdleTimeout {
		return false
	}
	if seen == 0 || now.Sub(time.Unix(seen, 0)) >= sessionTouchEvery {
		sm.Put(ctx, sessionSeen, now.Unix())
	}
	return true
}

// sessionUser reads the current record of the session's user through the
// access layer, acting as that user with the role the session recorded
// (every signed-in role may read its own account; a session without a
// role is refused and so ends).
func (h *Web) sessionUser(ctx context.Context, id int64, role domain.Role, address string) (domain.User, error) {
	as := domain.WithActor(ctx, domain.Actor{User: &domain.User{ID: id, Role: role}, Address: address, Via: "session"})
	return h.reg.Me(as)
}

// clientAddress is the address the request came from. Proxies' headers
// (X-Forwarded-For) are not trusted: anyone can send them.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// flash leaves a message key for the next page the user sees.
func flash(ctx context.Context, key string) {
	if sm := sessionOf(ctx); sm != nil {
		sm.Put(ctx, sessionFlash, key)
	}
}

// popFlash takes the message left for this page, if any.
func popFlash(ctx context.Context) string {
	sm := sessionOf(ctx)
	if sm == nil {
		return ""
	}
	// Exists first: Pop marks the session modified even when there is
	// nothing to take.
	if !sm.Exists(ctx, sessionFlash) {
		return ""
	}
	return sm.PopString(ctx, sessionFlash)
}
