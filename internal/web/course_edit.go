package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// courseEdit shows the form that corrects a teacher's course, and its
// removal for a course recorded by mistake: the college's for its
// teachers, a teacher's for themself (the routes' and access's rules of
// recording one). A course of another teacher, or out of scope, is not
// found.
func (h *Web) courseEdit(w http.ResponseWriter, r *http.Request) {
	t, c, err := h.teacherCourse(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderCourseEdit(w, r, t, c, nil)
}

// teacherCourse reads the path's teacher within scope and their course.
func (h *Web) teacherCourse(r *http.Request) (domain.TeacherDevelopment, domain.Course, error) {
	teacherID, err := pathID(r, "teacher")
	if err != nil {
		return domain.TeacherDevelopment{}, domain.Course{}, err
	}
	courseID, err := pathRecordID(r, "course", "course")
	if err != nil {
		return domain.TeacherDevelopment{}, domain.Course{}, err
	}
	t, err := h.reg.TeacherDevelopment(r.Context(), teacherID)
	if err != nil {
		return t, domain.Course{}, err
	}
	for _, c := range t.Courses {
		if c.ID == courseID {
			return t, c, nil
		}
	}
	return t, domain.Course{}, domain.NotFound("course")
}

// courseURL is the correction page of a teacher's course.
func courseURL(teacherID, courseID int64) string {
	return "/teachers/" + idString(teacherID) + "/courses/" + idString(courseID)
}

// renderCourseEdit shows the correction of t's course c; err is a save's
// problem.
func (h *Web) renderCourseEdit(w http.ResponseWriter, r *http.Request, t domain.TeacherDevelopment, c domain.Course, err error) {
	v := h.newView(r, "teachers_dev")
	f := courseForm(v, courseURL(t.TeacherID, c.ID), c)
	f.Title, f.Submit = v.T("web.redit.edit_course"), v.T("web.redit.save")
	h.renderRecordForm(w, r, v, recordFormData{Form: f, BackURL: teacherURL(t.TeacherID), BackLabel: t.Name.Full(),
		Remove: &removal{URL: courseURL(t.TeacherID, c.ID) + "/delete", Title: v.T("web.redit.remove_course"),
			Question: v.T("web.redit.remove_course_question", "course", c.Course)}}, err)
}

// courseForm is the form of a course posting to action, filled with c
// (zero for a new one).
func courseForm(v *view, action string, c domain.Course) xform {
	hours := ""
	if c.Hours != 0 {
		hours = strconv.Itoa(c.Hours)
	}
	return xform{ID: "course-form", Action: action, Submit: v.T("web.tdev.save_course"), Title: v.T("web.tdev.new_course"),
		Fields: []xfield{
			{Name: "course", Label: v.T("web.tdev.field.course"), Type: "text", Value: c.Course, Max: 300, Required: true},
			{Name: "provider", Label: v.T("web.tdev.field.provider"), Type: "text", Value: c.Provider, Max: 200, Required: true,
				Hint: v.T("web.tdev.provider_hint")},
			{Name: "hours", Label: v.T("web.tdev.field.hours"), Type: "number", Value: hours, Max: domain.MaxCourseHours, Required: true},
			{Name: "certificate", Label: v.T("web.tdev.field.certificate"), Type: "text", Value: c.Certificate, Max: 100, Required: true},
			{Name: "starts_on", Label: v.T("web.tdev.field.starts_on"), Type: "date", Value: dateValue(c.StartsOn), Required: true},
			{Name: "ends_on", Label: v.T("web.tdev.field.ends_on"), Type: "date", Value: dateValue(c.EndsOn), Required: true},
		}}
}

// readCourseForm reads a course of teacherID as the form posts it.
func readCourseForm(r *http.Request, teacherID int64) domain.Course {
	return domain.Course{TeacherID: teacherID, Course: r.PostFormValue("course"), Provider: r.PostFormValue("provider"),
		Hours: postedNumber(r, "hours", 0), Certificate: r.PostFormValue("certificate"),
		StartsOn: postedDate(r, "starts_on"), EndsOn: postedDate(r, "ends_on")}
}
