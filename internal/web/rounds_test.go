package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// roundScene is the cast of an allocation round in Almaty on top of the
// shared registry: two open offers in Almaty for the software
// qualification — X of Energo with one seat, Y of Astana Qurylys (at a
// site in Almaty) with two — and two students with
// accounts of their own: Әлия (academic average 80), who wants X most and
// Y next, and Тимур (95), who wants X too and, with the higher score on the
// published formula, gets it.
type roundScene struct {
	x, y                domain.Offer
	hero, rival         domain.Student
	heroUser, rivalUser domain.User
}

// The scores of the default formula (7 × average + 3 × interview + 50 in
// the region): Әлия's at X before and after an interview of 10, Тимур's.
const (
	heroScore     = 7*80 + 50
	heroInterview = 10
	rivalScore    = 7*95 + 50
)

// roundScene makes the offers and the students; the round is opened by
// each test, over HTTP or through the store.
func (r *registry) roundScene(t testing.TB) *roundScene {
	t.Helper()
	ctx := testkit.As(r.users[domain.RoleEnterprise])
	st := r.app.Store
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	offer := func(enterprise domain.Enterprise, capacity int, requirements string) domain.Offer {
		t.Helper()
		o := domain.Offer{EnterpriseID: enterprise.ID, CollegeID: r.almaty.ID, QualificationCode: softwareQualification, CityID: 1,
			Capacity: capacity, StartsOn: nextMonday(), EndsOn: nextMonday().AddDate(0, 10, 0),
			Weekdays: domain.Weekdays(0).With(time.Monday).With(time.Tuesday).With(time.Wednesday), HoursPerWeek: 24,
			Requirements: requirements, StipendTenge: 70000}
		must(st.SaveOffer(ctx, &o))
		for _, step := range []func(context.Context, int64) error{st.SubmitOffer, st.ApproveOffer, st.OpenOffer} {
			must(step(ctx, o.ID))
		}
		o, err := st.Offer(ctx, o.ID)
		must(err)
		return o
	}
	student := func(first11, last, first string, average int) domain.Student {
		t.Helper()
		s := domain.Student{IIN: identifier(t, first11), Name: domain.PersonName{Last: last, First: first},
			CollegeID: r.almaty.ID, GroupID: r.groupA2.ID, ProgrammeID: r.software.ID, Funding: domain.FundingState,
			Status: domain.StatusStudying, EnrolledOn: time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC), AcademicAverage: average}
		must(st.CreateStudent(context.Background(), &s))
		return s
	}
	sc := &roundScene{
		x:     offer(r.energo, 1, "Go, SQL; бір орын"),
		y:     offer(r.builder, 2, "Тестілеу"),
		hero:  student("06052060101", "Нұрланова", "Әлия", 80),
		rival: student("06052050102", "Серікбаев", "Тимур", 95),
	}
	user := func(login string, s domain.Student) domain.User {
		return testkit.NewUser(t, st, domain.User{Login: login, Role: domain.RoleStudent, CollegeID: r.almaty.ID,
			StudentID: s.ID, Name: s.Name.Full()})
	}
	sc.heroUser, sc.rivalUser = user("round-hero", sc.hero), user("round-rival", sc.rival)
	return sc
}

// openRound opens a round of the Almaty region through the store, as the
// regional department.
func (r *registry) openRound(t testing.TB, name string) domain.Round {
	t.Helper()
	rd := domain.Round{Name: name, RegionID: r.almaty.RegionID, MaxChoices: domain.MinRoundChoices,
		Deadline: time.Now().Add(14 * 24 * time.Hour), Weights: domain.DefaultPriorityWeights}
	if err := r.app.Store.OpenRound(testkit.As(r.users[domain.RoleRegion]), &rd); err != nil {
		t.Fatal(err)
	}
	return rd
}

// result is a student's result as the store has it.
func (r *registry) result(t testing.TB, roundID, studentID int64) domain.RoundResult {
	t.Helper()
	res, err := r.app.Store.Result(context.Background(), roundID, studentID)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// ranked lists the offers of a student's saved list in rank order.
func ranked(res domain.RoundResult) []int64 {
	out := make([]int64, len(res.Choices))
	for _, c := range res.Choices {
		out[c.Rank-1] = c.OfferID
	}
	return out
}

// unescaped is the page's text with HTML entities decoded, for phrases
// with apostrophes and quotes.
func (p page) unescaped() string { return html.UnescapeString(p.body) }

// TestRoundFromOpeningToAgreement runs a round over HTTP as its people
// do, on both databases: the regional department opens it with the form
// (whose problems name their fields), Әлия ranks X then Y with the add,
// up, down and position controls of a form that needs no JavaScript and is
// saved at each change, an offer that is not in the round is refused with
// her list kept on the page, enterprise HR records her interview score;
// the department runs the round, Әлия sees nothing of the preview, the
// department publishes, and Әлия reads that she was placed at her second
// choice and why not at the first — its cutoff against her score, in
// words — and accepts, which makes the draft agreement. Her college sees
// the result; the department closes the round and is offered a
// supplementary one.
func TestRoundFromOpeningToAgreement(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		sc := r.roundScene(t)
		region := r.as(t, domain.RoleRegion, in("en")...)
		hero := append(r.asUser(t, sc.heroUser), in("en")...)
		hr := r.as(t, domain.RoleEnterprise, in("en")...)

		// The form shows the formula in words with the default weights.
		p := get(t, r.app.URL, "/rounds/new", region...)
		p.expect(t, http.StatusOK, `name="max_choices" value="10" min="10"`)
		if formula := "7 × academic average + 3 × interview score (0 where there was none) + 50 when the student's college"; !strings.Contains(p.unescaped(), formula) {
			t.Errorf("the form does not show the formula %q", formula)
		}
		form := func(changes ...string) url.Values {
			f := url.Values{"name": {"Almaty 2026–27, main round"}, "region_id": {"75"}, "max_choices": {"10"},
				"deadline": {time.Now().AddDate(0, 0, 14).Format(time.DateOnly)}, "weight_academic": {"7"},
				"weight_interview": {"3"}, "weight_same_region": {"50"}}
			for i := 0; i+1 < len(changes); i += 2 {
				f.Set(changes[i], changes[i+1])
			}
			return f
		}
		for _, c := range []struct {
			changes []string
			want    string
		}{
			{[]string{"name", " "}, `id="name-error"`},
			{[]string{"max_choices", "5"}, `<p class="field-error" id="max_choices-error">Students must be able to rank from 10 to 50 offers.</p>`},
			{[]string{"deadline", time.Now().AddDate(0, 0, -1).Format(time.DateOnly)}, `<p class="field-error" id="deadline-error">The deadline must be in the future.</p>`},
			{[]string{"weight_academic", "0", "weight_interview", "0", "weight_same_region", "0"}, `id="weights-error"`},
		} {
			p := postForm(t, r.app.URL, "/rounds", form(c.changes...), region...)
			p.expect(t, http.StatusBadRequest, c.want)
		}
		roundID := createdID(t, postForm(t, r.app.URL, "/rounds", form(), region...), "/rounds/")
		self := "/rounds/" + itoa(roundID)
		get(t, r.app.URL, "/rounds", region...).expect(t, http.StatusOK, `<a href="`+self+`">Almaty 2026–27, main round</a>`,
			"Open for ranking")

		// Әлия's page: the offers of her qualification she may add, and
		// an empty list.
		p = get(t, r.app.URL, self, hero...)
		p.expect(t, http.StatusOK, "Offers you can rank", `name="add" value="`+itoa(sc.x.ID)+`"`, `name="add" value="`+itoa(sc.y.ID)+`"`,
			"Your list is empty.", "0 of 10 offers ranked")
		choices := func(list []int64, change ...string) url.Values {
			f := url.Values{"next": {self}}
			for _, id := range list {
				f.Add("offer", itoa(id))
			}
			for i := 0; i+1 < len(change); i += 2 {
				f.Set(change[i], change[i+1])
			}
			return f
		}
		post := func(f url.Values) page { return postForm(t, r.app.URL, self+"/choices", f, hero...) }
		post(choices(nil, "add", itoa(sc.y.ID))).expectRedirect(t, self+"#my-list")
		post(choices([]int64{sc.y.ID}, "add", itoa(sc.x.ID))).expectRedirect(t, self+"#my-list")
		if got := ranked(r.result(t, roundID, sc.hero.ID)); !slices.Equal(got, []int64{sc.y.ID, sc.x.ID}) {
			t.Fatalf("after two adds the list is %v", got)
		}
		post(choices([]int64{sc.y.ID, sc.x.ID}, "up", itoa(sc.x.ID))).expectRedirect(t, self+"#my-list")
		if got := ranked(r.result(t, roundID, sc.hero.ID)); !slices.Equal(got, []int64{sc.x.ID, sc.y.ID}) {
			t.Fatalf("after moving X up the list is %v", got)
		}
		// Positions typed and saved reorder the list; moving down undoes it.
		f := choices([]int64{sc.x.ID, sc.y.ID}, "save", "1")
		f["rank"] = []string{"2", "1"}
		post(f).expectRedirect(t, self+"#my-list")
		if got := ranked(r.result(t, roundID, sc.hero.ID)); !slices.Equal(got, []int64{sc.y.ID, sc.x.ID}) {
			t.Fatalf("after saving positions 2, 1 the list is %v", got)
		}
		post(choices([]int64{sc.y.ID, sc.x.ID}, "down", itoa(sc.y.ID))).expectRedirect(t, self+"#my-list")
		// The page shows what is saved, each offer with its place.
		p = get(t, r.app.URL, self, hero...)
		p.expect(t, http.StatusOK, "Moved; your list is saved.", "2 of 10 offers ranked", "No. 1 on my list", "No. 2 on my list",
			`id="rank-`+itoa(sc.x.ID)+`" name="rank" value="1"`, `id="rank-`+itoa(sc.y.ID)+`" name="rank" value="2"`,
			`name="down" value="`+itoa(sc.x.ID)+`"`, `name="up" value="`+itoa(sc.y.ID)+`"`)
		p.lacks(t, `name="up" value="`+itoa(sc.x.ID)+`"`, `name="down" value="`+itoa(sc.y.ID)+`"`) // the first cannot go up
		// An offer that is not in the round is refused, the list posted
		// stays on the page, and nothing changes.
		p = post(choices([]int64{sc.x.ID, sc.y.ID}, "add", "999999"))
		p.expect(t, http.StatusBadRequest, "is not in this round", "This is the list you sent; it was not saved.")
		if got := ranked(r.result(t, roundID, sc.hero.ID)); !slices.Equal(got, []int64{sc.x.ID, sc.y.ID}) {
			t.Fatalf("a refused list changed the saved one: %v", got)
		}
		// Тимур ranks X only.
		rival := r.asUser(t, sc.rivalUser)
		postForm(t, r.app.URL, self+"/choices", url.Values{"add": {itoa(sc.x.ID)}}, rival...).expectRedirect(t, self+"#my-list")

		// Enterprise HR sees who ranked its offers and records an
		// interview; a score out of range is refused next to its field.
		p = get(t, r.app.URL, self, hr...)
		p.expect(t, http.StatusOK, "Your offers in the round", `id="offer-`+itoa(sc.x.ID)+`"`, "2 students ranked it",
			sc.hero.Name.Full(), sc.rival.Name.Full())
		p.lacks(t, `id="offer-`+itoa(sc.y.ID)+`"`) // another enterprise's
		score := func(s string) url.Values {
			return url.Values{"offer_id": {itoa(sc.x.ID)}, "student_id": {itoa(sc.hero.ID)}, "score": {s}, "next": {self}}
		}
		p = postForm(t, r.app.URL, self+"/interviews", score("150"), hr...)
		p.expect(t, http.StatusBadRequest, `id="score-`+itoa(sc.x.ID)+`-`+itoa(sc.hero.ID)+`-error">`, "An interview score is from 0 to 100.")
		postForm(t, r.app.URL, self+"/interviews", score(strconv.Itoa(heroInterview)), hr...).
			expectRedirect(t, self+"#offer-"+itoa(sc.x.ID))
		// The interview shows in her score by the formula and, to read
		// back and change, in its field; the enterprise lists the
		// students at X in its order of priority.
		p = get(t, r.app.URL, self, hr...)
		p.expect(t, http.StatusOK, "The interview score is saved.", `class="num">`+strconv.Itoa(heroScore+3*heroInterview)+`</td>`,
			`id="score-`+itoa(sc.x.ID)+`-`+itoa(sc.hero.ID)+`" name="score" value="`+strconv.Itoa(heroInterview)+`"`,
			`id="score-`+itoa(sc.x.ID)+`-`+itoa(sc.rival.ID)+`" name="score" value=""`)
		if rival, hero := strings.Index(p.body, sc.rival.Name.Full()), strings.Index(p.body, sc.hero.Name.Full()); rival > hero {
			t.Error("the enterprise's list at X does not put the higher score first")
		}

		// The department runs the round; the preview is theirs alone.
		p = get(t, r.app.URL, self, region...)
		p.expect(t, http.StatusOK, "Run the round…", "The allocation runs on the lists saved so far")
		postForm(t, r.app.URL, self+"/run", url.Values{}, region...).expectRedirect(t, self)
		p = get(t, r.app.URL, self, region...)
		p.expect(t, http.StatusOK, "The round has run. Check the result, then publish it.", "Run, not yet published",
			"Publish the results…", "1 of 1", strconv.Itoa(rivalScore)+" (lottery ")
		// Students do not find the round while the department looks at
		// the run, nor its cutoffs.
		heroPage := get(t, r.app.URL, self, hero...)
		heroPage.expect(t, http.StatusNotFound)
		heroPage.lacks(t, "Cutoff", strconv.Itoa(rivalScore))
		get(t, r.app.URL, "/rounds", hero...).lacks(t, `href="`+self+`"`)
		get(t, r.app.URL, self+"/results", region...).expect(t, http.StatusOK, "A preview", sc.hero.Name.Full(), "choice no. 2")
		postForm(t, r.app.URL, self+"/publish", url.Values{}, region...).expectRedirect(t, self)

		// Әлия reads her place and why not higher, in each language.
		lottery := strconv.Itoa(r.result(t, roundID, sc.rival.ID).Lottery)
		mine := strconv.Itoa(r.result(t, roundID, sc.hero.ID).Lottery)
		score2 := strconv.Itoa(heroScore + 3*heroInterview)
		for lang, want := range map[string][]string{
			"en": {"You were placed at your choice no. 2.", "Why not higher", "Your lottery number is " + mine + ".",
				"Cutoff " + strconv.Itoa(rivalScore) + " (lottery " + lottery + ") — your score " + score2 + ". The seats went to students with a higher score.",
				"Accept this place", "Decline this place…"},
			"ru": {"Вас распределили на ваш выбор № 2.", "Почему не выше",
				"Проходной балл " + strconv.Itoa(rivalScore) + " (жребий " + lottery + ") — ваш балл " + score2 + ". Места заняли студенты с более высоким баллом."},
			"kk": {"Сіз № 2 таңдауыңызға орналастырылдыңыз.", "Неге жоғарырақ емес",
				"Өту балы " + strconv.Itoa(rivalScore) + " (жеребе " + lottery + ") — сіздің балыңыз " + score2 + ". Орындарды балы жоғары студенттер алды."},
		} {
			p := get(t, r.app.URL, self, append(r.asUser(t, sc.heroUser), in(lang)...)...)
			if p.status != http.StatusOK {
				t.Fatalf("%s: status %d", lang, p.status)
			}
			for _, s := range want {
				if !strings.Contains(p.unescaped(), s) {
					t.Errorf("%s: the result lacks %q:\n%s", lang, s, excerpt(p.body))
				}
			}
		}
		// She accepts: the draft agreement is where she goes next.
		p = postForm(t, r.app.URL, self+"/accept", url.Values{}, hero...)
		agreementID := createdID(t, p, "/agreements/")
		a, err := r.app.Store.Agreement(context.Background(), agreementID)
		if err != nil || a.StudentID != sc.hero.ID || a.OfferID != sc.y.ID || a.Status != domain.AgreementDraft {
			t.Fatalf("the agreement of the accepted place: %+v, %v", a, err)
		}
		get(t, r.app.URL, self, hero...).expect(t, http.StatusOK, "Accepted", `href="/agreements/`+itoa(agreementID)+`"`)
		// Accepting twice is refused on the round's page, in words.
		postForm(t, r.app.URL, self+"/accept", url.Values{}, hero...).
			expect(t, http.StatusConflict, "This placement is already")

		// Her college sees its students' places.
		get(t, r.app.URL, self, r.as(t, domain.RoleCollege, in("en")...)...).expect(t, http.StatusOK, "Your students in the round",
			sc.hero.Name.Full(), "choice no. 2", "Accepted")
		get(t, r.app.URL, self+"/results?placed=yes", region...).expect(t, http.StatusOK, "2 students")

		// Closing declines what is still offered; a supplementary round
		// of the closed one is a link away.
		postForm(t, r.app.URL, self+"/close", url.Values{}, region...).expectRedirect(t, self)
		p = get(t, r.app.URL, self, region...)
		p.expect(t, http.StatusOK, "The round is closed.", `href="/rounds/new?parent=`+itoa(roundID)+`"`)
		get(t, r.app.URL, "/rounds/new?parent="+itoa(roundID), region...).
			expect(t, http.StatusOK, `<option value="`+itoa(roundID)+`" selected>`)
	})
}

// TestRoundRefusals: what a round's pages refuse, and how. A department
// of another region, a college of another region and an enterprise without
// offers in the round do not find it; a list with an offer twice or a
// forged offer number is the student's mistake, told in words; while the
// run is the organiser's preview students do not find the round, and once
// published the list cannot change and the page offers no controls.
func TestRoundRefusals(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	sc := r.roundScene(t)
	rd := r.openRound(t, "Almaty, main round")
	self := "/rounds/" + itoa(rd.ID)

	// Another region's department and a college of another region do not
	// find it; neither can the department run a national round.
	other := testkit.NewUser(t, r.app.Store, domain.User{Login: "region-astana", Role: domain.RoleRegion, RegionID: r.astana.RegionID})
	get(t, r.app.URL, self, r.asUser(t, other)...).expect(t, http.StatusNotFound)
	postForm(t, r.app.URL, self+"/run", url.Values{}, r.asUser(t, other)...).expect(t, http.StatusNotFound)
	get(t, r.app.URL, self, r.asUser(t, r.astanaCoordinator)...).expect(t, http.StatusNotFound)

	// An enterprise without an offer in the round does not find it either.
	idle := domain.Enterprise{BIN: identifier(t, "12034000999"), Name: domain.Names{RU: "ТОО «Астана Софт»"},
		RegionID: r.astana.RegionID, CityID: r.astana.CityID, Industry: "J", Employees: 40}
	if err := r.app.Store.CreateEnterprise(context.Background(), &idle); err != nil {
		t.Fatal(err)
	}
	idleHR := testkit.NewUser(t, r.app.Store, domain.User{Login: "hr-idle", Role: domain.RoleEnterprise, EnterpriseID: idle.ID})
	get(t, r.app.URL, self, r.asUser(t, idleHR)...).expect(t, http.StatusNotFound)
	get(t, r.app.URL, "/rounds", r.asUser(t, idleHR)...).lacks(t, `href="`+self+`"`)

	// An offer twice is refused, naming its place on the list.
	hero := append(r.asUser(t, sc.heroUser), in("en")...)
	postForm(t, r.app.URL, self+"/choices", url.Values{"offer": {itoa(sc.x.ID), itoa(sc.x.ID)}}, hero...).
		expect(t, http.StatusBadRequest, "The offer at place 2 is already in your list.")
	// A forged offer number is the user's mistake, not a 500.
	postForm(t, r.app.URL, self+"/choices", url.Values{"offer": {"x1"}}, hero...).expect(t, http.StatusBadRequest)

	// Students do not find a round while its run is the organiser's
	// preview; once published, the list is final.
	organiser := testkit.As(r.users[domain.RoleRegion])
	if err := r.app.Store.RunRound(organiser, rd.ID); err != nil {
		t.Fatal(err)
	}
	postForm(t, r.app.URL, self+"/choices", url.Values{"add": {itoa(sc.x.ID)}}, hero...).expect(t, http.StatusNotFound)
	if err := r.app.Store.PublishRound(organiser, rd.ID); err != nil {
		t.Fatal(err)
	}
	p := postForm(t, r.app.URL, self+"/choices", url.Values{"add": {itoa(sc.x.ID)}}, hero...)
	p.expect(t, http.StatusConflict, "This cannot be done while the round is published.")
	p.lacks(t, `form="ranking"`, `id="ranking"`)
}

// TestRoundPagesEveryLanguage renders the round pages as each role that
// uses them, in every state of a round and in every language, and fails
// on anything untranslated.
func TestRoundPagesEveryLanguage(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	sc := r.roundScene(t)
	st := r.app.Store
	organiser := testkit.As(r.users[domain.RoleRegion])
	rd := r.openRound(t, "Almaty, main round")
	for _, c := range []struct {
		s    domain.Student
		list []int64
	}{{sc.hero, []int64{sc.x.ID, sc.y.ID}}, {sc.rival, []int64{sc.x.ID}}} {
		if err := st.SetChoices(context.Background(), rd.ID, c.s.ID, c.list); err != nil {
			t.Fatal(err)
		}
	}
	self := "/rounds/" + itoa(rd.ID)
	type view struct {
		role domain.Role
		user *domain.User
		path string
		htmx bool
	}
	views := []view{
		{role: domain.RoleRegion, path: "/rounds"},
		{role: domain.RoleRegion, path: "/rounds?status=open&region=75", htmx: true},
		{role: domain.RoleMinistry, path: "/rounds/new"},
		{role: domain.RoleRegion, path: "/rounds/new"},
		{role: domain.RoleStudent, path: "/rounds"},
		{role: domain.RoleTeacher, path: "/rounds"},
	}
	perState := []view{
		{role: domain.RoleRegion, path: self},
		{role: domain.RoleRegion, path: self + "/results"},
		{role: domain.RoleRegion, path: self + "/results?placed=no", htmx: true},
		{role: domain.RoleAuditor, path: self},
		{role: domain.RoleMinistry, path: self + "?page=2"},
		{role: domain.RoleStudent, user: &sc.heroUser, path: self},
		{role: domain.RoleStudent, user: &sc.heroUser, path: self + "?city=1", htmx: true},
		{role: domain.RoleStudent, user: &sc.rivalUser, path: self},
		{role: domain.RoleStudent, path: self}, // Aigerim: in the round, ranked nothing
		{role: domain.RoleEnterprise, path: self},
		{role: domain.RoleCollege, path: self},
		{role: domain.RoleTeacher, path: self},
	}
	check := func(state string, vs []view) {
		for _, lang := range i18n.Languages {
			for _, pg := range vs {
				headers := []string{"Cookie", "lang=" + lang}
				if pg.user != nil {
					headers = append(headers, r.asUser(t, *pg.user)...)
				} else {
					headers = append(headers, r.as(t, pg.role)...)
				}
				if pg.htmx {
					headers = append(headers, "HX-Request", "true")
				}
				p := get(t, r.app.URL, pg.path, headers...)
				want := http.StatusOK
				if state == "allocated" && pg.role == domain.RoleStudent {
					want = http.StatusNotFound // students wait for the published result
				}
				if p.status != want {
					t.Errorf("%s %s %s as %s: status %d; body:\n%s", state, lang, pg.path, pg.role, p.status, excerpt(p.body))
				}
				for _, m := range untranslated.FindAllString(p.body, -1) {
					t.Errorf("%s %s %s as %s (htmx %v): untranslated %q", state, lang, pg.path, pg.role, pg.htmx, m)
				}
			}
		}
	}
	check("none", views)
	check("open", perState)
	if err := st.SetInterview(context.Background(), domain.Interview{RoundID: rd.ID, OfferID: sc.x.ID, StudentID: sc.hero.ID, Score: 40}); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		name string
		take func(context.Context, int64) error
	}{{"allocated", st.RunRound}, {"published", st.PublishRound}, {"closed", st.CloseRound}} {
		if err := step.take(organiser, rd.ID); err != nil {
			t.Fatal(err)
		}
		check(step.name, perState)
	}
	// The public is sent to sign in; a mentor takes no part in rounds.
	p := get(t, r.app.URL, self)
	if p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/signin") {
		t.Errorf("the public reading a round: %d to %q", p.status, p.header.Get("Location"))
	}
	get(t, r.app.URL, "/rounds", r.as(t, domain.RoleMentor)...).expect(t, http.StatusForbidden)
}

// roundFixture is the published round the route matrix reads and tries to
// change: open over the placement fixture's offers, two students ranked,
// run and published.
type roundFixture struct {
	published domain.Round
	offer     int64 // an offer of Energo in it
}

var roundFixtures = struct {
	sync.Mutex
	m map[*registry]*roundFixture
}{m: map[*registry]*roundFixture{}}

func (r *registry) roundFixture(t testing.TB) *roundFixture {
	t.Helper()
	pl := r.placements(t)
	roundFixtures.Lock()
	defer roundFixtures.Unlock()
	if rf, ok := roundFixtures.m[r]; ok {
		return rf
	}
	st := r.app.Store
	organiser := testkit.As(r.users[domain.RoleRegion])
	rf := &roundFixture{published: r.openRound(t, "Matrix round"), offer: pl.open}
	for _, s := range []domain.Student{r.students[2], r.students[3]} {
		if err := st.SetChoices(context.Background(), rf.published.ID, s.ID, []int64{pl.open}); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []func(context.Context, int64) error{st.RunRound, st.PublishRound} {
		if err := step(organiser, rf.published.ID); err != nil {
			t.Fatal(err)
		}
	}
	roundFixtures.m[r] = rf
	return rf
}

// roundProbes are the route matrix's requests for the round pages, for a
// visitor signed in as u. Every step is sent where it changes nothing: to
// the published round, whose state refuses running, publishing and new
// lists (409), or to a round that does not exist (404); a new round's form
// is sent without a name (400).
func (r *registry) roundProbes(t testing.TB, u domain.User) map[string]probe {
	rf := r.roundFixture(t)
	self := "/rounds/" + itoa(rf.published.ID)
	none := "/rounds/999999999"
	return map[string]probe{
		"GET /rounds":                  {"GET", "/rounds", nil, http.StatusOK},
		"GET /rounds/new":              {"GET", "/rounds/new", nil, http.StatusOK},
		"POST /rounds":                 {"POST", "/rounds", url.Values{"name": {""}, "max_choices": {"10"}}, http.StatusBadRequest},
		"GET /rounds/{id}":             {"GET", self, nil, http.StatusOK},
		"POST /rounds/{id}/run":        {"POST", self + "/run", url.Values{}, http.StatusConflict},
		"POST /rounds/{id}/publish":    {"POST", self + "/publish", url.Values{}, http.StatusConflict},
		"POST /rounds/{id}/close":      {"POST", none + "/close", url.Values{}, http.StatusNotFound},
		"POST /rounds/{id}/choices":    {"POST", self + "/choices", url.Values{"save": {"1"}}, http.StatusConflict},
		"POST /rounds/{id}/interviews": {"POST", self + "/interviews", url.Values{"offer_id": {itoa(rf.offer)}, "student_id": {itoa(r.students[2].ID)}, "score": {"50"}}, http.StatusConflict},
		"POST /rounds/{id}/accept":     {"POST", none + "/accept", url.Values{}, http.StatusNotFound},
		"POST /rounds/{id}/decline":    {"POST", none + "/decline", url.Values{}, http.StatusNotFound},
		"GET /rounds/{id}/results":     {"GET", self + "/results", nil, 0}, // a student is sent to the round's page
	}
}
