package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// scopeFact is one line describing where a user acts: a label and a
// value, linked when the record has a page.
type scopeFact struct {
	Label, Value, URL string
}

type tokenRow struct {
	ID                        int64
	Name, Prefix              string
	Created, LastUsed, Status string
	Revoked                   bool
	RevokeURL                 string
}

type accountData struct {
	User      domain.User
	Role      string
	Scope     []scopeFact
	ExpiresAt string
	Created   string
	Tokens    []tokenRow
	CanExport bool
	// The forms' problems, and the token name typed before an error.
	Password  formErrors
	Token     formErrors
	TokenName string
}

// account shows the signed-in user's own account: who they are and where
// they act, the password form, their API tokens and, for students, the
// download of everything held about them.
func (h *Web) account(w http.ResponseWriter, r *http.Request) {
	h.renderAccount(w, r, http.StatusOK, accountData{})
}

// renderAccount fills in the account page around d's form state.
func (h *Web) renderAccount(w http.ResponseWriter, r *http.Request, status int, d accountData) {
	ctx := r.Context()
	v := h.newView(r, "account")
	u, err := h.reg.Me(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.User = u
	d.Role = v.Role(u.Role)
	if d.Scope, err = h.scopeFacts(ctx, v, u); err != nil {
		h.fail(w, r, err)
		return
	}
	if !u.ExpiresAt.IsZero() {
		d.ExpiresAt = v.Date(u.ExpiresAt.In(kazakhstan))
	}
	d.Created = v.Date(u.CreatedAt.In(kazakhstan))
	tokens, err := h.reg.Tokens(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, t := range tokens {
		row := tokenRow{ID: t.ID, Name: t.Name, Prefix: t.Prefix, Created: v.Time(t.CreatedAt), LastUsed: v.Time(t.LastUsedAt),
			Status: v.T("web.token.active"), RevokeURL: "/account/tokens/" + strconv.FormatInt(t.ID, 10) + "/revoke"}
		if !t.RevokedAt.IsZero() {
			row.Revoked, row.Status = true, v.T("web.token.revoked", "at", v.Time(t.RevokedAt))
		}
		d.Tokens = append(d.Tokens, row)
	}
	d.CanExport = auth.Allowed(u.Role, auth.ExportOwnData)
	v.Title = v.T("web.account.title")
	v.Data = d
	h.render(w, r, status, "account", v)
}

// scopeFacts describes where a user acts, in words: the country, a region,
// a college, an enterprise, the linked teacher or student record.
func (h *Web) scopeFacts(ctx context.Context, v *view, u domain.User) ([]scopeFact, error) {
	var facts []scopeFact
	if u.RegionID != 0 {
		reg, err := h.reg.Region(ctx, u.RegionID)
		if err != nil {
			return nil, err
		}
		facts = append(facts, scopeFact{Label: v.T("web.field.region"), Value: reg.Name.In(v.Lang)})
	}
	if u.CollegeID != 0 {
		c, err := h.reg.College(ctx, u.CollegeID)
		if err != nil {
			return nil, err
		}
		facts = append(facts, scopeFact{Label: v.T("web.field.college"), Value: c.Name.In(v.Lang),
			URL: "/colleges/" + strconv.FormatInt(c.ID, 10)})
	}
	if u.EnterpriseID != 0 {
		e, err := h.reg.Enterprise(ctx, u.EnterpriseID)
		if err != nil {
			return nil, err
		}
		facts = append(facts, scopeFact{Label: v.T("web.field.enterprise"), Value: e.Name.In(v.Lang),
			URL: "/enterprises/" + strconv.FormatInt(e.ID, 10)})
	}
	if u.TeacherID != 0 {
		facts = append(facts, scopeFact{Label: v.T("web.field.teacher_id"), Value: strconv.FormatInt(u.TeacherID, 10)})
	}
	if u.StudentID != 0 {
		facts = append(facts, scopeFact{Label: v.T("web.field.student_id"), Value: strconv.FormatInt(u.StudentID, 10),
			URL: "/students/" + strconv.FormatInt(u.StudentID, 10)})
	}
	if len(facts) == 0 {
		facts = append(facts, scopeFact{Label: v.T("web.account.scope"), Value: v.T("web.account.country")})
	}
	return facts, nil
}

// accountPassword changes the user's own password, given the current one.
// The session gets a new token afterwards, as at sign-in.
func (h *Web) accountPassword(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	current, password := r.PostFormValue("current_password"), r.PostFormValue("password")
	var err error
	if password != r.PostFormValue("password_confirm") {
		err = domain.Invalid("password_confirm", "error.password.mismatch", "the new passwords differ")
	} else {
		err = h.reg.ChangePassword(ctx, current, password)
	}
	if err != nil {
		v := h.newView(r, "account")
		fe, status, ok := formProblem(v, err, "", nil)
		if !ok {
			h.fail(w, r, err)
			return
		}
		h.renderAccount(w, r, status, accountData{Password: fe})
		return
	}
	// The new password ends every other session of the user; this one
	// carries on under a new token with the new credentials.
	me, err := h.reg.Me(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sm := sessionOf(ctx)
	if err := sm.RenewToken(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	sm.Put(ctx, sessionCredentials, me.CredentialsChangedAt.UnixNano())
	flash(ctx, "web.account.password_changed")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

type tokenCreatedData struct {
	Name, Secret string
}

// tokenCreate makes an API token and shows its secret, this once: only its
// hash is stored. The page is never cached (render: no-store).
func (h *Web) tokenCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	name := r.PostFormValue("name")
	secret, t, err := h.reg.CreateToken(r.Context(), name)
	if err != nil {
		v := h.newView(r, "account")
		fe, status, ok := formProblem(v, err, "", nil)
		if !ok {
			h.fail(w, r, err)
			return
		}
		if len(name) > 200 {
			name = ""
		}
		h.renderAccount(w, r, status, accountData{Token: fe, TokenName: name})
		return
	}
	v := h.newView(r, "account")
	v.Title = v.T("web.token.created.title")
	v.Data = tokenCreatedData{Name: t.Name, Secret: secret}
	h.render(w, r, http.StatusOK, "token_created", v)
}

// tokenRevoke revokes one of the user's tokens; another user's token is
// not found.
func (h *Web) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "token")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.reg.RevokeToken(r.Context(), id); err != nil {
		h.fail(w, r, err)
		return
	}
	flash(r.Context(), "web.token.revoked_flash")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}
