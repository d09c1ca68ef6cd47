package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// mobilityCreate records a mobility of the reader's college; a problem
// (a student of another college, a partner of another country) comes back
// on the form next to its field.
func (h *Web) mobilityCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	m := domain.Mobility{Direction: domain.MobilityDirection(r.PostFormValue("direction")), Participant: domain.Participant(r.PostFormValue("participant")),
		PersonName: r.PostFormValue("person_name"), Country: r.PostFormValue("country"), Host: r.PostFormValue("host"),
		StartsOn: postedDate(r, "starts_on"), EndsOn: postedDate(r, "ends_on"), Funding: domain.MobilityFunding(r.PostFormValue("funding")),
		Outcome: domain.MobilityOutcome(r.PostFormValue("outcome")), Note: r.PostFormValue("note")}
	var err error
	for name, id := range map[string]*int64{"student_id": &m.StudentID, "teacher_id": &m.TeacherID, "partner_id": &m.PartnerID} {
		if *id, err = formID(r, name); err != nil {
			break
		}
	}
	if err == nil {
		err = h.reg.SaveMobility(r.Context(), &m)
	}
	if err != nil {
		h.renderMobilityList(w, r, err)
		return
	}
	flash(r.Context(), "web.intl.flash.mobility_saved")
	http.Redirect(w, r, "/international/mobility", http.StatusSeeOther)
}
