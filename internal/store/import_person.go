package store

import (
	"context"
	"database/sql"
	"iter"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Students and teachers name their college by BIN; a student also names
// the group by its code within the college, and may name the specialty or
// qualification, which must be the group's programme's. These are checked
// and resolved in Go from a copy of the colleges, the groups and the
// classifier's codes (personRegistry) as the rows are staged; the checks
// against the file's other rows and the people already registered run
// over the staged rows after.

// The checks made in Go, in the order a row's problems are reported, and
// before those of the staged rows.
var (
	groupUnknown = importCheck{column: "group", key: "error.import.group_unknown", params: []string{"value", "college"},
		message: "no group %s at the college with BIN %s"}
	specialtyUnknown     = codeUnknown("specialty_code")
	qualificationUnknown = codeUnknown("qualification_code")
	specialtyOfGroup     = codeOfGroup("specialty_code")
	qualificationOfGroup = codeOfGroup("qualification_code")
	collegeUnknown       = importCheck{column: "college_bin", key: "error.import.college_unknown", params: []string{"value"},
		message: "no college with BIN %s in the registry"}
	collegeOutside = importCheck{column: "college_bin", key: "error.import.scope", message: "this row is outside your scope"}
)

// codeUnknown reports a specialty or qualification code the classifier
// does not have.
func codeUnknown(column string) importCheck {
	return importCheck{column: column, key: "error.import.code_unknown", params: []string{"value"},
		message: "no code %s in the classifier"}
}

// codeOfGroup reports a known specialty or qualification code that is not
// the one of the group's programme.
func codeOfGroup(column string) importCheck {
	return importCheck{column: column, key: "error.import.code_group", params: []string{"value", "group", "programme"},
		message: "%s is not the programme of group %s, which is %s"}
}

// storedOutside reports, for an actor with a scope, a person already
// registered at a college outside it (a transfer from there is that
// college's to record).
func storedOutside(staging, table string) importCheck {
	return importCheck{column: "iin", key: "error.import.scope_stored", params: []string{"value"},
		message: "%s is registered outside your scope: it can be changed only there",
		scope: func(sc domain.ImportScope) (string, []any) {
			return `SELECT s.line, s.iin FROM ` + staging + ` s JOIN ` + table + ` t ON t.iin = s.iin
				JOIN colleges c ON c.id = t.college_id WHERE ` + outside("c", sc), []any{scopeArg(sc)}
		}}
}

// personRegistry is the part of the registry the rows of a people's file
// name: every college by BIN and, for students, every group by its college
// and code, and the classifier's codes. At national scale a few thousand
// colleges and tens of thousands of groups: megabytes, whatever the file.
type personRegistry struct {
	colleges       map[string]collegeRef
	groups         map[groupKey]groupRef
	specialties    map[string]bool
	qualifications map[string]bool
	scope          domain.ImportScope
}

type collegeRef struct{ id, region int64 }

type groupKey struct {
	college int64
	code    string
}

// groupRef is a group with its programme's codes; qualification is "" for
// a programme without one.
type groupRef struct {
	id, programme            int64
	specialty, qualification string
}

// loadPersonRegistry reads the colleges and, with groups, the groups and
// the classifier's codes.
func loadPersonRegistry(ctx context.Context, tx *sql.Tx, sc domain.ImportScope, groups bool) (*personRegistry, error) {
	r := &personRegistry{colleges: map[string]collegeRef{}, scope: sc}
	err := eachRow(ctx, tx, `SELECT bin, id, region_id FROM colleges`, func(scan func(...any) error) error {
		var bin string
		var c collegeRef
		err := scan(&bin, &c.id, &c.region)
		r.colleges[bin] = c
		return err
	})
	if err != nil || !groups {
		return r, err
	}
	r.groups, r.specialties, r.qualifications = map[groupKey]groupRef{}, map[string]bool{}, map[string]bool{}
	err = eachRow(ctx, tx, `SELECT g.college_id, g.code, g.id, g.programme_id, p.specialty_code, COALESCE(p.qualification_code, '')
		FROM study_groups g JOIN programmes p ON p.id = g.programme_id`, func(scan func(...any) error) error {
		var k groupKey
		var g groupRef
		err := scan(&k.college, &k.code, &g.id, &g.programme, &g.specialty, &g.qualification)
		r.groups[k] = g
		return err
	})
	for _, codes := range []struct {
		query string
		set   map[string]bool
	}{{`SELECT code FROM specialties`, r.specialties}, {`SELECT code FROM qualifications`, r.qualifications}} {
		if err != nil {
			return nil, err
		}
		err = eachRow(ctx, tx, codes.query, func(scan func(...any) error) error {
			var code string
			err := scan(&code)
			codes.set[code] = true
			return err
		})
	}
	return r, err
}

// eachRow runs fn on every row of query.
func eachRow(ctx context.Context, tx *sql.Tx, query string, fn func(scan func(...any) error) error) error {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// college resolves a row's college, adding the problems of an unknown one
// and of one outside the actor's scope.
func (r *personRegistry) college(line int, bin string, probs []domain.RowError) (collegeRef, bool, []domain.RowError) {
	c, ok := r.colleges[bin]
	switch {
	case !ok:
		probs = append(probs, collegeUnknown.problem(line, bin))
	case r.scope != (domain.ImportScope{}) && (r.scope.CollegeID != 0 && c.id != r.scope.CollegeID ||
		r.scope.CollegeID == 0 && c.region != int64(r.scope.RegionID)):
		probs = append(probs, collegeOutside.problem(line))
	}
	return c, ok, probs
}

// student resolves a student's group and programme and checks the codes
// the row gives against them.
func (r *personRegistry) student(row *domain.StudentRow) (collegeID, groupID, programmeID any, probs []domain.RowError) {
	line := row.Line
	c, known := r.colleges[row.CollegeBIN]
	var g groupRef
	found := false
	if known {
		if g, found = r.groups[groupKey{c.id, row.Group}]; !found {
			probs = append(probs, groupUnknown.problem(line, row.Group, row.CollegeBIN))
		}
	}
	if row.Specialty != "" && !r.specialties[row.Specialty] {
		probs = append(probs, specialtyUnknown.problem(line, row.Specialty))
	}
	if row.Qualification != "" && !r.qualifications[row.Qualification] {
		probs = append(probs, qualificationUnknown.problem(line, row.Qualification))
	}
	if found {
		programme := g.specialty
		if g.qualification != "" {
			programme = g.qualification
		}
		if row.Specialty != "" && r.specialties[row.Specialty] && row.Specialty != g.specialty {
			probs = append(probs, specialtyOfGroup.problem(line, row.Specialty, row.Group, programme))
		}
		if row.Qualification != "" && r.qualifications[row.Qualification] && row.Qualification != g.qualification {
			probs = append(probs, qualificationOfGroup.problem(line, row.Qualification, row.Group, programme))
		}
	}
	_, _, probs = r.college(line, row.CollegeBIN, probs)
	if !known {
		return nil, nil, nil, probs
	}
	if !found {
		return c.id, nil, nil, probs
	}
	return c.id, g.id, g.programme, probs
}

// nameKeys remembers the search keys of the parts of people's names as an
// import meets them: a national list repeats its first names and
// patronymics on almost every row and its surnames on many, and the key of
// a name is the keys of its parts joined by a space (domain.SearchKey
// breaks words where a part ends), so most rows look their key up instead
// of folding every letter. It forgets all once it holds maxNameKeys, so it
// stays small whatever the file.
type nameKeys map[string]string

const maxNameKeys = 1 << 15

// of is domain.SearchKey(parts...).
func (n nameKeys) of(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		k, ok := n[p]
		if !ok {
			if len(n) >= maxNameKeys {
				clear(n)
			}
			k = domain.SearchKey(p)
			n[p] = k
		}
		if k != "" {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(k)
		}
	}
	return b.String()
}

var studentImport = &importKind{
	kind: domain.ImportStudents, table: "students", recordType: "student", key: []string{"iin"},
	staging: "import_students",
	columns: []stagingColumn{{"iin", "text"}, {"last_name", "text"}, {"first_name", "text"}, {"middle_name", "text"},
		{"search_key", "text"}, {"birth_date", "date"}, {"sex", "text"}, {"college_id", "int"}, {"group_id", "int"},
		{"programme_id", "int"}, {"funding", "text"}, {"status", "text"}, {"phone", "text"},
		{"enrolled_on", "date"}, {"academic_average", "int"}},
	// The rules of state funding (seats_import.go) refuse, row by row
	// with the reason, what migration 00010's constraint would refuse for
	// the whole file at once.
	checks: append([]importCheck{duplicateCheck("import_students", "iin", "iin"), storedOutside("import_students", "students")},
		seatImportChecks...),
	source: `SELECT s.iin, s.last_name, s.first_name, s.middle_name, s.search_key, s.birth_date, s.sex,
			s.college_id, s.group_id, s.programme_id, s.funding, s.status, s.phone, s.enrolled_on,
			{now} AS created_at, s.academic_average
		FROM import_students s WHERE true`,
	insert: []string{"iin", "last_name", "first_name", "middle_name", "search_key", "birth_date", "sex", "college_id", "group_id",
		"programme_id", "funding", "status", "phone", "enrolled_on", "created_at", "academic_average"},
	update: []string{"last_name", "first_name", "middle_name", "search_key", "birth_date", "sex", "college_id", "group_id",
		"programme_id", "funding", "status", "phone", "enrolled_on", "academic_average"},
	optional: map[string]string{"middle_name": "middle_name", "status": "status", "phone": "phone",
		"academic_average": "academic_average"},
	quiet:        map[string]bool{"search_key": true},
	auditRegion:  "(SELECT c.region_id FROM colleges c WHERE c.id = src.college_id)",
	auditCollege: "src.college_id",
}

// ImportStudents upserts students by IIN; see domain.ImportService.
func (s *Store) ImportStudents(ctx context.Context, req domain.ImportRequest, rows iter.Seq2[domain.StudentRow, error]) (domain.ImportResult, error) {
	return runImportWith(ctx, s, studentImport, req, rows, func(ctx context.Context, tx *sql.Tx) (rowStager[domain.StudentRow], error) {
		reg, err := loadPersonRegistry(ctx, tx, req.Scope, true)
		if err != nil {
			return nil, err
		}
		keys := nameKeys{}
		return func(r *domain.StudentRow, v []any) ([]any, []domain.RowError) {
			college, group, programme, probs := reg.student(r)
			return append(v, r.Line, r.IIN, r.Name.Last, r.Name.First, r.Name.Middle,
				keys.of(r.Name.Last, r.Name.First, r.Name.Middle), r.BirthDate, string(r.Sex), college, group,
				programme, r.Funding, r.Status, r.Phone, r.EnrolledOn, int64(r.AcademicAverage)), probs
		}, nil
	})
}

var teacherImport = &importKind{
	kind: domain.ImportTeachers, table: "teachers", recordType: "teacher", key: []string{"iin"},
	staging: "import_teachers",
	columns: []stagingColumn{{"iin", "text"}, {"last_name", "text"}, {"first_name", "text"}, {"middle_name", "text"},
		{"search_key", "text"}, {"birth_date", "date"}, {"sex", "text"}, {"college_id", "int"}, {"position", "text"},
		{"phone", "text"}, {"hired_on", "date"}},
	checks: []importCheck{duplicateCheck("import_teachers", "iin", "iin"), storedOutside("import_teachers", "teachers")},
	source: `SELECT s.iin, s.last_name, s.first_name, s.middle_name, s.search_key, s.birth_date, s.sex,
			s.college_id, s.position, s.phone, s.hired_on
		FROM import_teachers s WHERE true`,
	insert: []string{"iin", "last_name", "first_name", "middle_name", "search_key", "birth_date", "sex", "college_id",
		"position", "phone", "hired_on"},
	update: []string{"last_name", "first_name", "middle_name", "search_key", "birth_date", "sex", "college_id",
		"position", "phone", "hired_on"},
	optional:     map[string]string{"middle_name": "middle_name", "phone": "phone"},
	quiet:        map[string]bool{"search_key": true},
	auditRegion:  "(SELECT c.region_id FROM colleges c WHERE c.id = src.college_id)",
	auditCollege: "src.college_id",
}

// ImportTeachers upserts teachers by IIN; see domain.ImportService.
func (s *Store) ImportTeachers(ctx context.Context, req domain.ImportRequest, rows iter.Seq2[domain.TeacherRow, error]) (domain.ImportResult, error) {
	return runImportWith(ctx, s, teacherImport, req, rows, func(ctx context.Context, tx *sql.Tx) (rowStager[domain.TeacherRow], error) {
		reg, err := loadPersonRegistry(ctx, tx, req.Scope, false)
		if err != nil {
			return nil, err
		}
		keys := nameKeys{}
		return func(r *domain.TeacherRow, v []any) ([]any, []domain.RowError) {
			c, known, probs := reg.college(r.Line, r.CollegeBIN, nil)
			var college any
			if known {
				college = c.id
			}
			return append(v, r.Line, r.IIN, r.Name.Last, r.Name.First, r.Name.Middle,
				keys.of(r.Name.Last, r.Name.First, r.Name.Middle), r.BirthDate, string(r.Sex), college,
				r.Position, r.Phone, r.HiredOn), probs
		}, nil
	})
}
