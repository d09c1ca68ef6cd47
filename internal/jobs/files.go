package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
)

// The files' jobs: the import page's uploads and the large downloads,
// worked on the queue QueueFiles by whichever node is free. The work
// itself is done elsewhere (importjob for the imports, the pages for the
// downloads, each as the person who asked); this package queues it, gives
// it a timeout and its attempts, and tells river which failures are final.

// QueueFiles is the queue of the imports and the downloads, apart from the
// sweeps so that a long import never delays them.
const QueueFiles = "files"

// Importer runs the upload page's imports (importjob.Runner).
type Importer interface {
	// RunImport imports an import job's upload as its user and records the
	// outcome on the job. A *domain.Error other than an internal one is
	// final — the file's problems, a refusal — and is not tried again; an
	// internal one is, and is recorded as the outcome only on the
	// lastAttempt.
	RunImport(ctx context.Context, id int64, lastAttempt bool) error
}

// ExportWriter writes the large downloads into the database (the pages,
// web.Web), with the same errors as Importer.
type ExportWriter interface {
	WriteExport(ctx context.Context, id int64, lastAttempt bool) error
}

// Kinds of the files' jobs.
const (
	KindImportRun = domain.JobImportRun
	KindExportRun = domain.JobExportRun
	KindFileSweep = domain.JobFileSweep
)

// fileJobTimeout bounds an import or a download: a national list of
// students takes a few minutes on a busy 2-core machine.
const fileJobTimeout = 30 * time.Minute

// fileJobAttempts: an import is all or nothing, so an attempt that a
// crash or the timeout cut short is safely tried again; twice more is
// enough to get past a restart without repeating a hopeless file for
// hours.
const fileJobAttempts = 3

// ImportRunArgs imports one upload of the import page.
type ImportRunArgs struct {
	ImportID int64 `json:"import_id"`
}

func (ImportRunArgs) Kind() string { return KindImportRun }

func (ImportRunArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueFiles, MaxAttempts: fileJobAttempts}
}

type importRunWorker struct {
	river.WorkerDefaults[ImportRunArgs]
	imports Importer
}

func (w *importRunWorker) Timeout(*river.Job[ImportRunArgs]) time.Duration { return fileJobTimeout }

func (w *importRunWorker) Work(ctx context.Context, job *river.Job[ImportRunArgs]) error {
	return final(w.imports.RunImport(ctx, job.Args.ImportID, job.Attempt >= job.MaxAttempts))
}

// ExportRunArgs writes one large download.
type ExportRunArgs struct {
	ExportID int64 `json:"export_id"`
}

func (ExportRunArgs) Kind() string { return KindExportRun }

func (ExportRunArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueFiles, MaxAttempts: fileJobAttempts}
}

type exportRunWorker struct {
	river.WorkerDefaults[ExportRunArgs]
	exports ExportWriter
}

func (w *exportRunWorker) Timeout(*river.Job[ExportRunArgs]) time.Duration { return fileJobTimeout }

func (w *exportRunWorker) Work(ctx context.Context, job *river.Job[ExportRunArgs]) error {
	return final(w.exports.WriteExport(ctx, job.Args.ExportID, job.Attempt >= job.MaxAttempts))
}

// final cancels the job on an error its user must fix: trying again
// would only repeat it. Other errors are retried with river's backoff.
func final(err error) error {
	var de *domain.Error
	if errors.As(err, &de) && de.Code != "" && de.Code != domain.EINTERNAL {
		return river.JobCancel(err)
	}
	return err
}

// FileSweepArgs removes the files kept longer than domain.FilesKeptFor:
// downloads, the uploads of dry runs never imported, abandoned uploads.
type FileSweepArgs struct{}

func (FileSweepArgs) Kind() string { return KindFileSweep }

type fileSweepWorker struct {
	river.WorkerDefaults[FileSweepArgs]
	store *store.Store
	log   *slog.Logger
}

func (w *fileSweepWorker) Work(ctx context.Context, _ *river.Job[FileSweepArgs]) error {
	n, err := w.store.SweepFiles(ctx)
	if n > 0 {
		w.log.Info("old files deleted", "count", n)
	}
	return err
}

// Queue puts the files' jobs in the database for whichever node is free
// to take them; it works none itself, so the pages may hold one without
// being a node of the background work.
type Queue struct {
	client *river.Client[*sql.Tx]
}

// NewQueue returns a queue over st, whose Migrate has created river's
// tables.
func NewQueue(st *store.Store, log *slog.Logger) (*Queue, error) {
	if log == nil {
		log = slog.Default()
	}
	client, err := river.NewClient(st.JobsDriver(), &river.Config{Logger: quietLogger(log)})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Queue{client: client}, nil
}

// RunImport queues the import of an import job's upload.
func (q *Queue) RunImport(ctx context.Context, id int64) error {
	_, err := q.client.Insert(ctx, ImportRunArgs{ImportID: id}, nil)
	return err
}

// RunExport queues the writing of an export job's file.
func (q *Queue) RunExport(ctx context.Context, id int64) error {
	_, err := q.client.Insert(ctx, ExportRunArgs{ExportID: id}, nil)
	return err
}
