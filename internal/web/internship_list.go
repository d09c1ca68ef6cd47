package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

type internshipListData struct {
	listing
	Rows []internshipRow
}

// internshipList is the industry internships of teachers within the
// reader's scope, newest first: an enterprise sees those at itself, a
// college its teachers', a region its colleges'.
func (h *Web) internshipList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "internships")
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := newQuery(r)
	f := domain.InternshipFilter{RegionID: pl.region(q), CollegeID: q.number("college_id"), EnterpriseID: q.number("enterprise_id"), Page: q.page()}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.Internships(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := internshipListData{listing: listing{Path: "/internships"}}
	p := newParams()
	p.setInt("region", int64(f.RegionID))
	p.setInt("college_id", f.CollegeID)
	p.setInt("enterprise_id", f.EnterpriseID)
	d.Selects = []selectField{perPageField(v, f.Page.Size)}
	if u := v.User; u == nil || (u.RegionID == 0 && u.CollegeID == 0 && u.EnterpriseID == 0) {
		d.Selects = append([]selectField{{ID: "f-region", Name: "region", Label: v.T("web.field.region"), Any: v.T("web.filter.all_regions"),
			Options: pl.regionOptions(v.Lang, f.RegionID)}}, d.Selects...)
	}
	d.Summary = v.Plural("web.tdev.internships_count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	for _, i := range list.Items {
		d.Rows = append(d.Rows, internshipRow{Enterprise: i.Enterprise.In(v.Lang), Hours: v.Number(i.Hours),
			Period: v.Date(i.StartsOn) + " – " + v.Date(i.EndsOn), Note: i.Note, Teacher: i.Teacher.Full(), College: i.College.In(v.Lang)})
	}
	v.Title = v.T("web.tdev.internships_page")
	v.Data = d
	h.render(w, r, http.StatusOK, "internship_list", v)
}
