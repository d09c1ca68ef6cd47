package web

import (
	"context"
	"io"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// ImportRunner runs the imports of uploaded files in the background, so
// that the upload is answered at once and the page follows the import.
// importjob.Runner keeps the uploads in the database and queues each
// import as a background job (river) that any node may take.
type ImportRunner interface {
	// Node names the server that receives the uploads.
	Node() string
	// Save stores an upload being received, to its end, as the signed-in
	// user's, and returns its name and size.
	Save(ctx context.Context, src io.Reader) (upload string, size int64, err error)
	// Discard removes an upload that no job took.
	Discard(ctx context.Context, upload string)
	// Start queues a recorded job's import, to run as the job's user.
	Start(ctx context.Context, job domain.ImportJob) error
	// Progress is how far a job running on this node has read; false when
	// it is not running here.
	Progress(id int64) (domain.ImportProgress, bool)
}
