package web

import (
	"bufio"
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/server"
)

// workRecordColumns are the catalog keys of the CSV's header row.
var workRecordColumns = []string{
	"web.work_records.agreement", "web.work_records.starts_on", "web.work_records.ends_on",
	"web.work_records.enterprise_bin", "web.work_records.enterprise", "web.work_records.student_iin",
	"web.work_records.student", "web.work_records.position", "web.work_records.status",
}

// utf8BOM starts the file so that spreadsheet programs read it as UTF-8,
// not as the system's code page, which would garble Kazakh letters.
const utf8BOM = "\uFEFF"

// workRecords downloads, as CSV, the records that count as work
// experience (start, end, enterprise BIN, student IIN, names, position,
// state) of the agreements in the reader's scope that match the list's
// filter (?status=, ?q=). The IIN is masked for roles without personal-
// data rights, by the access layer. The header row is in the reader's
// language; dates are ISO 8601. The rows are streamed as the database
// yields them: the file is written only once the first row (or the end)
// arrives, so an error before it is a clean error page.
func (h *Web) workRecords(w http.ResponseWriter, r *http.Request) {
	v := h.newView(r, "agreements")
	q := newQuery(r)
	f := agreementFilter(q)
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	if err := f.Validate(); err != nil {
		h.fail(w, r, err)
		return
	}
	buf := bufio.NewWriter(w)
	out := csv.NewWriter(buf)
	started := false
	start := func() error {
		started = true
		hd := w.Header()
		hd.Set("Content-Type", "text/csv; charset=utf-8")
		hd.Set("Content-Disposition", `attachment; filename="work-records-`+h.now().In(kazakhstan).Format("2006-01-02")+`.csv"`)
		// Personal data: never kept by a shared computer's cache.
		hd.Set("Cache-Control", "no-store")
		hd.Set("X-Content-Type-Options", "nosniff")
		if _, err := buf.WriteString(utf8BOM); err != nil {
			return err
		}
		header := make([]string, len(workRecordColumns))
		for i, key := range workRecordColumns {
			header[i] = v.T(key)
		}
		return out.Write(header)
	}
	err := h.reg.WorkRecords(r.Context(), f, func(rec domain.WorkRecord) error {
		if !started {
			if err := start(); err != nil {
				return err
			}
		}
		return out.Write([]string{
			strconv.FormatInt(rec.AgreementID, 10),
			rec.StartsOn.Format(time.DateOnly),
			rec.EndsOn.Format(time.DateOnly),
			rec.EnterpriseBIN,
			rec.Enterprise.In(v.Lang),
			rec.StudentIIN,
			rec.Student.Full(),
			rec.Position,
			v.T("web.agreement.status." + string(rec.Status)),
		})
	})
	if err == nil && !started {
		err = start()
	}
	if err == nil {
		out.Flush()
		err = out.Error()
	}
	if err == nil {
		err = buf.Flush()
	}
	switch {
	case err == nil:
	case !started:
		h.fail(w, r, err)
	default:
		// Part of the file is sent: the client must see a broken download,
		// not a complete-looking file that lacks rows.
		server.Logger(r.Context()).Error("work records export failed", "err", err)
		panic(http.ErrAbortHandler)
	}
}
