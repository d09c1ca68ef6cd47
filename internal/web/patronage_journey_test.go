package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestPatronageJourney is the patronage journey of issue 7 in headless
// Chromium. The Almaty education department, in Russian, records a
// memorandum between Energo and the Almaty college, signed a year ago for
// two years, with two lathes and ten practice places: a year in, one lathe
// is due, so the equipment is behind. Energo's HR, on a 375 px phone in
// Kazakh, reports the delivery of a lathe with the act of acceptance and
// its scan: the commitment is on track. The national patronage page
// counts the new patron and college and the equipment delivered. No page
// is wider than the phone; screenshots go to the artifacts folder.
func TestPatronageJourney(t *testing.T) {
	// Not parallel, like TestBrowser: Chromium needs the cores.
	r := newRegistry(t, testkit.DSN(t))
	browser := startChromium(t)
	today := time.Now().In(time.FixedZone("UTC+5", 5*3600))
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	scan := filepath.Join(t.TempDir(), "akt-17.png")
	if err := os.WriteFile(scan, scanPNG(t), 0o644); err != nil {
		t.Fatal(err)
	}

	// The department looks at the national figures, then records.
	dept := newTab(t, browser, r.app.URL)
	dept.signIn(r.users[domain.RoleRegion].Login, "ru", "/patronage")
	dept.do("wait for the figures", chromedp.WaitVisible(chromedp.CSS("h1")))
	if h1 := dept.text("h1"); h1 != "Шефство над колледжами" {
		t.Fatalf("the patronage page's heading is %q", h1)
	}
	if dept.count("#patronage-figures") != 0 {
		t.Fatal("figures before any memorandum")
	}
	dept.navigate("open the form", chromedp.Click(chromedp.CSS(`.page-head a.button[href="/memoranda/new"]`)))
	dept.do("fill in the memorandum",
		chromedp.WaitVisible(chromedp.CSS("#number")),
		chromedp.SendKeys(chromedp.CSS("#number"), "МШ-75/2026-1"),
		chromedp.SetValue(chromedp.CSS("#college_id"), itoa(r.almaty.ID)),
		chromedp.SendKeys(chromedp.CSS("#enterprise_bin"), r.energo.BIN),
		chromedp.SetValue(chromedp.CSS("#signed_on"), day(today.AddDate(-1, 0, -10))),
		chromedp.SetValue(chromedp.CSS("#starts_on"), day(today.AddDate(-1, 0, 0))),
		chromedp.SetValue(chromedp.CSS("#ends_on"), day(today.AddDate(1, 0, 0))),
		chromedp.SetValue(chromedp.CSS("#c0_kind"), "equipment"),
		chromedp.SendKeys(chromedp.CSS("#c0_description"), "Токарный станок с ЧПУ"),
		chromedp.SendKeys(chromedp.CSS("#c0_quantity"), "2"),
		chromedp.SendKeys(chromedp.CSS("#c0_value"), "24000000"),
		chromedp.SetValue(chromedp.CSS("#c1_kind"), "practice_places"),
		chromedp.SendKeys(chromedp.CSS("#c1_description"), "Электромонтёр"),
		chromedp.SendKeys(chromedp.CSS("#c1_quantity"), "10"),
	)
	dept.screenshot("patronage.form.ru.png")
	dept.navigate("record the memorandum", chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	dept.do("wait for the memorandum", chromedp.WaitVisible(chromedp.CSS("#commitments")))
	if flash := dept.text(".flash"); flash != "Меморандум зарегистрирован." {
		t.Errorf("after recording, the page says %q", flash)
	}
	lathe := "#commitments tbody tr:nth-child(1) .commitment-state"
	if s := dept.text(lathe); s != "Отстаёт" {
		t.Fatalf("a year into two with no lathe delivered, the equipment is %q", s)
	}
	memo := evalString(dept, `location.pathname`)

	// Energo reports the lathe on a phone.
	hr := newTab(t, browser, r.app.URL)
	hr.do("phone viewport", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile, chromedp.EmulateTouch))
	hr.signIn(r.users[domain.RoleEnterprise].Login, "kk", "/memoranda")
	hr.do("wait for the list", chromedp.WaitVisible(chromedp.CSS("#memoranda")))
	hr.fitsWidth("the enterprise's memoranda")
	hr.navigate("open the memorandum", chromedp.Click(chromedp.CSS(`#memoranda a[href="`+memo+`"]`)))
	hr.do("wait for the report form", chromedp.WaitVisible(chromedp.CSS("#commitment_id")))
	if s := hr.text(lathe); s != "Кешігуде" {
		t.Errorf("the enterprise sees the equipment %q", s)
	}
	hr.fitsWidth("the memorandum")
	hr.do("fill in the report",
		chromedp.SetValue(chromedp.CSS("#commitment_id"), strings.TrimPrefix(evalString(hr, `document.querySelector("#commitments tbody tr").id`), "commitment-")),
		chromedp.SetValue(chromedp.CSS("#quantity"), "1"),
		chromedp.SendKeys(chromedp.CSS("#value"), "12000000"),
		chromedp.SendKeys(chromedp.CSS("#document"), "Қабылдау-тапсыру актісі № 17"),
		chromedp.SetUploadFiles(chromedp.CSS("#evidence"), []string{scan}),
	)
	hr.navigate("report the delivery", chromedp.Click(chromedp.CSS(`form[enctype="multipart/form-data"] button[type="submit"]`)))
	hr.do("wait for the memorandum", chromedp.WaitVisible(chromedp.CSS("#commitments")))
	if flash := hr.text(".flash"); flash != "Жеткізілім туралы хабар қабылданды." {
		t.Errorf("after reporting, the page says %q", flash)
	}
	if s := hr.text(lathe); s != "Кесте бойынша" {
		t.Errorf("after a lathe is delivered, the equipment is %q", s)
	}
	if n := hr.count(`a[href$="/evidence"]`); n != 1 {
		t.Errorf("%d evidence links after the report, want 1", n)
	}
	hr.fitsWidth("the memorandum after the report")
	hr.screenshot("patronage.memorandum.phone.kk.png")

	// The national figures follow.
	dept.open("/patronage")
	dept.do("wait for the figures", chromedp.WaitVisible(chromedp.CSS("#patronage-figures")))
	values := []string{dept.text("#patronage-figures li:nth-child(1) .stat-value"), dept.text("#patronage-figures li:nth-child(2) .stat-value"),
		dept.text("#patronage-figures li:nth-child(3) .stat-value")}
	if values[0] != "1" || values[1] != "1" || !strings.HasPrefix(values[2], "12") {
		t.Errorf("national figures: patrons %q, colleges %q, equipment delivered %q; want 1, 1 and 12 million", values[0], values[1], values[2])
	}
	if s := dept.text("#patronage-equipment"); !strings.Contains(s, "12") || !strings.Contains(s, "24") {
		t.Errorf("the equipment in tenge reads %q", s)
	}
	dept.screenshot("patronage.national.ru.png")
}

// evalString is the string value of a JavaScript expression in the tab.
func evalString(b *tab, expr string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return s
}
