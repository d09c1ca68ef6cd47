package web

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// photoUpload is a posted form that may carry a photo: its fields, the photo's
// bytes if one was chosen, and the photo's problem, found before anything
// is saved so that a wrong file costs the student nothing they typed.
type photoUpload struct {
	form     url.Values
	photo    []byte
	photoErr error
}

// maxPhotoUpload bounds the body of a form with a photo. A photo over the limit
// is still read to its end (and refused by its size, with the form kept as
// typed) unless the body is larger than this.
const maxPhotoUpload = 4 * domain.MaxPhotoBytes

// readPhotoUpload reads a multipart form field by field, streaming the photo
// part, so that a photo that is too large neither fills memory nor loses
// the other fields. A form sent without a file (urlencoded) reads as usual.
func readPhotoUpload(w http.ResponseWriter, r *http.Request) (photoUpload, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if err := parseForm(w, r); err != nil {
			return photoUpload{}, err
		}
		return photoUpload{form: r.PostForm}, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxPhotoUpload)
	mr, err := r.MultipartReader()
	if err != nil {
		return photoUpload{}, domain.Invalid("form", "error.form", "the form could not be read")
	}
	u := photoUpload{form: url.Values{}}
	fieldBytes := 0
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return u, nil
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			// The fields come before the file in the form; what was read
			// is kept and the photo refused by its size.
			u.photo, u.photoErr = nil, photoTooLarge()
			return u, nil
		}
		if err != nil {
			return photoUpload{}, domain.Invalid("form", "error.form", "the form could not be read")
		}
		name := part.FormName()
		if part.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(part, int64(maxForm-fieldBytes+1)))
			fieldBytes += len(b)
			if err != nil || fieldBytes > maxForm {
				return photoUpload{}, domain.Invalid("form", "error.form", "the form could not be read")
			}
			u.form.Add(name, string(b))
			continue
		}
		if name != "photo" || u.photo != nil || u.photoErr != nil {
			// One photo a form; anything else is drained and ignored.
			io.Copy(io.Discard, part)
			continue
		}
		var buf bytes.Buffer
		n, err := io.Copy(&buf, io.LimitReader(part, domain.MaxPhotoBytes+1))
		if err == nil && n > domain.MaxPhotoBytes {
			_, err = io.Copy(io.Discard, part)
			u.photoErr = photoTooLarge()
		}
		if errors.As(err, &tooBig) {
			u.photoErr = photoTooLarge()
			return u, nil
		}
		if err != nil {
			return photoUpload{}, domain.Invalid("form", "error.form", "the form could not be read")
		}
		if u.photoErr == nil && n > 0 {
			u.photo = buf.Bytes()
			u.photoErr = checkPhoto(u.photo)
		}
	}
}

// checkPhoto refuses what the store would: an image is known by its
// content, not by its name or the browser's word.
func checkPhoto(data []byte) error {
	if len(data) > domain.MaxPhotoBytes {
		return photoTooLarge()
	}
	if !slices.Contains(domain.PhotoTypes, http.DetectContentType(data)) {
		return domain.Invalid("photo", "error.photo.type", "only JPEG, PNG or WebP images can be attached")
	}
	return nil
}

func photoTooLarge() error {
	return domain.Invalid("photo", "error.photo.size", "the photo is too large").
		With("max", strconv.Itoa(domain.MaxPhotoBytes>>20))
}
