package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// exportShowData is an export job's page: while the file is being
// prepared a note that htmx asks again every few seconds, then the
// download, or why there is none.
type exportShowData struct {
	URL      string
	Rows     string // "61 234 rows", counted when asked
	Asked    string
	Running  bool
	Ready    bool
	FileURL  string
	FileName string
	Size     string
	Until    string // when the file is removed
	Error    string // why the job failed
	Expired  bool
	ListURL  string // the list the file was asked from
}

// exportShow shows one of the user's large downloads. htmx's requests get
// the note alone, and once the file is ready (or the job has failed) the
// status 286 that stops the polling. Without JavaScript the page reloads
// itself.
func (h *Web) exportShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "export")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	j, err := h.exportJobs.ExportJob(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := h.newView(r, "")
	d := exportShowData{
		URL:     exportURL(j.ID),
		Rows:    v.Plural("web.export_job.rows", j.Rows),
		Asked:   v.Time(j.CreatedAt),
		Running: !j.Status.Finished(),
		ListURL: listURL(j),
	}
	switch {
	case d.Running:
	case j.Status == domain.ImportFailed:
		d.Error = translated(v, j.ErrorKey, j.ErrorParams, "")
	case j.FileID == 0 || j.Expired(h.now()):
		d.Expired = true
	default:
		d.Ready = true
		d.FileURL = exportURL(j.ID) + "/file"
		d.FileName, d.Size = j.FileName, fileSize(v, j.Size)
		d.Until = v.Time(j.CreatedAt.Add(domain.FilesKeptFor))
	}
	v.Title = v.T("web.export_job.title")
	v.Data = d
	if isPartial(r) {
		status := http.StatusOK
		if !d.Running {
			status = htmxStopPolling
		}
		h.renderNamed(w, r, status, "export_show", "note", v)
		return
	}
	h.render(w, r, http.StatusOK, "export_show", v)
}

// listURL is the list a download was asked from, under its filters.
func listURL(j domain.ExportJob) string {
	q, _ := url.ParseQuery(j.Query)
	q.Del("format")
	return pageURL(strings.TrimSuffix(j.Path, "/export"), q)
}

// exportFile sends the file of one of the user's finished downloads; 404
// for another user's, and once it has expired.
func (h *Web) exportFile(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "export")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	j, err := h.exportJobs.ExportJob(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if j.Status != domain.ImportDone || j.FileID == 0 || j.Expired(h.now()) {
		h.fail(w, r, domain.NotFound("export"))
		return
	}
	// The headers go with the first bytes, so that a file gone meanwhile
	// is still the error page.
	out := &commitWriter{w: w, commit: func() {
		hd := w.Header()
		hd.Set("Content-Type", j.ContentType)
		hd.Set("Content-Disposition", `attachment; filename="`+j.FileName+`"`)
		hd.Set("Cache-Control", "no-store")
		hd.Set("X-Content-Type-Options", "nosniff")
	}}
	if err := h.exportJobs.CopyExportFile(ctx, id, &deadlineWriter{w: out, rc: http.NewResponseController(w)}); err != nil {
		if !out.sent {
			h.fail(w, r, err)
			return
		}
		panic(http.ErrAbortHandler)
	}
}
