package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// intlFixture is the Almaty college's agreement in force with a college
// in Orenburg (Russia), and the curator's course.
type intlFixture struct {
	partner     domain.Partner
	partnership domain.Partnership
}

var intlFixtures = struct {
	sync.Mutex
	m map[*registry]*intlFixture
}{m: map[*registry]*intlFixture{}}

func (r *registry) intlFixture(t testing.TB) *intlFixture {
	t.Helper()
	intlFixtures.Lock()
	defer intlFixtures.Unlock()
	if f, ok := intlFixtures.m[r]; ok {
		return f
	}
	college := testkit.As(r.users[domain.RoleCollege])
	reg := access.New(r.app.Store)
	f := &intlFixture{partner: domain.Partner{Kind: domain.PartnerCollege, Name: "Оренбургский колледж экономики и информатики",
		Country: "RU", RURegion: "RU-ORE", City: "Оренбург"}}
	if err := reg.SavePartner(college, &f.partner); err != nil {
		t.Fatal(err)
	}
	f.partnership = domain.Partnership{PartnerID: f.partner.ID, Kind: domain.AgreementDoubleDiploma, Number: "ДД-1",
		Subject: "Двойной диплом по специальности «Электроснабжение»", Status: domain.PartnershipActive,
		SignedOn: date("2025-06-01"), StartsOn: date("2025-09-01")}
	if err := reg.SavePartnership(college, &f.partnership); err != nil {
		t.Fatal(err)
	}
	intlFixtures.m[r] = f
	return f
}

// teachersDevProbes and internationalProbes are the route matrix's
// requests for the teachers' qualification and internationalisation
// pages. The curator and the fixture's agreement are in every reader's
// scope; the writes are sent where they change nothing (a form with a
// problem: 400). An enterprise reads only the internships at itself: the
// teachers' page sends it there, a teacher's page is not found for it; a
// teacher may not set their own category.
func (r *registry) teachersDevProbes(t testing.TB, u domain.User) map[string]probe {
	teacher := "/teachers/" + itoa(r.curator.ID)
	list, show := http.StatusOK, http.StatusOK
	if u.Role == domain.RoleEnterprise {
		list, show = http.StatusSeeOther, http.StatusNotFound
	}
	return map[string]probe{
		"GET /teachers/development":       {"GET", "/teachers/development", nil, list},
		"GET /teachers/{id}/development":  {"GET", teacher + "/development", nil, show},
		"POST /teachers/{id}/profile":     {"POST", teacher + "/profile", url.Values{"category": {"grandmaster"}}, http.StatusBadRequest},
		"POST /teachers/{id}/courses":     {"POST", teacher + "/courses", url.Values{"course": {""}}, http.StatusBadRequest},
		"POST /teachers/{id}/internships": {"POST", teacher + "/internships", url.Values{"hours": {"1"}}, http.StatusBadRequest},
		"GET /internships":                {"GET", "/internships", nil, http.StatusOK},
		"GET /admin/teacher-policy":       {"GET", "/admin/teacher-policy", nil, http.StatusOK},
		"POST /admin/teacher-policy":      {"POST", "/admin/teacher-policy", url.Values{"development_years": {"0"}}, http.StatusBadRequest},
		"POST /admin/categories":          {"POST", "/admin/categories", url.Values{"code": {"Bad code"}}, http.StatusBadRequest},
		"POST /admin/categories/{code}":   {"POST", "/admin/categories/pedagogue", url.Values{"position": {"0"}}, http.StatusBadRequest},
		// The corrections name records that do not exist: found by nobody.
		"POST /admin/categories/{code}/delete":                {"POST", "/admin/categories/grandmaster/delete", nil, http.StatusNotFound},
		"GET /teachers/{id}/courses/{course}/edit":            {"GET", teacher + "/courses/999999/edit", nil, http.StatusNotFound},
		"POST /teachers/{id}/courses/{course}":                {"POST", teacher + "/courses/999999", url.Values{"hours": {"1"}}, http.StatusNotFound},
		"POST /teachers/{id}/courses/{course}/delete":         {"POST", teacher + "/courses/999999/delete", nil, http.StatusNotFound},
		"GET /teachers/{id}/internships/{internship}/edit":    {"GET", teacher + "/internships/999999/edit", nil, http.StatusNotFound},
		"POST /teachers/{id}/internships/{internship}":        {"POST", teacher + "/internships/999999", url.Values{"hours": {"1"}}, http.StatusNotFound},
		"POST /teachers/{id}/internships/{internship}/delete": {"POST", teacher + "/internships/999999/delete", nil, http.StatusNotFound},
	}
}

func (r *registry) internationalProbes(t testing.TB, u domain.User) map[string]probe {
	f := r.intlFixture(t)
	agreement := "/international/partnerships/" + itoa(f.partnership.ID)
	return map[string]probe{
		"GET /international":                       {"GET", "/international", nil, http.StatusOK},
		"GET /international/partners":              {"GET", "/international/partners", nil, http.StatusOK},
		"POST /international/partners":             {"POST", "/international/partners", url.Values{"name": {""}}, http.StatusBadRequest},
		"GET /international/partnerships/new":      {"GET", "/international/partnerships/new", nil, http.StatusOK},
		"POST /international/partnerships":         {"POST", "/international/partnerships", url.Values{"kind": {"x"}}, http.StatusBadRequest},
		"GET /international/partnerships/{id}":     {"GET", agreement, nil, http.StatusOK},
		"POST /international/partnerships/{id}":    {"POST", agreement, url.Values{"kind": {"x"}}, http.StatusBadRequest},
		"GET /international/mobility":              {"GET", "/international/mobility", nil, http.StatusOK},
		"POST /international/mobility":             {"POST", "/international/mobility", url.Values{"direction": {"x"}}, http.StatusBadRequest},
		"GET /international/specialists":           {"GET", "/international/specialists", nil, http.StatusOK},
		"POST /international/specialists":          {"POST", "/international/specialists", url.Values{"full_name": {""}}, http.StatusBadRequest},
		"GET /international/russia":                {"GET", "/international/russia", nil, http.StatusOK},
		"GET /international/partners/{id}/edit":    {"GET", "/international/partners/" + itoa(f.partner.ID) + "/edit", nil, http.StatusOK},
		"POST /international/partners/{id}":        {"POST", "/international/partners/" + itoa(f.partner.ID), url.Values{"name": {""}}, http.StatusBadRequest},
		"GET /international/specialists/{id}/edit": {"GET", "/international/specialists/999999/edit", nil, http.StatusNotFound},
		"POST /international/specialists/{id}":     {"POST", "/international/specialists/999999", url.Values{"full_name": {""}}, http.StatusNotFound},
		"GET /international/mobility/{id}/edit":    {"GET", "/international/mobility/999999/edit", nil, http.StatusNotFound},
		"POST /international/mobility/{id}":        {"POST", "/international/mobility/999999", url.Values{"direction": {"x"}}, http.StatusNotFound},
	}
}

// TestTeachersDevelopmentPages: the college records a teacher's category,
// a course and an internship on the teacher's page (a mistake comes back
// next to its field, in the user's language); the list and the figures
// follow; the enterprise sees the internship at itself; the ministry
// changes the interval and the scheme.
func TestTeachersDevelopmentPages(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	base := r.app.URL
	teacher := "/teachers/" + itoa(r.curator.ID) + "/development"
	college := func(lang string) []string { return r.as(t, domain.RoleCollege, in(lang)...) }

	// Hired in the fixture long ago, never on a course: overdue.
	get(t, base, "/teachers/development?state=overdue", college("en")...).expect(t, http.StatusOK, r.curator.Name.Last, "Overdue")
	p := postForm(t, base, "/teachers/"+itoa(r.curator.ID)+"/profile", url.Values{"category": {"expert"}, "subjects": {"Электротехника\nОхрана труда"}}, college("ru")...)
	if p.status != http.StatusSeeOther {
		t.Fatalf("profile: %d\n%s", p.status, excerpt(p.body))
	}
	course := url.Values{"course": {"Цифровые технологии в ТиПО"}, "provider": {"НАО «Talap»"}, "hours": {"72"}, "certificate": {"T-0117"},
		"starts_on": {"2099-01-01"}, "ends_on": {"2099-01-20"}}
	postForm(t, base, "/teachers/"+itoa(r.curator.ID)+"/courses", course, college("kk")...).
		expect(t, http.StatusBadRequest, "Аяқталу күні: Аяқталғаннан кейін ғана енгізіледі", `value="T-0117"`)
	today := time.Now()
	course.Set("starts_on", today.AddDate(0, 0, -20).Format("2006-01-02"))
	course.Set("ends_on", today.AddDate(0, 0, -1).Format("2006-01-02"))
	if p := postForm(t, base, "/teachers/"+itoa(r.curator.ID)+"/courses", course, college("ru")...); p.status != http.StatusSeeOther {
		t.Fatalf("course: %d\n%s", p.status, excerpt(p.body))
	}
	internship := url.Values{"enterprise_bin": {"000000000000"}, "hours": {"36"}, "starts_on": {course.Get("starts_on")}, "ends_on": {course.Get("ends_on")}}
	postForm(t, base, "/teachers/"+itoa(r.curator.ID)+"/internships", internship, college("en")...).expect(t, http.StatusBadRequest, "Enterprise&#39;s BIN")
	internship.Set("enterprise_bin", r.energo.BIN)
	if p := postForm(t, base, "/teachers/"+itoa(r.curator.ID)+"/internships", internship, college("ru")...); p.status != http.StatusSeeOther {
		t.Fatalf("internship: %d\n%s", p.status, excerpt(p.body))
	}
	get(t, base, teacher, college("ru")...).expect(t, http.StatusOK, "педагог-эксперт", "Электротехника, Охрана труда", "T-0117", "В срок")
	get(t, base, "/teachers/development", college("en")...).expect(t, http.StatusOK, "teacher-expert", "with an industry internship in the last 3 years")
	get(t, base, "/internships", r.as(t, domain.RoleEnterprise, in("ru")...)...).expect(t, http.StatusOK, r.curator.Name.Last, "1 стажировка")
	get(t, base, "/internships", r.asUser(t, r.astanaCoordinator)...).expect(t, http.StatusOK)
	get(t, base, teacher, r.asUser(t, r.astanaCoordinator)...).expect(t, http.StatusNotFound)

	// The ministry retires a category and changes the interval.
	ministry := r.as(t, domain.RoleMinistry, in("en")...)
	postForm(t, base, "/admin/teacher-policy", url.Values{"development_years": {"11"}, "due_soon_days": {"90"}, "internship_years": {"3"}}, ministry...).
		expect(t, http.StatusBadRequest, "Professional development every (years): This setting must be from 1 to 10.")
	if p := postForm(t, base, "/admin/teacher-policy", url.Values{"development_years": {"5"}, "due_soon_days": {"60"}, "internship_years": {"3"}},
		ministry...); p.status != http.StatusSeeOther {
		t.Fatalf("policy: %d\n%s", p.status, excerpt(p.body))
	}
	if p := postForm(t, base, "/admin/categories/moderator", url.Values{"position": {"2"}, "name_kk": {"педагог-модератор"},
		"name_ru": {"педагог-модератор"}, "name_en": {"teacher-moderator"}, "retired": {"yes"}}, ministry...); p.status != http.StatusSeeOther {
		t.Fatalf("category: %d\n%s", p.status, excerpt(p.body))
	}
	get(t, base, "/admin/teacher-policy", ministry...).expect(t, http.StatusOK, `value="5"`, "No longer given")
	postForm(t, base, "/teachers/"+itoa(r.curator.ID)+"/profile", url.Values{"category": {"moderator"}}, college("en")...).
		expect(t, http.StatusBadRequest, "Choose a qualification category of the scheme in force.")
}

// TestInternationalPages: a college registers a Russian partner and an
// agreement, records a student's mobility; the figures, the cross-border
// view and the region follow; another college's coordinator does not see
// the agreement, the ministry sees the student's initials only.
func TestInternationalPages(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	base := r.app.URL
	college := func(lang string) []string { return r.as(t, domain.RoleCollege, in(lang)...) }

	partner := url.Values{"name": {"Омский колледж транспортного строительства"}, "kind": {"college"}, "country": {"DE"}, "ru_region": {"RU-OMS"}}
	postForm(t, base, "/international/partners", partner, college("ru")...).
		expect(t, http.StatusBadRequest, "Регион России: Регион России указывается только для партнёра из России.")
	partner.Set("country", "RU")
	p := postForm(t, base, "/international/partners", partner, college("en")...)
	if p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/international/partnerships/new?partner_id=") {
		t.Fatalf("partner: %d %q\n%s", p.status, p.header.Get("Location"), excerpt(p.body))
	}
	partnerID := strings.TrimPrefix(p.header.Get("Location"), "/international/partnerships/new?partner_id=")
	postForm(t, base, "/international/partners", partner, college("kk")...).expect(t, http.StatusConflict, "Бұл серіктес тіркелген")
	get(t, base, p.header.Get("Location"), college("en")...).expect(t, http.StatusOK, "Омский колледж транспортного строительства (Russia)")

	agreement := url.Values{"partner_id": {partnerID}, "kind": {"international_standard"}, "subject": {"Стандарты WorldSkills по сварке"},
		"status": {"active"}, "signed_on": {"2025-05-01"}, "starts_on": {"2025-05-01"}}
	postForm(t, base, "/international/partnerships", agreement, college("en")...).
		expect(t, http.StatusBadRequest, "International standard: Name the international standard adopted", "Стандарты WorldSkills по сварке")
	agreement.Set("standard", "WorldSkills")
	if p := postForm(t, base, "/international/partnerships", agreement, college("ru")...); p.status != http.StatusSeeOther {
		t.Fatalf("agreement: %d\n%s", p.status, excerpt(p.body))
	}
	mobility := url.Values{"direction": {"outgoing"}, "participant": {"student"}, "student_id": {itoa(r.aigerim.ID)}, "country": {"RU"},
		"partner_id": {partnerID}, "starts_on": {"2026-09-15"}, "ends_on": {time.Now().AddDate(0, 1, 0).Format("2006-01-02")}, "funding": {"partner"}}
	if p := postForm(t, base, "/international/mobility", mobility, college("ru")...); p.status != http.StatusSeeOther {
		t.Fatalf("mobility: %d\n%s", p.status, excerpt(p.body))
	}
	mobility.Set("student_id", itoa(r.students[len(r.students)-1].ID)) // an Astana student
	postForm(t, base, "/international/mobility", mobility, college("en")...).
		expect(t, http.StatusBadRequest, "Student&#39;s record number: Not a student or teacher of the college.")

	get(t, base, "/international", college("en")...).expect(t, http.StatusOK, "WorldSkills", "colleges working with Russian partners")
	get(t, base, "/international/russia", r.as(t, domain.RoleRegion, in("ru")...)...).
		expect(t, http.StatusOK, "Омская область", "Оренбургская область", "1 согл. · 1 выезд · 0 въезд", "Омский колледж транспортного строительства")
	get(t, base, "/international/mobility", r.as(t, domain.RoleCollege, in("ru")...)...).expect(t, http.StatusOK, r.aigerim.Name.Last)
	ministry := get(t, base, "/international/mobility", r.as(t, domain.RoleMinistry, in("ru")...)...)
	ministry.expect(t, http.StatusOK, "Ә. А.")
	if strings.Contains(ministry.body, r.aigerim.Name.Last) {
		t.Errorf("the ministry sees the student's name")
	}
	f := r.intlFixture(t)
	get(t, base, "/international/partnerships/"+itoa(f.partnership.ID), r.asUser(t, r.astanaCoordinator)...).expect(t, http.StatusNotFound)
	get(t, base, "/international/russia", append(r.asUser(t, r.astanaCoordinator), in("en")...)...).
		expect(t, http.StatusOK, "No agreement in force with Russian partners here.")
	get(t, base, "/international?country=XX", college("en")...).expect(t, http.StatusBadRequest)
	get(t, base, "/international", r.as(t, domain.RoleStudent)...).expect(t, http.StatusForbidden)
}

// TestTeachersAndInternationalEveryLanguage renders every page of
// teachers' qualification and internationalisation in the three
// languages, with records and without (the empty states), filtered and
// as htmx fragments: no catalog key is left untranslated.
func TestTeachersAndInternationalEveryLanguage(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	f := r.intlFixture(t)
	empty := testkit.StartApp(t, testkit.DSN(t))
	emptyMinistry := session(signIn(t, empty.URL, testkit.NewUser(t, empty.Store, domain.User{Role: domain.RoleMinistry}).Login))
	college, ministry, region := r.as(t, domain.RoleCollege), r.as(t, domain.RoleMinistry), r.as(t, domain.RoleRegion)
	pages := []struct {
		base, path string
		as         []string
		htmx       bool
	}{
		{r.app.URL, "/teachers/development", college, false},
		{r.app.URL, "/teachers/development?state=overdue&sort=due_on", ministry, true},
		{r.app.URL, "/teachers/" + itoa(r.curator.ID) + "/development", college, false},
		{r.app.URL, "/internships", r.as(t, domain.RoleEnterprise), false},
		{r.app.URL, "/admin/teacher-policy", ministry, false},
		{r.app.URL, "/international", college, false},
		{r.app.URL, "/international?kind=double_diploma&sort=country", ministry, true},
		{r.app.URL, "/international/partners", college, false},
		{r.app.URL, "/international/partners/" + itoa(f.partner.ID) + "/edit", college, false},
		{r.app.URL, "/international/partnerships/new", college, false},
		{r.app.URL, "/international/partnerships/" + itoa(f.partnership.ID), college, false},
		{r.app.URL, "/international/mobility", college, false},
		{r.app.URL, "/international/specialists", college, false},
		{r.app.URL, "/international/russia", region, false},
		{empty.URL, "/teachers/development", emptyMinistry, false},
		{empty.URL, "/international", emptyMinistry, false},
		{empty.URL, "/international/mobility", emptyMinistry, false},
		{empty.URL, "/international/russia", emptyMinistry, false},
	}
	for _, lang := range []string{"kk", "ru", "en"} {
		for _, pg := range pages {
			headers := append([]string{"Cookie", "lang=" + lang}, pg.as...)
			if pg.htmx {
				headers = append(headers, "HX-Request", "true")
			}
			p := get(t, pg.base, pg.path, headers...)
			if p.status != http.StatusOK {
				t.Errorf("%s %s: status %d", lang, pg.path, p.status)
			}
			for _, m := range untranslated.FindAllString(p.body, -1) {
				t.Errorf("%s %s: untranslated %q", lang, pg.path, m)
			}
		}
	}
}
