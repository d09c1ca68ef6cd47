package web_test

import (
	"context"
	"html"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// employmentProbes are the matrix's requests for the employment pages; the
// graduation form goes without a day, so it comes back refused and the
// fixture stays as it is.
func (r *registry) employmentProbes(t testing.TB, u domain.User) map[string]probe {
	return map[string]probe{
		"GET /employment":           {"GET", "/employment", nil, http.StatusOK},
		"GET /employment/graduates": {"GET", "/employment/graduates", nil, http.StatusOK},
		"POST /employment/graduations": {"POST", "/employment/graduations",
			url.Values{"group_id": {itoa(r.groupA.ID)}, "graduated_on": {""}}, http.StatusBadRequest},
	}
}

// importContracts brings contracts in through the import, as the
// register's extract does.
func importContracts(t *testing.T, r *registry, contracts ...domain.EmploymentRecord) {
	t.Helper()
	rows := func(yield func(domain.EmploymentRow, error) bool) {
		for i, c := range contracts {
			if !yield(domain.EmploymentRow{Line: i + 2, EmploymentRecord: c}, nil) {
				return
			}
		}
	}
	if _, err := r.app.Store.ImportEmployment(context.Background(), domain.ImportRequest{File: "register.csv"},
		iter.Seq2[domain.EmploymentRow, error](rows)); err != nil {
		t.Fatal(err)
	}
}

// TestEmploymentPages: colleges mark their groups graduated; the register's
// contracts make the rates, which the ministry reads for the country and
// drills down by region and college, a regional department for its region,
// a college for itself; each graduate's status shows on the list and on
// their own page, the contract only to those who may see personal data.
func TestEmploymentPages(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	coordinator := append(r.asUser(t, r.users[domain.RoleCollege]), in("en")...)
	astana := append(r.asUser(t, r.astanaCoordinator), in("en")...)
	ministry := append(r.asUser(t, r.users[domain.RoleMinistry]), in("en")...)
	region := append(r.asUser(t, r.users[domain.RoleRegion]), in("en")...)
	student := append(r.asUser(t, r.users[domain.RoleStudent]), in("en")...)

	get(t, r.app.URL, "/employment", coordinator...).expect(t, http.StatusOK,
		"Graduate employment: Almaty Polytechnic College", "No graduates with a recorded day of graduation yet",
		"Mark a group graduated", "ПО-23-1 (intake 2023, 15 students)", "How the rates are counted")

	// Graduated 14 months ago: every point has come.
	graduated := time.Now().AddDate(-1, -2, 0)
	on := graduated.Format(time.DateOnly)
	p := postForm(t, r.app.URL, "/employment/graduations", url.Values{"group_id": {itoa(r.groupA.ID)}, "graduated_on": {on}}, coordinator...)
	p.expectRedirect(t, "/employment/graduates?cohort="+on[:4])
	postForm(t, r.app.URL, "/employment/graduations", url.Values{"group_id": {itoa(r.groupA.ID)}, "graduated_on": {on}}, coordinator...).
		expect(t, http.StatusConflict, "Nobody in this group is studying")
	postForm(t, r.app.URL, "/employment/graduations", url.Values{"group_id": {itoa(r.groupA2.ID)}, "graduated_on": {"2099-06-30"}}, append(r.asUser(t, r.users[domain.RoleCollege]), in("ru")...)...).
		expect(t, http.StatusBadRequest, "Дата выпуска не может быть в будущем")
	// Another college's group is not the coordinator's to graduate.
	postForm(t, r.app.URL, "/employment/graduations", url.Values{"group_id": {itoa(r.groupB.ID)}, "graduated_on": {on}}, coordinator...).
		expect(t, http.StatusNotFound)
	p = postForm(t, r.app.URL, "/employment/graduations", url.Values{"group_id": {itoa(r.groupB.ID)}, "graduated_on": {on}}, astana...)
	p.expectRedirect(t, "/employment/graduates?cohort="+on[:4])

	// Group A (15, all trained at Energo: dual): the first 10 hired by
	// Energo a month after graduating, for good. Group B (10, no
	// enterprise): 3 hired four months after.
	var contracts []domain.EmploymentRecord
	for i := range 10 {
		contracts = append(contracts, domain.EmploymentRecord{IIN: r.students[i].IIN, EmployerBIN: r.energo.BIN,
			StartsOn: domain.Date(graduated.AddDate(0, 1, 0)), Position: "Техник-программист"})
	}
	for i := 20; i < 23; i++ {
		contracts = append(contracts, domain.EmploymentRecord{IIN: r.students[i].IIN, EmployerBIN: r.builder.BIN,
			StartsOn: domain.Date(graduated.AddDate(0, 4, 0)), Position: "Бухгалтер"})
	}
	importContracts(t, r, contracts...)

	national := get(t, r.app.URL, "/employment", ministry...)
	national.expect(t, http.StatusOK, "Graduate employment: Kazakhstan", "24 graduates", "By region",
		`href="/employment?region=75"`, `href="/employment?region=71"`, "Dual training graduates", "Other graduates",
		"37.5%", "9 of 24 employed", "50.0%", "12 of 24 employed", // one of group A is on leave: not a graduate, her contract does not count
		"Published figures", "58.5%", "Bureau of National Statistics (BNS), 2024-2025", "81.0%",
		"register of employment contracts", "By qualification", "4S06130103")
	if strings.Contains(national.body, "Mark a group graduated") {
		t.Error("the ministry is offered the college's graduation form")
	}
	get(t, r.app.URL, "/employment?region=75", ministry...).expect(t, http.StatusOK, "Graduate employment: Almaty<",
		"By college", `href="/employment?college=`+itoa(r.almaty.ID)+`"`, `<a href="/employment">Kazakhstan</a>`)
	get(t, r.app.URL, "/employment?college="+itoa(r.almaty.ID), ministry...).expect(t, http.StatusOK,
		"Graduate employment: Almaty Polytechnic College", "14 graduates", "64.3%", `<a href="/employment?region=75">`)
	get(t, r.app.URL, "/employment?sort=-r12", ministry...).expect(t, http.StatusOK)
	get(t, r.app.URL, "/employment?sort=bogus", ministry...).expect(t, http.StatusBadRequest)
	get(t, r.app.URL, "/employment?cohort=1999", ministry...).expect(t, http.StatusBadRequest, "The year of graduation must be from 2000 to 2100.")
	partial := get(t, r.app.URL, "/employment?cohort="+on[:4], append(ministry, "HX-Request", "true")...)
	partial.expect(t, http.StatusOK, `id="results"`, "24 graduates")
	if strings.Contains(partial.body, "<html") {
		t.Error("an htmx request got the whole page")
	}

	// A regional department is kept to its region; a college to itself.
	get(t, r.app.URL, "/employment", region...).expect(t, http.StatusOK, "Graduate employment: Almaty<", "Almaty Polytechnic College")
	get(t, r.app.URL, "/employment?region=71", region...).expect(t, http.StatusNotFound)
	get(t, r.app.URL, "/employment?college="+itoa(r.almaty.ID), astana...).expect(t, http.StatusNotFound)
	get(t, r.app.URL, "/employment", astana...).expect(t, http.StatusOK, "Astana Business College", "10 graduates", "30.0%")

	// The graduates one by one: the college sees the contract behind each
	// status, the ministry only the status.
	list := get(t, r.app.URL, "/employment/graduates", coordinator...)
	list.expect(t, http.StatusOK, "14 graduates", html.EscapeString("Әбілқасымова Айгерім"), "Employed", "Not employed",
		"Almaty Energo Service LLP · Техник-программист")
	get(t, r.app.URL, "/employment/graduates?college="+itoa(r.almaty.ID), ministry...).expect(t, http.StatusOK, "14 graduates", "Employed")
	if p := get(t, r.app.URL, "/employment/graduates?college="+itoa(r.almaty.ID), ministry...); strings.Contains(p.body, "Техник-программист") {
		t.Error("the ministry sees a graduate's contract")
	}

	// A graduate's own page.
	get(t, r.app.URL, "/students/"+itoa(r.aigerim.ID), student...).expect(t, http.StatusOK, "Employment after graduation",
		"Employed", "Almaty Energo Service LLP · Техник-программист", "After 12 months")
	get(t, r.app.URL, "/students/"+itoa(r.students[16].ID), coordinator...).expect(t, http.StatusOK) // group A2: not a graduate
	if p := get(t, r.app.URL, "/students/"+itoa(r.students[16].ID), coordinator...); strings.Contains(p.body, "Employment after graduation") {
		t.Error("a studying student's page shows employment")
	}

	get(t, r.app.URL, "/audit?record_type=student&record_id="+itoa(r.aigerim.ID), coordinator...).expect(t, http.StatusOK, "Graduated")

	// Every page in every language, without a key left untranslated.
	for _, lang := range []string{"kk", "ru", "en"} {
		for _, pg := range []struct {
			path string
			as   domain.User
		}{
			{"/employment", r.users[domain.RoleMinistry]},
			{"/employment?region=75&sort=-r3", r.users[domain.RoleMinistry]},
			{"/employment", r.users[domain.RoleCollege]},
			{"/employment/graduates", r.users[domain.RoleCollege]},
			{"/students/" + itoa(r.aigerim.ID), r.users[domain.RoleStudent]},
		} {
			p := get(t, r.app.URL, pg.path, append(r.asUser(t, pg.as), "Cookie", "lang="+lang)...)
			if p.status != http.StatusOK {
				t.Errorf("%s %s: status %d", lang, pg.path, p.status)
			}
			for _, m := range untranslated.FindAllString(p.body, -1) {
				t.Errorf("%s %s: untranslated %q", lang, pg.path, m)
			}
		}
	}
}
