package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestMentors: enterprise HR adds its mentors, with problems named in the
// user's language; the list and each mentor's page show the trainees
// against the policy maximum, counting the agreements that name the mentor
// and await signatures or are active; other enterprises' mentors stay
// hidden.
func TestMentors(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		hr := r.as(t, domain.RoleEnterprise, in("ru")...)
		get(t, r.app.URL, "/mentors", hr...).expect(t, http.StatusOK, "Наставников пока нет.", `href="/mentors/new"`,
			"не более 10 обучающихся")
		get(t, r.app.URL, "/mentors/new", hr...).expect(t, http.StatusOK, "<h1>Новый наставник</h1>", "ориентир 2019 года")

		form := func(changes ...string) url.Values {
			f := url.Values{"name": {"Сейтжанов Болат Маратович"}, "position": {"Ведущий инженер"}, "qualification": {"Инженер-энергетик"},
				"experience_years": {"12"}, "phone": {"+7 727 355 0101"}, "pay_per_trainee": {"7000"}}
			for i := 0; i+1 < len(changes); i += 2 {
				f.Set(changes[i], changes[i+1])
			}
			return f
		}
		for _, c := range []struct {
			lang    string
			changes []string
			want    string
		}{
			{"ru", []string{"experience_years", "70"}, `<p class="field-error" id="experience_years-error">Стаж работы — от 0 до 60 лет.</p>`},
			{"kk", []string{"name", " "}, `<p class="field-error" id="name-error">Тәлімгердің аты-жөнін көрсетіңіз (200 таңбаға дейін).</p>`},
			{"ru", []string{"phone", "звоните"}, `id="phone-error"`},
			{"ru", []string{"pay_per_trainee", "-5"}, `<p class="field-error" id="pay_per_trainee-error">Укажите сумму в тенге, 0 или больше.</p>`},
			// The account must be a mentor account of the enterprise: not
			// the student's.
			{"ru", []string{"user_id", itoa(r.users[domain.RoleStudent].ID)}, `id="user_id-error"`},
			{"ru", []string{"user_id", "abc"}, `id="user_id-error"`},
		} {
			p := postForm(t, r.app.URL, "/mentors", form(c.changes...), r.as(t, domain.RoleEnterprise, in(c.lang)...)...)
			p.expect(t, http.StatusBadRequest, c.want, `value="Ведущий инженер"`)
		}

		bolat := createdID(t, postForm(t, r.app.URL, "/mentors", form("user_id", itoa(r.users[domain.RoleMentor].ID)), hr...), "/mentors/")
		aliya := createdID(t, postForm(t, r.app.URL, "/mentors", form("name", "Ахметова Алия", "experience_years", "3", "pay_per_trainee", "6000",
			"phone", ""), hr...), "/mentors/")
		p := get(t, r.app.URL, "/mentors/"+itoa(bolat), hr...)
		p.expect(t, http.StatusOK, "Наставник добавлен.", "<h1>Сейтжанов Болат Маратович</h1>", "12 лет", "7\u00a0000 ₸ в месяц",
			"0 из 10", "№ "+itoa(r.users[domain.RoleMentor].ID), "727 355 0101", "Сейчас обучающихся нет.")
		// One account, one mentor.
		p = postForm(t, r.app.URL, "/mentors/"+itoa(aliya), form("name", "Ахметова Алия", "user_id", itoa(r.users[domain.RoleMentor].ID)), hr...)
		p.expect(t, http.StatusConflict, "Эта учётная запись уже привязана к другому наставнику.")

		// A trainee for Bolat: Aigerim's agreement naming him, sent for
		// signature.
		ctx := testkit.As(r.users[domain.RoleEnterprise])
		st := r.app.Store
		o := domain.Offer{EnterpriseID: r.energo.ID, CollegeID: r.almaty.ID, QualificationCode: softwareQualification, CityID: 1,
			Capacity: 1, StartsOn: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2027, 5, 31, 0, 0, 0, 0, time.UTC),
			Weekdays: domain.Weekdays(0).With(time.Monday).With(time.Tuesday), HoursPerWeek: 16}
		openOffer(t, r, &o)
		a := domain.Application{OfferID: o.ID, StudentID: r.students[3].ID}
		if err := st.Apply(ctx, &a); err != nil {
			t.Fatal(err)
		}
		agreementID, err := st.AcceptApplication(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		ag, err := st.Agreement(ctx, agreementID)
		if err != nil {
			t.Fatal(err)
		}
		terms := ag.Terms()
		terms.MentorID = bolat
		if err := st.EditAgreement(ctx, ag.ID, ag.Version, terms); err != nil {
			t.Fatal(err)
		}
		if err := st.SendForSignature(ctx, ag.ID); err != nil {
			t.Fatal(err)
		}

		p = get(t, r.app.URL, "/mentors", hr...)
		p.expect(t, http.StatusOK, "<strong>2 наставника</strong>", "Ахметова Алия", "1 из 10", "0 из 10", "3 года")
		p.lacks(t, "Нет мест")
		get(t, r.app.URL, "/mentors?q=ахм", hr...).expect(t, http.StatusOK, "<strong>1 наставник</strong>", "Ахметова Алия")
		get(t, r.app.URL, "/mentors/"+itoa(bolat), hr...).expect(t, http.StatusOK, "1 из 10", r.students[3].Name.Full(),
			"Ожидает подписей", `href="/agreements/`+itoa(agreementID)+`"`)

		// At the policy maximum the mentor is marked full.
		if err := st.UpdateDualSettings(context.Background(), domain.DualSettings{MaxTraineesPerMentor: 1, BehindPlanPercent: 15,
			MissingWeeks: 2, UnsignedDays: 14, MentorInactiveDays: 21}); err != nil {
			t.Fatal(err)
		}
		get(t, r.app.URL, "/mentors/"+itoa(bolat), hr...).expect(t, http.StatusOK, "1 из 1", "Нет мест")

		// Editing keeps the record and says so.
		postForm(t, r.app.URL, "/mentors/"+itoa(aliya), form("name", "Ахметова Алия Сериковна", "experience_years", "4"), hr...).
			expectRedirect(t, "/mentors/"+itoa(aliya))
		get(t, r.app.URL, "/mentors/"+itoa(aliya), hr...).expect(t, http.StatusOK, "Изменения сохранены.", "Ахметова Алия Сериковна", "4 года")

		// Another enterprise's HR neither sees nor changes them; a
		// college sees one partner enterprise's mentors at a time.
		builderHR := r.asUser(t, testkit.NewUser(t, st, domain.User{Login: "builder-hr", Role: domain.RoleEnterprise, EnterpriseID: r.builder.ID}))
		get(t, r.app.URL, "/mentors", builderHR...).lacks(t, "Сейтжанов")
		get(t, r.app.URL, "/mentors/"+itoa(bolat), builderHR...).expect(t, http.StatusNotFound)
		postForm(t, r.app.URL, "/mentors/"+itoa(bolat), form(), builderHR...).expect(t, http.StatusNotFound)
		coordinator := r.as(t, domain.RoleCollege, in("en")...)
		get(t, r.app.URL, "/mentors", coordinator...).expect(t, http.StatusOK, "one partner enterprise at a time")
		get(t, r.app.URL, "/mentors?enterprise_id="+itoa(r.energo.ID), coordinator...).expect(t, http.StatusOK,
			"Сейтжанов Болат Маратович", "1 of 1")
		// The phone is for those who work with people directly.
		get(t, r.app.URL, "/mentors/"+itoa(bolat), r.as(t, domain.RoleMinistry)...).lacks(t, "727 355 0101")
	})
}
