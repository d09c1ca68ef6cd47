package web

import (
	"net/http"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

type standingRow struct {
	URL, Name, Position, College, Category, Subjects string
	DueOn, State, StateClass, Internship             string
}

type teacherDevListData struct {
	listing
	Heading    string
	Figures    []figureCard
	Categories []figureCard
	Alerts     []string // overdue and due soon, said plainly
	Rows       []standingRow
}

// teacherDevList is the teachers' qualification page of the reader's
// scope: the figures (by category, with an industry internship in the
// policy's years, overdue and due soon) and the teachers with their
// category and due date of professional development, the overdue first
// when sorted so; a college sees its own, a teacher themself.
func (h *Web) teacherDevList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "teachers_dev")
	if u := v.User; u != nil && u.Role == domain.RoleEnterprise {
		// An enterprise sees the internships at itself, not the teachers.
		http.Redirect(w, r, "/internships", http.StatusSeeOther)
		return
	}
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := newQuery(r)
	f := domain.StandingFilter{Query: q.text("q"), RegionID: pl.region(q), CollegeID: q.number("college_id"),
		State: domain.DevelopmentState(q.choice("state")), Category: q.choice("category"), Sort: q.choice("sort"), Page: q.page()}
	sc := collegeScopeOf(v, q, pl)
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.Standings(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	cats, err := h.reg.QualificationCategories(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := teacherDevListData{listing: listing{Path: "/teachers/development", Q: f.Query, SearchLabel: v.T("web.tdev.search"),
		SearchHint: v.T("web.tdev.search_hint")}}
	p := newParams()
	p.set("q", f.Query, "")
	p.setInt("region", int64(f.RegionID))
	p.setInt("college_id", f.CollegeID)
	p.set("state", string(f.State), "")
	p.set("category", f.Category, "")
	p.set("sort", f.Sort, domain.StandingSorts[0])
	if !v.Partial && (v.User == nil || v.User.Role != domain.RoleTeacher) {
		fig, err := h.reg.TeacherFigures(ctx, sc)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Figures = []figureCard{
			{Value: v.Number(fig.Teachers), Label: v.T("web.tdev.figure.teachers"), Note: v.T("web.tdev.figure.masters", "n", v.Number(fig.Masters))},
			{Value: v.Number(fig.InternshipPercent) + " %", Label: v.T("web.tdev.figure.internship", "years", v.Number(fig.Policy.InternshipYears)),
				Note: v.T("web.tdev.figure.of", "n", v.Number(fig.WithInternship), "total", v.Number(fig.Teachers))},
			{Value: v.Number(fig.Overdue), Label: v.T("web.tdev.figure.overdue")},
			{Value: v.Number(fig.DueSoon), Label: v.T("web.tdev.figure.due_soon", "days", v.Number(fig.Policy.DueSoonDays))},
		}
		for _, c := range fig.Categories {
			label := c.Name.In(v.Lang)
			if c.Code == "" {
				label = v.T("web.tdev.no_category")
			}
			d.Categories = append(d.Categories, figureCard{Value: v.Number(c.Teachers), Label: label,
				Note: v.Number(domain.Percent(c.Teachers, fig.Teachers)) + " %"})
		}
		if fig.Overdue > 0 {
			d.Alerts = append(d.Alerts, v.Plural("web.tdev.alert.overdue", fig.Overdue, "years", v.Number(fig.Policy.DevelopmentYears)))
		}
		if fig.DueSoon > 0 {
			d.Alerts = append(d.Alerts, v.Plural("web.tdev.alert.due_soon", fig.DueSoon, "days", v.Number(fig.Policy.DueSoonDays)))
		}
		switch {
		case sc.CollegeID != 0:
			if c, err := h.reg.College(ctx, sc.CollegeID); err == nil {
				d.Heading = c.Name.In(v.Lang)
			}
		case sc.RegionID != 0:
			d.Heading = pl.regionName(v.Lang, sc.RegionID)
		}
	}
	catOptions := []option{{Value: domain.NoCategory, Label: v.T("web.tdev.no_category"), Selected: f.Category == domain.NoCategory}}
	for _, c := range cats {
		catOptions = append(catOptions, option{Value: c.Code, Label: c.Name.In(v.Lang), Selected: c.Code == f.Category})
	}
	d.Selects = []selectField{
		{ID: "f-region", Name: "region", Label: v.T("web.field.region"), Any: v.T("web.filter.all_regions"), Options: pl.regionOptions(v.Lang, f.RegionID)},
		{ID: "f-state", Name: "state", Label: v.T("web.tdev.field.state"), Any: v.T("web.tdev.all_states"),
			Options: choices(v, "web.tdev.state.", enumValues(domain.DevelopmentStates), string(f.State))},
		{ID: "f-category", Name: "category", Label: v.T("web.tdev.field.category"), Any: v.T("web.tdev.all_categories"), Options: catOptions},
		sortField(v, "web.tdev.sort.", f.Sort, domain.StandingSorts...),
		perPageField(v, f.Page.Size),
	}
	if u := v.User; u != nil && (u.RegionID != 0 || u.CollegeID != 0) {
		d.Selects = d.Selects[1:]
	}
	d.Summary = v.Plural("web.tdev.count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	for _, s := range list.Items {
		row := standingRow{URL: "/teachers/" + idString(s.TeacherID) + "/development", Name: s.Name.Full(),
			Position: v.T("web.tdev.position." + s.Position), College: s.College.In(v.Lang), Category: s.CategoryName.In(v.Lang),
			Subjects: strings.Join(s.Subjects, ", "), DueOn: v.Date(s.DueOn), State: v.T("web.tdev.state." + string(s.State)),
			StateClass: developmentBadge(s.State), Internship: v.Date(s.InternshipOn)}
		if s.Category == "" {
			row.Category = v.T("web.tdev.no_category")
		}
		d.Rows = append(d.Rows, row)
	}
	v.Title = v.T("web.tdev.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "teacher_dev_list", v)
}

// developmentBadge is the badge of a teacher's development state.
func developmentBadge(s domain.DevelopmentState) string {
	switch s {
	case domain.DevelopmentOverdue:
		return "badge state missing"
	case domain.DevelopmentDueSoon:
		return "badge state submitted"
	}
	return "badge state signed"
}
