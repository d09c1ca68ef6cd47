package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

type memorandumRow struct {
	URL, Number, Period            string
	College, Enterprise, Region    string
	CollegeURL, EnterpriseURL      string
	State, StateClass, BehindCount string
}

type memorandumListData struct {
	listing
	patronageFiguresView
	Rows    []memorandumRow
	Heading string // the region, college or enterprise the page is about
	Lead    string
	NewURL  string
}

// memorandumList lists the patronage memoranda in the reader's scope: the
// page of a region (?region=), a college (?college_id=) or an enterprise
// (?enterprise_id=), with the figures of its memoranda in force above the
// list; a regional department records new ones from here.
func (h *Web) memorandumList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "patronage")
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := newQuery(r)
	state := q.choice("state")
	f := domain.MemorandumFilter{RegionID: pl.region(q), CollegeID: q.number("college_id"), EnterpriseID: q.number("enterprise_id"),
		State: domain.CommitmentState(state), InForce: q.v.Get("in_force") == "yes", Sort: q.choice("sort"), Page: q.page()}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	d := memorandumListData{listing: listing{Path: "/memoranda"}}
	p := newParams()
	p.setInt("region", int64(f.RegionID))
	p.set("state", state, "")
	p.set("sort", f.Sort, domain.MemorandumSorts[0])
	if f.InForce {
		p.set("in_force", "yes", "")
	}
	// The figures are of the page's party: the one named, else the
	// reader's own.
	sc := domain.PatronageScope{RegionID: f.RegionID, CollegeID: f.CollegeID, EnterpriseID: f.EnterpriseID}
	if u := v.User; u != nil && sc == (domain.PatronageScope{}) {
		switch u.Role {
		case domain.RoleRegion, domain.RoleAuditor:
			sc.RegionID, sc.CollegeID = u.RegionID, u.CollegeID
		case domain.RoleCollege:
			sc.CollegeID = u.CollegeID
		case domain.RoleEnterprise:
			sc.EnterpriseID = u.EnterpriseID
		}
	}
	if sc.RegionID != 0 {
		d.Heading = v.T("web.memoranda.of_region", "name", pl.regionName(v.Lang, sc.RegionID))
	}
	if f.EnterpriseID != 0 {
		e, err := h.reg.Enterprise(ctx, f.EnterpriseID)
		if err != nil {
			h.fail(w, r, unknownRef(err, "enterprise_id", "error.enterprise.unknown"))
			return
		}
		p.setInt("enterprise_id", e.ID)
		d.Chips = append(d.Chips, chip{Param: "enterprise_id", Value: strconv.FormatInt(e.ID, 10), Label: v.T("web.field.enterprise"), Shown: e.Name.In(v.Lang)})
		d.Heading = v.T("web.memoranda.of_enterprise", "name", e.Name.In(v.Lang))
	}
	if f.CollegeID != 0 {
		c, err := h.reg.College(ctx, f.CollegeID)
		if err != nil {
			h.fail(w, r, unknownRef(err, "college_id", "error.college.unknown"))
			return
		}
		p.setInt("college_id", c.ID)
		d.Chips = append(d.Chips, chip{Param: "college_id", Value: strconv.FormatInt(c.ID, 10), Label: v.T("web.field.college"), Shown: c.Name.In(v.Lang)})
		d.Heading = v.T("web.memoranda.of_college", "name", c.Name.In(v.Lang))
	}
	list, err := h.reg.Memoranda(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !v.Partial {
		fig, err := h.reg.PatronageFigures(ctx, sc)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.patronageFiguresView = patronageFiguresOf(v, fig)
	}
	d.Selects = []selectField{
		{ID: "f-region", Name: "region", Label: v.T("web.field.region"), Any: v.T("web.filter.all_regions"),
			Options: pl.regionOptions(v.Lang, f.RegionID)},
		{ID: "f-state", Name: "state", Label: v.T("web.field.status"), Any: v.T("web.memoranda.all_states"),
			Options: choices(v, "web.commitment.state.", commitmentStateValues(), state)},
		{ID: "f-in-force", Name: "in_force", Label: v.T("web.memoranda.period_filter"), Any: v.T("web.memoranda.any_period"),
			Options: []option{{Value: "yes", Label: v.T("web.memoranda.in_force"), Selected: f.InForce}}},
		sortField(v, "web.memoranda.sort.", f.Sort, domain.MemorandumSorts...),
		perPageField(v, f.Page.Size),
	}
	if u := v.User; u != nil && u.Role == domain.RoleRegion {
		// A regional department sees its own region only.
		d.Selects = d.Selects[1:]
	}
	d.Summary = v.Plural("web.memoranda.count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	d.Lead = v.T("web.memoranda.lead")
	if v.Can(string(auth.WritePatronage)) {
		d.NewURL = "/memoranda/new"
	}
	for _, m := range list.Items {
		row := memorandumRow{
			URL:           memorandumURL(m.ID),
			Number:        m.Number,
			Period:        v.Date(m.StartsOn) + " – " + v.Date(m.EndsOn),
			College:       m.College.In(v.Lang),
			CollegeURL:    "/memoranda?college_id=" + strconv.FormatInt(m.CollegeID, 10),
			Enterprise:    m.Enterprise.In(v.Lang),
			EnterpriseURL: "/memoranda?enterprise_id=" + strconv.FormatInt(m.EnterpriseID, 10),
			Region:        m.Region.In(v.Lang),
			State:         v.T("web.commitment.state." + string(m.State)),
			StateClass:    commitmentBadge(m.State),
		}
		if m.Behind > 0 {
			row.BehindCount = v.Plural("web.memoranda.behind_count", m.Behind)
		}
		d.Rows = append(d.Rows, row)
	}
	v.Title = v.T("web.memoranda.title")
	if d.Heading != "" {
		v.Title = d.Heading
	}
	v.Data = d
	h.render(w, r, http.StatusOK, "memorandum_list", v)
}

// memorandumURL is a memorandum's page.
func memorandumURL(id int64) string { return "/memoranda/" + strconv.FormatInt(id, 10) }

// commitmentStateValues are the states as filter values, in order.
func commitmentStateValues() []string {
	out := make([]string, 0, len(domain.CommitmentStates))
	for _, s := range domain.CommitmentStates {
		out = append(out, string(s))
	}
	return out
}
