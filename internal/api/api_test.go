package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// scenario is one request and what its answer must hold.
type scenario struct {
	name    string
	method  string // GET when empty
	url     string // path and query
	headers map[string]string
	status  int
	// want maps a path into the JSON answer ("items.0.name.ru", "total")
	// to its value; nil means JSON null.
	want map[string]any
	// field and message check an error answer: the parameter it names and
	// a part of its translated text.
	field   string
	message string
	// header maps a response header to a part of its value.
	header map[string]string
	// docRejects says the OpenAPI document itself rejects the request; it
	// must be so exactly for 400s and for malformed path parameters, so the
	// document states the same rules as the code.
	docRejects bool
}

// scenarios covers every endpoint with successes and errors over the
// fixture f.
func scenarios(f *fixture) []scenario {
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	s1, s3, s4 := f.students[0], f.students[2], f.students[3]
	t1, t2 := f.teachers[0], f.teachers[1]
	return []scenario{
		// Regions.
		{name: "regions", url: "/api/v1/regions", status: 200,
			want: map[string]any{"total": 20, "items.0.id": 10, "items.0.iso_code": "KZ-10"}},
		{name: "region", url: "/api/v1/regions/75", status: 200,
			want: map[string]any{"id": 75, "kind": "city", "name.ru": "г. Алматы", "iso_code": "KZ-75"}},
		{name: "region unknown", url: "/api/v1/regions/99", status: 404},
		{name: "region id text", url: "/api/v1/regions/abc", status: 404, docRejects: true},
		{name: "region id negative", url: "/api/v1/regions/-1", status: 404, docRejects: true},
		{name: "region id too big", url: "/api/v1/regions/99999999999999999999", status: 404, docRejects: true},

		// Cities.
		{name: "cities", url: "/api/v1/cities", status: 200, want: map[string]any{"total": 89, "items.0.name.en": "Almaty"}},
		{name: "cities of a region", url: "/api/v1/cities?region_id=63", status: 200,
			want: map[string]any{"total": 6, "items.0.name.ru": "Усть-Каменогорск", "items.0.region_id": 63}},
		{name: "cities empty region_id is absent", url: "/api/v1/cities?region_id=", status: 200, want: map[string]any{"total": 89}},
		{name: "cities region_id text", url: "/api/v1/cities?region_id=x", status: 400, field: "region_id", message: "region_id", docRejects: true},
		{name: "cities region_id zero", url: "/api/v1/cities?region_id=0", status: 400, field: "region_id", docRejects: true},
		{name: "city", url: "/api/v1/cities/1", status: 200, want: map[string]any{"id": 1, "region_id": 75, "is_admin_centre": true}},
		{name: "city unknown", url: "/api/v1/cities/100000", status: 404},
		{name: "city id zero", url: "/api/v1/cities/0", status: 404, docRejects: true},

		// ISCED-F, classifier, industries.
		{name: "isced fields", url: "/api/v1/isced-fields", status: 200,
			want: map[string]any{"total": 219, "items.0.level": "broad", "items.0.parent_code": nil, "items.0.name.kk": ""}},
		{name: "specialties", url: "/api/v1/specialties", status: 200, want: map[string]any{"total": 70}},
		{name: "specialty", url: "/api/v1/specialties/06130100", status: 200,
			want: map[string]any{"code": "06130100", "isced_code": "0613"}},
		{name: "specialty unknown", url: "/api/v1/specialties/99999999", status: 404},
		{name: "specialty code malformed", url: "/api/v1/specialties/abc", status: 404, docRejects: true},
		{name: "qualifications", url: "/api/v1/qualifications", status: 200, want: map[string]any{"total": 32}},
		{name: "qualifications of a specialty", url: "/api/v1/qualifications?specialty_code=06130100", status: 200,
			want: map[string]any{"total": 3, "items.0.specialty_code": "06130100"}},
		{name: "qualifications specialty_code malformed", url: "/api/v1/qualifications?specialty_code=123", status: 400,
			field: "specialty_code", docRejects: true},
		{name: "qualification", url: "/api/v1/qualifications/4S06130103", status: 200,
			want: map[string]any{"code": "4S06130103", "level": "specialist", "specialty_code": "06130100"}},
		{name: "qualification unknown", url: "/api/v1/qualifications/4S99999999", status: 404},
		{name: "qualification code malformed", url: "/api/v1/qualifications/xyz", status: 404, docRejects: true},
		{name: "industries", url: "/api/v1/industries", status: 200,
			want: map[string]any{"total": len(domain.Industries), "items.0.code": "A", "items.3.name.en": domain.Industries["D"].EN}},

		// Colleges.
		{name: "colleges", url: "/api/v1/colleges", status: 200,
			want:   map[string]any{"total": 2, "page": 1, "per_page": domain.DefaultPageSize, "items.0.id": f.college.ID},
			header: map[string]string{"Link": `rel="first"`}},
		{name: "colleges sorted in English", url: "/api/v1/colleges?lang=en", status: 200,
			want: map[string]any{"items.0.id": f.college2.ID}},
		{name: "colleges sorted by Accept-Language", url: "/api/v1/colleges", headers: map[string]string{"Accept-Language": "en-GB,en;q=0.9"},
			status: 200, want: map[string]any{"items.0.id": f.college2.ID}},
		{name: "colleges by name", url: "/api/v1/colleges?q=" + url.QueryEscape("политехн"), status: 200,
			want: map[string]any{"total": 1, "items.0.bin": f.college.BIN, "items.0.students": 3, "items.0.dual_students": 1}},
		{name: "colleges by BIN", url: "/api/v1/colleges?q=" + f.college2.BIN, status: 200, want: map[string]any{"total": 1, "items.0.id": f.college2.ID}},
		{name: "colleges by region", url: "/api/v1/colleges?region_id=71", status: 200, want: map[string]any{"total": 1, "items.0.id": f.college2.ID}},
		{name: "colleges by city", url: "/api/v1/colleges?city_id=1", status: 200, want: map[string]any{"total": 1, "items.0.id": f.college.ID}},
		{name: "colleges by ownership", url: "/api/v1/colleges?ownership=private", status: 200, want: map[string]any{"total": 1, "items.0.ownership": "private"}},
		{name: "colleges by students", url: "/api/v1/colleges?sort=students&lang=ru", status: 200, want: map[string]any{"items.0.id": f.college2.ID}},
		{name: "colleges by students descending", url: "/api/v1/colleges?sort=-students&lang=en", status: 200, want: map[string]any{"items.0.id": f.college.ID}},
		{name: "colleges second page", url: "/api/v1/colleges?per_page=1&page=2", status: 200,
			want:   map[string]any{"total": 2, "page": 2, "per_page": 1, "items.#": 1},
			header: map[string]string{"Link": `rel="prev"`}},
		{name: "colleges page past the end", url: "/api/v1/colleges?page=9", status: 200, want: map[string]any{"total": 2, "items.#": 0}},
		{name: "colleges page text", url: "/api/v1/colleges?page=abc", status: 400, field: "page", docRejects: true},
		{name: "colleges page zero", url: "/api/v1/colleges?page=0", status: 400, field: "page", docRejects: true},
		{name: "colleges per_page too big", url: "/api/v1/colleges?per_page=1000", status: 400, field: "per_page", message: "200", docRejects: true},
		{name: "colleges per_page zero", url: "/api/v1/colleges?per_page=0", status: 400, field: "per_page", docRejects: true},
		{name: "colleges region_id text", url: "/api/v1/colleges?region_id=x", status: 400, field: "region_id", docRejects: true},
		{name: "colleges city_id negative", url: "/api/v1/colleges?city_id=-3", status: 400, field: "city_id", docRejects: true},
		{name: "colleges unknown ownership", url: "/api/v1/colleges?ownership=public", status: 400, field: "ownership", docRejects: true},
		{name: "colleges unknown sort", url: "/api/v1/colleges?sort=bogus", status: 400, field: "sort", docRejects: true},
		{name: "colleges search too long", url: "/api/v1/colleges?q=" + url.QueryEscape(strings.Repeat("а", 201)), status: 400, field: "q", docRejects: true},
		{name: "colleges unknown lang", url: "/api/v1/colleges?lang=fr", status: 400, field: "lang", docRejects: true},
		{name: "colleges unknown parameter ignored", url: "/api/v1/colleges?colour=blue", status: 200, want: map[string]any{"total": 2}},
		{name: "college", url: "/api/v1/colleges/" + id(f.college.ID), status: 200,
			want: map[string]any{"id": f.college.ID, "name.en": f.college.Name.EN, "region_id": 75, "city_id": 1, "students": 3}},
		{name: "college unknown", url: "/api/v1/colleges/999999", status: 404},
		{name: "college id text", url: "/api/v1/colleges/abc", status: 404, docRejects: true},
		{name: "college id negative", url: "/api/v1/colleges/-1", status: 404, docRejects: true},
		{name: "college id overflows", url: "/api/v1/colleges/99999999999999999999", status: 404, docRejects: true},
		{name: "college programmes", url: "/api/v1/colleges/" + id(f.college.ID) + "/programmes", status: 200,
			want: map[string]any{"total": 2, "items.0.id": f.noQual.ID, "items.0.qualification_code": nil, "items.0.qualification_name": nil,
				"items.1.id": f.dual.ID, "items.1.enterprise_share": 0.7, "items.1.students": 3}},
		{name: "college programmes unknown college", url: "/api/v1/colleges/999999/programmes", status: 404},
		{name: "college groups", url: "/api/v1/colleges/" + id(f.college2.ID) + "/groups", status: 200,
			want: map[string]any{"total": 1, "items.0.code": "БУХ-24-1", "items.0.language": "ru", "items.0.students": 2}},
		{name: "college groups malformed id", url: "/api/v1/colleges/abc/groups", status: 404, docRejects: true},

		// Programmes and groups.
		{name: "programme", url: "/api/v1/programmes/" + id(f.dual.ID), status: 200,
			want: map[string]any{"dual": true, "qualification_code": "4S06130103", "hours_enterprise": 1400, "enterprise_share": 0.7,
				"specialty_name.ru": "Программное обеспечение (по видам)"}},
		{name: "programme without qualification", url: "/api/v1/programmes/" + id(f.noQual.ID), status: 200,
			want: map[string]any{"qualification_code": nil, "enterprise_share": 0, "students": 0}},
		{name: "programme unknown", url: "/api/v1/programmes/999999", status: 404},
		{name: "group", url: "/api/v1/groups/" + id(f.group.ID), status: 200,
			want: map[string]any{"code": "ПО-23-1", "programme_id": f.dual.ID, "intake_year": 2023, "students": 3}},
		{name: "group unknown", url: "/api/v1/groups/999999", status: 404},

		// Enterprises.
		{name: "enterprises", url: "/api/v1/enterprises", status: 200, want: map[string]any{"total": 2}},
		{name: "enterprises by industry", url: "/api/v1/enterprises?industry=J", status: 200,
			want: map[string]any{"total": 1, "items.0.id": f.enterprise2.ID, "items.0.name.en": "Astana Soft JSC"}},
		{name: "enterprises by name", url: "/api/v1/enterprises?q=" + url.QueryEscape("Энерго"), status: 200, want: map[string]any{"total": 1, "items.0.id": f.enterprise.ID}},
		{name: "enterprises by trainees", url: "/api/v1/enterprises?sort=-trainees", status: 200,
			want: map[string]any{"items.0.id": f.enterprise.ID, "items.0.trainees": 1, "items.1.trainees": 0}},
		{name: "enterprises by region and city", url: "/api/v1/enterprises?region_id=71&city_id=2", status: 200, want: map[string]any{"total": 1}},
		{name: "enterprises unknown industry", url: "/api/v1/enterprises?industry=Z", status: 400, field: "industry", docRejects: true},
		{name: "enterprises unknown sort", url: "/api/v1/enterprises?sort=students", status: 400, field: "sort", docRejects: true},
		{name: "enterprises per_page text", url: "/api/v1/enterprises?per_page=many", status: 400, field: "per_page", docRejects: true},
		{name: "enterprise", url: "/api/v1/enterprises/" + id(f.enterprise.ID), status: 200,
			want: map[string]any{"industry": "D", "employees": 450, "name.ru": f.enterprise.Name.RU, "name.en": ""}},
		{name: "enterprise unknown", url: "/api/v1/enterprises/999999", status: 404},

		// Students.
		{name: "students", url: "/api/v1/students", status: 200,
			want:   map[string]any{"total": 5, "items.#": 5, "items.0.name.last_name": "Ахметов", "items.0.name.middle_name": nil},
			header: map[string]string{"Link": `rel="last"`}},
		{name: "students by name descending", url: "/api/v1/students?sort=-name", status: 200,
			want: map[string]any{"items.0.name.last_name": "Смағұлов"}}, // Kazakh alphabet order: Ә sorts after А, not after Я
		{name: "students by name", url: "/api/v1/students?q=" + url.QueryEscape("иванова"), status: 200,
			want: map[string]any{"total": 1, "items.0.name.first_name": "Мария", "items.0.funding": "paid", "items.0.enterprise_id": nil, "items.0.enterprise_name": nil}},
		{name: "students by region", url: "/api/v1/students?region_id=71", status: 200, want: map[string]any{"total": 2}},
		{name: "students by college", url: "/api/v1/students?college_id=" + id(f.college.ID), status: 200, want: map[string]any{"total": 3}},
		{name: "students by group", url: "/api/v1/students?group_id=" + id(f.group2.ID), status: 200, want: map[string]any{"total": 2}},
		{name: "students by specialty", url: "/api/v1/students?qualification=06130100", status: 200, want: map[string]any{"total": 3}},
		{name: "students by qualification", url: "/api/v1/students?qualification=3W04110101", status: 200, want: map[string]any{"total": 2}},
		{name: "students by funding", url: "/api/v1/students?funding=targeted", status: 200,
			want: map[string]any{"total": 1, "items.0.id": s3.ID, "items.0.status": "academic_leave"}},
		{name: "students by status", url: "/api/v1/students?status=graduated", status: 200, want: map[string]any{"total": 1, "items.0.id": s4.ID}},
		{name: "students dual", url: "/api/v1/students?dual=true", status: 200, want: map[string]any{"total": 3, "items.0.dual": true}},
		{name: "students not dual", url: "/api/v1/students?dual=false", status: 200, want: map[string]any{"total": 2, "items.0.dual": false}},
		{name: "students at an enterprise", url: "/api/v1/students?enterprise_id=" + id(f.enterprise.ID), status: 200,
			want: map[string]any{"total": 1, "items.0.id": s1.ID}},
		{name: "students page", url: "/api/v1/students?per_page=2&page=2&status=studying", status: 200,
			want: map[string]any{"total": 3, "items.#": 1, "page": 2}},
		{name: "students qualification malformed", url: "/api/v1/students?qualification=123", status: 400, field: "qualification", docRejects: true},
		{name: "students dual maybe", url: "/api/v1/students?dual=maybe", status: 400, field: "dual", message: "dual", docRejects: true},
		{name: "students unknown funding", url: "/api/v1/students?funding=free", status: 400, field: "funding", docRejects: true},
		{name: "students unknown status", url: "/api/v1/students?status=asleep", status: 400, field: "status", docRejects: true},
		{name: "students unknown sort", url: "/api/v1/students?sort=students", status: 400, field: "sort", docRejects: true},
		{name: "students group_id text", url: "/api/v1/students?group_id=first", status: 400, field: "group_id", docRejects: true},
		{name: "students enterprise_id overflows", url: "/api/v1/students?enterprise_id=99999999999999999999", status: 400, field: "enterprise_id", docRejects: true},
		{name: "students search by IIN refused", url: "/api/v1/students?q=" + s1.IIN, status: 400, field: "q"}, // stated in words only: see the q parameter
		{name: "student", url: "/api/v1/students/" + id(s1.ID), status: 200,
			want: map[string]any{"id": s1.ID, "iin_masked": domain.MaskIIN(s1.IIN), "birth_year": 2007, "sex": "F",
				"name.middle_name": "Нұрланқызы", "group_code": "ПО-23-1", "enterprise_id": f.enterprise.ID,
				"enterprise_name.ru": f.enterprise.Name.RU, "enrolled_on": "2023-09-01", "qualification_name.ru": "Разработчик программного обеспечения"}},
		{name: "student unknown", url: "/api/v1/students/999999", status: 404},
		{name: "student id text", url: "/api/v1/students/me", status: 404, docRejects: true},

		// Teachers.
		{name: "teachers", url: "/api/v1/teachers", status: 200,
			want: map[string]any{"total": 2, "items.0.name.last_name": "Жұмабаев", "items.0.hired_on": "2015-08-25"}},
		{name: "teachers of a college", url: "/api/v1/teachers?college_id=" + id(f.college2.ID), status: 200,
			want: map[string]any{"total": 1, "items.0.id": t2.ID, "items.0.hired_on": nil, "items.0.name.middle_name": nil}},
		{name: "teachers by name descending", url: "/api/v1/teachers?sort=-name&per_page=1", status: 200,
			want: map[string]any{"total": 2, "items.#": 1, "items.0.id": t2.ID}, header: map[string]string{"Link": `rel="next"`}},
		{name: "teachers by name", url: "/api/v1/teachers?q=" + url.QueryEscape("Жұма"), status: 200, want: map[string]any{"total": 1}},
		{name: "teachers search by IIN refused", url: "/api/v1/teachers?q=" + t1.IIN, status: 400, field: "q"}, // stated in words only: see the q parameter
		{name: "teachers college_id text", url: "/api/v1/teachers?college_id=x", status: 400, field: "college_id", docRejects: true},
		{name: "teacher", url: "/api/v1/teachers/" + id(t1.ID), status: 200,
			want: map[string]any{"position": "master", "birth_year": 1985, "sex": "M", "iin_masked": domain.MaskIIN(t1.IIN), "college_id": f.college.ID}},
		{name: "teacher unknown", url: "/api/v1/teachers/999999", status: 404},

		// Live totals.
		{name: "stats", url: "/api/v1/stats", status: 200,
			want: map[string]any{"regions": 20, "cities": 89, "colleges": 2, "enterprises": 2, "programmes": 3, "groups": 2,
				"students": 5, "dual_students": 1, "teachers": 2, "specialties": 70, "qualifications": 32}},

		// Anything else under /api/.
		{name: "unknown endpoint", url: "/api/v1/nothing", status: 404, message: "/api/openapi.json"},
		{name: "unknown version", url: "/api/v2/colleges", status: 404},
		{name: "trailing slash", url: "/api/v1/colleges/", status: 404},
		{name: "write refused", method: http.MethodPost, url: "/api/v1/colleges", status: 404},
		{name: "delete refused", method: http.MethodDelete, url: "/api/v1/colleges/" + id(f.college.ID), status: 404},
	}
}

// TestAPI runs every scenario against both databases, checks every
// exchange against the OpenAPI document, and then checks that the
// scenarios reached every documented operation with a success.
func TestAPI(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			app := testkit.StartApp(t, db.DSN(t))
			f := newFixture(t, app.Store)
			c := fetchContract(t, app.URL)
			secrets := f.secrets()
			succeeded := map[string]bool{"getOpenAPI": true} // fetchContract got it
			for _, sc := range scenarios(f) {
				t.Run(sc.name, func(t *testing.T) {
					got := run(t, c, app.URL, sc)
					for _, s := range secrets {
						if strings.Contains(got.body, s) {
							t.Errorf("the answer contains personal data %q:\n%s", s, abbreviate([]byte(got.body)))
						}
					}
					if sc.status == http.StatusOK {
						succeeded[got.operation] = true
					}
				})
			}
			for pattern, op := range c.operations() {
				if !succeeded[op] {
					t.Errorf("no scenario got a success from %s (%s)", pattern, op)
				}
			}
		})
	}
}

// exchange sends a request (GET when method is empty), reads the answer
// and checks both against the document.
func exchange(t *testing.T, c *contract, method, url string, headers map[string]string) (*http.Response, []byte, checked) {
	t.Helper()
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body, c.check(t, req, resp, body)
}

// answer is what run received.
type answer struct {
	operation string
	body      string
}

// run sends one scenario's request, checks the exchange against the
// document and the scenario's expectations.
func run(t *testing.T, c *contract, baseURL string, sc scenario) answer {
	t.Helper()
	resp, body, got := exchange(t, c, sc.method, baseURL+sc.url, sc.headers)
	if resp.StatusCode != sc.status {
		t.Fatalf("%s: status %d, want %d\n%s", sc.url, resp.StatusCode, sc.status, abbreviate(body))
	}
	if got.operation != "" {
		if rejected := got.requestErr != nil; rejected != sc.docRejects {
			t.Errorf("the OpenAPI document rejects the request: %v (error %v), want %v", rejected, got.requestErr, sc.docRejects)
		}
	}
	if sc.status >= 400 && sc.status != 500 {
		checkError(t, body, sc)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("answer is not JSON: %v", err)
	}
	for path, want := range sc.want {
		gotV, ok := lookup(v, path)
		if !ok {
			t.Errorf("%s: missing in %s", path, abbreviate(body))
			continue
		}
		if fmt.Sprint(gotV) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", path, gotV, want)
		}
	}
	for name, part := range sc.header {
		if h := resp.Header.Get(name); !strings.Contains(h, part) {
			t.Errorf("header %s = %q, want it to contain %q", name, h, part)
		}
	}
	return answer{operation: got.operation, body: string(body)}
}

// checkError checks an error answer: its code follows from the status, it
// names the scenario's field, and its message is translated.
func checkError(t *testing.T, body []byte, sc scenario) {
	t.Helper()
	var e struct {
		Error struct{ Code, Message, Field string }
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error answer is not JSON: %v", err)
	}
	wantCode := map[int]string{400: domain.EINVALID, 404: domain.ENOTFOUND}[sc.status]
	if e.Error.Code != wantCode || e.Error.Field != sc.field {
		t.Errorf("error = %+v, want code %s, field %q", e.Error, wantCode, sc.field)
	}
	if e.Error.Message == "" || strings.HasPrefix(e.Error.Message, "error.") {
		t.Errorf("error message %q is not translated", e.Error.Message)
	}
	if !strings.Contains(e.Error.Message, sc.message) {
		t.Errorf("error message %q should contain %q", e.Error.Message, sc.message)
	}
}

// lookup follows a dotted path into decoded JSON; a number steps into an
// array, and "#" gives an array's length.
func lookup(v any, path string) (any, bool) {
	for _, part := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[part]; !ok {
				return nil, false
			}
		case []any:
			if part == "#" {
				v = len(x)
				continue
			}
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// TestPersonalDataNeverListed reads every student and teacher through the
// lists and single records and checks that no answer carries a field that
// holds or could hold a full identifier, phone or birth date, whatever its
// value.
func TestPersonalDataNeverListed(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			app := testkit.StartApp(t, db.DSN(t))
			f := newFixture(t, app.Store)
			urls := []string{"/api/v1/students?per_page=200", "/api/v1/teachers?per_page=200"}
			for _, s := range f.students {
				urls = append(urls, fmt.Sprintf("/api/v1/students/%d", s.ID))
			}
			for _, tc := range f.teachers {
				urls = append(urls, fmt.Sprintf("/api/v1/teachers/%d", tc.ID))
			}
			c := fetchContract(t, app.URL)
			forbidden := []string{`"iin"`, `"phone"`, `"birth_date"`}
			for _, u := range urls {
				resp, body, _ := exchange(t, c, "", app.URL+u, nil)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s: %s", u, resp.Status)
				}
				for _, s := range append(slices.Clone(forbidden), f.secrets()...) {
					if strings.Contains(string(body), s) {
						t.Errorf("%s contains %s", u, s)
					}
				}
				if !strings.Contains(string(body), `"iin_masked":"••••••••`) {
					t.Errorf("%s has no masked IIN", u)
				}
			}
		})
	}
}
