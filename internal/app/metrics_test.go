package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/jobs"
	"github.com/dualtrack/dualtrack/internal/metrics"
	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
)

// TestImportsAreCounted runs real imports of uploaded files through the
// runner the product builds, and expects the metrics to count each once,
// with the outcome its job's row records, and its duration.
func TestImportsAreCounted(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "dualtrack.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx, refdata.All()); err != nil {
		t.Fatal(err)
	}
	reg := metrics.NewRegistry()
	opts := Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Metrics: reg, Now: time.Now}
	a, err := New(st, opts)
	if err != nil {
		t.Fatal(err)
	}
	runner := a.Imports
	// The node's background work takes the imports, as serve's does.
	work, err := jobs.New(jobs.Config{Store: st, OnlyFiles: true, Imports: a.Imports, Exports: a.Exports, PollEvery: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := work.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer work.Stop(ctx)
	admin := domain.User{Login: "ministry", Name: "Ministry", Role: domain.RoleMinistry, PasswordHash: "x"}
	cli := domain.WithActor(ctx, domain.Actor{Via: "cli"})
	if err := st.CreateUser(cli, &admin); err != nil {
		t.Fatal(err)
	}
	as := domain.WithActor(ctx, domain.Actor{User: &admin, Via: "session", Address: "127.0.0.1"})

	bin, _ := domain.CompleteIdentifier("99034000101")
	files := map[string]string{
		// A header the importer does not know: the file's problems.
		"wrong.csv": "what,is,this\n1,2,3\n",
		// A clean list of one college.
		"clean.csv": "bin,name_kk,name_ru,region,city,ownership\n" + bin + ",Сынақ колледжі,Тестовый колледж,75,,state\n",
	}
	var started []domain.ImportJob
	for name, content := range files {
		upload, size, err := runner.Save(as, strings.NewReader(content))
		if err != nil {
			t.Fatal(err)
		}
		job := domain.ImportJob{UserID: admin.ID, Kind: domain.ImportColleges, FileName: name, FileSize: size,
			DryRun: true, Node: runner.Node(), Upload: upload}
		if err := st.CreateImportJob(as, &job); err != nil {
			t.Fatal(err)
		}
		if err := runner.Start(as, job); err != nil {
			t.Fatal(err)
		}
		started = append(started, job)
	}
	for _, j := range started {
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			row, err := st.ImportJob(ctx, j.ID)
			if err != nil {
				t.Fatal(err)
			}
			if row.Status.Finished() {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("import %s not finished within 30 s: %s", j.FileName, row.Status)
			}
		}
	}
	// The background jobs end after the outcome is recorded, and counted.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		list, err := st.Jobs(ctx, domain.JobFilter{Kind: domain.JobImportRun})
		if err != nil {
			t.Fatal(err)
		}
		ended := 0
		for _, j := range list.Items {
			if !j.FinalizedAt.IsZero() {
				ended++
			}
		}
		if ended == len(started) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("import jobs not ended within 30 s: %+v", list.Items)
		}
	}

	var b bytes.Buffer
	reg.WriteText(&b)
	fams, err := metrics.ParseText(&b)
	if err != nil {
		t.Fatal(err)
	}
	counted := map[string]float64{}
	for _, s := range fams["dualtrack_import_jobs_total"].Samples {
		counted[s.Labels["kind"]+" "+s.Labels["dry_run"]+" "+s.Labels["outcome"]] += s.Value
	}
	want := map[string]float64{}
	for _, j := range started {
		row, err := st.ImportJob(ctx, j.ID)
		if err != nil {
			t.Fatal(err)
		}
		outcome := "imported"
		switch {
		case row.Status == domain.ImportFailed:
			outcome = "failed"
		case row.ProblemTotal > 0:
			outcome = "problems"
		case row.Status != domain.ImportDone:
			t.Fatalf("job %s not finished: %s", j.FileName, row.Status)
		}
		want["colleges true "+outcome]++
	}
	if len(want) < 2 {
		t.Fatalf("the two files ended alike (%v): the test tells nothing", want)
	}
	for k, v := range want {
		if counted[k] != v {
			t.Errorf("counted %v, want %v (from the jobs' rows)", counted, want)
			break
		}
	}
	var took float64
	for _, s := range fams["dualtrack_import_job_duration_seconds"].Samples {
		if s.Name == "dualtrack_import_job_duration_seconds_count" && s.Labels["kind"] == "colleges" {
			took = s.Value
		}
	}
	if took != 2 || fams["dualtrack_import_jobs_running"].Samples[0].Value != 0 {
		t.Errorf("durations observed %v, running %v; want 2 and 0", took, fams["dualtrack_import_jobs_running"].Samples[0].Value)
	}
}
