package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

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
// home page, the switch to Kazakh, the students list, a search typed into
// the box (htmx swaps the results without reloading the page), and the
// student's page. It saves full-page screenshots, one of them on a phone
// sized viewport, for a person to look at. A missing Chromium fails the
// test: it is never skipped.
func TestBrowser(t *testing.T) {
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

	// To the students through the navigation.
	navigate("open the students", chromedp.Click(chromedp.CSS(`.nav a[href="/students"]`)))
	do("wait for the list", chromedp.WaitVisible(chromedp.CSS("#f-q")))
	if h1, summary := text("h1"), text(".summary"); h1 != "Студенттер" || !strings.Contains(summary, "30 студент") {
		t.Fatalf("students page: heading %q, summary %q", h1, summary)
	}

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

	// The student's page shows what anyone may see, in Kazakh.
	navigate("open the student", chromedp.Click(chromedp.CSS(`#results tbody td.primary a`)))
	do("wait for the student", chromedp.WaitVisible(chromedp.CSS("h1")))
	main := text("main")
	for _, want := range []string{
		"Әбілқасымова Айгерім",
		"ЖСН", "••••••••" + r.aigerim.IIN[8:],
		"Туған жылы", "2007",
		"Алматы политехникалық колледжі",
		"Бағдарламалық қамтамасыз етуді әзірлеуші",
		"Мемлекеттік білім беру тапсырысы",
		"Дуалды оқыту", "«Алматы Энерго Сервис» ЖШС",
	} {
		if !strings.Contains(main, want) {
			t.Errorf("the student's page does not show %q; it shows:\n%s", want, main)
		}
	}
	for _, never := range []string{r.aigerim.IIN, r.aigerim.Phone, "15.03.2007"} {
		if strings.Contains(main, never) {
			t.Errorf("the student's page shows personal data %q", never)
		}
	}
	screenshot("student.kk.png")

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
