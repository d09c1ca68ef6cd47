package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// guidanceFixtures adds to a registry what the recommendations read: the
// 2025 intake's state-funded seats of the software developers in Almaty
// and the accountants in Astana.
var guidanceFixtures = struct {
	sync.Mutex
	m map[*registry]bool
}{m: map[*registry]bool{}}

func (r *registry) guidanceFixture(t testing.TB) {
	t.Helper()
	guidanceFixtures.Lock()
	defer guidanceFixtures.Unlock()
	if guidanceFixtures.m[r] {
		return
	}
	ctx := context.Background()
	for _, s := range []domain.StateSeats{
		{CollegeID: r.almaty.ID, QualificationCode: "4S06130103", Year: 2025, Source: domain.SeatLocal, Seats: 30},
		{CollegeID: r.astana.ID, QualificationCode: "4S04110102", Year: 2025, Source: domain.SeatLocal, Seats: 20},
	} {
		if err := r.app.Store.SetSeats(domain.WithActor(ctx, domain.System), &s); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.app.Store.RefreshGuidance(ctx); err != nil {
		t.Fatal(err)
	}
	guidanceFixtures.m[r] = true
}

// testKey finds a test's key (or result ID) in a path.
var testKey = regexp.MustCompile(`/guidance/[tr]/([a-z2-7]{26})`)

func keyIn(t testing.TB, s string) string {
	t.Helper()
	m := testKey.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no test key in %q", s)
	}
	return m[1]
}

// answerForm answers the items of a page (from 1) with the value per area.
func answerForm(page int, perArea [6]int, skip ...string) url.Values {
	f := url.Values{"page": {strconv.Itoa(page)}}
	for p := (page - 1) * domain.ItemsPerPage; p < page*domain.ItemsPerPage; p++ {
		i := domain.ItemAtPosition(p)
		id := domain.ItemID(i)
		if !strings.Contains(strings.Join(skip, " "), id) {
			f.Set(id, strconv.Itoa(perArea[i/domain.ItemsPerArea]))
		}
	}
	return f
}

// withGo adds the button the pupil pressed to a page's form.
func withGo(f url.Values, to string) url.Values {
	f.Set("go", to)
	return f
}

// guidanceProbes are the route matrix's requests for the guidance pages:
// the public test (a test and a result made for the probe), and a class
// session of the visitor's own for the roles that counsel.
func (r *registry) guidanceProbes(t testing.TB, u domain.User) map[string]probe {
	ctx := context.Background()
	a, err := r.app.Store.StartGuidance(ctx, "", 1)
	if err != nil {
		t.Fatal(err)
	}
	var all domain.Answers
	for i := range domain.GuidanceItems {
		all.Set(i, i%5)
	}
	done, err := r.app.Store.CreateGuidanceResult(ctx, all, 1)
	if err != nil {
		t.Fatal(err)
	}
	session := "/guidance/sessions/1"
	if auth.Allowed(u.Role, auth.CounselGuidance) {
		g := domain.GuidanceSession{Title: "9 А", OwnerID: u.ID}
		if err := r.app.Store.SaveGuidanceSession(testkit.As(u), &g); err != nil {
			t.Fatal(err)
		}
		session = "/guidance/sessions/" + itoa(g.ID)
	}
	test := "/guidance/t/" + a.ID
	return map[string]probe{
		"GET /guidance":                {"GET", "/guidance", nil, http.StatusOK},
		"POST /guidance/start":         {"POST", "/guidance/start", url.Values{"city_id": {"1"}}, http.StatusSeeOther},
		"GET /guidance/t/{id}":         {"GET", test + "?page=2", nil, http.StatusOK},
		"POST /guidance/t/{id}":        {"POST", test, url.Values{"page": {"1"}, "R01": {"9"}}, http.StatusBadRequest},
		"GET /guidance/r/{id}":         {"GET", "/guidance/r/" + done.ResultID, nil, http.StatusOK},
		"GET /guidance/sessions":       {"GET", "/guidance/sessions", nil, http.StatusOK},
		"POST /guidance/sessions":      {"POST", "/guidance/sessions", url.Values{"title": {""}}, http.StatusBadRequest},
		"GET /guidance/sessions/{id}":  {"GET", session, nil, http.StatusOK},
		"POST /guidance/sessions/{id}": {"POST", session, url.Values{"title": {""}}, http.StatusBadRequest},
	}
}

// TestGuidanceTest takes the test as a pupil in Kazakh, without signing
// in: skips two items, reloads mid-test, sends tampered answers, tries to
// finish early, then finishes and reads the results with the
// recommendations the store computes for the same scores and city.
func TestGuidanceTest(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	r.guidanceFixture(t)
	kk := in("kk")
	base := r.app.URL

	intro := get(t, base, "/guidance", kk...)
	intro.expect(t, http.StatusOK, "Саған қай мамандық лайық?", "O*NET is a trademark of DOL/ETA", "Алматы")
	start := postForm(t, base, "/guidance/start", url.Values{"city_id": {"1"}}, kk...)
	if start.status != http.StatusSeeOther {
		t.Fatalf("start: %d\n%s", start.status, excerpt(start.body))
	}
	loc := start.header.Get("Location")
	id := keyIn(t, loc)
	if c, ok := start.cookie("guidance_test"); !ok || c.Value != id || !c.HttpOnly {
		t.Errorf("the test's cookie: %+v", c)
	}
	test := "/guidance/t/" + id
	get(t, base, loc, kk...).expect(t, http.StatusOK, "1-беті", "Ас үй шкафтарын жасау", "Мүлдем ұнамайды", "Өте ұнайды", `name="R01"`, `name="S02"`)

	// The pupil: strongly investigative and conventional, realistic next.
	perArea := [6]int{3, 4, 0, 1, 1, 4}
	// Page 1 with two items skipped.
	skipped := []string{domain.ItemID(domain.ItemAtPosition(2)), domain.ItemID(domain.ItemAtPosition(7))}
	postForm(t, base, test, withGo(answerForm(1, perArea, skipped...), "2"), kk...).expectRedirect(t, test+"?page=2")
	// A reload of page 1 shows the answers kept and the two skipped empty.
	reload := get(t, base, test+"?page=1", kk...)
	reload.expect(t, http.StatusOK, `name="R01" value="3" checked`, "жауапсыз: 2")
	for _, id := range skipped {
		for v := range domain.MaxAnswer + 1 {
			reload.lacks(t, `name="`+id+`" value="`+strconv.Itoa(v)+`" checked`)
		}
	}
	// Coming back to /guidance offers to continue where the pupil stopped.
	get(t, base, "/guidance", append(kk, "Cookie", "guidance_test="+id)...).expect(t, http.StatusOK, "Тоқтаған жерден жалғастыру",
		html.EscapeString(test+"?page=1"))

	// Tampered forms: an answer out of range and an item the test does
	// not have. Refused in Kazakh, naming the item, keeping nothing.
	bad := withGo(answerForm(2, perArea), "3")
	bad.Set("I02", "7")
	p := postForm(t, base, test, bad, kk...)
	p.expect(t, http.StatusBadRequest, "8-сұрақ: бес жауаптың бірін таңда (0-ден 4-ке дейін).")
	bad = withGo(answerForm(2, perArea), "3")
	bad.Set("X99", "2")
	postForm(t, base, test, bad, kk...).expect(t, http.StatusBadRequest, html.EscapeString("Тестте «X99» деген сұрақ жоқ."))
	postForm(t, base, test, url.Values{"page": {"zz"}, "R01": {"<script>"}}, in("ru")...).expect(t, http.StatusBadRequest,
		"Вопрос 1: выбери один из пяти ответов")
	if a, _ := r.app.Store.GuidanceAttempt(context.Background(), id); a.Answers.Count() != 8 {
		t.Errorf("the tampered pages kept answers: %d answered", a.Answers.Count())
	}

	// Pages 2 to 6, then finishing with the two skipped: refused, back
	// on page 1 with the first skipped item marked.
	for page := 2; page <= domain.GuidancePages; page++ {
		next := strconv.Itoa(page + 1)
		if page == domain.GuidancePages {
			next = "6"
		}
		postForm(t, base, test, withGo(answerForm(page, perArea), next), kk...).expectRedirect(t, test+"?page="+next)
	}
	early := postForm(t, base, test, url.Values{"page": {"6"}, "go": {"finish"}}, kk...)
	early.expect(t, http.StatusBadRequest, "Жауапсыз қалған сұрақтар: 2; біріншісі — 3-сұрақ.", "1-беті",
		"Нәтижені көру үшін осы сұраққа жауап бер.")
	// Answer the two and finish.
	fin := withGo(answerForm(1, perArea), "finish")
	done := postForm(t, base, test, fin, kk...)
	if done.status != http.StatusSeeOther || !strings.HasPrefix(done.header.Get("Location"), "/guidance/r/") {
		t.Fatalf("finish: %d to %q\n%s", done.status, done.header.Get("Location"), excerpt(done.body))
	}
	result := done.header.Get("Location")
	if keyIn(t, result) == id {
		t.Fatal("the result's link is the test's secret key")
	}
	// The test's own URL now leads to the results.
	get(t, base, test+"?page=3", kk...).expectRedirect(t, result)

	page := get(t, base, result, kk...)
	page.expect(t, http.StatusOK, "Сенің қызығушылықтарың", `id="guidance-code">ICR<`, "Зерттеушілік · Ұйымдастырушылық · Практикалық",
		"40 / 40", "O*NET is a trademark of DOL/ETA", "Бағдарламалық қамтамасыз етуді әзірлеуші", "Алматы политехникалық колледжі",
		"мемлекеттік тапсырыс бойынша 30 орынның 30-і бос (2025 қабылдау)", "Дуалды бағдарлама: оқу уақытының 35%-ы — практика, оның 70%-ы — кәсіпорында.")
	page.lacks(t, "Ас үй шкафтарын жасау") // no answers on the shared page

	scores := domain.Scores{30, 40, 0, 10, 10, 40}
	recs, err := r.app.Store.GuidanceRecommendations(context.Background(), scores, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs {
		want := `data-code="` + rec.Code + `"`
		at := strings.Index(page.body, want)
		if at < 0 {
			t.Errorf("recommendation %d %s missing", i+1, rec.Code)
			continue
		}
		if i > 0 && at < strings.Index(page.body, `data-code="`+recs[i-1].Code+`"`) {
			t.Errorf("recommendation %s shown before %s", rec.Code, recs[i-1].Code)
		}
	}
	// Another city reorders the colleges: Astana's first from Astana.
	fromAstana := get(t, base, result+"?city=2", in("en")...)
	fromAstana.expect(t, http.StatusOK, "Astana Business College", "demand in Astana")
	get(t, base, result+"?city=abc", in("en")...).expect(t, http.StatusBadRequest)
	get(t, base, "/guidance/r/notakey", kk...).expect(t, http.StatusNotFound)
	get(t, base, "/guidance/t/"+strings.Repeat("a", 26), kk...).expect(t, http.StatusNotFound)
}

// TestGuidanceClass: a teacher (as a counsellor) creates a session, five
// pupils take the test through its link, and the teacher sees the class's
// anonymous spread only once five have finished; another counsellor
// cannot open it, and closing it turns newcomers away in their language.
func TestGuidanceClass(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	teacher := append(r.as(t, domain.RoleTeacher), in("ru")...)
	base := r.app.URL
	p := postForm(t, base, "/guidance/sessions", url.Values{"title": {"9 «Б», школа № 12"}}, teacher...)
	if p.status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", p.status, excerpt(p.body))
	}
	sessionURL := p.header.Get("Location")
	id, _ := strconv.ParseInt(strings.TrimPrefix(sessionURL, "/guidance/sessions/"), 10, 64)
	g, err := r.app.Store.GuidanceSession(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	show := get(t, base, sessionURL, teacher...)
	show.expect(t, http.StatusOK, g.JoinCode, "/guidance?class="+g.JoinCode, "Результаты появятся, когда тест закончат не меньше 5 учеников")
	get(t, base, "/guidance/sessions", teacher...).expect(t, http.StatusOK, "9 «Б», школа № 12", g.JoinCode)
	get(t, base, sessionURL, r.as(t, domain.RoleCollege)...).expect(t, http.StatusNotFound)

	pupil := func(perArea [6]int) {
		t.Helper()
		get(t, base, "/guidance?class="+strings.ToLower(g.JoinCode), in("kk")...).expect(t, http.StatusOK,
			"Тестті сыныбыңмен бірге өтесің: 9 «Б», школа № 12.", `name="class" value="`+g.JoinCode+`"`)
		start := postForm(t, base, "/guidance/start", url.Values{"class": {g.JoinCode}}, in("kk")...)
		test := "/guidance/t/" + keyIn(t, start.header.Get("Location"))
		for page := 1; page <= domain.GuidancePages; page++ {
			next := strconv.Itoa(page + 1)
			if page == domain.GuidancePages {
				next = "finish"
			}
			if p := postForm(t, base, test, withGo(answerForm(page, perArea), next), in("kk")...); p.status != http.StatusSeeOther {
				t.Fatalf("page %d: %d\n%s", page, p.status, excerpt(p.body))
			}
		}
	}
	for range 4 {
		pupil([6]int{4, 3, 1, 0, 0, 2})
	}
	get(t, base, sessionURL, teacher...).expect(t, http.StatusOK, "Начали: 4 · закончили: 4", "не меньше 5 учеников")
	pupil([6]int{4, 3, 1, 0, 0, 2})
	shown := get(t, base, sessionURL, teacher...)
	shown.expect(t, http.StatusOK, "Начали: 5 · закончили: 5", `id="first-letters"`, "R · Практический", "RIC · Практический · Исследовательский · Организационный",
		`<td class="num">40.0</td>`)
	shown.lacks(t, "suppressed")

	postForm(t, base, sessionURL, url.Values{"title": {"9 «Б»"}, "closed": {"1"}}, teacher...).expectRedirect(t, sessionURL)
	get(t, base, "/guidance?class="+g.JoinCode, in("kk")...).expect(t, http.StatusOK, g.JoinCode+" сынып сессиясы жабық")
	postForm(t, base, "/guidance/start", url.Values{"class": {g.JoinCode}}, in("en")...).expect(t, http.StatusBadRequest,
		"The class session "+g.JoinCode+" is closed")
	postForm(t, base, "/guidance/start", url.Values{"class": {"ZZZZ99"}}, in("en")...).expect(t, http.StatusNotFound,
		"No class session has the code ZZZZ99")
	log, err := r.app.Store.Audit(context.Background(), domain.AuditFilter{RecordType: "guidance_session", RecordID: itoa(id)})
	if err != nil || log.Total != 2 {
		t.Errorf("audit of the session: %d entries, %v", log.Total, err)
	}
}

// guidanceKey finds a catalog key of this feature shown as it is.
var guidanceKey = regexp.MustCompile(`\bguidance\.[a-z_]+\.[a-z_0-9.]+`)

// TestGuidancePagesEveryLanguage renders every guidance page and its
// problems in each language and finds no untranslated key.
func TestGuidancePagesEveryLanguage(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	r.guidanceFixture(t)
	ctx := context.Background()
	teacher := r.users[domain.RoleTeacher]
	g := domain.GuidanceSession{Title: "9 А", OwnerID: teacher.ID}
	if err := r.app.Store.SaveGuidanceSession(testkit.As(teacher), &g); err != nil {
		t.Fatal(err)
	}
	a, err := r.app.Store.StartGuidance(ctx, g.JoinCode, 1)
	if err != nil {
		t.Fatal(err)
	}
	var all domain.Answers
	for i := range domain.GuidanceItems {
		all.Set(i, i%5)
	}
	done, err := r.app.Store.CreateGuidanceResult(ctx, all, 0)
	if err != nil {
		t.Fatal(err)
	}
	session := "/guidance/sessions/" + itoa(g.ID)
	pages := []struct {
		method, path string
		form         url.Values
		as           []string
		status       int
	}{
		{"GET", "/guidance", nil, nil, http.StatusOK},
		{"GET", "/guidance?class=" + g.JoinCode, nil, nil, http.StatusOK},
		{"GET", "/guidance?class=NOSUCH", nil, nil, http.StatusOK},
		{"GET", "/guidance/t/" + a.ID + "?page=4", nil, nil, http.StatusOK},
		{"POST", "/guidance/t/" + a.ID, url.Values{"page": {"2"}, "A03": {"x"}}, nil, http.StatusBadRequest},
		{"POST", "/guidance/t/" + a.ID, url.Values{"page": {"6"}, "go": {"finish"}}, nil, http.StatusBadRequest},
		{"GET", "/guidance/r/" + done.ResultID, nil, nil, http.StatusOK},
		{"GET", "/guidance/r/" + done.ResultID + "?city=3", nil, nil, http.StatusOK},
		{"GET", "/guidance/sessions", nil, r.asUser(t, teacher), http.StatusOK},
		{"POST", "/guidance/sessions", url.Values{"title": {""}}, r.asUser(t, teacher), http.StatusBadRequest},
		{"GET", session, nil, r.asUser(t, teacher), http.StatusOK},
	}
	for _, lang := range []string{"kk", "ru", "en"} {
		for _, pg := range pages {
			headers := append([]string{"Cookie", "lang=" + lang}, pg.as...)
			var p page
			if pg.method == "POST" {
				p = postForm(t, r.app.URL, pg.path, pg.form, headers...)
			} else {
				p = get(t, r.app.URL, pg.path, headers...)
			}
			if p.status != pg.status {
				t.Errorf("%s %s %s: status %d, want %d", lang, pg.method, pg.path, p.status, pg.status)
			}
			for _, m := range untranslated.FindAllString(p.body, -1) {
				t.Errorf("%s %s %s: untranslated %q", lang, pg.method, pg.path, m)
			}
			if m := guidanceKey.FindString(p.body); m != "" {
				t.Errorf("%s %s %s: untranslated %q", lang, pg.method, pg.path, m)
			}
		}
	}
}
