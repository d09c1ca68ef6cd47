package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// userNew shows the form for a new user.
func (h *Web) userNew(w http.ResponseWriter, r *http.Request) {
	h.renderUserForm(w, r, http.StatusOK, userFormData{New: true})
}

// userCreate creates a user with an initial password, within the actor's
// scope (the access layer refuses anything outside it). Problems come back
// on the form, naming the field.
func (h *Web) userCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	u := domain.User{Login: r.PostFormValue("login")}
	err := h.readUserForm(ctx, r, &u)
	if err == nil {
		err = h.reg.CreateUser(ctx, &u, r.PostFormValue("password"))
	}
	if err != nil {
		fe, status, ok := formProblem(h.newView(r, "users"), err, "login", map[string]string{"password": "web.field.initial_password"})
		if !ok {
			h.fail(w, r, err)
			return
		}
		d := userFormOf(r)
		d.New, d.Errors = true, fe
		h.renderUserForm(w, r, status, d)
		return
	}
	flash(ctx, "web.user.created")
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
}
