package web

import "net/http"

// photoDelete removes a photo from a draft or returned entry and goes back
// to the entry's form or page, where it was removed from.
func (h *Web) photoDelete(w http.ResponseWriter, r *http.Request) {
	id, ok := h.postedID(w, r, "photo")
	if !ok {
		return
	}
	ctx := r.Context()
	p, _, err := h.reg.Photo(ctx, id)
	if err == nil {
		err = h.reg.DeletePhoto(ctx, id)
	}
	if err != nil {
		h.fail(w, r, localizeState(h.newView(r, "logbook"), err))
		return
	}
	flash(ctx, "web.logbook.flash.photo_deleted")
	to := entryURL(p.EntryID)
	if r.PostFormValue("from") == "edit" {
		to = editURL(p.EntryID)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}
