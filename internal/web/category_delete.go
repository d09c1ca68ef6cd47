package web

import (
	"net/http"
)

// categoryDelete removes a category of the scheme once its confirmation is
// submitted. A category a teacher holds is refused, the refusal naming it
// on its form: the holders keep it, and the ministry retires it instead.
func (h *Web) categoryDelete(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	code := r.PathValue("code")
	if err := h.reg.DeleteQualificationCategory(r.Context(), code); err != nil {
		h.renderTeacherPolicy(w, r, removalOf+code, err)
		return
	}
	flash(r.Context(), "web.redit.flash.category_removed")
	http.Redirect(w, r, "/admin/teacher-policy", http.StatusSeeOther)
}
