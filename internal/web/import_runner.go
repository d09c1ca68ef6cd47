package web

import (
	"context"
	"io"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// ImportRunner runs the imports of uploaded files in the background, so
// that the upload is answered at once and the page follows the import.
// importjob.Runner runs them on the node that received the file; issue 11
// puts a job queue (river) behind the same few methods.
type ImportRunner interface {
	// Node names the server that keeps the uploads Save stores.
	Node() string
	// Save stores an upload being received, to its end, and returns its
	// name and size.
	Save(src io.Reader) (upload string, size int64, err error)
	// Discard removes an upload that no job took.
	Discard(upload string)
	// Start runs a queued job as the actor of ctx, outliving the request.
	Start(ctx context.Context, job domain.ImportJob)
	// Progress is how far a job running on this node has read; false when
	// it is not running here.
	Progress(id int64) (domain.ImportProgress, bool)
}
