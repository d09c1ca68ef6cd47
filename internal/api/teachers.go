package api

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// teacher is a teacher or supervisor: masked IIN and birth year for every
// reader, the personal fields only for those allowed them (see student).
type teacher struct {
	ID          int64      `json:"id"`
	IINMasked   string     `json:"iin_masked"`
	Name        personName `json:"name"`
	BirthYear   int        `json:"birth_year"`
	Sex         string     `json:"sex"`
	CollegeID   int64      `json:"college_id"`
	CollegeName names      `json:"college_name"`
	Position    string     `json:"position"`
	HiredOn     *string    `json:"hired_on"` // null when not recorded
	personal               // iin, phone and birth_date, for readers allowed them
}

// teacherOf converts a teacher for the API; allowed says whether the
// caller's role may see personal data at all.
func teacherOf(t domain.Teacher, allowed bool) teacher {
	return teacher{ID: t.ID, IINMasked: maskedIIN(t.IIN, t.Masked), Name: personNameOf(t.Name),
		BirthYear: t.BirthDate.Year(), Sex: string(t.Sex), CollegeID: t.CollegeID, CollegeName: namesOf(t.College),
		Position: t.Position, HiredOn: optionalDate(t.HiredOn),
		personal: personalOf(allowed, t.Masked, t.IIN, t.Phone, t.BirthDate)}
}

// listTeachers answers GET /api/v1/teachers: a page of teachers by name.
func (a *API) listTeachers(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.TeacherFilter{
		Query:     q.personSearch(r, "q", auth.ReadTeacherPersonal),
		CollegeID: q.id("college_id"),
		Sort:      q.word("sort"),
		Page:      q.page(),
	}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Teachers(r.Context(), f)
	if err != nil {
		return err
	}
	allowed := mayReadPersonal(r, auth.ReadTeacherPersonal)
	writePage(w, r, list, func(t domain.Teacher) teacher { return teacherOf(t, allowed) })
	return nil
}

// getTeacher answers GET /api/v1/teachers/{id}.
func (a *API) getTeacher(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "teacher")
	if err != nil {
		return err
	}
	t, err := a.reg.Teacher(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, teacherOf(t, mayReadPersonal(r, auth.ReadTeacherPersonal)))
	return nil
}
