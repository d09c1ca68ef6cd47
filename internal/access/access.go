// Package access is the service layer that decides, for every call, whether
// the actor of the request (domain.ActorFrom) may make it and which records
// it may see. It wraps the store: the web pages and the API only ever get
// an access.Registry, so no page or endpoint can forget a check. Actions
// are allowed by the policy table in internal/auth; the scope of each role
// is applied here, on filters before a query and on each record after it.
// A record out of scope is "not found", so its existence is not revealed.
package access

import (
	"context"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Store is what the access layer wraps: the registry, the accounts and
// the streaming readers of exports.
type Store interface {
	domain.Registry
	domain.UserService
	domain.Exporter
	domain.NotificationService
}

// Registry is the guarded registry. It implements domain.Registry by
// writing every method out — it does not embed the store, so a method added
// to the domain without a check here does not compile.
type Registry struct {
	store Store
	Now   func() time.Time
}

var _ domain.Registry = (*Registry)(nil)

// New guards store.
func New(store Store) *Registry { return &Registry{store: store, Now: time.Now} }

// scope is the part of the registry an actor acts in; the zero scope is the
// whole country.
type scope struct {
	regionID     int
	collegeID    int64
	curatorID    int64 // teacher: students of the groups they supervise
	enterpriseID int64
	mentorID     int64 // mentor: the user ID of the account, not the mentors row
	studentID    int64
}

func scopeOf(a domain.Actor) scope {
	u := a.User
	if u == nil {
		return scope{}
	}
	switch u.Role {
	case domain.RoleRegion:
		return scope{regionID: u.RegionID}
	case domain.RoleCollege:
		return scope{collegeID: u.CollegeID}
	case domain.RoleTeacher:
		return scope{collegeID: u.CollegeID, curatorID: u.TeacherID}
	case domain.RoleEnterprise:
		return scope{enterpriseID: u.EnterpriseID}
	case domain.RoleMentor:
		// The account, not the mentors row: the row points at the account
		// (mentors.user_id), and the store finds the trainees through it.
		return scope{enterpriseID: u.EnterpriseID, mentorID: u.ID}
	case domain.RoleStudent:
		return scope{collegeID: u.CollegeID, studentID: u.StudentID}
	case domain.RoleAuditor:
		return scope{regionID: u.RegionID, collegeID: u.CollegeID}
	}
	return scope{}
}

// allow checks the policy for the actor of ctx, and that an account is
// still active (an auditor past the expiry date is refused).
func (r *Registry) allow(ctx context.Context, a auth.Action) (domain.Actor, error) {
	actor := domain.ActorFrom(ctx)
	if actor.User != nil && !actor.User.Active(r.Now()) {
		return actor, &domain.Error{Code: domain.EUNAUTHORIZED, Key: "error.signin.required", Message: "the account is disabled or expired"}
	}
	return actor, auth.Check(actor, a)
}

// narrow intersects a filter value with the scope's: when the user asked
// for another value than the scope allows, nothing can match.
func narrow[T comparable](asked *T, scoped T) (empty bool) {
	var zero T
	if scoped == zero {
		return false
	}
	if *asked != zero && *asked != scoped {
		return true
	}
	*asked = scoped
	return false
}

// collegeRegion is the region of a college, for region-scoped checks.
func (r *Registry) collegeRegion(ctx context.Context, collegeID int64) (int, error) {
	c, err := r.store.College(ctx, collegeID)
	return c.RegionID, err
}

// collegeInScope reports whether a college is inside the actor's region or
// college scope.
func (r *Registry) collegeInScope(ctx context.Context, sc scope, collegeID int64) (bool, error) {
	if sc.collegeID != 0 && sc.collegeID != collegeID {
		return false, nil
	}
	if sc.regionID != 0 {
		region, err := r.collegeRegion(ctx, collegeID)
		if err != nil {
			return false, err
		}
		return region == sc.regionID, nil
	}
	return true, nil
}

// notFound hides a record out of scope behind the same answer as a record
// that does not exist.
func notFound(kind string) error { return domain.NotFound(kind) }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
