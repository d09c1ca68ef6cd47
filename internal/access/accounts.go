package access

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"sync"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Me returns the signed-in user; EUNAUTHORIZED for the public.
func (r *Registry) Me(ctx context.Context) (domain.User, error) {
	actor, err := r.allow(ctx, auth.UseAccount)
	if err != nil {
		return domain.User{}, err
	}
	return r.store.User(ctx, actor.User.ID)
}

// userInScope reports whether the actor may manage u: its role is one the
// actor's role manages, and its scope lies within the actor's.
func (r *Registry) userInScope(ctx context.Context, actor domain.Actor, u *domain.User) (bool, error) {
	if !slices.Contains(auth.ManageableRoles(actor.Role()), u.Role) {
		return false, nil
	}
	sc := scopeOf(actor)
	switch {
	case sc.collegeID != 0:
		return u.CollegeID == sc.collegeID, nil
	case sc.regionID != 0:
		switch {
		case u.RegionID != 0:
			return u.RegionID == sc.regionID, nil
		case u.CollegeID != 0:
			return r.collegeInScope(ctx, sc, u.CollegeID)
		case u.EnterpriseID != 0:
			e, err := r.store.Enterprise(ctx, u.EnterpriseID)
			return err == nil && e.RegionID == sc.regionID, err
		}
		return false, nil // a country-wide account is above a region
	}
	return true, nil
}

// Users lists the users the actor manages.
func (r *Registry) Users(ctx context.Context, f domain.UserFilter) (domain.List[domain.User], error) {
	actor, err := r.allow(ctx, auth.ManageUsers)
	if err != nil {
		return domain.List[domain.User]{}, err
	}
	sc := scopeOf(actor)
	if narrow(&f.RegionID, sc.regionID) || narrow(&f.CollegeID, sc.collegeID) {
		return domain.List[domain.User]{Items: []domain.User{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	// Only the roles the actor manages, counted and paged by the store, so
	// totals and pages are exact. With the region or college narrowed above,
	// every user left is within the actor's scope (see userInScope).
	f.Roles = auth.ManageableRoles(actor.Role())
	if f.Role != "" && !slices.Contains(f.Roles, f.Role) {
		return domain.List[domain.User]{Items: []domain.User{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	return r.store.Users(ctx, f)
}

// User returns a user the actor manages, or the actor's own account.
func (r *Registry) User(ctx context.Context, id int64) (domain.User, error) {
	actor, err := r.allow(ctx, auth.UseAccount)
	if err != nil {
		return domain.User{}, err
	}
	u, err := r.store.User(ctx, id)
	if err != nil {
		return u, err
	}
	if u.ID == actor.User.ID {
		return u, nil
	}
	if auth.Check(actor, auth.ManageUsers) != nil {
		return domain.User{}, notFound("user")
	}
	if ok, err := r.userInScope(ctx, actor, &u); err != nil || !ok {
		if err == nil {
			err = notFound("user")
		}
		return domain.User{}, err
	}
	return u, nil
}

// CreateUser creates an account with a password, within the actor's scope.
func (r *Registry) CreateUser(ctx context.Context, u *domain.User, password string) error {
	actor, err := r.allow(ctx, auth.ManageUsers)
	if err != nil {
		return err
	}
	if err := u.Validate(); err != nil {
		return err
	}
	if ok, err := r.userInScope(ctx, actor, u); err != nil || !ok {
		if err == nil {
			err = outOfScope(u)
		}
		return err
	}
	if err := auth.ValidatePassword(password); err != nil {
		return err
	}
	if u.PasswordHash, err = auth.HashPassword(password); err != nil {
		return err
	}
	return r.store.CreateUser(ctx, u)
}

// UpdateUser changes a managed user's name, role, scope, expiry or disabled
// flag. Nobody changes their own role or scope, and the change must keep the
// user within the actor's scope.
func (r *Registry) UpdateUser(ctx context.Context, u *domain.User) error {
	actor, err := r.allow(ctx, auth.ManageUsers)
	if err != nil {
		return err
	}
	before, err := r.User(ctx, u.ID)
	if err != nil {
		return err
	}
	if before.ID == actor.User.ID {
		return forbidden()
	}
	if err := u.Validate(); err != nil {
		return err
	}
	if ok, err := r.userInScope(ctx, actor, u); err != nil || !ok {
		if err == nil {
			err = outOfScope(u)
		}
		return err
	}
	return r.store.UpdateUser(ctx, u)
}

// ResetPassword sets a new password for a managed user.
func (r *Registry) ResetPassword(ctx context.Context, userID int64, password string) error {
	actor, err := r.allow(ctx, auth.ManageUsers)
	if err != nil {
		return err
	}
	u, err := r.User(ctx, userID)
	if err != nil {
		return err
	}
	if u.ID == actor.User.ID {
		return forbidden() // one's own password is changed with the current one
	}
	return r.setPassword(ctx, u.ID, password)
}

// ChangePassword changes the actor's own password, given the current one.
func (r *Registry) ChangePassword(ctx context.Context, current, password string) error {
	actor, err := r.allow(ctx, auth.UseAccount)
	if err != nil {
		return err
	}
	u, err := r.store.User(ctx, actor.User.ID)
	if err != nil {
		return err
	}
	if !auth.CheckPassword(u.PasswordHash, current) {
		return domain.Invalid("current_password", "error.password.current", "the current password is wrong")
	}
	return r.setPassword(ctx, u.ID, password)
}

func (r *Registry) setPassword(ctx context.Context, userID int64, password string) error {
	if err := auth.ValidatePassword(password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	return r.store.SetPassword(ctx, userID, hash)
}

// Tokens returns the actor's own API tokens.
func (r *Registry) Tokens(ctx context.Context) ([]domain.Token, error) {
	actor, err := r.allow(ctx, auth.UseAccount)
	if err != nil {
		return nil, err
	}
	return r.store.Tokens(ctx, actor.User.ID)
}

// CreateToken makes an API token for the actor and returns its secret,
// which is shown once and never stored.
func (r *Registry) CreateToken(ctx context.Context, name string) (string, domain.Token, error) {
	actor, err := r.allow(ctx, auth.UseAccount)
	if err != nil {
		return "", domain.Token{}, err
	}
	secret, t, err := auth.NewToken(actor.User.ID, name)
	if err != nil {
		return "", t, err
	}
	if err := r.store.CreateToken(ctx, &t); err != nil {
		return "", t, err
	}
	return secret, t, nil
}

// RevokeToken revokes one of the actor's tokens.
func (r *Registry) RevokeToken(ctx context.Context, tokenID int64) error {
	actor, err := r.allow(ctx, auth.UseAccount)
	if err != nil {
		return err
	}
	return r.store.RevokeToken(ctx, actor.User.ID, tokenID)
}

var personalJSON = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`"(iin|phone|birth_date)":"[^"]*"`) })

// Audit returns the audit log within the actor's scope. Roles that may not
// see personal data get it masked in the recorded before and after.
func (r *Registry) Audit(ctx context.Context, f domain.AuditFilter) (domain.List[domain.AuditEntry], error) {
	actor, err := r.allow(ctx, auth.ReadAudit)
	if err != nil {
		return domain.List[domain.AuditEntry]{}, err
	}
	if narrowAudit(&f, scopeOf(actor)) {
		return domain.List[domain.AuditEntry]{Items: []domain.AuditEntry{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	list, err := r.store.Audit(ctx, f)
	if err != nil {
		return list, err
	}
	if !auth.Allowed(actor.Role(), auth.ReadStudentPersonal) {
		for i := range list.Items {
			maskAuditEntry(&list.Items[i])
		}
	}
	return list, nil
}

// narrowAudit narrows f to the entries filed under the scope; true when
// nothing can match.
func narrowAudit(f *domain.AuditFilter, sc scope) (empty bool) {
	return narrow(&f.RegionID, sc.regionID) || narrow(&f.CollegeID, sc.collegeID)
}

// maskAuditEntry hides the personal data recorded in an entry's before
// and after.
func maskAuditEntry(e *domain.AuditEntry) {
	e.Before = personalJSON().ReplaceAllString(e.Before, `"$1":"••••"`)
	e.After = personalJSON().ReplaceAllString(e.After, `"$1":"••••"`)
}

// Export is everything dualtrack holds about a student, for the student.
type Export struct {
	Account          domain.User                   `json:"account"`
	Student          domain.Student                `json:"student"`
	Audit            []domain.AuditEntry           `json:"changes"`
	Applications     []domain.Application          `json:"applications"`
	Agreements       []domain.Agreement            `json:"agreements"` // with every approval
	PartyChanges     []domain.PartyChange          `json:"party_changes"`
	Entries          []domain.LogbookEntry         `json:"logbook"` // every version, photos as metadata
	Assessments      []domain.CompetenceAssessment `json:"assessments"`
	FinalAssessments []domain.FinalAssessment      `json:"final_assessments"`
}

// allPages collects every page of a list.
func allPages[T any](read func(domain.Page) (domain.List[T], error)) ([]T, error) {
	items := []T{}
	for page := 1; ; page++ {
		l, err := read(domain.Page{Number: page, Size: domain.MaxPageSize})
		if err != nil {
			return nil, err
		}
		items = append(items, l.Items...)
		if page >= l.Pages() {
			return items, nil
		}
	}
}

// exportTraining adds the student's dual training to an export: every
// application, agreement, change of party, logbook entry and assessment.
func (r *Registry) exportTraining(ctx context.Context, studentID int64, ex *Export) error {
	var err error
	if ex.Applications, err = allPages(func(p domain.Page) (domain.List[domain.Application], error) {
		return r.store.Applications(ctx, domain.ApplicationFilter{StudentID: studentID, Page: p})
	}); err != nil {
		return err
	}
	agreements, err := allPages(func(p domain.Page) (domain.List[domain.Agreement], error) {
		return r.store.Agreements(ctx, domain.AgreementFilter{StudentID: studentID, Page: p})
	})
	if err != nil {
		return err
	}
	ex.Agreements = make([]domain.Agreement, 0, len(agreements))
	for _, a := range agreements {
		full, err := r.store.Agreement(ctx, a.ID) // with its approvals
		if err != nil {
			return err
		}
		ex.Agreements = append(ex.Agreements, full)
	}
	if ex.PartyChanges, err = r.store.PartyChanges(ctx, studentID); err != nil {
		return err
	}
	if ex.Entries, err = allPages(func(p domain.Page) (domain.List[domain.LogbookEntry], error) {
		return r.store.Entries(ctx, domain.EntryFilter{StudentID: studentID, Page: p})
	}); err != nil {
		return err
	}
	if ex.Assessments, err = r.store.Assessments(ctx, studentID); err != nil {
		return err
	}
	ex.FinalAssessments, err = r.store.FinalAssessments(ctx, studentID)
	return err
}

// ExportMyData returns all data held about the signed-in student, and
// records that it was downloaded.
func (r *Registry) ExportMyData(ctx context.Context) (Export, error) {
	actor, err := r.allow(ctx, auth.ExportOwnData)
	if err != nil {
		return Export{}, err
	}
	var ex Export
	if ex.Account, err = r.store.User(ctx, actor.User.ID); err != nil {
		return ex, err
	}
	if ex.Student, err = r.store.Student(ctx, actor.User.StudentID); err != nil {
		return ex, err
	}
	audit, err := r.store.Audit(ctx, domain.AuditFilter{RecordType: "student", RecordID: itoa(actor.User.StudentID), Page: domain.Page{Size: domain.MaxPageSize}})
	if err != nil {
		return ex, err
	}
	ex.Audit = audit.Items
	if err := r.exportTraining(ctx, actor.User.StudentID, &ex); err != nil {
		return ex, err
	}
	b, _ := json.Marshal(map[string]int64{"student_id": actor.User.StudentID})
	region, _ := r.collegeRegion(ctx, ex.Student.CollegeID)
	r.store.RecordAudit(ctx, domain.AuditEntry{Action: "export", RecordType: "student", RecordID: itoa(actor.User.StudentID),
		After: string(b), CollegeID: ex.Student.CollegeID, RegionID: region})
	return ex, nil
}

// outOfScope refuses a user account the actor may not manage, naming the
// field that puts it outside: the college, enterprise or region chosen.
func outOfScope(u *domain.User) error {
	field := "role"
	switch {
	case u.CollegeID != 0:
		field = "college_id"
	case u.EnterpriseID != 0:
		field = "enterprise_id"
	case u.RegionID != 0:
		field = "region_id"
	}
	return &domain.Error{Code: domain.EFORBIDDEN, Key: "error.user.out_of_scope", Field: field, Message: "outside the scope you manage"}
}
