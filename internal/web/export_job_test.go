package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestLargeExportPreparedInBackground: with the threshold lowered to
// three rows, the ministry's download of the students is not streamed but
// prepared by a background job: the link leads to a note that polls, then
// offers the file, whose bytes are those the streaming download gives
// (compared with a node of the default threshold over the same database),
// in CSV and XLSX. Nobody else, a college's coordinator included, finds
// the note or the file. A short list still streams.
func TestLargeExportPreparedInBackground(t *testing.T) {
	t.Parallel()
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			dsn := db.DSN(t)
			r := newRegistry(t, dsn, testkit.WithExportJobRows(3))
			streaming := testkit.StartApp(t, dsn)
			ministry := r.as(t, domain.RoleMinistry, in("en")...)

			for _, format := range []string{"csv", "xlsx"} {
				path := "/students/export?format=" + format + "&status=studying"
				asked := get(t, r.app.URL, path, ministry...)
				if asked.status != http.StatusSeeOther || !strings.HasPrefix(asked.header.Get("Location"), "/exports/") {
					t.Fatalf("%s: status %d to %q, want 303 to the export's page; body:\n%s", path, asked.status,
						asked.header.Get("Location"), excerpt(asked.body))
				}
				note := asked.header.Get("Location")
				get(t, r.app.URL, note, ministry...).expect(t, http.StatusOK, "Your file", "the file is being prepared in the background")
				ready := waitForExport(t, r.app.URL, note, ministry)
				ready.expect(t, 286, "Your file is ready:", `href="`+note+`/file"`, "students-", "."+format)
				ready.lacks(t, "hx-trigger")

				want := download(t, streaming.URL, path, ministry...)
				got := get(t, r.app.URL, note+"/file", ministry...)
				if got.status != http.StatusOK || got.header.Get("Cache-Control") != "no-store" {
					t.Fatalf("the prepared file: status %d, Cache-Control %q", got.status, got.header.Get("Cache-Control"))
				}
				if got.body != want.body {
					t.Errorf("%s: the prepared file (%d bytes) differs from the streamed one (%d bytes)", format, len(got.body), len(want.body))
				}
				if got.header.Get("Content-Type") != want.header.Get("Content-Type") ||
					got.header.Get("Content-Disposition") != want.header.Get("Content-Disposition") {
					t.Errorf("%s: sent as %q, %q; streamed as %q, %q", format, got.header.Get("Content-Type"), got.header.Get("Content-Disposition"),
						want.header.Get("Content-Type"), want.header.Get("Content-Disposition"))
				}
				for _, role := range []domain.Role{domain.RoleCollege, domain.RoleRegion} {
					other := r.as(t, role, in("en")...)
					get(t, r.app.URL, note, other...).expect(t, http.StatusNotFound)
					get(t, r.app.URL, note+"/file", other...).expect(t, http.StatusNotFound)
				}
			}
			// Each download is in the audit log from the address that
			// asked for it, the prepared ones too, whose entries the jobs
			// wrote.
			log, err := r.app.Store.Audit(context.Background(), domain.AuditFilter{})
			if err != nil {
				t.Fatal(err)
			}
			exports := 0
			for _, e := range log.Items {
				if e.Action != "export_list" {
					continue
				}
				exports++
				if e.Address != "127.0.0.1" {
					t.Errorf("export entry %d (%s) from %q, want 127.0.0.1", e.ID, e.After, e.Address)
				}
			}
			if exports != 4 {
				t.Errorf("%d export entries, want 4: two prepared and two streamed", exports)
			}
			// Two rows: under the threshold, streamed at once.
			download(t, r.app.URL, "/colleges/export?format=csv&q=zzz", ministry...)
			get(t, r.app.URL, "/jobs?kind=exports.run", ministry...).expect(t, http.StatusOK,
				"<strong>2 jobs</strong>", "Download prepared", "Completed", "1 of 3")
		})
	}
}

// waitForExport asks for an export's note as htmx does until it stops
// the polling (286), and returns that answer.
func waitForExport(t *testing.T, base, note string, headers []string) page {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		p := get(t, base, note, append(headers, "HX-Request", "true")...)
		switch {
		case p.status == 286:
			return p
		case p.status != http.StatusOK:
			t.Fatalf("%s: status %d; body:\n%s", note, p.status, excerpt(p.body))
		case !strings.Contains(p.body, `hx-trigger="every 5s"`) || !strings.Contains(p.body, "The file is being prepared"):
			t.Fatalf("%s: the note while preparing neither polls nor says so:\n%s", note, excerpt(p.body))
		case time.Now().After(deadline):
			t.Fatalf("%s: not ready within a minute", note)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestExportNoteWhilePreparing: a download waiting for its job says so in
// the reader's language, polls every 5 s and reloads without JavaScript;
// a failed one says why; an expired one offers the list again, and its
// file is gone.
func TestExportNoteWhilePreparing(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	ctx := context.Background()
	st := r.app.Store
	u := r.users[domain.RoleMinistry]
	// Recorded but never queued: no job takes it.
	waiting := domain.ExportJob{UserID: u.ID, Role: u.Role, Path: "/students/export", Query: "format=csv&status=studying", Lang: "ru", Rows: 61234}
	if err := st.CreateExportJob(ctx, &waiting); err != nil {
		t.Fatal(err)
	}
	note := "/exports/" + itoa(waiting.ID)
	get(t, r.app.URL, note, r.as(t, domain.RoleMinistry, in("ru")...)...).expect(t, http.StatusOK,
		"Файл готовится", "61\u00a0234 строки", `hx-trigger="every 5s"`, `<noscript><meta http-equiv="refresh" content="10">`,
		`href="/students?status=studying"`)
	get(t, r.app.URL, note, r.as(t, domain.RoleMinistry, append(in("kk"), "HX-Request", "true")...)...).expect(t, http.StatusOK,
		"Файл дайындалуда", `hx-trigger="every 5s"`)

	failed := domain.ExportJob{UserID: u.ID, Role: u.Role, Path: "/students/export", Query: "format=csv", Lang: "en", Rows: 70000}
	if err := st.CreateExportJob(ctx, &failed); err != nil {
		t.Fatal(err)
	}
	failed.Status, failed.ErrorKey = domain.ImportFailed, "error.export_job.asker_changed"
	if err := st.FinishExportJob(ctx, failed); err != nil {
		t.Fatal(err)
	}
	get(t, r.app.URL, "/exports/"+itoa(failed.ID), r.as(t, domain.RoleMinistry, append(in("en"), "HX-Request", "true")...)...).
		expect(t, 286, "The file could not be prepared.", "disabled or given another role since")

	st.Now = func() time.Time { return time.Now().Add(-25 * time.Hour) }
	old := domain.ExportJob{UserID: u.ID, Role: u.Role, Path: "/students/export", Query: "format=csv", Lang: "en", Rows: 70000}
	if err := st.CreateExportJob(ctx, &old); err != nil {
		t.Fatal(err)
	}
	id, _, err := st.SaveFile(ctx, u.ID, strings.NewReader("iin,name\n"))
	if err != nil {
		t.Fatal(err)
	}
	old.Status, old.FileID, old.FileName, old.ContentType = domain.ImportDone, id, "students.csv", "text/csv; charset=utf-8"
	if err := st.FinishExportJob(ctx, old); err != nil {
		t.Fatal(err)
	}
	st.Now = time.Now
	ministry := r.as(t, domain.RoleMinistry, in("en")...)
	get(t, r.app.URL, "/exports/"+itoa(old.ID), ministry...).expect(t, http.StatusOK, "The file is no longer kept")
	get(t, r.app.URL, "/exports/"+itoa(old.ID)+"/file", ministry...).expect(t, http.StatusNotFound)
}

// exportJobProbes are TestRouteMatrix's requests of a large download's
// page and file: a finished one of u's own.
func (r *registry) exportJobProbes(t *testing.T, u domain.User) map[string]probe {
	t.Helper()
	id := int64(1)
	if u.ID != 0 {
		ctx := context.Background()
		st := r.app.Store
		j := domain.ExportJob{UserID: u.ID, Role: u.Role, Path: "/colleges/export", Query: "format=csv", Lang: "en", Rows: 60000}
		if err := st.CreateExportJob(ctx, &j); err != nil {
			t.Fatal(err)
		}
		file, _, err := st.SaveFile(ctx, u.ID, strings.NewReader("bin,name\n"))
		if err != nil {
			t.Fatal(err)
		}
		j.Status, j.FileID, j.FileName, j.ContentType = domain.ImportDone, file, "colleges.csv", "text/csv; charset=utf-8"
		if err := st.FinishExportJob(ctx, j); err != nil {
			t.Fatal(err)
		}
		id = j.ID
	}
	return map[string]probe{
		"GET /exports/{id}":      {"GET", "/exports/" + itoa(id), nil, http.StatusOK},
		"GET /exports/{id}/file": {"GET", "/exports/" + itoa(id) + "/file", nil, http.StatusOK},
	}
}

// TestImportsRunAsBackgroundJobs: an upload is imported by a background
// job, which writes its rows (the students appear on the list) and shows
// on the operators' page; a file with a bad row is the job's final word —
// cancelled after one attempt, not tried again — and its page names the
// row.
func TestImportsRunAsBackgroundJobs(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		coordinator := r.as(t, domain.RoleCollege, in("en")...)
		ministry := r.as(t, domain.RoleMinistry, in("en")...)
		rows := r.newStudents(t)
		id := startedJob(t, upload(t, r.app.URL, coordinator, importNow(domain.ImportStudents), "students.csv", studentsCSV(t, rows...)))
		if j := r.finished(t, id); j.Status != domain.ImportDone || j.Inserted != 2 {
			t.Fatalf("the import: %+v", j)
		}
		get(t, r.app.URL, importPath(id), coordinator...).expect(t, http.StatusOK, "The file is imported.")
		get(t, r.app.URL, "/students?q="+url.QueryEscape("Серикбаев"), coordinator...).expect(t, http.StatusOK, "Серикбаев")
		// The import's audit entry, written by the job, names the user
		// and the address the upload came from, as a page's would.
		entries, err := r.app.Store.Audit(context.Background(), domain.AuditFilter{RecordType: "import"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries.Items) != 1 || entries.Items[0].Address != "127.0.0.1" || entries.Items[0].Role != domain.RoleCollege {
			t.Fatalf("the import's audit entries: %+v, want one by the college from 127.0.0.1", entries.Items)
		}

		good := rows[1][0]
		rows[1][0] = good[:11] + string('0'+(good[11]-'0'+1)%10)
		bad := startedJob(t, upload(t, r.app.URL, coordinator, importNow(domain.ImportStudents), "bad.csv", studentsCSV(t, rows...)))
		if j := r.finished(t, bad); j.ProblemTotal != 1 {
			t.Fatalf("the file with a bad row: %+v", j)
		}
		get(t, r.app.URL, importPath(bad), coordinator...).expect(t, http.StatusOK,
			`<td class="primary">Row 3</td>`, "Nothing was written")

		waitForJobs(t, r, domain.JobImportRun, 2)
		get(t, r.app.URL, "/jobs?kind=imports.run&state=completed", ministry...).expect(t, http.StatusOK,
			"<strong>1 job</strong>", "File imported", "1 of 3")
		get(t, r.app.URL, "/jobs?kind=imports.run&state=cancelled", ministry...).expect(t, http.StatusOK,
			"<strong>1 job</strong>", "File imported", "1 of 3", "problems")
		if c, _ := r.app.Store.Counts(context.Background()); c.Students != 32 {
			t.Errorf("students after a good and a bad file: %d, want 32", c.Students)
		}
	})
}

// waitForJobs waits until n jobs of a kind have ended.
func waitForJobs(t *testing.T, r *registry, kind string, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		list, err := r.app.Store.Jobs(context.Background(), domain.JobFilter{Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		ended := 0
		for _, j := range list.Items {
			if !j.FinalizedAt.IsZero() {
				ended++
			}
		}
		if ended >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d %s jobs ended within a minute", ended, n, kind)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
