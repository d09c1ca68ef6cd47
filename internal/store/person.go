package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

const studentColumns = `s.id, s.iin, s.last_name, s.first_name, s.middle_name, s.birth_date, s.sex, s.college_id, s.group_id,
	s.programme_id, s.funding, s.status, s.phone, s.enrolled_on, COALESCE(s.enterprise_id, 0),
	COALESCE(la.mentor_id, 0), COALESCE(m.user_id, 0), c.name_kk, c.name_ru, c.name_en, g.code, sp.name_kk, sp.name_ru, sp.name_en,
	COALESCE(q.name_kk, ''), COALESCE(q.name_ru, ''), COALESCE(q.name_en, ''),
	COALESCE(e.name_kk, ''), COALESCE(e.name_ru, ''), COALESCE(e.name_en, ''), p.is_dual, s.academic_average,
	COALESCE(s.seat_source, '')`

const studentFrom = ` FROM students s` + studentJoins

// studentJoins add the names shown beside a student, and the mentor of the
// student's agreement awaiting signatures or active: the partial unique
// index agreements_live_student allows at most one, so the join never
// multiplies rows.
const studentJoins = `
	JOIN colleges c ON c.id = s.college_id
	JOIN study_groups g ON g.id = s.group_id
	JOIN programmes p ON p.id = s.programme_id
	JOIN specialties sp ON sp.code = p.specialty_code
	LEFT JOIN qualifications q ON q.code = p.qualification_code
	LEFT JOIN enterprises e ON e.id = s.enterprise_id
	LEFT JOIN agreements la ON la.student_id = s.id AND la.status IN ('awaiting', 'active')
	LEFT JOIN mentors m ON m.id = la.mentor_id`

func scanStudent(r interface{ Scan(...any) error }) (domain.Student, error) {
	var s domain.Student
	err := r.Scan(&s.ID, &s.IIN, &s.Name.Last, &s.Name.First, &s.Name.Middle, timeScanner{&s.BirthDate}, &s.Sex,
		&s.CollegeID, &s.GroupID, &s.ProgrammeID, &s.Funding, &s.Status, &s.Phone, timeScanner{&s.EnrolledOn}, &s.EnterpriseID,
		&s.MentorID, &s.MentorUserID,
		&s.College.KK, &s.College.RU, &s.College.EN, &s.GroupCode, &s.Specialty.KK, &s.Specialty.RU, &s.Specialty.EN,
		&s.Qualification.KK, &s.Qualification.RU, &s.Qualification.EN,
		&s.Enterprise.KK, &s.Enterprise.RU, &s.Enterprise.EN, &s.Dual, &s.AcademicAverage, (*string)(&s.SeatSource))
	return s, err
}

var twelveDigits = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{12}$`) })

// addNameQuery matches a whole IIN exactly, or else the start of the
// normalised "last first middle" name, as an index range.
func addNameQuery(w *where, alias, query string) {
	q := domain.SearchKey(query)
	switch {
	case q == "":
	case twelveDigits().MatchString(q):
		w.add(alias+".iin = ?", q)
	default:
		w.add(alias+".search_key >= ? AND "+alias+".search_key < ?", q, prefixUpper(q))
	}
}

// Students returns a page of students.
func (s *Store) Students(ctx context.Context, f domain.StudentFilter) (domain.List[domain.Student], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.Student]{}, err
	}
	w, order := studentQuery(f)
	list := domain.List[domain.Student]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM students s`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	// The page of IDs is chosen from students alone, where the covering
	// index students_search (search_key, id, college_id, programme_id)
	// answers filter and order without reading rows; only the rows of the
	// page are then joined to the names around them.
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+studentColumns+
		` FROM (SELECT s.id, s.search_key FROM students s`+w.sql()+fmt.Sprintf(order, "s")+limit+`) page
		JOIN students s ON s.id = page.id`+studentJoins+fmt.Sprintf(order, "page"), args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanStudent)
	return list, err
}

// studentQuery is the condition of a list of students and its order, a
// format with %[1]s for the table alias it applies to; shared by Students
// and EachStudent. f must be validated.
func studentQuery(f domain.StudentFilter) (w *where, order string) {
	w = &where{}
	addNameQuery(w, "s", f.Query)
	if f.RegionID != 0 {
		w.add("s.college_id IN (SELECT id FROM colleges WHERE region_id = ?)", f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("s.college_id = ?", f.CollegeID)
	}
	if f.GroupID != 0 {
		w.add("s.group_id = ?", f.GroupID)
	}
	switch q := f.Qualification; {
	case domain.IsSpecialtyCode(q):
		w.add("s.programme_id IN (SELECT id FROM programmes WHERE specialty_code = ?)", q)
	case domain.IsQualificationCode(q):
		w.add("s.programme_id IN (SELECT id FROM programmes WHERE qualification_code = ?)", q)
	}
	if f.Funding != "" {
		w.add("s.funding = ?", f.Funding)
	}
	if f.Status != "" {
		w.add("s.status = ?", f.Status)
	}
	if f.Dual != nil {
		w.add("s.programme_id IN (SELECT id FROM programmes WHERE is_dual = ?)", *f.Dual)
	}
	if f.EnterpriseID != 0 {
		w.add("s.enterprise_id = ?", f.EnterpriseID)
	}
	if f.CuratorID != 0 {
		w.add("s.group_id IN (SELECT id FROM study_groups WHERE curator_id = ?)", f.CuratorID)
	}
	if f.MentorID != 0 {
		w.add(`s.id IN (SELECT a.student_id FROM mentors m JOIN agreements a ON a.mentor_id = m.id
			WHERE m.user_id = ? AND a.status IN ('awaiting', 'active'))`, f.MentorID)
	}
	if f.StudentID != 0 {
		w.add("s.id = ?", f.StudentID)
	}
	order = " ORDER BY %[1]s.search_key, %[1]s.id"
	if f.Sort == domain.SortNameDesc {
		order = " ORDER BY %[1]s.search_key DESC, %[1]s.id DESC"
	}
	return w, order
}

// Student returns one student; ENOTFOUND if there is none.
func (s *Store) Student(ctx context.Context, id int64) (domain.Student, error) {
	st, err := scanStudent(s.read.QueryRowContext(ctx, `SELECT `+studentColumns+studentFrom+` WHERE s.id = $1`, id))
	return st, notFound(err, "student")
}

// CreateStudent validates and stores a student. The group must belong to
// the student's college and programme; a student on state funding takes a
// state-funded seat (takeStateSeat, seats.go).
func (s *Store) CreateStudent(ctx context.Context, st *domain.Student) error {
	if err := st.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := exists(ctx, tx, `SELECT count(*) FROM study_groups WHERE id = $1 AND college_id = $2 AND programme_id = $3`,
			[]any{st.GroupID, st.CollegeID, st.ProgrammeID},
			domain.Invalid("group_id", "error.group.mismatch", "the group does not belong to this college and programme")); err != nil {
			return err
		}
		if st.EnterpriseID != 0 {
			if err := exists(ctx, tx, `SELECT count(*) FROM enterprises WHERE id = $1`, st.EnterpriseID,
				domain.Invalid("enterprise_id", "error.enterprise.unknown", "unknown enterprise")); err != nil {
				return err
			}
		}
		if err := s.takeStateSeat(ctx, tx, st); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO students (iin, last_name, first_name, middle_name, search_key, birth_date, sex, college_id, group_id,
				programme_id, funding, status, phone, enrolled_on, enterprise_id, created_at, academic_average, seat_source)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
			studentValues(st, s.Now())...).Scan(&st.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "create", recordType: "student", recordID: st.ID, after: st,
			regionID: collegeRegion(ctx, tx, st.CollegeID), collegeID: st.CollegeID})
	})
}

// studentValues are the insert values of a student, in the column order of
// CreateStudent and InsertStudents.
func studentValues(st *domain.Student, now time.Time) []any {
	return []any{st.IIN, st.Name.Last, st.Name.First, st.Name.Middle,
		domain.SearchKey(st.Name.Last, st.Name.First, st.Name.Middle), dateParam(st.BirthDate), string(st.Sex),
		st.CollegeID, st.GroupID, st.ProgrammeID, st.Funding, st.Status, st.Phone, dateParam(st.EnrolledOn),
		nullID(st.EnterpriseID), timeParam(now.UTC()), st.AcademicAverage, nullString(string(st.SeatSource))}
}

const teacherColumns = `t.id, t.iin, t.last_name, t.first_name, t.middle_name, t.birth_date, t.sex, t.college_id, t.position,
	t.phone, t.hired_on, c.name_kk, c.name_ru, c.name_en`

const teacherFrom = ` FROM teachers t JOIN colleges c ON c.id = t.college_id`

func scanTeacher(r interface{ Scan(...any) error }) (domain.Teacher, error) {
	var t domain.Teacher
	err := r.Scan(&t.ID, &t.IIN, &t.Name.Last, &t.Name.First, &t.Name.Middle, timeScanner{&t.BirthDate}, &t.Sex,
		&t.CollegeID, &t.Position, &t.Phone, timeScanner{&t.HiredOn}, &t.College.KK, &t.College.RU, &t.College.EN)
	return t, err
}

// Teachers returns a page of teachers.
func (s *Store) Teachers(ctx context.Context, f domain.TeacherFilter) (domain.List[domain.Teacher], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.Teacher]{}, err
	}
	var w where
	addNameQuery(&w, "t", f.Query)
	if f.RegionID != 0 {
		w.add("t.college_id IN (SELECT id FROM colleges WHERE region_id = ?)", f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("t.college_id = ?", f.CollegeID)
	}
	order := " ORDER BY t.search_key, t.id"
	if f.Sort == domain.SortNameDesc {
		order = " ORDER BY t.search_key DESC, t.id DESC"
	}
	list := domain.List[domain.Teacher]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM teachers t`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+teacherColumns+teacherFrom+w.sql()+order+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanTeacher)
	return list, err
}

// Teacher returns one teacher; ENOTFOUND if there is none.
func (s *Store) Teacher(ctx context.Context, id int64) (domain.Teacher, error) {
	t, err := scanTeacher(s.read.QueryRowContext(ctx, `SELECT `+teacherColumns+teacherFrom+` WHERE t.id = $1`, id))
	return t, notFound(err, "teacher")
}

// CreateTeacher validates and stores a teacher.
func (s *Store) CreateTeacher(ctx context.Context, t *domain.Teacher) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := exists(ctx, tx, `SELECT count(*) FROM colleges WHERE id = $1`, t.CollegeID,
			domain.Invalid("college_id", "error.college.unknown", "unknown college")); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO teachers (iin, last_name, first_name, middle_name, search_key, birth_date, sex, college_id, position, phone, hired_on)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			teacherValues(t)...).Scan(&t.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "create", recordType: "teacher", recordID: t.ID, after: t,
			regionID: collegeRegion(ctx, tx, t.CollegeID), collegeID: t.CollegeID})
	})
}

// teacherValues are the insert values of a teacher, in column order.
func teacherValues(t *domain.Teacher) []any {
	return []any{t.IIN, t.Name.Last, t.Name.First, t.Name.Middle, domain.SearchKey(t.Name.Last, t.Name.First, t.Name.Middle),
		dateParam(t.BirthDate), string(t.Sex), t.CollegeID, t.Position, t.Phone, dateParam(t.HiredOn)}
}
