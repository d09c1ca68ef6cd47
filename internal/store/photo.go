package store

import (
	"context"
	"database/sql"
	"net/http"
	"slices"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

func scanPhoto(r interface{ Scan(...any) error }) (domain.Photo, error) {
	var p domain.Photo
	err := r.Scan(&p.ID, &p.EntryID, &p.ContentType, &p.Size, timeScanner{&p.CreatedAt})
	return p, err
}

// AddPhoto attaches an image to a draft or returned entry. The type is
// sniffed from the bytes, never taken from a name or a header, and the
// photo is served later with that type only.
func (s *Store) AddPhoto(ctx context.Context, entryID int64, data []byte) (domain.Photo, error) {
	if len(data) > domain.MaxPhotoBytes {
		return domain.Photo{}, domain.Invalid("photo", "error.photo.size", "the photo is too large").
			With("max", strconv.Itoa(domain.MaxPhotoBytes>>20))
	}
	p := domain.Photo{EntryID: entryID, ContentType: http.DetectContentType(data), Size: len(data)}
	if len(data) == 0 || !slices.Contains(domain.PhotoTypes, p.ContentType) {
		return domain.Photo{}, domain.Invalid("photo", "error.photo.type", "only JPEG, PNG or WebP images")
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		e, collegeID, err := s.lockEntry(ctx, tx, entryID)
		if err != nil {
			return err
		}
		if !e.Editable() {
			return stateError("error.entry.state", e.Status)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM entry_photos WHERE entry_id = $1`, entryID).Scan(&n); err != nil {
			return err
		}
		if n >= domain.MaxPhotosPerEntry {
			return domain.Invalid("photo", "error.photo.count", "too many photos").With("max", strconv.Itoa(domain.MaxPhotosPerEntry))
		}
		p.CreatedAt = s.Now().UTC()
		if err := tx.QueryRowContext(ctx, `INSERT INTO entry_photos (entry_id, content_type, size, data, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, entryID, p.ContentType, p.Size, data, timeParam(p.CreatedAt)).Scan(&p.ID); err != nil {
			return err
		}
		return s.entryChange(ctx, tx, "add_photo", entryID, collegeID, nil, p)
	})
	if err != nil {
		return domain.Photo{}, err
	}
	return p, nil
}

// Photo returns a photo's description and bytes.
func (s *Store) Photo(ctx context.Context, id int64) (domain.Photo, []byte, error) {
	var p domain.Photo
	var data []byte
	err := s.read.QueryRowContext(ctx, `SELECT id, entry_id, content_type, size, created_at, data FROM entry_photos WHERE id = $1`, id).
		Scan(&p.ID, &p.EntryID, &p.ContentType, &p.Size, timeScanner{&p.CreatedAt}, &data)
	if err != nil {
		return p, nil, notFound(err, "photo")
	}
	return p, data, nil
}

// DeletePhoto removes a photo from a draft or returned entry.
func (s *Store) DeletePhoto(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var p domain.Photo
		err := tx.QueryRowContext(ctx, `SELECT id, entry_id, content_type, size, created_at FROM entry_photos WHERE id = $1`, id).
			Scan(&p.ID, &p.EntryID, &p.ContentType, &p.Size, timeScanner{&p.CreatedAt})
		if err != nil {
			return notFound(err, "photo")
		}
		e, collegeID, err := s.lockEntry(ctx, tx, p.EntryID)
		if err != nil {
			return err
		}
		if !e.Editable() {
			return stateError("error.entry.state", e.Status)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM entry_photos WHERE id = $1`, id); err != nil {
			return err
		}
		return s.entryChange(ctx, tx, "delete_photo", p.EntryID, collegeID, p, nil)
	})
}
