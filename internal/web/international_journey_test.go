package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestInternationalJourney is the Kazakhstan–Russia journey of issue 10 in
// headless Chromium. The Almaty college's coordinator, on a 375 px phone
// in Russian, registers a college in Orenburg as a partner (naming its
// Russian region), records an academic-mobility agreement with it, and
// records Aigerim's outgoing mobility there this term. The Almaty
// education department's cross-border page shows the agreement and the
// student under Orenburg Oblast. No page is wider than the phone;
// screenshots go to the artifacts folder.
func TestInternationalJourney(t *testing.T) {
	// Not parallel, like TestBrowser: Chromium needs the cores.
	r := newRegistry(t, testkit.DSN(t))
	browser := startChromium(t)
	today := time.Now().In(time.FixedZone("UTC+5", 5*3600))
	day := func(t time.Time) string { return t.Format(time.DateOnly) }

	college := newTab(t, browser, r.app.URL)
	college.do("phone viewport", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile, chromedp.EmulateTouch))
	college.signIn(r.users[domain.RoleCollege].Login, "ru", "/international/partners")
	college.do("wait for the register", chromedp.WaitVisible(chromedp.CSS("#partner-form")))
	college.fitsWidth("the register of partners")
	college.do("fill in the partner",
		chromedp.SendKeys(chromedp.CSS("#partner-form-name"), "Оренбургский колледж энергетики"),
		chromedp.SetValue(chromedp.CSS("#partner-form-kind"), "college"),
		chromedp.SetValue(chromedp.CSS("#partner-form-country"), "RU"),
		chromedp.SetValue(chromedp.CSS("#partner-form-ru_region"), "RU-ORE"),
		chromedp.SendKeys(chromedp.CSS("#partner-form-city"), "Оренбург"),
	)
	college.navigate("register the partner", chromedp.Click(chromedp.CSS(`#partner-form button[type="submit"]`)))
	college.do("wait for the agreement's form", chromedp.WaitVisible(chromedp.CSS("#partnership-form")))
	if flash := college.text(".flash"); flash != "Партнёр зарегистрирован: теперь внесите соглашение." {
		t.Errorf("after registering, the page says %q", flash)
	}
	if chosen := evalString(college, `document.querySelector("#partnership-form-partner_id").selectedOptions[0].text`); chosen != "Оренбургский колледж энергетики (Россия)" {
		t.Errorf("the form chose the partner %q", chosen)
	}
	college.fitsWidth("the agreement's form")
	college.do("fill in the agreement",
		chromedp.SetValue(chromedp.CSS("#partnership-form-kind"), "academic_mobility"),
		chromedp.SendKeys(chromedp.CSS("#partnership-form-number"), "АМ-2026/4"),
		chromedp.SendKeys(chromedp.CSS("#partnership-form-subject"), "Обмен студентами по специальности «Электроснабжение»"),
		chromedp.SetValue(chromedp.CSS("#partnership-form-signed_on"), day(today.AddDate(0, -2, 0))),
		chromedp.SetValue(chromedp.CSS("#partnership-form-starts_on"), day(today.AddDate(0, -2, 0))),
		chromedp.SetValue(chromedp.CSS("#partnership-form-ends_on"), day(today.AddDate(3, 0, 0))),
	)
	college.screenshot("international.agreement.phone.ru.png")
	college.navigate("record the agreement", chromedp.Click(chromedp.CSS(`#partnership-form button[type="submit"]`)))
	college.do("wait for the agreement", chromedp.WaitVisible(chromedp.CSS("#agreement")))
	if flash := college.text(".flash"); flash != "Соглашение сохранено." {
		t.Errorf("after recording, the page says %q", flash)
	}
	if s := college.text("#agreement"); !strings.Contains(s, "Действует") || !strings.Contains(s, "Оренбургская область") {
		t.Errorf("the agreement reads %q", s)
	}
	college.fitsWidth("the agreement")

	// Aigerim goes to Orenburg this term.
	college.open("/international/mobility")
	college.do("wait for the mobility form", chromedp.WaitVisible(chromedp.CSS("#mobility-form")))
	partner := evalString(college, `[...document.querySelectorAll("#mobility-form-partner_id option")].find(o => o.text.startsWith("Оренбургский")).value`)
	college.do("fill in the mobility",
		chromedp.SetValue(chromedp.CSS("#mobility-form-direction"), "outgoing"),
		chromedp.SetValue(chromedp.CSS("#mobility-form-participant"), "student"),
		chromedp.SendKeys(chromedp.CSS("#mobility-form-student_id"), itoa(r.aigerim.ID)),
		chromedp.SetValue(chromedp.CSS("#mobility-form-country"), "RU"),
		chromedp.SetValue(chromedp.CSS("#mobility-form-partner_id"), partner),
		chromedp.SetValue(chromedp.CSS("#mobility-form-starts_on"), day(today.AddDate(0, 0, -7))),
		chromedp.SetValue(chromedp.CSS("#mobility-form-ends_on"), day(today.AddDate(0, 2, 0))),
		chromedp.SetValue(chromedp.CSS("#mobility-form-funding"), "partner"),
	)
	college.navigate("record the mobility", chromedp.Click(chromedp.CSS(`#mobility-form button[type="submit"]`)))
	college.do("wait for the list", chromedp.WaitVisible(chromedp.CSS("#mobility")))
	if s := college.text("#mobility tbody"); !strings.Contains(s, r.aigerim.Name.Last) || !strings.Contains(s, "Оренбургский колледж энергетики") {
		t.Errorf("the mobility list reads %q", s)
	}
	college.fitsWidth("the mobility list")
	college.screenshot("international.mobility.phone.ru.png")

	// The department's cross-border page.
	dept := newTab(t, browser, r.app.URL)
	dept.signIn(r.users[domain.RoleRegion].Login, "ru", "/international/russia")
	dept.do("wait for the matrix", chromedp.WaitVisible(chromedp.CSS("#russia-matrix")))
	orenburg := evalString(dept, `(() => { const h = [...document.querySelectorAll("#russia-matrix thead th")].map(th => th.textContent.trim());
		const i = h.indexOf("Оренбургская область"); return i < 0 ? "no column" : document.querySelector("#russia-matrix tbody tr").children[i].textContent.trim(); })()`)
	if orenburg != "1 согл. · 1 выезд · 0 въезд" {
		t.Errorf("the Orenburg cell reads %q", orenburg)
	}
	if s := dept.text("#russia-agreements"); !strings.Contains(s, "Оренбургский колледж энергетики") || !strings.Contains(s, "Академическая мобильность") {
		t.Errorf("the agreements with Russia read %q", s)
	}
	if s := dept.text("#russia-figures"); !strings.HasPrefix(s, "1") {
		t.Errorf("the figures read %q", s)
	}
	dept.screenshot("international.russia.ru.png")
}
