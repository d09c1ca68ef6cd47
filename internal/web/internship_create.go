package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// internshipCreate records a completed industry internship at an
// enterprise of the registry, named by its BIN.
func (h *Web) internshipCreate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "teacher")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	in := domain.Internship{TeacherID: id, Hours: postedNumber(r, "hours", 0), StartsOn: postedDate(r, "starts_on"),
		EndsOn: postedDate(r, "ends_on"), Note: r.PostFormValue("note")}
	in.EnterpriseID, err = h.enterpriseByBIN(ctx, r.PostFormValue("enterprise_bin"))
	if err == nil {
		err = h.reg.RecordInternship(ctx, &in)
	}
	if err != nil {
		h.renderTeacherDev(w, r, "internship", err)
		return
	}
	flash(ctx, "web.tdev.flash.internship_saved")
	http.Redirect(w, r, teacherURL(id), http.StatusSeeOther)
}
