package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/server"
)

// maxSignInForm bounds the sign-in form's body: a login, a password of at
// most auth.MaxPasswordLength characters and a return path.
const maxSignInForm = 16 << 10

// Bounds of what the sign-in form may carry. A login is at most 64
// characters (domain.User.Validate); a password longer than the longest
// allowed one is not worth hashing.
const (
	maxLoginBytes    = 64
	maxPasswordBytes = 4 * auth.MaxPasswordLength
)

// signInInput is the sign-in form, normalised.
type signInInput struct {
	Login    string // trimmed and lower-cased, as logins are stored
	Password string // as typed: spaces count
	Next     string // a path on this site, "/" when none or not local
	// Bad is set when the login or password cannot belong to any account
	// (too long, not UTF-8): the answer is "wrong login or password"
	// without asking the database.
	Bad bool
	// Empty is set when the login or the password is missing.
	Empty bool
}

// parseSignInForm reads and normalises the sign-in form. Whatever it is
// given, Next is a local path: the form must not become an open redirect.
func parseSignInForm(form url.Values) signInInput {
	in := signInInput{Password: form.Get("password"), Next: localPath(form.Get("next"))}
	login := strings.TrimSpace(form.Get("login"))
	if utf8.ValidString(login) {
		if lower := strings.ToLower(login); len(lower) <= maxLoginBytes {
			// Never echo what cannot be a login back into the form.
			in.Login = lower
		}
	}
	switch {
	case login == "" || in.Password == "":
		in.Empty = true
	case in.Login == "" || len(in.Password) > maxPasswordBytes:
		in.Bad = true
	}
	return in
}

type signInData struct {
	Login, Next string
	Error       string // translated
}

// signInForm shows the sign-in form; a signed-in user goes on to next.
func (h *Web) signInForm(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	if domain.ActorFrom(r.Context()).User != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	h.renderSignIn(w, r, http.StatusOK, signInData{Next: next})
}

// signIn checks the login and password. On success the session gets a new
// token (no session fixation) and the user's ID and role, and the browser
// goes on to next. An unknown login and a wrong password get the same
// answer; too many failures get 429 (auth.Service.SignIn throttles).
func (h *Web) signIn(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxSignInForm)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, domain.Invalid("form", "error.form", "the form could not be read"))
		return
	}
	in := parseSignInForm(r.PostForm)
	v := h.newView(r, "")
	d := signInData{Login: in.Login, Next: in.Next}
	switch {
	case in.Empty:
		d.Error = v.T("error.signin.empty")
		h.renderSignIn(w, r, http.StatusBadRequest, d)
		return
	case in.Bad:
		d.Error = v.T("error.signin.failed")
		h.renderSignIn(w, r, http.StatusUnauthorized, d)
		return
	}
	ctx := r.Context()
	u, err := h.auth.SignIn(ctx, in.Login, in.Password, clientAddress(r))
	switch domain.ErrorCode(err) {
	case "":
	case domain.EUNAUTHORIZED, domain.ETOOMANY:
		e := domain.AsError(err)
		d.Error = v.p.TMap(e.Key, e.Params)
		h.renderSignIn(w, r, server.Status(err), d)
		return
	default:
		h.fail(w, r, err)
		return
	}
	sm := sessionOf(ctx)
	if err := sm.RenewToken(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	sm.Put(ctx, sessionUserID, u.ID)
	sm.Put(ctx, sessionRole, string(u.Role))
	sm.Put(ctx, sessionCredentials, u.CredentialsChangedAt.UnixNano())
	sm.Put(ctx, sessionSeen, h.now().Unix())
	http.Redirect(w, r, in.Next, http.StatusSeeOther)
}

func (h *Web) renderSignIn(w http.ResponseWriter, r *http.Request, status int, d signInData) {
	v := h.newView(r, "signin")
	v.Title = v.T("web.signin.title")
	// The switcher brings the user back to the form with its next.
	v.Next = signInURL(d.Next)
	v.Data = d
	h.render(w, r, status, "signin", v)
}

// signOut destroys the session on the server, so its cookie is worthless
// even if someone kept a copy, and goes to the home page.
func (h *Web) signOut(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := sessionOf(ctx).Destroy(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	if u := domain.ActorFrom(ctx).User; u != nil && h.auth != nil {
		h.auth.SignedOut(ctx, *u, clientAddress(r))
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
