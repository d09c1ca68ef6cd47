package domain

import (
	"context"
	"strings"
	"time"
)

// Funding of a student's seat.
const (
	FundingState    = "state"    // state educational order
	FundingPaid     = "paid"     // tuition paid by the student or family
	FundingTargeted = "targeted" // targeted training ordered by an employer
)

// Student statuses.
const (
	StatusStudying      = "studying"
	StatusAcademicLeave = "academic_leave"
	StatusGraduated     = "graduated"
	StatusExpelled      = "expelled"
)

// PersonName is a person's full name as written in the identity document.
type PersonName struct {
	Last   string `json:"last_name"`
	First  string `json:"first_name"`
	Middle string `json:"middle_name,omitempty"` // patronymic; not everyone has one
}

// Full returns "Last First Middle".
func (n PersonName) Full() string {
	return strings.TrimSpace(n.Last + " " + n.First + " " + n.Middle)
}

func (n *PersonName) validate() error {
	n.Last, n.First, n.Middle = strings.TrimSpace(n.Last), strings.TrimSpace(n.First), strings.TrimSpace(n.Middle)
	if n.Last == "" {
		return Invalid("last_name", "error.person.last_name", "last name is required")
	}
	if n.First == "" {
		return Invalid("first_name", "error.person.first_name", "first name is required")
	}
	return nil
}

// validateIdentity checks the IIN and makes birth date and sex agree with it:
// when they are empty they are taken from the IIN.
func validateIdentity(iin string, birth *time.Time, sex *Sex) error {
	id, err := ParseIIN("iin", iin)
	if err != nil {
		return err
	}
	if birth.IsZero() {
		*birth = id.BirthDate
	} else if !birth.Equal(id.BirthDate) {
		return Invalid("birth_date", "error.person.birth_date_iin", "birth date does not match the IIN")
	}
	if *sex == "" {
		*sex = id.Sex
	} else if *sex != id.Sex {
		return Invalid("sex", "error.person.sex_iin", "sex does not match the IIN")
	}
	return nil
}

// Student is a learner of a college.
type Student struct {
	ID           int64      `json:"id"`
	IIN          string     `json:"iin"`
	Name         PersonName `json:"name"`
	BirthDate    time.Time  `json:"birth_date"`
	Sex          Sex        `json:"sex"`
	CollegeID    int64      `json:"college_id"`
	GroupID      int64      `json:"group_id"`
	ProgrammeID  int64      `json:"programme_id"`
	Funding      string     `json:"funding"`
	SeatSource   SeatSource `json:"seat_source,omitempty"` // who pays a state-funded seat, if on record (seats.go)
	Status       string     `json:"status"`
	Phone        string     `json:"phone,omitempty"`
	EnrolledOn   time.Time  `json:"enrolled_on"`
	EnterpriseID int64      `json:"enterprise_id,omitempty"` // where the student trains now (dual), 0 if nowhere
	MentorID     int64      `json:"mentor_id,omitempty"`     // the mentor named in the live agreement, 0 if none
	MentorUserID int64      `json:"-"`                       // that mentor's user account, for scope checks
	// AcademicAverage is the student's average mark on a 0–100 scale, 0
	// when unknown; allocation rounds weigh it in enterprises' priorities.
	AcademicAverage int `json:"academic_average"`

	// Read-only, joined for display.
	College       Names  `json:"college_name"`
	GroupCode     string `json:"group_code"`
	Specialty     Names  `json:"specialty_name"`
	Qualification Names  `json:"qualification_name"`
	Enterprise    Names  `json:"enterprise_name"`
	Dual          bool   `json:"dual"`
	// Masked is set when the reader may not see personal data: IIN then
	// holds the masked number, Phone is empty and BirthDate is 1 January of
	// the birth year.
	Masked bool `json:"-"`
}

// Validate checks the student's identity, names and enrolment. Consistency
// with the stored group and programme is checked by the store.
func (s *Student) Validate() error {
	s.IIN = strings.TrimSpace(s.IIN)
	if err := validateIdentity(s.IIN, &s.BirthDate, &s.Sex); err != nil {
		return err
	}
	if err := s.Name.validate(); err != nil {
		return err
	}
	if s.CollegeID <= 0 {
		return Invalid("college_id", "error.college.required", "college is required")
	}
	if s.GroupID <= 0 {
		return Invalid("group_id", "error.group.required", "group is required")
	}
	if s.ProgrammeID <= 0 {
		return Invalid("programme_id", "error.programme.required", "programme is required")
	}
	switch s.Funding {
	case FundingState, FundingPaid, FundingTargeted:
	default:
		return Invalid("funding", "error.funding", "funding must be state, paid or targeted")
	}
	switch {
	case s.SeatSource != "" && !s.SeatSource.Valid():
		return Invalid("seat_source", "error.seats.source", "unknown source of funding")
	case s.SeatSource != "" && s.Funding != FundingState:
		return Invalid("seat_source", "error.seats.source_state_only", "only a state-funded seat has a source of funding")
	}
	switch s.Status {
	case StatusStudying, StatusAcademicLeave, StatusGraduated, StatusExpelled:
	default:
		return Invalid("status", "error.student.status", "unknown student status")
	}
	if s.EnrolledOn.IsZero() {
		return Invalid("enrolled_on", "error.student.enrolled_on", "enrolment date is required")
	}
	if s.EnrolledOn.Before(s.BirthDate) {
		return Invalid("enrolled_on", "error.student.enrolled_before_birth", "enrolment date is before the birth date")
	}
	if s.AcademicAverage < 0 || s.AcademicAverage > 100 {
		return Invalid("academic_average", "error.student.academic_average", "the academic average must be from 0 to 100").
			With("min", "0").With("max", "100")
	}
	return nil
}

// Teacher is a teacher or supervisor of a college.
type Teacher struct {
	ID        int64      `json:"id"`
	IIN       string     `json:"iin"`
	Name      PersonName `json:"name"`
	BirthDate time.Time  `json:"birth_date"`
	Sex       Sex        `json:"sex"`
	CollegeID int64      `json:"college_id"`
	Position  string     `json:"position"` // teacher, master of industrial training, …
	Phone     string     `json:"phone,omitempty"`
	HiredOn   time.Time  `json:"hired_on"`

	College Names `json:"college_name"` // read-only
	// Masked: as for Student.
	Masked bool `json:"-"`
}

// Teacher positions.
const (
	PositionTeacher = "teacher"
	PositionMaster  = "master" // master of industrial training
	PositionHead    = "head_of_department"
)

// Validate checks the teacher.
func (t *Teacher) Validate() error {
	t.IIN = strings.TrimSpace(t.IIN)
	if err := validateIdentity(t.IIN, &t.BirthDate, &t.Sex); err != nil {
		return err
	}
	if err := t.Name.validate(); err != nil {
		return err
	}
	if t.CollegeID <= 0 {
		return Invalid("college_id", "error.college.required", "college is required")
	}
	switch t.Position {
	case PositionTeacher, PositionMaster, PositionHead:
	default:
		return Invalid("position", "error.teacher.position", "unknown position")
	}
	return nil
}

// StudentFilter selects students for a list.
type StudentFilter struct {
	Query     string // the start of "last first middle", or a whole IIN
	RegionID  int
	CollegeID int64
	GroupID   int64
	// Qualification is a specialty code (8 digits) or a qualification code
	// (3W…/4S…); it matches the student's programme.
	Qualification string
	Funding       string
	Status        string
	Dual          *bool
	EnterpriseID  int64
	// Scopes set by the access layer, not by users' filters.
	CuratorID int64  // students of the groups a teacher supervises
	MentorID  int64  // a mentor's trainees (the mentor's user ID)
	StudentID int64  // one student
	Sort      string // name, -name
	Page      Page
}

// Validate checks the filter and fills in defaults.
func (f *StudentFilter) Validate() error {
	if q := f.Qualification; q != "" && !IsSpecialtyCode(q) && !IsQualificationCode(q) {
		return Invalid("qualification", "error.qualification.filter", "qualification must be a specialty or qualification code")
	}
	switch f.Funding {
	case "", FundingState, FundingPaid, FundingTargeted:
	default:
		return Invalid("funding", "error.funding", "funding must be state, paid or targeted")
	}
	switch f.Status {
	case "", StatusStudying, StatusAcademicLeave, StatusGraduated, StatusExpelled:
	default:
		return Invalid("status", "error.student.status", "unknown student status")
	}
	if err := ValidateSort(&f.Sort, SortName, SortNameDesc); err != nil {
		return err
	}
	return f.Page.Normalize()
}

// TeacherFilter selects teachers for a list.
type TeacherFilter struct {
	Query     string
	RegionID  int
	CollegeID int64
	Sort      string
	Page      Page
}

// Validate checks the filter and fills in defaults.
func (f *TeacherFilter) Validate() error {
	if err := ValidateSort(&f.Sort, SortName, SortNameDesc); err != nil {
		return err
	}
	return f.Page.Normalize()
}

// PersonService stores students and teachers.
type PersonService interface {
	// Students returns a page of students; EINVALID for a bad filter.
	Students(ctx context.Context, f StudentFilter) (List[Student], error)
	// Student returns one student; ENOTFOUND if there is none.
	Student(ctx context.Context, id int64) (Student, error)
	// CreateStudent validates and stores a student; EINVALID for bad input
	// or a group of another college or programme, ECONFLICT for an IIN
	// already registered.
	CreateStudent(ctx context.Context, s *Student) error
	// Teachers returns a page of teachers; EINVALID for a bad filter.
	Teachers(ctx context.Context, f TeacherFilter) (List[Teacher], error)
	// Teacher returns one teacher; ENOTFOUND if there is none.
	Teacher(ctx context.Context, id int64) (Teacher, error)
	// CreateTeacher validates and stores a teacher; ECONFLICT for an IIN
	// already registered.
	CreateTeacher(ctx context.Context, t *Teacher) error
}
