package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/api"
	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// probe is a request that reaches a route with ids inside every role's
// scope (see fixture), and the status it gets from a caller the policy
// allows. A write is probed so that it changes nothing: with a body the
// handler refuses (400) or an id that names nothing (404), either of which
// it can only answer once the route's action let the caller through.
type probe struct {
	url  string
	ok   int
	body string // JSON sent with the request, if any
	// refused are roles the policy lets through to the access layer, which
	// has no scope for them on this route: they get what the policy's
	// refusal gives (401 or 403).
	refused []domain.Role
}

// probes returns one probe for every route pattern of the API. A route
// without one fails TestRoleMatrix, so a new route cannot escape it.
func (f *fixture) probes() map[string]probe {
	id := func(n int64) string { return fmt.Sprint(n) }
	v1 := func(path string) probe { return probe{url: api.Prefix + path, ok: http.StatusOK} }
	// badBody is refused before any record is looked at; noRecord names
	// none of the kind.
	badBody := func(path string) probe { return probe{url: api.Prefix + path, ok: http.StatusBadRequest, body: "{}"} }
	noRecord := func(path string) probe { return probe{url: api.Prefix + path, ok: http.StatusNotFound} }
	refused := func(p probe, roles ...domain.Role) probe { p.refused = roles; return p }
	const none = "999999"
	student := "/students/" + id(f.students[0].ID)
	return map[string]probe{
		"GET /api/v1/regions":                  v1("/regions"),
		"GET /api/v1/regions/{id}":             v1("/regions/75"),
		"GET /api/v1/cities":                   v1("/cities"),
		"GET /api/v1/cities/{id}":              v1("/cities/1"),
		"GET /api/v1/isced-fields":             v1("/isced-fields"),
		"GET /api/v1/specialties":              v1("/specialties"),
		"GET /api/v1/specialties/{code}":       v1("/specialties/06130100"),
		"GET /api/v1/qualifications":           v1("/qualifications"),
		"GET /api/v1/qualifications/{code}":    v1("/qualifications/4S06130103"),
		"GET /api/v1/industries":               v1("/industries"),
		"GET /api/v1/colleges":                 v1("/colleges"),
		"GET /api/v1/colleges/{id}":            v1("/colleges/" + id(f.college.ID)),
		"GET /api/v1/colleges/{id}/programmes": v1("/colleges/" + id(f.college.ID) + "/programmes"),
		"GET /api/v1/colleges/{id}/groups":     v1("/colleges/" + id(f.college.ID) + "/groups"),
		"GET /api/v1/programmes/{id}":          v1("/programmes/" + id(f.dual.ID)),
		"GET /api/v1/groups/{id}":              v1("/groups/" + id(f.group.ID)),
		"GET /api/v1/enterprises":              v1("/enterprises"),
		"GET /api/v1/enterprises/{id}":         v1("/enterprises/" + id(f.enterprise.ID)),
		"GET /api/v1/students":                 v1("/students"),
		"GET /api/v1/students/{id}":            v1("/students/" + id(f.students[0].ID)),
		"GET /api/v1/teachers":                 v1("/teachers"),
		"GET /api/v1/teachers/{id}":            v1("/teachers/" + id(f.teachers[0].ID)),
		"GET /api/v1/stats":                    v1("/stats"),
		"GET /api/v1/me":                       v1("/me"),
		"GET /api/v1/me/export":                v1("/me/export"),
		"GET /api/v1/audit":                    v1("/audit"),
		"GET /api/v1/users":                    v1("/users"),
		"GET /api/openapi.json":                {url: "/api/openapi.json", ok: http.StatusOK},
		catchAll:                               {url: "/api/v1/nothing", ok: http.StatusNotFound},

		"GET /api/v1/offers":                           v1("/offers"),
		"POST /api/v1/offers":                          badBody("/offers"),
		"GET /api/v1/offers/{id}":                      v1("/offers/" + id(f.offer.ID)),
		"PUT /api/v1/offers/{id}":                      badBody("/offers/" + id(f.offer.ID)),
		"POST /api/v1/offers/{id}/submit":              noRecord("/offers/" + none + "/submit"),
		"POST /api/v1/offers/{id}/approve":             noRecord("/offers/" + none + "/approve"),
		"POST /api/v1/offers/{id}/refer":               badBody("/offers/" + id(f.offer.ID) + "/refer"),
		"POST /api/v1/offers/{id}/open":                noRecord("/offers/" + none + "/open"),
		"POST /api/v1/offers/{id}/close":               noRecord("/offers/" + none + "/close"),
		"POST /api/v1/offers/{id}/applications":        noRecord("/offers/" + none + "/applications"),
		"GET /api/v1/applications":                     refused(v1("/applications"), domain.RolePublic, domain.RoleTeacher, domain.RoleMentor),
		"GET /api/v1/applications/{id}":                refused(v1("/applications/"+id(f.application.ID)), domain.RolePublic, domain.RoleTeacher, domain.RoleMentor),
		"POST /api/v1/applications/{id}/accept":        noRecord("/applications/" + none + "/accept"),
		"POST /api/v1/applications/{id}/decline":       badBody("/applications/" + id(f.application.ID) + "/decline"),
		"POST /api/v1/applications/{id}/withdraw":      noRecord("/applications/" + none + "/withdraw"),
		"GET /api/v1/mentors":                          v1("/mentors?enterprise_id=" + id(f.enterprise.ID)),
		"POST /api/v1/mentors":                         badBody("/mentors"),
		"GET /api/v1/mentors/{id}":                     v1("/mentors/" + id(f.mentor.ID)),
		"PUT /api/v1/mentors/{id}":                     badBody("/mentors/" + id(f.mentor.ID)),
		"GET /api/v1/agreements":                       v1("/agreements"),
		"POST /api/v1/agreements":                      badBody("/agreements"),
		"GET /api/v1/agreements/{id}":                  v1("/agreements/" + id(f.agreement.ID)),
		"PUT /api/v1/agreements/{id}":                  badBody("/agreements/" + id(f.agreement.ID)),
		"POST /api/v1/agreements/{id}/send":            noRecord("/agreements/" + none + "/send"),
		"POST /api/v1/agreements/{id}/approve":         badBody("/agreements/" + id(f.agreement.ID) + "/approve"),
		"POST /api/v1/agreements/{id}/complete":        noRecord("/agreements/" + none + "/complete"),
		"POST /api/v1/agreements/{id}/terminate":       badBody("/agreements/" + id(f.agreement.ID) + "/terminate"),
		"POST /api/v1/agreements/{id}/mentor":          badBody("/agreements/" + id(f.agreement.ID) + "/mentor"),
		"POST /api/v1/agreements/{id}/enterprise":      badBody("/agreements/" + id(f.agreement.ID) + "/enterprise"),
		"GET /api/v1/agreements/{id}/pdf":              v1("/agreements/" + id(f.agreement.ID) + "/pdf"),
		"GET /api/v1/work-records":                     v1("/work-records"),
		"GET /api/v1/logbook":                          v1("/logbook"),
		"POST /api/v1/logbook":                         badBody("/logbook"),
		"GET /api/v1/logbook/{id}":                     v1("/logbook/" + id(f.entry.ID)),
		"PUT /api/v1/logbook/{id}":                     badBody("/logbook/" + id(f.entry.ID)),
		"POST /api/v1/logbook/{id}/submit":             noRecord("/logbook/" + none + "/submit"),
		"POST /api/v1/logbook/{id}/sign":               noRecord("/logbook/" + none + "/sign"),
		"POST /api/v1/logbook/{id}/return":             badBody("/logbook/" + id(f.entry.ID) + "/return"),
		"POST /api/v1/logbook/{id}/review":             noRecord("/logbook/" + none + "/review"),
		"POST /api/v1/logbook/{id}/correct":            noRecord("/logbook/" + none + "/correct"),
		"POST /api/v1/logbook/{id}/photos":             badBody("/logbook/" + id(f.entry.ID) + "/photos"), // JSON is no image
		"GET /api/v1/photos/{id}":                      v1("/photos/" + id(f.photo.ID)),
		"DELETE /api/v1/photos/{id}":                   noRecord("/photos/" + none),
		"GET /api/v1/students/{id}/progress":           v1(student + "/progress"),
		"GET /api/v1/students/{id}/party-changes":      v1(student + "/party-changes"),
		"GET /api/v1/students/{id}/assessments":        v1(student + "/assessments"),
		"POST /api/v1/students/{id}/assessments":       badBody(student + "/assessments"),
		"GET /api/v1/students/{id}/admission":          v1(student + "/admission"),
		"GET /api/v1/students/{id}/final-assessments":  v1(student + "/final-assessments"),
		"POST /api/v1/students/{id}/final-assessments": badBody(student + "/final-assessments"),
		"GET /api/v1/attention":                        refused(v1("/attention?college_id="+id(f.college.ID)), domain.RoleEnterprise, domain.RoleMentor, domain.RoleStudent),
		"GET /api/v1/programmes/{id}/competences":      v1("/programmes/" + id(f.dual.ID) + "/competences"),
		"GET /api/v1/settings/dual":                    v1("/settings/dual"),
		"PUT /api/v1/settings/dual":                    badBody("/settings/dual"),
	}
}

// denied is the status of a request the policy refuses: 401 for the
// public, who may get further with a token, 403 for a signed-in role.
func denied(role domain.Role) int {
	if role == domain.RolePublic {
		return http.StatusUnauthorized
	}
	return http.StatusForbidden
}

// send makes one request as the holder of token (none for the public),
// checks the exchange against the document unless it is a HEAD (the
// document lists GETs, whose HEADs have no body to check), and returns the
// status and body. A body is sent as JSON.
func send(t *testing.T, c *contract, method, url, token string, jsonBody ...string) (int, []byte) {
	t.Helper()
	var reqBody io.Reader
	if len(jsonBody) > 0 && jsonBody[0] != "" {
		reqBody = strings.NewReader(jsonBody[0])
	}
	req, err := http.NewRequest(method, url, reqBody)
	if err != nil {
		t.Fatal(err)
	}
	if reqBody != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
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
	if method != http.MethodHead {
		c.check(t, req, resp, body)
	}
	if resp.StatusCode == http.StatusUnauthorized && !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer ") {
		t.Errorf("%s %s: 401 without a Bearer challenge", method, url)
	}
	return resp.StatusCode, body
}

// TestRoleMatrix sends every route of the API with every method as the
// public and as every role, and checks the answer against the policy
// table: allowed exactly when auth.Allowed says so, 401 or 403 otherwise.
// A registered route without an action or without a probe fails the test.
// No answer to a role carries personal data the role may not see.
func TestRoleMatrix(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			app := testkit.StartApp(t, db.DSN(t))
			f := newFixture(t, app.Store)
			c := fetchContract(t, app.URL)

			mux := &recordingMux{ServeMux: http.NewServeMux()}
			api.New(nil, nil).Register(mux)
			actions := api.RouteActions()
			probes := f.probes()
			maps.Copy(probes, f.roundProbes(t, app.Store))
			maps.Copy(probes, f.patronageProbes(t, app.Store))
			maps.Copy(probes, f.employmentProbes())
			maps.Copy(probes, f.targetedProbes(t, app.Store))
			maps.Copy(probes, f.analyticsProbes())
			maps.Copy(probes, f.guidanceProbes())
			maps.Copy(probes, f.internationalProbes())
			maps.Copy(probes, f.notificationProbes())
			methods := map[string][]string{} // the methods each path takes
			for _, pattern := range mux.patterns {
				if _, ok := actions[pattern]; !ok {
					t.Errorf("route %q has no action in the route table", pattern)
				}
				if _, ok := probes[pattern]; !ok {
					t.Errorf("route %q has no probe in this test", pattern)
				}
				if method, path, ok := strings.Cut(pattern, " "); ok {
					methods[path] = append(methods[path], method)
				}
			}
			patterns := slices.Sorted(maps.Keys(probes))

			for _, role := range roles {
				t.Run(string(role)+"-", func(t *testing.T) { // "-" so the public's subtest has a name
					t.Parallel() // the roles change nothing, and there are nine of them
					token := f.tokens[role]
					secrets := f.secrets(role)
					for _, pattern := range patterns {
						p := probes[pattern]
						action, ok := actions[pattern]
						if !ok {
							continue // reported above
						}
						want := denied(role)
						if auth.Allowed(role, action) && !slices.Contains(p.refused, role) {
							want = p.ok
						}
						method, path, ok := strings.Cut(pattern, " ")
						if !ok {
							method, path = http.MethodGet, pattern // the catch-all takes every method
						}
						status, body := send(t, c, method, app.URL+p.url, token, p.body)
						if status != want {
							t.Errorf("%s %s (%s) as %q: %d, want %d\n%s", method, p.url, action, role, status, want, abbreviate(body))
						}
						for _, s := range secrets {
							if bytes.Contains(body, []byte(s)) {
								t.Errorf("%s %s as %q carries personal data %q out of the role's reach", method, p.url, role, s)
							}
						}
						if method == http.MethodGet {
							if status, _ := send(t, c, http.MethodHead, app.URL+p.url, token); status != want {
								t.Errorf("HEAD %s as %q: %d, want %d", p.url, role, status, want)
							}
						}
						// A method the path does not take finds no endpoint,
						// whoever asks.
						for _, other := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
							if slices.Contains(methods[path], other) || path == catchAll {
								continue
							}
							if status, _ := send(t, c, other, app.URL+p.url, token); status != http.StatusNotFound {
								t.Errorf("%s %s as %q: %d, want 404", other, p.url, role, status)
							}
						}
					}
				})
			}
		})
	}
}

// TestOutOfScope probes every scoped role with the ids of records outside
// its scope — another college's or region's students and teachers, a
// fellow student — and checks that each is answered exactly like an id
// that names nothing, and that filters naming another scope find nothing.
func TestOutOfScope(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			app := testkit.StartApp(t, db.DSN(t))
			f := newFixture(t, app.Store)
			c := fetchContract(t, app.URL)
			s, tc := f.students, f.teachers
			student := func(i int) string { return fmt.Sprintf("/api/v1/students/%d", s[i].ID) }
			teacher := func(i int) string { return fmt.Sprintf("/api/v1/teachers/%d", tc[i].ID) }
			// Students 2 and 3 and teacher 1 are the Astana college's
			// (region 71); the rest the Almaty college's (75), where only
			// student 0 trains at an enterprise, with a mentor.
			outside := map[domain.Role][]string{
				domain.RoleRegion:     {student(2), student(3), teacher(1)},
				domain.RoleCollege:    {student(2), student(3), teacher(1)},
				domain.RoleTeacher:    {student(2), student(3), teacher(1)},
				domain.RoleEnterprise: {student(1), student(2), student(4)},
				domain.RoleMentor:     {student(1), student(2), student(4)},
				domain.RoleStudent:    {student(1), student(2), student(4)},
				domain.RoleAuditor:    {student(2), student(3), teacher(1)},
			}
			nothing := map[string]string{"students": "/api/v1/students/999999", "teachers": "/api/v1/teachers/999999"}
			emptyLists := []string{
				fmt.Sprintf("/api/v1/students?college_id=%d", f.college2.ID),
				"/api/v1/students?region_id=71",
				fmt.Sprintf("/api/v1/students?enterprise_id=%d", f.enterprise2.ID),
				fmt.Sprintf("/api/v1/students?group_id=%d", f.group2.ID),
				fmt.Sprintf("/api/v1/teachers?college_id=%d", f.college2.ID),
				fmt.Sprintf("/api/v1/audit?record_type=college&record_id=%d", f.college2.ID),
				fmt.Sprintf("/api/v1/audit?record_type=student&record_id=%d", s[2].ID),
				"/api/v1/users?q=astana",
			}
			check := func(t *testing.T, role domain.Role, token string, urls []string) {
				for _, u := range urls {
					status, body := send(t, c, http.MethodGet, app.URL+u, token)
					kind := strings.Split(u, "/")[3]
					_, none := send(t, c, http.MethodGet, app.URL+nothing[kind], token)
					if status != http.StatusNotFound || !bytes.Equal(body, none) {
						t.Errorf("GET %s as %q: %d %s, want the answer to an unknown id: %s", u, role, status, body, none)
					}
				}
				for _, u := range emptyLists {
					status, body := send(t, c, http.MethodGet, app.URL+u, token)
					var list struct{ Total int }
					json.Unmarshal(body, &list)
					if status == http.StatusOK && list.Total != 0 {
						t.Errorf("GET %s as %q: %d rows of another scope\n%s", u, role, list.Total, abbreviate(body))
					}
				}
			}
			for role, urls := range outside {
				t.Run(string(role), func(t *testing.T) { check(t, role, f.tokens[role], urls) })
			}
			t.Run("other college's coordinator", func(t *testing.T) {
				// The mirror image: the Astana coordinator probes Almaty.
				status, body := send(t, c, http.MethodGet, app.URL+student(0), f.token2)
				if status != http.StatusNotFound {
					t.Errorf("Astana's coordinator reads an Almaty student: %d %s", status, abbreviate(body))
				}
				status, body = send(t, c, http.MethodGet, app.URL+teacher(0), f.token2)
				if status != http.StatusNotFound {
					t.Errorf("Astana's coordinator reads an Almaty teacher: %d %s", status, abbreviate(body))
				}
				_, body = send(t, c, http.MethodGet, app.URL+"/api/v1/students?per_page=200", f.token2)
				var list struct{ Items []struct{ ID int64 } }
				json.Unmarshal(body, &list)
				var ids []int64
				for _, it := range list.Items {
					ids = append(ids, it.ID)
				}
				if !sameIDs(ids, []int64{s[2].ID, s[3].ID}) {
					t.Errorf("Astana's coordinator lists students %v, want only Astana's", ids)
				}
			})
		})
	}
}

// TestPersonalData checks, for every role, that a student's and a
// teacher's full IIN, phone and birth date are present exactly when the
// role may see personal data of that kind, that they are the real values,
// and that lists hold exactly the people inside the role's scope.
func TestPersonalData(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			app := testkit.StartApp(t, db.DSN(t))
			f := newFixture(t, app.Store)
			c := fetchContract(t, app.URL)
			s, tc := f.students, f.teachers
			almaty := []int64{s[0].ID, s[1].ID, s[4].ID}
			inScope := map[domain.Role]struct{ students, teachers []int64 }{
				domain.RoleMinistry:   {[]int64{s[0].ID, s[1].ID, s[2].ID, s[3].ID, s[4].ID}, []int64{tc[0].ID, tc[1].ID}},
				domain.RoleRegion:     {almaty, []int64{tc[0].ID}},
				domain.RoleCollege:    {almaty, []int64{tc[0].ID}},
				domain.RoleTeacher:    {almaty, []int64{tc[0].ID}}, // their group is the whole Almaty cohort
				domain.RoleEnterprise: {[]int64{s[0].ID}, nil},
				domain.RoleMentor:     {[]int64{s[0].ID}, nil},
				domain.RoleStudent:    {[]int64{s[0].ID}, nil},
				domain.RoleAuditor:    {almaty, []int64{tc[0].ID}},
			}
			type person struct {
				ID        int64
				IINMasked string  `json:"iin_masked"`
				BirthYear int     `json:"birth_year"`
				IIN       *string `json:"iin"`
				Phone     *string `json:"phone"`
				BirthDate *string `json:"birth_date"`
				phoneSet  bool
			}
			decode := func(t *testing.T, body []byte) person {
				var p person
				if err := json.Unmarshal(body, &p); err != nil {
					t.Fatal(err)
				}
				var raw map[string]json.RawMessage
				json.Unmarshal(body, &raw)
				_, p.phoneSet = raw["phone"]
				return p
			}
			// checkPerson compares what came with the record: personal
			// fields all there and right, or all absent.
			checkPerson := func(t *testing.T, what string, got person, iin, phone string, birth time.Time, reveal bool) {
				t.Helper()
				if got.IINMasked != domain.MaskIIN(iin) || got.BirthYear != birth.Year() {
					t.Errorf("%s: iin_masked %q, birth_year %d", what, got.IINMasked, got.BirthYear)
				}
				if !reveal {
					if got.IIN != nil || got.phoneSet || got.BirthDate != nil {
						t.Errorf("%s: personal fields for a role without the right: %+v", what, got)
					}
					return
				}
				deref := func(p *string) string {
					if p == nil {
						return "<null>"
					}
					return *p
				}
				wantPhone := phone
				if phone == "" {
					wantPhone = "<null>" // not recorded
				}
				gotIIN, gotPhone, gotBirth := deref(got.IIN), deref(got.Phone), deref(got.BirthDate)
				if gotIIN != iin || !got.phoneSet || gotPhone != wantPhone || gotBirth != birth.Format(time.DateOnly) {
					t.Errorf("%s: iin %s, phone %s (present %v), birth_date %s; want %s, %s, %s",
						what, gotIIN, gotPhone, got.phoneSet, gotBirth, iin, wantPhone, birth.Format(time.DateOnly))
				}
			}
			for _, role := range domain.Roles {
				t.Run(string(role), func(t *testing.T) {
					token := f.tokens[role]
					scope := inScope[role]
					revealStudents := auth.Allowed(role, auth.ReadStudentPersonal)
					revealTeachers := auth.Allowed(role, auth.ReadTeacherPersonal)

					status, body := send(t, c, http.MethodGet, fmt.Sprintf("%s/api/v1/students/%d", app.URL, s[0].ID), token)
					if status != http.StatusOK {
						t.Fatalf("student: %d %s", status, body)
					}
					checkPerson(t, "student", decode(t, body), s[0].IIN, s[0].Phone, s[0].BirthDate, revealStudents)

					status, body = send(t, c, http.MethodGet, app.URL+"/api/v1/students?per_page=200", token)
					var students struct{ Items []json.RawMessage }
					if err := json.Unmarshal(body, &students); status != http.StatusOK || err != nil {
						t.Fatalf("students: %d %s", status, body)
					}
					var ids []int64
					for _, item := range students.Items {
						p := decode(t, item)
						ids = append(ids, p.ID)
						for _, st := range s {
							if st.ID == p.ID {
								checkPerson(t, "listed student", p, st.IIN, st.Phone, st.BirthDate, revealStudents)
							}
						}
					}
					if !sameIDs(ids, scope.students) {
						t.Errorf("students listed %v, want %v", ids, scope.students)
					}

					if !auth.Allowed(role, auth.ReadTeachers) {
						return
					}
					status, body = send(t, c, http.MethodGet, fmt.Sprintf("%s/api/v1/teachers/%d", app.URL, tc[0].ID), token)
					if status != http.StatusOK {
						t.Fatalf("teacher: %d %s", status, body)
					}
					checkPerson(t, "teacher", decode(t, body), tc[0].IIN, tc[0].Phone, tc[0].BirthDate, revealTeachers)
					status, body = send(t, c, http.MethodGet, app.URL+"/api/v1/teachers?per_page=200", token)
					var teachers struct{ Items []json.RawMessage }
					if err := json.Unmarshal(body, &teachers); status != http.StatusOK || err != nil {
						t.Fatalf("teachers: %d %s", status, body)
					}
					ids = ids[:0]
					for _, item := range teachers.Items {
						p := decode(t, item)
						ids = append(ids, p.ID)
						for _, te := range tc {
							if te.ID == p.ID {
								checkPerson(t, "listed teacher", p, te.IIN, te.Phone, te.BirthDate, revealTeachers)
							}
						}
					}
					if !sameIDs(ids, scope.teachers) {
						t.Errorf("teachers listed %v, want %v", ids, scope.teachers)
					}
				})
			}
		})
	}
}

func sameIDs(a, b []int64) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	sort.Slice(a, func(i, j int) bool { return a[i] < a[j] })
	sort.Slice(b, func(i, j int) bool { return b[i] < b[j] })
	return slices.Equal(a, b)
}

// TestRefusedTokens checks that a token stops working when it is revoked
// or expires, or when its account is disabled or (an auditor's) expires:
// 401 with the invalid_token challenge and the translated message, on a
// public endpoint too, while other tokens keep working.
func TestRefusedTokens(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			app := testkit.StartApp(t, db.DSN(t))
			f := newFixture(t, app.Store)
			c := fetchContract(t, app.URL)
			st := app.Store
			ctx := context.Background()
			guard := access.New(st)

			coordinator := f.users[domain.RoleCollege]
			revoked, token, err := guard.CreateToken(testkit.As(coordinator), "to revoke")
			if err != nil {
				t.Fatal(err)
			}
			if status, body := send(t, c, http.MethodGet, app.URL+"/api/v1/me", revoked); status != http.StatusOK {
				t.Fatalf("fresh token: %d %s", status, body)
			}
			if err := guard.RevokeToken(testkit.As(coordinator), token.ID); err != nil {
				t.Fatal(err)
			}

			expiredToken, tok, err := auth.NewToken(coordinator.ID, "short-lived")
			if err != nil {
				t.Fatal(err)
			}
			tok.ExpiresAt = time.Now().Add(-time.Minute)
			if err := st.CreateToken(ctx, &tok); err != nil {
				t.Fatal(err)
			}

			auditor := f.users[domain.RoleAuditor]
			auditor.ExpiresAt = time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
			if err := st.UpdateUser(ctx, &auditor); err != nil {
				t.Fatal(err)
			}
			mentor := f.users[domain.RoleMentor]
			mentor.Disabled = true
			if err := st.UpdateUser(ctx, &mentor); err != nil {
				t.Fatal(err)
			}

			for name, token := range map[string]string{
				"revoked token":    revoked,
				"expired token":    expiredToken,
				"expired auditor":  f.tokens[domain.RoleAuditor],
				"disabled account": f.tokens[domain.RoleMentor],
				"unknown token":    auth.TokenPrefix + strings.Repeat("x", 43),
			} {
				for _, u := range []string{"/api/v1/me", "/api/v1/students", "/api/v1/regions"} {
					req, _ := http.NewRequest(http.MethodGet, app.URL+u+"?lang=ru", nil)
					req.Header.Set("Authorization", "Bearer "+token)
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					c.check(t, req, resp, body)
					code, msg := errorMessage(t, body)
					if resp.StatusCode != http.StatusUnauthorized || code != domain.EUNAUTHORIZED || msg != i18n.For("ru").T("error.token.invalid") {
						t.Errorf("%s on %s: %d %s", name, u, resp.StatusCode, body)
					}
					if h := resp.Header.Get("WWW-Authenticate"); !strings.Contains(h, `error="invalid_token"`) {
						t.Errorf("%s on %s: WWW-Authenticate %q", name, u, h)
					}
				}
			}
			// The coordinator's other token and everyone else's still work.
			for _, token := range []string{f.tokens[domain.RoleCollege], f.tokens[domain.RoleMinistry]} {
				if status, body := send(t, c, http.MethodGet, app.URL+"/api/v1/me", token); status != http.StatusOK {
					t.Errorf("a token that should still work: %d %s", status, body)
				}
			}
		})
	}
}

// logBuffer collects the program's log; the server writes while the test
// reads.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// TestTokensNotLogged sends good, bad and revoked tokens to answers of
// every kind (200, 400, 401, 403, 404), one even in the query string, and
// checks that no token secret, nor the users' password, reaches the log.
func TestTokensNotLogged(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			var logs logBuffer
			app := testkit.StartApp(t, db.DSN(t), testkit.WithLogs(&logs))
			f := newFixture(t, app.Store)
			c := fetchContract(t, app.URL)
			guard := access.New(app.Store)
			coordinator := f.users[domain.RoleCollege]
			revoked, tok, err := guard.CreateToken(testkit.As(coordinator), "to revoke")
			if err != nil {
				t.Fatal(err)
			}
			if err := guard.RevokeToken(testkit.As(coordinator), tok.ID); err != nil {
				t.Fatal(err)
			}
			unknown := auth.TokenPrefix + strings.Repeat("Z", 43)
			secrets := []string{revoked, unknown, f.token2, testkit.Password}
			for _, token := range f.tokens {
				secrets = append(secrets, token)
			}
			requests := 0
			for _, token := range append(slices.Clone(secrets[:3]), slices.Collect(maps.Values(f.tokens))...) {
				for _, u := range []string{"/api/v1/me", "/api/v1/students?dual=maybe", "/api/v1/audit", "/api/v1/teachers/999999",
					"/api/v1/regions?access_token=" + url.QueryEscape(token)} {
					send(t, c, http.MethodGet, app.URL+u, token)
					requests++
				}
			}
			log := logs.String()
			if n := strings.Count(log, `"msg":"request"`); n < requests {
				t.Fatalf("the log has %d request lines for %d requests; is it captured?", n, requests)
			}
			for _, s := range secrets {
				if strings.Contains(log, s) {
					t.Errorf("the log contains the secret %s…", s[:6])
				}
			}
		})
	}
}

// TestSessionCookieIgnored signs in to the web pages as a college
// coordinator and sends the session cookie alone to the API: the API must
// answer as to the public, because it authenticates by bearer token only.
// With a token too, the token's user acts, not the cookie's.
func TestSessionCookieIgnored(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			app := testkit.StartApp(t, db.DSN(t))
			f := newFixture(t, app.Store)
			c := fetchContract(t, app.URL)
			coordinator := f.users[domain.RoleCollege]

			noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err := noRedirect.PostForm(app.URL+"/signin", url.Values{"login": {coordinator.Login}, "password": {testkit.Password}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			cookies := resp.Cookies()
			if len(cookies) == 0 {
				t.Fatalf("signing in to the web pages set no cookie: %s", resp.Status)
			}
			withCookies := func(method, u, token string) (*http.Response, []byte) {
				req, _ := http.NewRequest(method, app.URL+u, nil)
				for _, ck := range cookies {
					req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
				}
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				resp, err := noRedirect.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				body, _ := io.ReadAll(resp.Body)
				if strings.HasPrefix(u, "/api/") {
					c.check(t, req, resp, body)
				}
				return resp, body
			}
			// The cookie is a working session: the pages show the
			// coordinator the students the public may not see.
			if resp, _ := withCookies(http.MethodGet, "/students", ""); resp.StatusCode != http.StatusOK {
				t.Fatalf("the session cookie does not work on the web pages: GET /students %s", resp.Status)
			}
			for _, u := range []string{"/api/v1/me", "/api/v1/students", fmt.Sprintf("/api/v1/students/%d", f.students[0].ID), "/api/v1/users"} {
				if resp, body := withCookies(http.MethodGet, u, ""); resp.StatusCode != http.StatusUnauthorized {
					t.Errorf("GET %s with the session cookie: %s %s, want 401", u, resp.Status, abbreviate(body))
				}
			}
			resp, body := withCookies(http.MethodGet, "/api/v1/colleges", "")
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET /api/v1/colleges with the session cookie: %s %s", resp.Status, abbreviate(body))
			}
			if sc := resp.Header.Values("Set-Cookie"); len(sc) != 0 {
				t.Errorf("the API set cookies: %v", sc)
			}
			_, body = withCookies(http.MethodGet, "/api/v1/me", f.tokens[domain.RoleMinistry])
			var me struct{ Login string }
			json.Unmarshal(body, &me)
			if me.Login != f.users[domain.RoleMinistry].Login {
				t.Errorf("with a cookie and the ministry's token, /me is %q", me.Login)
			}
		})
	}
}
