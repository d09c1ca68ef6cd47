package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// userPassword sets a new password for a managed user (who has forgotten
// theirs), checked against the same rules as one's own.
func (h *Web) userPassword(w http.ResponseWriter, r *http.Request) {
	u, ok := h.managedUser(w, r)
	if !ok {
		return
	}
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	password := r.PostFormValue("password")
	var err error
	if password != r.PostFormValue("password_confirm") {
		err = domain.Invalid("password_confirm", "error.password.mismatch", "the new passwords differ")
	} else {
		err = h.reg.ResetPassword(ctx, u.ID, password)
	}
	if err != nil {
		fe, status, ok := formProblem(h.newView(r, "users"), err, "", nil)
		if !ok {
			h.fail(w, r, err)
			return
		}
		d := userFormFrom(u)
		d.Reset = fe
		h.renderUserForm(w, r, status, d)
		return
	}
	flash(ctx, "web.user.password_reset")
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
}
