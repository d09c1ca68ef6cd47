package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

type studentRow struct {
	URL, Name, IIN, College, Group, Programme string
	Funding, Status, Enterprise               string
	Dual                                      bool
}

type studentListData struct {
	listing
	Rows []studentRow
}

// studentList lists students: search by the start of the name or a whole
// IIN, filter by region, college, specialty or qualification, funding,
// status and dual programme; links from other pages add an enterprise or a
// group.
func (h *Web) studentList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "students")
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := newQuery(r)
	page := q.page()
	f, refs, err := h.studentFilter(ctx, q, pl)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f.Page = page
	d := studentListData{listing: listing{
		Path:        "/students",
		ExportPath:  "/students/export",
		SearchLabel: v.T("web.students.search"),
		SearchHint:  v.T("web.students.search_hint"),
	}}
	if g := refs.group; f.GroupID != 0 {
		d.Chips = append(d.Chips, chip{Param: "group_id", Value: strconv.FormatInt(g.ID, 10), Label: v.T("web.field.group"), Shown: g.Code})
	}
	if e := refs.enterprise; f.EnterpriseID != 0 {
		d.Chips = append(d.Chips, chip{Param: "enterprise_id", Value: strconv.FormatInt(e.ID, 10), Label: v.T("web.field.enterprise"), Shown: e.Name.In(v.Lang)})
	}
	quals, err := h.qualificationGroups(ctx, v, q, f.Qualification)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	colleges, anyCollege, err := h.collegeOptions(ctx, v, f.RegionID, refs.college)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	list, err := h.reg.Students(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}

	p := newParams()
	p.set("q", f.Query, "")
	p.setInt("region", int64(f.RegionID))
	p.setInt("college_id", f.CollegeID)
	p.setInt("group_id", f.GroupID)
	p.setInt("enterprise_id", f.EnterpriseID)
	p.set("qualification", f.Qualification, "")
	p.set("funding", f.Funding, "")
	p.set("status", f.Status, "")
	if f.Dual != nil {
		p.set("dual", map[bool]string{true: "yes", false: "no"}[*f.Dual], "")
	}
	p.set("sort", f.Sort, domain.SortName)
	dual := ""
	if f.Dual != nil {
		dual = p.Get("dual")
	}
	d.Q = f.Query
	d.Selects = []selectField{
		{ID: "f-region", Name: "region", Label: v.T("web.field.region"), Any: v.T("web.filter.all_regions"),
			Options: pl.regionOptions(v.Lang, f.RegionID)},
		{ID: "f-college", Name: "college_id", Label: v.T("web.field.college"), Any: anyCollege,
			Options: colleges, Dependent: true},
		{ID: "f-qualification", Name: "qualification", Label: v.T("web.field.qualification"), Any: v.T("web.filter.all_qualifications"),
			Groups: quals},
		{ID: "f-funding", Name: "funding", Label: v.T("web.field.funding"), Any: v.T("web.filter.all"),
			Options: choices(v, "web.funding.", []string{domain.FundingState, domain.FundingPaid, domain.FundingTargeted}, f.Funding)},
		{ID: "f-status", Name: "status", Label: v.T("web.field.status"), Any: v.T("web.filter.all"),
			Options: choices(v, "web.status.", []string{domain.StatusStudying, domain.StatusAcademicLeave, domain.StatusGraduated, domain.StatusExpelled}, f.Status)},
		{ID: "f-dual", Name: "dual", Label: v.T("web.field.dual"), Any: v.T("web.filter.all"),
			Options: choices(v, "web.filter.", []string{"yes", "no"}, dual)},
		sortField(v, "web.students.sort.", f.Sort, domain.SortName, domain.SortNameDesc),
		perPageField(v, f.Page.Size),
	}
	d.Summary = v.Plural("web.students.count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	for _, s := range list.Items {
		programme := s.Qualification.In(v.Lang)
		if programme == "" {
			programme = s.Specialty.In(v.Lang)
		}
		d.Rows = append(d.Rows, studentRow{
			URL:        "/students/" + strconv.FormatInt(s.ID, 10),
			Name:       s.Name.Full(),
			IIN:        s.IIN, // masked by the access layer unless the reader may see it
			College:    s.College.In(v.Lang),
			Group:      s.GroupCode,
			Programme:  programme,
			Funding:    v.T("web.funding." + s.Funding),
			Status:     v.T("web.status." + s.Status),
			Enterprise: s.Enterprise.In(v.Lang),
			Dual:       s.Dual,
		})
	}
	v.Title = v.T("web.students.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "student_list", v)
}

// studentRefs are the records a students filter names by ID.
type studentRefs struct {
	college    domain.College
	group      domain.Group
	enterprise domain.Enterprise
}

// studentFilter reads the list's filter, for the page and its export, and
// loads the records it names by ID. Those must exist: a wrong ID in a
// bookmark is the user's mistake (400 naming it), not an empty list that
// looks right. The problems q has met so far are returned first.
func (h *Web) studentFilter(ctx context.Context, q *query, pl places) (domain.StudentFilter, studentRefs, error) {
	f := domain.StudentFilter{
		Query:         q.text("q"),
		RegionID:      pl.region(q),
		CollegeID:     q.number("college_id"),
		GroupID:       q.number("group_id"),
		EnterpriseID:  q.number("enterprise_id"),
		Qualification: q.choice("qualification"),
		Funding:       q.choice("funding"),
		Status:        q.choice("status"),
		Dual:          q.flag("dual"),
		Sort:          q.choice("sort"),
	}
	var refs studentRefs
	if q.err != nil {
		return f, refs, q.err
	}
	var err error
	if f.CollegeID != 0 {
		if refs.college, err = h.reg.College(ctx, f.CollegeID); err != nil {
			return f, refs, unknownRef(err, "college_id", "error.college.unknown")
		}
	}
	if f.GroupID != 0 {
		if refs.group, err = h.reg.Group(ctx, f.GroupID); err != nil {
			return f, refs, unknownRef(err, "group_id", "error.group.unknown")
		}
	}
	if f.EnterpriseID != 0 {
		if refs.enterprise, err = h.reg.Enterprise(ctx, f.EnterpriseID); err != nil {
			return f, refs, unknownRef(err, "enterprise_id", "error.enterprise.unknown")
		}
	}
	return f, refs, nil
}

// unknownRef turns ENOTFOUND for a record named in a filter into EINVALID
// about that parameter; other errors pass through.
func unknownRef(err error, field, key string) error {
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return domain.Invalid(field, key, field+" names no record")
	}
	return err
}

// qualificationGroups builds the qualification filter: one group per
// specialty, offering the whole specialty first and then each of its
// qualifications, named in the user's language. A well-formed code that
// the classifier lacks is reported on q; a malformed one is left to the
// domain filter, which names the expected forms.
func (h *Web) qualificationGroups(ctx context.Context, v *view, q *query, selected string) ([]optgroup, error) {
	specs, err := h.reg.Specialties(ctx)
	if err != nil {
		return nil, err
	}
	quals, err := h.reg.Qualifications(ctx, "")
	if err != nil {
		return nil, err
	}
	bySpec := map[string][]domain.Qualification{}
	found := selected == ""
	for _, ql := range quals {
		bySpec[ql.SpecialtyCode] = append(bySpec[ql.SpecialtyCode], ql)
		found = found || ql.Code == selected
	}
	groups := make([]optgroup, 0, len(specs))
	for _, sp := range specs {
		name := sp.Name.In(v.Lang)
		found = found || sp.Code == selected
		g := optgroup{Label: sp.Code + " " + name, Options: []option{{
			Value: sp.Code, Label: v.T("web.students.specialty_all", "code", sp.Code, "name", name), Selected: sp.Code == selected,
		}}}
		for _, ql := range bySpec[sp.Code] {
			g.Options = append(g.Options, option{Value: ql.Code, Label: ql.Code + " — " + ql.Name.In(v.Lang), Selected: ql.Code == selected})
		}
		groups = append(groups, g)
	}
	switch {
	case found:
	case domain.IsSpecialtyCode(selected):
		q.fail(domain.Invalid("qualification", "error.specialty.unknown", "the specialty is not in the classifier"))
	case domain.IsQualificationCode(selected):
		q.fail(domain.Invalid("qualification", "error.qualification.unknown", "the qualification is not in the classifier"))
	}
	return groups, nil
}

// collegeOptions lists the colleges to filter by: those of the chosen
// region, or all of them while they fit in one select. With hundreds of
// colleges and no region the select holds only the chosen college and asks
// for a region first, rather than sending a page of 700 options.
func (h *Web) collegeOptions(ctx context.Context, v *view, region int, selected domain.College) ([]option, string, error) {
	colleges, err := h.reg.CollegeNames(ctx, region)
	if err != nil {
		return nil, "", err
	}
	anyLabel := v.T("web.filter.all_colleges")
	var opts []option
	if len(colleges) > domain.MaxPageSize {
		anyLabel = v.T("web.filter.all_colleges_pick_region")
	} else {
		for _, c := range colleges {
			opts = append(opts, option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name.In(v.Lang), Selected: c.ID == selected.ID})
		}
	}
	if selected.ID != 0 && !containsValue(opts, strconv.FormatInt(selected.ID, 10)) {
		opts = append([]option{{Value: strconv.FormatInt(selected.ID, 10), Label: selected.Name.In(v.Lang), Selected: true}}, opts...)
	}
	sortByLabel(v.Lang, opts)
	return opts, anyLabel, nil
}

func containsValue(opts []option, value string) bool {
	for _, o := range opts {
		if o.Value == value {
			return true
		}
	}
	return false
}
