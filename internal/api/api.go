// Package api serves the JSON API of the national registry under /api/v1
// and its OpenAPI 3.1 document at /api/openapi.json.
//
// A request is authenticated by its bearer token alone (auth.go) — never by
// a cookie, so a page a signed-in user has open in a browser cannot make
// API calls in their name. Every route names one auth.Action in the route
// table below and is refused before its handler runs when the caller's
// role may not take it; the guarded registry (internal/access) checks the
// same action again and applies the caller's scope to every record. Every
// handler reads its parameters (query.go), calls the registry, and answers
// through respond.go: a response struct of this package (never a domain
// type, so the published contract does not move when a domain JSON tag
// does), or a JSON error whose status comes from server.Status.
package api

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// API holds the JSON handlers.
type API struct {
	reg   *access.Registry
	authn *auth.Service
}

// New returns the API handlers over the guarded registry reg, with bearer
// tokens checked by authn.
func New(reg *access.Registry, authn *auth.Service) *API { return &API{reg: reg, authn: authn} }

// Mux is where Register adds routes. The program passes an *http.ServeMux;
// the tests wrap one to list what was registered and compare it with the
// OpenAPI document and the route table.
type Mux interface {
	Handle(pattern string, handler http.Handler)
}

// Prefix is the path every versioned endpoint starts with.
const Prefix = "/api/v1"

// route is one endpoint: its ServeMux pattern, the one action a caller must
// be allowed to take to reach it, and its handler.
type route struct {
	pattern string
	action  auth.Action
	handler handlerFunc
}

// routes is the API's route table, in the order of the OpenAPI document.
// Register adds exactly these routes, so a route cannot exist without an
// action; the tests send every one as every role and compare the answer
// with auth.Allowed.
func (a *API) routes() []route {
	get := func(path string, action auth.Action, h handlerFunc) route {
		return route{"GET " + Prefix + path, action, h}
	}
	post := func(path string, action auth.Action, h handlerFunc) route {
		return route{"POST " + Prefix + path, action, h}
	}
	put := func(path string, action auth.Action, h handlerFunc) route {
		return route{"PUT " + Prefix + path, action, h}
	}
	del := func(path string, action auth.Action, h handlerFunc) route {
		return route{"DELETE " + Prefix + path, action, h}
	}
	return []route{
		get("/regions", auth.ReadRegistry, a.listRegions),
		get("/regions/{id}", auth.ReadRegistry, a.getRegion),
		get("/cities", auth.ReadRegistry, a.listCities),
		get("/cities/{id}", auth.ReadRegistry, a.getCity),
		get("/isced-fields", auth.ReadRegistry, a.listISCEDFields),
		get("/specialties", auth.ReadRegistry, a.listSpecialties),
		get("/specialties/{code}", auth.ReadRegistry, a.getSpecialty),
		get("/qualifications", auth.ReadRegistry, a.listQualifications),
		get("/qualifications/{code}", auth.ReadRegistry, a.getQualification),
		get("/industries", auth.ReadRegistry, a.listIndustries),
		get("/colleges", auth.ReadRegistry, a.listColleges),
		get("/colleges/{id}", auth.ReadRegistry, a.getCollege),
		get("/colleges/{id}/programmes", auth.ReadRegistry, a.listCollegeProgrammes),
		get("/colleges/{id}/groups", auth.ReadRegistry, a.listCollegeGroups),
		get("/programmes/{id}", auth.ReadRegistry, a.getProgramme),
		get("/groups/{id}", auth.ReadRegistry, a.getGroup),
		get("/enterprises", auth.ReadRegistry, a.listEnterprises),
		get("/enterprises/{id}", auth.ReadRegistry, a.getEnterprise),
		get("/students", auth.ReadStudents, a.listStudents),
		get("/students/{id}", auth.ReadStudents, a.getStudent),
		get("/teachers", auth.ReadTeachers, a.listTeachers),
		get("/teachers/{id}", auth.ReadTeachers, a.getTeacher),
		get("/stats", auth.ReadRegistry, a.getStats),
		get("/me", auth.UseAccount, a.getMe),
		get("/me/export", auth.ExportOwnData, a.exportMe),
		get("/audit", auth.ReadAudit, a.listAudit),
		get("/users", auth.ManageUsers, a.listUsers),

		// Dual training (issue 4).
		get("/offers", auth.ReadOffers, a.listOffers),
		post("/offers", auth.WriteOffers, a.createOffer),
		get("/offers/{id}", auth.ReadOffers, a.getOffer),
		put("/offers/{id}", auth.WriteOffers, a.updateOffer),
		post("/offers/{id}/submit", auth.WriteOffers, a.submitOffer),
		post("/offers/{id}/approve", auth.ApproveOffers, a.approveOffer),
		post("/offers/{id}/refer", auth.ApproveOffers, a.referOffer),
		post("/offers/{id}/open", auth.WriteOffers, a.openOffer),
		post("/offers/{id}/close", auth.WriteOffers, a.closeOffer),
		post("/offers/{id}/applications", auth.Apply, a.apply),
		get("/applications", auth.ReadOffers, a.listApplications),
		get("/applications/{id}", auth.ReadOffers, a.getApplication),
		post("/applications/{id}/accept", auth.DecideApplications, a.acceptApplication),
		post("/applications/{id}/decline", auth.DecideApplications, a.declineApplication),
		post("/applications/{id}/withdraw", auth.Apply, a.withdrawApplication),
		get("/mentors", auth.ReadMentors, a.listMentors),
		post("/mentors", auth.ManageMentors, a.createMentor),
		get("/mentors/{id}", auth.ReadMentors, a.getMentor),
		put("/mentors/{id}", auth.ManageMentors, a.updateMentor),
		get("/agreements", auth.ReadAgreements, a.listAgreements),
		post("/agreements", auth.WriteAgreements, a.createAgreement),
		get("/agreements/{id}", auth.ReadAgreements, a.getAgreement),
		put("/agreements/{id}", auth.WriteAgreements, a.updateAgreement),
		post("/agreements/{id}/send", auth.WriteAgreements, a.sendAgreement),
		post("/agreements/{id}/approve", auth.ApproveAgreements, a.approveAgreement),
		post("/agreements/{id}/complete", auth.WriteAgreements, a.completeAgreement),
		post("/agreements/{id}/terminate", auth.WriteAgreements, a.terminateAgreement),
		post("/agreements/{id}/mentor", auth.WriteAgreements, a.changeMentor),
		post("/agreements/{id}/enterprise", auth.WriteAgreements, a.changeEnterprise),
		get("/agreements/{id}/pdf", auth.ReadAgreements, a.agreementPDF),
		get("/work-records", auth.ReadAgreements, a.listWorkRecords),
		get("/logbook", auth.ReadLogbook, a.listEntries),
		post("/logbook", auth.WriteLogbook, a.createEntry),
		get("/logbook/{id}", auth.ReadLogbook, a.getEntry),
		put("/logbook/{id}", auth.WriteLogbook, a.updateEntry),
		post("/logbook/{id}/submit", auth.WriteLogbook, a.submitEntry),
		post("/logbook/{id}/sign", auth.SignLogbook, a.signEntry),
		post("/logbook/{id}/return", auth.SignLogbook, a.returnEntry),
		post("/logbook/{id}/review", auth.ReviewLogbook, a.reviewEntry),
		post("/logbook/{id}/correct", auth.WriteLogbook, a.correctEntry),
		post("/logbook/{id}/photos", auth.WriteLogbook, a.addPhoto),
		get("/photos/{id}", auth.ReadLogbook, a.getPhoto),
		del("/photos/{id}", auth.WriteLogbook, a.deletePhoto),
		get("/students/{id}/progress", auth.ReadProgress, a.getProgress),
		get("/students/{id}/party-changes", auth.ReadAgreements, a.listPartyChanges),
		get("/students/{id}/assessments", auth.ReadProgress, a.listAssessments),
		post("/students/{id}/assessments", auth.SignLogbook, a.assessCompetence),
		get("/students/{id}/admission", auth.ReadProgress, a.getAdmission),
		get("/students/{id}/final-assessments", auth.ReadProgress, a.listFinalAssessments),
		post("/students/{id}/final-assessments", auth.RecordFinalAssessment, a.recordFinalAssessment),
		get("/attention", auth.ReadProgress, a.listAttention),
		get("/programmes/{id}/competences", auth.ReadProgress, a.listCompetences),
		get("/settings/dual", auth.ReadProgress, a.getDualSettings),
		put("/settings/dual", auth.ManageSettings, a.updateDualSettings),

		// Allocation rounds (issue 5).
		get("/rounds", auth.ReadRounds, a.listRounds),
		post("/rounds", auth.ManageRounds, a.createRound),
		get("/rounds/{id}", auth.ReadRounds, a.getRound),
		get("/rounds/{id}/offers", auth.ReadRounds, a.listRoundOffers),
		get("/rounds/{id}/choices", auth.RankOffers, a.getChoices),
		put("/rounds/{id}/choices", auth.RankOffers, a.setChoices),
		post("/rounds/{id}/interviews", auth.ScoreInterviews, a.recordInterview),
		post("/rounds/{id}/run", auth.ManageRounds, a.runRound),
		post("/rounds/{id}/publish", auth.ManageRounds, a.publishRound),
		post("/rounds/{id}/close", auth.ManageRounds, a.closeRound),
		post("/rounds/{id}/accept", auth.RankOffers, a.acceptPlacement),
		post("/rounds/{id}/decline", auth.RankOffers, a.declinePlacement),
		get("/rounds/{id}/results", auth.ReadRounds, a.listResults),
		get("/rounds/{id}/results/{student_id}", auth.ReadRounds, a.getResult),

		// Patronage (issue 7).
		get("/patronage", auth.ReadPatronage, a.getPatronage),
		get("/memoranda", auth.ReadPatronage, a.listMemoranda),
		post("/memoranda", auth.WritePatronage, a.createMemorandum),
		get("/memoranda/{id}", auth.ReadPatronage, a.getMemorandum),
		put("/memoranda/{id}", auth.WritePatronage, a.updateMemorandum),
		post("/memoranda/{id}/fulfilments", auth.ReportPatronage, a.reportFulfilment),
		post("/fulfilments/{id}/confirm", auth.ConfirmPatronage, a.confirmFulfilment),
		get("/fulfilments/{id}/evidence", auth.ReadPatronage, a.getEvidence),

		// Graduation and verified employment (issue 7).
		get("/employment", auth.ReadEmployment, a.getEmployment),
		get("/employment/graduates", auth.ReadEmployment, a.listGraduates),
		get("/students/{id}/employment", auth.ReadStudents, a.getGraduate),
		post("/groups/{id}/graduation", auth.GraduateStudents, a.graduateGroup),

		// State-funded seats and targeted training (issue 7).
		get("/seats", auth.ReadSeats, a.listSeats),
		put("/seats", auth.WriteSeats, a.setSeats),
		get("/seats/overview", auth.ReadSeats, a.getSeatOverview),
		get("/targeted", auth.ReadTargeted, a.getTargeted),
		get("/training-orders", auth.ReadTargeted, a.listOrders),
		post("/training-orders", auth.WriteOrders, a.createOrder),
		get("/training-orders/{id}", auth.ReadTargeted, a.getOrder),
		put("/training-orders/{id}", auth.WriteOrders, a.updateOrder),
		get("/targeted-contracts", auth.ReadTargeted, a.listContracts),
		post("/targeted-contracts", auth.WriteContracts, a.createContract),
		get("/targeted-contracts/{id}", auth.ReadTargeted, a.getContract),
		post("/targeted-contracts/{id}/obligation", auth.MoveObligations, a.moveObligation),
		get("/alerts", auth.ReadAlerts, a.listAlerts),

		// Career guidance (issue 9).
		get("/guidance/items", auth.TakeGuidance, a.listGuidanceItems),
		post("/guidance/results", auth.TakeGuidance, a.createGuidanceResult),
		get("/guidance/results/{id}", auth.TakeGuidance, a.getGuidanceResult),

		// Analytics (issue 8): the dashboards within scope, and open data
		// for anyone.
		get("/analytics/dashboard", auth.ReadAnalytics, a.getDashboard),
		get("/analytics/report", auth.ReadAnalytics, a.getAnalyticsReport),
		get("/open/by-region", auth.ReadOpenData, a.openByRegion),
		get("/open/by-year", auth.ReadOpenData, a.openByYear),
		get("/open/by-qualification", auth.ReadOpenData, a.openByQualification),

		// Teachers' qualification and internationalisation (issue 10).
		get("/teacher-development", auth.ReadTeacherDevelopment, a.listStandings),
		get("/teacher-figures", auth.ReadTeacherDevelopment, a.getTeacherFigures),
		get("/teachers/{id}/development", auth.ReadTeacherDevelopment, a.getTeacherDevelopment),
		put("/teachers/{id}/profile", auth.AssignCategory, a.updateTeacherProfile),
		post("/teachers/{id}/courses", auth.WriteTeacherDevelopment, a.createCourse),
		post("/teachers/{id}/internships", auth.WriteTeacherDevelopment, a.createInternship),
		get("/internships", auth.ReadTeacherDevelopment, a.listInternships),
		get("/teacher-policy", auth.ReadTeacherDevelopment, a.getTeacherPolicy),
		put("/teacher-policy", auth.ManageTeacherPolicy, a.updateTeacherPolicy),
		put("/courses/{id}", auth.WriteTeacherDevelopment, a.updateCourse),
		del("/courses/{id}", auth.WriteTeacherDevelopment, a.deleteCourse),
		put("/internships/{id}", auth.WriteTeacherDevelopment, a.updateInternship),
		del("/internships/{id}", auth.WriteTeacherDevelopment, a.deleteInternship),
		get("/qualification-categories", auth.ReadTeacherDevelopment, a.listCategories),
		post("/qualification-categories", auth.ManageTeacherPolicy, a.createCategory),
		put("/qualification-categories/{code}", auth.ManageTeacherPolicy, a.updateCategory),
		del("/qualification-categories/{code}", auth.ManageTeacherPolicy, a.deleteCategory),
		get("/international/figures", auth.ReadInternational, a.getInternationalFigures),
		get("/international/russia", auth.ReadInternational, a.getCrossBorder),
		get("/international/partners", auth.ReadInternational, a.listPartners),
		post("/international/partners", auth.WriteInternational, a.createPartner),
		put("/international/partners/{id}", auth.WriteInternational, a.updatePartner),
		get("/international/partnerships", auth.ReadInternational, a.listPartnerships),
		post("/international/partnerships", auth.WriteInternational, a.createPartnership),
		get("/international/partnerships/{id}", auth.ReadInternational, a.getPartnership),
		put("/international/partnerships/{id}", auth.WriteInternational, a.updatePartnership),
		get("/international/specialists", auth.ReadInternational, a.listSpecialists),
		post("/international/specialists", auth.WriteInternational, a.createSpecialist),
		put("/international/specialists/{id}", auth.WriteInternational, a.updateSpecialist),
		get("/international/mobility", auth.ReadInternational, a.listMobility),
		post("/international/mobility", auth.WriteInternational, a.createMobility),
		put("/international/mobility/{id}", auth.WriteInternational, a.updateMobility),

		// One's own notifications (issue 11).
		get("/notifications", auth.UseNotifications, a.listNotifications),
		post("/notifications/read", auth.UseNotifications, a.markAllNotificationsRead),
		post("/notifications/{id}/read", auth.UseNotifications, a.markNotificationRead),

		// The document describes the API to anyone who may read the
		// registry, which is everyone.
		{"GET /api/openapi.json", auth.ReadRegistry, serveOpenAPI},
		// Any other request under /api/ gets a JSON 404, so an API client
		// never sees an HTML page or the mux's plain-text errors. That
		// includes methods a path does not take: a 405 has no domain error
		// code to come from.
		{"/api/", auth.ReadRegistry, noRoute},
	}
}

// Register adds the API's routes to mux. GET patterns answer HEAD too.
func (a *API) Register(mux Mux) {
	for _, rt := range a.routes() {
		mux.Handle(rt.pattern, a.serve(rt.action, rt.handler))
	}
}

// noRoute answers every request under /api/ that no endpoint matches,
// whatever its parameters: the path is what is wrong.
func noRoute(w http.ResponseWriter, r *http.Request) error {
	return &domain.Error{Code: domain.ENOTFOUND, Key: "error.api.no_route", Message: "no such API endpoint"}
}
