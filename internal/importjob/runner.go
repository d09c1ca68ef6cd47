// Package importjob runs the imports of files uploaded on the web page, in
// the background of the server (the node) that received the file, so that
// a national list does not have to be checked within one HTTP request. It
// keeps the upload in a folder of its own until the import has written it
// (or for a day after a dry run, so that the same file can be imported for
// real), records each import's progress and outcome in the import job's
// row (domain.ImportJobStore), and, when the server starts, fails the jobs
// it left unfinished when it stopped.
//
// The runner is deliberately small and sits behind the web's ImportRunner
// interface: issue 11 moves the imports to a job queue (river), whose
// worker would do what run does, with the actor rebuilt from the job's
// user, and whose own rescue of stuck jobs replaces Recover.
package importjob

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/importer"
	"github.com/dualtrack/dualtrack/internal/tabular"
)

// KeepFor is how long an upload is kept for its real import after a clean
// dry run.
const KeepFor = 24 * time.Hour

// progressEvery is how often a running import's progress is written to
// its row, at most.
const progressEvery = 300 * time.Millisecond

// Config is what a Runner needs.
type Config struct {
	Store domain.ImportJobStore
	// Imports imports the rows: the access layer's guard, so that the
	// role and scope of the job's user apply.
	Imports domain.ImportService
	// Dir is the folder the uploads wait in; it is created if missing.
	Dir string
	// Node names this server in the jobs it runs (its host name).
	Node string
	Log  *slog.Logger
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Runner runs import jobs in goroutines of this process.
type Runner struct {
	cfg Config

	mu   sync.Mutex
	live map[int64]*liveJob // the jobs running here
	wg   sync.WaitGroup
}

// liveJob is how far a running job has read, as the import reports it;
// the page reads it from here before it reaches the job's row.
type liveJob struct {
	upload string
	rows   atomic.Int64
	bytes  atomic.Int64
}

func (l *liveJob) progress() domain.ImportProgress {
	return domain.ImportProgress{Rows: int(l.rows.Load()), Bytes: l.bytes.Load()}
}

// New makes the upload folder and recovers from the last run of this
// node: its jobs left queued or running are failed (they stopped with the
// process, and left the database as it was) and uploads older than KeepFor
// are removed.
func New(ctx context.Context, cfg Config) (*Runner, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, err
	}
	r := &Runner{cfg: cfg, live: map[int64]*liveJob{}}
	n, err := cfg.Store.FailInterruptedImportJobs(ctx, cfg.Node)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		cfg.Log.Warn("imports interrupted by the last stop marked failed", "count", n, "node", cfg.Node)
	}
	r.sweep(ctx)
	return r, nil
}

// Node is the name of this server in the jobs it runs.
func (r *Runner) Node() string { return r.cfg.Node }

// Save stores an upload being received in the upload folder, to the end
// of src, and returns the name it has there and its size. The caller
// bounds src.
func (r *Runner) Save(src io.Reader) (upload string, size int64, err error) {
	f, err := os.CreateTemp(r.cfg.Dir, "upload-*")
	if err != nil {
		return "", 0, err
	}
	n, err := io.Copy(f, src)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", 0, err
	}
	return filepath.Base(f.Name()), n, nil
}

// Discard removes an upload no job took.
func (r *Runner) Discard(upload string) {
	if upload != "" {
		os.Remove(filepath.Join(r.cfg.Dir, filepath.Base(upload)))
	}
}

// Progress is how far a job running on this node has read; false when it
// is not running here.
func (r *Runner) Progress(id int64) (domain.ImportProgress, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	l, ok := r.live[id]
	if !ok {
		return domain.ImportProgress{}, false
	}
	return l.progress(), true
}

// Wait waits for the jobs running now to finish.
func (r *Runner) Wait() { r.wg.Wait() }

// Start runs a queued job in the background as the actor of ctx, whose
// values (the actor, the request's ID for the logs) it keeps but whose
// end it outlives: the request that started the job is answered at once.
func (r *Runner) Start(ctx context.Context, job domain.ImportJob) {
	ctx = context.WithoutCancel(ctx)
	l := &liveJob{upload: job.Upload}
	r.mu.Lock()
	r.live[job.ID] = l
	r.mu.Unlock()
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		r.run(ctx, job, l)
		// The job leaves the live ones only once its row says how it
		// ended, so a page always finds one or the other.
		r.mu.Lock()
		delete(r.live, job.ID)
		r.mu.Unlock()
	}()
}

// run imports the job's file and records the outcome.
func (r *Runner) run(ctx context.Context, job domain.ImportJob, l *liveJob) {
	log := r.cfg.Log.With("import", job.ID, "kind", job.Kind, "dry_run", job.DryRun, "user", job.UserID)
	started := r.cfg.Now()
	var res domain.ImportResult
	err := r.cfg.Store.StartImportJob(ctx, job.ID)
	if err == nil {
		res, err = r.importFile(ctx, job, l)
	}
	job.Progress = l.progress()
	outcome(&job, res, err)
	if job.ErrorKey == "error.internal" {
		log.Error("import failed", "err", err)
	} else {
		log.Info("import finished", "status", job.Status, "rows", job.Rows, "problems", job.ProblemTotal,
			"error", job.ErrorKey, "took", r.cfg.Now().Sub(started).String())
	}
	// A dry run's clean file waits for its real import; any other file
	// has served its purpose.
	if !(job.DryRun && job.Clean()) {
		r.Discard(job.Upload)
		job.Upload = ""
	}
	// Old uploads go while this one's job is still running, so that its
	// end is the runner's last word on it.
	r.sweep(ctx)
	if err := r.cfg.Store.FinishImportJob(ctx, job); err != nil {
		log.Error("import's outcome not recorded", "err", err)
	}
}

// importFile opens the job's upload and imports it, reporting progress to
// l and, every progressEvery, to the job's row.
func (r *Runner) importFile(ctx context.Context, job domain.ImportJob, l *liveJob) (domain.ImportResult, error) {
	f, err := os.Open(filepath.Join(r.cfg.Dir, filepath.Base(job.Upload)))
	if errors.Is(err, fs.ErrNotExist) || job.Upload == "" {
		return domain.ImportResult{}, domain.Errorf(domain.ECONFLICT, "error.import_job.file_gone", "the uploaded file is no longer kept on this server")
	}
	if err != nil {
		return domain.ImportResult{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return domain.ImportResult{}, err
	}
	opts, err := importer.ReadOptions(job.Kind, job.Sheet)
	if err != nil {
		return domain.ImportResult{}, err
	}
	// A CSV's progress is the bytes read; a workbook is handed over as the
	// file, which excelize reads without holding it, and its progress is
	// counted in rows.
	var ra io.ReaderAt = f
	if !isWorkbook(f) {
		ra = &countingReaderAt{ra: f, read: &l.bytes}
	}
	tr, err := tabular.NewReader(job.FileName, ra, st.Size(), opts)
	if err != nil {
		return domain.ImportResult{}, err
	}
	defer tr.Close()

	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.recordProgress(ctx, job.ID, l, done)
	}()
	res, err := importer.Import(ctx, r.cfg.Imports, job.Kind, tr, importer.Request{DryRun: job.DryRun,
		Progress: func(rows int) { l.rows.Store(int64(rows)) }})
	close(done)
	wg.Wait()
	return res, err
}

// recordProgress writes l to the job's row every progressEvery while it
// changes, until done, so that another node shows it too. On SQLite the
// import holds the one writer connection throughout, so a write gives up
// after progressEvery and the page reads the progress of this node's
// Runner instead (Progress).
func (r *Runner) recordProgress(ctx context.Context, id int64, l *liveJob, done <-chan struct{}) {
	t := time.NewTicker(progressEvery)
	defer t.Stop()
	var last domain.ImportProgress
	for {
		select {
		case <-done:
			return
		case <-t.C:
		}
		p := l.progress()
		if p == last {
			continue
		}
		wctx, cancel := context.WithTimeout(ctx, progressEvery)
		if err := r.cfg.Store.ImportJobProgress(wctx, id, p); err == nil {
			last = p
		}
		cancel()
	}
}

// outcome sets a finished job's status, counts, problems or error from
// what the import returned.
func outcome(job *domain.ImportJob, res domain.ImportResult, err error) {
	job.Rows, job.Inserted, job.Updated, job.Unchanged = res.Rows, res.Inserted, res.Updated, res.Unchanged
	if job.Progress.Rows < res.Rows {
		job.Progress.Rows = res.Rows
	}
	var es *tabular.Errors
	switch {
	case err == nil:
		job.Status = domain.ImportDone
	case errors.As(err, &es):
		// The file's problems: the import ran to its end and wrote
		// nothing.
		job.Status, job.ProblemTotal = domain.ImportDone, es.Total()
		job.Problems = make([]domain.ImportProblem, 0, len(es.List))
		for _, e := range es.List {
			de := domain.AsError(e.Err)
			p := domain.ImportProblem{Line: e.Line, Column: e.Column, Key: de.Key, Params: de.Params, Message: de.Message}
			if de.Code == domain.EINTERNAL {
				p.Key, p.Params = "error.internal", nil
			}
			job.Problems = append(job.Problems, p)
		}
	default:
		job.Status = domain.ImportFailed
		de := domain.AsError(err)
		job.ErrorKey, job.ErrorParams = de.Key, de.Params
		if de.Code == domain.EINTERNAL {
			job.ErrorKey, job.ErrorParams = "error.internal", nil
		}
	}
}

// sweep removes the uploads kept longer than KeepFor: those the jobs of
// this node release, and any other file of the folder that old (an upload
// whose job was never recorded) unless a job is reading it.
func (r *Runner) sweep(ctx context.Context) {
	before := r.cfg.Now().Add(-KeepFor)
	names, err := r.cfg.Store.ReleaseImportUploads(ctx, r.cfg.Node, before)
	if err != nil {
		r.cfg.Log.Warn("old uploads not released", "err", err)
	}
	for _, n := range names {
		r.Discard(n)
	}
	entries, err := os.ReadDir(r.cfg.Dir)
	if err != nil {
		r.cfg.Log.Warn("upload folder unreadable", "dir", r.cfg.Dir, "err", err)
		return
	}
	r.mu.Lock()
	busy := map[string]bool{}
	for _, l := range r.live {
		busy[l.upload] = true
	}
	r.mu.Unlock()
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || e.IsDir() || busy[e.Name()] || !strings.HasPrefix(e.Name(), "upload-") || !info.ModTime().Before(before) {
			continue
		}
		r.Discard(e.Name())
	}
}

// isWorkbook reports whether a file is an XLSX workbook (a ZIP archive).
func isWorkbook(ra io.ReaderAt) bool {
	head := make([]byte, 4)
	n, _ := ra.ReadAt(head, 0)
	return bytes.Equal(head[:n], []byte("PK\x03\x04"))
}

// countingReaderAt counts how far into a file its reader has got.
type countingReaderAt struct {
	ra   io.ReaderAt
	read *atomic.Int64
}

func (c *countingReaderAt) ReadAt(b []byte, off int64) (int, error) {
	n, err := c.ra.ReadAt(b, off)
	for end := off + int64(n); ; {
		cur := c.read.Load()
		if end <= cur || c.read.CompareAndSwap(cur, end) {
			break
		}
	}
	return n, err
}
