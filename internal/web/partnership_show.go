package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

type partnershipShowData struct {
	Row     partnershipRow
	A       domain.Partnership
	Kind    string
	Partner string
	Signed  string
	Form    *xform // the college's own agreement: its form to change it
}

// partnershipShow is one agreement, with the form to change it (its
// status, period, terms) for the college that holds it.
func (h *Web) partnershipShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "partnership")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	a, err := h.reg.Partnership(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderPartnership(w, r, a, nil)
}

// renderPartnership shows an agreement; err is a change's problem, shown
// on its form with what was typed.
func (h *Web) renderPartnership(w http.ResponseWriter, r *http.Request, a domain.Partnership, err error) {
	v := h.newView(r, "international")
	d := partnershipShowData{Row: partnershipRowOf(v, a), A: a, Kind: v.T("web.intl.kind." + string(a.Kind)), Signed: v.Date(a.SignedOn),
		Partner: v.T("web.intl.partner_kind." + string(a.Partner.Kind))}
	status := http.StatusOK
	if u := v.User; u != nil && u.CollegeID == a.CollegeID && v.Can(string(auth.WriteInternational)) {
		f, ferr := h.partnershipForm(r.Context(), v, a)
		if ferr != nil {
			h.fail(w, r, ferr)
			return
		}
		if err != nil {
			f.keep(r)
			var ok bool
			if status, ok = f.problem(v, err); !ok {
				h.fail(w, r, err)
				return
			}
		}
		d.Form = &f
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	v.Title = a.Partner.Name
	v.Data = d
	h.render(w, r, status, "partnership_show", v)
}
