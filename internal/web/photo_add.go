package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// photoAdd attaches a photo to a draft or returned entry. A file that is
// not a JPEG, PNG or WebP image by its content, or is too large, comes back
// on the entry's page with the reason.
func (h *Web) photoAdd(w http.ResponseWriter, r *http.Request) {
	e, ok := pathRecord(h, w, r, "entry", h.reg.Entry)
	if !ok {
		return
	}
	up, err := readPhotoUpload(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	err = up.photoErr
	if err == nil && up.photo == nil {
		err = domain.Invalid("photo", "error.photo.required", "choose a photo")
	}
	if err == nil {
		_, err = h.reg.AddPhoto(r.Context(), e.ID, up.photo)
	}
	if err != nil {
		h.entryProblem(w, r, e, err, entryShowData{})
		return
	}
	flash(r.Context(), "web.logbook.flash.photo_added")
	to := entryURL(e.ID)
	if up.form.Get("from") == "edit" {
		to = editURL(e.ID)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}
