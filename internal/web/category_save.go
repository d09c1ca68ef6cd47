package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// categoryCreate adds a qualification category to the scheme.
func (h *Web) categoryCreate(w http.ResponseWriter, r *http.Request) { h.categorySave(w, r, true) }

// categoryUpdate changes a category's rank, names or retirement.
func (h *Web) categoryUpdate(w http.ResponseWriter, r *http.Request) { h.categorySave(w, r, false) }

func (h *Web) categorySave(w http.ResponseWriter, r *http.Request, create bool) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	c := domain.QualificationCategory{Code: r.PathValue("code"), Position: postedNumber(r, "position", 0),
		Name:    domain.Names{KK: r.PostFormValue("name_kk"), RU: r.PostFormValue("name_ru"), EN: r.PostFormValue("name_en")},
		Retired: r.PostFormValue("retired") == "yes"}
	form := c.Code
	if create {
		c.Code, form = r.PostFormValue("code"), "new"
	}
	if err := h.reg.SaveQualificationCategory(r.Context(), &c, create); err != nil {
		h.renderTeacherPolicy(w, r, form, err)
		return
	}
	flash(r.Context(), "web.tdev.flash.category_saved")
	http.Redirect(w, r, "/admin/teacher-policy", http.StatusSeeOther)
}
