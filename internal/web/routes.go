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
// the answer with auth.Allowed. A list's export (/students/export?format=)
// takes the list's own action: whoever reads the list may download it.
var routes = []route{
	{pattern: "GET /{$}", action: auth.ReadRegistry, handle: (*Web).home},
	{pattern: "GET /colleges", action: auth.ReadRegistry, handle: (*Web).collegeList},
	{pattern: "GET /colleges/export", action: auth.ReadRegistry, handle: (*Web).collegeExport},
	{pattern: "GET /colleges/{id}", action: auth.ReadRegistry, handle: (*Web).collegeShow},
	{pattern: "GET /enterprises", action: auth.ReadRegistry, handle: (*Web).enterpriseList},
	{pattern: "GET /enterprises/export", action: auth.ReadRegistry, handle: (*Web).enterpriseExport},
	{pattern: "GET /enterprises/{id}", action: auth.ReadRegistry, handle: (*Web).enterpriseShow},
	{pattern: "GET /students", action: auth.ReadStudents, handle: (*Web).studentList},
	{pattern: "GET /students/export", action: auth.ReadStudents, handle: (*Web).studentExport},
	{pattern: "GET /students/{id}", action: auth.ReadStudents, handle: (*Web).studentShow},

	// Placement offers, applications and mentors.
	{pattern: "GET /offers", action: auth.ReadOffers, handle: (*Web).offerList},
	{pattern: "GET /offers/export", action: auth.ReadOffers, handle: (*Web).offerExport},
	{pattern: "GET /offers/new", action: auth.WriteOffers, handle: (*Web).offerNew},
	{pattern: "POST /offers", action: auth.WriteOffers, handle: (*Web).offerCreate},
	{pattern: "GET /offers/{id}", action: auth.ReadOffers, handle: (*Web).offerShow},
	{pattern: "GET /offers/{id}/edit", action: auth.WriteOffers, handle: (*Web).offerEdit},
	{pattern: "POST /offers/{id}", action: auth.WriteOffers, handle: (*Web).offerUpdate},
	{pattern: "POST /offers/{id}/submit", action: auth.WriteOffers, handle: (*Web).offerSubmit},
	{pattern: "POST /offers/{id}/approve", action: auth.ApproveOffers, handle: (*Web).offerApprove},
	{pattern: "POST /offers/{id}/refer", action: auth.ApproveOffers, handle: (*Web).offerRefer},
	{pattern: "POST /offers/{id}/open", action: auth.WriteOffers, handle: (*Web).offerOpen},
	{pattern: "POST /offers/{id}/close", action: auth.WriteOffers, handle: (*Web).offerClose},
	{pattern: "POST /offers/{id}/apply", action: auth.Apply, handle: (*Web).offerApply},
	// Every signed-in role has the page; the roles that take no part in
	// placements (teachers, mentors) find it says so.
	{pattern: "GET /applications", action: auth.UseAccount, handle: (*Web).applicationList},
	{pattern: "GET /applications/export", action: auth.UseAccount, handle: (*Web).applicationExport},
	{pattern: "POST /applications/{id}/accept", action: auth.DecideApplications, handle: (*Web).applicationAccept},
	{pattern: "POST /applications/{id}/decline", action: auth.DecideApplications, handle: (*Web).applicationDecline},
	{pattern: "POST /applications/{id}/withdraw", action: auth.Apply, handle: (*Web).applicationWithdraw},
	{pattern: "GET /mentors", action: auth.ReadMentors, handle: (*Web).mentorList},
	{pattern: "GET /mentors/export", action: auth.ReadMentors, handle: (*Web).mentorExport},
	{pattern: "GET /mentors/new", action: auth.ManageMentors, handle: (*Web).mentorNew},
	{pattern: "POST /mentors", action: auth.ManageMentors, handle: (*Web).mentorCreate},
	{pattern: "GET /mentors/{id}", action: auth.ReadMentors, handle: (*Web).mentorShow},
	{pattern: "GET /mentors/{id}/edit", action: auth.ManageMentors, handle: (*Web).mentorEdit},
	{pattern: "POST /mentors/{id}", action: auth.ManageMentors, handle: (*Web).mentorUpdate},

	// Tripartite agreements, their PDF and the work-experience records.
	{pattern: "GET /agreements", action: auth.ReadAgreements, handle: (*Web).agreementList},
	{pattern: "GET /agreements/export", action: auth.ReadAgreements, handle: (*Web).agreementExport},
	{pattern: "GET /agreements/work-records.csv", action: auth.ReadAgreements, handle: (*Web).workRecords},
	{pattern: "GET /agreements/new", action: auth.WriteAgreements, handle: (*Web).agreementNew},
	{pattern: "POST /agreements", action: auth.WriteAgreements, handle: (*Web).agreementCreate},
	{pattern: "GET /agreements/{id}", action: auth.ReadAgreements, handle: (*Web).agreementShow},
	{pattern: "GET /agreements/{id}/edit", action: auth.WriteAgreements, handle: (*Web).agreementEdit},
	{pattern: "POST /agreements/{id}", action: auth.WriteAgreements, handle: (*Web).agreementUpdate},
	{pattern: "POST /agreements/{id}/send", action: auth.WriteAgreements, handle: (*Web).agreementSend},
	{pattern: "POST /agreements/{id}/approve", action: auth.ApproveAgreements, handle: (*Web).agreementApprove},
	{pattern: "POST /agreements/{id}/complete", action: auth.WriteAgreements, handle: (*Web).agreementComplete},
	{pattern: "POST /agreements/{id}/terminate", action: auth.WriteAgreements, handle: (*Web).agreementTerminate},
	{pattern: "POST /agreements/{id}/mentor", action: auth.WriteAgreements, handle: (*Web).agreementMentor},
	{pattern: "POST /agreements/{id}/enterprise", action: auth.WriteAgreements, handle: (*Web).agreementEnterprise},
	{pattern: "GET /agreements/{id}/pdf", action: auth.ReadAgreements, handle: (*Web).agreementPDF},

	// The weekly logbook, hours against the plan, the needs-attention list,
	// assessments and the policy settings.
	{pattern: "GET /logbook", action: auth.WriteLogbook, handle: (*Web).logbookList},
	{pattern: "GET /logbook/new", action: auth.WriteLogbook, handle: (*Web).logbookNew},
	{pattern: "POST /logbook", action: auth.WriteLogbook, handle: (*Web).logbookCreate},
	{pattern: "GET /logbook/queue", action: auth.SignLogbook, handle: (*Web).logbookQueue},
	{pattern: "GET /logbook/{id}", action: auth.ReadLogbook, handle: (*Web).logbookShow},
	{pattern: "GET /logbook/{id}/edit", action: auth.WriteLogbook, handle: (*Web).logbookEdit},
	{pattern: "POST /logbook/{id}", action: auth.WriteLogbook, handle: (*Web).logbookUpdate},
	{pattern: "POST /logbook/{id}/submit", action: auth.WriteLogbook, handle: (*Web).logbookSubmit},
	{pattern: "POST /logbook/{id}/correct", action: auth.WriteLogbook, handle: (*Web).logbookCorrect},
	{pattern: "POST /logbook/{id}/photos", action: auth.WriteLogbook, handle: (*Web).photoAdd},
	{pattern: "POST /logbook/{id}/sign", action: auth.SignLogbook, handle: (*Web).logbookSign},
	{pattern: "POST /logbook/{id}/return", action: auth.SignLogbook, handle: (*Web).logbookReturn},
	{pattern: "POST /logbook/{id}/review", action: auth.ReviewLogbook, handle: (*Web).logbookReview},
	{pattern: "GET /photos/{id}", action: auth.ReadLogbook, handle: (*Web).photoShow},
	{pattern: "POST /photos/{id}/delete", action: auth.WriteLogbook, handle: (*Web).photoDelete},
	{pattern: "GET /students/{id}/training", action: auth.ReadProgress, handle: (*Web).trainingShow},
	{pattern: "POST /students/{id}/assessments", action: auth.SignLogbook, handle: (*Web).assessmentCreate},
	{pattern: "POST /students/{id}/final-assessment", action: auth.RecordFinalAssessment, handle: (*Web).assessmentFinal},
	{pattern: "GET /attention", action: auth.ReadProgress, handle: (*Web).attentionList},
	{pattern: "GET /settings/dual", action: auth.ManageSettings, handle: (*Web).settingsDual},
	{pattern: "POST /settings/dual", action: auth.ManageSettings, handle: (*Web).settingsDualUpdate},

	// Allocation rounds.
	{pattern: "GET /rounds", action: auth.ReadRounds, handle: (*Web).roundList},
	{pattern: "GET /rounds/new", action: auth.ManageRounds, handle: (*Web).roundNew},
	{pattern: "POST /rounds", action: auth.ManageRounds, handle: (*Web).roundCreate},
	{pattern: "GET /rounds/{id}", action: auth.ReadRounds, handle: (*Web).roundShow},
	{pattern: "POST /rounds/{id}/run", action: auth.ManageRounds, handle: (*Web).roundRun},
	{pattern: "POST /rounds/{id}/publish", action: auth.ManageRounds, handle: (*Web).roundPublish},
	{pattern: "POST /rounds/{id}/close", action: auth.ManageRounds, handle: (*Web).roundClose},
	{pattern: "POST /rounds/{id}/choices", action: auth.RankOffers, handle: (*Web).roundChoices},
	{pattern: "POST /rounds/{id}/interviews", action: auth.ScoreInterviews, handle: (*Web).roundInterviews},
	{pattern: "POST /rounds/{id}/accept", action: auth.RankOffers, handle: (*Web).roundAccept},
	{pattern: "POST /rounds/{id}/decline", action: auth.RankOffers, handle: (*Web).roundDecline},
	{pattern: "GET /rounds/{id}/results", action: auth.ReadRounds, handle: (*Web).roundResults},

	// Patronage: the national figures, the memoranda of a region, college
	// or enterprise, a memorandum with its commitments, the deliveries
	// reported against them with their evidence, and the college's
	// confirmation of receipt.
	{pattern: "GET /patronage", action: auth.ReadPatronage, handle: (*Web).patronageShow},
	{pattern: "GET /memoranda", action: auth.ReadPatronage, handle: (*Web).memorandumList},
	{pattern: "GET /memoranda/new", action: auth.WritePatronage, handle: (*Web).memorandumNew},
	{pattern: "POST /memoranda", action: auth.WritePatronage, handle: (*Web).memorandumCreate},
	{pattern: "GET /memoranda/{id}", action: auth.ReadPatronage, handle: (*Web).memorandumShow},
	{pattern: "GET /memoranda/{id}/edit", action: auth.WritePatronage, handle: (*Web).memorandumEdit},
	{pattern: "POST /memoranda/{id}", action: auth.WritePatronage, handle: (*Web).memorandumUpdate},
	{pattern: "POST /memoranda/{id}/fulfilments", action: auth.ReportPatronage, handle: (*Web).fulfilmentCreate},
	{pattern: "POST /fulfilments/{id}/confirm", action: auth.ConfirmPatronage, handle: (*Web).fulfilmentConfirm},
	{pattern: "GET /fulfilments/{id}/evidence", action: auth.ReadPatronage, handle: (*Web).fulfilmentEvidence},

	// Graduation and verified employment: the rates (the country, a
	// region, a college), the graduates with their status at each point,
	// and a college marking a group graduated.
	{pattern: "GET /employment", action: auth.ReadEmployment, handle: (*Web).employmentReport},
	{pattern: "GET /employment/graduates", action: auth.ReadEmployment, handle: (*Web).employmentGraduates},
	{pattern: "POST /employment/graduations", action: auth.GraduateStudents, handle: (*Web).graduationCreate},

	// State-funded seats: the nation's and a region's totals, a college's
	// seats with their fill, set by the ministry and the departments.
	// Targeted training: the overview, employers' orders, contracts with
	// their work obligations, and the alerts of colleges and employers.
	{pattern: "GET /seats", action: auth.ReadSeats, handle: (*Web).seatsOverview},
	{pattern: "GET /seats/colleges/{id}", action: auth.ReadSeats, handle: (*Web).seatsCollege},
	{pattern: "POST /seats/colleges/{id}", action: auth.WriteSeats, handle: (*Web).seatsSave},
	{pattern: "GET /targeted", action: auth.ReadTargeted, handle: (*Web).targetedOverview},
	{pattern: "GET /targeted/orders", action: auth.ReadTargeted, handle: (*Web).orderList},
	{pattern: "GET /targeted/orders/new", action: auth.WriteOrders, handle: (*Web).orderNew},
	{pattern: "POST /targeted/orders", action: auth.WriteOrders, handle: (*Web).orderCreate},
	{pattern: "GET /targeted/orders/{id}", action: auth.ReadTargeted, handle: (*Web).orderShow},
	{pattern: "GET /targeted/orders/{id}/edit", action: auth.WriteOrders, handle: (*Web).orderEdit},
	{pattern: "POST /targeted/orders/{id}", action: auth.WriteOrders, handle: (*Web).orderUpdate},
	{pattern: "GET /targeted/contracts", action: auth.ReadTargeted, handle: (*Web).contractList},
	{pattern: "POST /targeted/contracts", action: auth.WriteContracts, handle: (*Web).contractCreate},
	{pattern: "GET /targeted/contracts/{id}", action: auth.ReadTargeted, handle: (*Web).contractShow},
	{pattern: "POST /targeted/contracts/{id}/move", action: auth.MoveObligations, handle: (*Web).obligationMove},
	{pattern: "GET /alerts", action: auth.ReadAlerts, handle: (*Web).alertList},

	// Career guidance: the public interest test (its pages, kept under a
	// secret key), the shareable results with the recommendations, and
	// the counsellors' class sessions with their anonymous summaries.
	{pattern: "GET /guidance", action: auth.TakeGuidance, handle: (*Web).guidanceIntro},
	{pattern: "POST /guidance/start", action: auth.TakeGuidance, handle: (*Web).guidanceStart},
	{pattern: "GET /guidance/t/{id}", action: auth.TakeGuidance, handle: (*Web).guidancePage},
	{pattern: "POST /guidance/t/{id}", action: auth.TakeGuidance, handle: (*Web).guidanceAnswer},
	{pattern: "GET /guidance/r/{id}", action: auth.TakeGuidance, handle: (*Web).guidanceResult},
	{pattern: "GET /guidance/sessions", action: auth.CounselGuidance, handle: (*Web).guidanceSessionList},
	{pattern: "POST /guidance/sessions", action: auth.CounselGuidance, handle: (*Web).guidanceSessionCreate},
	{pattern: "GET /guidance/sessions/{id}", action: auth.CounselGuidance, handle: (*Web).guidanceSessionShow},
	{pattern: "POST /guidance/sessions/{id}", action: auth.CounselGuidance, handle: (*Web).guidanceSessionUpdate},

	// Analytics: the dashboard of the country, a region, a college or an
	// enterprise, the download of each of its tables, and its PDF report.
	{pattern: "GET /analytics", action: auth.ReadAnalytics, handle: (*Web).analyticsShow},
	{pattern: "GET /analytics/export", action: auth.ReadAnalytics, handle: (*Web).analyticsExport},
	{pattern: "GET /analytics/report", action: auth.ReadAnalytics, handle: (*Web).analyticsReport},
	{pattern: "GET /analytics/recount", action: auth.ReadAnalytics, handle: (*Web).analyticsRecount},

	// Teachers' qualification: the figures and the teachers with their
	// due dates, a teacher's courses and internships with the forms that
	// record them, the internships at an enterprise, and the ministry's
	// policy (the interval and the scheme of categories).
	{pattern: "GET /teachers/development", action: auth.ReadTeacherDevelopment, handle: (*Web).teacherDevList},
	{pattern: "GET /teachers/{id}/development", action: auth.ReadTeacherDevelopment, handle: (*Web).teacherDevShow},
	{pattern: "POST /teachers/{id}/profile", action: auth.AssignCategory, handle: (*Web).teacherProfileSave},
	{pattern: "POST /teachers/{id}/courses", action: auth.WriteTeacherDevelopment, handle: (*Web).courseCreate},
	{pattern: "POST /teachers/{id}/internships", action: auth.WriteTeacherDevelopment, handle: (*Web).internshipCreate},
	{pattern: "GET /teachers/{id}/courses/{course}/edit", action: auth.WriteTeacherDevelopment, handle: (*Web).courseEdit},
	{pattern: "POST /teachers/{id}/courses/{course}", action: auth.WriteTeacherDevelopment, handle: (*Web).courseUpdate},
	{pattern: "POST /teachers/{id}/courses/{course}/delete", action: auth.WriteTeacherDevelopment, handle: (*Web).courseDelete},
	{pattern: "GET /teachers/{id}/internships/{internship}/edit", action: auth.WriteTeacherDevelopment, handle: (*Web).internshipEdit},
	{pattern: "POST /teachers/{id}/internships/{internship}", action: auth.WriteTeacherDevelopment, handle: (*Web).internshipUpdate},
	{pattern: "POST /teachers/{id}/internships/{internship}/delete", action: auth.WriteTeacherDevelopment, handle: (*Web).internshipDelete},
	{pattern: "GET /internships", action: auth.ReadTeacherDevelopment, handle: (*Web).internshipList},
	{pattern: "GET /admin/teacher-policy", action: auth.ManageTeacherPolicy, handle: (*Web).teacherPolicyShow},
	{pattern: "POST /admin/teacher-policy", action: auth.ManageTeacherPolicy, handle: (*Web).teacherPolicyUpdate},
	{pattern: "POST /admin/categories", action: auth.ManageTeacherPolicy, handle: (*Web).categoryCreate},
	{pattern: "POST /admin/categories/{code}", action: auth.ManageTeacherPolicy, handle: (*Web).categoryUpdate},
	{pattern: "POST /admin/categories/{code}/delete", action: auth.ManageTeacherPolicy, handle: (*Web).categoryDelete},

	// Internationalisation: the figures and the agreements, the register
	// of foreign partners, mobility, foreign specialists, and the
	// Kazakhstan–Russia view.
	{pattern: "GET /international", action: auth.ReadInternational, handle: (*Web).internationalShow},
	{pattern: "GET /international/partners", action: auth.ReadInternational, handle: (*Web).partnerList},
	{pattern: "POST /international/partners", action: auth.WriteInternational, handle: (*Web).partnerCreate},
	{pattern: "GET /international/partners/{id}/edit", action: auth.WriteInternational, handle: (*Web).partnerEdit},
	{pattern: "POST /international/partners/{id}", action: auth.WriteInternational, handle: (*Web).partnerUpdate},
	{pattern: "GET /international/partnerships/new", action: auth.WriteInternational, handle: (*Web).partnershipNew},
	{pattern: "POST /international/partnerships", action: auth.WriteInternational, handle: (*Web).partnershipCreate},
	{pattern: "GET /international/partnerships/{id}", action: auth.ReadInternational, handle: (*Web).partnershipShow},
	{pattern: "POST /international/partnerships/{id}", action: auth.WriteInternational, handle: (*Web).partnershipUpdate},
	{pattern: "GET /international/mobility", action: auth.ReadInternational, handle: (*Web).mobilityList},
	{pattern: "POST /international/mobility", action: auth.WriteInternational, handle: (*Web).mobilityCreate},
	{pattern: "GET /international/mobility/{id}/edit", action: auth.WriteInternational, handle: (*Web).mobilityEdit},
	{pattern: "POST /international/mobility/{id}", action: auth.WriteInternational, handle: (*Web).mobilityUpdate},
	{pattern: "GET /international/specialists", action: auth.ReadInternational, handle: (*Web).specialistList},
	{pattern: "POST /international/specialists", action: auth.WriteInternational, handle: (*Web).specialistCreate},
	{pattern: "GET /international/specialists/{id}/edit", action: auth.WriteInternational, handle: (*Web).specialistEdit},
	{pattern: "POST /international/specialists/{id}", action: auth.WriteInternational, handle: (*Web).specialistUpdate},
	{pattern: "GET /international/russia", action: auth.ReadInternational, handle: (*Web).crossBorderShow},

	// Bulk imports: the upload page, one upload's progress and outcome,
	// the real import of a clean dry run, and each kind's CSV template.
	// Which kinds a role may import is each kind's own action
	// (auth.ImportAction), checked by the access layer.
	{pattern: "GET /imports", action: auth.UseImports, handle: (*Web).importList},
	{pattern: "POST /imports", action: auth.UseImports, handle: (*Web).importCreate},
	{pattern: "GET /imports/{id}", action: auth.UseImports, handle: (*Web).importShow},
	{pattern: "POST /imports/{id}/run", action: auth.UseImports, handle: (*Web).importRun},
	{pattern: "GET /imports/templates/{kind}", action: auth.UseImports, handle: (*Web).importTemplate},
	// A list's download too long for its request, prepared in the
	// background (export_job.go): its page and its file, each its asker's.
	{pattern: "GET /exports/{id}", action: auth.UseAccount, handle: (*Web).exportShow},
	{pattern: "GET /exports/{id}/file", action: auth.UseAccount, handle: (*Web).exportFile},

	{pattern: "GET /signin", action: auth.ReadRegistry, handle: (*Web).signInForm},
	{pattern: "POST /signin", action: auth.ReadRegistry, handle: (*Web).signIn},
	{pattern: "POST /signout", action: auth.UseAccount, handle: (*Web).signOut},

	{pattern: "GET /account", action: auth.UseAccount, handle: (*Web).account},
	{pattern: "POST /account/password", action: auth.UseAccount, handle: (*Web).accountPassword},
	{pattern: "POST /account/tokens", action: auth.UseAccount, handle: (*Web).tokenCreate},
	{pattern: "POST /account/tokens/{id}/revoke", action: auth.UseAccount, handle: (*Web).tokenRevoke},
	{pattern: "GET /account/export", action: auth.ExportOwnData, handle: (*Web).accountExport},

	// One's own notifications and the choice of what to receive (issue 11).
	{pattern: "GET /notifications", action: auth.UseNotifications, handle: (*Web).notificationList},
	{pattern: "POST /notifications/read", action: auth.UseNotifications, handle: (*Web).notificationReadAll},
	{pattern: "POST /notifications/{id}/read", action: auth.UseNotifications, handle: (*Web).notificationRead},
	{pattern: "GET /notifications/settings", action: auth.UseNotifications, handle: (*Web).notificationSettings},
	{pattern: "POST /notifications/settings", action: auth.UseNotifications, handle: (*Web).notificationSettingsSave},

	{pattern: "GET /admin/users", action: auth.ManageUsers, handle: (*Web).userList},
	{pattern: "GET /admin/users/new", action: auth.ManageUsers, handle: (*Web).userNew},
	{pattern: "POST /admin/users", action: auth.ManageUsers, handle: (*Web).userCreate},
	{pattern: "GET /admin/users/{id}", action: auth.ManageUsers, handle: (*Web).userEdit},
	{pattern: "POST /admin/users/{id}", action: auth.ManageUsers, handle: (*Web).userUpdate},
	{pattern: "POST /admin/users/{id}/password", action: auth.ManageUsers, handle: (*Web).userPassword},

	{pattern: "GET /audit", action: auth.ReadAudit, handle: (*Web).auditList},
	{pattern: "GET /jobs", action: auth.ReadJobs, handle: (*Web).jobList},
	{pattern: "GET /audit/export", action: auth.ReadAudit, handle: (*Web).auditExport},

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
