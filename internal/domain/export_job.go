package domain

import (
	"context"
	"io"
	"time"
)

// ExportJob is a download of a list too long to write within its request
// (more rows than the pages' threshold): a background job writes the file
// into the database as the person who asked, and their page offers it
// once it is ready, for FilesKeptFor. The job keeps the list's path and
// query as they were asked, and the asker's role at the time: the job
// replays the same download, under the same checks, in the same language.
type ExportJob struct {
	ID     int64
	UserID int64
	Role   Role
	// Path and Query are the list's download as requested
	// (/students/export and format=xlsx&region=…).
	Path, Query string
	Lang        string
	// Rows is how many rows the list had when asked.
	Rows int
	// Address is the network address the download was asked from; the
	// export's audit entry, written by the job, names it.
	Address string
	Status  ImportJobStatus
	// FileID is the written file (0 until done, and again once removed),
	// FileName and ContentType what the download is sent as, Size its
	// length.
	FileID      int64
	FileName    string
	ContentType string
	Size        int64
	// ErrorKey is the catalog key of why a failed job stopped, with its
	// values.
	ErrorKey    string
	ErrorParams map[string]string

	CreatedAt, FinishedAt time.Time
}

// Expired reports whether the job's file is no longer offered at now.
func (j ExportJob) Expired(now time.Time) bool {
	return now.Sub(j.CreatedAt) >= FilesKeptFor
}

// ExportJobs are the large downloads as their asker sees them: each is
// its asker's alone.
type ExportJobs interface {
	// CreateExportJob records a download to be written in the background
	// as the actor, and sets its ID, user, role, status and creation time.
	CreateExportJob(ctx context.Context, job *ExportJob) error
	// ExportJob returns one of the actor's jobs; ENOTFOUND for another's.
	ExportJob(ctx context.Context, id int64) (ExportJob, error)
	// CopyExportFile writes the file of one of the actor's finished jobs
	// to w; ENOTFOUND for another's, or once the file is removed.
	CopyExportFile(ctx context.Context, id int64, w io.Writer) error
}

// ExportJobStore keeps the export jobs: what the pages ask for and what
// the background job writes as it goes.
type ExportJobStore interface {
	CreateExportJob(ctx context.Context, job *ExportJob) error
	// ExportJob returns one job; ENOTFOUND if there is none.
	ExportJob(ctx context.Context, id int64) (ExportJob, error)
	// StartExportJob marks a job running (again, on a retry); ECONFLICT
	// once it has finished.
	StartExportJob(ctx context.Context, id int64) error
	// FinishExportJob records a job's end: done with its file, or failed
	// with its error.
	FinishExportJob(ctx context.Context, job ExportJob) error
}
