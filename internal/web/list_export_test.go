package web_test

import (
	"context"
	"encoding/csv"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// exportProbes are the route matrix's requests for the lists' downloads.
// The mentors' enterprise is Energo, a partner of the Almaty college
// through its offers, so every role that reads mentors may list them.
func (r *registry) exportProbes(t testing.TB) map[string]probe {
	r.placements(t)
	return map[string]probe{
		"GET /colleges/export":     {"GET", "/colleges/export?format=csv", nil, http.StatusOK},
		"GET /enterprises/export":  {"GET", "/enterprises/export?format=xlsx", nil, http.StatusOK},
		"GET /students/export":     {"GET", "/students/export?format=csv&sort=-name", nil, http.StatusOK},
		"GET /offers/export":       {"GET", "/offers/export?format=xlsx", nil, http.StatusOK},
		"GET /applications/export": {"GET", "/applications/export?format=csv&status=all", nil, http.StatusOK},
		"GET /mentors/export":      {"GET", "/mentors/export?format=xlsx&enterprise_id=" + itoa(r.energo.ID), nil, http.StatusOK},
		"GET /agreements/export":   {"GET", "/agreements/export?format=csv", nil, http.StatusOK},
		"GET /audit/export":        {"GET", "/audit/export?format=xlsx", nil, http.StatusOK},
	}
}

// sheet is a downloaded file read back: the header and the rows.
type sheet struct {
	header []string
	rows   [][]string
}

// col returns the index of a header, failing the test if there is none.
func (s sheet) col(t *testing.T, name string) int {
	t.Helper()
	i := slices.Index(s.header, name)
	if i < 0 {
		t.Fatalf("no column %q in %q", name, s.header)
	}
	return i
}

// cell is the value of row i (0 is the first data row) in column name.
func (s sheet) cell(t *testing.T, i int, name string) string {
	t.Helper()
	c := s.col(t, name)
	if c >= len(s.rows[i]) {
		return ""
	}
	return s.rows[i][c]
}

var fileName = regexp.MustCompile(`^attachment; filename="([a-z]+)-(\d{4}-\d{2}-\d{2})\.(csv|xlsx)"$`)

// download fetches an export and checks what every download shares: 200,
// the file's type, an attachment named after the list and today's date in
// Kazakhstan, and no caching of what may be personal data.
func download(t *testing.T, base, path string, headers ...string) page {
	t.Helper()
	p := get(t, base, path, headers...)
	if p.status != http.StatusOK {
		t.Fatalf("GET %s: status %d; body:\n%s", path, p.status, excerpt(p.body))
	}
	m := fileName.FindStringSubmatch(p.header.Get("Content-Disposition"))
	if m == nil {
		t.Fatalf("GET %s: Content-Disposition %q", path, p.header.Get("Content-Disposition"))
	}
	if today := time.Now().In(time.FixedZone("UTC+5", 5*3600)).Format(time.DateOnly); m[2] != today {
		t.Errorf("GET %s: file dated %s, want %s", path, m[2], today)
	}
	if !strings.HasPrefix(path, "/"+m[1]+"/export") {
		t.Errorf("GET %s: file named %q", path, m[1])
	}
	want := map[string]string{"csv": "text/csv; charset=utf-8",
		"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[m[3]]
	if got := p.header.Get("Content-Type"); got != want {
		t.Errorf("GET %s: Content-Type %q, want %q", path, got, want)
	}
	if got := p.header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("GET %s: Cache-Control %q, want no-store", path, got)
	}
	return p
}

// csvSheet reads a downloaded CSV, which must start with the UTF-8
// byte-order mark so that Excel reads Kazakh letters right.
func csvSheet(t *testing.T, p page) sheet {
	t.Helper()
	body, ok := strings.CutPrefix(p.body, "\uFEFF")
	if !ok {
		t.Fatalf("the CSV does not start with the UTF-8 byte-order mark: %q", excerpt(p.body))
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("CSV: %v; body:\n%s", err, excerpt(body))
	}
	return sheet{header: recs[0], rows: recs[1:]}
}

// xlsxSheet reads a downloaded workbook: one sheet, its cells as Excel
// shows them.
func xlsxSheet(t *testing.T, p page) (sheet, *excelize.File, string) {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(p.body))
	if err != nil {
		t.Fatalf("XLSX: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	names := f.GetSheetList()
	if len(names) != 1 {
		t.Fatalf("the workbook has sheets %q, want one", names)
	}
	rows, err := f.GetRows(names[0])
	if err != nil || len(rows) == 0 {
		t.Fatalf("XLSX rows: %v (%d rows)", err, len(rows))
	}
	return sheet{header: rows[0], rows: rows[1:]}, f, names[0]
}

// almatyStudying are the fixture's Almaty students who are studying (one
// is on academic leave), by name from Я to А, as the list sorted -name.
func (r *registry) almatyStudying() []domain.Student {
	var out []domain.Student
	for _, s := range r.students {
		if s.CollegeID == r.almaty.ID && s.Status == domain.StatusStudying {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b domain.Student) int {
		return strings.Compare(domain.SearchKey(b.Name.Last, b.Name.First, b.Name.Middle), domain.SearchKey(a.Name.Last, a.Name.First, a.Name.Middle))
	})
	return out
}

// TestExportStudents downloads a filtered, sorted list of students as the
// Almaty college's coordinator, in Russian and in Kazakh, as CSV and XLSX:
// only the college's students, in the page's order, with the personal data
// the coordinator may see, IINs whole (they start with a zero), dates ISO.
func TestExportStudents(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		want := r.almatyStudying()
		const path = "/students/export?status=studying&sort=-name&format="
		ru, kk := i18n.For("ru"), i18n.For("kk")
		check := func(t *testing.T, s sheet, tr i18n.Printer, college string) {
			t.Helper()
			if len(s.rows) != len(want) {
				t.Fatalf("%d rows, want %d (Almaty's students who are studying)", len(s.rows), len(want))
			}
			for i, st := range want {
				if got := s.cell(t, i, tr.T("web.field.full_name")); got != st.Name.Full() {
					t.Errorf("row %d: %q, want %q (the page's order, -name)", i+1, got, st.Name.Full())
				}
				if got := s.cell(t, i, tr.T("web.field.iin")); got != st.IIN || got[0] != '0' {
					t.Errorf("row %d: IIN %q, want %q with its leading zero", i+1, got, st.IIN)
				}
				if got := s.cell(t, i, tr.T("web.field.birth_date")); got != "2007-03-15" {
					t.Errorf("row %d: birth date %q, want 2007-03-15", i+1, got)
				}
				if got := s.cell(t, i, tr.T("web.field.enrolled_on")); got != "2023-09-01" {
					t.Errorf("row %d: enrolled on %q, want 2023-09-01", i+1, got)
				}
				if got := s.cell(t, i, tr.T("web.field.phone")); got != st.Phone {
					t.Errorf("row %d: phone %q, want %q", i+1, got, st.Phone)
				}
				if got := s.cell(t, i, tr.T("web.field.college")); got != college {
					t.Errorf("row %d: college %q, want %q", i+1, got, college)
				}
				if got := s.cell(t, i, tr.T("web.field.status")); got != tr.T("web.status.studying") {
					t.Errorf("row %d: status %q", i+1, got)
				}
			}
		}
		coordinator := r.as(t, domain.RoleCollege, in("ru")...)
		t.Run("csv", func(t *testing.T) {
			p := download(t, r.app.URL, path+"csv", coordinator...)
			s := csvSheet(t, p)
			if s.header[0] != "ИИН" {
				t.Errorf("header %q, want it in Russian, starting with ИИН", s.header)
			}
			check(t, s, ru, r.almaty.Name.RU)
			if strings.Contains(p.body, r.astana.Name.RU) || strings.Contains(p.body, r.students[25].Name.Last) {
				t.Error("the coordinator's file holds another college's students")
			}
			if !strings.Contains(p.body, "\n"+r.aigerim.IIN+",Әбілқасымова Айгерім,2007-03-15,") {
				t.Errorf("Aigerim's row is not plain UTF-8 CSV with her whole IIN:\n%s", excerpt(p.body))
			}
		})
		t.Run("xlsx", func(t *testing.T) {
			s, f, name := xlsxSheet(t, download(t, r.app.URL, path+"xlsx", coordinator...))
			if name != ru.T("web.students.title") {
				t.Errorf("sheet %q, want the list's title", name)
			}
			check(t, s, ru, r.almaty.Name.RU)
			iin := cellName(t, s.col(t, ru.T("web.field.iin")), 2)
			if typ, _ := f.GetCellType(name, iin); typ != excelize.CellTypeInlineString {
				t.Errorf("IIN cell %s has type %v, want text", iin, typ)
			}
			birth := cellName(t, s.col(t, ru.T("web.field.birth_date")), 2)
			raw, _ := f.GetCellValue(name, birth, excelize.Options{RawCellValue: true})
			if serial, err := strconv.ParseFloat(raw, 64); err != nil || serial != 39156 { // 15 March 2007
				t.Errorf("birth date cell %s holds %q, want the date serial 39156", birth, raw)
			}
			style, _ := f.GetCellStyle(name, "A1")
			if st, err := f.GetStyle(style); err != nil || st.Font == nil || !st.Font.Bold {
				t.Error("the header row is not bold")
			}
		})
		t.Run("kazakh", func(t *testing.T) {
			p := download(t, r.app.URL, path+"csv", r.as(t, domain.RoleCollege, in("kk")...)...)
			s := csvSheet(t, p)
			check(t, s, kk, r.almaty.Name.KK)
			if !slices.Contains(s.header, "Колледж") || !slices.Contains(s.header, "Туған күні") {
				t.Errorf("header %q is not in Kazakh", s.header)
			}
			xs, _, _ := xlsxSheet(t, download(t, r.app.URL, path+"xlsx", r.as(t, domain.RoleCollege, in("kk")...)...))
			check(t, xs, kk, "Алматы политехникалық колледжі")
		})
	})
}

// cellName is the A1 name of a zero-based column and a row.
func cellName(t *testing.T, col, row int) string {
	t.Helper()
	n, err := excelize.CoordinatesToCellName(col+1, row)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestExportMasksPersonalData: the ministry, which may not see personal
// data, gets masked IINs and no birth date or phone at all, in the
// students' file and in the agreements'.
func TestExportMasksPersonalData(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	en := i18n.For("en")
	ministry := r.as(t, domain.RoleMinistry, in("en")...)
	iins := map[string]string{} // full name → masked IIN
	for _, s := range r.students {
		iins[s.Name.Full()] = domain.MaskIIN(s.IIN)
	}
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			p := download(t, r.app.URL, "/students/export?format="+format, ministry...)
			var s sheet
			if format == "csv" {
				s = csvSheet(t, p)
				for _, st := range r.students {
					if strings.Contains(p.body, st.IIN) || strings.Contains(p.body, st.Phone) {
						t.Fatalf("the file holds %s's IIN or phone", st.Name.Full())
					}
				}
			} else {
				s, _, _ = xlsxSheet(t, p)
			}
			for _, h := range []string{en.T("web.field.birth_date"), en.T("web.field.phone")} {
				if slices.Contains(s.header, h) {
					t.Errorf("the file has a %q column", h)
				}
			}
			if len(s.rows) != len(r.students) {
				t.Fatalf("%d rows, want every student (%d)", len(s.rows), len(r.students))
			}
			for i := range s.rows {
				name := s.cell(t, i, en.T("web.field.full_name"))
				if got := s.cell(t, i, en.T("web.field.iin")); got != iins[name] || !strings.Contains(got, "•") {
					t.Errorf("%s: IIN %q, want the masked %q", name, got, iins[name])
				}
			}
		})
	}
	t.Run("agreements", func(t *testing.T) {
		lb := r.logbook(t)
		s := csvSheet(t, download(t, r.app.URL, "/agreements/export?format=csv", ministry...))
		if len(s.rows) == 0 {
			t.Fatal("no agreements in the file")
		}
		for i := range s.rows {
			if got := s.cell(t, i, en.T("web.field.iin")); !strings.HasPrefix(got, "••••••••") {
				t.Errorf("agreement row %d: IIN %q is not masked", i+1, got)
			}
		}
		if c := csvSheet(t, download(t, r.app.URL, "/agreements/export?format=csv", r.as(t, domain.RoleCollege, in("en")...)...)); !slices.ContainsFunc(c.rows, func(row []string) bool {
			return slices.Contains(row, r.aigerim.IIN)
		}) {
			t.Errorf("the coordinator's file lacks Aigerim's whole IIN (agreement %d)", lb.aigerim.ID)
		}
	})
}

var showing = regexp.MustCompile(`showing \d+–\d+ of (\d+)`)

// exportLinks finds the list page's download links, which must carry the
// page's filters.
func exportLinks(t *testing.T, body string) (csvURL, xlsxURL string) {
	t.Helper()
	m := regexp.MustCompile(`href="(/[a-z]+/export\?[^"]*)"[^>]*>CSV</a> ·\s*<a href="([^"]*)"[^>]*>XLSX</a>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the page has no export links:\n%s", excerpt(body))
	}
	return html.UnescapeString(m[1]), html.UnescapeString(m[2])
}

// TestExportEveryList follows the export links of every list page, as the
// roles that read it, under filters: each file holds as many rows as the
// page counts, in CSV and XLSX alike.
func TestExportEveryList(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	r.logbook(t) // agreements and, with them, the placements and the mentor
	energo := itoa(r.energo.ID)
	cases := []struct {
		role domain.Role // RolePublic for nobody signed in
		page string
	}{
		{domain.RolePublic, "/colleges?ownership=state"},
		{domain.RolePublic, "/enterprises?sort=-trainees"},
		{domain.RolePublic, "/offers?region=75"},
		{domain.RoleMinistry, "/students?dual=yes&sort=-name"},
		{domain.RoleMinistry, "/audit?record_type=student"},
		{domain.RoleRegion, "/agreements?status=active"},
		{domain.RoleCollege, "/offers?status=approved"},
		{domain.RoleCollege, "/applications"},
		{domain.RoleCollege, "/mentors?enterprise_id=" + energo},
		// An export of the audit log is itself recorded (as audit_log):
		// the filter keeps the file to what the page counted.
		{domain.RoleCollege, "/audit?record_type=student"},
		{domain.RoleTeacher, "/students?funding=state"},
		{domain.RoleEnterprise, "/offers"},
		{domain.RoleEnterprise, "/applications"},
		{domain.RoleEnterprise, "/mentors?q=Сейт"},
		{domain.RoleMentor, "/agreements"},
		{domain.RoleStudent, "/offers"},
		{domain.RoleStudent, "/applications"},
	}
	for _, c := range cases {
		t.Run(string(c.role)+c.page, func(t *testing.T) {
			var headers []string
			if c.role != domain.RolePublic {
				headers = r.as(t, c.role)
			}
			headers = append(headers, in("en")...)
			p := get(t, r.app.URL, c.page, headers...)
			p.expect(t, http.StatusOK)
			m := showing.FindStringSubmatch(p.body)
			if m == nil {
				t.Fatalf("the page counts no rows:\n%s", excerpt(p.body))
			}
			total, _ := strconv.Atoi(m[1])
			csvURL, xlsxURL := exportLinks(t, p.body)
			pageURL, _ := url.Parse(c.page)
			link, err := url.Parse(csvURL)
			if err != nil || link.Query().Get("format") != "csv" {
				t.Fatalf("CSV link %q", csvURL)
			}
			for k := range pageURL.Query() {
				if got, want := link.Query().Get(k), pageURL.Query().Get(k); got != want {
					t.Errorf("CSV link %q: %s=%q, want the page's %q", csvURL, k, got, want)
				}
			}
			cs := csvSheet(t, download(t, r.app.URL, csvURL, headers...))
			xs, _, _ := xlsxSheet(t, download(t, r.app.URL, xlsxURL, headers...))
			if len(cs.rows) != total || len(xs.rows) != total {
				t.Errorf("CSV %d rows, XLSX %d rows; the page counts %d", len(cs.rows), len(xs.rows), total)
			}
			if !slices.Equal(cs.header, xs.header) {
				t.Errorf("headers differ: CSV %q, XLSX %q", cs.header, xs.header)
			}
		})
	}
}

// TestExportLinks: the list page links its downloads under the current
// filters, htmx's fragment too, and not while the list is empty.
func TestExportLinks(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	coordinator := r.as(t, domain.RoleCollege, in("en")...)
	p := get(t, r.app.URL, "/students?status=studying&sort=-name&per_page=10&page=2", coordinator...)
	p.expect(t, http.StatusOK, `href="/students/export?format=csv&amp;sort=-name&amp;status=studying"`,
		`href="/students/export?format=xlsx&amp;sort=-name&amp;status=studying"`, "Export:")
	p = get(t, r.app.URL, "/students?funding=paid", append(coordinator, "HX-Request", "true")...)
	p.expect(t, http.StatusOK) // Almaty has no paid students
	p.lacks(t, "/students/export")
	p = get(t, r.app.URL, "/students?funding=state", append(coordinator, "HX-Request", "true")...)
	p.expect(t, http.StatusOK, `href="/students/export?format=csv&amp;funding=state"`)
	p = get(t, r.app.URL, "/colleges", in("ru")...)
	p.expect(t, http.StatusOK, `href="/colleges/export?format=xlsx"`, "Выгрузить:")
}

// TestExportErrors: a format other than csv or xlsx, or a bad filter, is
// the translated error page naming the problem, not a file.
func TestExportErrors(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	ru := i18n.For("ru")
	coordinator := r.as(t, domain.RoleCollege, in("ru")...)
	for path, msg := range map[string]string{
		"/students/export":                               ru.T("error.export.format"),
		"/students/export?format=pdf":                    ru.T("error.export.format"),
		"/students/export?format=csv&status=nope":        ru.T("error.student.status"),
		"/students/export?format=xlsx&college_id=999999": ru.T("error.college.unknown"),
		"/mentors/export?format=csv":                     ru.T("error.enterprise.required"),
	} {
		p := get(t, r.app.URL, path, coordinator...)
		p.expect(t, http.StatusBadRequest, html.EscapeString(msg))
		if ct := p.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s: Content-Type %q, want the error page", path, ct)
		}
	}
}

// TestExportAudited: a signed-in user's export is in the audit log, with
// the filter it ran under, where those who oversee the college see it.
func TestExportAudited(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	coordinator := r.users[domain.RoleCollege]
	download(t, r.app.URL, "/students/export?format=xlsx&status=studying", r.as(t, domain.RoleCollege)...)
	list, err := r.app.Store.Audit(context.Background(), domain.AuditFilter{Login: coordinator.Login, RecordType: "student"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 {
		t.Fatalf("%d audit entries of the coordinator's export, want 1: %+v", len(list.Items), list.Items)
	}
	e := list.Items[0]
	if e.Action != "export_list" || !strings.Contains(e.After, `"Status":"studying"`) ||
		!strings.Contains(e.After, `"CollegeID":`+itoa(r.almaty.ID)) || e.RegionID != r.almaty.RegionID || e.CollegeID != r.almaty.ID {
		t.Errorf("audit entry %+v", e)
	}
	p := get(t, r.app.URL, "/audit", r.as(t, domain.RoleRegion, in("en")...)...)
	p.expect(t, http.StatusOK, "List exported")
}

// TestExportFormulaText: text a user typed that a spreadsheet would run
// as a formula is defused in the CSV and stays text in the XLSX.
func TestExportFormulaText(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	const note = `=HYPERLINK("http://evil.example","Открыть")`
	a := domain.Application{OfferID: r.placements(t).open, StudentID: r.students[3].ID, Note: note}
	if err := r.app.Store.Apply(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	coordinator := r.as(t, domain.RoleCollege, in("en")...)
	en := i18n.For("en")
	cs := csvSheet(t, download(t, r.app.URL, "/applications/export?format=csv", coordinator...))
	xs, f, name := xlsxSheet(t, download(t, r.app.URL, "/applications/export?format=xlsx", coordinator...))
	for i := range cs.rows {
		if cs.cell(t, i, en.T("web.export.number")) != itoa(a.ID) {
			continue
		}
		if got := cs.cell(t, i, en.T("web.application.field.note")); got != "'"+note {
			t.Errorf("CSV note %q, want it behind an apostrophe", got)
		}
		if got := xs.cell(t, i, en.T("web.application.field.note")); got != note {
			t.Errorf("XLSX note %q, want the text as typed", got)
		}
		ref := cellName(t, xs.col(t, en.T("web.application.field.note")), i+2)
		if formula, _ := f.GetCellFormula(name, ref); formula != "" {
			t.Errorf("XLSX note cell %s is a formula: %q", ref, formula)
		}
		return
	}
	t.Fatalf("application %d is not in the coordinator's file", a.ID)
}
