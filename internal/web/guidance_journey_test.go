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

// TestGuidanceJourney takes the interest test in headless Chromium on a
// 375 px phone in Kazakh, as a pupil in Almaty would: taps an answer for
// every item page by page, reloads mid-test and goes back to find the
// answers kept, finishes, and reads the results. The recommendations on
// the page must be those the store computes for the same scores and city,
// in the same order. No page is wider than the phone; screenshots go to
// the artifacts folder.
func TestGuidanceJourney(t *testing.T) {
	// Not parallel, like TestBrowser: Chromium needs the cores.
	r := newRegistry(t, testkit.DSN(t))
	r.guidanceFixture(t)
	browser := startChromium(t)
	pupil := newTab(t, browser, r.app.URL)
	pupil.do("phone viewport", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile, chromedp.EmulateTouch))
	pupil.open("/guidance")
	pupil.navigate("switch to Kazakh", chromedp.Click(chromedp.CSS(`.langs button[value="kk"]`)))
	pupil.do("wait for the intro", chromedp.WaitReady(chromedp.CSS(`html[lang="kk"]`)), chromedp.WaitVisible(chromedp.CSS("#city_id")))
	if h1 := pupil.text("h1"); h1 != "Саған қай мамандық лайық?" {
		t.Fatalf("the intro's heading is %q", h1)
	}
	if s := pupil.text(".guidance-notice"); !strings.Contains(s, "O*NET is a trademark of DOL/ETA") {
		t.Errorf("the notice reads %q", s)
	}
	pupil.fitsWidth("the intro")
	pupil.do("choose Almaty", chromedp.SetValue(chromedp.CSS("#city_id"), "1"))
	pupil.navigate("start", chromedp.Click(chromedp.CSS(`form[action="/guidance/start"] button[type="submit"]`)))

	// A pupil of things and ideas: realistic, investigative, then
	// conventional.
	perArea := [6]int{4, 3, 0, 1, 1, 2}
	answerPage := func(page int) {
		t.Helper()
		pupil.do("wait for page "+strconv.Itoa(page), chromedp.WaitVisible(chromedp.CSS(".guidance-item")))
		if n := pupil.count(".guidance-item"); n != domain.ItemsPerPage {
			t.Fatalf("page %d shows %d items", page, n)
		}
		for p := (page - 1) * domain.ItemsPerPage; p < page*domain.ItemsPerPage; p++ {
			i := domain.ItemAtPosition(p)
			sel := `input[name="` + domain.ItemID(i) + `"][value="` + strconv.Itoa(perArea[i/domain.ItemsPerArea]) + `"]`
			pupil.do("tap an answer", chromedp.Click(chromedp.CSS(sel)))
		}
		pupil.fitsWidth("page " + strconv.Itoa(page))
	}
	answerPage(1)
	if s := pupil.text("#item-R01 legend"); s != "1. Ас үй шкафтарын жасау" {
		t.Errorf("the first item reads %q", s)
	}
	pupil.screenshot("guidance.page1.phone.kk.png")
	pupil.navigate("next", chromedp.Click(chromedp.CSS(`.guidance-actions button[value="2"]`)))
	answerPage(2)
	pupil.navigate("next", chromedp.Click(chromedp.CSS(`.guidance-actions button[value="3"]`)))
	// A reload and the back button: page 2's answers are there.
	pupil.navigate("reload", chromedp.Reload())
	pupil.do("wait for page 3", chromedp.WaitVisible(chromedp.CSS(".guidance-item")))
	if s := pupil.text(".guidance-progress-text"); !strings.Contains(s, "60 сұрақтың 20-іне") {
		t.Errorf("after the reload the progress reads %q", s)
	}
	pupil.navigate("back", chromedp.Click(chromedp.CSS(`.guidance-actions button[value="2"]`)))
	pupil.do("wait for page 2", chromedp.WaitVisible(chromedp.CSS(".guidance-item")))
	if n := pupil.count(".guidance-item input:checked"); n != domain.ItemsPerPage {
		t.Errorf("back on page 2, %d answers are checked, want 10", n)
	}
	pupil.navigate("next", chromedp.Click(chromedp.CSS(`.guidance-actions button[value="3"]`)))
	for page := 3; page <= domain.GuidancePages; page++ {
		answerPage(page)
		if page < domain.GuidancePages {
			pupil.navigate("next", chromedp.Click(chromedp.CSS(`.guidance-actions button[value="`+strconv.Itoa(page+1)+`"]`)))
		}
	}
	pupil.navigate("finish", chromedp.Click(chromedp.CSS(`.guidance-actions button[value="finish"]`)))
	pupil.do("wait for the results", chromedp.WaitVisible(chromedp.CSS("#guidance-code")))
	if code := pupil.text("#guidance-code"); code != "RIC" {
		t.Errorf("the code is %q, want RIC", code)
	}
	pupil.fitsWidth("the results")
	pupil.screenshot("guidance.results.phone.kk.png")

	recs, err := r.app.Store.GuidanceRecommendations(context.Background(), domain.Scores{40, 30, 0, 10, 10, 20}, 1)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, rec := range recs {
		want = append(want, rec.Code)
	}
	got := evalString(pupil, `[...document.querySelectorAll("#recommendations > li")].map(li => li.dataset.code).join(",")`)
	if got != strings.Join(want, ",") || len(want) == 0 {
		t.Fatalf("the page recommends %q, the store %q", got, strings.Join(want, ","))
	}
	first := evalString(pupil, `document.querySelector("#recommendations > li .guidance-rec-name").textContent`)
	if first != recs[0].Name.KK {
		t.Errorf("the first recommendation reads %q, want %q", first, recs[0].Name.KK)
	}
	college := evalString(pupil, `document.querySelector("#recommendations > li .guidance-colleges li").textContent`)
	if c := recs[0].Colleges; len(c) == 0 || !strings.Contains(college, c[0].Name.KK) {
		t.Errorf("the nearest college reads %q", college)
	}
}
