package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// The fixture's qualification: the Almaty students' dual programme.
const softwareQualification = "4S06130103"

// offerForm is a valid new-offer form: two places for the software
// qualification in Almaty, with Almaty Polytechnic as partner; changes are
// name, value pairs ("" removes a field).
func (r *registry) offerForm(changes ...string) url.Values {
	f := url.Values{"qualification_code": {softwareQualification}, "city_id": {"1"}, "capacity": {"2"},
		"starts_on": {"2026-09-01"}, "ends_on": {"2027-05-31"}, "weekdays": {"1", "3", "5"}, "hours_per_week": {"24"},
		"requirements": {"Медицинская справка\nБазовые навыки Git"}, "stipend_tenge": {"50000"},
		"college_id": {itoa(r.almaty.ID)}}
	for i := 0; i+1 < len(changes); i += 2 {
		if changes[i+1] == "" {
			f.Del(changes[i])
		} else {
			f.Set(changes[i], changes[i+1])
		}
	}
	return f
}

// createdID is the record number a create form redirected to.
func createdID(t testing.TB, p page, prefix string) int64 {
	t.Helper()
	if p.status != http.StatusSeeOther {
		t.Fatalf("status %d, want 303; body:\n%s", p.status, excerpt(p.body))
	}
	loc := p.header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, prefix), 10, 64)
	if err != nil || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("redirected to %q, want %s<id>", loc, prefix)
	}
	return id
}

// expectRedirect fails unless the page is a 303 to location.
func (p page) expectRedirect(t testing.TB, location string) {
	t.Helper()
	if p.status != http.StatusSeeOther || p.header.Get("Location") != location {
		t.Fatalf("status %d to %q, want 303 to %q; body:\n%s", p.status, p.header.Get("Location"), location, excerpt(p.body))
	}
}

// TestOfferJourney follows one placement from the enterprise's draft to the
// student's accepted application: the college approves one offer and
// refers another back with a reason the enterprise sees, the enterprise
// opens them, a student finds them by qualification nearest first with
// the distance, applies, and the enterprise accepts, which makes a draft
// agreement. Drafts of another enterprise stay hidden from the student.
func TestOfferJourney(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		ctx := context.Background()
		hr := r.as(t, domain.RoleEnterprise, in("ru")...)
		college := r.as(t, domain.RoleCollege, in("ru")...)
		student := r.as(t, domain.RoleStudent, in("ru")...)

		form := get(t, r.app.URL, "/offers/new", hr...)
		form.expect(t, http.StatusOK, "<h1>Новое предложение места практики</h1>",
			`<option value="4S06130103">4S06130103 — `, `name="weekdays" value="3"`, "Среда", "Воскресенье",
			`<option value="1" selected>Алматы</option>`, `<option value="`+itoa(r.almaty.ID)+`">Алматинский политехнический колледж</option>`)

		// Two offers of Energo: in Almaty and in Astana.
		almatyOffer := createdID(t, postForm(t, r.app.URL, "/offers", r.offerForm(), hr...), "/offers/")
		astanaOffer := createdID(t, postForm(t, r.app.URL, "/offers", r.offerForm("city_id", "2", "capacity", "5"), hr...), "/offers/")
		p := get(t, r.app.URL, "/offers/"+itoa(almatyOffer), hr...)
		p.expect(t, http.StatusOK, "Предложение сохранено как черновик.", `<span class="badge off">Черновик</span>`,
			"Пн, Ср, Пт", "24 часа в неделю", "50\u00a0000 ₸ в месяц", "<p>Медицинская справка</p>", "0 из 2",
			"Алматинский политехнический колледж", "Отправить на согласование", `href="/offers/`+itoa(almatyOffer)+`/edit"`)

		// The student sees neither Energo's drafts nor another
		// enterprise's; an offer waiting for approval is not open yet.
		builderHR := testkit.NewUser(t, r.app.Store, domain.User{Login: "builder-hr", Role: domain.RoleEnterprise, EnterpriseID: r.builder.ID})
		builderDraft := createdID(t, postForm(t, r.app.URL, "/offers", r.offerForm("city_id", "2", "college_id", ""), r.asUser(t, builderHR)...), "/offers/")
		for _, id := range []int64{builderDraft, almatyOffer} {
			get(t, r.app.URL, "/offers/"+itoa(id), student...).expect(t, http.StatusNotFound)
		}
		get(t, r.app.URL, "/offers/"+itoa(builderDraft), hr...).expect(t, http.StatusNotFound)
		get(t, r.app.URL, "/offers/"+itoa(builderDraft), college...).expect(t, http.StatusNotFound)

		for _, id := range []int64{almatyOffer, astanaOffer} {
			postForm(t, r.app.URL, "/offers/"+itoa(id)+"/submit", url.Values{"next": {"/offers"}}, hr...).expectRedirect(t, "/offers")
		}
		get(t, r.app.URL, "/offers/"+itoa(almatyOffer), student...).expect(t, http.StatusNotFound)

		// The college's list starts at the offers waiting for it.
		p = get(t, r.app.URL, "/offers", college...)
		p.expect(t, http.StatusOK, "Предложения, ожидающие вашего согласования", "<strong>2 предложения</strong>",
			`action="/offers/`+itoa(almatyOffer)+`/approve"`, `action="/offers/`+itoa(astanaOffer)+`/refer"`)
		p.lacks(t, "/offers/"+itoa(builderDraft))
		// Referring back needs a reason, said next to the field.
		p = postForm(t, r.app.URL, "/offers/"+itoa(astanaOffer)+"/refer", url.Values{"reason": {"  "}}, college...)
		p.expect(t, http.StatusBadRequest, `<p class="field-error" id="reason-error">Укажите, почему предложение возвращено на доработку.</p>`,
			`aria-invalid="true"`)
		reason := "Уточните график: по субботам площадка закрыта."
		postForm(t, r.app.URL, "/offers/"+itoa(astanaOffer)+"/refer", url.Values{"reason": {reason}, "next": {"/offers"}}, college...).
			expectRedirect(t, "/offers")
		postForm(t, r.app.URL, "/offers/"+itoa(almatyOffer)+"/approve", url.Values{"next": {"/offers"}}, college...).
			expectRedirect(t, "/offers")
		get(t, r.app.URL, "/offers", college...).expect(t, http.StatusOK, "Предложение одобрено.", "Предложений пока нет.")
		// Approving twice is refused in words, in the state's own name.
		p = postForm(t, r.app.URL, "/offers/"+itoa(almatyOffer)+"/approve", url.Values{}, college...)
		p.expect(t, http.StatusConflict, "Это нельзя сделать, пока предложение в статусе «Одобрено».")

		// The enterprise sees the reason, on its list and on the offer.
		p = get(t, r.app.URL, "/offers", hr...)
		p.expect(t, http.StatusOK, "Возвращено на доработку: "+reason, `<span class="badge">Одобрено</span>`,
			`action="/offers/`+itoa(almatyOffer)+`/open"`, `href="/offers/new"`)
		get(t, r.app.URL, "/offers/"+itoa(astanaOffer), hr...).expect(t, http.StatusOK, "Возвращено на доработку: "+reason)
		get(t, r.app.URL, "/offers/"+itoa(astanaOffer)+"/edit", hr...).expect(t, http.StatusOK, "Возвращено на доработку: "+reason, `value="5"`)
		postForm(t, r.app.URL, "/offers/"+itoa(astanaOffer), r.offerForm("city_id", "2", "capacity", "5", "weekdays", "2", "hours_per_week", "8"), hr...).
			expectRedirect(t, "/offers/"+itoa(astanaOffer))
		get(t, r.app.URL, "/offers/"+itoa(astanaOffer), hr...).expect(t, http.StatusOK, "Изменения сохранены.", "Вт")
		postForm(t, r.app.URL, "/offers/"+itoa(astanaOffer)+"/submit", url.Values{}, hr...).expectRedirect(t, "/offers/"+itoa(astanaOffer))
		postForm(t, r.app.URL, "/offers/"+itoa(astanaOffer)+"/approve", url.Values{}, college...).expectRedirect(t, "/offers/"+itoa(astanaOffer))
		for _, id := range []int64{almatyOffer, astanaOffer} {
			postForm(t, r.app.URL, "/offers/"+itoa(id)+"/open", url.Values{}, hr...).expectRedirect(t, "/offers/"+itoa(id))
		}

		// The student finds both, nearest first, with the distance from
		// Almaty, where the college is.
		p = get(t, r.app.URL, "/offers?qualification="+softwareQualification, student...)
		p.expect(t, http.StatusOK, "<strong>2 предложения</strong>", "от города Алматы", `<option value="distance" selected>Сначала ближайшие</option>`,
			">0 км</td>")
		near, far := strings.Index(p.body, `href="/offers/`+itoa(almatyOffer)+`"`), strings.Index(p.body, `href="/offers/`+itoa(astanaOffer)+`"`)
		if near < 0 || far < 0 || near > far {
			t.Errorf("Almaty's offer (at %d) should come before Astana's (at %d)", near, far)
		}
		km := regexp.MustCompile(`>([0-9\x{a0}]+) км</td>`).FindAllStringSubmatch(p.body, -1)
		if len(km) != 2 {
			t.Fatalf("distances %v, want two", km)
		}
		if d, _ := strconv.Atoi(strings.ReplaceAll(km[1][1], "\u00a0", "")); d < 900 || d > 1100 {
			t.Errorf("Almaty to Astana is %d km, want about 970", d)
		}
		get(t, r.app.URL, "/offers?qualification=4S04110102", student...).expect(t, http.StatusOK, "Нет предложений, подходящих под фильтры.")
		get(t, r.app.URL, "/offers?region=71", student...).expect(t, http.StatusOK, "<strong>1 предложение</strong>")

		// An offer for another qualification is refused with the reason.
		other := domain.Offer{EnterpriseID: r.energo.ID, CollegeID: r.astana.ID, QualificationCode: "4S04110102", CityID: 2,
			Capacity: 1, StartsOn: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2027, 5, 31, 0, 0, 0, 0, time.UTC),
			Weekdays: domain.Weekdays(0).With(time.Monday), HoursPerWeek: 8}
		openOffer(t, r, &other)
		p = postForm(t, r.app.URL, "/offers/"+itoa(other.ID)+"/apply", url.Values{"note": {"Хочу попробовать"}}, student...)
		p.expect(t, http.StatusConflict, "Это предложение для другой квалификации, чем в вашей программе.", "Хочу попробовать")

		// Apply with a note; the form gives way to the application.
		p = get(t, r.app.URL, "/offers/"+itoa(almatyOffer), student...)
		p.expect(t, http.StatusOK, "Подать заявку на это место", `action="/offers/`+itoa(almatyOffer)+`/apply"`)
		p.lacks(t, "/"+itoa(almatyOffer)+"/submit", "/"+itoa(almatyOffer)+"/approve", "/"+itoa(almatyOffer)+"/close")
		postForm(t, r.app.URL, "/offers/"+itoa(almatyOffer)+"/apply", url.Values{"note": {"Знаю Go и SQL"}}, student...).
			expectRedirect(t, "/offers/"+itoa(almatyOffer))
		p = get(t, r.app.URL, "/offers/"+itoa(almatyOffer), student...)
		p.expect(t, http.StatusOK, "Ваша заявка отправлена предприятию.", "На рассмотрении", "Знаю Go и SQL", "Отозвать заявку")
		p.lacks(t, `action="/offers/`+itoa(almatyOffer)+`/apply"`)

		// The enterprise: the application, its accept and decline.
		p = get(t, r.app.URL, "/offers/"+itoa(almatyOffer), hr...)
		p.expect(t, http.StatusOK, "<strong>1 заявка</strong>", r.aigerim.Name.Full(), "Знаю Go и SQL", "Принять", "Отклонить")
		apps, err := r.app.Store.Applications(ctx, domain.ApplicationFilter{OfferID: almatyOffer})
		if err != nil || len(apps.Items) != 1 {
			t.Fatalf("applications: %v, %v", apps, err)
		}
		app := itoa(apps.Items[0].ID)
		p = postForm(t, r.app.URL, "/applications/"+app+"/decline", url.Values{"reason": {""}}, hr...)
		p.expect(t, http.StatusBadRequest, "Укажите причину отказа.")
		get(t, r.app.URL, "/applications", hr...).expect(t, http.StatusOK, "<strong>1 заявка</strong>", r.aigerim.Name.Full())
		postForm(t, r.app.URL, "/applications/"+app+"/accept", url.Values{"next": {"/offers/" + itoa(almatyOffer)}}, hr...).
			expectRedirect(t, "/offers/"+itoa(almatyOffer))
		agreements, err := r.app.Store.Agreements(ctx, domain.AgreementFilter{StudentID: r.aigerim.ID})
		if err != nil || len(agreements.Items) != 1 || agreements.Items[0].Status != domain.AgreementDraft {
			t.Fatalf("the accepted application should have made one draft agreement: %+v, %v", agreements.Items, err)
		}
		link := `href="/agreements/` + itoa(agreements.Items[0].ID) + `"`
		get(t, r.app.URL, "/offers/"+itoa(almatyOffer), hr...).expect(t, http.StatusOK,
			"Заявка принята, создан проект договора.", "Принята", "1 из 2", link)
		get(t, r.app.URL, "/applications?status=all", hr...).expect(t, http.StatusOK, link)
		p = get(t, r.app.URL, "/applications", student...)
		p.expect(t, http.StatusOK, "Принята", link, "Ваши заявки на места практики")
		p.lacks(t, "Отозвать заявку")
	})
}

// openOffer takes an offer through the store from draft to open.
func openOffer(t testing.TB, r *registry, o *domain.Offer) {
	t.Helper()
	ctx := testkit.As(r.users[domain.RoleEnterprise])
	if err := r.app.Store.SaveOffer(ctx, o); err != nil {
		t.Fatal(err)
	}
	for _, step := range []func(context.Context, int64) error{r.app.Store.SubmitOffer, r.app.Store.ApproveOffer, r.app.Store.OpenOffer} {
		if err := step(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOfferFormErrors: a bad capacity comes back next to its field in the
// user's language, with everything typed kept.
func TestOfferFormErrors(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	for _, c := range []struct{ lang, capacity, want string }{
		{"ru", "0", "Количество мест — от 1 до 1000."},
		{"kk", "abc", "Орын саны 1-ден 1000-ға дейін."},
		{"en", "1001", "The number of places must be from 1 to 1000."},
	} {
		p := postForm(t, r.app.URL, "/offers", r.offerForm("capacity", c.capacity), r.as(t, domain.RoleEnterprise, in(c.lang)...)...)
		p.expect(t, http.StatusBadRequest, `<p class="field-error" id="capacity-error">`+c.want+`</p>`,
			`id="capacity" name="capacity" value="`+c.capacity+`"`, `aria-describedby="capacity-error"`,
			"Медицинская справка\nБазовые навыки Git", `name="weekdays" value="3" checked`)
	}
	hr := r.as(t, domain.RoleEnterprise, in("ru")...)
	for _, c := range []struct {
		changes []string
		want    string
	}{
		{[]string{"weekdays", ""}, `<p class="field-error" id="weekdays-error">Выберите хотя бы один день на предприятии.</p>`},
		{[]string{"hours_per_week", "30"}, `<p class="field-error" id="hours_per_week-error">Часов в неделю — от 1 до 40, не более 8 в день.</p>`},
		{[]string{"ends_on", "2026-08-01"}, `id="ends_on-error"`},
		{[]string{"starts_on", "1 сентября"}, `<p class="field-error" id="starts_on-error">Укажите дату.</p>`},
		{[]string{"qualification_code", "4S99999999"}, `id="qualification_code-error"`},
		{[]string{"city_id", "999999"}, `id="city_id-error"`},
	} {
		postForm(t, r.app.URL, "/offers", r.offerForm(c.changes...), hr...).expect(t, http.StatusBadRequest, c.want)
	}
	offers, err := r.app.Store.Offers(context.Background(), domain.OfferFilter{EnterpriseID: r.energo.ID, Status: domain.OfferDraft})
	if err != nil || offers.Total != 0 {
		t.Fatalf("no offer may be saved from a bad form: %d, %v", offers.Total, err)
	}
}

// placements are the offers, applications and mentor the route matrix
// and the language check act on, made once per fixture registry.
type placements struct {
	open, open2, toClose, approved, draft int64
	// Submitted offers: [0] to approve, [1] to refer back; the college's
	// name it as partner, the region's name none.
	forCollege, forRegion [2]int64
	// Pending applications: two students' to open, to accept and to
	// decline; Aigerim's to open2, to withdraw.
	accept, decline, withdraw int64
	mentor                    domain.Mentor
}

var placementFixtures = struct {
	sync.Mutex
	m map[*registry]*placements
}{m: map[*registry]*placements{}}

// placements makes the registry's placement records the first time.
func (r *registry) placements(t testing.TB) *placements {
	t.Helper()
	placementFixtures.Lock()
	defer placementFixtures.Unlock()
	if pl, ok := placementFixtures.m[r]; ok {
		return pl
	}
	ctx := testkit.As(r.users[domain.RoleEnterprise])
	st := r.app.Store
	offer := func(collegeID int64, steps ...func(context.Context, int64) error) int64 {
		t.Helper()
		o := domain.Offer{EnterpriseID: r.energo.ID, CollegeID: collegeID, QualificationCode: softwareQualification, CityID: 1,
			Capacity: 3, StartsOn: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2027, 5, 31, 0, 0, 0, 0, time.UTC),
			Weekdays: domain.Weekdays(0).With(time.Tuesday).With(time.Thursday), HoursPerWeek: 16}
		if err := st.SaveOffer(ctx, &o); err != nil {
			t.Fatal(err)
		}
		for _, step := range steps {
			if err := step(ctx, o.ID); err != nil {
				t.Fatal(err)
			}
		}
		return o.ID
	}
	toOpen := []func(context.Context, int64) error{st.SubmitOffer, st.ApproveOffer, st.OpenOffer}
	pl := &placements{
		open:     offer(r.almaty.ID, toOpen...),
		open2:    offer(r.almaty.ID, toOpen...),
		toClose:  offer(r.almaty.ID, toOpen...),
		approved: offer(r.almaty.ID, st.SubmitOffer, st.ApproveOffer),
		draft:    offer(r.almaty.ID),
	}
	for i := range 2 {
		pl.forCollege[i] = offer(r.almaty.ID, st.SubmitOffer)
		pl.forRegion[i] = offer(0, st.SubmitOffer)
	}
	apply := func(offerID int64, s domain.Student) int64 {
		t.Helper()
		a := domain.Application{OfferID: offerID, StudentID: s.ID, Note: "Готов начать в сентябре"}
		if err := st.Apply(ctx, &a); err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	pl.accept = apply(pl.open, r.students[1])
	pl.decline = apply(pl.open, r.students[2])
	pl.withdraw = apply(pl.open2, r.aigerim)
	pl.mentor = domain.Mentor{EnterpriseID: r.energo.ID, UserID: r.users[domain.RoleMentor].ID, Name: "Сейтжанов Болат Маратович",
		Position: "Ведущий инженер", Qualification: "Инженер-энергетик", ExperienceYears: 12, Phone: "+7 727 355 0101", PayPerTrainee: 7000}
	if err := st.SaveMentor(ctx, &pl.mentor); err != nil {
		t.Fatal(err)
	}
	placementFixtures.m[r] = pl
	return pl
}

// placementProbes are the route matrix's requests for the placement pages,
// for a visitor signed in as u; approvals go to an offer u decides on.
func (r *registry) placementProbes(t testing.TB, u domain.User) map[string]probe {
	pl := r.placements(t)
	id := itoa
	approve, refer := pl.forCollege[0], pl.forCollege[1]
	if u.Role == domain.RoleRegion {
		approve, refer = pl.forRegion[0], pl.forRegion[1]
	}
	mentor := url.Values{"name": {"Ахметова Гульнара"}, "position": {"Мастер участка"}, "qualification": {"Электромонтёр"},
		"experience_years": {"8"}, "phone": {"+7 701 222 3344"}, "pay_per_trainee": {"6000"}}
	// The change keeps the mentor account's link: the other fixtures'
	// trainees are the mentor's through it.
	m := pl.mentor
	sameMentor := url.Values{"name": {m.Name}, "position": {m.Position}, "qualification": {m.Qualification},
		"experience_years": {strconv.Itoa(m.ExperienceYears)}, "phone": {m.Phone}, "pay_per_trainee": {strconv.Itoa(m.PayPerTrainee)},
		"user_id": {id(m.UserID)}}
	return map[string]probe{
		"GET /offers":                      {"GET", "/offers", nil, http.StatusOK},
		"GET /offers/new":                  {"GET", "/offers/new", nil, http.StatusOK},
		"POST /offers":                     {"POST", "/offers", r.offerForm(), http.StatusSeeOther},
		"GET /offers/{id}":                 {"GET", "/offers/" + id(pl.open), nil, http.StatusOK},
		"GET /offers/{id}/edit":            {"GET", "/offers/" + id(pl.draft) + "/edit", nil, http.StatusOK},
		"POST /offers/{id}":                {"POST", "/offers/" + id(pl.draft), r.offerForm(), http.StatusSeeOther},
		"POST /offers/{id}/submit":         {"POST", "/offers/" + id(pl.draft) + "/submit", url.Values{}, http.StatusSeeOther},
		"POST /offers/{id}/approve":        {"POST", "/offers/" + id(approve) + "/approve", url.Values{}, http.StatusSeeOther},
		"POST /offers/{id}/refer":          {"POST", "/offers/" + id(refer) + "/refer", url.Values{"reason": {"Уточните требования"}}, http.StatusSeeOther},
		"POST /offers/{id}/open":           {"POST", "/offers/" + id(pl.approved) + "/open", url.Values{}, http.StatusSeeOther},
		"POST /offers/{id}/close":          {"POST", "/offers/" + id(pl.toClose) + "/close", url.Values{}, http.StatusSeeOther},
		"POST /offers/{id}/apply":          {"POST", "/offers/" + id(pl.open) + "/apply", url.Values{"note": {""}}, http.StatusSeeOther},
		"GET /applications":                {"GET", "/applications", nil, http.StatusOK},
		"POST /applications/{id}/accept":   {"POST", "/applications/" + id(pl.accept) + "/accept", url.Values{}, http.StatusSeeOther},
		"POST /applications/{id}/decline":  {"POST", "/applications/" + id(pl.decline) + "/decline", url.Values{"reason": {"Мест для второго курса нет"}}, http.StatusSeeOther},
		"POST /applications/{id}/withdraw": {"POST", "/applications/" + id(pl.withdraw) + "/withdraw", url.Values{}, http.StatusSeeOther},
		"GET /mentors":                     {"GET", "/mentors", nil, http.StatusOK},
		"GET /mentors/new":                 {"GET", "/mentors/new", nil, http.StatusOK},
		"POST /mentors":                    {"POST", "/mentors", mentor, http.StatusSeeOther},
		"GET /mentors/{id}":                {"GET", "/mentors/" + id(pl.mentor.ID), nil, http.StatusOK},
		"GET /mentors/{id}/edit":           {"GET", "/mentors/" + id(pl.mentor.ID) + "/edit", nil, http.StatusOK},
		"POST /mentors/{id}":               {"POST", "/mentors/" + id(pl.mentor.ID), sameMentor, http.StatusSeeOther},
	}
}

// TestPlacementPagesEveryLanguage renders the placement pages as each role
// that uses them, in every language, and fails on anything untranslated.
func TestPlacementPagesEveryLanguage(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	pl := r.placements(t)
	id := itoa
	pages := []struct {
		role   domain.Role
		path   string
		status int
		htmx   bool
	}{
		{domain.RolePublic, "/offers", http.StatusOK, false},
		{domain.RolePublic, "/offers/" + id(pl.open), http.StatusOK, false},
		{domain.RoleStudent, "/offers", http.StatusOK, false},
		{domain.RoleStudent, "/offers?region=71&sort=-created", http.StatusOK, true},
		{domain.RoleStudent, "/offers/" + id(pl.open), http.StatusOK, false},
		{domain.RoleStudent, "/offers/" + id(pl.open2), http.StatusOK, false},
		{domain.RoleStudent, "/applications", http.StatusOK, false},
		{domain.RoleEnterprise, "/offers", http.StatusOK, false},
		{domain.RoleEnterprise, "/offers?status=draft", http.StatusOK, true},
		{domain.RoleEnterprise, "/offers/new", http.StatusOK, false},
		{domain.RoleEnterprise, "/offers/" + id(pl.open), http.StatusOK, false},
		{domain.RoleEnterprise, "/offers/" + id(pl.draft) + "/edit", http.StatusOK, false},
		{domain.RoleEnterprise, "/offers/" + id(pl.open) + "/edit", http.StatusConflict, false},
		{domain.RoleEnterprise, "/applications", http.StatusOK, false},
		{domain.RoleEnterprise, "/applications?offer_id=" + id(pl.open) + "&status=all", http.StatusOK, true},
		{domain.RoleEnterprise, "/mentors", http.StatusOK, false},
		{domain.RoleEnterprise, "/mentors/new", http.StatusOK, false},
		{domain.RoleEnterprise, "/mentors/" + id(pl.mentor.ID), http.StatusOK, false},
		{domain.RoleEnterprise, "/mentors/" + id(pl.mentor.ID) + "/edit", http.StatusOK, false},
		{domain.RoleCollege, "/offers", http.StatusOK, false},
		{domain.RoleCollege, "/offers?status=open", http.StatusOK, false},
		{domain.RoleCollege, "/offers/" + id(pl.forCollege[0]), http.StatusOK, false},
		{domain.RoleCollege, "/applications", http.StatusOK, false},
		{domain.RoleCollege, "/mentors", http.StatusOK, false},
		{domain.RoleCollege, "/mentors?enterprise_id=" + id(r.energo.ID), http.StatusOK, false},
		{domain.RoleRegion, "/offers", http.StatusOK, false},
		{domain.RoleRegion, "/offers/" + id(pl.forRegion[0]), http.StatusOK, false},
		{domain.RoleMinistry, "/offers?status=closed", http.StatusOK, false},
		{domain.RoleMinistry, "/mentors", http.StatusOK, false},
		{domain.RoleTeacher, "/applications", http.StatusOK, false},
		{domain.RoleMentor, "/mentors/" + id(pl.mentor.ID), http.StatusOK, false},
		{domain.RoleStudent, "/offers?qualification=4S99999999", http.StatusBadRequest, false},
		{domain.RoleStudent, "/offers?status=draft&sort=sideways", http.StatusBadRequest, false},
	}
	for _, lang := range i18n.Languages {
		for _, pg := range pages {
			headers := []string{"Cookie", "lang=" + lang}
			if pg.role != domain.RolePublic {
				headers = append(headers, r.as(t, pg.role)...)
			}
			if pg.htmx {
				headers = append(headers, "HX-Request", "true")
			}
			p := get(t, r.app.URL, pg.path, headers...)
			if p.status != pg.status {
				t.Errorf("%s %s as %s: status %d, want %d; body:\n%s", lang, pg.path, pg.role, p.status, pg.status, excerpt(p.body))
			}
			for _, m := range untranslated.FindAllString(p.body, -1) {
				t.Errorf("%s %s as %s (htmx %v): untranslated %q", lang, pg.path, pg.role, pg.htmx, m)
			}
		}
	}
	// The public sees an open offer and is asked to sign in to apply.
	get(t, r.app.URL, "/offers/"+id(pl.open), in("en")...).expect(t, http.StatusOK,
		"apply after signing in", `href="/signin?next=%2Foffers%2F`+id(pl.open)+`"`)
	// A refusal names the state in the reader's language.
	get(t, r.app.URL, "/offers/"+id(pl.open)+"/edit", r.as(t, domain.RoleEnterprise, in("ru")...)...).
		expect(t, http.StatusConflict, "пока предложение в статусе «Открыто для заявок»")
}

// TestPlacementsOnAPhone uses the placement pages in headless Chromium at
// phone width: a student, in Russian, finds the open offers nearest first,
// narrows them to her qualification with one tap, opens one and applies
// with a note; enterprise HR, in Kazakh, sees the offer form, the offer
// with its applications and the mentors. No page is wider than the
// screen. Screenshots go to the artifacts folder; a missing Chromium
// fails the test.
func TestPlacementsOnAPhone(t *testing.T) {
	// Not parallel, like TestBrowser: Chromium needs the cores.
	r := newRegistry(t, testkit.DSN(t))
	pl := r.placements(t)
	browser := startChromium(t)
	phone := chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile, chromedp.EmulateTouch)

	student := newTab(t, browser, r.app.URL)
	student.do("phone viewport", phone)
	student.signIn(r.users[domain.RoleStudent].Login, "ru", "/offers")
	student.do("wait for the offers", chromedp.WaitVisible(chromedp.CSS("#results")))
	if h1 := student.text("h1"); h1 != "Предложения мест практики" {
		t.Fatalf("the offers page's heading is %q", h1)
	}
	if results := student.text("#results"); !strings.Contains(results, "0 км") || !strings.Contains(results, "3 предложения") {
		t.Errorf("the student's offers lack the distance or the count:\n%s", results)
	}
	student.fitsWidth("the offers list")
	student.screenshot("offers.student.phone.ru.png")
	student.navigate("narrow to my qualification", chromedp.Click(chromedp.CSS(`.chips a[href^="/offers?qualification="]`)))
	student.do("wait for the narrowed list", chromedp.WaitVisible(chromedp.CSS("#results")))
	if loc, err := chromedp.Run(student.ctx, chromedp.Location()); err != nil || !strings.Contains(loc, "qualification="+softwareQualification) {
		t.Fatalf("address after the shortcut: %q, %v", loc, err)
	}
	student.navigate("open the offer", chromedp.Click(chromedp.CSS(`#results a[href="/offers/`+itoa(pl.open)+`"]`)))
	student.do("type a note", chromedp.WaitVisible(chromedp.CSS("#note")), chromedp.SendKeys(chromedp.CSS("#note"), "Знаю Go, готов с сентября"))
	student.fitsWidth("the offer")
	student.navigate("apply", chromedp.Click(chromedp.CSS(`form[action$="/apply"] button[type="submit"]`)))
	student.do("wait for the confirmation", chromedp.WaitVisible(chromedp.CSS(".flash")))
	if flash := student.text(".flash"); flash != "Ваша заявка отправлена предприятию." {
		t.Errorf("after applying the page says %q", flash)
	}
	if !student.eval(`document.querySelector('main').textContent.includes('На рассмотрении')`) {
		t.Errorf("the offer does not show the application waiting for a decision")
	}
	student.screenshot("offer.applied.phone.ru.png")

	hr := newTab(t, browser, r.app.URL)
	hr.do("phone viewport", phone)
	hr.signIn(r.users[domain.RoleEnterprise].Login, "kk", "/offers/new")
	hr.do("wait for the form", chromedp.WaitVisible(chromedp.CSS("#qualification_code")))
	hr.fitsWidth("the offer form")
	hr.screenshot("offer.new.phone.kk.png")
	for _, pg := range []struct{ path, what, file, shows string }{
		{"/offers/" + itoa(pl.open), "the offer with its applications", "offer.applications.phone.kk.png", "Знаю Go, готов с сентября"},
		{"/offers", "the enterprise's offers", "offers.enterprise.phone.kk.png", "Келісуде"},
		{"/mentors", "the mentors", "mentors.phone.kk.png", "Сейтжанов Болат Маратович"},
	} {
		hr.open(pg.path)
		hr.do("wait for "+pg.what, chromedp.WaitVisible(chromedp.CSS("h1")))
		if main := hr.text("main"); !strings.Contains(main, pg.shows) {
			t.Errorf("%s lacks %q:\n%s", pg.what, pg.shows, main)
		}
		hr.fitsWidth(pg.what)
		hr.screenshot(pg.file)
	}
}
