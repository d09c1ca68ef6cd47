package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The corrections of a partner, a foreign specialist, a mobility, a
// course and an internship share one page (record_form.html): the
// record's form filled with what is stored, a way back, and — for a
// teacher's course or internship, which may have been recorded by
// mistake — the removal behind a confirmation.

// removal is the removal of a record: where it posts and what it asks.
type removal struct {
	URL, Title, Question string
}

type recordFormData struct {
	Form               xform
	BackURL, BackLabel string
	Lead               string
	Remove             *removal
}

// renderRecordForm shows d's form; err is a save's problem, shown next to
// its field with what was typed.
func (h *Web) renderRecordForm(w http.ResponseWriter, r *http.Request, v *view, d recordFormData, err error) {
	status := http.StatusOK
	if err != nil {
		d.Form.keep(r)
		var ok bool
		if status, ok = d.Form.problem(v, err); !ok {
			h.fail(w, r, err)
			return
		}
	}
	v.Title = d.Form.Title
	v.Data = d
	h.render(w, r, status, "record_form", v)
}

// pathRecordID reads the ID of a record named by the path parameter
// param (a teacher's course or internship beside the teacher's {id});
// ENOTFOUND of kind for anything but a positive whole number.
func pathRecordID(r *http.Request, param, kind string) (int64, error) {
	s := r.PathValue(param)
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, domain.NotFound(kind)
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.NotFound(kind)
	}
	return id, nil
}
