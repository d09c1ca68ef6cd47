package store

import (
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The rules of state funding over a students import (domain/seats.go), as
// checks over its staged rows (import_students, alias s, with the college,
// group and programme resolved), so that an import is refused row by row
// with the reason, as CreateStudent refuses one student. They are among
// the students kind's checks (import_person.go); migration 00010's
// triggers still count the seats, and its constraint stays the last word.

// stagedSeat is a staged row that takes a state-funded seat it does not
// hold already: on state funding, not expelled, and not a student already
// on a state-funded seat in the same group. It keeps its stored source;
// a new student counts against the default source, as the triggers count
// it.
const stagedSeat = `
	WITH moved AS (
		SELECT s.line, s.college_id, COALESCE(p.qualification_code, p.specialty_code) AS q, g.intake_year AS y,
			COALESCE(t.seat_source, '{default}') AS src
		FROM import_students s JOIN programmes p ON p.id = s.programme_id JOIN study_groups g ON g.id = s.group_id
		LEFT JOIN students t ON t.iin = s.iin
		WHERE s.funding = 'state' AND COALESCE(s.status, 'studying') <> 'expelled'
			AND NOT (t.id IS NOT NULL AND t.funding = 'state' AND t.status <> 'expelled' AND t.group_id = s.group_id)
	),
	freed AS (
		SELECT t.college_id, COALESCE(p.qualification_code, p.specialty_code) AS q, g.intake_year AS y,
			COALESCE(t.seat_source, '{default}') AS src, count(*) AS n
		FROM import_students s JOIN students t ON t.iin = s.iin
		JOIN programmes p ON p.id = t.programme_id JOIN study_groups g ON g.id = t.group_id
		WHERE t.funding = 'state' AND t.status <> 'expelled'
			AND NOT (s.funding = 'state' AND COALESCE(s.status, 'studying') <> 'expelled' AND s.group_id = t.group_id)
		GROUP BY t.college_id, COALESCE(p.qualification_code, p.specialty_code), g.intake_year, COALESCE(t.seat_source, '{default}')
	),
	ranked AS (
		SELECT m.line, m.college_id, m.q, m.y, m.src,
			row_number() OVER (PARTITION BY m.college_id, m.q, m.y, m.src ORDER BY m.line) AS n
		FROM moved m
	)
	SELECT r.line, c.name_ru, c.name_kk, c.name_ru, c.name_en,
		COALESCE(qq.name_ru, sp.name_ru, ''), COALESCE(qq.name_kk, sp.name_kk, ''), COALESCE(qq.name_ru, sp.name_ru, ''),
		COALESCE(qq.name_en, sp.name_en, ''), r.q, CAST(r.y AS TEXT),
		CAST(COALESCE(ss.seats, 0) AS TEXT), CAST(COALESCE(ss.filled, 0) AS TEXT)
	FROM ranked r JOIN colleges c ON c.id = r.college_id
	LEFT JOIN state_seats ss ON ss.college_id = r.college_id AND ss.qualification_code = r.q AND ss.year = r.y AND ss.source = r.src
	LEFT JOIN freed f ON f.college_id = r.college_id AND f.q = r.q AND f.y = r.y AND f.src = r.src
	LEFT JOIN qualifications qq ON qq.code = r.q LEFT JOIN specialties sp ON sp.code = r.q
	WHERE EXISTS (SELECT 1 FROM state_seats x WHERE x.college_id = r.college_id AND x.year = r.y)
		AND `

// seatParams are the values a seat check's query returns after the line.
var seatParams = []string{"college", "college.kk", "college.ru", "college.en",
	"qualification", "qualification.kk", "qualification.ru", "qualification.en", "code", "year", "seats", "filled"}

// seatCheck is a check of the staged rows that take a seat: cond selects
// those refused.
func seatCheck(key, message, cond string) importCheck {
	return importCheck{column: "funding", key: key, params: seatParams, message: message,
		query: strings.ReplaceAll(stagedSeat, "{default}", string(domain.DefaultSeatSource)) + cond}
}

var seatImportChecks = []importCheck{
	{column: "iin", key: "error.seats.first_profession", params: []string{"value", "number"},
		message: "%s already holds a TVET qualification (diploma %s): a second profession is not state-funded",
		query: `SELECT s.line, s.iin, min(d.number) FROM import_students s JOIN tvet_diplomas d ON d.iin = s.iin
			WHERE s.funding = 'state' AND COALESCE(s.status, 'studying') NOT IN ('expelled', 'graduated')
				AND NOT EXISTS (SELECT 1 FROM students t WHERE t.iin = s.iin AND t.funding = 'state' AND t.programme_id = s.programme_id)
			GROUP BY s.line, s.iin`},
	{column: "iin", key: "error.seats.first_profession_graduate", params: []string{"value"},
		message: "%s graduated from a TVET programme already: a second profession is not state-funded",
		query: `SELECT s.line, s.iin FROM import_students s JOIN students t ON t.iin = s.iin
			WHERE s.funding = 'state' AND COALESCE(s.status, 'studying') NOT IN ('expelled', 'graduated')
				AND t.graduated_on IS NOT NULL AND t.programme_id <> s.programme_id`},
	seatCheck("error.seats.none", "no state-funded seats at %s for %[9]s in %[10]s", "ss.college_id IS NULL"),
	seatCheck("error.seats.full", "every state-funded seat at %s for %[9]s in %[10]s is taken",
		"ss.college_id IS NOT NULL AND r.n > ss.seats - ss.filled + COALESCE(f.n, 0)"),
}
