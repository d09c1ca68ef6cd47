package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// chromiumPath is the browser the tests drive; DUALTRACK_CHROMIUM overrides
// the Debian location.
func chromiumPath() string {
	if p := os.Getenv("DUALTRACK_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// startChromium starts a headless Chromium for the test and returns the
// browser's context, which newTab opens tabs in; the browser stops when
// the test ends. A missing Chromium fails the test: it is never skipped.
// The browser asks for English, so a switch to another language is
// visible.
func startChromium(t *testing.T) context.Context {
	t.Helper()
	chromium := chromiumPath()
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("the browser tests need Chromium at %s (%v): install it with "+
			"`apt-get install -y chromium fonts-dejavu-core fonts-noto-core`, or set DUALTRACK_CHROMIUM to its path", chromium, err)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	// The first run starts the browser and must not carry a timeout, which
	// would stop the browser with it.
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return browser
}

// tab is one browser tab with a cookie jar of its own, so that a student,
// a mentor and a coordinator are signed in side by side; its methods fail
// the test with what they were doing.
type tab struct {
	t    *testing.T
	ctx  context.Context
	dir  string // where screenshots go
	base string
}

// newTab opens a tab in a fresh browser context of browser; screenshots go
// to the artifacts folder.
func newTab(t *testing.T, browser context.Context, base string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The first run opens the tab and must not carry the deadline, which
	// would close the tab with it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	// One deadline for all the tab's steps: long enough for a journey on
	// a busy machine, short enough that a page that never comes fails.
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel)
	return &tab{t: t, ctx: ctx, dir: testkit.ArtifactsDir(t), base: base}
}

func (b *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// navigate runs an action that loads a page (a click on a link or a
// button) and waits for the page.
func (b *tab) navigate(what string, action chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, action)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	if resp.Status >= 400 {
		b.t.Fatalf("%s: status %d", what, resp.Status)
	}
}

func (b *tab) open(path string) {
	b.t.Helper()
	b.navigate("open "+path, chromedp.Navigate(b.base+path))
}

func (b *tab) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func (b *tab) eval(expr string) bool {
	b.t.Helper()
	ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return ok
}

// count is the number of elements sel matches.
func (b *tab) count(sel string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+strconv.Quote(sel)+`).length`))
	if err != nil {
		b.t.Fatalf("count %s: %v", sel, err)
	}
	return n
}

func (b *tab) screenshot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, name), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// signIn signs in on the sign-in page that returns to next, after choosing
// the page's language with the switcher.
func (b *tab) signIn(login, lang, next string) {
	b.t.Helper()
	b.open("/signin?next=" + next)
	b.navigate("switch to "+lang, chromedp.Click(chromedp.CSS(`.langs button[value="`+lang+`"]`)))
	b.do("wait for the form", chromedp.WaitReady(chromedp.CSS(`html[lang="`+lang+`"]`)), chromedp.WaitVisible(chromedp.CSS("#login")))
	b.do("type the login and password", chromedp.SendKeys(chromedp.CSS("#login"), login),
		chromedp.SendKeys(chromedp.CSS("#password"), testkit.Password))
	b.navigate("sign in as "+login, chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	b.do("wait for the signed-in page", chromedp.WaitVisible(chromedp.CSS(".who .me")))
}

// fitsWidth fails if the page is wider than the viewport.
func (b *tab) fitsWidth(page string) {
	b.t.Helper()
	if b.eval(`document.documentElement.scrollWidth > window.innerWidth`) {
		b.t.Errorf("%s is wider than the screen", page)
	}
}

// TestBrowser uses the product in headless Chromium as a person would: the
// home page, the switch to Kazakh, signing in as the Almaty college's
// coordinator, the students list (only that college's), a search typed into
// the box (htmx swaps the results without reloading the page), the
// student's page with their personal data, and another college's student
// asked for by URL, which is not found. It saves full-page screenshots, one
// of them on a phone sized viewport, for a person to look at. A missing
// Chromium fails the test: it is never skipped.
func TestBrowser(t *testing.T) {
	// Not parallel: Chromium needs the machine's cores to keep to its
	// deadlines, and runs before the parallel tests start.
	r := newRegistry(t, testkit.DSN(t))
	b := newTab(t, startChromium(t), r.app.URL)

	// The home page comes in the browser's language.
	b.do("open the home page", chromedp.Navigate(r.app.URL+"/"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if h1 := b.text("h1"); h1 != "Dual training registry" {
		t.Fatalf("home page heading %q, want the English one", h1)
	}

	// The switcher remembers Kazakh and brings the browser back home.
	b.navigate("switch to Kazakh", chromedp.Click(chromedp.CSS(`.langs button[value="kk"]`)))
	b.do("wait for Kazakh", chromedp.WaitReady(chromedp.CSS(`html[lang="kk"]`)), chromedp.WaitVisible(chromedp.CSS("h1")))
	if h1 := b.text("h1"); h1 != "Дуалды оқыту тізілімі" {
		t.Fatalf("after the switch the heading is %q, want Kazakh", h1)
	}
	b.screenshot("home.kk.png")

	// The public sees no students: the navigation offers to sign in.
	if n := b.count(`.nav a[href="/students"]`); n != 0 {
		t.Fatalf("the public's navigation links to the students (%d links)", n)
	}
	b.navigate("open the sign-in page", chromedp.Click(chromedp.CSS(`.who a.signin`)))
	b.do("wait for the form", chromedp.WaitVisible(chromedp.CSS("#login")))
	if h1 := b.text("h1"); h1 != "Кіру" {
		t.Fatalf("sign-in heading %q, want Кіру", h1)
	}
	coordinator := r.users[domain.RoleCollege]
	b.do("type the login and password", chromedp.SendKeys(chromedp.CSS("#login"), coordinator.Login),
		chromedp.SendKeys(chromedp.CSS("#password"), testkit.Password))
	b.screenshot("signin.kk.png")
	b.navigate("sign in", chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	b.do("wait for the signed-in page", chromedp.WaitVisible(chromedp.CSS(".who .me")))
	if me := b.text(".who .me"); me != coordinator.Name {
		t.Fatalf("signed in as %q, want %q", me, coordinator.Name)
	}

	// To the students through the navigation: the college's 20 only.
	b.navigate("open the students", chromedp.Click(chromedp.CSS(`.nav a[href="/students"]`)))
	b.do("wait for the list", chromedp.WaitVisible(chromedp.CSS("#f-q")))
	if h1, summary := b.text("h1"), b.text(".summary"); h1 != "Студенттер" || !strings.Contains(summary, "20 студент") {
		t.Fatalf("students page: heading %q, summary %q", h1, summary)
	}
	if results := b.text("#results"); strings.Contains(results, "Астана") || !strings.Contains(results, "Алматы политехникалық колледжі") {
		t.Fatalf("the coordinator's list shows another college or not theirs:\n%s", results)
	}
	b.screenshot("students.coordinator.kk.png")

	// Typing swaps only the results: a marker set on the page survives,
	// which it would not if the browser had loaded a new page.
	b.eval(`window.stillHere = true`)
	b.do("type a name", chromedp.SendKeys(chromedp.CSS("#f-q"), "Әбілқас"))
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](
		`document.querySelectorAll('#results tbody tr').length === 1 && `+
			`document.querySelector('#results tbody').textContent.includes('Әбілқасымова Айгерім')`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("the results did not narrow to the student: %v", err)
	}
	if !b.eval(`window.stillHere === true`) {
		t.Fatal("the search reloaded the page instead of swapping the results")
	}
	// The address is the bookmarkable URL of the search.
	if loc, err := chromedp.Run(b.ctx, chromedp.Location()); err != nil || !strings.Contains(loc, "/students?q=") {
		t.Fatalf("address after the search: %q, %v", loc, err)
	}
	b.screenshot("students.search.kk.png")

	// The student's page, in Kazakh: the coordinator works with the
	// student and sees the personal data in full.
	b.navigate("open the student", chromedp.Click(chromedp.CSS(`#results tbody td.primary a`)))
	b.do("wait for the student", chromedp.WaitVisible(chromedp.CSS("h1")))
	main := b.text("main")
	for _, want := range []string{
		"Әбілқасымова Айгерім",
		"ЖСН", r.aigerim.IIN,
		"Туған күні", "15.03.2007", r.aigerim.Phone,
		"Алматы политехникалық колледжі",
		"Бағдарламалық қамтамасыз етуді әзірлеуші",
		"Мемлекеттік білім беру тапсырысы",
		"Дуалды оқыту", "«Алматы Энерго Сервис» ЖШС",
	} {
		if !strings.Contains(main, want) {
			t.Errorf("the student's page does not show %q; it shows:\n%s", want, main)
		}
	}
	b.screenshot("student.kk.png")

	// Another college's student, asked for by URL: not found, and nothing
	// of them on the page.
	astanaStudent := r.students[25]
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Navigate(r.app.URL+"/students/"+strconv.FormatInt(astanaStudent.ID, 10)))
	if err != nil {
		t.Fatalf("open another college's student: %v", err)
	}
	if resp.Status != 404 {
		t.Errorf("another college's student: status %d, want 404", resp.Status)
	}
	b.do("wait for the 404 page", chromedp.WaitVisible(chromedp.CSS("h1")))
	if h1, main := b.text("h1"), b.text("main"); h1 != "Бет табылмады" || strings.Contains(main, astanaStudent.Name.Last) {
		t.Errorf("another college's student: heading %q; page:\n%s", h1, main)
	}
	b.screenshot("student.other-college.kk.png")

	// The coordinator's own pages, for a person to look at.
	for _, pg := range []struct{ path, file string }{
		{"/account", "account.kk.png"},
		{"/admin/users/new", "user.new.kk.png"},
		{"/audit", "audit.kk.png"},
	} {
		b.do("open "+pg.path, chromedp.Navigate(r.app.URL+pg.path), chromedp.WaitVisible(chromedp.CSS("h1")))
		b.screenshot(pg.file)
	}

	// A phone: the list must fit the width, its rows turned into cards. Ten
	// rows show the pagination too; at scale 1 the full-page PNG takes a
	// second rather than seven.
	b.do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(r.app.URL+"/students?per_page=10"), chromedp.WaitVisible(chromedp.CSS("#results")))
	b.fitsWidth("the students list on a 390 px phone")
	b.screenshot("students.phone.png")
}
