package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

type collegeRow struct {
	URL, Name, Region, City, Ownership string
	Students, DualStudents             string
}

type collegeListData struct {
	listing
	Rows []collegeRow
}

// collegeList lists colleges: search by name or BIN, filter by region, city
// and ownership, sort by name or number of students.
func (h *Web) collegeList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "colleges")
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := newQuery(r)
	f := collegeFilter(q, pl, v.Lang)
	f.Page = q.page()
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.Colleges(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}

	p := newParams()
	p.set("q", f.Query, "")
	p.setInt("region", int64(f.RegionID))
	p.setInt("city", f.CityID)
	p.set("ownership", f.Ownership, "")
	p.set("sort", f.Sort, domain.SortName)
	d := collegeListData{listing: listing{
		Path:        "/colleges",
		ExportPath:  "/colleges/export",
		Q:           f.Query,
		SearchLabel: v.T("web.colleges.search"),
		SearchHint:  v.T("web.colleges.search_hint"),
		Selects: []selectField{
			{ID: "f-region", Name: "region", Label: v.T("web.field.region"), Any: v.T("web.filter.all_regions"),
				Options: pl.regionOptions(v.Lang, f.RegionID)},
			{ID: "f-city", Name: "city", Label: v.T("web.field.city"), Any: v.T("web.filter.all_cities"),
				Groups: pl.cityGroups(v.Lang, f.RegionID, f.CityID), Dependent: true},
			{ID: "f-ownership", Name: "ownership", Label: v.T("web.field.ownership"), Any: v.T("web.filter.all"),
				Options: choices(v, "web.ownership.", []string{domain.OwnershipState, domain.OwnershipPrivate}, f.Ownership)},
			sortField(v, "web.colleges.sort.", f.Sort, domain.SortName, domain.SortNameDesc, domain.SortStudentsDesc, domain.SortStudents),
			perPageField(v, f.Page.Size),
		},
		Summary: v.Plural("web.colleges.count", list.Total),
	}}
	d.finish(w, v, p, f.Page, list.Total)
	for _, c := range list.Items {
		d.Rows = append(d.Rows, collegeRow{
			URL:          "/colleges/" + strconv.FormatInt(c.ID, 10),
			Name:         c.Name.In(v.Lang),
			Region:       pl.regionName(v.Lang, c.RegionID),
			City:         pl.cityName(v.Lang, c.CityID),
			Ownership:    v.T("web.ownership." + c.Ownership),
			Students:     v.Number(c.Students),
			DualStudents: v.Number(c.DualStudents),
		})
	}
	v.Title = v.T("web.colleges.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "college_list", v)
}

// collegeFilter reads the list's filter, for the page and its export.
func collegeFilter(q *query, pl places, lang string) domain.CollegeFilter {
	return domain.CollegeFilter{
		Query:     q.text("q"),
		RegionID:  pl.region(q),
		CityID:    pl.city(q),
		Ownership: q.choice("ownership"),
		Sort:      q.choice("sort"),
		Lang:      lang,
	}
}
