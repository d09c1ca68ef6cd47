package api

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/server"
)

// workRecord is the part of an agreement that counts as work experience:
// start, end, the enterprise's BIN and the student's IIN (whole only for
// readers allowed personal data, like everywhere else).
type workRecord struct {
	AgreementID      int64      `json:"agreement_id"`
	StudentIINMasked string     `json:"student_iin_masked"`
	StudentIIN       string     `json:"student_iin,omitempty"`
	StudentName      personName `json:"student_name"`
	EnterpriseBIN    string     `json:"enterprise_bin"`
	EnterpriseName   names      `json:"enterprise_name"`
	Position         string     `json:"position"`
	StartsOn         string     `json:"starts_on"`
	EndsOn           string     `json:"ends_on"`
	Status           string     `json:"status"`
}

// workRecordOf converts a record. The access layer has masked the IIN for
// a reader without the right; a whole IIN is twelve digits.
func workRecordOf(rec domain.WorkRecord, allowed bool) workRecord {
	whole := len(rec.StudentIIN) == 12 && digitsOnly(rec.StudentIIN)
	out := workRecord{AgreementID: rec.AgreementID, StudentIINMasked: maskedIIN(rec.StudentIIN, !whole),
		StudentName: personNameOf(rec.Student), EnterpriseBIN: rec.EnterpriseBIN, EnterpriseName: namesOf(rec.Enterprise),
		Position: rec.Position, StartsOn: dateOf(rec.StartsOn), EndsOn: dateOf(rec.EndsOn), Status: string(rec.Status)}
	if allowed && whole {
		out.StudentIIN = rec.StudentIIN
	}
	return out
}

// workRecordColumns head the CSV form, one column per field of the JSON
// form, the name spelled out in parts.
var workRecordColumns = []string{"agreement_id", "student_iin", "student_last_name", "student_first_name",
	"student_middle_name", "enterprise_bin", "enterprise_name", "position", "starts_on", "ends_on", "status"}

// listWorkRecords answers GET /api/v1/work-records: the work-experience
// records of every agreement the caller may see that matches the filter,
// in agreement order — as JSON, or as CSV with format=csv or an Accept
// header asking for text/csv. The list is not paged: it is an export, and
// it is streamed as the database yields it.
func (a *API) listWorkRecords(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.AgreementFilter{
		Status:       domain.AgreementStatus(q.word("status")),
		StudentID:    q.id("student_id"),
		CollegeID:    q.id("college_id"),
		EnterpriseID: q.id("enterprise_id"),
		RegionID:     q.regionID("region_id"),
		GroupID:      q.id("group_id"),
	}
	format := q.word("format")
	if err := q.err(); err != nil {
		return err
	}
	switch format {
	case "":
		format = "json"
		if acceptsCSV(r) {
			format = "csv"
		}
	case "json", "csv":
	default:
		return domain.Invalid("format", "error.api.format", "format must be json or csv")
	}
	allowed := mayReadPersonal(r, auth.ReadStudentPersonal)
	language := lang(r)

	// Nothing is written before the first record, so an error up to then
	// (a bad filter, a refused scope) still gets a proper error answer.
	var (
		bw      *bufio.Writer
		cw      *csv.Writer
		n       int
		started bool
	)
	start := func() {
		started = true
		h := w.Header()
		if format == "csv" {
			h.Set("Content-Type", "text/csv; charset=utf-8")
			h.Set("Content-Disposition", `attachment; filename="work-records.csv"`)
		} else {
			h.Set("Content-Type", "application/json")
		}
		w.WriteHeader(http.StatusOK)
		bw = bufio.NewWriter(w)
		if format == "csv" {
			cw = csv.NewWriter(bw)
			cw.Write(workRecordColumns)
		} else {
			bw.WriteString(`{"items":[`)
		}
	}
	err := a.reg.WorkRecords(r.Context(), f, func(rec domain.WorkRecord) error {
		if !started {
			start()
		}
		out := workRecordOf(rec, allowed)
		n++
		if format == "csv" {
			iin := out.StudentIIN
			if iin == "" {
				iin = out.StudentIINMasked
			}
			middle := ""
			if out.StudentName.Middle != nil {
				middle = *out.StudentName.Middle
			}
			cw.Write([]string{strconv.FormatInt(out.AgreementID, 10), iin, out.StudentName.Last, out.StudentName.First, middle,
				out.EnterpriseBIN, rec.Enterprise.In(language), out.Position, out.StartsOn, out.EndsOn, out.Status})
			return cw.Error()
		}
		b, err := json.Marshal(out)
		if err != nil {
			return err
		}
		if n > 1 {
			bw.WriteByte(',')
		}
		_, err = bw.Write(b)
		return err
	})
	if err != nil {
		if !started {
			return err
		}
		// Half an answer cannot be taken back. Cutting the connection
		// shows the client a broken transfer, where a quietly shortened
		// list would pass for the whole.
		server.Logger(r.Context()).Error("api work records", "err", err)
		panic(http.ErrAbortHandler)
	}
	if !started {
		start()
	}
	if format == "csv" {
		cw.Flush()
	} else {
		// An object's keys have no order: the total can follow the items
		// it counts.
		bw.WriteString(`],"total":` + strconv.Itoa(n) + "}\n")
	}
	// A failed flush means the client has gone; there is no one left to
	// tell.
	bw.Flush()
	return nil
}

// acceptsCSV reports whether the Accept header names text/csv as
// acceptable.
func acceptsCSV(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept") {
		for _, part := range strings.Split(v, ",") {
			mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil || mt != "text/csv" {
				continue
			}
			if q, err := strconv.ParseFloat(params["q"], 64); err != nil || q > 0 {
				return true // no q (or an unreadable one) means 1
			}
		}
	}
	return false
}
