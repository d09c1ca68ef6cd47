package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

type programmeRow struct {
	SpecialtyCode, Specialty         string
	QualificationCode, Qualification string
	Duration                         string
	Dual                             bool
	HoursTotal, HoursPractice        string
	HoursEnterprise, Share           string
	Students                         string
	StudentsURL                      string
}

type groupRow struct {
	Code, Programme, Language string
	IntakeYear                int
	Students, StudentsURL     string
}

type collegeShowData struct {
	College                      domain.College
	Region, City, Ownership      string
	Students, DualStudents       string
	ProgrammeCount, GroupCount   string
	Programmes                   []programmeRow
	Groups                       []groupRow
	StudentsURL, DualStudentsURL string
}

// collegeShow shows a college: its official names, place, BIN, figures,
// programmes with their hours and enterprise share, and groups.
func (h *Web) collegeShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "colleges")
	c, ok := pathRecord(h, w, r, "college", h.reg.College)
	if !ok {
		return
	}
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	programmes, err := h.reg.Programmes(ctx, c.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	groups, err := h.reg.Groups(ctx, c.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	students := "/students?college_id=" + strconv.FormatInt(c.ID, 10)
	d := collegeShowData{
		College:         c,
		Region:          pl.regionName(v.Lang, c.RegionID),
		City:            pl.cityName(v.Lang, c.CityID),
		Ownership:       v.T("web.ownership." + c.Ownership),
		Students:        v.Number(c.Students),
		DualStudents:    v.Number(c.DualStudents),
		ProgrammeCount:  v.Number(len(programmes)),
		GroupCount:      v.Number(len(groups)),
		StudentsURL:     students,
		DualStudentsURL: students + "&dual=yes",
	}
	names := map[int64]string{}
	for _, p := range programmes {
		qualification := p.Qualification.In(v.Lang)
		names[p.ID] = qualification
		if qualification == "" {
			names[p.ID] = p.Specialty.In(v.Lang)
		}
		filter := p.SpecialtyCode
		if p.QualificationCode != "" {
			filter = p.QualificationCode
		}
		d.Programmes = append(d.Programmes, programmeRow{
			SpecialtyCode:     p.SpecialtyCode,
			Specialty:         p.Specialty.In(v.Lang),
			QualificationCode: p.QualificationCode,
			Qualification:     qualification,
			Duration:          v.Plural("web.college.months", p.DurationMonths),
			Dual:              p.Dual,
			HoursTotal:        v.Number(p.HoursTotal),
			HoursPractice:     v.Number(p.HoursPractice),
			HoursEnterprise:   v.Number(p.HoursEnterprise),
			Share:             percent(v, p.HoursEnterprise, p.HoursPractice),
			Students:          v.Number(p.Students),
			StudentsURL:       students + "&qualification=" + filter,
		})
	}
	for _, g := range groups {
		d.Groups = append(d.Groups, groupRow{
			Code:        g.Code,
			Programme:   names[g.ProgrammeID],
			Language:    v.T("web.instruction." + g.Language),
			IntakeYear:  g.IntakeYear,
			Students:    v.Number(g.Students),
			StudentsURL: "/students?group_id=" + strconv.FormatInt(g.ID, 10),
		})
	}
	v.Title = c.Name.In(v.Lang)
	v.Data = d
	h.render(w, r, http.StatusOK, "college_show", v)
}
