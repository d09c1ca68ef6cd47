package api

import (
	"net/http"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// student is a learner. Every reader gets the IIN masked to its last four
// digits and the birth year; a reader whose role and scope allow personal
// data (the access layer decides, see domain.Student.Masked) also gets the
// full IIN, phone and birth date. The masked fields stay in both cases, so
// a client has one shape to read whoever calls.
type student struct {
	ID                int64      `json:"id"`
	IINMasked         string     `json:"iin_masked"`
	Name              personName `json:"name"`
	BirthYear         int        `json:"birth_year"`
	Sex               string     `json:"sex"`
	CollegeID         int64      `json:"college_id"`
	CollegeName       names      `json:"college_name"`
	GroupID           int64      `json:"group_id"`
	GroupCode         string     `json:"group_code"`
	ProgrammeID       int64      `json:"programme_id"`
	SpecialtyName     names      `json:"specialty_name"`
	QualificationName *names     `json:"qualification_name"`
	Dual              bool       `json:"dual"`
	Funding           string     `json:"funding"`
	Status            string     `json:"status"`
	EnrolledOn        string     `json:"enrolled_on"`
	EnterpriseID      *int64     `json:"enterprise_id"` // null unless training at an enterprise now
	EnterpriseName    *names     `json:"enterprise_name"`
	personal                     // iin, phone and birth_date, for readers allowed them
}

// studentOf converts a student for the API; allowed says whether the
// caller's role may see personal data at all.
func studentOf(s domain.Student, allowed bool) student {
	out := student{ID: s.ID, IINMasked: maskedIIN(s.IIN, s.Masked), Name: personNameOf(s.Name),
		BirthYear: s.BirthDate.Year(), Sex: string(s.Sex),
		CollegeID: s.CollegeID, CollegeName: namesOf(s.College), GroupID: s.GroupID, GroupCode: s.GroupCode,
		ProgrammeID: s.ProgrammeID, SpecialtyName: namesOf(s.Specialty), QualificationName: optionalNames(s.Qualification),
		Dual: s.Dual, Funding: s.Funding, Status: s.Status, EnrolledOn: s.EnrolledOn.Format(time.DateOnly),
		EnterpriseID: optionalID(s.EnterpriseID), personal: personalOf(allowed, s.Masked, s.IIN, s.Phone, s.BirthDate)}
	if s.EnterpriseID != 0 {
		out.EnterpriseName = optionalNames(s.Enterprise)
	}
	return out
}

// listStudents answers GET /api/v1/students: a page of students by name.
func (a *API) listStudents(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.StudentFilter{
		Query:         q.personSearch(r, "q", auth.ReadStudentPersonal),
		RegionID:      q.regionID("region_id"),
		CollegeID:     q.id("college_id"),
		GroupID:       q.id("group_id"),
		Qualification: q.word("qualification"),
		Funding:       q.word("funding"),
		Status:        q.word("status"),
		Dual:          q.boolean("dual"),
		EnterpriseID:  q.id("enterprise_id"),
		Sort:          q.word("sort"),
		Page:          q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Students(r.Context(), f)
	if err != nil {
		return err
	}
	allowed := mayReadPersonal(r, auth.ReadStudentPersonal)
	writePage(w, r, list, func(s domain.Student) student { return studentOf(s, allowed) })
	return nil
}

// getStudent answers GET /api/v1/students/{id}.
func (a *API) getStudent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "student")
	if err != nil {
		return err
	}
	s, err := a.reg.Student(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, studentOf(s, mayReadPersonal(r, auth.ReadStudentPersonal)))
	return nil
}
