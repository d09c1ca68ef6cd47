package importer_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/importer"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/tabular"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// fixture is a small registry to import into: college A in Almaty with
// two groups, college B in Astana with one.
type fixture struct {
	st                 *store.Store
	binA, binB         string
	collegeA, collegeB int64
}

const (
	groupDesign  = "ДО-24-1" // college A: specialty 02120200, qualification 4S02120203
	groupPrimary = "ПН-24-1" // college A: specialty 01140100, no qualification
	groupSport   = "ФК-24-1" // college B: specialty 01140500, qualification 4S01140503
)

func newFixture(t *testing.T, st *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	r := &fixture{st: st, binA: bin(t, "99044000101"), binB: bin(t, "99044000202"), collegeA: 10, collegeB: 11}
	must(t, st.InsertColleges(ctx, []domain.College{
		{ID: r.collegeA, BIN: r.binA, Name: domain.Names{KK: "Алматы дизайн колледжі", RU: "Алматинский колледж дизайна"}, RegionID: 75, CityID: 1, Ownership: "state"},
		{ID: r.collegeB, BIN: r.binB, Name: domain.Names{KK: "Астана спорт колледжі", RU: "Астанинский колледж спорта"}, RegionID: 71, CityID: 2, Ownership: "state"},
	}))
	must(t, st.InsertProgrammes(ctx, []domain.Programme{
		{ID: 20, CollegeID: r.collegeA, SpecialtyCode: "02120200", QualificationCode: "4S02120203", DurationMonths: 34, HoursTotal: 100, HoursPractice: 50, HoursEnterprise: 10},
		{ID: 21, CollegeID: r.collegeA, SpecialtyCode: "01140100", DurationMonths: 34, HoursTotal: 100, HoursPractice: 50, HoursEnterprise: 10},
		{ID: 22, CollegeID: r.collegeB, SpecialtyCode: "01140500", QualificationCode: "4S01140503", DurationMonths: 34, HoursTotal: 100, HoursPractice: 50, HoursEnterprise: 10},
	}))
	must(t, st.InsertGroups(ctx, []domain.Group{
		{ID: 30, CollegeID: r.collegeA, ProgrammeID: 20, Code: groupDesign, IntakeYear: 2024, Language: "ru"},
		{ID: 31, CollegeID: r.collegeA, ProgrammeID: 21, Code: groupPrimary, IntakeYear: 2024, Language: "kk"},
		{ID: 32, CollegeID: r.collegeB, ProgrammeID: 22, Code: groupSport, IntakeYear: 2024, Language: "kk"},
	}))
	must(t, st.FinishLoad(ctx))
	return r
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// bin completes 11 digits with the check digit.
func bin(t *testing.T, first11 string) string {
	t.Helper()
	s, ok := domain.CompleteIdentifier(first11)
	if !ok {
		t.Fatalf("no check digit for %s", first11)
	}
	return s
}

// iin is a valid IIN of a person born on the date (YYMMDD) of the sex
// (century digit 5 or 6: born in the 2000s), with a serial.
func iin(t *testing.T, born string, female bool, serial int) string {
	t.Helper()
	century := "5"
	if female {
		century = "6"
	}
	for ; ; serial++ {
		if s, ok := domain.CompleteIdentifier(fmt.Sprintf("%s%s%04d", born, century, serial)); ok {
			return s
		}
	}
}

// iinOf is a valid IIN of a person born on a day (of any century).
func iinOf(t *testing.T, born time.Time, female bool, serial int) string {
	t.Helper()
	sex := domain.Male
	if female {
		sex = domain.Female
	}
	for ; ; serial++ {
		if s, ok := domain.CompleteIdentifier(fmt.Sprintf("%s%d%04d", born.Format("060102"), domain.IINCenturyDigit(born.Year(), sex), serial)); ok {
			return s
		}
	}
}

// wrongCheckDigit is s with its last digit changed.
func wrongCheckDigit(s string) string {
	last := s[11] - '0'
	return s[:11] + string(rune('0'+(last+1)%10))
}

// File writers: as Excel saves a CSV on a Russian Windows ("CSV
// (разделители — запятые)": Windows-1251, semicolons, CR LF), as "CSV
// UTF-8" (a byte-order mark), and as a workbook.

func writeCP1251(t *testing.T, name string, rows [][]string) string {
	t.Helper()
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(csvLine(r, ';') + "\r\n")
	}
	enc, err := charmap.Windows1251.NewEncoder().String(b.String())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return writeFile(t, name, []byte(enc))
}

func writeUTF8BOM(t *testing.T, name string, sep rune, rows [][]string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("\uFEFF")
	for _, r := range rows {
		b.WriteString(csvLine(r, sep) + "\r\n")
	}
	return writeFile(t, name, []byte(b.String()))
}

func csvLine(r []string, sep rune) string {
	out := make([]string, len(r))
	for i, v := range r {
		if strings.ContainsAny(v, string(sep)+"\"\r\n") {
			v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
		}
		out[i] = v
	}
	return strings.Join(out, string(sep))
}

// writeXLSX writes a workbook whose cells are strings, numbers (an IIN
// Excel took for a number) or dates (shown as Excel in Kazakhstan shows
// them).
func writeXLSX(t *testing.T, name string, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(t, err)
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			must(t, f.SetCellValue("Sheet1", cell, v))
			if _, ok := v.(time.Time); ok {
				must(t, f.SetCellStyle("Sheet1", cell, cell, date))
			}
		}
	}
	path := filepath.Join(t.TempDir(), name)
	must(t, f.SaveAs(path))
	return path
}

func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	must(t, os.WriteFile(path, b, 0o644))
	return path
}

// importFile imports a file of a kind through svc as the actor of ctx.
func runFile(ctx context.Context, t *testing.T, svc domain.ImportService, k domain.ImportKind, path string, dryRun bool) (domain.ImportResult, error) {
	t.Helper()
	opts, err := importer.ReadOptions(k, "")
	must(t, err)
	r, err := tabular.Open(path, opts)
	if err != nil {
		return domain.ImportResult{}, err
	}
	defer r.Close()
	return importer.Import(ctx, svc, k, r, importer.Request{DryRun: dryRun})
}

var cli = domain.WithActor(context.Background(), domain.Actor{Via: "cli"})

// mustImport imports a file that must be clean and returns the counts.
func mustImport(t *testing.T, st *store.Store, k domain.ImportKind, path string) domain.ImportResult {
	t.Helper()
	res, err := runFile(cli, t, st, k, path, false)
	if err != nil {
		t.Fatalf("import %s: %v", filepath.Base(path), err)
	}
	return res
}

func wantCounts(t *testing.T, res domain.ImportResult, rows, inserted, updated, unchanged int) {
	t.Helper()
	if res.Rows != rows || res.Inserted != inserted || res.Updated != updated || res.Unchanged != unchanged {
		t.Errorf("%s: rows %d, inserted %d, updated %d, unchanged %d; want %d, %d, %d, %d", filepath.Base(res.File),
			res.Rows, res.Inserted, res.Updated, res.Unchanged, rows, inserted, updated, unchanged)
	}
}

// problems are the problems of a failed import as FILE-less "LINE: COLUMN:
// MESSAGE" lines in a language.
func problems(t *testing.T, err error, lang string) []string {
	t.Helper()
	var es *tabular.Errors
	if !errors.As(err, &es) {
		t.Fatalf("want the file's problems, got %v", err)
	}
	p := i18n.For(lang)
	var out []string
	for _, e := range es.List {
		de := domain.AsError(e.Err)
		if !p.Has(de.Key) {
			t.Errorf("%s: no %s message for %s", lang, lang, de.Key)
		}
		out = append(out, fmt.Sprintf("%d: %s: %s", e.Line, e.Column, p.TMap(de.Key, de.Params)))
	}
	return out
}

// wantProblems checks that the problems are exactly want, in order.
func wantProblems(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// registryCounts are how many rows the registry has, to check that a failed
// import wrote nothing.
func registryCounts(t *testing.T, st *store.Store) domain.Counts {
	t.Helper()
	c, err := st.Counts(context.Background())
	must(t, err)
	return c
}

// auditEntries counts the audit log's entries of an action.
func auditEntries(t *testing.T, st *store.Store, action string) int {
	t.Helper()
	list, err := st.Audit(context.Background(), domain.AuditFilter{Page: domain.Page{Size: 100}})
	must(t, err)
	n := 0
	for _, e := range list.Items {
		if e.Action == action {
			n++
		}
	}
	return n
}

// guarded is the import service as a signed-in user reaches it.
func guarded(st *store.Store) domain.ImportService { return access.NewImports(st) }

var _ = testkit.EachDatabase
