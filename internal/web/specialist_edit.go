package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// specialistEdit shows the form that corrects a foreign specialist of the
// reader's college (the role, the position, the end of the engagement);
// another college's specialist is not found.
func (h *Web) specialistEdit(w http.ResponseWriter, r *http.Request) {
	s, err := h.ownSpecialist(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderSpecialistEdit(w, r, s, nil)
}

// ownSpecialist reads the path's specialist when it is the reader's
// college's; ENOTFOUND otherwise.
func (h *Web) ownSpecialist(r *http.Request) (domain.ForeignSpecialist, error) {
	id, err := pathID(r, "foreign_specialist")
	if err != nil {
		return domain.ForeignSpecialist{}, err
	}
	s, err := h.reg.ForeignSpecialist(r.Context(), id)
	if err != nil {
		return s, err
	}
	if u := domain.ActorFrom(r.Context()).User; u == nil || u.CollegeID != s.CollegeID {
		return domain.ForeignSpecialist{}, domain.NotFound("foreign_specialist")
	}
	return s, nil
}

// renderSpecialistEdit shows the correction of s; err is a save's problem.
func (h *Web) renderSpecialistEdit(w http.ResponseWriter, r *http.Request, s domain.ForeignSpecialist, err error) {
	v := h.newView(r, "international")
	h.renderRecordForm(w, r, v, recordFormData{Form: specialistForm(v, s), BackURL: "/international/specialists",
		BackLabel: v.T("web.intl.specialists_title")}, err)
}

// specialistForm is the form of a foreign specialist, filled with s (zero
// for a new one).
func specialistForm(v *view, s domain.ForeignSpecialist) xform {
	f := xform{ID: "specialist-form", Action: "/international/specialists", Submit: v.T("web.intl.save_specialist"),
		Title: v.T("web.intl.new_specialist")}
	if s.ID != 0 {
		f.Action, f.Title, f.Submit = "/international/specialists/"+idString(s.ID), v.T("web.redit.edit_specialist"), v.T("web.redit.save")
	}
	f.Fields = []xfield{
		{Name: "full_name", Label: v.T("web.intl.field.full_name"), Type: "text", Value: s.FullName, Max: 200, Required: true},
		{Name: "country", Label: v.T("web.intl.field.citizenship"), Type: "select", Required: true, Any: v.T("web.intl.choose"),
			Options: countryOptions(v, s.Country)},
		{Name: "role", Label: v.T("web.intl.field.role"), Type: "select", Required: true, Any: v.T("web.intl.choose"),
			Options: choices(v, "web.intl.role.", enumValues(domain.SpecialistRoles), string(s.Role))},
		{Name: "position", Label: v.T("web.intl.field.position"), Type: "text", Value: s.Position, Max: 200},
		{Name: "starts_on", Label: v.T("web.intl.field.starts_on"), Type: "date", Value: dateValue(s.StartsOn), Required: true},
		{Name: "ends_on", Label: v.T("web.intl.field.ends_on"), Type: "date", Value: dateValue(s.EndsOn), Hint: v.T("web.intl.ends_hint")},
	}
	return f
}

// readSpecialistForm reads a specialist as the form posts it.
func readSpecialistForm(r *http.Request) domain.ForeignSpecialist {
	return domain.ForeignSpecialist{FullName: r.PostFormValue("full_name"), Country: r.PostFormValue("country"),
		Role: domain.SpecialistRole(r.PostFormValue("role")), Position: r.PostFormValue("position"),
		StartsOn: postedDate(r, "starts_on"), EndsOn: postedDate(r, "ends_on")}
}
