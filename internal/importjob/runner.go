// Package importjob imports the files uploaded on the web page, as
// background jobs (package jobs, river) that any node may take, so that a
// national list does not have to be checked within one HTTP request. The
// upload is kept in the database (domain.Files), not in a node's folder,
// until the import has written it (or for a day after a dry run, so that
// the same file can be imported for real); each import's progress and
// outcome go to the import job's row (domain.ImportJobStore). The job's
// user is read again when the import runs, and the import goes through
// the access layer as them, so their role and scope apply as they would
// in the request. A node that dies mid-import leaves the job to river's
// rescue, which tries it again: the import writes all of its rows or
// none.
package importjob

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/importer"
	"github.com/dualtrack/dualtrack/internal/tabular"
)

// KeepFor is how long an upload is kept for its real import after a clean
// dry run.
const KeepFor = domain.FilesKeptFor

// progressEvery is how often a running import's progress is written to
// its row, at most.
const progressEvery = 300 * time.Millisecond

// Queue queues an import for whichever node is free (jobs.Queue).
type Queue interface {
	RunImport(ctx context.Context, id int64) error
}

// Users reads the user an import runs as.
type Users interface {
	User(ctx context.Context, id int64) (domain.User, error)
}

// Config is what a Runner needs.
type Config struct {
	Store domain.ImportJobStore
	// Files keeps the uploads.
	Files domain.Files
	Users Users
	// Imports imports the rows: the access layer's guard, so that the
	// role and scope of the job's user apply.
	Imports domain.ImportService
	Queue   Queue
	// Node names this server in the jobs it receives (host and port).
	Node string
	// Scratch is the folder where a running import reads its copy of the
	// upload (the system's temporary folder when empty).
	Scratch string
	Log     *slog.Logger
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Runner receives uploads for the import page and runs the imports that
// this node's background jobs take.
type Runner struct {
	cfg Config

	mu   sync.Mutex
	live map[int64]*liveJob // the jobs running here
}

// liveJob is how far a running job has read, as the import reports it;
// the page reads it from here before it reaches the job's row.
type liveJob struct {
	rows  atomic.Int64
	bytes atomic.Int64
}

func (l *liveJob) progress() domain.ImportProgress {
	return domain.ImportProgress{Rows: int(l.rows.Load()), Bytes: l.bytes.Load()}
}

// New returns a runner.
func New(cfg Config) *Runner {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Runner{cfg: cfg, live: map[int64]*liveJob{}}
}

// Node is the name of this server in the jobs it receives.
func (r *Runner) Node() string { return r.cfg.Node }

// Save stores an upload being received, to the end of src, as a file of
// the signed-in user of ctx, and returns its name (the file's ID) and
// size. The caller bounds src.
func (r *Runner) Save(ctx context.Context, src io.Reader) (upload string, size int64, err error) {
	u := domain.ActorFrom(ctx).User
	if u == nil {
		return "", 0, domain.Errorf(domain.EUNAUTHORIZED, "error.signin.required", "sign in to import")
	}
	id, size, err := r.cfg.Files.SaveFile(ctx, u.ID, src)
	if err != nil {
		return "", 0, err
	}
	return strconv.FormatInt(id, 10), size, nil
}

// Discard removes an upload no job took.
func (r *Runner) Discard(ctx context.Context, upload string) {
	if id, err := strconv.ParseInt(upload, 10, 64); err == nil {
		if err := r.cfg.Files.DeleteFile(context.WithoutCancel(ctx), id); err != nil {
			r.cfg.Log.Warn("an upload no job took was not removed", "upload", upload, "err", err)
		}
	}
}

// Start queues a recorded job for the background work of the cluster.
func (r *Runner) Start(ctx context.Context, job domain.ImportJob) error {
	return r.cfg.Queue.RunImport(ctx, job.ID)
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

// RunImport imports a job's upload as the job's user and records the
// outcome on the job's row (jobs.Importer). The file's problems and a
// refusal are the outcome, returned as a *domain.Error so that the job is
// not tried again; an internal error (the database, a crash's aftermath,
// the timeout) is returned for another attempt, the job left running,
// unless lastAttempt.
func (r *Runner) RunImport(ctx context.Context, id int64, lastAttempt bool) error {
	job, err := r.cfg.Store.ImportJob(ctx, id)
	if err != nil {
		return err
	}
	if job.Status.Finished() {
		return nil // its outcome is recorded: an attempt ended after writing it
	}
	log := r.cfg.Log.With("import", job.ID, "kind", job.Kind, "dry_run", job.DryRun, "user", job.UserID)
	l := &liveJob{}
	r.mu.Lock()
	r.live[job.ID] = l
	r.mu.Unlock()
	// The job leaves the live ones only once its row says how it ended,
	// so a page always finds one or the other.
	defer func() {
		r.mu.Lock()
		delete(r.live, job.ID)
		r.mu.Unlock()
	}()

	started := r.cfg.Now()
	var res domain.ImportResult
	as, err := r.actor(ctx, job)
	if err == nil {
		err = r.cfg.Store.StartImportJob(ctx, job.ID)
	}
	if err == nil {
		res, err = r.importFile(as, job, l)
	}
	var problems *tabular.Errors
	if err != nil && !errors.As(err, &problems) && domain.AsError(err).Code == domain.EINTERNAL && !lastAttempt {
		log.Warn("import attempt failed; it will be tried again", "err", err)
		return err
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
	// has served its purpose, and goes with the record of the outcome.
	if !(job.DryRun && job.Clean()) {
		job.Upload = ""
	}
	// Recorded even when the attempt's time is up.
	if err := r.cfg.Store.FinishImportJob(context.WithoutCancel(ctx), job); err != nil {
		log.Error("import's outcome not recorded", "err", err)
		return err
	}
	switch {
	case problems != nil:
		return domain.Errorf(domain.EINVALID, "error.import_job.problems", "the file has %d problems; nothing was imported", problems.Total())
	case err != nil:
		return err
	}
	return nil
}

// actor is the context of an import run as its user, as they are now (a
// user disabled since the upload imports nothing), from the address the
// upload came from.
func (r *Runner) actor(ctx context.Context, job domain.ImportJob) (context.Context, error) {
	u, err := r.cfg.Users.User(ctx, job.UserID)
	if err != nil {
		return ctx, err
	}
	if !u.Active(r.cfg.Now()) {
		return ctx, domain.Errorf(domain.EUNAUTHORIZED, "error.signin.required", "the account is disabled or expired")
	}
	return domain.WithActor(ctx, domain.Actor{User: &u, Via: "job", Address: job.Address}), nil
}

// importFile copies the job's upload out of the database into a scratch
// file (the import reads a workbook at random), imports it, reporting
// progress to l and, every progressEvery, to the job's row.
func (r *Runner) importFile(ctx context.Context, job domain.ImportJob, l *liveJob) (domain.ImportResult, error) {
	gone := domain.Errorf(domain.ECONFLICT, "error.import_job.file_gone", "the uploaded file is no longer kept")
	id, err := strconv.ParseInt(job.Upload, 10, 64)
	if err != nil {
		return domain.ImportResult{}, gone
	}
	f, err := os.CreateTemp(r.cfg.Scratch, "dualtrack-import-*")
	if err != nil {
		return domain.ImportResult{}, err
	}
	defer func() {
		f.Close()
		os.Remove(f.Name())
	}()
	if err := r.cfg.Files.CopyFile(ctx, id, f); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return domain.ImportResult{}, gone
		}
		return domain.ImportResult{}, err
	}
	size, err := f.Seek(0, io.SeekCurrent)
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
	tr, err := tabular.NewReader(job.FileName, ra, size, opts)
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
