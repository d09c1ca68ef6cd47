package web

import "net/http"

// stat is one figure of the home page: the number, its plural-aware label,
// an optional note, and the list it opens, if any.
type stat struct {
	Value string
	Label string
	Note  string
	URL   string
}

type homeData struct {
	Main      []stat // the registry's people and organisations
	Reference []stat // staff, programmes and reference data
}

// home shows the live totals of the registry.
func (h *Web) home(w http.ResponseWriter, r *http.Request) {
	v := h.newView(r, "")
	c, err := h.reg.Counts(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	figure := func(key string, n int, url string) stat {
		return stat{Value: v.Number(n), Label: v.Plural(key, n), URL: url}
	}
	// Counts.DualStudents are students placed at an enterprise now; the
	// students list's dual filter means a dual programme, so no link.
	dual := figure("web.home.count.dual_students", c.DualStudents, "")
	if c.Students > 0 {
		dual.Note = v.T("web.home.dual_share", "share", percent(v, c.DualStudents, c.Students))
	}
	d := homeData{
		Main: []stat{
			figure("web.home.count.colleges", c.Colleges, "/colleges"),
			figure("web.home.count.enterprises", c.Enterprises, "/enterprises"),
			figure("web.home.count.students", c.Students, "/students"),
			dual,
		},
		Reference: []stat{
			figure("web.home.count.teachers", c.Teachers, ""),
			figure("web.home.count.programmes", c.Programmes, ""),
			figure("web.home.count.regions", c.Regions, ""),
			figure("web.home.count.specialties", c.Specialties, ""),
			figure("web.home.count.qualifications", c.Qualifications, ""),
		},
	}
	v.Title = v.T("web.home.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "home", v)
}

// percent formats part/whole as a whole percentage, rounded down so that a
// share just under a threshold (the 60 % dual rule) never shows as reaching
// it; the sign's spacing follows the language.
func percent(v *view, part, whole int) string {
	if whole <= 0 {
		return "—"
	}
	return v.T("web.percent", "n", v.Number(part*100/whole))
}
