package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestRoundJourney is the journey of issue 5 in headless Chromium. Әлия,
// on a 375 px phone in Kazakh, opens the Almaty round from the rounds
// list, adds offer Y and then offer X to her list and moves X to the top
// with the form's buttons; Тимур, with the higher academic average, has
// ranked X already. The regional department, in Russian, runs the round
// and publishes it, each step behind its confirmation. Әлия reads that she
// was placed at her second choice and, in words, why not at the first:
// X's cutoff against her own score; she accepts and lands on her draft
// agreement. No page is wider than the phone. Screenshots go to the
// artifacts folder; a missing Chromium fails the test.
func TestRoundJourney(t *testing.T) {
	// Not parallel, like TestBrowser: Chromium needs the cores.
	r := newRegistry(t, testkit.DSN(t))
	sc := r.roundScene(t)
	rd := r.openRound(t, "Алматы, 2026–27, негізгі тур")
	if err := r.app.Store.SetChoices(context.Background(), rd.ID, sc.rival.ID, []int64{sc.x.ID}); err != nil {
		t.Fatal(err)
	}
	self := "/rounds/" + itoa(rd.ID)
	browser := startChromium(t)

	// Әлия ranks on her phone.
	student := newTab(t, browser, r.app.URL)
	student.do("phone viewport", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile, chromedp.EmulateTouch))
	student.signIn(sc.heroUser.Login, "kk", "/rounds")
	student.do("wait for the rounds", chromedp.WaitVisible(chromedp.CSS("#results")))
	if h1 := student.text("h1"); h1 != "Бөлу турлары" {
		t.Fatalf("the rounds page's heading is %q", h1)
	}
	student.fitsWidth("the rounds list")
	student.navigate("open the round", chromedp.Click(chromedp.CSS(`#results a[href="`+self+`"]`)))
	add := func(o domain.Offer) string { return `#results button[name="add"][value="` + itoa(o.ID) + `"]` }
	student.do("wait for the offers", chromedp.WaitVisible(chromedp.CSS(add(sc.x))))
	if n := student.count(`#results tbody tr`); n != 2 {
		t.Errorf("the student may rank %d offers, want X and Y", n)
	}
	student.fitsWidth("the round's offers")
	student.screenshot("round.offers.phone.kk.png")
	student.navigate("add Y", chromedp.Click(chromedp.CSS(add(sc.y))))
	student.do("wait for the list", chromedp.WaitVisible(chromedp.CSS(add(sc.x))))
	if flash := student.text(".flash"); flash != "Тізіміңізге қосылды; тізім сақталды." {
		t.Errorf("after adding, the page says %q", flash)
	}
	student.navigate("add X", chromedp.Click(chromedp.CSS(add(sc.x))))
	student.do("wait for the list", chromedp.WaitVisible(chromedp.CSS(`#ranking button[name="up"][value="`+itoa(sc.x.ID)+`"]`)))
	student.navigate("move X up", chromedp.Click(chromedp.CSS(`#ranking button[name="up"][value="`+itoa(sc.x.ID)+`"]`)))
	student.do("wait for the list", chromedp.WaitVisible(chromedp.CSS("#ranking tbody")))
	first, second := student.text("#ranking tbody tr:nth-child(1) td.primary"), student.text("#ranking tbody tr:nth-child(2) td.primary")
	if !strings.Contains(first, sc.x.Enterprise.KK) || !strings.Contains(second, sc.y.Enterprise.KK) {
		t.Fatalf("the list reads\n1. %s\n2. %s\nwant X (%s) first and Y second", first, second, sc.x.Enterprise.KK)
	}
	if got := ranked(r.result(t, rd.ID, sc.hero.ID)); len(got) != 2 || got[0] != sc.x.ID || got[1] != sc.y.ID {
		t.Fatalf("the saved list is %v", got)
	}
	// The controls are big enough for a thumb.
	if !student.eval(`[...document.querySelectorAll('#ranking button[name="up"], #ranking button[name="down"]')].every(b => b.getBoundingClientRect().height >= 40)`) {
		t.Error("the list's buttons are smaller than a finger")
	}
	student.fitsWidth("the list")
	student.screenshot("round.list.phone.kk.png")

	// The department runs the round and publishes it.
	organiser := newTab(t, browser, r.app.URL)
	organiser.signIn(r.users[domain.RoleRegion].Login, "ru", self)
	organiser.do("wait for the steps", chromedp.WaitVisible(chromedp.CSS(".steps details.confirm summary")))
	organiser.do("open the confirmation", chromedp.Click(chromedp.CSS(`.steps details.confirm summary`)))
	organiser.do("read it", chromedp.WaitVisible(chromedp.CSS(`.steps form[action$="/run"] button`)))
	if confirm := organiser.text(".steps details.confirm p"); !strings.Contains(confirm, "студенты больше не смогут их менять") {
		t.Errorf("the run's confirmation says %q", confirm)
	}
	organiser.screenshot("round.run.confirm.ru.png")
	organiser.navigate("run", chromedp.Click(chromedp.CSS(`.steps form[action$="/run"] button`)))
	organiser.do("wait for the message", chromedp.WaitVisible(chromedp.CSS(".flash")))
	if flash := organiser.text(".flash"); flash != "Распределение проведено. Проверьте результат и опубликуйте его." {
		t.Errorf("after the run the page says %q", flash)
	}
	if cutoff := organiser.text(`#results`); !strings.Contains(cutoff, strconv.Itoa(rivalScore)+" (жребий ") {
		t.Errorf("the offers after the run lack X's cutoff:\n%s", cutoff)
	}
	organiser.screenshot("round.allocated.ru.png")
	organiser.do("open the confirmation", chromedp.Click(chromedp.CSS(`.steps details.confirm:has(form[action$="/publish"]) summary`)))
	organiser.do("read it", chromedp.WaitVisible(chromedp.CSS(`.steps form[action$="/publish"] button`)))
	organiser.navigate("publish", chromedp.Click(chromedp.CSS(`.steps form[action$="/publish"] button`)))
	organiser.do("wait for the message", chromedp.WaitVisible(chromedp.CSS(".flash")))
	if flash := organiser.text(".flash"); flash != "Результаты опубликованы." {
		t.Errorf("after publishing the page says %q", flash)
	}

	// Әлия reads where she was placed and why not higher, and accepts.
	student.open(self)
	student.do("wait for the result", chromedp.WaitVisible(chromedp.CSS("#my-result")))
	if headline := student.text(".outcome-headline"); headline != "Сіз № 2 таңдауыңызға орналастырылдыңыз." {
		t.Errorf("the result says %q", headline)
	}
	lottery := strconv.Itoa(r.result(t, rd.ID, sc.rival.ID).Lottery)
	why := student.text("#my-result .why li")
	want := "Өту балы " + strconv.Itoa(rivalScore) + " (жеребе " + lottery + ") — сіздің балыңыз " + strconv.Itoa(heroScore) +
		". Орындарды балы жоғары студенттер алды."
	if !strings.Contains(why, sc.x.Enterprise.KK) || !strings.Contains(why, want) {
		t.Errorf("why not at X reads\n%s\nwant it to name X's enterprise and say %q", why, want)
	}
	student.fitsWidth("the result")
	student.screenshot("round.result.phone.kk.png")
	student.navigate("accept", chromedp.Click(chromedp.CSS(`#my-result form[action$="/accept"] button`)))
	student.do("wait for the agreement", chromedp.WaitVisible(chromedp.CSS(".flash")))
	if flash := student.text(".flash"); flash != "Сіз орынды қабылдадыңыз. Міне, шартыңыздың жобасы." {
		t.Errorf("after accepting the page says %q", flash)
	}
	loc, err := chromedp.Run(student.ctx, chromedp.Location())
	res := r.result(t, rd.ID, sc.hero.ID)
	if err != nil || res.AgreementID == 0 || !strings.HasSuffix(loc, "/agreements/"+itoa(res.AgreementID)) {
		t.Fatalf("after accepting the browser is at %q (%v); the placement is %+v", loc, err, res)
	}
	student.fitsWidth("the draft agreement")
	student.screenshot("round.accepted.agreement.phone.kk.png")
}
