package store_test

import (
	"context"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestImportJobLifecycle follows an upload of the import page through the
// store: queued, running with progress, done with its problems kept as
// keys and values (read back alike on both databases), a clean dry run
// whose upload one import — not two — takes over, and the lists of one
// user's jobs and of everyone's.
func TestImportJobLifecycle(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		coordinator := testkit.NewUser(t, st, domain.User{Role: domain.RoleMinistry, Login: "importer", Name: "Әсел Нұрланқызы"})
		other := testkit.NewUser(t, st, domain.User{Role: domain.RoleMinistry, Login: "other"})

		wantCode(t, st.CreateImportJob(ctx, &domain.ImportJob{UserID: coordinator.ID, Kind: domain.ImportStudents, Node: "n1"}), domain.EINVALID, "")

		bad := domain.ImportJob{UserID: coordinator.ID, Kind: domain.ImportStudents, FileName: " студенты.csv ", FileSize: 2048,
			DryRun: true, Node: "n1", Upload: "upload-1"}
		if err := st.CreateImportJob(ctx, &bad); err != nil {
			t.Fatal(err)
		}
		if bad.ID == 0 || bad.Status != domain.ImportQueued || bad.FileName != "студенты.csv" {
			t.Fatalf("created: %+v", bad)
		}
		if err := st.StartImportJob(ctx, bad.ID); err != nil {
			t.Fatal(err)
		}
		// The next attempt of its background job (after a crash) starts
		// it again.
		if err := st.StartImportJob(ctx, bad.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.ImportJobProgress(ctx, bad.ID, domain.ImportProgress{Rows: 4096, Bytes: 1024}); err != nil {
			t.Fatal(err)
		}
		got, err := st.ImportJob(ctx, bad.ID)
		if err != nil || got.Status != domain.ImportRunning || got.Progress != (domain.ImportProgress{Rows: 4096, Bytes: 1024}) ||
			got.StartedAt.IsZero() || got.UserName != "Әсел Нұрланқызы" {
			t.Fatalf("running: %+v, %v", got, err)
		}

		problems := []domain.ImportProblem{
			{Line: 3, Column: "ИИН", Key: "error.iin.checksum", Message: "wrong check digit"},
			{Line: 7, Column: "Группа", Key: "error.import.group_unknown", Params: map[string]string{"value": "ПО-23-9", "college": "990340001015"}},
		}
		got.Status, got.Problems, got.ProblemTotal, got.Rows, got.Upload = domain.ImportDone, problems, 61, 10, ""
		if err := st.FinishImportJob(ctx, got); err != nil {
			t.Fatal(err)
		}
		done, err := st.ImportJob(ctx, bad.ID)
		if err != nil || done.Status != domain.ImportDone || !reflect.DeepEqual(done.Problems, problems) || done.ProblemTotal != 61 ||
			done.Upload != "" || done.FinishedAt.IsZero() || done.Clean() {
			t.Fatalf("done with problems: %+v, %v", done, err)
		}
		wantCode(t, st.StartImportJob(ctx, bad.ID), domain.ECONFLICT, "")
		// A dry run with problems has nothing to import.
		wantCode(t, st.CreateImportJob(ctx, &domain.ImportJob{UserID: coordinator.ID, Kind: domain.ImportStudents, Node: "n1", SourceID: bad.ID}),
			domain.ECONFLICT, "")

		clean := domain.ImportJob{UserID: coordinator.ID, Kind: domain.ImportColleges, FileName: "colleges.xlsx", FileSize: 9000,
			Sheet: "Лист1", DryRun: true, Node: "n1", Upload: "upload-2"}
		if err := st.CreateImportJob(ctx, &clean); err != nil {
			t.Fatal(err)
		}
		if err := st.StartImportJob(ctx, clean.ID); err != nil {
			t.Fatal(err)
		}
		clean.Status, clean.Rows, clean.Inserted, clean.Updated, clean.Unchanged = domain.ImportDone, 12, 10, 1, 1
		if err := st.FinishImportJob(ctx, clean); err != nil {
			t.Fatal(err)
		}
		run := domain.ImportJob{UserID: coordinator.ID, Node: "n1", SourceID: clean.ID}
		if err := st.CreateImportJob(ctx, &run); err != nil {
			t.Fatal(err)
		}
		if run.Kind != domain.ImportColleges || run.DryRun || run.Upload != "upload-2" || run.Sheet != "Лист1" || run.FileName != "colleges.xlsx" {
			t.Fatalf("the import of the dry run's file: %+v", run)
		}
		wantCode(t, st.CreateImportJob(ctx, &domain.ImportJob{UserID: coordinator.ID, Node: "n1", SourceID: clean.ID}), domain.ECONFLICT, "")
		source, err := st.ImportJob(ctx, clean.ID)
		if err != nil || source.Upload != "" || source.RunID != run.ID || source.Rows != 12 || source.Inserted != 10 {
			t.Fatalf("the dry run after its import started: %+v, %v", source, err)
		}

		mine, err := st.ImportJobList(ctx, domain.ImportJobFilter{UserID: coordinator.ID})
		if err != nil || mine.Total != 3 || mine.Items[0].ID != run.ID || mine.Items[2].ID != bad.ID {
			t.Fatalf("the coordinator's jobs: %+v, %v", mine, err)
		}
		if none, err := st.ImportJobList(ctx, domain.ImportJobFilter{UserID: other.ID}); err != nil || none.Total != 0 {
			t.Fatalf("another user's jobs: %+v, %v", none, err)
		}
		if all, err := st.ImportJobList(ctx, domain.ImportJobFilter{Page: domain.Page{Size: 2, Number: 2}}); err != nil || all.Total != 3 || len(all.Items) != 1 {
			t.Fatalf("the second page of everyone's jobs: %+v, %v", all, err)
		}
		_, err = st.ImportJob(ctx, run.ID+100)
		wantCode(t, err, domain.ENOTFOUND, "")
	})
}

// TestFilesSwept: uploads and downloads kept in the database go a day
// after they came — a dry run's file with its job's claim to it, an
// abandoned upload, a download (its job keeps its row, without a file) —
// while fresh files, and an upload an import still waits for, stay.
func TestFilesSwept(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		u := testkit.NewUser(t, st, domain.User{Role: domain.RoleRegion, RegionID: 75})
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		st.Now = func() time.Time { return now }
		file := func(content string) int64 {
			t.Helper()
			id, size, err := st.SaveFile(ctx, u.ID, strings.NewReader(content))
			if err != nil || size != int64(len(content)) {
				t.Fatalf("saved %d of %d bytes: %v", size, len(content), err)
			}
			return id
		}
		job := func(upload int64, status domain.ImportJobStatus) domain.ImportJob {
			t.Helper()
			j := domain.ImportJob{UserID: u.ID, Kind: domain.ImportEnterprises, FileName: "e.csv", DryRun: true, Node: "n1",
				Upload: strconv.FormatInt(upload, 10)}
			if err := st.CreateImportJob(ctx, &j); err != nil {
				t.Fatal(err)
			}
			if status == domain.ImportQueued {
				return j
			}
			if err := st.StartImportJob(ctx, j.ID); err != nil {
				t.Fatal(err)
			}
			j.Status = status
			if err := st.FinishImportJob(ctx, j); err != nil {
				t.Fatal(err)
			}
			return j
		}
		checked := job(file("bin;name\n"), domain.ImportDone)
		waiting := job(file("bin;name\n"), domain.ImportQueued)
		abandoned := file("half")
		download := domain.ExportJob{UserID: u.ID, Role: u.Role, Path: "/students/export", Query: "format=csv", Lang: "en", Rows: 60000}
		if err := st.CreateExportJob(ctx, &download); err != nil {
			t.Fatal(err)
		}
		download.FileID, download.Status, download.FileName = file("iin,name\n"), domain.ImportDone, "students.csv"
		if err := st.FinishExportJob(ctx, download); err != nil {
			t.Fatal(err)
		}
		now = now.Add(25 * time.Hour)
		fresh := file("new")

		n, err := st.SweepFiles(ctx)
		if err != nil || n != 3 {
			t.Fatalf("swept %d files, %v; want 3", n, err)
		}
		exists := func(id int64) bool {
			err := st.CopyFile(ctx, id, io.Discard)
			if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Fatal(err)
			}
			return err == nil
		}
		if got, _ := st.ImportJob(ctx, checked.ID); got.Upload != "" {
			t.Errorf("the day-old dry run still names its upload %q", got.Upload)
		}
		if got, _ := st.ExportJob(ctx, download.ID); got.FileID != 0 || exists(download.FileID) || got.Status != domain.ImportDone {
			t.Errorf("the day-old download: %+v", got)
		}
		if exists(abandoned) {
			t.Error("the abandoned upload is kept")
		}
		if got, _ := st.ImportJob(ctx, waiting.ID); got.Upload != waiting.Upload || !exists(mustID(t, got.Upload)) {
			t.Errorf("the upload an import waits for went: %+v", got)
		}
		if !exists(fresh) {
			t.Error("a fresh file went")
		}
		if n, err := st.SweepFiles(ctx); err != nil || n != 0 {
			t.Fatalf("swept again: %d, %v", n, err)
		}
	})
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("upload %q is not a file's ID", s)
	}
	return id
}
