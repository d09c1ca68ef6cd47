package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

type courseRow struct{ Course, Provider, Hours, Certificate, Period, EditURL string }

// internshipRow is an internship on a teacher's page or in the list;
// EditURL is its correction page, for those who may record one.
type internshipRow struct{ Enterprise, Hours, Period, Note, Teacher, College, EditURL string }

type teacherDevShowData struct {
	Name, Position, College, Category, Subjects string
	Hired, Developed, DueOn, State, StateClass  string
	Courses                                     []courseRow
	Internships                                 []internshipRow
	Profile, Course, Internship                 *xform
}

// teacherDevShow is one teacher's qualification: category, subjects, the
// due date of professional development, the courses and the industry
// internships, with the college's forms to record them (a teacher
// records their own courses and internships).
func (h *Web) teacherDevShow(w http.ResponseWriter, r *http.Request) {
	h.renderTeacherDev(w, r, "", nil)
}

// renderTeacherDev shows the page; form names the form err (a save's
// problem) belongs to, shown there with what was typed.
func (h *Web) renderTeacherDev(w http.ResponseWriter, r *http.Request, form string, err error) {
	ctx := r.Context()
	id, perr := pathID(r, "teacher")
	if perr != nil {
		h.fail(w, r, perr)
		return
	}
	t, derr := h.reg.TeacherDevelopment(ctx, id)
	if derr != nil {
		h.fail(w, r, derr)
		return
	}
	v := h.newView(r, "teachers_dev")
	d := teacherDevShowData{Name: t.Name.Full(), Position: v.T("web.tdev.position." + t.Position), College: t.College.In(v.Lang),
		Category: t.CategoryName.In(v.Lang), Subjects: strings.Join(t.Subjects, ", "), Hired: v.Date(t.HiredOn),
		Developed: v.Date(t.DevelopedOn), DueOn: v.Date(t.DueOn), State: v.T("web.tdev.state." + string(t.State)), StateClass: developmentBadge(t.State)}
	if t.Category == "" {
		d.Category = v.T("web.tdev.no_category")
	}
	for _, c := range t.Courses {
		d.Courses = append(d.Courses, courseRow{Course: c.Course, Provider: c.Provider, Hours: v.Number(c.Hours), Certificate: c.Certificate,
			Period: v.Date(c.StartsOn) + " – " + v.Date(c.EndsOn)})
	}
	for _, i := range t.Internships {
		d.Internships = append(d.Internships, internshipRow{Enterprise: i.Enterprise.In(v.Lang), Hours: v.Number(i.Hours),
			Period: v.Date(i.StartsOn) + " – " + v.Date(i.EndsOn), Note: i.Note})
	}
	base := "/teachers/" + idString(t.TeacherID)
	u := v.User
	if v.Can(string(auth.WriteTeacherDevelopment)) && u != nil && u.CollegeID == t.CollegeID {
		if v.Can(string(auth.AssignCategory)) {
			cats, cerr := h.reg.QualificationCategories(ctx)
			if cerr != nil {
				h.fail(w, r, cerr)
				return
			}
			var opts []option
			for _, c := range cats {
				if !c.Retired || c.Code == t.Category {
					opts = append(opts, option{Value: c.Code, Label: c.Name.In(v.Lang), Selected: c.Code == t.Category})
				}
			}
			d.Profile = &xform{ID: "profile-form", Action: base + "/profile", Submit: v.T("web.tdev.save_profile"), Title: v.T("web.tdev.profile_title"),
				Fields: []xfield{
					{Name: "category", Label: v.T("web.tdev.field.category"), Type: "select", Options: opts, Any: v.T("web.tdev.no_category")},
					{Name: "subjects", Label: v.T("web.tdev.field.subjects"), Type: "textarea", Value: strings.Join(t.Subjects, "\n"),
						Max: 2100, Hint: v.T("web.tdev.subjects_hint", "max", v.Number(domain.MaxSubjects))},
				}}
		}
		course := courseForm(v, base+"/courses", domain.Course{})
		internship := internshipForm(v, base+"/internships", domain.Internship{}, "")
		d.Course, d.Internship = &course, &internship
		for i, c := range t.Courses {
			d.Courses[i].EditURL = courseURL(t.TeacherID, c.ID) + "/edit"
		}
		for i, in := range t.Internships {
			d.Internships[i].EditURL = internshipURL(t.TeacherID, in.ID) + "/edit"
		}
	}
	status := http.StatusOK
	if err != nil {
		var target *xform
		switch form {
		case "profile":
			target = d.Profile
		case "course":
			target = d.Course
		case "internship":
			target = d.Internship
		}
		if target == nil {
			h.fail(w, r, err)
			return
		}
		target.keep(r)
		var ok bool
		if status, ok = target.problem(v, err); !ok {
			h.fail(w, r, err)
			return
		}
	}
	v.Title = t.Name.Full()
	v.Data = d
	h.render(w, r, status, "teacher_dev_show", v)
}

// postedSubjects reads the subjects, one a line (or separated by ";").
func postedSubjects(r *http.Request) []string {
	return strings.FieldsFunc(r.PostFormValue("subjects"), func(c rune) bool { return c == '\n' || c == ';' })
}

// teacherURL is a teacher's qualification page.
func teacherURL(id int64) string { return "/teachers/" + strconv.FormatInt(id, 10) + "/development" }
