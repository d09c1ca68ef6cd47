package api

import (
	"net/http"
	"slices"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// user is an account: who it is, its role and the scope the role acts in.
// A scope field the role does not use is null. The password hash is a
// domain field this type has no place for, so it cannot leak.
type user struct {
	ID           int64      `json:"id"`
	Login        string     `json:"login"`
	Name         string     `json:"name"`
	Role         string     `json:"role"`
	RegionID     *int       `json:"region_id"`
	CollegeID    *int64     `json:"college_id"`
	EnterpriseID *int64     `json:"enterprise_id"`
	TeacherID    *int64     `json:"teacher_id"`
	StudentID    *int64     `json:"student_id"`
	ExpiresAt    *time.Time `json:"expires_at"` // auditors only
	Disabled     bool       `json:"disabled"`
	CreatedAt    time.Time  `json:"created_at"`
}

func userOf(u domain.User) user {
	out := user{ID: u.ID, Login: u.Login, Name: u.Name, Role: string(u.Role),
		CollegeID: optionalID(u.CollegeID), EnterpriseID: optionalID(u.EnterpriseID),
		TeacherID: optionalID(u.TeacherID), StudentID: optionalID(u.StudentID),
		Disabled: u.Disabled, CreatedAt: u.CreatedAt.UTC()}
	if u.RegionID != 0 {
		out.RegionID = &u.RegionID
	}
	if !u.ExpiresAt.IsZero() {
		t := u.ExpiresAt.UTC()
		out.ExpiresAt = &t
	}
	return out
}

// listUsers answers GET /api/v1/users: a page of the accounts the caller
// manages, by login. The access layer keeps the list within the caller's
// scope.
func (a *API) listUsers(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.UserFilter{
		Query: q.search("q"),
		Role:  domain.Role(q.word("role")),
		Page:  q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	// The store would just match nothing; a typo deserves an answer.
	if f.Role != "" && !slices.Contains(domain.Roles, f.Role) {
		return domain.Invalid("role", "error.user.role", "unknown role")
	}
	list, err := a.reg.Users(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, userOf)
	return nil
}
