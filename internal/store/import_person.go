package store

import (
	"context"
	"iter"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Students and teachers name their college by BIN; a student also names
// the group by its code within the college, and may name the specialty or
// qualification, which must be the group's programme's.

// collegeChecks report an unknown college and, for an actor with a scope,
// a college outside it or a person already registered at a college outside
// it (a transfer from there is that college's to record).
func collegeChecks(staging, table string) []importCheck {
	return []importCheck{
		{column: "college_bin", key: "error.import.college_unknown", params: []string{"value"},
			message: "no college with BIN %s in the registry",
			query: `SELECT s.line, s.college_bin FROM ` + staging + ` s
				WHERE NOT EXISTS (SELECT 1 FROM colleges c WHERE c.bin = s.college_bin)`},
		{column: "college_bin", key: "error.import.scope", message: "this row is outside your scope",
			scope: func(sc domain.ImportScope) (string, []any) {
				return `SELECT s.line FROM ` + staging + ` s JOIN colleges c ON c.bin = s.college_bin WHERE ` + outside("c", sc),
					[]any{scopeArg(sc)}
			}},
		{column: "iin", key: "error.import.scope_stored", params: []string{"value"},
			message: "%s is registered outside your scope: it can be changed only there",
			scope: func(sc domain.ImportScope) (string, []any) {
				return `SELECT s.line, s.iin FROM ` + staging + ` s JOIN ` + table + ` t ON t.iin = s.iin
					JOIN colleges c ON c.id = t.college_id WHERE ` + outside("c", sc), []any{scopeArg(sc)}
			}},
	}
}

var studentImport = &importKind{
	kind: domain.ImportStudents, table: "students", recordType: "student", key: []string{"iin"},
	staging: "import_students",
	columns: []stagingColumn{{"iin", "text"}, {"last_name", "text"}, {"first_name", "text"}, {"middle_name", "text"},
		{"search_key", "text"}, {"birth_date", "date"}, {"sex", "text"}, {"college_bin", "text"}, {"group_code", "text"},
		{"specialty", "text"}, {"qualification", "text"}, {"funding", "text"}, {"status", "text"}, {"phone", "text"},
		{"enrolled_on", "date"}, {"academic_average", "int"}},
	checks: append([]importCheck{
		duplicateCheck("import_students", "iin", "iin"),
		{column: "group", key: "error.import.group_unknown", params: []string{"value", "college"},
			message: "no group %s at the college with BIN %s",
			query: `SELECT s.line, s.group_code, s.college_bin FROM import_students s JOIN colleges c ON c.bin = s.college_bin
				WHERE NOT EXISTS (SELECT 1 FROM study_groups g WHERE g.college_id = c.id AND g.code = s.group_code)`},
		codeUnknown("specialty_code", "specialty", "specialties"),
		codeUnknown("qualification_code", "qualification", "qualifications"),
		codeOfGroup("specialty_code", "specialty", "s.specialty <> p.specialty_code", "specialties"),
		codeOfGroup("qualification_code", "qualification", "s.qualification IS DISTINCT FROM p.qualification_code", "qualifications"),
	}, collegeChecks("import_students", "students")...),
	source: `SELECT s.iin, s.last_name, s.first_name, s.middle_name, s.search_key, s.birth_date, s.sex,
			c.id AS college_id, g.id AS group_id, g.programme_id AS programme_id, s.funding, s.status, s.phone, s.enrolled_on,
			{now} AS created_at, s.academic_average
		FROM import_students s JOIN colleges c ON c.bin = s.college_bin
		JOIN study_groups g ON g.college_id = c.id AND g.code = s.group_code WHERE true`,
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
	return runImport(ctx, s, studentImport, req, rows, func(r *domain.StudentRow, v []any) []any {
		return append(v, r.Line, r.IIN, r.Name.Last, r.Name.First, r.Name.Middle,
			domain.SearchKey(r.Name.Last, r.Name.First, r.Name.Middle), r.BirthDate, string(r.Sex), r.CollegeBIN, r.Group,
			r.Specialty, r.Qualification, r.Funding, r.Status, r.Phone, r.EnrolledOn, int64(r.AcademicAverage))
	})
}

// codeUnknown reports a specialty or qualification code the classifier
// does not have.
func codeUnknown(column, staged, table string) importCheck {
	return importCheck{column: column, key: "error.import.code_unknown", params: []string{"value"},
		message: "no code %s in the classifier",
		query: `SELECT s.line, s.` + staged + ` FROM import_students s
			WHERE s.` + staged + ` <> '' AND NOT EXISTS (SELECT 1 FROM ` + table + ` x WHERE x.code = s.` + staged + `)`}
}

// codeOfGroup reports a known specialty or qualification code that is not
// the one of the group's programme.
func codeOfGroup(column, staged, differs, table string) importCheck {
	return importCheck{column: column, key: "error.import.code_group", params: []string{"value", "group", "programme"},
		message: "%s is not the programme of group %s, which is %s",
		query: `SELECT s.line, s.` + staged + `, s.group_code, COALESCE(p.qualification_code, p.specialty_code)
			FROM import_students s JOIN colleges c ON c.bin = s.college_bin
			JOIN study_groups g ON g.college_id = c.id AND g.code = s.group_code JOIN programmes p ON p.id = g.programme_id
			WHERE s.` + staged + ` <> '' AND ` + differs + `
				AND EXISTS (SELECT 1 FROM ` + table + ` x WHERE x.code = s.` + staged + `)`}
}

var teacherImport = &importKind{
	kind: domain.ImportTeachers, table: "teachers", recordType: "teacher", key: []string{"iin"},
	staging: "import_teachers",
	columns: []stagingColumn{{"iin", "text"}, {"last_name", "text"}, {"first_name", "text"}, {"middle_name", "text"},
		{"search_key", "text"}, {"birth_date", "date"}, {"sex", "text"}, {"college_bin", "text"}, {"position", "text"},
		{"phone", "text"}, {"hired_on", "date"}},
	checks: append([]importCheck{duplicateCheck("import_teachers", "iin", "iin")},
		collegeChecks("import_teachers", "teachers")...),
	source: `SELECT s.iin, s.last_name, s.first_name, s.middle_name, s.search_key, s.birth_date, s.sex,
			c.id AS college_id, s.position, s.phone, s.hired_on
		FROM import_teachers s JOIN colleges c ON c.bin = s.college_bin WHERE true`,
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
	return runImport(ctx, s, teacherImport, req, rows, func(r *domain.TeacherRow, v []any) []any {
		return append(v, r.Line, r.IIN, r.Name.Last, r.Name.First, r.Name.Middle,
			domain.SearchKey(r.Name.Last, r.Name.First, r.Name.Middle), r.BirthDate, string(r.Sex), r.CollegeBIN,
			r.Position, r.Phone, r.HiredOn)
	})
}
