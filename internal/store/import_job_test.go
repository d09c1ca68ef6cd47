package store_test

import (
	"context"
	"reflect"
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
		wantCode(t, st.StartImportJob(ctx, bad.ID), domain.ECONFLICT, "")
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

// TestImportJobInterruptedAndSwept: a node that starts again fails the
// jobs it left unfinished, and only its own; uploads kept longer than a
// day are released for their node to remove, the others stay.
func TestImportJobInterruptedAndSwept(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		u := testkit.NewUser(t, st, domain.User{Role: domain.RoleRegion, RegionID: 75})
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		st.Now = func() time.Time { return now }
		job := func(node, upload string, status domain.ImportJobStatus) domain.ImportJob {
			t.Helper()
			j := domain.ImportJob{UserID: u.ID, Kind: domain.ImportEnterprises, FileName: upload + ".csv", DryRun: true, Node: node, Upload: upload}
			if err := st.CreateImportJob(ctx, &j); err != nil {
				t.Fatal(err)
			}
			if status == domain.ImportQueued {
				return j
			}
			if err := st.StartImportJob(ctx, j.ID); err != nil {
				t.Fatal(err)
			}
			if status.Finished() {
				j.Status = status
				if err := st.FinishImportJob(ctx, j); err != nil {
					t.Fatal(err)
				}
			}
			return j
		}
		old := job("n1", "old", domain.ImportDone)
		oldOther := job("n2", "old-n2", domain.ImportDone)
		now = now.Add(25 * time.Hour)
		queued := job("n1", "queued", domain.ImportQueued)
		running := job("n1", "running", domain.ImportRunning)
		elsewhere := job("n2", "elsewhere", domain.ImportRunning)
		fresh := job("n1", "fresh", domain.ImportFailed)

		n, err := st.FailInterruptedImportJobs(ctx, "n1")
		if err != nil || n != 2 {
			t.Fatalf("interrupted on n1: %d, %v; want 2", n, err)
		}
		for _, j := range []domain.ImportJob{queued, running} {
			got, _ := st.ImportJob(ctx, j.ID)
			if got.Status != domain.ImportFailed || got.ErrorKey != "error.import_job.interrupted" || got.FinishedAt.IsZero() {
				t.Errorf("job %s after the restart: %+v", j.Upload, got)
			}
		}
		if got, _ := st.ImportJob(ctx, elsewhere.ID); got.Status != domain.ImportRunning {
			t.Errorf("another node's job: %s", got.Status)
		}

		names, err := st.ReleaseImportUploads(ctx, "n1", now.Add(-24*time.Hour))
		if err != nil || !reflect.DeepEqual(names, []string{"old"}) {
			t.Fatalf("released on n1: %q, %v; want old", names, err)
		}
		if got, _ := st.ImportJob(ctx, old.ID); got.Upload != "" {
			t.Errorf("the released job still names its upload %q", got.Upload)
		}
		for _, j := range []domain.ImportJob{oldOther, fresh} {
			if got, _ := st.ImportJob(ctx, j.ID); got.Upload != j.Upload {
				t.Errorf("job %s lost its upload", j.Upload)
			}
		}
		if names, err := st.ReleaseImportUploads(ctx, "n1", now.Add(-24*time.Hour)); err != nil || len(names) != 0 {
			t.Fatalf("released twice: %q, %v", names, err)
		}
	})
}
