package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// importRun imports for real the file of a clean dry run of the user's
// own: a new job over the same upload, started at once. A second click,
// or a file no longer kept, comes back on the dry run's page with the
// reason.
func (h *Web) importRun(w http.ResponseWriter, r *http.Request) {
	id, ok := h.postedID(w, r, "import")
	if !ok {
		return
	}
	job := domain.ImportJob{SourceID: id, Node: h.imports.Node()}
	err := h.importJobs.CreateImportJob(r.Context(), &job)
	if domain.ErrorCode(err) == domain.ECONFLICT {
		v := h.newView(r, "imports")
		h.renderImport(w, r, http.StatusConflict, id, translated(v, domain.AsError(err).Key, nil, ""))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.imports.Start(r.Context(), job); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, importURL(job.ID), http.StatusSeeOther)
}
