package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// userEdit shows a managed user's form and the password reset. A user out
// of the actor's scope is not found; one's own account is edited on the
// account page.
func (h *Web) userEdit(w http.ResponseWriter, r *http.Request) {
	u, ok := h.managedUser(w, r)
	if !ok {
		return
	}
	h.renderUserForm(w, r, http.StatusOK, userFormFrom(u))
}

// userUpdate changes a managed user's name, role, scope, expiry and
// disabled flag. The change takes effect at the user's next request: the
// session reloads the user every time.
func (h *Web) userUpdate(w http.ResponseWriter, r *http.Request) {
	u, ok := h.managedUser(w, r)
	if !ok {
		return
	}
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	err := h.readUserForm(ctx, r, &u)
	if err == nil {
		u.Disabled = r.PostFormValue("disabled") != ""
		err = h.reg.UpdateUser(ctx, &u)
	}
	if err != nil {
		fe, status, ok := formProblem(h.newView(r, "users"), err, "", nil)
		if !ok {
			h.fail(w, r, err)
			return
		}
		d := userFormOf(r)
		d.ID, d.Login, d.Errors = u.ID, u.Login, fe
		h.renderUserForm(w, r, status, d)
		return
	}
	flash(ctx, "web.user.saved")
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
}

// managedUser loads the user of the path, answering the request itself
// (ok false) when there is none in scope, or when it is the actor's own
// account, which lives at /account.
func (h *Web) managedUser(w http.ResponseWriter, r *http.Request) (domain.User, bool) {
	u, ok := pathRecord(h, w, r, "user", h.reg.User)
	if !ok {
		return u, false
	}
	if me := domain.ActorFrom(r.Context()).User; me != nil && me.ID == u.ID {
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return domain.User{}, false
	}
	return u, true
}
