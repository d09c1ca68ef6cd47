package domain

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Role is what a user does in the system (DOMAIN.md §2). The public — a
// request without a signed-in user — has the empty role.
type Role string

// Roles. Each comes with a scope: the ministry sees the country, a regional
// department its region, a college coordinator the college, a teacher the
// groups they supervise, enterprise HR the enterprise, a mentor their
// trainees, a student themself, an auditor a region or college (or the
// country) read-only until an expiry date.
const (
	RolePublic     Role = ""
	RoleMinistry   Role = "ministry"
	RoleRegion     Role = "region"
	RoleCollege    Role = "college"
	RoleTeacher    Role = "teacher"
	RoleEnterprise Role = "enterprise"
	RoleMentor     Role = "mentor"
	RoleStudent    Role = "student"
	RoleAuditor    Role = "auditor"
)

// Roles lists every role a user can have.
var Roles = []Role{RoleMinistry, RoleRegion, RoleCollege, RoleTeacher, RoleEnterprise, RoleMentor, RoleStudent, RoleAuditor}

// User is an account. Which scope fields are set depends on the role; see
// Validate.
type User struct {
	ID           int64     `json:"id"`
	Login        string    `json:"login"`
	Name         string    `json:"name"`
	Role         Role      `json:"role"`
	RegionID     int       `json:"region_id,omitempty"`
	CollegeID    int64     `json:"college_id,omitempty"`
	EnterpriseID int64     `json:"enterprise_id,omitempty"`
	TeacherID    int64     `json:"teacher_id,omitempty"`
	StudentID    int64     `json:"student_id,omitempty"`
	ExpiresAt    time.Time `json:"expires_at,omitzero"` // auditors only
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
	// PasswordHash is the argon2id hash; it never leaves the server.
	PasswordHash string `json:"-"`
	// CredentialsChangedAt changes with every new password. A web session
	// remembers the value it was opened with, so a password change or reset
	// ends the user's other sessions.
	CredentialsChangedAt time.Time `json:"-"`
}

// loginPattern is compiled on first use: its counted repetition makes a
// large program, a millisecond of work that every dualtrack command would
// otherwise pay at start-up.
var loginPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-z0-9][a-z0-9._@+-]{2,63}$`)
})

// Validate normalises the login to lower case and checks that the role has
// exactly the scope it needs.
func (u *User) Validate() error {
	u.Login = strings.ToLower(strings.TrimSpace(u.Login))
	u.Name = strings.TrimSpace(u.Name)
	if !loginPattern().MatchString(u.Login) {
		return Invalid("login", "error.user.login", "login must be 3 to 64 characters: latin letters, digits, . _ @ + -")
	}
	if u.Name == "" {
		return Invalid("name", "error.user.name", "name is required")
	}
	need := struct{ region, college, enterprise, teacher, student, expiry bool }{}
	switch u.Role {
	case RoleMinistry:
	case RoleRegion:
		need.region = true
	case RoleCollege:
		need.college = true
	case RoleTeacher:
		need.college, need.teacher = true, true
	case RoleEnterprise, RoleMentor:
		need.enterprise = true
	case RoleStudent:
		need.college, need.student = true, true
	case RoleAuditor:
		need.expiry = true
		// An auditor's scope is a region, a college, or the country.
		if u.RegionID != 0 && u.CollegeID != 0 {
			return Invalid("college_id", "error.user.auditor_scope", "an auditor's scope is a region or a college, not both")
		}
		need.region, need.college = u.RegionID != 0, u.CollegeID != 0
	default:
		return Invalid("role", "error.user.role", "unknown role")
	}
	switch {
	case need.region != (u.RegionID != 0):
		return Invalid("region_id", "error.user.scope", "this role needs a region, and only this role").With("role", string(u.Role))
	case need.college != (u.CollegeID != 0):
		return Invalid("college_id", "error.user.scope", "this role needs a college, and only this role").With("role", string(u.Role))
	case need.enterprise != (u.EnterpriseID != 0):
		return Invalid("enterprise_id", "error.user.scope", "this role needs an enterprise, and only this role").With("role", string(u.Role))
	case need.teacher != (u.TeacherID != 0):
		return Invalid("teacher_id", "error.user.scope", "this role needs a teacher record, and only this role").With("role", string(u.Role))
	case need.student != (u.StudentID != 0):
		return Invalid("student_id", "error.user.scope", "this role needs a student record, and only this role").With("role", string(u.Role))
	case need.expiry != !u.ExpiresAt.IsZero():
		return Invalid("expires_at", "error.user.expiry", "an auditor needs an expiry date, and only an auditor has one")
	}
	return nil
}

// Active reports whether the user may sign in or act at time now.
func (u *User) Active(now time.Time) bool {
	return !u.Disabled && (u.ExpiresAt.IsZero() || now.Before(u.ExpiresAt))
}

// Actor is who makes a request: a user (nil for the public) and where from.
// Every service call reads it from the context to authorise and to audit.
type Actor struct {
	User    *User
	Address string // the client's IP address
	Via     string // "session", "token", "cli" or "system"
}

// Role is the actor's role; the public has RolePublic.
func (a Actor) Role() Role {
	if a.User == nil {
		return RolePublic
	}
	return a.User.Role
}

type actorKey struct{}

// WithActor returns a context carrying the actor of a request.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx; the public when none was set.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// System is the actor of work the program does by itself (migrations,
// the demo generator) rather than on anyone's request.
var System = Actor{Via: "system"}

// UserFilter selects users for a list.
type UserFilter struct {
	Query        string // part of the login or name
	Role         Role
	Roles        []Role // any of these roles (set by the access layer)
	RegionID     int    // users whose scope lies in the region
	CollegeID    int64  // users of the college
	EnterpriseID int64
	Page         Page
}

// Token is a personal access token for the API. Only a hash of the secret is
// stored; the secret is shown once, when the token is made.
type Token struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"user_id"`
	Name       string    `json:"name"`
	Prefix     string    `json:"prefix"` // the first characters, to tell tokens apart
	Hash       string    `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
	ExpiresAt  time.Time `json:"expires_at,omitzero"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
}

// AuditEntry is one recorded change: who, when, from where, what.
type AuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	UserID     int64     `json:"user_id,omitempty"`
	Login      string    `json:"login"`
	Role       Role      `json:"role"`
	Address    string    `json:"address"`
	Action     string    `json:"action"`      // create, update, delete, sign_in, …
	RecordType string    `json:"record_type"` // college, student, user, …
	RecordID   string    `json:"record_id"`
	Before     string    `json:"before,omitempty"` // JSON of the record before, if any
	After      string    `json:"after,omitempty"`  // JSON after, if any
	RegionID   int       `json:"region_id,omitempty"`
	CollegeID  int64     `json:"college_id,omitempty"`
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	UserID int64 // who acted
	// Login is who acted as recorded: a user's login, an attempted login
	// of a failed sign-in, or "cli", "system", "anonymous".
	Login      string
	RecordType string
	RecordID   string
	RegionID   int
	CollegeID  int64
	From, To   time.Time // [From, To)
	Page       Page
}

// UserService stores accounts, their tokens, sign-in attempts and the
// audit log.
type UserService interface {
	// CreateUser validates and stores a user whose PasswordHash is set;
	// ECONFLICT for a login already taken.
	CreateUser(ctx context.Context, u *User) error
	// User returns one user; ENOTFOUND if there is none.
	User(ctx context.Context, id int64) (User, error)
	// UserByLogin returns the user with a login; ENOTFOUND if none.
	UserByLogin(ctx context.Context, login string) (User, error)
	// Users returns a page of users.
	Users(ctx context.Context, f UserFilter) (List[User], error)
	// UpdateUser stores a user's name, role, scope, expiry and disabled flag.
	UpdateUser(ctx context.Context, u *User) error
	// SetPassword stores a new password hash for a user.
	SetPassword(ctx context.Context, userID int64, hash string) error

	// RecordSignInFailure notes a failed sign-in for a login and address.
	RecordSignInFailure(ctx context.Context, login, address string) error
	// SignInFailures counts failures since a time for the login and for the
	// address.
	SignInFailures(ctx context.Context, login, address string, since time.Time) (byLogin, byAddress int, err error)
	// ClearSignInFailures forgets the failures of a login after a success.
	ClearSignInFailures(ctx context.Context, login string) error

	// CreateToken stores a token (its hash); the caller keeps the secret.
	CreateToken(ctx context.Context, t *Token) error
	// TokenByHash returns an unrevoked token with its user; ENOTFOUND if none.
	TokenByHash(ctx context.Context, hash string) (Token, User, error)
	// Tokens returns a user's tokens, newest first.
	Tokens(ctx context.Context, userID int64) ([]Token, error)
	// RevokeToken revokes one of a user's tokens; ENOTFOUND if the user has
	// no such token.
	RevokeToken(ctx context.Context, userID, tokenID int64) error
	// TouchToken records that a token was used now.
	TouchToken(ctx context.Context, tokenID int64) error

	// Audit returns a page of the audit log, newest first.
	Audit(ctx context.Context, f AuditFilter) (List[AuditEntry], error)
	// RecordAudit appends an entry that no store write records by itself
	// (a sign-in, a sign-out, a data export).
	RecordAudit(ctx context.Context, e AuditEntry) error
}
