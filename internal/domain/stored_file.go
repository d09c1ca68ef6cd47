package domain

import (
	"context"
	"io"
	"time"
)

// FileChunk is how much of a file the database keeps in one row: small
// enough that neither an upload nor a download is held whole in memory,
// large enough that a 100 MB upload is a hundred rows.
const FileChunk = 1 << 20

// Files keeps files in the database (an upload waiting for its import, a
// download written by a background job), so that every node reads what
// any node wrote and a backup of the database holds them too.
type Files interface {
	// SaveFile stores src, to its end, as a file of the user's and returns
	// its ID and size. A file is readable only once whole: a failed or
	// abandoned upload leaves an incomplete file, which the sweep removes.
	SaveFile(ctx context.Context, userID int64, src io.Reader) (id, size int64, err error)
	// CopyFile writes a whole file's bytes to w in order; ENOTFOUND if
	// there is no such whole file.
	CopyFile(ctx context.Context, id int64, w io.Writer) error
	// DeleteFile removes a file; removing one that is gone is no error.
	DeleteFile(ctx context.Context, id int64) error
}

// FilesKeptFor is how long the database keeps a download written by a
// background job, and an upload whose clean dry run waits for its real
// import.
const FilesKeptFor = 24 * time.Hour
