package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// listing is what the three list pages share: the filter form, the
// pagination and the canonical URL of what is shown.
type listing struct {
	Path        string // the list's path, also the form's action
	Q           string // the search text
	SearchLabel string
	SearchHint  string
	Selects     []selectField
	// Chips are filters that arrive by links from other pages (an
	// enterprise's trainees, a group): the form has no control for them, so
	// it keeps them in hidden fields and shows each with a way to remove it.
	Chips []chip
	Pager pager
	// Filtered is set when a search or filter narrows the list, so the empty
	// state offers to clear them rather than saying the registry is empty.
	Filtered bool
	Summary  string // "30 students"
	URL      string // the canonical URL of this page of the list
	// ExportPath is the list's download (/students/export), set by lists
	// that have one; finish turns it into the CSV and XLSX links under the
	// page's filters, shown while the list has rows.
	ExportPath            string
	ExportCSV, ExportXLSX string
	// OOB holds the selects that depend on another filter (cities of the
	// chosen region…), re-rendered out of band in htmx responses so they
	// follow the filter without reloading the form the user is typing in.
	OOB []selectField
}

// selectField is one select of the filter form; Any labels the empty
// option that means "no filter" (none for the sort and page size).
type selectField struct {
	ID, Name, Label, Any string
	Options              []option
	Groups               []optgroup
	Dependent            bool // re-rendered out of band on htmx requests
	OOB                  bool // rendering the out-of-band copy
}

// chip is a filter without a control in the form: the parameter and its
// value, what to show for it, and the URL of the list without it.
type chip struct {
	Param, Value string
	Label, Shown string
	RemoveURL    string
}

// sortField is the select of a list's whitelisted sort orders; the first is
// the default. A descending order "-name" is labelled by the key
// prefix+"name_desc".
func sortField(v *view, prefix string, selected string, orders ...string) selectField {
	if selected == "" {
		selected = orders[0]
	}
	opts := make([]option, 0, len(orders))
	for _, o := range orders {
		key := prefix + o
		if desc, ok := strings.CutPrefix(o, "-"); ok {
			key = prefix + desc + "_desc"
		}
		opts = append(opts, option{Value: o, Label: v.T(key), Selected: o == selected})
	}
	return selectField{ID: "f-sort", Name: "sort", Label: v.T("web.list.sort"), Options: opts}
}

// perPageField is the select of page sizes.
func perPageField(v *view, size int) selectField {
	return selectField{ID: "f-per-page", Name: "per_page", Label: v.T("web.list.per_page"), Options: perPageChoices(v, size)}
}

// finish computes the pagination and canonical URL once the list is loaded.
// htmx requests get the canonical URL in HX-Push-Url, so the address bar
// shows a clean, bookmarkable URL instead of every empty form field.
func (l *listing) finish(w http.ResponseWriter, v *view, p params, page domain.Page, total int) {
	if l.ExportPath != "" && total > 0 {
		l.ExportCSV, l.ExportXLSX = exportURLs(l.ExportPath, p)
	}
	if page.Size != domain.DefaultPageSize {
		p.setInt("per_page", int64(page.Size))
	}
	for name := range p.Values {
		if name != "sort" && name != "per_page" {
			l.Filtered = true
		}
	}
	l.Pager = newPager(l.Path, p, page.Number, page.Size, total)
	pageParam := ""
	if page.Number > 1 {
		pageParam = strconv.Itoa(page.Number)
	}
	l.URL = pageURL(l.Path, p.with("page", pageParam).Values)
	for i, c := range l.Chips {
		l.Chips[i].RemoveURL = pageURL(l.Path, p.with(c.Param, "").Values)
	}
	v.Next = l.URL
	if v.Partial {
		w.Header().Set("HX-Push-Url", l.URL)
		for _, s := range l.Selects {
			if s.Dependent {
				s.OOB = true
				l.OOB = append(l.OOB, s)
			}
		}
	}
}
