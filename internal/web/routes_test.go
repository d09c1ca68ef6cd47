package web_test

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
	"github.com/dualtrack/dualtrack/internal/web"
)

// visitor is a browser of one role: it keeps its session cookie from
// response to response (sign-in and a password change renew it); the
// public has none and keeps none.
type visitor struct {
	base   string
	cookie string
}

func (v *visitor) send(t testing.TB, method, path string, form url.Values, headers ...string) page {
	t.Helper()
	if v.cookie != "" {
		headers = append(headers, session(v.cookie)...)
	}
	var p page
	if method == http.MethodPost {
		p = postForm(t, v.base, path, form, headers...)
	} else {
		req, err := http.NewRequest(method, v.base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		setHeaders(req, headers)
		p = do(t, req)
	}
	if c, ok := p.cookie(web.SessionCookie); ok && c.Value != "" && v.cookie != "" {
		v.cookie = c.Value
	}
	return p
}

// probe is the request the matrix sends for a route, and the status it
// gets when the role may take the route's action.
type probe struct {
	method, path string
	form         url.Values
	allowed      int
}

// probes returns a request for every route of the table, for a visitor
// signed in as u (the zero User for the public). The records they name are
// inside every role's scope, so an allowed request succeeds: Aigerim is in
// Almaty, in the curator's group, mentored, at Energo; the teacher account
// is managed by the ministry, the Almaty region and the Almaty college.
func (r *registry) probes(u domain.User, tokenID int64) map[string]probe {
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	teacher := r.users[domain.RoleTeacher]
	login := u.Login
	if login == "" {
		login = r.users[domain.RoleMinistry].Login
	}
	teacherForm := url.Values{"name": {teacher.Name}, "role": {"teacher"}, "college_id": {id(r.almaty.ID)}, "teacher_id": {id(r.curator.ID)}}
	newUser := url.Values{"login": {"matrix-" + string(u.Role)}, "name": {"Matrix " + string(u.Role)}, "role": {"teacher"},
		"college_id": {id(r.almaty.ID)}, "teacher_id": {id(r.curator.ID)}, "password": {"Matrix-құпиясөз-2026"}}
	return map[string]probe{
		"GET /{$}":                         {"GET", "/", nil, http.StatusOK},
		"GET /colleges":                    {"GET", "/colleges", nil, http.StatusOK},
		"GET /colleges/{id}":               {"GET", "/colleges/" + id(r.almaty.ID), nil, http.StatusOK},
		"GET /enterprises":                 {"GET", "/enterprises", nil, http.StatusOK},
		"GET /enterprises/{id}":            {"GET", "/enterprises/" + id(r.energo.ID), nil, http.StatusOK},
		"GET /students":                    {"GET", "/students", nil, http.StatusOK},
		"GET /students/{id}":               {"GET", "/students/" + id(r.aigerim.ID), nil, http.StatusOK},
		"GET /signin":                      {"GET", "/signin", nil, 0}, // the form, or straight on when signed in
		"POST /signin":                     {"POST", "/signin", url.Values{"login": {login}, "password": {testkit.Password}}, http.StatusSeeOther},
		"POST /signout":                    {"POST", "/signout", url.Values{}, http.StatusSeeOther},
		"GET /account":                     {"GET", "/account", nil, http.StatusOK},
		"POST /account/password":           {"POST", "/account/password", url.Values{"current_password": {testkit.Password}, "password": {testkit.Password}, "password_confirm": {testkit.Password}}, http.StatusSeeOther},
		"POST /account/tokens":             {"POST", "/account/tokens", url.Values{"name": {"matrix"}}, http.StatusOK},
		"POST /account/tokens/{id}/revoke": {"POST", "/account/tokens/" + id(tokenID) + "/revoke", url.Values{}, http.StatusSeeOther},
		"GET /account/export":              {"GET", "/account/export", nil, http.StatusOK},
		"GET /admin/users":                 {"GET", "/admin/users", nil, http.StatusOK},
		"GET /admin/users/new":             {"GET", "/admin/users/new", nil, http.StatusOK},
		"POST /admin/users":                {"POST", "/admin/users", newUser, http.StatusSeeOther},
		"GET /admin/users/{id}":            {"GET", "/admin/users/" + id(teacher.ID), nil, http.StatusOK},
		"POST /admin/users/{id}":           {"POST", "/admin/users/" + id(teacher.ID), teacherForm, http.StatusSeeOther},
		"POST /admin/users/{id}/password":  {"POST", "/admin/users/" + id(teacher.ID) + "/password", url.Values{"password": {testkit.Password}, "password_confirm": {testkit.Password}}, http.StatusSeeOther},
		"GET /audit":                       {"GET", "/audit", nil, http.StatusOK},
		"GET /jobs":                        {"GET", "/jobs", nil, http.StatusOK},
		"POST /lang":                       {"POST", "/lang", url.Values{"lang": {"ru"}, "next": {"/colleges"}}, http.StatusSeeOther},
		"GET /static/{file...}":            {"GET", "/static/app.css", nil, http.StatusOK},
		"/":                                {"GET", "/no-such-page", nil, http.StatusNotFound},
	}
}

// TestRouteMatrix sends every route of the table as the public and as
// every role, and checks the answer against the policy table: allowed
// requests succeed, the public is sent to sign in, a signed-in role
// without the permission gets 403. A route without a probe fails the test,
// so a new route cannot skip the matrix.
func TestRouteMatrix(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	ctx := context.Background()
	table := web.RouteTable()
	// Signing out ends the visitor's session: it goes last.
	slices.SortStableFunc(table, func(a, b web.RouteEntry) int {
		return boolInt(a.Pattern == "POST /signout") - boolInt(b.Pattern == "POST /signout")
	})
	roles := append([]domain.Role{domain.RolePublic}, domain.Roles...)
	for _, role := range roles {
		name := string(role)
		if role == domain.RolePublic {
			name = "public"
		}
		t.Run(name, func(t *testing.T) {
			v := &visitor{base: r.app.URL}
			u := r.users[role]
			var tokenID int64
			if role != domain.RolePublic {
				v.cookie = signIn(t, r.app.URL, u.Login)
				_, tok, err := auth.NewToken(u.ID, "to revoke")
				if err != nil {
					t.Fatal(err)
				}
				if err := r.app.Store.CreateToken(ctx, &tok); err != nil {
					t.Fatal(err)
				}
				tokenID = tok.ID
			}
			probes := r.probes(u, tokenID)
			maps.Copy(probes, r.placementProbes(t, u))
			maps.Copy(probes, r.logbookProbes(t, u))
			maps.Copy(probes, r.agreementProbes(t, u))
			maps.Copy(probes, r.roundProbes(t, u))
			maps.Copy(probes, r.exportProbes(t))
			maps.Copy(probes, r.importProbes(t, u))
			maps.Copy(probes, r.exportJobProbes(t, u))
			maps.Copy(probes, r.patronageProbes(t, u))
			maps.Copy(probes, r.employmentProbes(t, u))
			maps.Copy(probes, r.targetedProbes(t, u))
			maps.Copy(probes, r.analyticsProbes(t, u))
			maps.Copy(probes, r.guidanceProbes(t, u))
			maps.Copy(probes, r.teachersDevProbes(t, u))
			maps.Copy(probes, r.internationalProbes(t, u))
			maps.Copy(probes, r.notificationProbes(t, u))
			for _, rt := range table {
				pr, ok := probes[rt.Pattern]
				if !ok {
					t.Errorf("route %q has no probe in TestRouteMatrix: add one", rt.Pattern)
					continue
				}
				p := v.send(t, pr.method, pr.path, pr.form, "Accept-Language", "en")
				allowed := auth.Allowed(role, rt.Action)
				loc := p.header.Get("Location")
				denied := p.status == http.StatusForbidden ||
					p.status == http.StatusSeeOther && strings.HasPrefix(loc, "/signin")
				switch {
				case !allowed && role == domain.RolePublic:
					if p.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
						t.Errorf("%s %s (%s) as the public: status %d, Location %q; want 303 to /signin", pr.method, pr.path, rt.Action, p.status, loc)
					}
				case !allowed:
					if p.status != http.StatusForbidden {
						t.Errorf("%s %s (%s) as %s: status %d; want 403", pr.method, pr.path, rt.Action, role, p.status)
					} else if !strings.Contains(p.body, "Your role does not allow this.") {
						t.Errorf("%s %s as %s: the 403 page lacks the translated reason", pr.method, pr.path, role)
					}
				case denied:
					t.Errorf("%s %s (%s) as %s: denied with %d (Location %q), but the policy allows it", pr.method, pr.path, rt.Action, name, p.status, loc)
				case pr.allowed == 0:
					if p.status != http.StatusOK && p.status != http.StatusSeeOther {
						t.Errorf("%s %s as %s: status %d, want 200 or 303", pr.method, pr.path, name, p.status)
					}
				case p.status != pr.allowed:
					t.Errorf("%s %s as %s: status %d, want %d; body:\n%s", pr.method, pr.path, name, p.status, pr.allowed, excerpt(p.body))
				}
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// recordingMux remembers the patterns registered on it.
type recordingMux struct{ patterns []string }

func (m *recordingMux) Handle(pattern string, _ http.Handler) {
	m.patterns = append(m.patterns, pattern)
}

// TestEveryRouteHasAnAction: whatever Register puts on the mux is an entry
// of the route table, whose action the policy table knows. A handler added
// to the mux some other way fails here.
func TestEveryRouteHasAnAction(t *testing.T) {
	t.Parallel()
	w, err := web.New(web.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var mux recordingMux
	w.Register(&mux)
	table := map[string]auth.Action{}
	for _, rt := range web.RouteTable() {
		if _, dup := table[rt.Pattern]; dup {
			t.Errorf("route %q is in the table twice", rt.Pattern)
		}
		table[rt.Pattern] = rt.Action
	}
	for _, pattern := range mux.patterns {
		action, ok := table[pattern]
		if !ok {
			t.Errorf("route %q is served but has no entry in the route table", pattern)
			continue
		}
		if _, ok := auth.Policy[action]; !ok {
			t.Errorf("route %q names action %q, which the policy table does not have", pattern, action)
		}
	}
	if len(mux.patterns) != len(table) {
		t.Errorf("%d routes registered, %d in the table", len(mux.patterns), len(table))
	}
	// The real mux accepts every pattern (no conflicts).
	w.Register(http.NewServeMux())
}

// TestScopes are the IDOR probes: other colleges' (and other people's)
// records asked for by their numbers are not found, and lists hold only
// what the role's scope covers.
func TestScopes(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		ctx := context.Background()
		id := func(n int64) string { return strconv.FormatInt(n, 10) }
		astanaStudent := r.students[25]
		groupA2Student := r.students[17]
		unmentored := r.students[5]
		// A mentor's trainees are the students whose live agreement names
		// the mentor: Aigerim and two more in the logbook fixture (a third
		// agreement there is completed, so its student is no trainee now).
		lb := r.logbook(t)
		cases := []struct {
			role    domain.Role
			total   int // students in the list
			visible []domain.Student
			hidden  []domain.Student
		}{
			{domain.RoleMinistry, 30, []domain.Student{r.aigerim, astanaStudent}, nil},
			{domain.RoleRegion, 20, []domain.Student{r.aigerim, groupA2Student}, []domain.Student{astanaStudent}},
			{domain.RoleCollege, 20, []domain.Student{r.aigerim, groupA2Student}, []domain.Student{astanaStudent}},
			{domain.RoleTeacher, groupAStudents, []domain.Student{r.aigerim, unmentored}, []domain.Student{groupA2Student, astanaStudent}},
			{domain.RoleEnterprise, 20, []domain.Student{r.aigerim, groupA2Student}, []domain.Student{astanaStudent}},
			{domain.RoleMentor, 3, []domain.Student{r.aigerim, lb.writer, lb.behind}, []domain.Student{lb.done, unmentored, groupA2Student, astanaStudent}},
			{domain.RoleStudent, 1, []domain.Student{r.aigerim}, []domain.Student{r.students[1], astanaStudent}},
			{domain.RoleAuditor, 20, []domain.Student{r.aigerim}, []domain.Student{astanaStudent}},
		}
		for _, c := range cases {
			as := r.as(t, c.role, "Accept-Language", "en")
			p := get(t, r.app.URL, "/students?per_page=50", as...)
			want := strconv.Itoa(c.total) + " students"
			if c.total == 1 {
				want = "1 student"
			}
			p.expect(t, http.StatusOK, "<strong>"+want+"</strong>")
			for _, s := range c.visible {
				get(t, r.app.URL, "/students/"+id(s.ID), as...).expect(t, http.StatusOK, "<h1>"+s.Name.Full()+"</h1>")
			}
			for _, s := range c.hidden {
				p := get(t, r.app.URL, "/students/"+id(s.ID), as...)
				p.expect(t, http.StatusNotFound, "Page not found")
				p.lacks(t, s.Name.Full(), s.IIN[8:])
				if strings.Contains(p.body, s.Name.Full()) {
					t.Errorf("%s sees %s", c.role, s.Name.Full())
				}
			}
			// A filter naming another college gives nothing, not its students.
			if c.role != domain.RoleMinistry {
				p := get(t, r.app.URL, "/students?college_id="+id(r.astana.ID), as...)
				p.lacks(t, astanaStudent.Name.Full())
			}
		}
		// Astana's coordinator is refused Almaty's student the same way.
		get(t, r.app.URL, "/students/"+id(r.aigerim.ID), r.asUser(t, r.astanaCoordinator)...).expect(t, http.StatusNotFound)

		// Personal data: in full for the college, masked for the ministry.
		full := get(t, r.app.URL, "/students/"+id(r.aigerim.ID), r.as(t, domain.RoleCollege, "Accept-Language", "ru")...)
		full.expect(t, http.StatusOK, r.aigerim.IIN, strings.TrimPrefix(r.aigerim.Phone, "+"), "<dt>Дата рождения</dt><dd>15.03.2007</dd>")
		full.lacks(t, "••••")
		list := get(t, r.app.URL, "/students?q="+url.QueryEscape("Әбіл"), r.as(t, domain.RoleCollege)...)
		list.expect(t, http.StatusOK, r.aigerim.IIN)
		for _, role := range []domain.Role{domain.RoleMinistry, domain.RoleRegion, domain.RoleAuditor, domain.RoleMentor} {
			p := get(t, r.app.URL, "/students/"+id(r.aigerim.ID), r.as(t, role, "Accept-Language", "ru")...)
			p.expect(t, http.StatusOK, "••••••••"+r.aigerim.IIN[8:], "<dt>Год рождения</dt><dd>2007</dd>")
			p.lacks(t, r.aigerim.IIN, strings.TrimPrefix(r.aigerim.Phone, "+"), "15.03.2007")
			get(t, r.app.URL, "/students", r.as(t, role)...).lacks(t, r.aigerim.IIN)
		}

		// Accounts of another college are not found either.
		astanaTeacher := domain.Teacher{IIN: identifier(t, "90010130077"), Name: domain.PersonName{Last: "Омаров", First: "Ерлан"},
			CollegeID: r.astana.ID, Position: domain.PositionTeacher}
		if err := r.app.Store.CreateTeacher(ctx, &astanaTeacher); err != nil {
			t.Fatal(err)
		}
		other := testkit.NewUser(t, r.app.Store, domain.User{Login: "astana-teacher", Role: domain.RoleTeacher, CollegeID: r.astana.ID, TeacherID: astanaTeacher.ID})
		coordinator := r.as(t, domain.RoleCollege)
		get(t, r.app.URL, "/admin/users/"+id(other.ID), coordinator...).expect(t, http.StatusNotFound)
		postForm(t, r.app.URL, "/admin/users/"+id(other.ID), url.Values{"name": {"Taken over"}, "role": {"teacher"},
			"college_id": {id(r.almaty.ID)}, "teacher_id": {id(r.curator.ID)}}, coordinator...).expect(t, http.StatusNotFound)
		postForm(t, r.app.URL, "/admin/users/"+id(other.ID)+"/password", url.Values{"password": {"Захват-2026-пароль"},
			"password_confirm": {"Захват-2026-пароль"}}, coordinator...).expect(t, http.StatusNotFound)
		get(t, r.app.URL, "/admin/users?q=astana", coordinator...).lacks(t, "astana-teacher", "astana-college")
		// Nor can a coordinator make an account in another college.
		p := postForm(t, r.app.URL, "/admin/users", url.Values{"login": {"intruder"}, "name": {"Intruder"}, "role": {"teacher"},
			"college_id": {id(r.astana.ID)}, "teacher_id": {id(astanaTeacher.ID)}, "password": {"Intruder-құпия-2026"}}, coordinator...)
		p.expect(t, http.StatusForbidden)
		if _, err := r.app.Store.UserByLogin(ctx, "intruder"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("the out-of-scope account was created (%v)", err)
		}

		// Another user's API token cannot be revoked.
		_, tok, err := auth.NewToken(other.ID, "theirs")
		if err != nil {
			t.Fatal(err)
		}
		if err := r.app.Store.CreateToken(ctx, &tok); err != nil {
			t.Fatal(err)
		}
		postForm(t, r.app.URL, "/account/tokens/"+id(tok.ID)+"/revoke", url.Values{}, coordinator...).expect(t, http.StatusNotFound)

		// The auditor looks but never touches: every form that changes the
		// registry or other accounts is refused.
		auditor := r.as(t, domain.RoleAuditor, "Accept-Language", "en")
		teacher := id(r.users[domain.RoleTeacher].ID)
		for _, path := range []string{"/admin/users", "/admin/users/" + teacher, "/admin/users/" + teacher + "/password"} {
			p := postForm(t, r.app.URL, path, url.Values{"login": {"auditor-made"}, "name": {"X"}, "role": {"teacher"},
				"password": {"Auditor-құпия-2026"}, "password_confirm": {"Auditor-құпия-2026"}}, auditor...)
			p.expect(t, http.StatusForbidden, "Your role does not allow this.")
		}
		get(t, r.app.URL, "/admin/users", auditor...).expect(t, http.StatusForbidden)
		get(t, r.app.URL, "/account/export", auditor...).expect(t, http.StatusForbidden)
	})
}
