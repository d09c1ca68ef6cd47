package api

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// photo is an image attached to a logbook entry as evidence; url is where
// to fetch it with the same token.
type photo struct {
	ID          int64     `json:"id"`
	EntryID     int64     `json:"entry_id"`
	ContentType string    `json:"content_type"`
	Size        int       `json:"size"`
	URL         string    `json:"url"`
	CreatedAt   time.Time `json:"created_at"`
}

func photoOf(p domain.Photo) photo {
	return photo{ID: p.ID, EntryID: p.EntryID, ContentType: p.ContentType, Size: p.Size,
		URL: Prefix + "/photos/" + strconv.FormatInt(p.ID, 10), CreatedAt: p.CreatedAt.UTC()}
}

// errPhotoType refuses a body that does not even claim to be an image.
// What the image really is the store decides by its content.
var errPhotoType = domain.Invalid("photo", "error.photo.type", "only JPEG, PNG or WebP images can be attached")

// addPhoto answers POST /api/v1/logbook/{id}/photos: the body is the image
// itself, sent with its image/… Content-Type. One byte more than the
// largest photo allowed is read, so the store can tell a photo that is too
// large from one that just fits, and no more: a huge upload is not read
// into memory.
func (a *API) addPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "entry")
	if err != nil {
		return err
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "image/") {
		return errPhotoType
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, domain.MaxPhotoBytes+1))
	if err != nil {
		return &domain.Error{Code: domain.EINVALID, Key: "error.api.body_syntax", Message: "the body could not be read", Err: err}
	}
	p, err := a.reg.AddPhoto(r.Context(), id, data)
	if err != nil {
		return err
	}
	writeCreated(w, r, "/photos/"+strconv.FormatInt(p.ID, 10), photoOf(p))
	return nil
}

// getPhoto answers GET /api/v1/photos/{id}: the image with the type its
// content was sniffed as when it was stored, never a type the uploader
// claimed. It is shown inline and never sniffed again by the browser, so
// no upload can turn into a page.
func (a *API) getPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "photo")
	if err != nil {
		return err
	}
	p, data, err := a.reg.Photo(r.Context(), id)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", p.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Content-Disposition", "inline")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.WriteHeader(http.StatusOK)
	w.Write(data)
	return nil
}

// deletePhoto answers DELETE /api/v1/photos/{id}: the student removes a
// photo from a draft or returned entry. No content follows.
func (a *API) deletePhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "photo")
	if err != nil {
		return err
	}
	if err := a.reg.DeletePhoto(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
