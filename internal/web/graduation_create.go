package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// graduationCreate marks a group of the coordinator's college graduated on
// the day given: its studying students become graduates, from whose day
// the points of their employment count. A problem the coordinator can fix
// (no day, a day to come, a group with nobody studying) brings the report
// back with the form saying so.
func (h *Web) graduationCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	v := h.newView(r, "employment")
	groupID, err := formID(r, "group_id")
	if err == nil && groupID == 0 {
		err = domain.Invalid("group_id", "error.group.required", "group is required")
	}
	var g domain.Graduation
	if err == nil {
		g, err = h.reg.GraduateGroup(r.Context(), groupID, postedDate(r, "graduated_on"))
	}
	if err != nil {
		fe, status, ok := formProblem(v, err, "", map[string]string{"group_id": "web.field.group", "graduated_on": "web.employment.graduated_on"})
		if !ok {
			h.fail(w, r, err)
			return
		}
		h.employmentPage(w, r, &graduateForm{Date: postedText(r, "graduated_on", 10), Errors: fe}, status)
		return
	}
	flash(r.Context(), "web.employment.flash.graduated")
	http.Redirect(w, r, "/employment/graduates?cohort="+strconv.Itoa(g.GraduatedOn.Year()), http.StatusSeeOther)
}
