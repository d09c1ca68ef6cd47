package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/importer"
	"github.com/dualtrack/dualtrack/internal/jobs"
	"github.com/dualtrack/dualtrack/internal/tabular"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// upload posts the upload form as a browser does, its fields before the
// file; a file without a name is no file chosen.
func upload(t testing.TB, base string, headers []string, fields url.Values, name string, content []byte) page {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, k := range []string{"kind", "sheet", "dry_run"} {
		for _, v := range fields[k] {
			mw.WriteField(k, v)
		}
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, base+"/imports", &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	setHeaders(req, headers)
	return do(t, req)
}

// checkOnly and importNow are the upload form's fields for a kind, with
// the dry run's box ticked or not.
func checkOnly(kind domain.ImportKind) url.Values {
	return url.Values{"kind": {string(kind)}, "dry_run": {"1"}}
}

func importNow(kind domain.ImportKind) url.Values { return url.Values{"kind": {string(kind)}} }

// startedJob is the job an upload's redirect names.
func startedJob(t testing.TB, p page) int64 {
	t.Helper()
	if p.status != http.StatusSeeOther {
		t.Fatalf("upload: status %d, want 303; body:\n%s", p.status, excerpt(p.body))
	}
	loc := p.header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/imports/"), 10, 64)
	if err != nil {
		t.Fatalf("upload redirected to %q", loc)
	}
	return id
}

// finished waits for a job to end and returns it.
func (r *registry) finished(t testing.TB, id int64) domain.ImportJob {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		j, err := r.app.Store.ImportJob(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if j.Status.Finished() {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("import %d still %s after a minute", id, j.Status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// studentsCSV is a students file as Excel on a Russian Windows saves it:
// Windows-1251, semicolons, Russian headers; rows are IIN, last name,
// first name, college BIN and group.
func studentsCSV(t testing.TB, rows ...[5]string) []byte {
	t.Helper()
	var b strings.Builder
	b.WriteString("ИИН;Фамилия;Имя;БИН колледжа;Группа;Финансирование;Дата зачисления\r\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s;%s;%s;%s;%s;госзаказ;01.09.2025\r\n", r[0], r[1], r[2], r[3], r[4])
	}
	s, err := charmap.Windows1251.NewEncoder().String(b.String())
	if err != nil {
		t.Fatal(err)
	}
	return []byte(s)
}

// newStudents are two students not in the fixture, in the Almaty
// college's group A; their names are written in the letters Windows-1251
// has (it has no Kazakh ones).
func (r *registry) newStudents(t testing.TB) [][5]string {
	return [][5]string{
		{identifier(t, "08042050101"), "Серикбаев", "Нурсултан", r.almaty.BIN, r.groupA.Code},
		{identifier(t, "08042060102"), "Ким", "Алина", r.almaty.BIN, r.groupA.Code},
	}
}

// TestImportProblemsInRussian: a college's coordinator uploads the list
// Excel saved on a Russian Windows, with a mistyped IIN; the check lists
// the row, the column and the reason in Russian, says nothing was
// written, and offers no Import button.
func TestImportProblemsInRussian(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	coordinator := r.as(t, domain.RoleCollege, "Accept-Language", "ru")
	rows := r.newStudents(t)
	good := rows[1][0]
	rows[1][0] = good[:11] + string('0'+(good[11]-'0'+1)%10)
	id := startedJob(t, upload(t, r.app.URL, coordinator, checkOnly(domain.ImportStudents), "студенты.csv", studentsCSV(t, rows...)))
	if j := r.finished(t, id); j.ProblemTotal != 1 || j.Problems[0].Line != 3 {
		t.Fatalf("the job: %+v", j)
	}
	p := get(t, r.app.URL, importPath(id), coordinator...)
	p.expect(t, http.StatusOK, "студенты.csv", "В файле 1 ошибка", "Ничего не записано",
		`<td class="primary">Строка 3</td>`, `<td data-label="Столбец">ИИН</td>`,
		"Неверная контрольная цифра ИИН: проверьте номер на опечатку.")
	p.lacks(t, "/run", `hx-trigger="every 1s"`)
	if c, _ := r.app.Store.Counts(context.Background()); c.Students != 30 {
		t.Errorf("a file with a problem wrote students: %d", c.Students)
	}
}

// TestImportCheckThenImport: a clean file checked first writes nothing and
// counts what it would do; the Import button writes the same file, once.
func TestImportCheckThenImport(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	ctx := context.Background()
	coordinator := r.as(t, domain.RoleCollege, in("en")...)
	// One new student, and one the registry has, enrolled on another date.
	maria := r.students[9] // Иванова Мария, in group A: her name fits Windows-1251
	rows := append(r.newStudents(t)[:1], [5]string{maria.IIN, maria.Name.Last, maria.Name.First, r.almaty.BIN, r.groupA.Code})
	file := studentsCSV(t, rows...)
	check := startedJob(t, upload(t, r.app.URL, coordinator, checkOnly(domain.ImportStudents), "students.csv", file))
	if j := r.finished(t, check); !j.Clean() || j.Rows != 2 || j.Inserted != 1 || j.Updated != 1 || j.Upload == "" {
		t.Fatalf("the check: %+v", j)
	}
	if c, _ := r.app.Store.Counts(ctx); c.Students != 30 {
		t.Fatalf("the check wrote students: %d", c.Students)
	}
	p := get(t, r.app.URL, importPath(check), coordinator...)
	p.expect(t, http.StatusOK, "The check found no problems. Nothing has been written yet",
		`<span class="stat-value">1</span><span class="stat-label">New records</span>`,
		`<form method="post" action="/imports/`+itoa(check)+`/run"`)

	run := postForm(t, r.app.URL, importPath(check)+"/run", url.Values{}, coordinator...)
	real := startedJob(t, run)
	j := r.finished(t, real)
	if j.Status != domain.ImportDone || j.DryRun || j.Inserted != 1 || j.Updated != 1 || j.SourceID != check || j.Upload != "" {
		t.Fatalf("the import: %+v", j)
	}
	if c, _ := r.app.Store.Counts(ctx); c.Students != 31 {
		t.Fatalf("after the import: %d students, want 31", c.Students)
	}
	list, err := r.app.Store.Students(ctx, domain.StudentFilter{Query: rows[0][0]})
	if err != nil || list.Total != 1 || list.Items[0].Name.First != "Нурсултан" || list.Items[0].GroupID != r.groupA.ID {
		t.Fatalf("the imported student: %+v, %v", list, err)
	}
	get(t, r.app.URL, importPath(real), coordinator...).expect(t, http.StatusOK, "The file is imported.", "students.csv")
	// The check now leads to its import, and a second click imports nothing.
	get(t, r.app.URL, importPath(check), coordinator...).expect(t, http.StatusOK, "See the import of this file")
	postForm(t, r.app.URL, importPath(check)+"/run", url.Values{}, coordinator...).
		expect(t, http.StatusConflict, "no longer kept")
	get(t, r.app.URL, "/imports", coordinator...).expect(t, http.StatusOK, "2 uploads", "imported", "checked, no problems")
}

// TestImportScope: a college imports only its own students: a row of
// another college's is a problem of the file, and nothing is written. A
// kind the role may not import, or a role without imports, is refused.
func TestImportScope(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	coordinator := r.as(t, domain.RoleCollege, in("en")...)
	rows := r.newStudents(t)
	rows[1][3], rows[1][4] = r.astana.BIN, r.groupB.Code
	id := startedJob(t, upload(t, r.app.URL, coordinator, importNow(domain.ImportStudents), "mixed.csv", studentsCSV(t, rows...)))
	j := r.finished(t, id)
	if j.ProblemTotal == 0 || j.Problems[0].Line != 3 || !strings.HasPrefix(j.Problems[0].Key, "error.import.scope") {
		t.Fatalf("another college's student: %+v", j)
	}
	get(t, r.app.URL, importPath(id), coordinator...).expect(t, http.StatusOK, "outside your scope", "Nothing was written")
	if c, _ := r.app.Store.Counts(context.Background()); c.Students != 30 {
		t.Errorf("the import wrote students: %d", c.Students)
	}

	// Colleges are the ministry's and the regions' to import.
	upload(t, r.app.URL, coordinator, checkOnly(domain.ImportColleges), "colleges.csv", []byte("BIN,Name\n")).
		expect(t, http.StatusForbidden, "Your role does not allow this.")
	for _, role := range []domain.Role{domain.RoleTeacher, domain.RoleStudent, domain.RoleMentor, domain.RoleAuditor} {
		get(t, r.app.URL, "/imports", r.as(t, role, in("en")...)...).expect(t, http.StatusForbidden, "Your role does not allow this.")
		upload(t, r.app.URL, r.as(t, role, in("en")...), checkOnly(domain.ImportStudents), "s.csv", studentsCSV(t, rows[0])).
			expect(t, http.StatusForbidden)
	}
	// An upload is its owner's and the ministry's to see.
	get(t, r.app.URL, importPath(id), r.asUser(t, r.astanaCoordinator)...).expect(t, http.StatusNotFound)
	get(t, r.app.URL, importPath(id), r.as(t, domain.RoleRegion)...).expect(t, http.StatusNotFound)
	get(t, r.app.URL, importPath(id), r.as(t, domain.RoleMinistry, in("en")...)...).expect(t, http.StatusOK, "mixed.csv")
	get(t, r.app.URL, "/imports", r.as(t, domain.RoleMinistry, in("en")...)...).expect(t, http.StatusOK, "Uploaded by", "mixed.csv")
	get(t, r.app.URL, "/imports", r.asUser(t, r.astanaCoordinator)...).lacks(t, "mixed.csv")
	if got := postForm(t, r.app.URL, importPath(id)+"/run", url.Values{}, r.as(t, domain.RoleMinistry)...); got.status != http.StatusNotFound {
		t.Errorf("the ministry imported another user's check: %d", got.status)
	}
}

// TestImportRefusedFiles: a file the page cannot import comes back on the
// form with the reason in the user's language, never as a server error,
// and starts nothing.
func TestImportRefusedFiles(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	coordinator := r.as(t, domain.RoleCollege, in("en")...)
	csv := studentsCSV(t, r.newStudents(t)...)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	cases := []struct {
		what, name string
		fields     url.Values
		content    []byte
		want       string
	}{
		{"no kind", "students.csv", url.Values{"dry_run": {"1"}}, csv, "Choose what the file holds."},
		{"no file", "", checkOnly(domain.ImportStudents), nil, "Choose a file."},
		{"an image", "photo.png", checkOnly(domain.ImportStudents), png, "Choose a CSV or XLSX file"},
		{"an image named .csv", "students.csv", checkOnly(domain.ImportStudents), png, "Choose a CSV or XLSX file"},
		{"a PDF named .xlsx", "students.xlsx", checkOnly(domain.ImportStudents), []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "Choose a CSV or XLSX file"},
		{"an old workbook", "students.xls", checkOnly(domain.ImportStudents), []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1}, "Excel 97–2003"},
		{"an empty file", "students.csv", checkOnly(domain.ImportStudents), []byte{}, "The file is empty."},
	}
	for _, c := range cases {
		p := upload(t, r.app.URL, coordinator, c.fields, c.name, c.content)
		if p.status != http.StatusBadRequest || !strings.Contains(p.body, c.want) {
			t.Errorf("%s: status %d, want 400 with %q; body:\n%s", c.what, p.status, c.want, excerpt(p.body))
		}
	}
	// In Russian too, with the form as it was posted.
	p := upload(t, r.app.URL, r.as(t, domain.RoleCollege, in("ru")...), checkOnly(domain.ImportStudents), "photo.png", png)
	p.expect(t, http.StatusBadRequest, "Выберите файл CSV или XLSX", `<option value="students" selected>`, `name="dry_run" value="1" checked`)

	// A file over 100 MB, streamed as a browser sends it.
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		mw.WriteField("kind", "students")
		mw.WriteField("dry_run", "1")
		fw, _ := mw.CreateFormFile("file", "national.csv")
		fw.Write(csv)
		line := bytes.Repeat([]byte("x;"), 512)
		for n := 0; n <= 100<<20; n += len(line) {
			if _, err := fw.Write(line); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		mw.Close()
		pw.Close()
	}()
	req, _ := http.NewRequest(http.MethodPost, r.app.URL+"/imports", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	setHeaders(req, coordinator)
	resp, err := (&http.Client{Timeout: 2 * time.Minute}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "The file is larger than 100 MB.") {
		t.Errorf("a file over 100 MB: status %d; body:\n%s", resp.StatusCode, excerpt(string(body)))
	}

	if jobs, err := r.app.Store.ImportJobList(context.Background(), domain.ImportJobFilter{}); err != nil || jobs.Total != 0 {
		t.Errorf("refused files made jobs: %+v, %v", jobs, err)
	}
}

// TestImportTemplates: each kind's template, in each language, is a file
// the import recognises whole: every column, no unknown header.
func TestImportTemplates(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	ministry := r.as(t, domain.RoleMinistry)
	for _, kind := range importer.Kinds() {
		specs, err := importer.Columns(kind)
		if err != nil {
			t.Fatal(err)
		}
		opts, err := importer.ReadOptions(kind, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range i18n.Languages {
			p := get(t, r.app.URL, "/imports/templates/"+string(kind), append([]string{"Accept-Language", lang}, ministry...)...)
			if p.status != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(p.body, "\uFEFF") {
				t.Fatalf("%s template in %s: status %d, %s", kind, lang, p.status, p.header.Get("Content-Type"))
			}
			tr, err := tabular.NewReader("template.csv", strings.NewReader(p.body), int64(len(p.body)), opts)
			if err != nil {
				t.Errorf("%s template in %s: %v\n%s", kind, lang, err, p.body)
				continue
			}
			if u := tr.Unknown(); len(u) > 0 {
				t.Errorf("%s template in %s has headers the import does not know: %v", kind, lang, u)
			}
			for _, c := range specs {
				if !tr.Has(c.Name) {
					t.Errorf("%s template in %s lacks the column %s:\n%s", kind, lang, c.Name, p.body)
				}
			}
			tr.Close()
		}
	}
	get(t, r.app.URL, "/imports/templates/nothing", ministry...).expect(t, http.StatusNotFound)
}

// TestImportKindsFollowThePolicy: the page offers a role exactly the kinds
// the policy lets it import, each kind with its action in the policy.
func TestImportKindsFollowThePolicy(t *testing.T) {
	t.Parallel()
	for _, k := range domain.ImportKinds {
		if _, ok := auth.Policy[auth.ImportAction(k)]; !ok {
			t.Errorf("kind %s has no action %s in the policy table", k, auth.ImportAction(k))
		}
	}
	r := newRegistry(t, testkit.DSN(t))
	for _, role := range []domain.Role{domain.RoleMinistry, domain.RoleRegion, domain.RoleCollege, domain.RoleEnterprise} {
		p := get(t, r.app.URL, "/imports", r.as(t, role, in("en")...)...)
		p.expect(t, http.StatusOK, `<a href="/imports" aria-current="page">`)
		for _, k := range domain.ImportKinds {
			option := `<option value="` + string(k) + `">`
			if got, want := strings.Contains(p.body, option), auth.Allowed(role, auth.ImportAction(k)); got != want {
				t.Errorf("%s: the form offers %s: %v, the policy says %v", role, k, got, want)
			}
		}
	}
	get(t, r.app.URL, "/", r.as(t, domain.RoleTeacher)...).lacks(t, `href="/imports"`)
}

// TestImportPagesEveryLanguage renders the upload page and an upload's
// states in every language, and fails on anything untranslated.
func TestImportPagesEveryLanguage(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	coordinator := r.as(t, domain.RoleCollege)
	rows := r.newStudents(t)
	clean := startedJob(t, upload(t, r.app.URL, coordinator, checkOnly(domain.ImportStudents), "clean.csv", studentsCSV(t, rows...)))
	rows[0][0] = "123"
	bad := startedJob(t, upload(t, r.app.URL, coordinator, checkOnly(domain.ImportStudents), "bad.csv", studentsCSV(t, rows...)))
	r.finished(t, clean)
	r.finished(t, bad)
	ctx := context.Background()
	running := domain.ImportJob{UserID: r.users[domain.RoleCollege].ID, Kind: domain.ImportTeachers, FileName: "t.csv", FileSize: 900,
		Node: "elsewhere", Upload: "upload-t"}
	if err := r.app.Store.CreateImportJob(ctx, &running); err != nil {
		t.Fatal(err)
	}
	if err := r.app.Store.StartImportJob(ctx, running.ID); err != nil {
		t.Fatal(err)
	}
	if err := r.app.Store.ImportJobProgress(ctx, running.ID, domain.ImportProgress{Rows: 4096, Bytes: 300}); err != nil {
		t.Fatal(err)
	}
	for _, lang := range i18n.Languages {
		for _, pg := range []struct {
			path string
			htmx bool
		}{{"/imports", false}, {"/imports", true}, {importPath(clean), false}, {importPath(bad), false}, {importPath(bad), true},
			{importPath(running.ID), false}, {importPath(running.ID), true}} {
			headers := append([]string{"Cookie", "lang=" + lang}, coordinator...)
			if pg.htmx {
				headers = append(headers, "HX-Request", "true")
			}
			p := get(t, r.app.URL, pg.path, headers...)
			if p.status != http.StatusOK {
				t.Errorf("%s %s: status %d", lang, pg.path, p.status)
			}
			for _, m := range untranslated.FindAllString(p.body, -1) {
				t.Errorf("%s %s (htmx %v): untranslated %q", lang, pg.path, pg.htmx, m)
			}
		}
		p := upload(t, r.app.URL, append([]string{"Cookie", "lang=" + lang}, coordinator...), url.Values{}, "x.csv", []byte("a;b\n"))
		if p.status != http.StatusBadRequest {
			t.Errorf("%s: a form without a kind: status %d", lang, p.status)
		}
		for _, m := range untranslated.FindAllString(p.body, -1) {
			t.Errorf("%s: the refused form: untranslated %q", lang, m)
		}
	}
}

func importPath(id int64) string { return "/imports/" + itoa(id) }

// importProbes are TestRouteMatrix's requests of the import routes: an
// upload of u's own (a clean check of a kind u may import, its file kept
// in name only), which u opens and imports. The upload form is posted
// without a file, so it comes back with the reason.
func (r *registry) importProbes(t *testing.T, u domain.User) map[string]probe {
	t.Helper()
	id := int64(1)
	if u.ID != 0 && auth.Allowed(u.Role, auth.UseImports) {
		for _, k := range domain.ImportKinds {
			if auth.Allowed(u.Role, auth.ImportAction(k)) {
				id = r.cleanCheck(t, u, k)
				break
			}
		}
		// The import the probe starts ends before the database closes.
		t.Cleanup(func() {
			list, err := r.app.Store.ImportJobList(context.Background(), domain.ImportJobFilter{UserID: u.ID})
			if err != nil {
				t.Error(err)
				return
			}
			for _, j := range list.Items {
				r.finished(t, j.ID)
			}
		})
	}
	return map[string]probe{
		"GET /imports":                  {"GET", "/imports", nil, http.StatusOK},
		"POST /imports":                 {"POST", "/imports", url.Values{"kind": {"students"}}, http.StatusBadRequest},
		"GET /imports/{id}":             {"GET", importPath(id), nil, http.StatusOK},
		"POST /imports/{id}/run":        {"POST", importPath(id) + "/run", url.Values{}, http.StatusSeeOther},
		"GET /imports/templates/{kind}": {"GET", "/imports/templates/students", nil, http.StatusOK},
	}
}

// cleanCheck stores a finished clean dry run of u's whose upload exists in
// name only: importing it fails at once, for want of the file.
func (r *registry) cleanCheck(t testing.TB, u domain.User, kind domain.ImportKind) int64 {
	t.Helper()
	ctx := context.Background()
	st := r.app.Store
	j := domain.ImportJob{UserID: u.ID, Kind: kind, FileName: "matrix.csv", FileSize: 10, DryRun: true, Node: "matrix", Upload: "upload-matrix"}
	if err := st.CreateImportJob(ctx, &j); err != nil {
		t.Fatal(err)
	}
	if err := st.StartImportJob(ctx, j.ID); err != nil {
		t.Fatal(err)
	}
	j.Status, j.Rows, j.Inserted = domain.ImportDone, 1, 1
	if err := st.FinishImportJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	return j.ID
}

// TestImportProgressPage: while an import runs its page shows how far it
// has read, polls with htmx and reloads itself without JavaScript; the
// fragment htmx fetches once it has ended carries the outcome and no
// further polling.
func TestImportProgressPage(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	ctx := context.Background()
	u := r.users[domain.RoleCollege]
	coordinator := r.as(t, domain.RoleCollege, in("en")...)
	j := domain.ImportJob{UserID: u.ID, Kind: domain.ImportStudents, FileName: "big.csv", FileSize: 4000, Node: "elsewhere", Upload: "upload-x"}
	if err := r.app.Store.CreateImportJob(ctx, &j); err != nil {
		t.Fatal(err)
	}
	get(t, r.app.URL, importPath(j.ID), coordinator...).expect(t, http.StatusOK, "Waiting to start…", `hx-trigger="every 1s"`)
	if err := r.app.Store.StartImportJob(ctx, j.ID); err != nil {
		t.Fatal(err)
	}
	if err := r.app.Store.ImportJobProgress(ctx, j.ID, domain.ImportProgress{Rows: 8192, Bytes: 3000}); err != nil {
		t.Fatal(err)
	}
	get(t, r.app.URL, importPath(j.ID), coordinator...).expect(t, http.StatusOK, `<progress value="3000" max="4000"`,
		"75 % of the file · 8,192 rows read", `hx-get="/imports/`+itoa(j.ID)+`" hx-trigger="every 1s"`,
		`<noscript><meta http-equiv="refresh" content="2">`, "in progress")
	j.Status, j.Rows, j.Inserted, j.Upload = domain.ImportDone, 9000, 9000, ""
	if err := r.app.Store.FinishImportJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	p := get(t, r.app.URL, importPath(j.ID), append(coordinator, "HX-Request", "true")...)
	p.expect(t, http.StatusOK, `<section id="results"`, "The file is imported.", `<span class="stat-value">9,000</span>`)
	p.lacks(t, "hx-trigger", "<progress", "<html")
}

// TestImportRetriedAfterACrash: an import whose node stopped half-way
// (its row left running) is taken up again by the job's next attempt —
// river's rescue makes it available — on whichever node is free, from the
// start, since the first attempt wrote nothing; its page then shows it
// imported.
func TestImportRetriedAfterACrash(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	ctx := context.Background()
	u := r.users[domain.RoleCollege]
	content := studentsCSV(t, r.newStudents(t)...)
	file, size, err := r.app.Store.SaveFile(ctx, u.ID, bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	j := domain.ImportJob{UserID: u.ID, Kind: domain.ImportStudents, FileName: "cut.csv", FileSize: size, Node: "gone:8080",
		Upload: strconv.FormatInt(file, 10)}
	if err := r.app.Store.CreateImportJob(ctx, &j); err != nil {
		t.Fatal(err)
	}
	if err := r.app.Store.StartImportJob(ctx, j.ID); err != nil {
		t.Fatal(err)
	}
	if err := r.app.Store.ImportJobProgress(ctx, j.ID, domain.ImportProgress{Rows: 1, Bytes: 100}); err != nil {
		t.Fatal(err)
	}
	coordinator := r.as(t, domain.RoleCollege, in("en")...)
	get(t, r.app.URL, importPath(j.ID), coordinator...).expect(t, http.StatusOK, "in progress", `hx-trigger="every 1s"`)

	queue, err := jobs.NewQueue(r.app.Store, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := queue.RunImport(ctx, j.ID); err != nil {
		t.Fatal(err)
	}
	if got := r.finished(t, j.ID); got.Status != domain.ImportDone || got.Inserted != 2 || got.Upload != "" {
		t.Fatalf("after the retry: %+v", got)
	}
	get(t, r.app.URL, importPath(j.ID), coordinator...).expect(t, http.StatusOK, "The file is imported.")
}

// TestImportWorkbook: an XLSX workbook imports from the sheet named on the
// form; a sheet it does not have is a problem of the file as a whole.
func TestImportWorkbook(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	coordinator := r.as(t, domain.RoleCollege, in("en")...)
	x := excelize.NewFile()
	defer x.Close()
	x.SetSheetName("Sheet1", "Список")
	x.SetSheetRow("Список", "A1", &[]any{"ИИН", "Фамилия", "Имя", "БИН колледжа", "Группа", "Финансирование", "Дата зачисления"})
	for i, s := range r.newStudents(t) {
		x.SetSheetRow("Список", "A"+strconv.Itoa(i+2), &[]any{s[0], s[1], s[2], s[3], s[4], "госзаказ", "01.09.2025"})
	}
	var book bytes.Buffer
	if _, err := x.WriteTo(&book); err != nil {
		t.Fatal(err)
	}
	fields := checkOnly(domain.ImportStudents)
	fields.Set("sheet", "Список")
	ok := startedJob(t, upload(t, r.app.URL, coordinator, fields, "students.xlsx", book.Bytes()))
	if j := r.finished(t, ok); !j.Clean() || j.Rows != 2 || j.Sheet != "Список" {
		t.Fatalf("the workbook's check: %+v", j)
	}
	fields.Set("sheet", "Лист2")
	missing := startedJob(t, upload(t, r.app.URL, coordinator, fields, "students.xlsx", book.Bytes()))
	if j := r.finished(t, missing); j.ProblemTotal != 1 || j.Problems[0].Key != "error.file.sheet" {
		t.Fatalf("a missing sheet: %+v", j)
	}
	get(t, r.app.URL, importPath(missing), coordinator...).expect(t, http.StatusOK, `<td class="primary">The whole file</td>`, "Список")
}
