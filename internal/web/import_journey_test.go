package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestImportJourney uses the upload page in headless Chromium on a 375 px
// phone, in Russian, as a college's coordinator: an import already running
// shows its progress bar, and the page turns into the outcome by itself
// (htmx) when it ends; then the coordinator uploads the list Excel saved
// (Windows-1251, semicolons) with the dry run ticked by default, watches
// the check reach its result, and imports the same file with one button.
// Screenshots go to the artifacts folder. A missing Chromium fails the
// test.
func TestImportJourney(t *testing.T) {
	// Not parallel, like the other browser tests: Chromium needs the cores.
	r := newRegistry(t, testkit.DSN(t))
	ctx := context.Background()
	st := r.app.Store
	coordinator := r.users[domain.RoleCollege]
	file := filepath.Join(t.TempDir(), "студенты.csv")
	if err := os.WriteFile(file, studentsCSV(t, r.newStudents(t)...), 0o644); err != nil {
		t.Fatal(err)
	}
	// An import of the coordinator's under way, as another node runs it.
	running := domain.ImportJob{UserID: coordinator.ID, Kind: domain.ImportStudents, FileName: "весь-колледж.csv", FileSize: 4000,
		DryRun: true, Node: "elsewhere", Upload: "upload-elsewhere"}
	if err := st.CreateImportJob(ctx, &running); err != nil {
		t.Fatal(err)
	}
	if err := st.StartImportJob(ctx, running.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.ImportJobProgress(ctx, running.ID, domain.ImportProgress{Rows: 4096, Bytes: 1000}); err != nil {
		t.Fatal(err)
	}

	b := newTab(t, startChromium(t), r.app.URL)
	b.do("phone viewport", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile, chromedp.EmulateTouch))
	b.signIn(coordinator.Login, "ru", importPath(running.ID))
	b.do("wait for the progress bar", chromedp.WaitVisible(chromedp.CSS(".import-bar progress")))
	if p := b.text("#progress-text"); p != "25 % файла · прочитано 4\u00a0096 строк" {
		t.Errorf("the progress says %q", p)
	}
	b.fitsWidth("a running import")
	b.screenshot("import.running.phone.ru.png")
	running.Status, running.Rows, running.Inserted = domain.ImportDone, 4200, 4200
	if err := st.FinishImportJob(ctx, running); err != nil {
		t.Fatal(err)
	}
	b.do("wait for the outcome to replace the progress bar", chromedp.WaitVisible(chromedp.CSS(".import-outcome")))
	if b.count(".import-bar") != 0 {
		t.Error("the progress bar stayed after the import ended")
	}

	b.open("/imports")
	b.do("wait for the form", chromedp.WaitVisible(chromedp.CSS("#file")))
	if !b.eval(`document.querySelector('#dry_run').checked`) {
		t.Fatal("the dry run is not ticked by default")
	}
	b.fitsWidth("the upload page")
	b.screenshot("import.upload.phone.ru.png")
	b.do("choose the kind and the file", chromedp.SetValue(chromedp.CSS("#kind"), "students"),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}))
	b.navigate("upload", chromedp.Click(chromedp.CSS(`main form[action="/imports"] button[type="submit"]`)))
	b.do("wait for the check's result", chromedp.WaitVisible(chromedp.CSS(".import-outcome")))
	if out := b.text(".import-outcome"); !strings.HasPrefix(out, "Проверка не нашла ошибок.") {
		t.Fatalf("the check says %q", out)
	}
	b.fitsWidth("the check's result")
	b.screenshot("import.checked.phone.ru.png")
	if c, _ := st.Counts(ctx); c.Students != 30 {
		t.Fatalf("the check wrote students: %d", c.Students)
	}

	b.navigate("import", chromedp.Click(chromedp.CSS(`form[action$="/run"] button`)))
	b.do("wait for the import's result", chromedp.WaitVisible(chromedp.CSS(".import-outcome")))
	if out := b.text(".import-outcome"); out != "Файл импортирован." {
		t.Fatalf("the import says %q", out)
	}
	b.screenshot("import.imported.phone.ru.png")
	if c, _ := st.Counts(ctx); c.Students != 32 {
		t.Fatalf("after the import: %d students, want 32", c.Students)
	}
}
