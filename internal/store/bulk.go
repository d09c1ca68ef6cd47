package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// insertRows writes n rows in one transaction with a prepared INSERT of
// rowsPerStatement rows, and one audit entry for the batch. values(i)
// returns row i's values in column order, or an error for an invalid row.
func (s *Store) insertRows(ctx context.Context, table string, columns []string, n int, values func(i int) ([]any, error)) error {
	return s.insertBatch(ctx, table, columns, "", n, values)
}

// insertBatch is insertRows with the VALUES tuple of a row given as for
// insertIn.
func (s *Store) insertBatch(ctx context.Context, table string, columns []string, row string, n int, values func(i int) ([]any, error)) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.insertIn(ctx, tx, table, columns, row, n, values); err != nil {
			return err
		}
		return s.auditBatch(ctx, tx, table, map[string]int{"rows": n})
	})
}

// auditBatch writes the one audit entry of a bulk load into table. One entry
// per batch: a bulk load is one act, and half a million entries describing
// generated rows would drown the log.
func (s *Store) auditBatch(ctx context.Context, tx *sql.Tx, table string, counts map[string]int) error {
	return s.audit(ctx, tx, change{action: "bulk_insert", recordType: table,
		recordID: fmt.Sprintf("%d rows", counts["rows"]), after: counts})
}

// insertIn writes n rows inside tx. row is the VALUES tuple of one row with
// a ? for each value, for columns computed in SQL, such as
// "(?, ?, (SELECT region_id FROM cities WHERE id = ?))"; empty means one
// plain value per column. values(i) returns row i's values in the order of
// the ?s, or an error for an invalid row.
func (s *Store) insertIn(ctx context.Context, tx *sql.Tx, table string, columns []string, row string, n int, values func(i int) ([]any, error)) error {
	if row == "" {
		row = "(" + strings.TrimSuffix(strings.Repeat("?,", len(columns)), ",") + ")"
	}
	params := strings.Count(row, "?")
	perStatement := s.rowsPerStatement(params)
	var stmt *sql.Stmt
	defer func() {
		if stmt != nil {
			stmt.Close()
		}
	}()
	stmtRows := 0
	args := make([]any, 0, perStatement*params)
	for start := 0; start < n; start += perStatement {
		rows := min(perStatement, n-start)
		if rows != stmtRows {
			if stmt != nil {
				stmt.Close()
			}
			var err error
			if stmt, err = tx.PrepareContext(ctx, insertSQL(table, columns, row, rows)); err != nil {
				return err
			}
			stmtRows = rows
		}
		args = args[:0]
		for i := start; i < start+rows; i++ {
			v, err := values(i)
			if err != nil {
				return fmt.Errorf("%s row %d: %w", table, i+1, err)
			}
			args = append(args, v...)
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("%s rows %d-%d: %w", table, start+1, start+rows, s.dialect.translate(err))
		}
	}
	return nil
}

// rowsPerStatement is how many rows one INSERT carries. PostgreSQL gets
// multi-row INSERTs up to its parameter limit, which saves a round trip per
// row. SQLite gets one row per INSERT, which is faster there, not slower:
// modernc.org/sqlite binds each $N by looking its name up in a linear list,
// which makes a statement quadratic in its parameters, and SQLite keeps a
// statement journal (undo for that one statement, in a temporary file) for
// an INSERT of several rows inside a transaction. A prepared one-row INSERT
// run for every row has neither cost: in batches of 10,000 rows the national
// demo dataset (650,000 rows) loaded in 8 min 12 s with 1,000-row
// statements and in 31 s with one-row statements.
func (s *Store) rowsPerStatement(params int) int {
	if s.dialect.name == "sqlite" {
		return 1
	}
	return max(1, min(s.dialect.maxParams/params, 1000))
}

// insertSQL is an INSERT of rows rows, each row's ?s numbered $1, $2, … in
// turn.
func insertSQL(table string, columns []string, row string, rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ")
	p := 1
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteByte(',')
		}
		for _, c := range row {
			if c != '?' {
				b.WriteRune(c)
				continue
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(p))
			p++
		}
	}
	return b.String()
}

// InsertColleges stores colleges with their IDs set.
func (s *Store) InsertColleges(ctx context.Context, rows []domain.College) error {
	now := timeParam(s.Now())
	return s.insertRows(ctx, "colleges",
		[]string{"id", "bin", "name_kk", "name_ru", "name_en", "search_key", "region_id", "city_id", "ownership", "address", "created_at"},
		len(rows), func(i int) ([]any, error) {
			c := &rows[i]
			if err := c.Validate(); err != nil {
				return nil, err
			}
			return []any{c.ID, c.BIN, c.Name.KK, c.Name.RU, c.Name.EN, domain.SearchKey(c.Name.KK, c.Name.RU, c.Name.EN),
				c.RegionID, c.CityID, c.Ownership, c.Address, now}, nil
		})
}

// InsertEnterprises stores enterprises with their IDs set.
func (s *Store) InsertEnterprises(ctx context.Context, rows []domain.Enterprise) error {
	now := timeParam(s.Now())
	return s.insertRows(ctx, "enterprises",
		[]string{"id", "bin", "name_kk", "name_ru", "name_en", "search_key", "region_id", "city_id", "industry", "employees", "created_at"},
		len(rows), func(i int) ([]any, error) {
			e := &rows[i]
			if err := e.Validate(); err != nil {
				return nil, err
			}
			return []any{e.ID, e.BIN, e.Name.KK, e.Name.RU, e.Name.EN, domain.SearchKey(e.Name.KK, e.Name.RU, e.Name.EN),
				e.RegionID, e.CityID, e.Industry, e.Employees, now}, nil
		})
}

// InsertProgrammes stores programmes with their IDs set.
func (s *Store) InsertProgrammes(ctx context.Context, rows []domain.Programme) error {
	return s.insertRows(ctx, "programmes",
		[]string{"id", "college_id", "specialty_code", "qualification_code", "duration_months", "is_dual", "hours_total", "hours_practice", "hours_enterprise"},
		len(rows), func(i int) ([]any, error) {
			p := &rows[i]
			if err := p.Validate(); err != nil {
				return nil, err
			}
			return []any{p.ID, p.CollegeID, p.SpecialtyCode, nullString(p.QualificationCode), p.DurationMonths, p.Dual,
				p.HoursTotal, p.HoursPractice, p.HoursEnterprise}, nil
		})
}

// InsertGroups stores groups with their IDs set.
func (s *Store) InsertGroups(ctx context.Context, rows []domain.Group) error {
	return s.insertRows(ctx, "study_groups",
		[]string{"id", "college_id", "programme_id", "code", "intake_year", "language", "curator_id"},
		len(rows), func(i int) ([]any, error) {
			g := &rows[i]
			if err := g.Validate(); err != nil {
				return nil, err
			}
			return []any{g.ID, g.CollegeID, g.ProgrammeID, g.Code, g.IntakeYear, g.Language, nullID(g.CuratorID)}, nil
		})
}

// InsertTeachers stores teachers with their IDs set.
func (s *Store) InsertTeachers(ctx context.Context, rows []domain.Teacher) error {
	return s.insertRows(ctx, "teachers",
		[]string{"id", "iin", "last_name", "first_name", "middle_name", "search_key", "birth_date", "sex", "college_id", "position", "phone", "hired_on"},
		len(rows), func(i int) ([]any, error) {
			t := &rows[i]
			if err := t.Validate(); err != nil {
				return nil, err
			}
			return append([]any{t.ID}, teacherValues(t)...), nil
		})
}

// studentInsertColumns are the columns of a bulk-loaded student: the ID,
// then studentValues' (InsertGraduates adds the day of graduation).
var studentInsertColumns = []string{"id", "iin", "last_name", "first_name", "middle_name", "search_key", "birth_date", "sex",
	"college_id", "group_id", "programme_id", "funding", "status", "phone", "enrolled_on", "enterprise_id", "created_at",
	"academic_average", "seat_source"}

// InsertStudents stores students with their IDs set.
func (s *Store) InsertStudents(ctx context.Context, rows []domain.Student) error {
	now := s.Now()
	return s.insertRows(ctx, "students", studentInsertColumns,
		len(rows), func(i int) ([]any, error) {
			st := &rows[i]
			if err := st.Validate(); err != nil {
				return nil, err
			}
			return append([]any{st.ID}, studentValues(st, now)...), nil
		})
}

// generatedIDTables are the tables whose IDs come from an identity column.
var generatedIDTables = []string{"colleges", "enterprises", "programmes", "study_groups", "teachers", "students",
	"mentors", "competences", "offers", "applications", "agreements", "agreement_approvals", "party_changes",
	"logbook_entries", "competence_assessments", "memoranda", "commitments", "fulfilments",
	"training_orders", "targeted_contracts"}

// FinishLoad moves PostgreSQL identity sequences past the loaded IDs and
// refreshes the planner's statistics on both databases.
func (s *Store) FinishLoad(ctx context.Context) error {
	if s.dialect.name == "postgres" {
		for _, t := range generatedIDTables {
			if _, err := s.write.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), COALESCE(max(id), 0) + 1, false) FROM `+t); err != nil {
				return fmt.Errorf("reset %s sequence: %w", t, err)
			}
		}
	}
	// On PostgreSQL, VACUUM also sets the visibility map, without which
	// index-only scans still read every row from the heap.
	analyze := "ANALYZE"
	if s.dialect.name == "postgres" {
		analyze = "VACUUM (ANALYZE)"
	}
	_, err := s.write.ExecContext(ctx, analyze)
	return err
}
