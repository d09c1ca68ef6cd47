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

// chromiumPath is the browser the test drives; DUALTRACK_CHROMIUM overrides
// the Debian location.
func chromiumPath() string {
	if p := os.Getenv("DUALTRACK_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// artifactsDir is where screenshots go: $DUALTRACK_ARTIFACTS, or the
// repository's artifacts/ folder (gitignored), so a person can look at what
// the test saw.
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DUALTRACK_ARTIFACTS")
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		root := wd
		for {
			if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
				break
			}
			parent := filepath.Dir(root)
			if parent == root {
				t.Fatalf("no go.mod above %s; set DUALTRACK_ARTIFACTS", wd)
			}
			root = parent
		}
		dir = filepath.Join(root, "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
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
	chromium := chromiumPath()
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("the browser test needs Chromium at %s (%v): install it with "+
			"`apt-get install -y chromium fonts-dejavu-core fonts-noto-core`, or set DUALTRACK_CHROMIUM to its path", chromium, err)
	}
	r := newRegistry(t, testkit.SQLitePath(t))
	dir := artifactsDir(t)

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
		// The browser asks for English, so the switch to Kazakh is visible.
		chromedp.Flag("lang", "en-US"),
		chromedp.WindowSize(1280, 900),
	)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	// The first run starts the browser and must not carry a timeout, which
	// would stop the browser with it; later steps share a deadline.
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(browser, 30*time.Second)
	defer cancel()

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	navigate := func(what string, click chromedp.Action[chromedp.Void]) {
		t.Helper()
		if _, err := chromedp.RunResponse(ctx, click); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	screenshot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// The home page comes in the browser's language.
	do("open the home page", chromedp.Navigate(r.app.URL+"/"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if h1 := text("h1"); h1 != "Dual training registry" {
		t.Fatalf("home page heading %q, want the English one", h1)
	}

	// The switcher remembers Kazakh and brings the browser back home.
	navigate("switch to Kazakh", chromedp.Click(chromedp.CSS(`.langs button[value="kk"]`)))
	do("wait for Kazakh", chromedp.WaitReady(chromedp.CSS(`html[lang="kk"]`)), chromedp.WaitVisible(chromedp.CSS("h1")))
	if h1 := text("h1"); h1 != "Дуалды оқыту тізілімі" {
		t.Fatalf("after the switch the heading is %q, want Kazakh", h1)
	}
	screenshot("home.kk.png")

	// The public sees no students: the navigation offers to sign in.
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.nav a[href="/students"]').length`)); err != nil || n != 0 {
		t.Fatalf("the public's navigation links to the students (%d, %v)", n, err)
	}
	navigate("open the sign-in page", chromedp.Click(chromedp.CSS(`.who a.signin`)))
	do("wait for the form", chromedp.WaitVisible(chromedp.CSS("#login")))
	if h1 := text("h1"); h1 != "Кіру" {
		t.Fatalf("sign-in heading %q, want Кіру", h1)
	}
	coordinator := r.users[domain.RoleCollege]
	do("type the login and password", chromedp.SendKeys(chromedp.CSS("#login"), coordinator.Login),
		chromedp.SendKeys(chromedp.CSS("#password"), testkit.Password))
	screenshot("signin.kk.png")
	navigate("sign in", chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	do("wait for the signed-in page", chromedp.WaitVisible(chromedp.CSS(".who .me")))
	if me := text(".who .me"); me != coordinator.Name {
		t.Fatalf("signed in as %q, want %q", me, coordinator.Name)
	}

	// To the students through the navigation: the college's 20 only.
	navigate("open the students", chromedp.Click(chromedp.CSS(`.nav a[href="/students"]`)))
	do("wait for the list", chromedp.WaitVisible(chromedp.CSS("#f-q")))
	if h1, summary := text("h1"), text(".summary"); h1 != "Студенттер" || !strings.Contains(summary, "20 студент") {
		t.Fatalf("students page: heading %q, summary %q", h1, summary)
	}
	if results := text("#results"); strings.Contains(results, "Астана") || !strings.Contains(results, "Алматы политехникалық колледжі") {
		t.Fatalf("the coordinator's list shows another college or not theirs:\n%s", results)
	}
	screenshot("students.coordinator.kk.png")

	// Typing swaps only the results: a marker set on the page survives,
	// which it would not if the browser had loaded a new page.
	do("mark the page", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`window.stillHere = true`)(ctx, tg)
		return err
	}))
	do("type a name", chromedp.SendKeys(chromedp.CSS("#f-q"), "Әбілқас"))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`document.querySelectorAll('#results tbody tr').length === 1 && `+
			`document.querySelector('#results tbody').textContent.includes('Әбілқасымова Айгерім')`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("the results did not narrow to the student: %v", err)
	}
	if here, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.stillHere === true`)); err != nil || !here {
		t.Fatalf("the search reloaded the page instead of swapping the results (%v)", err)
	}
	// The address is the bookmarkable URL of the search.
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || !strings.Contains(loc, "/students?q=") {
		t.Fatalf("address after the search: %q, %v", loc, err)
	}
	screenshot("students.search.kk.png")

	// The student's page, in Kazakh: the coordinator works with the
	// student and sees the personal data in full.
	navigate("open the student", chromedp.Click(chromedp.CSS(`#results tbody td.primary a`)))
	do("wait for the student", chromedp.WaitVisible(chromedp.CSS("h1")))
	main := text("main")
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
	screenshot("student.kk.png")

	// Another college's student, asked for by URL: not found, and nothing
	// of them on the page.
	astanaStudent := r.students[25]
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(r.app.URL+"/students/"+strconv.FormatInt(astanaStudent.ID, 10)))
	if err != nil {
		t.Fatalf("open another college's student: %v", err)
	}
	if resp.Status != 404 {
		t.Errorf("another college's student: status %d, want 404", resp.Status)
	}
	do("wait for the 404 page", chromedp.WaitVisible(chromedp.CSS("h1")))
	if h1, main := text("h1"), text("main"); h1 != "Бет табылмады" || strings.Contains(main, astanaStudent.Name.Last) {
		t.Errorf("another college's student: heading %q; page:\n%s", h1, main)
	}
	screenshot("student.other-college.kk.png")

	// The coordinator's own pages, for a person to look at.
	for _, pg := range []struct{ path, file string }{
		{"/account", "account.kk.png"},
		{"/admin/users/new", "user.new.kk.png"},
		{"/audit", "audit.kk.png"},
	} {
		do("open "+pg.path, chromedp.Navigate(r.app.URL+pg.path), chromedp.WaitVisible(chromedp.CSS("h1")))
		screenshot(pg.file)
	}

	// A phone: the list must fit the width, its rows turned into cards. Ten
	// rows show the pagination too; at scale 1 the full-page PNG takes a
	// second rather than seven.
	do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(r.app.URL+"/students?per_page=10"), chromedp.WaitVisible(chromedp.CSS("#results")))
	if overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); err != nil || overflow {
		t.Errorf("the students list is wider than a 390 px phone (%v)", err)
	}
	screenshot("students.phone.png")
}
