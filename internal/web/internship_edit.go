package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// internshipEdit shows the form that corrects a teacher's industry
// internship, and its removal for one recorded by mistake, under the
// rules of recording one; an internship of another teacher, or out of
// scope, is not found.
func (h *Web) internshipEdit(w http.ResponseWriter, r *http.Request) {
	t, in, err := h.teacherInternship(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderInternshipEdit(w, r, t, in, nil)
}

// teacherInternship reads the path's teacher within scope and their
// internship.
func (h *Web) teacherInternship(r *http.Request) (domain.TeacherDevelopment, domain.Internship, error) {
	teacherID, err := pathID(r, "teacher")
	if err != nil {
		return domain.TeacherDevelopment{}, domain.Internship{}, err
	}
	id, err := pathRecordID(r, "internship", "internship")
	if err != nil {
		return domain.TeacherDevelopment{}, domain.Internship{}, err
	}
	t, err := h.reg.TeacherDevelopment(r.Context(), teacherID)
	if err != nil {
		return t, domain.Internship{}, err
	}
	for _, in := range t.Internships {
		if in.ID == id {
			return t, in, nil
		}
	}
	return t, domain.Internship{}, domain.NotFound("internship")
}

// internshipURL is the correction page of a teacher's internship.
func internshipURL(teacherID, id int64) string {
	return "/teachers/" + idString(teacherID) + "/internships/" + idString(id)
}

// renderInternshipEdit shows the correction of t's internship in; err is
// a save's problem.
func (h *Web) renderInternshipEdit(w http.ResponseWriter, r *http.Request, t domain.TeacherDevelopment, in domain.Internship, err error) {
	e, eerr := h.reg.Enterprise(r.Context(), in.EnterpriseID)
	if eerr != nil {
		h.fail(w, r, eerr)
		return
	}
	v := h.newView(r, "teachers_dev")
	f := internshipForm(v, internshipURL(t.TeacherID, in.ID), in, e.BIN)
	f.Title, f.Submit = v.T("web.redit.edit_internship"), v.T("web.redit.save")
	h.renderRecordForm(w, r, v, recordFormData{Form: f, BackURL: teacherURL(t.TeacherID), BackLabel: t.Name.Full(),
		Remove: &removal{URL: internshipURL(t.TeacherID, in.ID) + "/delete", Title: v.T("web.redit.remove_internship"),
			Question: v.T("web.redit.remove_internship_question", "enterprise", in.Enterprise.In(v.Lang))}}, err)
}

// internshipForm is the form of an internship posting to action, filled
// with in and its enterprise's BIN (zero and "" for a new one).
func internshipForm(v *view, action string, in domain.Internship, bin string) xform {
	hours := ""
	if in.Hours != 0 {
		hours = strconv.Itoa(in.Hours)
	}
	return xform{ID: "internship-form", Action: action, Submit: v.T("web.tdev.save_internship"), Title: v.T("web.tdev.new_internship"),
		Fields: []xfield{
			{Name: "enterprise_bin", Label: v.T("web.tdev.field.enterprise_bin"), Type: "text", Value: bin, Max: 12, Required: true,
				Hint: v.T("web.tdev.bin_hint")},
			{Name: "hours", Label: v.T("web.tdev.field.hours"), Type: "number", Value: hours, Max: domain.MaxCourseHours, Required: true},
			{Name: "starts_on", Label: v.T("web.tdev.field.starts_on"), Type: "date", Value: dateValue(in.StartsOn), Required: true},
			{Name: "ends_on", Label: v.T("web.tdev.field.ends_on"), Type: "date", Value: dateValue(in.EndsOn), Required: true},
			{Name: "note", Label: v.T("web.tdev.field.note"), Type: "textarea", Value: in.Note, Max: 1000},
		}}
}

// readInternshipForm reads an internship of teacherID as the form posts
// it, the enterprise found by its BIN; EINVALID names the BIN of no
// enterprise.
func (h *Web) readInternshipForm(r *http.Request, teacherID int64) (domain.Internship, error) {
	in := domain.Internship{TeacherID: teacherID, Hours: postedNumber(r, "hours", 0), StartsOn: postedDate(r, "starts_on"),
		EndsOn: postedDate(r, "ends_on"), Note: r.PostFormValue("note")}
	var err error
	in.EnterpriseID, err = h.enterpriseByBIN(r.Context(), r.PostFormValue("enterprise_bin"))
	return in, err
}
