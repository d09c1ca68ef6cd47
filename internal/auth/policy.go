package auth

import "github.com/dualtrack/dualtrack/internal/domain"

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
	UseAccount:          signedIn,
	ExportOwnData:       {domain.RoleStudent},
}

// readOnly are the actions an auditor may take at all: an auditor can look
// but never touch, whatever else the table says.
var readOnly = map[Action]bool{ReadRegistry: true, ReadStudents: true, ReadTeachers: true, ReadAudit: true, UseAccount: true}

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
