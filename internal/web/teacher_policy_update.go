package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// teacherPolicyUpdate changes the intervals of teachers' qualification
// (the ministry); a value out of range comes back naming the setting.
func (h *Web) teacherPolicyUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	p := domain.TeacherPolicy{DevelopmentYears: postedNumber(r, "development_years", 0), DueSoonDays: postedNumber(r, "due_soon_days", 0),
		InternshipYears: postedNumber(r, "internship_years", 0)}
	if err := h.reg.UpdateTeacherPolicy(r.Context(), p); err != nil {
		h.renderTeacherPolicy(w, r, "policy", err)
		return
	}
	flash(r.Context(), "web.tdev.flash.policy_saved")
	http.Redirect(w, r, "/admin/teacher-policy", http.StatusSeeOther)
}
