package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// userFormData is the form that creates or edits a user. The values are
// kept as typed, so a form with an error comes back as the user left it.
type userFormData struct {
	New         bool
	Action      string // where the form posts
	ID          int64
	Login, Name string
	Role        string
	Roles       []option
	RegionID    string
	Regions     []option
	CollegeID   string
	// Colleges is the college select; nil when the actor's scope has too
	// many colleges for one select, and the form asks for the number.
	Colleges     []option
	EnterpriseID string
	TeacherID    string
	StudentID    string
	ExpiresAt    string // YYYY-MM-DD, the last day of an auditor's access
	Disabled     bool
	Errors       formErrors
	// The edit page's password reset form and its problems.
	PasswordURL string
	Reset       formErrors
	AuditURL    string // the user's changes in the audit log, if the actor may read it
}

// userFormFrom fills the form with a stored user.
func userFormFrom(u domain.User) userFormData {
	d := userFormData{ID: u.ID, Login: u.Login, Name: u.Name, Role: string(u.Role), Disabled: u.Disabled,
		RegionID: idText(int64(u.RegionID)), CollegeID: idText(u.CollegeID), EnterpriseID: idText(u.EnterpriseID),
		TeacherID: idText(u.TeacherID), StudentID: idText(u.StudentID)}
	if !u.ExpiresAt.IsZero() {
		d.ExpiresAt = lastDay(u.ExpiresAt).Format(time.DateOnly)
	}
	return d
}

// userFormOf keeps what was posted, to show the form again.
func userFormOf(r *http.Request) userFormData {
	f := func(name string) string { return postedText(r, name, 200) }
	return userFormData{Login: f("login"), Name: f("name"), Role: f("role"), RegionID: f("region_id"), CollegeID: f("college_id"),
		EnterpriseID: f("enterprise_id"), TeacherID: f("teacher_id"), StudentID: f("student_id"), ExpiresAt: f("expires_at"),
		Disabled: r.PostFormValue("disabled") != ""}
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// An auditor's access ends at the end of the last day the form names, in
// Kazakhstan's time: ExpiresAt is the first instant after it.
func expiryOf(lastDay time.Time) time.Time {
	return time.Date(lastDay.Year(), lastDay.Month(), lastDay.Day()+1, 0, 0, 0, 0, kazakhstan)
}

func lastDay(expiresAt time.Time) time.Time { return expiresAt.In(kazakhstan).Add(-time.Nanosecond) }

// readUserForm sets u's name, role and scope from the posted form. Records
// named by number must exist: a wrong number is the user's mistake about
// that field, said before the access layer looks at the scope.
func (h *Web) readUserForm(ctx context.Context, r *http.Request, u *domain.User) error {
	actor := domain.ActorFrom(ctx)
	u.Name = r.PostFormValue("name")
	u.Role = domain.Role(strings.TrimSpace(r.PostFormValue("role")))
	if !slices.Contains(domain.Roles, u.Role) {
		return domain.Invalid("role", "error.user.role", "unknown role")
	}
	if !slices.Contains(auth.ManageableRoles(actor.Role()), u.Role) {
		return &domain.Error{Code: domain.EFORBIDDEN, Key: "error.user.role_denied", Field: "role", Message: "you may not give this role"}
	}
	region, err := formID(r, "region_id")
	if err != nil {
		return err
	}
	if region != 0 {
		if region > 1<<31 {
			return domain.Invalid("region_id", "error.region.unknown", "unknown region")
		}
		if _, err := h.reg.Region(ctx, int(region)); err != nil {
			return unknownRef(err, "region_id", "error.region.unknown")
		}
	}
	u.RegionID = int(region)
	if u.CollegeID, err = formID(r, "college_id"); err != nil {
		return err
	}
	if u.CollegeID != 0 {
		if _, err := h.reg.College(ctx, u.CollegeID); err != nil {
			return unknownRef(err, "college_id", "error.college.unknown")
		}
	}
	if u.EnterpriseID, err = formID(r, "enterprise_id"); err != nil {
		return err
	}
	if u.EnterpriseID != 0 {
		if _, err := h.reg.Enterprise(ctx, u.EnterpriseID); err != nil {
			return unknownRef(err, "enterprise_id", "error.enterprise.unknown")
		}
	}
	if u.TeacherID, err = formID(r, "teacher_id"); err != nil {
		return err
	}
	if u.StudentID, err = formID(r, "student_id"); err != nil {
		return err
	}
	u.ExpiresAt = time.Time{}
	if s := strings.TrimSpace(r.PostFormValue("expires_at")); s != "" {
		day, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return domain.Invalid("expires_at", "error.user.expiry_date", "the date must be YYYY-MM-DD")
		}
		u.ExpiresAt = expiryOf(day)
		if !u.ExpiresAt.After(h.now()) {
			return domain.Invalid("expires_at", "error.user.expiry_past", "the last day of access has passed")
		}
	}
	return nil
}

// fillUserForm adds the choices the actor has: the roles they may give,
// the regions and colleges of their scope.
func (h *Web) fillUserForm(ctx context.Context, v *view, d *userFormData) error {
	actor := domain.ActorFrom(ctx)
	for _, role := range auth.ManageableRoles(actor.Role()) {
		d.Roles = append(d.Roles, option{Value: string(role), Label: v.Role(role), Selected: string(role) == d.Role})
	}
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		return err
	}
	scopeRegion, scopeCollege := 0, int64(0)
	if u := actor.User; u != nil {
		switch u.Role {
		case domain.RoleRegion:
			scopeRegion = u.RegionID
		case domain.RoleCollege:
			scopeCollege = u.CollegeID
		}
	}
	for _, o := range pl.regionOptions(v.Lang, 0) {
		if scopeRegion != 0 && o.Value != strconv.Itoa(scopeRegion) || scopeCollege != 0 {
			continue
		}
		o.Selected = o.Value == d.RegionID
		d.Regions = append(d.Regions, o)
	}
	var colleges []domain.College
	if scopeCollege != 0 {
		c, err := h.reg.College(ctx, scopeCollege)
		if err != nil {
			return err
		}
		colleges = []domain.College{c}
	} else if colleges, err = h.reg.CollegeNames(ctx, scopeRegion); err != nil {
		return err
	}
	if len(colleges) <= domain.MaxPageSize {
		d.Colleges = []option{}
		for _, c := range colleges {
			id := strconv.FormatInt(c.ID, 10)
			d.Colleges = append(d.Colleges, option{Value: id, Label: c.Name.In(v.Lang), Selected: id == d.CollegeID})
		}
		sortByLabel(v.Lang, d.Colleges)
	}
	if d.ID != 0 {
		id := strconv.FormatInt(d.ID, 10)
		d.Action = "/admin/users/" + id
		d.PasswordURL = "/admin/users/" + id + "/password"
		if v.Can(string(auth.ReadAudit)) {
			d.AuditURL = "/audit?record_type=user&record_id=" + id
		}
	}
	return nil
}

// renderUserForm shows the new-user or edit form with status.
func (h *Web) renderUserForm(w http.ResponseWriter, r *http.Request, status int, d userFormData) {
	v := h.newView(r, "users")
	if err := h.fillUserForm(r.Context(), v, &d); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.New {
		d.Action = "/admin/users"
		v.Title = v.T("web.user.new.title")
	} else {
		v.Title = d.Login
	}
	v.Data = d
	h.render(w, r, status, "user_form", v)
}
