package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// importShowData is an upload's page: the file and, in "results" (which
// htmx fetches every second while the import runs), its progress and then
// its outcome.
type importShowData struct {
	URL                          string
	File, Kind, Mode, Size, User string
	Uploaded, Finished           string
	Status, StatusClass          string
	// Running is set while the import is queued or running: the page
	// polls, or reloads itself without JavaScript.
	Running bool
	// The progress bar: of the bytes of a CSV (HasMax), of rows only for a
	// workbook, whose length in rows is not known before its end.
	HasMax          bool
	Value, Max      int64
	Progress        string
	Figures         []importFigure
	Outcome         string // the sentence that says what happened
	NothingWritten  bool   // the problems or the failure wrote nothing
	Error           string // why a failed import stopped
	Problems        []importProblemRow
	ProblemsShown   string // "the first 50 of 61", when some are left out
	CanImport       bool   // a clean dry run of the reader's own, with its file kept
	RunURL          string // the real import started from this dry run
	SourceURL       string // the dry run this import's file came from
	Problem         string // a refused "Import" click
	ImportActionURL string
}

type importFigure struct{ Label, Value string }

// importProblemRow is one problem of the file: where, and what in the
// reader's language.
type importProblemRow struct {
	Line, Column, Reason string
}

// importShow shows one upload to its owner (or the ministry): while the
// import runs, a progress bar; then the counts, or every problem of the
// file by row and column in the reader's language.
func (h *Web) importShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "import")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderImport(w, r, http.StatusOK, id, "")
}

// renderImport renders an upload's page with status, and the reason a
// click on Import was refused.
func (h *Web) renderImport(w http.ResponseWriter, r *http.Request, status int, id int64, problem string) {
	v := h.newView(r, "imports")
	j, err := h.importJobs.ImportJob(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// On this node a running import's progress is here before it reaches
	// the row (on SQLite, where the import holds the only writer, it
	// reaches the row only at the end).
	if p, ok := h.imports.Progress(j.ID); ok && !j.Status.Finished() {
		j.Progress = p
	}
	d := importShowData{
		URL:             importURL(j.ID),
		File:            j.FileName,
		Kind:            importKindName(v, j.Kind),
		Mode:            v.T("web.import.mode.import"),
		Size:            fileSize(v, j.FileSize),
		User:            j.UserName,
		Uploaded:        v.Time(j.CreatedAt),
		Finished:        v.Time(j.FinishedAt),
		Running:         !j.Status.Finished(),
		Problem:         problem,
		ImportActionURL: importURL(j.ID) + "/run",
	}
	if j.DryRun {
		d.Mode = v.T("web.import.mode.check")
	}
	d.Status, d.StatusClass = importStatus(v, j)
	if j.SourceID != 0 {
		d.SourceURL = importURL(j.SourceID)
	}
	switch {
	case d.Running:
		importProgress(v, j, &d)
	case j.Status == domain.ImportFailed:
		d.NothingWritten = true
		d.Error = translated(v, j.ErrorKey, j.ErrorParams, "")
		d.Outcome = v.T("web.import.outcome.failed")
	case j.ProblemTotal > 0:
		d.NothingWritten = true
		d.Outcome = v.Plural("web.import.outcome.problems", j.ProblemTotal)
		for _, p := range j.Problems {
			row := importProblemRow{Line: v.T("web.import.whole_file"), Column: "—", Reason: translated(v, p.Key, p.Params, p.Message)}
			if p.Line > 0 {
				row.Line = v.T("web.import.row", "n", v.Number(p.Line))
			}
			if p.Column != "" {
				row.Column = p.Column
			}
			d.Problems = append(d.Problems, row)
		}
		if len(j.Problems) < j.ProblemTotal {
			d.ProblemsShown = v.T("web.import.problems_shown", "shown", v.Number(len(j.Problems)), "total", v.Number(j.ProblemTotal))
		}
	default:
		d.Figures = []importFigure{
			{v.T("web.import.figure.rows"), v.Number(j.Rows)},
			{v.T("web.import.figure.inserted"), v.Number(j.Inserted)},
			{v.T("web.import.figure.updated"), v.Number(j.Updated)},
			{v.T("web.import.figure.unchanged"), v.Number(j.Unchanged)},
		}
		switch {
		case !j.DryRun:
			d.Outcome = v.T("web.import.outcome.imported")
		case j.RunID != 0:
			d.Outcome = v.T("web.import.outcome.checked_run")
			d.RunURL = importURL(j.RunID)
		case j.Upload == "":
			d.Outcome = v.T("web.import.outcome.checked_gone")
		default:
			d.Outcome = v.T("web.import.outcome.checked")
			d.CanImport = v.User != nil && v.User.ID == j.UserID
		}
	}
	v.Title = v.T("web.import.title", "file", j.FileName)
	v.Data = d
	h.render(w, r, status, "import_show", v)
}

// importProgress fills in the progress bar of a running import.
func importProgress(v *view, j domain.ImportJob, d *importShowData) {
	rows := v.Plural("web.import.rows_read", j.Progress.Rows)
	switch {
	case j.Status == domain.ImportQueued:
		d.Progress = v.T("web.import.progress.queued")
	case j.Progress.Bytes > 0 && j.FileSize > 0:
		d.HasMax, d.Value, d.Max = true, min(j.Progress.Bytes, j.FileSize), j.FileSize
		d.Progress = v.T("web.import.progress.percent", "percent", v.Number(int(100*d.Value/d.Max)), "rows", rows)
	default:
		d.Progress = rows
	}
}

// translated is the message of a stored key in the page's language, or
// the stored English text when the catalog lacks the key.
func translated(v *view, key string, params map[string]string, english string) string {
	if key != "" && v.p.Has(key) {
		return v.p.TMap(key, params)
	}
	if english != "" {
		return english
	}
	return v.T("error.internal")
}

// fileSize is a file's size for people: kilobytes under a megabyte,
// megabytes with one decimal above.
func fileSize(v *view, n int64) string {
	if n < 1<<20 {
		return v.T("web.import.size_kb", "n", v.Number(int((n+1023)>>10)))
	}
	tenths := int(n * 10 >> 20)
	s := v.Number(tenths/10) + "," + string(rune('0'+tenths%10))
	if v.Lang == "en" {
		s = v.Number(tenths/10) + "." + string(rune('0'+tenths%10))
	}
	return v.T("web.import.size_mb", "n", s)
}
