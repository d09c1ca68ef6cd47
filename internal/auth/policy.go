package auth

import (
	"slices"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Action is something a request does. Every route of the web pages and the
// API names exactly one; the tests fail on a route whose action is missing
// from Policy.
type Action string

// Actions.
const (
	// ReadRegistry: regions, the classifier, colleges, enterprises,
	// programmes, groups and aggregate counts — the public registry.
	ReadRegistry Action = "registry.read"
	// WriteInstitutions: register colleges and enterprises.
	WriteInstitutions Action = "institutions.write"
	// WriteClassifier: load the classifier of specialties and qualifications.
	WriteClassifier Action = "classifier.write"
	// WriteCollegeRecords: programmes, groups, students and teachers of a college.
	WriteCollegeRecords Action = "college_records.write"
	// ReadStudents: students within scope, with personal data masked.
	ReadStudents Action = "students.read"
	// ReadStudentPersonal: a student's full IIN, phone and birth date.
	ReadStudentPersonal Action = "students.personal"
	// ReadTeachers: teachers within scope, with personal data masked.
	ReadTeachers Action = "teachers.read"
	// ReadTeacherPersonal: a teacher's full IIN, phone and birth date.
	ReadTeacherPersonal Action = "teachers.personal"
	// ManageUsers: create, change, disable users and reset passwords within scope.
	ManageUsers Action = "users.manage"
	// ReadAudit: browse the audit log within scope.
	ReadAudit Action = "audit.read"
	// UseAccount: see one's own account, sign out, manage one's own API tokens.
	UseAccount Action = "account.use"
	// ExportOwnData: download all data held about oneself.
	ExportOwnData Action = "account.export"

	// Dual training (issue 4). The access layer narrows each to the role's
	// scope: an enterprise its own offers, agreements and mentors; a college
	// its students' agreements; a mentor their trainees; a student themself.

	// ReadOffers: placement offers. The public, students, teachers and
	// mentors see open offers only.
	ReadOffers Action = "offers.read"
	// WriteOffers: an enterprise drafts, submits, opens and closes its offers.
	WriteOffers Action = "offers.write"
	// ApproveOffers: a partner college or the regional department approves
	// a submitted offer or refers it back with a reason.
	ApproveOffers Action = "offers.approve"
	// Apply: a student applies to an open offer or withdraws.
	Apply Action = "offers.apply"
	// DecideApplications: an enterprise accepts or declines applications.
	DecideApplications Action = "applications.decide"
	// ManageMentors: an enterprise keeps its mentors.
	ManageMentors Action = "mentors.manage"
	// ReadMentors: mentors within scope.
	ReadMentors Action = "mentors.read"
	// ReadAgreements: tripartite agreements within scope, their PDF and
	// the work-experience records (IINs masked without students.personal).
	ReadAgreements Action = "agreements.read"
	// WriteAgreements: create, edit the terms, send for signature,
	// terminate, complete, change mentor or enterprise.
	WriteAgreements Action = "agreements.write"
	// ApproveAgreements: sign as one's own party (the college also records
	// the guardian's approval).
	ApproveAgreements Action = "agreements.approve"
	// ReadLogbook: weekly entries and their photos within scope.
	ReadLogbook Action = "logbook.read"
	// WriteLogbook: a student writes, submits and corrects their entries.
	WriteLogbook Action = "logbook.write"
	// SignLogbook: a mentor signs or returns their trainees' entries and
	// assesses their competences.
	SignLogbook Action = "logbook.sign"
	// ReviewLogbook: the college supervisor reviews signed entries.
	ReviewLogbook Action = "logbook.review"
	// ReadProgress: hours against the plan, the needs-attention list,
	// assessments and admission to the final assessment.
	ReadProgress Action = "progress.read"
	// RecordFinalAssessment: the college records the final assessment.
	RecordFinalAssessment Action = "assessment.final"
	// ManageSettings: change the policy settings of dual training.
	ManageSettings Action = "settings.manage"

	// Allocation rounds (issue 5).

	// ReadRounds: rounds, their offers and cutoffs; a student their own
	// result, an enterprise its offers' results, a college its students'.
	ReadRounds Action = "rounds.read"
	// ManageRounds: open, run, publish and close rounds (a regional
	// department for its region, the ministry nationally).
	ManageRounds Action = "rounds.manage"
	// RankOffers: a student ranks offers in an open round and accepts or
	// declines the placement.
	RankOffers Action = "rounds.rank"
	// ScoreInterviews: an enterprise records interview scores.
	ScoreInterviews Action = "rounds.interview"

	// Bulk imports (issue 6), one action per kind of file. The access layer
	// passes the actor's scope to the import, which refuses every row
	// outside it: a regional department imports its region's colleges,
	// enterprises, colleges' people and offers, a college its own students
	// and teachers, an enterprise its own offers.

	// ImportColleges: colleges from a file, upserted by BIN.
	ImportColleges Action = "colleges.import"
	// ImportEnterprises: enterprises from a file, upserted by BIN.
	ImportEnterprises Action = "enterprises.import"
	// ImportStudents: students from a file, upserted by IIN.
	ImportStudents Action = "students.import"
	// ImportTeachers: teachers from a file, upserted by IIN.
	ImportTeachers Action = "teachers.import"
	// ImportEmployment: graduates' employment contracts from an extract of
	// the register of employment contracts.
	ImportEmployment Action = "employment.import"
	// ImportOffers: placement offers from a file, upserted by the
	// enterprise's BIN and its reference for the offer; new ones come in
	// as drafts.
	ImportOffers Action = "offers.import"
	// Graduation and verified employment (issue 7).

	// ReadEmployment: graduates' employment at 3, 6 and 12 months, as
	// rates (the country, a region, a college) and per graduate, within
	// scope; employers and positions only with students.personal.
	ReadEmployment Action = "employment.read"
	// GraduateStudents: a college marks a group graduated on a day.
	GraduateStudents Action = "students.graduate"

	// UseImports: the upload page of the bulk imports and one's own
	// uploads. Every role that may import some kind of file has it (see
	// ImportAction); which kinds, each kind's own action decides.
	UseImports Action = "imports.use"

	// Patronage (issue 7): tripartite memoranda of the regional education
	// department, an enterprise and a college, and what the enterprise
	// delivered. The access layer narrows the memoranda to the reader's
	// region, college or enterprise; the figures are counts for everyone
	// who reads patronage.

	// ReadPatronage: the patronage figures and the memoranda within scope.
	ReadPatronage Action = "patronage.read"
	// WritePatronage: a regional department records and changes the
	// memoranda of its region with their commitments.
	WritePatronage Action = "patronage.write"
	// ReportPatronage: an enterprise reports a delivery against its own
	// commitment, with its evidence.
	ReportPatronage Action = "patronage.report"
	// ConfirmPatronage: a college confirms it received a delivery.
	ConfirmPatronage Action = "patronage.confirm"

	// State-funded seats and targeted training (issue 7). The access layer
	// narrows seats to the reader's region or college; orders to the
	// employer's own (a college sees its region's, to sign contracts
	// against); contracts and alerts to the college's students and the
	// employer's own.

	// ReadSeats: the state-funded seats and their fill within scope, and
	// the region's and the nation's totals.
	ReadSeats Action = "seats.read"
	// WriteSeats: the ministry (any college) and a regional department
	// (its colleges) set the seats (policy).
	WriteSeats Action = "seats.write"
	// ReadTargeted: training orders, contracts with their obligations
	// within scope, and the overview by region or employer.
	ReadTargeted Action = "targeted.read"
	// WriteOrders: an employer places and changes its training orders.
	WriteOrders Action = "orders.write"
	// WriteContracts: a college records its students' contracts.
	WriteContracts Action = "contracts.write"
	// MoveObligations: the college and the employer of a contract record
	// the changes of its work obligation.
	MoveObligations Action = "obligations.move"
	// ReadAlerts: a college's or an employer's alerts about its contracts.
	ReadAlerts Action = "alerts.read"

	// Analytics (issue 8): the dashboards at each level and the open data.

	// ReadAnalytics: the dashboard of the reader's own level and those
	// below it (the access layer narrows the ministry to nothing, a
	// region to its own, a college and an enterprise to their own).
	ReadAnalytics Action = "analytics.read"
	// ReadOpenData: aggregated figures for anyone, with small cells
	// suppressed (/api/v1/open/…).
	ReadOpenData Action = "opendata.read"

	// Career guidance (issue 9).

	// TakeGuidance: the interest test, its results by their link and the
	// recommendations — public and anonymous; nothing of the pupil is
	// kept but the answers.
	TakeGuidance Action = "guidance.take"
	// CounselGuidance: a counsellor (college staff, a teacher, the
	// regional department's career-guidance officer) keeps class sessions
	// and sees each of their own sessions' anonymous summary.
	CounselGuidance Action = "guidance.counsel"

	// Teachers' qualification and internationalisation (issue 10). The
	// access layer narrows each to the reader's region or college; an
	// enterprise sees the internships at itself, a teacher their own
	// records.

	// ReadTeacherDevelopment: teachers' categories, courses, internships,
	// due dates and the figures within scope.
	ReadTeacherDevelopment Action = "teachers_dev.read"
	// WriteTeacherDevelopment: a college records its teachers' categories,
	// subjects, courses and internships (a teacher their own courses).
	WriteTeacherDevelopment Action = "teachers_dev.write"
	// AssignCategory: a college records its teachers' qualification
	// categories (as the attestation commission gave them) and subjects.
	AssignCategory Action = "teachers_dev.category"
	// ManageTeacherPolicy: the ministry changes the qualification
	// categories and the interval of professional development (policy).
	ManageTeacherPolicy Action = "teachers_policy.manage"
	// ReadInternational: partnerships, foreign specialists, mobility, the
	// cross-border view and the figures within scope.
	ReadInternational Action = "international.read"
	// WriteInternational: a college records its partnerships, foreign
	// specialists and mobility, and registers foreign partners.
	WriteInternational Action = "international.write"

	// UseNotifications (issue 11): one's own notifications — read them,
	// mark them read, choose which to receive and how. The access layer
	// passes only the reader's own.
	UseNotifications Action = "notifications.use"

	// Operations (issue 11).

	// ReadJobs: the background jobs of the whole installation, their
	// state, attempts and errors — the operators' page.
	ReadJobs Action = "jobs.read"
)

var (
	everyone = []domain.Role{domain.RolePublic, domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleTeacher,
		domain.RoleEnterprise, domain.RoleMentor, domain.RoleStudent, domain.RoleAuditor}
	signedIn = everyone[1:]
)

// Policy is the one table of who may do what. The scope each role acts in
// (country, region, college, own groups, enterprise, own trainees, self) is
// applied by the access layer (internal/access) on every record. Anything
// not listed is denied.
var Policy = map[Action][]domain.Role{
	ReadRegistry:        everyone,
	WriteInstitutions:   {domain.RoleMinistry, domain.RoleRegion},
	WriteClassifier:     {domain.RoleMinistry},
	WriteCollegeRecords: {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege},
	ReadStudents: {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleTeacher, domain.RoleEnterprise,
		domain.RoleMentor, domain.RoleStudent, domain.RoleAuditor},
	// Those who work with the person directly; the ministry, regions and
	// auditors work with counts and see masked numbers.
	ReadStudentPersonal: {domain.RoleCollege, domain.RoleTeacher, domain.RoleEnterprise, domain.RoleStudent},
	ReadTeachers:        {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleTeacher, domain.RoleAuditor},
	ReadTeacherPersonal: {domain.RoleCollege},
	ManageUsers:         {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege},
	ReadAudit:           {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleAuditor},
	// The jobs are the installation's, not a region's: the ministry runs it.
	ReadJobs:      {domain.RoleMinistry},
	UseAccount:    signedIn,
	ExportOwnData: {domain.RoleStudent},

	ReadOffers:         everyone,
	WriteOffers:        {domain.RoleEnterprise},
	ApproveOffers:      {domain.RoleCollege, domain.RoleRegion},
	Apply:              {domain.RoleStudent},
	DecideApplications: {domain.RoleEnterprise},
	ManageMentors:      {domain.RoleEnterprise},
	ReadMentors: {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleTeacher, domain.RoleEnterprise,
		domain.RoleMentor, domain.RoleAuditor},
	ReadAgreements: {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleTeacher, domain.RoleEnterprise,
		domain.RoleMentor, domain.RoleStudent, domain.RoleAuditor},
	WriteAgreements:   {domain.RoleCollege, domain.RoleEnterprise},
	ApproveAgreements: {domain.RoleCollege, domain.RoleEnterprise, domain.RoleStudent},
	// The people who work with the entries; the ministry and regions see
	// figures, not diaries.
	ReadLogbook:   {domain.RoleCollege, domain.RoleTeacher, domain.RoleEnterprise, domain.RoleMentor, domain.RoleStudent, domain.RoleAuditor},
	WriteLogbook:  {domain.RoleStudent},
	SignLogbook:   {domain.RoleMentor},
	ReviewLogbook: {domain.RoleCollege, domain.RoleTeacher},
	ReadProgress: {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleTeacher, domain.RoleEnterprise,
		domain.RoleMentor, domain.RoleStudent, domain.RoleAuditor},
	RecordFinalAssessment: {domain.RoleCollege},
	ManageSettings:        {domain.RoleMinistry},

	ReadRounds: {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleTeacher, domain.RoleEnterprise,
		domain.RoleStudent, domain.RoleAuditor},
	ManageRounds:    {domain.RoleMinistry, domain.RoleRegion},
	RankOffers:      {domain.RoleStudent},
	ScoreInterviews: {domain.RoleEnterprise},

	ImportColleges:    {domain.RoleMinistry, domain.RoleRegion},
	ImportEnterprises: {domain.RoleMinistry, domain.RoleRegion},
	ImportStudents:    {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege},
	ImportTeachers:    {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege},
	ImportEmployment:  {domain.RoleMinistry, domain.RoleRegion},
	ImportOffers:      {domain.RoleMinistry, domain.RoleRegion, domain.RoleEnterprise},

	ReadPatronage:    {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleEnterprise, domain.RoleAuditor},
	WritePatronage:   {domain.RoleRegion},
	ReportPatronage:  {domain.RoleEnterprise},
	ConfirmPatronage: {domain.RoleCollege},

	// Rates are aggregates, but a college's row for one qualification may
	// be one or two people: those who work with the figures, not the public.
	ReadEmployment:   {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleAuditor},
	GraduateStudents: {domain.RoleCollege},

	ReadSeats:       {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleAuditor},
	WriteSeats:      {domain.RoleMinistry, domain.RoleRegion},
	ReadTargeted:    {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleEnterprise, domain.RoleAuditor},
	WriteOrders:     {domain.RoleEnterprise},
	WriteContracts:  {domain.RoleCollege},
	MoveObligations: {domain.RoleCollege, domain.RoleEnterprise},
	ReadAlerts:      {domain.RoleCollege, domain.RoleEnterprise},

	ReadAnalytics: {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleEnterprise, domain.RoleAuditor},
	ReadOpenData:  everyone,

	TakeGuidance:    everyone,
	CounselGuidance: {domain.RoleCollege, domain.RoleTeacher, domain.RoleRegion},

	ReadTeacherDevelopment: {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleTeacher, domain.RoleEnterprise,
		domain.RoleAuditor},
	WriteTeacherDevelopment: {domain.RoleCollege, domain.RoleTeacher},
	AssignCategory:          {domain.RoleCollege},
	ManageTeacherPolicy:     {domain.RoleMinistry},
	ReadInternational:       {domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleAuditor},
	WriteInternational:      {domain.RoleCollege},

	UseNotifications: signedIn,
}

// ImportAction is the action of importing a kind of file, named after the
// kind (students → students.import), so that a kind added to
// domain.ImportKinds with its action in Policy appears on the upload page
// by itself.
func ImportAction(k domain.ImportKind) Action { return Action(string(k) + ".import") }

// init gives the upload page to every role that may import some kind of
// file, whatever kinds are added later.
func init() {
	for _, k := range domain.ImportKinds {
		for _, r := range Policy[ImportAction(k)] {
			if !slices.Contains(Policy[UseImports], r) {
				Policy[UseImports] = append(Policy[UseImports], r)
			}
		}
	}
}

// readOnly are the actions an auditor may take at all: an auditor can look
// but never touch, whatever else the table says.
var readOnly = map[Action]bool{ReadRegistry: true, ReadStudents: true, ReadTeachers: true, ReadAudit: true, UseAccount: true,
	ReadOffers: true, ReadMentors: true, ReadAgreements: true, ReadLogbook: true, ReadProgress: true, ReadRounds: true,
	ReadPatronage: true, ReadEmployment: true, ReadSeats: true, ReadTargeted: true,
	ReadAnalytics: true, ReadOpenData: true, ReadTeacherDevelopment: true, ReadInternational: true,
	// An auditor's own notifications are the auditor's, like the account.
	UseNotifications: true}

// Allowed reports whether a role may take an action (deny by default).
func Allowed(role domain.Role, a Action) bool {
	if role == domain.RoleAuditor && !readOnly[a] {
		return false
	}
	for _, r := range Policy[a] {
		if r == role {
			return true
		}
	}
	return false
}

// Check returns nil when the actor may take the action; EUNAUTHORIZED for
// the public when signing in might help, EFORBIDDEN otherwise.
func Check(actor domain.Actor, a Action) error {
	if Allowed(actor.Role(), a) {
		return nil
	}
	if actor.User == nil {
		return &domain.Error{Code: domain.EUNAUTHORIZED, Key: "error.signin.required", Message: "sign in to see this"}
	}
	return &domain.Error{Code: domain.EFORBIDDEN, Key: "error.forbidden", Message: "your role may not do this"}
}

// ManageableRoles lists the roles a user of a role may create or change.
func ManageableRoles(role domain.Role) []domain.Role {
	switch role {
	case domain.RoleMinistry:
		return domain.Roles
	case domain.RoleRegion:
		return []domain.Role{domain.RoleCollege, domain.RoleTeacher, domain.RoleEnterprise, domain.RoleMentor, domain.RoleStudent, domain.RoleAuditor}
	case domain.RoleCollege:
		return []domain.Role{domain.RoleTeacher, domain.RoleStudent}
	}
	return nil
}
