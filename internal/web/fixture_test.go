package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
	"github.com/dualtrack/dualtrack/internal/web"
)

// registry is the small fixture every page test runs on: two colleges in
// Almaty and Astana, two enterprises, a dual and a non-dual programme, and
// 30 students (20 dual in Almaty, 10 in Astana); and one user of every role,
// scoped to Almaty: its coordinator, a teacher who supervises group A (15
// of the Almaty students; group A2 holds the other 5), Energo's HR and a
// mentor (whose trainees come with the logbook fixture's agreements), a
// student (Aigerim: in group A, at Energo), a regional department and an
// auditor of Almaty, and the ministry. Astana has its own coordinator.
type registry struct {
	app         *testkit.App
	almaty      domain.College // state, dual programme, 20 students at Energo
	astana      domain.College // private, non-dual programme, 10 students
	energo      domain.Enterprise
	builder     domain.Enterprise
	software    domain.Programme
	accounting  domain.Programme
	groupA      domain.Group // Almaty, supervised by curator
	groupA2     domain.Group // Almaty, no curator
	groupB      domain.Group
	curator     domain.Teacher
	students    []domain.Student // in creation order
	aigerim     domain.Student   // Әбілқасымова Айгерім, the browser test's student
	sortedNames []string         // all 30 full names in the list's order
	// users has one user of every role (see above); astanaCoordinator is
	// the coordinator of the other college.
	users             map[domain.Role]domain.User
	astanaCoordinator domain.User

	mu       sync.Mutex
	sessions map[string]string // login → session cookie value
}

// Students per group in the fixture.
const groupAStudents = 15 // the first 15 Almaty students; group A2 has the other 5

// studentNames are 30 distinct names; the first 20 go to Almaty.
var studentNames = [][2]string{
	{"Әбілқасымова", "Айгерім"}, {"Ахметов", "Данияр"}, {"Бекова", "Жанар"}, {"Бөкейхан", "Ерлан"},
	{"Ғабитов", "Нұрлан"}, {"Дәулетова", "Әсел"}, {"Ержанов", "Арман"}, {"Жұмабаева", "Мадина"},
	{"Зейнуллин", "Тимур"}, {"Иванова", "Мария"}, {"Қасымов", "Бауыржан"}, {"Қожахметова", "Дана"},
	{"Ли", "Виктория"}, {"Мұхамеджанов", "Олжас"}, {"Нұрпейісова", "Гүлнар"}, {"Оспанов", "Ильяс"},
	{"Өтебаева", "Аружан"}, {"Петров", "Сергей"}, {"Рахимов", "Санжар"}, {"Сейтқали", "Томирис"},
	{"Смагулова", "Камила"}, {"Тоқтаров", "Әлихан"}, {"Ұлықбекова", "Інжу"}, {"Үсенов", "Ақжол"},
	{"Федорова", "Анна"}, {"Хасенов", "Мирас"}, {"Шәріпова", "Алия"}, {"Ыбыраев", "Дәурен"},
	{"Юсупов", "Руслан"}, {"Ямкова", "Ольга"},
}

func identifier(t testing.TB, first11 string) string {
	t.Helper()
	s, ok := domain.CompleteIdentifier(first11)
	if !ok {
		t.Fatalf("no check digit for %s", first11)
	}
	return s
}

// newRegistry starts the whole program on a fresh database and fills it.
func newRegistry(t testing.TB, dsn string, opts ...testkit.AppOption) *registry {
	t.Helper()
	a := testkit.StartApp(t, dsn, opts...)
	r := &registry{app: a}
	fill(t, a.Store, r)
	return r
}

func fill(t testing.TB, st *store.Store, r *registry) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	r.almaty = domain.College{BIN: identifier(t, "99034000101"),
		Name:     domain.Names{KK: "Алматы политехникалық колледжі", RU: "Алматинский политехнический колледж", EN: "Almaty Polytechnic College"},
		RegionID: 75, CityID: 1, Ownership: domain.OwnershipState, Address: "Алматы, Абай даңғылы 1"}
	must(st.CreateCollege(ctx, &r.almaty))
	r.astana = domain.College{BIN: identifier(t, "01054000202"),
		Name:     domain.Names{KK: "Астана бизнес колледжі", RU: "Астанинский колледж бизнеса", EN: "Astana Business College"},
		RegionID: 71, CityID: 2, Ownership: domain.OwnershipPrivate, Address: "Астана, Мәңгілік Ел даңғылы 10"}
	must(st.CreateCollege(ctx, &r.astana))
	r.energo = domain.Enterprise{BIN: identifier(t, "05044000777"),
		Name:     domain.Names{KK: "«Алматы Энерго Сервис» ЖШС", RU: "ТОО «Алматы Энерго Сервис»", EN: "Almaty Energo Service LLP"},
		RegionID: 75, CityID: 1, Industry: "D", Employees: 1450}
	must(st.CreateEnterprise(ctx, &r.energo))
	r.builder = domain.Enterprise{BIN: identifier(t, "10124000888"),
		Name:     domain.Names{KK: "«Астана Құрылыс» АҚ", RU: "АО «Астана Курылыс»", EN: "Astana Qurylys JSC"},
		RegionID: 71, CityID: 2, Industry: "F", Employees: 320}
	must(st.CreateEnterprise(ctx, &r.builder))
	r.software = domain.Programme{CollegeID: r.almaty.ID, SpecialtyCode: "06130100", QualificationCode: "4S06130103",
		DurationMonths: 34, Dual: true, HoursTotal: 5760, HoursPractice: 2000, HoursEnterprise: 1400}
	must(st.CreateProgramme(ctx, &r.software))
	r.accounting = domain.Programme{CollegeID: r.astana.ID, SpecialtyCode: "04110100", QualificationCode: "4S04110102",
		DurationMonths: 22, HoursTotal: 4000, HoursPractice: 1000, HoursEnterprise: 300}
	must(st.CreateProgramme(ctx, &r.accounting))
	r.curator = domain.Teacher{IIN: identifier(t, "85020230012"), Name: domain.PersonName{Last: "Сәрсенбаев", First: "Қайрат"},
		CollegeID: r.almaty.ID, Position: domain.PositionMaster, Phone: "+7 701 444 0001", HiredOn: time.Date(2015, 9, 1, 0, 0, 0, 0, time.UTC)}
	must(st.CreateTeacher(ctx, &r.curator))
	r.groupA = domain.Group{CollegeID: r.almaty.ID, ProgrammeID: r.software.ID, Code: "ПО-23-1", IntakeYear: 2023, Language: "kk", CuratorID: r.curator.ID}
	must(st.CreateGroup(ctx, &r.groupA))
	r.groupA2 = domain.Group{CollegeID: r.almaty.ID, ProgrammeID: r.software.ID, Code: "ПО-23-2", IntakeYear: 2023, Language: "ru"}
	must(st.CreateGroup(ctx, &r.groupA2))
	r.groupB = domain.Group{CollegeID: r.astana.ID, ProgrammeID: r.accounting.ID, Code: "УА-24-1", IntakeYear: 2024, Language: "ru"}
	must(st.CreateGroup(ctx, &r.groupB))
	r.users = map[domain.Role]domain.User{}
	mentor := testkit.NewUser(t, st, domain.User{Role: domain.RoleMentor, EnterpriseID: r.energo.ID})
	r.users[domain.RoleMentor] = mentor

	for i, n := range studentNames {
		s := domain.Student{
			// Born 15 March 2007; the 7th digit (5 or 6: 21st century, male
			// or female) and the serial make each IIN unique.
			IIN:        identifier(t, fmt.Sprintf("070315%d%04d", 5+i%2, i+1)),
			Name:       domain.PersonName{Last: n[0], First: n[1]},
			Phone:      fmt.Sprintf("+7 701 555 %04d", i),
			Funding:    domain.FundingState,
			Status:     domain.StatusStudying,
			EnrolledOn: time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC),
		}
		switch {
		case i < groupAStudents:
			s.CollegeID, s.GroupID, s.ProgrammeID, s.EnterpriseID = r.almaty.ID, r.groupA.ID, r.software.ID, r.energo.ID
		case i < 20:
			s.CollegeID, s.GroupID, s.ProgrammeID, s.EnterpriseID = r.almaty.ID, r.groupA2.ID, r.software.ID, r.energo.ID
		default:
			s.CollegeID, s.GroupID, s.ProgrammeID = r.astana.ID, r.groupB.ID, r.accounting.ID
			s.Funding = domain.FundingPaid
			s.EnrolledOn = time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC)
		}
		if i == 5 {
			s.Funding = domain.FundingTargeted
		}
		if i == 6 {
			s.Status = domain.StatusAcademicLeave
		}
		must(st.CreateStudent(ctx, &s))
		r.students = append(r.students, s)
	}
	r.aigerim = r.students[0]
	for _, u := range []domain.User{
		{Role: domain.RoleMinistry},
		{Role: domain.RoleRegion, RegionID: r.almaty.RegionID},
		{Role: domain.RoleCollege, CollegeID: r.almaty.ID},
		{Role: domain.RoleTeacher, CollegeID: r.almaty.ID, TeacherID: r.curator.ID},
		{Role: domain.RoleEnterprise, EnterpriseID: r.energo.ID},
		{Role: domain.RoleStudent, CollegeID: r.almaty.ID, StudentID: r.aigerim.ID, Name: "Әбілқасымова Айгерім"},
		{Role: domain.RoleAuditor, RegionID: r.almaty.RegionID, ExpiresAt: time.Now().AddDate(0, 1, 0)},
	} {
		r.users[u.Role] = testkit.NewUser(t, st, u)
	}
	r.astanaCoordinator = testkit.NewUser(t, st, domain.User{Login: "astana-college", Role: domain.RoleCollege, CollegeID: r.astana.ID})
	// The list sorts by the normalised name key, the way the store does.
	byKey := slices.Clone(r.students)
	slices.SortFunc(byKey, func(a, b domain.Student) int {
		return strings.Compare(domain.SearchKey(a.Name.Last, a.Name.First, a.Name.Middle), domain.SearchKey(b.Name.Last, b.Name.First, b.Name.Middle))
	})
	for _, s := range byKey {
		r.sortedNames = append(r.sortedNames, s.Name.Full())
	}
}

// page is one fetched page.
type page struct {
	status int
	header http.Header
	body   string
}

// client does not follow redirects, so tests see the 303 of the language
// switch; it keeps no cookies unless a test sends them.
var client = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// get fetches base+path with headers given as name, value pairs.
func get(t testing.TB, base, path string, headers ...string) page {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	setHeaders(req, headers)
	return do(t, req)
}

// setHeaders sets name, value pairs on req; several Cookie pairs add up.
func setHeaders(req *http.Request, headers []string) {
	for i := 0; i+1 < len(headers); i += 2 {
		if http.CanonicalHeaderKey(headers[i]) == "Cookie" {
			req.Header.Add("Cookie", headers[i+1])
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
}

func postForm(t testing.TB, base, path string, form url.Values, headers ...string) page {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	setHeaders(req, headers)
	return do(t, req)
}

// cookie returns the value of a cookie the page sets, and whether it sets
// it at all.
func (p page) cookie(name string) (*http.Cookie, bool) {
	for _, c := range (&http.Response{Header: p.header}).Cookies() {
		if c.Name == name {
			return c, true
		}
	}
	return nil, false
}

// session is the Cookie header pair of a session cookie value.
func session(value string) []string { return []string{"Cookie", web.SessionCookie + "=" + value} }

// signIn signs in with a login and testkit.Password and returns the new
// session's cookie value.
func signIn(t testing.TB, base, login string) string {
	t.Helper()
	p := postForm(t, base, "/signin", url.Values{"login": {login}, "password": {testkit.Password}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d; body:\n%s", login, p.status, excerpt(p.body))
	}
	c, ok := p.cookie(web.SessionCookie)
	if !ok || c.Value == "" {
		t.Fatalf("sign in as %s set no session cookie", login)
	}
	return c.Value
}

// as returns the headers of a request by the fixture's user of a role
// (signed in once per fixture), plus any further headers given.
func (r *registry) as(t testing.TB, role domain.Role, headers ...string) []string {
	t.Helper()
	return append(r.asUser(t, r.users[role]), headers...)
}

// asUser is as for any user made with testkit.NewUser.
func (r *registry) asUser(t testing.TB, u domain.User) []string {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sessions == nil {
		r.sessions = map[string]string{}
	}
	if _, ok := r.sessions[u.Login]; !ok {
		r.sessions[u.Login] = signIn(t, r.app.URL, u.Login)
	}
	return session(r.sessions[u.Login])
}

func do(t testing.TB, req *http.Request) page {
	t.Helper()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return page{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// in sends Accept-Language so a page comes in lang.
func in(lang string) []string { return []string{"Accept-Language", lang} }

// expect fails unless the page has the status and contains every text.
func (p page) expect(t testing.TB, status int, texts ...string) {
	t.Helper()
	if p.status != status {
		t.Fatalf("status %d, want %d; body:\n%s", p.status, status, excerpt(p.body))
	}
	for _, s := range texts {
		if !strings.Contains(p.body, s) {
			t.Errorf("page lacks %q; body:\n%s", s, excerpt(p.body))
		}
	}
}

// lacks fails if the page contains any of texts.
func (p page) lacks(t testing.TB, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(p.body, s) {
			t.Errorf("page must not contain %q", s)
		}
	}
}

// excerpt is the main part of a page, for failure messages.
func excerpt(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if len(body) > 3000 {
		body = body[:3000] + "…"
	}
	return body
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
