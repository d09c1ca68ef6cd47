package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestLogbookJourneys uses the logbook in headless Chromium as its three
// people do: (a) a student on a 375 px phone, in Kazakh, opens the logbook,
// takes the big button to this week's form (days and hours already filled
// in from the agreement), types a few keywords, ticks a competence,
// attaches a photo and saves and submits, well within two minutes, and
// sees the week waiting for the mentor; (b) the mentor, in Russian, signs
// it from the queue with one button, and the student's phone shows it
// signed; (c) the college coordinator, in English, finds on the
// needs-attention list the student who has written nothing for six weeks,
// with the reasons as badges, and opens her training page. Screenshots go
// to the artifacts folder. A missing Chromium fails the test.
func TestLogbookJourneys(t *testing.T) {
	// Not parallel, like TestBrowser: Chromium needs the cores.
	r := newRegistry(t, testkit.DSN(t))
	lb := r.logbook(t)
	photo := filepath.Join(t.TempDir(), "site.png")
	if err := os.WriteFile(photo, pngImage(t), 0o644); err != nil {
		t.Fatal(err)
	}
	browser := startChromium(t)

	// (a) The student's phone.
	student := newTab(t, browser, r.app.URL)
	student.do("phone viewport", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile, chromedp.EmulateTouch))
	student.signIn(lb.writerUser.Login, "kk", "/logbook")
	student.do("wait for the logbook", chromedp.WaitVisible(chromedp.CSS(".this-week .big-button")))
	if h1 := student.text("h1"); h1 != "Практика күнделігі" {
		t.Fatalf("the logbook's heading is %q", h1)
	}
	if missing := student.text(".hours-bar + .note"); !strings.Contains(missing, "жазбасыз 3 апта") {
		t.Errorf("the logbook does not say three weeks are missing: %q", missing)
	}
	student.fitsWidth("the logbook")
	student.screenshot("logbook.student.phone.kk.png")

	started := time.Now()
	student.navigate("open this week's form", chromedp.Click(chromedp.CSS(".this-week .big-button")))
	student.do("wait for the form", chromedp.WaitVisible(chromedp.CSS("#tasks")))
	// The agreement's pattern is already there: Monday to Wednesday, 24 h.
	if !student.eval(`document.querySelector('#day-1').checked && document.querySelector('#day-3').checked && ` +
		`!document.querySelector('#day-4').checked && document.querySelector('#hours').value === '24'`) {
		t.Error("the form is not filled in from the agreement's weekly pattern")
	}
	student.fitsWidth("the entry form")
	// The day toggles are big enough for a thumb.
	if !student.eval(`[...document.querySelectorAll('.day-toggles label')].every(l => l.getBoundingClientRect().height >= 44 && l.getBoundingClientRect().width >= 40)`) {
		t.Error("the day toggles are smaller than a finger")
	}
	student.do("write the week",
		chromedp.SendKeys(chromedp.CSS("#tasks"), "кабель тарту, API тестілеу"),
		chromedp.Click(chromedp.CSS(`.competences .check-row input[value="`+itoa(lb.competences[0].ID)+`"]`)),
		chromedp.SetUploadFiles(chromedp.CSS("#photo"), []string{photo}))
	student.screenshot("entry.form.phone.kk.png")
	student.navigate("save and submit", chromedp.Click(chromedp.CSS(`button[name="then"][value="submit"]`)))
	student.do("wait for the logbook", chromedp.WaitVisible(chromedp.CSS(".this-week-state")))
	if took := time.Since(started); took > 2*time.Minute {
		t.Errorf("writing the week took %s", took)
	}
	if state := student.text(".this-week-state"); state != "Осы аптаның жазбасы тәлімгердің қолын күтуде." {
		t.Errorf("after submitting, this week says %q", state)
	}
	if badge := student.text(".weeks li:first-child .badge"); badge != "тәлімгердің қолын күтуде" {
		t.Errorf("the week's badge is %q, want waiting for the mentor", badge)
	}
	student.screenshot("logbook.submitted.phone.kk.png")
	e, ok := currentEntry(t, r, lb.writer.ID, lb.thisWeek)
	if !ok || e.Status != domain.EntrySubmitted || e.Tasks != "кабель тарту, API тестілеу" || len(e.Competences) != 1 {
		t.Fatalf("the stored entry: %+v", e)
	}
	if full, err := r.app.Store.Entry(context.Background(), e.ID); err != nil || len(full.Photos) != 1 {
		t.Fatalf("the photo was not attached (%v)", err)
	}

	// (b) The mentor signs it from the queue.
	mentor := newTab(t, browser, r.app.URL)
	mentor.signIn(r.users[domain.RoleMentor].Login, "ru", "/logbook/queue")
	mentor.do("wait for the queue", chromedp.WaitVisible(chromedp.CSS(".queue")))
	item := `.queue-item:has(form[action="/logbook/` + itoa(e.ID) + `/sign"])`
	if text := mentor.text(item); !strings.Contains(text, lb.writer.Name.Full()) || !strings.Contains(text, "кабель тарту, API тестілеу") {
		t.Fatalf("the queue item shows:\n%s", text)
	}
	mentor.screenshot("queue.mentor.ru.png")
	mentor.navigate("sign", chromedp.Click(chromedp.CSS(item+` form[action$="/sign"] button`)))
	mentor.do("wait for the message", chromedp.WaitVisible(chromedp.CSS(".flash")))
	if flash := mentor.text(".flash"); flash != "Запись подписана." {
		t.Errorf("after signing the mentor reads %q", flash)
	}
	if mentor.eval(`document.querySelector('form[action="/logbook/` + itoa(e.ID) + `/sign"]') !== null`) {
		t.Error("the signed entry is still in the queue")
	}
	mentor.screenshot("queue.signed.ru.png")

	student.open("/logbook")
	student.do("wait for the logbook", chromedp.WaitVisible(chromedp.CSS(".weeks")))
	if badge := student.text(".weeks li:first-child .badge"); badge != "қол қойылды" {
		t.Errorf("after the mentor signed, the week's badge is %q", badge)
	}
	if state := student.text(".this-week-state"); state != "Осы аптаның жазбасына қол қойылды." {
		t.Errorf("after the mentor signed, this week says %q", state)
	}
	student.screenshot("logbook.signed.phone.kk.png")
	// Home puts her own work first.
	student.open("/")
	if mine := student.text(".mine h1"); mine != "Менің дуальды оқуым" {
		t.Errorf("the student's home starts with %q", mine)
	}
	student.fitsWidth("the student's home")
	student.screenshot("home.student.phone.kk.png")

	// (c) The coordinator sees who falls behind.
	coordinator := newTab(t, browser, r.app.URL)
	coordinator.signIn(r.users[domain.RoleCollege].Login, "en", "/")
	coordinator.navigate("open the list", chromedp.Click(chromedp.CSS(`.nav a[href="/attention"]`)))
	coordinator.do("wait for the list", chromedp.WaitVisible(chromedp.CSS("#results")))
	row := `#results tbody tr:has(a[href="/students/` + itoa(lb.behind.ID) + `/training"])`
	badges := coordinator.text(row + ` td:nth-child(2)`)
	for _, want := range []string{"6 missing weeks", "behind the plan by 100%"} {
		if !strings.Contains(badges, want) {
			t.Errorf("the student six weeks behind shows the reasons %q, want %q", badges, want)
		}
	}
	coordinator.screenshot("attention.coordinator.en.png")
	coordinator.navigate("open the student", chromedp.Click(chromedp.CSS(row+` td.primary a`)))
	coordinator.do("wait for the training page", chromedp.WaitVisible(chromedp.CSS(".missing-weeks")))
	if !coordinator.eval(`document.querySelectorAll('section[aria-labelledby="progress"] .missing-weeks li').length === 6`) {
		t.Error("the training page does not list the six missing weeks")
	}
	coordinator.screenshot("training.coordinator.en.png")
	coordinator.do("phone viewport", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile, chromedp.EmulateTouch))
	coordinator.open("/attention")
	coordinator.fitsWidth("the needs-attention list")
	coordinator.screenshot("attention.phone.en.png")
}
