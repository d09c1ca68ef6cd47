package store

import (
	"context"
	"iter"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Employment records are keyed by the person, the employer and the start
// date: the register of employment contracts lists a contract again when
// it ends, and the import then sets its end date.

var employmentImport = &importKind{
	kind: domain.ImportEmployment, table: "employment_records", recordType: "employment_record",
	key:     []string{"iin", "employer_bin", "starts_on"},
	staging: "import_employment",
	columns: []stagingColumn{{"iin", "text"}, {"employer_bin", "text"}, {"starts_on", "date"}, {"ends_on", "date"},
		{"position", "text"}},
	checks: []importCheck{
		{column: "starts_on", key: "error.import.duplicate_contract", params: []string{"row"},
			message: "the same contract (IIN, employer BIN and start date) is also on row %s: keep one of the two rows",
			query: `SELECT s.line, d.first FROM import_employment s
				JOIN (SELECT iin, employer_bin, starts_on, min(line) AS first FROM import_employment
					GROUP BY iin, employer_bin, starts_on HAVING count(*) > 1) d
				ON d.iin = s.iin AND d.employer_bin = s.employer_bin AND d.starts_on = s.starts_on
				WHERE s.line > d.first`},
		// A regional department records the employment of its colleges'
		// students and graduates; a person the registry does not know
		// is no region's, so only the ministry imports them.
		{column: "iin", key: "error.import.scope_person", params: []string{"value"},
			message: "%s is not a student or graduate of a college in your scope",
			scope: func(sc domain.ImportScope) (string, []any) {
				return `SELECT s.line, s.iin FROM import_employment s WHERE NOT EXISTS (
					SELECT 1 FROM students t JOIN colleges c ON c.id = t.college_id
					WHERE t.iin = s.iin AND NOT (` + outside("c", sc) + `))`, []any{scopeArg(sc)}
			}},
	},
	source: `SELECT s.iin, s.employer_bin, s.starts_on, s.ends_on, s.position, {now} AS created_at, {now} AS updated_at
		FROM import_employment s WHERE true`,
	insert:       []string{"iin", "employer_bin", "starts_on", "ends_on", "position", "created_at", "updated_at"},
	update:       []string{"ends_on", "position", "updated_at"},
	optional:     map[string]string{"ends_on": "ends_on"},
	quiet:        map[string]bool{"updated_at": true},
	auditRegion:  "CAST(NULL AS INTEGER)",
	auditCollege: "CAST(NULL AS BIGINT)",
}

// ImportEmployment upserts employment records by IIN, employer BIN and
// start date; see domain.ImportService.
func (s *Store) ImportEmployment(ctx context.Context, req domain.ImportRequest, rows iter.Seq2[domain.EmploymentRow, error]) (domain.ImportResult, error) {
	return runImport(ctx, s, employmentImport, req, rows, func(r *domain.EmploymentRow, v []any) []any {
		return append(v, r.Line, r.IIN, r.EmployerBIN, r.StartsOn, r.EndsOn, r.Position)
	})
}
