package store

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Files kept in the database (domain.Files, migration 00016): the import
// page's uploads and the large downloads, in chunks of domain.FileChunk
// bytes. Each chunk is its own statement, not one transaction for the
// file: an upload arrives at the pace of the uploader's network, and on
// SQLite a transaction that long would hold the one writer from everyone.
// The file is marked complete after its last chunk; until then it is not
// read, and the sweep removes it a day later.

var _ domain.Files = (*Store)(nil)

// SaveFile stores src as a file of userID's (domain.Files).
func (s *Store) SaveFile(ctx context.Context, userID int64, src io.Reader) (id, size int64, err error) {
	if err := s.write.QueryRowContext(ctx, `INSERT INTO stored_files (user_id, created_at) VALUES ($1, $2) RETURNING id`,
		userID, timeParam(s.Now())).Scan(&id); err != nil {
		return 0, 0, s.dialect.translate(err)
	}
	defer func() {
		if err != nil {
			s.DeleteFile(context.WithoutCancel(ctx), id)
		}
	}()
	buf := make([]byte, domain.FileChunk)
	for seq := 0; ; seq++ {
		n, rerr := io.ReadFull(src, buf)
		if n > 0 {
			if _, err := s.write.ExecContext(ctx, `INSERT INTO stored_file_chunks (file_id, seq, data) VALUES ($1, $2, $3)`,
				id, seq, buf[:n]); err != nil {
				return 0, 0, s.dialect.translate(err)
			}
			size += int64(n)
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			break
		}
		if rerr != nil {
			return 0, 0, rerr
		}
	}
	if _, err := s.write.ExecContext(ctx, `UPDATE stored_files SET size = $2, complete = $3 WHERE id = $1`, id, size, true); err != nil {
		return 0, 0, s.dialect.translate(err)
	}
	return id, size, nil
}

// CopyFile writes a whole file to w, a chunk at a time (domain.Files);
// ENOTFOUND unless the file is complete.
func (s *Store) CopyFile(ctx context.Context, id int64, w io.Writer) error {
	var complete bool
	err := s.read.QueryRowContext(ctx, `SELECT complete FROM stored_files WHERE id = $1`, id).Scan(&complete)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !complete {
		return domain.NotFound("file")
	}
	if err != nil {
		return err
	}
	// A chunk at a time, each its own query, so that one row at most is
	// in memory whatever the driver buffers.
	for seq := 0; ; seq++ {
		var data []byte
		err := s.read.QueryRowContext(ctx, `SELECT data FROM stored_file_chunks WHERE file_id = $1 AND seq = $2`, id, seq).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
}

// DeleteFile removes a file and its chunks (domain.Files).
func (s *Store) DeleteFile(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		return deleteFile(ctx, tx, id)
	})
}

func deleteFile(ctx context.Context, tx *sql.Tx, id int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM stored_file_chunks WHERE file_id = $1`, id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM stored_files WHERE id = $1`, id)
	return err
}

// uploadID is the file an import job's upload names; 0 for none (or a
// name from before migration 00016).
func uploadID(upload string) int64 {
	id, err := strconv.ParseInt(upload, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

// SweepFiles removes the files kept longer than domain.FilesKeptFor: the
// uploads of dry runs never imported for real, the downloads, and the
// uploads abandoned half-way. An upload that an import still waits for or
// runs is kept, however old. It returns how many files went.
func (s *Store) SweepFiles(ctx context.Context) (int, error) {
	before := timeParam(s.Now().Add(-domain.FilesKeptFor))
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		n = 0
		// The finished imports forget their old uploads first, so that
		// nobody offers to import a file that is gone.
		if _, err := tx.ExecContext(ctx, `
			UPDATE import_jobs SET upload = ''
			WHERE upload <> '' AND status IN ('done', 'failed') AND created_at < $1`, before); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `
			SELECT f.id FROM stored_files f
			WHERE f.created_at < $1
			  AND NOT EXISTS (SELECT 1 FROM import_jobs j WHERE j.upload = CAST(f.id AS TEXT))
			ORDER BY f.id`, before)
		if err != nil {
			return err
		}
		ids, err := collect(rows, func(row interface{ Scan(...any) error }) (int64, error) {
			var id int64
			return id, row.Scan(&id)
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE export_jobs SET file_id = NULL WHERE file_id = $1`, id); err != nil {
				return err
			}
			if err := deleteFile(ctx, tx, id); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	return n, err
}
