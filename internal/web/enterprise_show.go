package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

type enterpriseShowData struct {
	Enterprise             domain.Enterprise
	Region, City, Industry string
	Employees, Trainees    string
	TraineesURL            string
}

// enterpriseShow shows an enterprise with the number of students training
// there and a link to them.
func (h *Web) enterpriseShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "enterprises")
	e, ok := pathRecord(h, w, r, "enterprise", h.reg.Enterprise)
	if !ok {
		return
	}
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v.Title = e.Name.In(v.Lang)
	v.Data = enterpriseShowData{
		Enterprise:  e,
		Region:      pl.regionName(v.Lang, e.RegionID),
		City:        pl.cityName(v.Lang, e.CityID),
		Industry:    industryName(v.Lang, e.Industry),
		Employees:   v.Number(e.Employees),
		Trainees:    v.Plural("web.enterprise.trainees_count", e.Trainees),
		TraineesURL: "/students?enterprise_id=" + strconv.FormatInt(e.ID, 10),
	}
	h.render(w, r, http.StatusOK, "enterprise_show", v)
}
