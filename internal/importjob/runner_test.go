package importjob_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/importjob"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestRunnerStartsClean: a runner starting on a node fails the jobs the
// node left running, and removes the uploads kept longer than a day —
// those its finished jobs kept, and stray files — but not a fresh one.
func TestRunnerStartsClean(t *testing.T) {
	st := testkit.OpenStore(t, testkit.DSN(t))
	ctx := context.Background()
	u := testkit.NewUser(t, st, domain.User{Role: domain.RoleMinistry})
	dir := t.TempDir()
	now := time.Now()
	old := now.Add(-25 * time.Hour)
	write := func(name string, at time.Time) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("BIN;Name\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
	job := func(upload string, created time.Time, finish bool) domain.ImportJob {
		t.Helper()
		st.Now = func() time.Time { return created }
		j := domain.ImportJob{UserID: u.ID, Kind: domain.ImportColleges, FileName: upload + ".csv", DryRun: true, Node: "n1", Upload: upload}
		if err := st.CreateImportJob(ctx, &j); err != nil {
			t.Fatal(err)
		}
		if err := st.StartImportJob(ctx, j.ID); err != nil {
			t.Fatal(err)
		}
		if finish {
			j.Status = domain.ImportDone
			if err := st.FinishImportJob(ctx, j); err != nil {
				t.Fatal(err)
			}
		}
		return j
	}
	write("upload-old", old)
	write("upload-fresh", now)
	write("upload-stray", old)
	kept := job("upload-old", old, true)
	fresh := job("upload-fresh", now, true)
	left := job("upload-left", now, false)
	st.Now = time.Now

	_, err := importjob.New(ctx, importjob.Config{Store: st, Imports: access.NewImports(st), Dir: dir, Node: "n1",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := st.ImportJob(ctx, left.ID); got.Status != domain.ImportFailed || got.ErrorKey != "error.import_job.interrupted" {
		t.Errorf("the job left running: %+v", got)
	}
	if got, _ := st.ImportJob(ctx, kept.ID); got.Upload != "" {
		t.Errorf("a day-old upload is still kept: %q", got.Upload)
	}
	if got, _ := st.ImportJob(ctx, fresh.ID); got.Upload != "upload-fresh" {
		t.Errorf("a fresh upload was released: %+v", got)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "upload-fresh" {
		t.Errorf("the upload folder holds %v, want only upload-fresh", names)
	}
}
