package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestObligationJourney is the work obligation of issue 7 in headless
// Chromium. Дәулетова Әсел, on a targeted-training contract with Energo,
// graduated five months ago; the obligations' clock made her obligation
// pending. Energo's HR, in Russian, finds her in the alerts and records
// her start of work; the college's coordinator, in Kazakh on a 375 px
// phone, records that she was called up for military service; HR records
// her return to work before the service's end (discharged on health
// grounds). The state, the days served and the history follow each step,
// and the college's alerts tell of every change. No page is wider than the
// phone. A missing Chromium fails the test.
func TestObligationJourney(t *testing.T) {
	// Not parallel, like TestBrowser: Chromium needs the cores.
	r := newRegistry(t, testkit.DSN(t))
	tf := r.targetedFixture(t)
	ctx := context.Background()
	today := domain.DateInKazakhstan(time.Now())
	graduated := today.AddDate(0, 0, -150)
	if _, err := r.app.Store.GraduateGroup(ctx, r.groupA.ID, graduated); err != nil {
		t.Fatal(err)
	}
	if _, err := r.app.Store.SweepObligations(ctx, graduated.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	contract := "/targeted/contracts/" + itoa(tf.contract.ID)
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	browser := startChromium(t)

	// HR finds the graduate in the alerts and records her start of work.
	hr := newTab(t, browser, r.app.URL)
	hr.signIn(r.users[domain.RoleEnterprise].Login, "ru", "/alerts")
	hr.do("wait for the alerts", chromedp.WaitVisible(chromedp.CSS("#alerts")))
	if text := hr.text("#alerts tbody tr:first-child"); !strings.Contains(text, "Дәулетова Әсел") || !strings.Contains(text, "Ожидает выхода на работу") {
		t.Fatalf("the first alert reads %q", text)
	}
	hr.navigate("open the contract", chromedp.Click(chromedp.CSS(`#alerts a[href="`+contract+`"]`)))
	hr.do("record the start of work", chromedp.WaitVisible(chromedp.CSS("#obligation-form")),
		chromedp.SetValue(chromedp.CSS("#to"), "working"), chromedp.SetValue(chromedp.CSS("#on"), day(graduated.AddDate(0, 0, 15))))
	hr.navigate("save", chromedp.Click(chromedp.CSS(`#obligation-form button[type="submit"]`)))
	hr.do("wait for the contract", chromedp.WaitVisible(chromedp.CSS("#obligation-state")))
	if state := hr.text("#obligation-state"); state != "Работает" {
		t.Fatalf("after the start of work the state is %q", state)
	}

	// The college, on a phone, records the call-up.
	college := newTab(t, browser, r.app.URL)
	college.do("phone viewport", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile, chromedp.EmulateTouch))
	college.signIn(r.users[domain.RoleCollege].Login, "kk", "/targeted/contracts?state=working")
	college.do("wait for the contracts", chromedp.WaitVisible(chromedp.CSS("#contracts")))
	college.fitsWidth("the contracts")
	college.navigate("open the contract", chromedp.Click(chromedp.CSS(`#contracts a[href="`+contract+`"]`)))
	calledUp := graduated.AddDate(0, 0, 55)
	college.do("record the call-up", chromedp.WaitVisible(chromedp.CSS("#obligation-form")),
		chromedp.SetValue(chromedp.CSS("#to"), "deferred"), chromedp.SetValue(chromedp.CSS("#on"), day(calledUp)),
		chromedp.SetValue(chromedp.CSS("#reason"), "military_service"),
		chromedp.SetValue(chromedp.CSS("#until"), day(calledUp.AddDate(1, 0, 0))),
		chromedp.SendKeys(chromedp.CSS("#note"), "Мерзімді әскери қызметке шақырылды"))
	college.navigate("save", chromedp.Click(chromedp.CSS(`#obligation-form button[type="submit"]`)))
	college.do("wait for the contract", chromedp.WaitVisible(chromedp.CSS("#obligation-state")))
	if state := college.text("#obligation-state"); state != "Кейінге қалдырылды" {
		t.Fatalf("after the call-up the state is %q", state)
	}
	if facts := college.text("#obligation-facts"); !strings.Contains(facts, "Әскери қызмет") {
		t.Errorf("the obligation's facts read %q", facts)
	}
	college.fitsWidth("the deferred contract")
	college.screenshot("obligation.deferred.phone.kk.png")

	// HR records her back at work.
	hr.open(contract)
	hr.do("record the return", chromedp.WaitVisible(chromedp.CSS("#obligation-form")),
		chromedp.SetValue(chromedp.CSS("#to"), "working"), chromedp.SetValue(chromedp.CSS("#on"), day(today.AddDate(0, 0, -2))),
		chromedp.SendKeys(chromedp.CSS("#note"), "Комиссован по состоянию здоровья, вернулся на участок"))
	hr.navigate("save", chromedp.Click(chromedp.CSS(`#obligation-form button[type="submit"]`)))
	hr.do("wait for the contract", chromedp.WaitVisible(chromedp.CSS("#obligation-state")))
	if state := hr.text("#obligation-state"); state != "Работает" {
		t.Fatalf("after the return the state is %q", state)
	}
	if n := hr.count("#obligation-history tbody tr"); n != 5 {
		t.Errorf("the history has %d changes, want signed, pending, working, deferred, working", n)
	}
	served := 55 - 15 + 2 // at work from day 15 to day 55, and the two days since the return
	if text := hr.text("#obligation-served"); !strings.Contains(text, "Отработано "+itoa(int64(served))+" из 1") {
		t.Errorf("the days served read %q, want %d", text, served)
	}
	hr.screenshot("obligation.back.ru.png")

	// The college's alerts tell of every change.
	college.open("/alerts")
	college.do("wait for the alerts", chromedp.WaitVisible(chromedp.CSS("#alerts")))
	if n := college.count("#alerts tbody tr"); n != 4 {
		t.Errorf("the college has %d alerts, want pending, working, deferred, working", n)
	}
	college.fitsWidth("the alerts")
	college.screenshot("obligation.alerts.phone.kk.png")
}
