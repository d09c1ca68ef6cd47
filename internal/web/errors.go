package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/server"
)

// errorData is what the error page shows.
type errorData struct {
	Code      string // the domain error code
	Status    int
	Message   string // translated; never the cause of an internal error
	RequestID string // for 5xx, so a user can quote it to support
	ClearURL  string // for invalid input: the same page without its query
}

// errorTitles names the heading of the error page per domain error code;
// other codes use web.error.title.
var errorTitles = map[string]string{
	domain.EINVALID:     "web.error.invalid.title",
	domain.ENOTFOUND:    "web.error.not_found.title",
	domain.EFORBIDDEN:   "web.error.forbidden.title",
	domain.ETOOMANY:     "web.error.too_many.title",
	domain.EINTERNAL:    "web.error.internal.title",
	domain.EUNAVAILABLE: "web.error.unavailable.title",
}

// fail renders the error page for err in the user's language. The status
// comes from server.Status, the one mapping of error codes; errors of ours
// (5xx) are logged with their cause and shown without it. A page that needs
// a signed-in user sends the public to sign in instead.
func (h *Web) fail(w http.ResponseWriter, r *http.Request, err error) {
	if rp := replaying(r.Context()); rp != nil {
		// A download replayed by its background job: the job records
		// the error itself.
		rp.err = err
	}
	status := server.Status(err)
	e := domain.AsError(err)
	if e.Code == domain.EUNAUTHORIZED && domain.ActorFrom(r.Context()).User == nil {
		h.toSignIn(w, r)
		return
	}
	v := h.newView(r, "")
	d := errorData{Code: e.Code, Status: status}
	switch {
	case status >= 500:
		server.Logger(r.Context()).Error("page failed", "path", r.URL.Path, "status", status, "err", err)
		d.Message = v.T("error.internal")
		if e.Code == domain.EUNAVAILABLE {
			d.Message = v.T("error.unavailable")
		}
		d.RequestID = server.RequestID(r.Context())
	case e.Code == domain.ENOTFOUND:
		// A record that does not exist and a path that does not exist look
		// the same to the user: the page is not there.
		d.Message = v.T("web.error.not_found.text")
	case e.Key != "" && v.p.Has(e.Key):
		d.Message = v.p.TMap(e.Key, e.Params)
	default:
		// A domain error whose key has no translation is a bug of ours;
		// log it and still say something useful.
		server.Logger(r.Context()).Warn("error without a translated key", "key", e.Key, "err", err)
		d.Message = v.T("web.error.title")
	}
	if e.Code == domain.EINVALID {
		d.ClearURL = r.URL.Path
	}
	v.Title = v.T("web.error.title")
	if key, ok := errorTitles[e.Code]; ok {
		v.Title = v.T(key)
	}
	v.Data = d
	h.render(w, r, status, "error", v)
}

// toSignIn sends the public to the sign-in page, which brings them back
// here afterwards when this was a page (GET) rather than a form. htmx
// follows a redirect inside its request and would swap the sign-in page
// into the results, so it is told to load the page instead (HX-Redirect).
func (h *Web) toSignIn(w http.ResponseWriter, r *http.Request) {
	next := ""
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		next = returnURL(r.URL)
	}
	to := signInURL(next)
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", to)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// notFound answers every path that no route claims.
func (h *Web) notFound(w http.ResponseWriter, r *http.Request) {
	h.fail(w, r, domain.NotFound("page"))
}
