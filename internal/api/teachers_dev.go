package api

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Teachers' qualification (issue 10): the standings with due dates, one
// teacher's courses and internships, the records a college (or the
// teacher) writes, the internships at an enterprise, and the figures.

// standing is a teacher's qualification and where professional
// development stands today (current, due_soon, overdue).
type standing struct {
	TeacherID    int64    `json:"teacher_id"`
	Name         string   `json:"name"`
	Position     string   `json:"position"`
	CollegeID    int64    `json:"college_id"`
	CollegeName  names    `json:"college_name"`
	Category     *string  `json:"category"` // the code; null without one
	CategoryName *names   `json:"category_name"`
	Subjects     []string `json:"subjects"`
	DevelopedOn  *string  `json:"developed_on"`  // the end of the latest course
	InternshipOn *string  `json:"internship_on"` // the end of the latest internship
	DueOn        string   `json:"due_on"`
	State        string   `json:"state"`
}

func standingOf(s domain.TeacherStanding) standing {
	out := standing{TeacherID: s.TeacherID, Name: s.Name.Full(), Position: s.Position, CollegeID: s.CollegeID, CollegeName: namesOf(s.College),
		Category: optionalString(s.Category), Subjects: s.Subjects, DevelopedOn: optionalDate(s.DevelopedOn),
		InternshipOn: optionalDate(s.InternshipOn), DueOn: dateOf(s.DueOn), State: string(s.State)}
	if s.Category != "" {
		n := namesOf(s.CategoryName)
		out.CategoryName = &n
	}
	if out.Subjects == nil {
		out.Subjects = []string{}
	}
	return out
}

type course struct {
	ID          int64  `json:"id"`
	TeacherID   int64  `json:"teacher_id"`
	Course      string `json:"course"`
	Provider    string `json:"provider"`
	Hours       int    `json:"hours"`
	Certificate string `json:"certificate"`
	StartsOn    string `json:"starts_on"`
	EndsOn      string `json:"ends_on"`
}

func courseOf(c domain.Course) course {
	return course{ID: c.ID, TeacherID: c.TeacherID, Course: c.Course, Provider: c.Provider, Hours: c.Hours, Certificate: c.Certificate,
		StartsOn: dateOf(c.StartsOn), EndsOn: dateOf(c.EndsOn)}
}

type internship struct {
	ID             int64  `json:"id"`
	TeacherID      int64  `json:"teacher_id"`
	TeacherName    string `json:"teacher_name"`
	CollegeID      int64  `json:"college_id"`
	EnterpriseID   int64  `json:"enterprise_id"`
	EnterpriseName names  `json:"enterprise_name"`
	Hours          int    `json:"hours"`
	StartsOn       string `json:"starts_on"`
	EndsOn         string `json:"ends_on"`
	Note           string `json:"note"`
}

func internshipOf(i domain.Internship) internship {
	return internship{ID: i.ID, TeacherID: i.TeacherID, TeacherName: i.Teacher.Full(), CollegeID: i.CollegeID, EnterpriseID: i.EnterpriseID,
		EnterpriseName: namesOf(i.Enterprise), Hours: i.Hours, StartsOn: dateOf(i.StartsOn), EndsOn: dateOf(i.EndsOn), Note: i.Note}
}

// teacherDevelopment is one teacher's standing with the records.
type teacherDevelopment struct {
	standing
	Courses     []course     `json:"courses"`
	Internships []internship `json:"internships"`
}

func teacherDevelopmentOf(d domain.TeacherDevelopment) teacherDevelopment {
	out := teacherDevelopment{standing: standingOf(d.TeacherStanding), Courses: []course{}, Internships: []internship{}}
	for _, c := range d.Courses {
		out.Courses = append(out.Courses, courseOf(c))
	}
	for _, i := range d.Internships {
		out.Internships = append(out.Internships, internshipOf(i))
	}
	return out
}

// teacherFigures are domain.TeacherFigures with the day as YYYY-MM-DD.
type teacherFigures struct {
	domain.TeacherFigures
	Day string `json:"day"`
}

func (a *API) listStandings(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.StandingFilter{Query: q.search("q"), RegionID: q.regionID("region_id"), CollegeID: q.id("college_id"),
		State: domain.DevelopmentState(q.word("state")), Category: q.word("category"), Sort: q.word("sort"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Standings(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, standingOf)
	return nil
}

func (a *API) getTeacherDevelopment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "teacher")
	if err != nil {
		return err
	}
	return a.writeTeacherDevelopment(w, r, http.StatusOK, id)
}

func (a *API) writeTeacherDevelopment(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	d, err := a.reg.TeacherDevelopment(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, r, status, teacherDevelopmentOf(d))
	return nil
}

type profileInput struct {
	Category string   `json:"category"`
	Subjects []string `json:"subjects"`
}

func (a *API) updateTeacherProfile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "teacher")
	if err != nil {
		return err
	}
	var in profileInput
	if err := readBody(r, &in); err != nil {
		return err
	}
	if err := a.reg.SaveTeacherProfile(r.Context(), &domain.TeacherProfile{TeacherID: id, Category: in.Category, Subjects: in.Subjects}); err != nil {
		return err
	}
	return a.writeTeacherDevelopment(w, r, http.StatusOK, id)
}

type courseInput struct {
	Course      string `json:"course"`
	Provider    string `json:"provider"`
	Hours       int    `json:"hours"`
	Certificate string `json:"certificate"`
	StartsOn    string `json:"starts_on"`
	EndsOn      string `json:"ends_on"`
}

func (a *API) createCourse(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "teacher")
	if err != nil {
		return err
	}
	var in courseInput
	if err := readBody(r, &in, "course", "provider", "hours", "certificate", "starts_on", "ends_on"); err != nil {
		return err
	}
	starts, err1 := bodyDate("starts_on", in.StartsOn)
	ends, err2 := bodyDate("ends_on", in.EndsOn)
	if err := firstError(err1, err2); err != nil {
		return err
	}
	c := domain.Course{TeacherID: id, Course: in.Course, Provider: in.Provider, Hours: in.Hours, Certificate: in.Certificate,
		StartsOn: starts, EndsOn: ends}
	if err := a.reg.RecordCourse(r.Context(), &c); err != nil {
		return err
	}
	writeCreated(w, r, "/teachers/"+strconv.FormatInt(id, 10)+"/development", courseOf(c))
	return nil
}

type internshipInput struct {
	EnterpriseID int64  `json:"enterprise_id"`
	Hours        int    `json:"hours"`
	StartsOn     string `json:"starts_on"`
	EndsOn       string `json:"ends_on"`
	Note         string `json:"note"`
}

func (a *API) createInternship(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "teacher")
	if err != nil {
		return err
	}
	var in internshipInput
	if err := readBody(r, &in, "enterprise_id", "hours", "starts_on", "ends_on"); err != nil {
		return err
	}
	starts, err1 := bodyDate("starts_on", in.StartsOn)
	ends, err2 := bodyDate("ends_on", in.EndsOn)
	if err := firstError(err1, err2); err != nil {
		return err
	}
	i := domain.Internship{TeacherID: id, EnterpriseID: in.EnterpriseID, Hours: in.Hours, StartsOn: starts, EndsOn: ends, Note: in.Note}
	if err := a.reg.RecordInternship(r.Context(), &i); err != nil {
		return err
	}
	list, err := a.reg.Internships(r.Context(), domain.InternshipFilter{TeacherID: id, Page: domain.Page{Size: domain.MaxPageSize}})
	if err != nil {
		return err
	}
	for _, stored := range list.Items {
		if stored.ID == i.ID {
			i = stored
		}
	}
	writeCreated(w, r, "/teachers/"+strconv.FormatInt(id, 10)+"/development", internshipOf(i))
	return nil
}

func (a *API) listInternships(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.InternshipFilter{RegionID: q.regionID("region_id"), CollegeID: q.id("college_id"), EnterpriseID: q.id("enterprise_id"),
		Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Internships(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, internshipOf)
	return nil
}

func (a *API) getTeacherFigures(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	sc := collegeScope(q)
	if err := q.err(); err != nil {
		return err
	}
	fig, err := a.reg.TeacherFigures(r.Context(), sc)
	if err != nil {
		return err
	}
	if fig.Regions == nil {
		fig.Regions = []domain.RegionTeacherFigure{}
	}
	writeJSON(w, r, http.StatusOK, teacherFigures{TeacherFigures: fig, Day: dateOf(fig.Day)})
	return nil
}

// teacherPolicy is the policy with the scheme of categories.
type teacherPolicy struct {
	domain.TeacherPolicy
	Categories []category `json:"categories"`
}

type category struct {
	Code     string `json:"code"`
	Position int    `json:"position"`
	Name     names  `json:"name"`
	Retired  bool   `json:"retired"`
}

func (a *API) getTeacherPolicy(w http.ResponseWriter, r *http.Request) error {
	p, err := a.reg.TeacherPolicy(r.Context())
	if err != nil {
		return err
	}
	cats, err := a.reg.QualificationCategories(r.Context())
	if err != nil {
		return err
	}
	out := teacherPolicy{TeacherPolicy: p, Categories: []category{}}
	for _, c := range cats {
		out.Categories = append(out.Categories, category{Code: c.Code, Position: c.Position, Name: namesOf(c.Name), Retired: c.Retired})
	}
	writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (a *API) updateTeacherPolicy(w http.ResponseWriter, r *http.Request) error {
	var in domain.TeacherPolicy
	if err := readBody(r, &in, "development_years", "due_soon_days", "internship_years"); err != nil {
		return err
	}
	if err := a.reg.UpdateTeacherPolicy(r.Context(), in); err != nil {
		return err
	}
	return a.getTeacherPolicy(w, r)
}
