package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// targetedFixture is Energo's order for three software developers of the
// 2023 intake in Almaty, with a contract of Дәулетова Әсел (on targeted
// funding), and the Almaty college's seats for the 2024 intake (no group of
// the fixture is of 2024, so no enrolment elsewhere meets them).
type targetedFixture struct {
	order    domain.TrainingOrder
	contract domain.TargetedContract
}

var targetedFixtures = struct {
	sync.Mutex
	m map[*registry]*targetedFixture
}{m: map[*registry]*targetedFixture{}}

func (r *registry) targetedFixture(t testing.TB) *targetedFixture {
	t.Helper()
	targetedFixtures.Lock()
	defer targetedFixtures.Unlock()
	if tf, ok := targetedFixtures.m[r]; ok {
		return tf
	}
	reg := access.New(r.app.Store)
	tf := &targetedFixture{order: domain.TrainingOrder{RegionID: 75, QualificationCode: "4S06130103", Year: 2023, Graduates: 3,
		Note: "Разработчики для диспетчерской службы"}}
	if err := reg.SaveTrainingOrder(testkit.As(r.users[domain.RoleEnterprise]), &tf.order); err != nil {
		t.Fatal(err)
	}
	tf.contract = domain.TargetedContract{OrderID: tf.order.ID, StudentID: r.students[5].ID, Number: "ЦП-2025/17",
		SignedOn: date("2025-09-01"), TuitionCost: 1_350_000}
	if err := reg.CreateTargetedContract(testkit.As(r.users[domain.RoleCollege]), &tf.contract); err != nil {
		t.Fatal(err)
	}
	seats := domain.StateSeats{CollegeID: r.almaty.ID, QualificationCode: "4S06130103", Year: 2024, Source: domain.SeatLocal, Seats: 40}
	if err := reg.SetSeats(testkit.As(r.users[domain.RoleMinistry]), &seats); err != nil {
		t.Fatal(err)
	}
	targetedFixtures.m[r] = tf
	return tf
}

// targetedProbes are the route matrix's requests for the pages of seats
// and targeted training. The writes are sent where they change nothing: a
// form without its fields (400), a change of state the obligation does not
// have (409).
func (r *registry) targetedProbes(t testing.TB, u domain.User) map[string]probe {
	tf := r.targetedFixture(t)
	order, contract := "/targeted/orders/"+itoa(tf.order.ID), "/targeted/contracts/"+itoa(tf.contract.ID)
	return map[string]probe{
		"GET /seats":                         {"GET", "/seats", nil, http.StatusOK},
		"GET /seats/colleges/{id}":           {"GET", "/seats/colleges/" + itoa(r.almaty.ID), nil, http.StatusOK},
		"POST /seats/colleges/{id}":          {"POST", "/seats/colleges/" + itoa(r.almaty.ID), url.Values{"seats": {""}}, http.StatusBadRequest},
		"GET /targeted":                      {"GET", "/targeted", nil, http.StatusOK},
		"GET /targeted/orders":               {"GET", "/targeted/orders", nil, http.StatusOK},
		"GET /targeted/orders/new":           {"GET", "/targeted/orders/new", nil, http.StatusOK},
		"POST /targeted/orders":              {"POST", "/targeted/orders", url.Values{"graduates": {""}}, http.StatusBadRequest},
		"GET /targeted/orders/{id}":          {"GET", order, nil, http.StatusOK},
		"GET /targeted/orders/{id}/edit":     {"GET", order + "/edit", nil, http.StatusOK},
		"POST /targeted/orders/{id}":         {"POST", order, url.Values{"graduates": {""}}, http.StatusBadRequest},
		"GET /targeted/contracts":            {"GET", "/targeted/contracts", nil, http.StatusOK},
		"POST /targeted/contracts":           {"POST", "/targeted/contracts", url.Values{"order_id": {itoa(tf.order.ID)}}, http.StatusBadRequest},
		"GET /targeted/contracts/{id}":       {"GET", contract, nil, http.StatusOK},
		"POST /targeted/contracts/{id}/move": {"POST", contract + "/move", url.Values{"to": {"fulfilled"}}, http.StatusConflict},
		"GET /alerts":                        {"GET", "/alerts", nil, http.StatusOK},
	}
}

// TestSeatPages: the ministry reads the nation's seats and a region's, a
// college its own with their fill; a regional department sets seats and is
// told, in its language, when they would be fewer than those taken.
func TestSeatPages(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	r.targetedFixture(t)
	ministry := append(r.asUser(t, r.users[domain.RoleMinistry]), in("en")...)
	region := append(r.asUser(t, r.users[domain.RoleRegion]), in("ru")...)
	college := append(r.asUser(t, r.users[domain.RoleCollege]), in("kk")...)

	get(t, r.app.URL, "/seats", ministry...).expect(t, http.StatusOK, "The country by region", `href="/seats?region=75&amp;year=2024"`,
		"Local budget (akimat): 0 of 40", "Free first profession")
	get(t, r.app.URL, "/seats?region=75", ministry...).expect(t, http.StatusOK, "by college", "Almaty Polytechnic College",
		`href="/seats/colleges/`+itoa(r.almaty.ID)+`?year=2024"`)
	get(t, r.app.URL, "/seats/colleges/"+itoa(r.almaty.ID), college...).expect(t, http.StatusOK,
		"Алматы политехникалық колледжі", "Бағдарламалық қамтамасыз етуді әзірлеуші", "Жергілікті бюджет (әкімдік)")
	get(t, r.app.URL, "/seats/colleges/"+itoa(r.astana.ID), college...).expect(t, http.StatusNotFound)

	// The 2023 intake: 19 state-funded students of Almaty are enrolled.
	path := "/seats/colleges/" + itoa(r.almaty.ID)
	form := url.Values{"qualification_code": {"4S06130103"}, "year": {"2023"}, "source": {"local"}, "seats": {"10"}}
	p := postForm(t, r.app.URL, path, form, region...)
	p.expect(t, http.StatusConflict, html.EscapeString("Из этих мест уже занято 19: укажите не меньше 19."))
	form.Set("seats", "25")
	postForm(t, r.app.URL, path, form, region...).expectRedirect(t, path+"?year=2023")
	get(t, r.app.URL, path+"?year=2023", region...).expect(t, http.StatusOK, "Места установлены.", "Разработчик программного обеспечения")
	if l, _ := r.app.Store.Seats(context.Background(), domain.SeatFilter{CollegeID: r.almaty.ID, Year: 2023}); l.Total != 1 || l.Items[0].Filled != 19 {
		t.Fatalf("the 2023 seats: %+v", l)
	}
}

// TestTargetedPages: the employer reads its order and contract, records
// the graduate's start of work and sees the alert; a college reads the
// alert too; an impossible change comes back with the reason in Russian.
func TestTargetedPages(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	tf := r.targetedFixture(t)
	ctx := context.Background()
	enterprise := append(r.asUser(t, r.users[domain.RoleEnterprise]), in("en")...)
	college := append(r.asUser(t, r.users[domain.RoleCollege]), in("ru")...)
	ministry := append(r.asUser(t, r.users[domain.RoleMinistry]), in("en")...)

	get(t, r.app.URL, "/targeted", ministry...).expect(t, http.StatusOK, "The country by region", "Graduates ordered",
		`href="/targeted?region=75"`)
	get(t, r.app.URL, "/targeted?region=75", ministry...).expect(t, http.StatusOK, "Almaty Energo Service LLP")
	get(t, r.app.URL, "/targeted/orders", enterprise...).expect(t, http.StatusOK, "Software Developer", "1 order")
	get(t, r.app.URL, "/targeted/orders/"+itoa(tf.order.ID), college...).expect(t, http.StatusOK, "ЦП-2025/17",
		"Внести договор", "Дәулетова Әсел")
	contract := "/targeted/contracts/" + itoa(tf.contract.ID)
	get(t, r.app.URL, contract, enterprise...).expect(t, http.StatusOK, "Studying", "contract signed", "Contract cancelled before graduation")
	p := postForm(t, r.app.URL, contract+"/move", url.Values{"to": {"working"}, "on": {"2026-07-01"}}, college...)
	p.expect(t, http.StatusConflict, html.EscapeString("Такое изменение обязательства отработки невозможно из его текущего состояния."))

	// Graduation begins the obligation; the employer records the start.
	if _, err := r.app.Store.GraduateGroup(ctx, r.groupA.ID, date("2026-06-30")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.app.Store.SweepObligations(ctx, date("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	get(t, r.app.URL, contract, enterprise...).expect(t, http.StatusOK, "Pending", "Start work by", "30 September 2026")
	postForm(t, r.app.URL, contract+"/move", url.Values{"to": {"working"}, "on": {"2026-08-03"}}, enterprise...).expectRedirect(t, contract)
	get(t, r.app.URL, contract, enterprise...).expect(t, http.StatusOK, "Working", "Served in full on", "2 August 2029")
	get(t, r.app.URL, "/alerts", college...).expect(t, http.StatusOK, "Дәулетова Әсел", "Работает", "ЦП-2025/17")
	get(t, r.app.URL, "/targeted/contracts?state=working", enterprise...).expect(t, http.StatusOK, "1 contract", "ЦП-2025/17")
}

// TestTargetedPagesEveryLanguage renders the pages of seats and targeted
// training, their states (filtered, empty, a refused change, the htmx
// fragment) in every language, and fails on anything untranslated.
func TestTargetedPagesEveryLanguage(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	tf := r.targetedFixture(t)
	empty := testkit.StartApp(t, testkit.DSN(t))
	emptyMinistry := session(signIn(t, empty.URL, testkit.NewUser(t, empty.Store, domain.User{Role: domain.RoleMinistry}).Login))
	ministry, college, enterprise := r.as(t, domain.RoleMinistry), r.as(t, domain.RoleCollege), r.as(t, domain.RoleEnterprise)
	order, contract, seats := "/targeted/orders/"+itoa(tf.order.ID), "/targeted/contracts/"+itoa(tf.contract.ID), "/seats/colleges/"+itoa(r.almaty.ID)
	pages := []struct {
		base, method, path string
		as                 []string
		form               url.Values
		status             int
		htmx               bool
	}{
		{base: r.app.URL, path: "/seats", as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: "/seats?region=75&year=2024", as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: seats, as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: seats + "?source=republican&sort=-fill", as: college, status: http.StatusOK},
		{base: r.app.URL, path: seats + "?year=2024", as: college, status: http.StatusOK, htmx: true},
		{base: r.app.URL, method: http.MethodPost, path: seats, as: ministry, form: url.Values{"qualification_code": {"4S06130103"},
			"year": {"2024"}, "source": {"local"}, "seats": {"-3"}}, status: http.StatusBadRequest},
		{base: r.app.URL, path: "/targeted", as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: "/targeted?region=75&year=2023", as: ministry, status: http.StatusOK},
		{base: r.app.URL, path: "/targeted/orders", as: college, status: http.StatusOK},
		{base: r.app.URL, path: "/targeted/orders?open=yes&year=2021", as: enterprise, status: http.StatusOK},
		{base: r.app.URL, path: "/targeted/orders/new", as: enterprise, status: http.StatusOK},
		{base: r.app.URL, method: http.MethodPost, path: "/targeted/orders", as: enterprise, form: url.Values{"region_id": {"75"},
			"qualification_code": {"4S06130103"}, "year": {"2026"}, "graduates": {"0"}}, status: http.StatusBadRequest},
		{base: r.app.URL, path: order, as: college, status: http.StatusOK},
		{base: r.app.URL, path: order + "/edit", as: enterprise, status: http.StatusOK},
		{base: r.app.URL, method: http.MethodPost, path: "/targeted/contracts", as: college, form: url.Values{"order_id": {itoa(tf.order.ID)},
			"student_id": {itoa(r.students[5].ID)}, "number": {"ЦП-2"}, "signed_on": {"2025-09-01"}}, status: http.StatusConflict},
		{base: r.app.URL, path: "/targeted/contracts", as: enterprise, status: http.StatusOK},
		{base: r.app.URL, path: "/targeted/contracts?state=breached&due=30", as: college, status: http.StatusOK},
		{base: r.app.URL, path: "/targeted/contracts?order_id=" + itoa(tf.order.ID), as: ministry, status: http.StatusOK, htmx: true},
		{base: r.app.URL, path: contract, as: enterprise, status: http.StatusOK},
		{base: r.app.URL, method: http.MethodPost, path: contract + "/move", as: college, form: url.Values{"to": {"cancelled"},
			"on": {"2025-10-01"}}, status: http.StatusBadRequest},
		{base: r.app.URL, path: "/alerts", as: college, status: http.StatusOK},
		{base: r.app.URL, path: "/alerts?kind=deadline", as: enterprise, status: http.StatusOK},
		{base: empty.URL, path: "/seats", as: emptyMinistry, status: http.StatusOK},
		{base: empty.URL, path: "/targeted", as: emptyMinistry, status: http.StatusOK},
		{base: empty.URL, path: "/targeted/contracts", as: emptyMinistry, status: http.StatusOK},
	}
	for _, lang := range i18n.Languages {
		for _, pg := range pages {
			headers := append([]string{"Cookie", "lang=" + lang}, pg.as...)
			if pg.htmx {
				headers = append(headers, "HX-Request", "true")
			}
			var p page
			if pg.method == http.MethodPost {
				p = postForm(t, pg.base, pg.path, pg.form, headers...)
			} else {
				p = get(t, pg.base, pg.path, headers...)
			}
			if p.status != pg.status {
				t.Errorf("%s %s %s (htmx %v): status %d, want %d\n%s", lang, pg.method, pg.path, pg.htmx, p.status, pg.status, excerpt(p.body))
			}
			for _, m := range untranslated.FindAllString(p.body, -1) {
				t.Errorf("%s %s %s (htmx %v): untranslated %q", lang, pg.method, pg.path, pg.htmx, m)
			}
		}
	}
}
