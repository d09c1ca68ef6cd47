package domain

import (
	"context"
	"time"
)

// ImportJobStatus is where an uploaded file's import is.
type ImportJobStatus string

// An import job is queued when its file is saved, running while its rows
// are read and checked, and then done (counted, or stopped by the
// problems of the file: see ImportJob.ProblemTotal) or failed (the file
// could not be imported at all: see ImportJob.ErrorKey).
const (
	ImportQueued  ImportJobStatus = "queued"
	ImportRunning ImportJobStatus = "running"
	ImportDone    ImportJobStatus = "done"
	ImportFailed  ImportJobStatus = "failed"
)

// Finished reports whether the job will change no more.
func (s ImportJobStatus) Finished() bool { return s == ImportDone || s == ImportFailed }

// ImportJob is a file uploaded on the import page and its import, which
// runs in the background: who brought which file, how far the import has
// read it, and what came of it. Its problems and its error are stored as
// catalog keys with their values, not as text, so that whoever opens the
// job reads them in their own language.
type ImportJob struct {
	ID       int64
	UserID   int64
	UserName string // the uploader's, read with the job
	Kind     ImportKind
	FileName string // as the user's computer named it
	FileSize int64
	Sheet    string // the XLSX sheet asked for; "" for the first
	DryRun   bool
	// SourceID is the dry run whose file this import writes for real
	// (0 for a file uploaded as it is).
	SourceID int64
	// RunID is the import that wrote this dry run's file for real, once
	// someone started it (0 until then); read with the job.
	RunID  int64
	Status ImportJobStatus
	// Node is the server that received the file. Upload names the file,
	// kept in the database (Files) so that any node may import it; ""
	// once it is removed: after an import that wrote it, or a day after
	// the upload.
	Node   string
	Upload string
	// Address is the network address the upload came from; the import's
	// audit entries, written later on whichever node runs the job, name it.
	Address  string
	Progress ImportProgress
	// The counts of a finished import (or of what a dry run would do).
	Rows, Inserted, Updated, Unchanged int
	// Problems are the first problems of a file that could not be
	// imported, by line; ProblemTotal counts them all. Nothing was written.
	Problems     []ImportProblem
	ProblemTotal int
	// ErrorKey is the catalog key of why a failed import stopped (an
	// internal error is "error.internal"), with its values.
	ErrorKey    string
	ErrorParams map[string]string

	CreatedAt, StartedAt, FinishedAt time.Time
}

// Clean reports whether a finished dry run found nothing wrong, so its
// file may be imported for real.
func (j ImportJob) Clean() bool {
	return j.Status == ImportDone && j.ProblemTotal == 0 && j.ErrorKey == ""
}

// ImportProgress is how far an import has read its file: rows, and bytes
// of a CSV (a workbook is unzipped as it is read, so its bytes say little).
type ImportProgress struct {
	Rows  int
	Bytes int64
}

// ImportProblem is a problem of an uploaded file at its line (CSV) or row
// (XLSX) and column (as the file heads it; "" for the row or the file as a
// whole): the catalog key of what is wrong and its values, and the English
// text for logs and for a key the catalog lacks.
type ImportProblem struct {
	Line    int               `json:"line,omitempty"`
	Column  string            `json:"column,omitempty"`
	Key     string            `json:"key"`
	Params  map[string]string `json:"params,omitempty"`
	Message string            `json:"message,omitempty"`
}

// ImportJobFilter selects import jobs for a list, newest first.
type ImportJobFilter struct {
	UserID int64 // 0 for everyone's
	Page   Page
}

// ImportJobs are the uploads as the import page shows them: a user's own,
// and the ministry's view of everyone's.
type ImportJobs interface {
	// CreateImportJob records an uploaded file as a queued job and sets
	// its ID, status and creation time. With SourceID it takes over the
	// upload of that clean dry run instead, to import the same file for
	// real: ECONFLICT (error.import_job.file_gone) when another import has
	// taken it already or it was removed.
	CreateImportJob(ctx context.Context, job *ImportJob) error
	// ImportJob returns one job; ENOTFOUND if there is none.
	ImportJob(ctx context.Context, id int64) (ImportJob, error)
	// ImportJobList returns a page of jobs, newest first.
	ImportJobList(ctx context.Context, f ImportJobFilter) (List[ImportJob], error)
}

// ImportJobStore keeps the import jobs: ImportJobs, and what the runner of
// the imports writes as a job goes.
type ImportJobStore interface {
	ImportJobs
	// StartImportJob marks a queued job running, or a running one
	// running again from the start (a retry); ECONFLICT once finished.
	StartImportJob(ctx context.Context, id int64) error
	// ImportJobProgress records how far a running job has read.
	ImportJobProgress(ctx context.Context, id int64, p ImportProgress) error
	// FinishImportJob records a job's end: its status (done or failed),
	// progress, counts, problems, error and whether its upload is kept
	// (a file let go of is removed).
	FinishImportJob(ctx context.Context, job ImportJob) error
}
