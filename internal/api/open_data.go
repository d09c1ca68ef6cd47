package api

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Open data (issue 8): aggregated figures for anyone, signed in or not, as
// JSON or CSV. No row is about a person — the finest is a region's or a
// qualification's year — and the store hides every count under
// domain.SmallCell (null in JSON, an empty cell in CSV), with the smallest
// other count of a column that hides just one, so that no one can be
// singled out or worked out by subtraction.

// openDefinition says what the columns count, served with every table.
const openDefinition = "Academic years are named by the calendar year they start in (2025 = 2025-26). students: on the roll " +
	"during the year (enrolled before its end, not graduated before its start, not expelled); dual_students: of them, trained at " +
	"an enterprise under a tripartite agreement; graduates: graduated during the year; employed_12: of those graduates, employed " +
	"12 months after graduation by the register of employment contracts, counted once that day has come; contracts: " +
	"targeted-training contracts (not cancelled) of the year's students."

// openNote is the suppression rule, served with every table.
const openNote = "Counts under 5 are suppressed (null in JSON, empty in CSV), as is the smallest other count of a column " +
	"in which only one count is suppressed; each row's suppressed lists its hidden columns."

// openRow is one row of an open-data table in JSON; a null count is
// suppressed.
type openRow struct {
	Key          string   `json:"key"`
	Name         *names   `json:"name"`
	Year         int      `json:"year"`
	Students     *int64   `json:"students"`
	DualStudents *int64   `json:"dual_students"`
	Graduates    *int64   `json:"graduates"`
	Employed12   *int64   `json:"employed_12"`
	Contracts    *int64   `json:"contracts"`
	Suppressed   []string `json:"suppressed"`
}

// openTable is an open-data table in JSON.
type openTable struct {
	By         string    `json:"by"`
	Year       *int      `json:"year"`
	RegionID   *int      `json:"region_id"`
	AsOf       string    `json:"as_of"`
	Definition string    `json:"definition"`
	Note       string    `json:"note"`
	Rows       []openRow `json:"rows"`
}

func openTableOf(t domain.OpenTable) openTable {
	out := openTable{By: t.By, AsOf: t.AsOf.UTC().Format(time.RFC3339), Definition: openDefinition, Note: openNote,
		Rows: make([]openRow, 0, len(t.Rows))}
	if t.Year != 0 {
		out.Year = &t.Year
	}
	if t.RegionID != 0 {
		out.RegionID = &t.RegionID
	}
	for _, r := range t.Rows {
		row := openRow{Key: r.Key, Name: optionalNames(r.Name), Year: r.Year, Suppressed: r.Suppressed}
		if row.Suppressed == nil {
			row.Suppressed = []string{}
		}
		for i, dst := range []**int64{&row.Students, &row.DualStudents, &row.Graduates, &row.Employed12, &row.Contracts} {
			*dst = r.Counts[i]
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// openByRegion answers GET /api/v1/open/by-region.
func (a *API) openByRegion(w http.ResponseWriter, r *http.Request) error {
	return a.openFigures(w, r, domain.OpenByRegion)
}

// openByYear answers GET /api/v1/open/by-year.
func (a *API) openByYear(w http.ResponseWriter, r *http.Request) error {
	return a.openFigures(w, r, domain.OpenByYear)
}

// openByQualification answers GET /api/v1/open/by-qualification.
func (a *API) openByQualification(w http.ResponseWriter, r *http.Request) error {
	return a.openFigures(w, r, domain.OpenByQualification)
}

// openFigures reads the table and answers it as JSON or, asked by
// ?format=csv or an Accept of text/csv, as CSV.
func (a *API) openFigures(w http.ResponseWriter, r *http.Request, by string) error {
	q := newQuery(r)
	oq := domain.OpenQuery{By: by, Year: q.regionID("year")}
	if by != domain.OpenByRegion {
		oq.RegionID = q.regionID("region_id") // the table by region is the country's
	}
	asCSV := false
	switch q.word("format") {
	case "csv":
		asCSV = true
	case "json":
	case "":
		asCSV = strings.Contains(r.Header.Get("Accept"), "text/csv")
	default:
		q.fail(domain.Invalid("format", "error.analytics.format", "format must be json or csv"))
	}
	if err := q.err(); err != nil {
		return err
	}
	t, err := a.reg.OpenFigures(r.Context(), oq)
	if err != nil {
		return err
	}
	// The same for everyone and changed only by a refresh of the counts.
	w.Header().Set("Cache-Control", "public, max-age=300")
	if !asCSV {
		writeJSON(w, r, http.StatusOK, openTableOf(t))
		return nil
	}
	body, err := openCSV(t)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="dualtrack-open-%s.csv"`, by))
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
	return nil
}

// openCSV writes a table as CSV: a suppressed count is an empty cell and
// the row's note names the hidden columns.
func openCSV(t domain.OpenTable) ([]byte, error) {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	header := append([]string{"key", "name_kk", "name_ru", "name_en", "year"}, domain.OpenColumns...)
	header = append(header, "note")
	if err := cw.Write(header); err != nil {
		return nil, err
	}
	for _, r := range t.Rows {
		rec := []string{r.Key, r.Name.KK, r.Name.RU, r.Name.EN, strconv.Itoa(r.Year)}
		for _, c := range r.Counts {
			if c == nil {
				rec = append(rec, "")
			} else {
				rec = append(rec, strconv.FormatInt(*c, 10))
			}
		}
		note := ""
		if len(r.Suppressed) > 0 {
			note = "suppressed (counts under 5): " + strings.Join(r.Suppressed, " ")
		}
		if err := cw.Write(append(rec, note)); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	return buf.Bytes(), cw.Error()
}
