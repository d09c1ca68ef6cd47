package web

import (
	"net/http"
	"strings"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/importer"
)

// importListData is the upload page: the form, the kinds of file the user
// may import with their columns and templates, and the user's uploads
// (everyone's for the ministry), newest first.
type importListData struct {
	listing
	Rows     []importRow
	Kinds    []importKind
	Form     importForm
	MaxSize  string // "100"
	Accept   string // the file input's accept attribute
	Everyone bool   // the list has everyone's uploads: it names the uploader
}

// importForm is the upload form as posted, to show it again with its
// problems; a new form checks the file only (dry run).
type importForm struct {
	Kind   string
	Sheet  string
	DryRun bool
	Errors formErrors
}

// importKind is a kind of file the user may import, as the page offers it.
type importKind struct {
	Value, Label, About string
	TemplateURL         string
	Columns             []importColumn
	Selected            bool
}

// importColumn is a column of a kind: its header in the page's language,
// the other headers accepted for it, and whether the file must have it.
type importColumn struct {
	Header, Also string
	Required     bool
}

// importRow is one upload in the list.
type importRow struct {
	URL, File, Kind, Mode, User string
	Status, StatusClass         string
	Uploaded, Rows              string
}

// importList is the upload page.
func (h *Web) importList(w http.ResponseWriter, r *http.Request) {
	h.renderImportList(w, r, http.StatusOK, importForm{DryRun: true})
}

// renderImportList renders the upload page with status and the form as
// given (with its problems, after a refused upload).
func (h *Web) renderImportList(w http.ResponseWriter, r *http.Request, status int, form importForm) {
	ctx := r.Context()
	v := h.newView(r, "imports")
	q := newQuery(r)
	f := domain.ImportJobFilter{Page: q.page()}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.importJobs.ImportJobList(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := importListData{
		listing:  listing{Path: "/imports"},
		Kinds:    importKinds(v, domain.ImportKind(form.Kind)),
		Form:     form,
		MaxSize:  maxImportMB,
		Accept:   importAccept,
		Everyone: v.User != nil && v.User.Role == domain.RoleMinistry,
	}
	d.Summary = v.Plural("web.imports.count", list.Total)
	d.finish(w, v, newParams(), f.Page, list.Total)
	for _, j := range list.Items {
		d.Rows = append(d.Rows, importRowOf(v, j))
	}
	v.Title = v.T("web.imports.title")
	v.Data = d
	h.render(w, r, status, "import_list", v)
}

// importKinds are the kinds of file the page's user may import, in the
// order of domain.ImportKinds: a kind added there, with its action in the
// policy table and its columns in the importer, appears by itself.
func importKinds(v *view, selected domain.ImportKind) []importKind {
	var out []importKind
	for _, k := range domain.ImportKinds {
		if !v.Can(string(auth.ImportAction(k))) {
			continue
		}
		specs, err := importer.Columns(k)
		if err != nil {
			continue
		}
		ik := importKind{Value: string(k), Label: importKindName(v, k), TemplateURL: "/imports/templates/" + string(k),
			Selected: k == selected}
		if key := "web.import.about." + string(k); v.p.Has(key) {
			ik.About = v.T(key)
		}
		for _, c := range specs {
			header := columnHeader(c, v.Lang)
			var also []string
			for _, a := range append([]string{c.Name}, c.Headers...) {
				if a != header && !containsFold(also, a) {
					also = append(also, a)
				}
			}
			ik.Columns = append(ik.Columns, importColumn{Header: header, Also: strings.Join(also, ", "), Required: c.Required})
		}
		out = append(out, ik)
	}
	return out
}

// importKindName names a kind of file in the page's language; a kind the
// catalog does not know yet shows as its name in the command line.
func importKindName(v *view, k domain.ImportKind) string {
	if key := "web.import.kind." + string(k); v.p.Has(key) {
		return v.T(key)
	}
	return string(k)
}

// importRowOf is one upload of the list.
func importRowOf(v *view, j domain.ImportJob) importRow {
	row := importRow{
		URL:      importURL(j.ID),
		File:     j.FileName,
		Kind:     importKindName(v, j.Kind),
		Mode:     v.T("web.import.mode.import"),
		User:     j.UserName,
		Uploaded: v.Time(j.CreatedAt),
		Rows:     v.Number(max(j.Rows, j.Progress.Rows)),
	}
	if j.DryRun {
		row.Mode = v.T("web.import.mode.check")
	}
	row.Status, row.StatusClass = importStatus(v, j)
	return row
}

// importStatus is the badge of an upload: where it is, or how it ended.
func importStatus(v *view, j domain.ImportJob) (label, class string) {
	switch {
	case j.Status == domain.ImportQueued:
		return v.T("web.import.status.queued"), "badge state draft"
	case j.Status == domain.ImportRunning:
		return v.T("web.import.status.running"), "badge state submitted"
	case j.Status == domain.ImportFailed:
		return v.T("web.import.status.failed"), "badge state missing"
	case j.ProblemTotal > 0:
		return v.Plural("web.import.status.problems", j.ProblemTotal), "badge state returned"
	case j.DryRun:
		return v.T("web.import.status.checked"), "badge state open"
	}
	return v.T("web.import.status.imported"), "badge state signed"
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
