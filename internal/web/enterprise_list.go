package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

type enterpriseRow struct {
	URL, Name, BIN, Region, City, Industry string
	Employees, Trainees                    string
}

type enterpriseListData struct {
	listing
	Rows []enterpriseRow
}

// enterpriseList lists enterprises: search by name or BIN, filter by
// region, city and industry, sort by name or number of trainees.
func (h *Web) enterpriseList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "enterprises")
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := newQuery(r)
	f := enterpriseFilter(q, pl, v.Lang)
	f.Page = q.page()
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.Enterprises(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}

	p := newParams()
	p.set("q", f.Query, "")
	p.setInt("region", int64(f.RegionID))
	p.setInt("city", f.CityID)
	p.set("industry", f.Industry, "")
	p.set("sort", f.Sort, domain.SortName)
	d := enterpriseListData{listing: listing{
		Path:        "/enterprises",
		ExportPath:  "/enterprises/export",
		Q:           f.Query,
		SearchLabel: v.T("web.enterprises.search"),
		SearchHint:  v.T("web.enterprises.search_hint"),
		Selects: []selectField{
			{ID: "f-region", Name: "region", Label: v.T("web.field.region"), Any: v.T("web.filter.all_regions"),
				Options: pl.regionOptions(v.Lang, f.RegionID)},
			{ID: "f-city", Name: "city", Label: v.T("web.field.city"), Any: v.T("web.filter.all_cities"),
				Groups: pl.cityGroups(v.Lang, f.RegionID, f.CityID), Dependent: true},
			{ID: "f-industry", Name: "industry", Label: v.T("web.field.industry"), Any: v.T("web.filter.all_industries"),
				Options: industryOptions(v.Lang, f.Industry)},
			sortField(v, "web.enterprises.sort.", f.Sort, domain.SortName, domain.SortNameDesc, domain.SortTraineesDesc, domain.SortTrainees),
			perPageField(v, f.Page.Size),
		},
		Summary: v.Plural("web.enterprises.count", list.Total),
	}}
	d.finish(w, v, p, f.Page, list.Total)
	for _, e := range list.Items {
		d.Rows = append(d.Rows, enterpriseRow{
			URL:       "/enterprises/" + strconv.FormatInt(e.ID, 10),
			Name:      e.Name.In(v.Lang),
			BIN:       e.BIN,
			Region:    pl.regionName(v.Lang, e.RegionID),
			City:      pl.cityName(v.Lang, e.CityID),
			Industry:  industryName(v.Lang, e.Industry),
			Employees: v.Number(e.Employees),
			Trainees:  v.Number(e.Trainees),
		})
	}
	v.Title = v.T("web.enterprises.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "enterprise_list", v)
}

// enterpriseFilter reads the list's filter, for the page and its export.
func enterpriseFilter(q *query, pl places, lang string) domain.EnterpriseFilter {
	return domain.EnterpriseFilter{
		Query:    q.text("q"),
		RegionID: pl.region(q),
		CityID:   pl.city(q),
		Industry: q.choice("industry"),
		Sort:     q.choice("sort"),
		Lang:     lang,
	}
}
