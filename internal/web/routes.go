package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// route is one entry of the pages' route table: a ServeMux pattern, the
// action of the policy table (auth.Policy) a request needs, and the handler.
// Register checks the action before the handler runs; the access layer
// checks again, and applies the scope, on every record the handler reads.
type route struct {
	pattern string
	action  auth.Action
	handle  func(h *Web, w http.ResponseWriter, r *http.Request)
	// stateless routes need no session: static files are the same for
	// everyone and must not cost a session read and write each.
	stateless bool
}

// routes is the one table of every page and form. A route that is not in
// it does not exist; the tests send every entry as every role and compare
// the answer with auth.Allowed.
var routes = []route{
	{pattern: "GET /{$}", action: auth.ReadRegistry, handle: (*Web).home},
	{pattern: "GET /colleges", action: auth.ReadRegistry, handle: (*Web).collegeList},
	{pattern: "GET /colleges/{id}", action: auth.ReadRegistry, handle: (*Web).collegeShow},
	{pattern: "GET /enterprises", action: auth.ReadRegistry, handle: (*Web).enterpriseList},
	{pattern: "GET /enterprises/{id}", action: auth.ReadRegistry, handle: (*Web).enterpriseShow},
	{pattern: "GET /students", action: auth.ReadStudents, handle: (*Web).studentList},
	{pattern: "GET /students/{id}", action: auth.ReadStudents, handle: (*Web).studentShow},

	// Placement offers, applications and mentors.

	// Tripartite agreements, their PDF and the work-experience records.

	// The weekly logbook, hours against the plan, the needs-attention list,
	// assessments and the policy settings.

	{pattern: "GET /signin", action: auth.ReadRegistry, handle: (*Web).signInForm},
	{pattern: "POST /signin", action: auth.ReadRegistry, handle: (*Web).signIn},
	{pattern: "POST /signout", action: auth.UseAccount, handle: (*Web).signOut},

	{pattern: "GET /account", action: auth.UseAccount, handle: (*Web).account},
	{pattern: "POST /account/password", action: auth.UseAccount, handle: (*Web).accountPassword},
	{pattern: "POST /account/tokens", action: auth.UseAccount, handle: (*Web).tokenCreate},
	{pattern: "POST /account/tokens/{id}/revoke", action: auth.UseAccount, handle: (*Web).tokenRevoke},
	{pattern: "GET /account/export", action: auth.ExportOwnData, handle: (*Web).accountExport},

	{pattern: "GET /admin/users", action: auth.ManageUsers, handle: (*Web).userList},
	{pattern: "GET /admin/users/new", action: auth.ManageUsers, handle: (*Web).userNew},
	{pattern: "POST /admin/users", action: auth.ManageUsers, handle: (*Web).userCreate},
	{pattern: "GET /admin/users/{id}", action: auth.ManageUsers, handle: (*Web).userEdit},
	{pattern: "POST /admin/users/{id}", action: auth.ManageUsers, handle: (*Web).userUpdate},
	{pattern: "POST /admin/users/{id}/password", action: auth.ManageUsers, handle: (*Web).userPassword},

	{pattern: "GET /audit", action: auth.ReadAudit, handle: (*Web).auditList},

	{pattern: "POST /lang", action: auth.ReadRegistry, handle: (*Web).lang},
	{pattern: "GET /static/{file...}", action: auth.ReadRegistry, handle: (*Web).static, stateless: true},
	// The catch-all answers the translated 404 page for any path no other
	// route claims.
	{pattern: "/", action: auth.ReadRegistry, handle: (*Web).notFound},
}

// Mux is where Register adds routes. The program passes an *http.ServeMux;
// the tests wrap one to compare what was registered with the route table.
type Mux interface {
	Handle(pattern string, handler http.Handler)
}

// Register adds every route of the table to mux, each behind the session
// (the web pages' own: the API never reads cookies) and the policy check of
// its action.
func (h *Web) Register(mux Mux) {
	for _, rt := range routes {
		var handler http.Handler = h.authorize(rt)
		if !rt.stateless {
			handler = h.session(handler)
		}
		mux.Handle(rt.pattern, handler)
	}
}

// authorize lets a request through to the route's handler only if its
// actor may take the route's action: the public is sent to sign in, a
// signed-in user without the permission gets the 403 page.
func (h *Web) authorize(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := auth.Check(domain.ActorFrom(r.Context()), rt.action); err != nil {
			h.fail(w, r, err)
			return
		}
		rt.handle(h, w, r)
	})
}
