package web_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestAnalyticsJourney is issue 8's dashboards in headless Chromium. The
// ministry, in English, opens the country's dashboard and clicks Almaty's
// bubble on the map, then the Almaty college's bubble on the region's map;
// the college's key figures equal the registry's counts. It switches to
// Russian, opens the table of academic years under the trend and
// downloads it: the workbook's rows are the page's, the current year's
// students the database's. A regional department's dashboard fits a
// 375 px phone, in Kazakh. A missing Chromium fails the test.
func TestAnalyticsJourney(t *testing.T) {
	// Not parallel, like TestBrowser: Chromium needs the cores.
	r := newRegistry(t, testkit.DSN(t))
	r.targetedFixture(t)
	refreshAnalytics(t, r)
	chrome := startChromium(t)
	collegeStudents := studentsIn(t, r, domain.StudentFilter{CollegeID: r.almaty.ID})

	b := newTab(t, chrome, r.app.URL)
	b.signIn(r.users[domain.RoleMinistry].Login, "en", "/analytics")
	b.do("wait for the map", chromedp.WaitVisible(chromedp.CSS("svg.chart-map")))
	if h1 := b.text("h1"); h1 != "Analytics: Kazakhstan" {
		t.Fatalf("the dashboard's heading reads %q", h1)
	}
	if n := b.count("svg.chart-map .bubble a"); n != 20 {
		t.Errorf("%d bubbles link to a region, want 20", n)
	}
	b.screenshot("analytics.national.en.png")

	// From the map into the region, and from the region's map into the
	// college.
	b.navigate("click Almaty on the map", chromedp.Click(chromedp.CSS(`svg.chart-map a[href="/analytics?region=75"]`)))
	b.do("wait for the region", chromedp.WaitVisible(chromedp.CSS("svg.chart-map")))
	if h1 := b.text("h1"); h1 != "Analytics: Almaty" {
		t.Fatalf("after the click the heading reads %q", h1)
	}
	college := `/analytics?college=` + itoa(r.almaty.ID)
	b.navigate("click the college on the region's map", chromedp.Click(chromedp.CSS(`svg.chart-map a[href="`+college+`"]`)))
	b.do("wait for the college", chromedp.WaitVisible(chromedp.CSS(`[data-tile="students_total"]`)))
	if h1 := b.text("h1"); h1 != "Analytics: Almaty Polytechnic College" {
		t.Fatalf("after the click the heading reads %q", h1)
	}
	if got, want := b.text(`[data-tile="students_total"] .stat-value`), i18n.For("en").Number(collegeStudents); got != want {
		t.Errorf("the college's students tile reads %q, the database has %s", got, want)
	}

	// In Russian, the same figures.
	b.navigate("switch to Russian", chromedp.Click(chromedp.CSS(`.langs button[value="ru"]`)))
	b.do("wait for Russian", chromedp.WaitReady(chromedp.CSS(`html[lang="ru"]`)), chromedp.WaitVisible(chromedp.CSS("h1")))
	if h1 := b.text("h1"); h1 != "Аналитика: Алматинский политехнический колледж" {
		t.Fatalf("in Russian the heading reads %q", h1)
	}
	if got, want := b.text(`[data-tile="students_total"] .stat-value`), i18n.For("ru").Number(collegeStudents); got != want {
		t.Errorf("in Russian the students tile reads %q, the database has %s", got, want)
	}

	// The table of years, one click away, and its download.
	dir := t.TempDir()
	done := make(chan string, 1)
	if err := chromedp.ListenBrowser(b.ctx, func(ev any) {
		if e, ok := ev.(*browser.EventDownloadProgress); ok && e.State == browser.DownloadProgressStateCompleted {
			select {
			case done <- e.GUID:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	events := true
	if _, err := chromedp.CallBrowser(b.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, BrowserContextID: chromedp.FromContext(b.ctx).BrowserContextID,
		DownloadPath: dir, EventsEnabled: &events}); err != nil {
		t.Fatal(err)
	}
	b.do("open the table of years", chromedp.Click(chromedp.CSS(`#table-years > summary`)),
		chromedp.WaitVisible(chromedp.CSS(`#table-years table`)))
	rows := b.count(`#table-years tbody tr`)
	firstYear := b.text(`#table-years tbody tr:first-child td.primary`)
	b.do("download the table", chromedp.Click(chromedp.CSS(`#table-years a[href*="format=xlsx"]`)))
	var guid string
	select {
	case guid = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the download did not complete")
	}
	data, err := os.ReadFile(filepath.Join(dir, guid))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the download is not a workbook: %v", err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	if sheet != "Учебные годы" {
		t.Errorf("sheet %q, want the table's Russian title", sheet)
	}
	xs, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(xs) != rows+1 || xs[0][0] != "Учебный год" || xs[0][1] != "Обучающиеся" {
		t.Fatalf("the workbook has %d rows (header %q), the page's table %d", len(xs), xs[0], rows)
	}
	if xs[1][0] != firstYear || xs[1][1] != strconv.Itoa(collegeStudents) {
		t.Errorf("the newest year in the file: %q, want %s with the database's %d students", xs[1], firstYear, collegeStudents)
	}

	// The regional department on a phone, in Kazakh.
	phone := newTab(t, chrome, r.app.URL)
	phone.do("phone viewport", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile, chromedp.EmulateTouch))
	phone.signIn(r.users[domain.RoleRegion].Login, "kk", "/analytics")
	phone.do("wait for the dashboard", chromedp.WaitVisible(chromedp.CSS("svg.chart-funnel")))
	if h1 := phone.text("h1"); !strings.HasPrefix(h1, "Аналитика: Алматы") {
		t.Errorf("the region's heading reads %q", h1)
	}
	phone.fitsWidth("the region's dashboard")
	phone.do("open the colleges' table", chromedp.Click(chromedp.CSS(`#table-colleges > summary`)))
	phone.fitsWidth("the region's dashboard with its table open")
	phone.screenshot("analytics.region.phone.kk.png")
}
