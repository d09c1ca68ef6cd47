// Package api serves the read-only JSON API of the national registry under
// /api/v1 and its OpenAPI 3.1 document at /api/openapi.json.
//
// Every handler reads its parameters (query.go), calls the domain.Registry,
// and answers through respond.go: a response struct of this package (never a
// domain type, so the published contract does not move when a domain JSON tag
// does), or a JSON error whose status comes from server.Status. Students and
// teachers carry no full IIN, phone or birth date: accounts and roles, which
// will decide who may see them, arrive later.
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

// Mux is where Register adds routes. The program passes an *http.ServeMux;
// the tests wrap one to list what was registered and compare it with the
// OpenAPI document.
type Mux interface {
	Handle(pattern string, handler http.Handler)
}

// Prefix is the path every versioned endpoint starts with.
const Prefix = "/api/v1"

// route is one endpoint: a ServeMux pattern without the method (always GET)
// and its handler.
type route struct {
	path    string
	handler handlerFunc
}

// routes lists every endpoint of the API, in the order of the OpenAPI
// document.
func (a *API) routes() []route {
	return []route{
		{"/regions", a.listRegions},
		{"/regions/{id}", a.getRegion},
		{"/cities", a.listCities},
		{"/cities/{id}", a.getCity},
		{"/isced-fields", a.listISCEDFields},
		{"/specialties", a.listSpecialties},
		{"/specialties/{code}", a.getSpecialty},
		{"/qualifications", a.listQualifications},
		{"/qualifications/{code}", a.getQualification},
		{"/industries", a.listIndustries},
		{"/colleges", a.listColleges},
		{"/colleges/{id}", a.getCollege},
		{"/colleges/{id}/programmes", a.listCollegeProgrammes},
		{"/colleges/{id}/groups", a.listCollegeGroups},
		{"/programmes/{id}", a.getProgramme},
		{"/groups/{id}", a.getGroup},
		{"/enterprises", a.listEnterprises},
		{"/enterprises/{id}", a.getEnterprise},
		{"/students", a.listStudents},
		{"/students/{id}", a.getStudent},
		{"/teachers", a.listTeachers},
		{"/teachers/{id}", a.getTeacher},
		{"/stats", a.getStats},
	}
}

// Register adds the API's routes to mux. GET patterns answer HEAD too. Any
// other request under /api/ gets a JSON 404, so an API client never sees an
// HTML page or the mux's plain-text errors: that includes other methods on
// existing paths, because writes do not exist yet and a 405 has no domain
// error code to come from.
func (a *API) Register(mux Mux) {
	for _, rt := range a.routes() {
		mux.Handle("GET "+Prefix+rt.path, serve(rt.handler))
	}
	mux.Handle("GET /api/openapi.json", http.HandlerFunc(serveOpenAPI))
	mux.Handle("/api/", http.HandlerFunc(noRoute))
}

// noRoute answers every request under /api/ that no endpoint matches,
// whatever its parameters: the path is what is wrong.
func noRoute(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, &domain.Error{Code: domain.ENOTFOUND, Key: "error.api.no_route", Message: "no such API endpoint"})
}
