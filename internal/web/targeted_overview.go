package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// targetedRow is a line of the overview: a region's, an employer's or the
// total.
type targetedRow struct {
	Name, URL       string
	Orders, Ordered string
	Contracts       string
	States          []string // in the order of obligationColumns
	Reimbursement   string
}

type targetedOverviewData struct {
	Heading, Lead string
	Year          string
	Years         []option
	Region        int
	States        []string // the columns' headings
	Rows          []targetedRow
	Total         targetedRow
	NationURL     string
	Links         []link
	More          string // "and 120 more employers"
}

// maxEmployerRows bounds a region's overview: a city's hundreds of
// employers are a list to search (the orders, the contracts), not to
// scroll.
const maxEmployerRows = 50

// link is a labelled URL.
type link struct{ URL, Label string }

// obligationColumns are the states the overview counts, in its columns.
var obligationColumns = []domain.ObligationState{domain.ObligationStudying, domain.ObligationPending, domain.ObligationWorking,
	domain.ObligationDeferred, domain.ObligationFulfilled, domain.ObligationBreached}

// targetedOverview is targeted training in figures: the employers'
// orders, the contracts signed against them and where their work
// obligations stand, by region for the nation or by employer for a region
// (?region=), for a year of intake or all.
func (h *Web) targetedOverview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "targeted")
	q := newQuery(r)
	regions, err := h.reg.Regions(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := domain.TargetedOverviewFilter{RegionID: regionParam(q, regions), Year: clampInt(q.number("year"))}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	if u := v.User; u != nil && u.RegionID != 0 {
		f.RegionID = u.RegionID
	}
	o, err := h.reg.TargetedOverview(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := targetedOverviewData{Region: o.RegionID, Heading: v.T("web.targeted.nation"), Lead: v.T("web.targeted.lead",
		"months", strconv.Itoa(domain.DefaultTargetedPolicy.ObligationMonths))}
	if o.Year != 0 {
		d.Year = strconv.Itoa(o.Year)
	}
	for _, y := range o.Years {
		d.Years = append(d.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == o.Year})
	}
	for _, s := range obligationColumns {
		d.States = append(d.States, v.T("web.obligation.state."+string(s)))
	}
	year := ""
	if o.Year != 0 {
		year = "&year=" + d.Year
	}
	if o.RegionID != 0 {
		d.Heading = v.T("web.targeted.of_region", "region", regionNames(regions, o.RegionID).In(v.Lang))
		if u := v.User; u == nil || u.RegionID == 0 {
			d.NationURL = "/targeted?" + year
		}
	}
	rows := o.Rows
	if o.RegionID != 0 && len(rows) > maxEmployerRows {
		// The employers with the most contracts; the totals count all.
		d.More = v.Plural("web.targeted.more_employers", len(rows)-maxEmployerRows)
		rows = rows[:maxEmployerRows]
	}
	for _, t := range rows {
		row := targetedRowOf(v, t)
		if o.RegionID == 0 {
			row.URL = "/targeted?region=" + strconv.Itoa(t.RegionID) + year
		} else {
			row.URL = "/targeted/contracts?enterprise_id=" + strconv.FormatInt(t.EnterpriseID, 10)
		}
		d.Rows = append(d.Rows, row)
	}
	d.Total = targetedRowOf(v, o.Total)
	d.Total.Name = v.T("web.seats.total")
	d.Links = []link{{"/targeted/orders", v.T("web.orders.title")}, {"/targeted/contracts", v.T("web.contracts.title")}}
	if v.Can(string(auth.ReadAlerts)) {
		d.Links = append(d.Links, link{"/alerts", v.T("web.alerts.title")})
	}
	if v.Can(string(auth.WriteOrders)) {
		d.Links = append(d.Links, link{"/targeted/orders/new", v.T("web.order.new_title")})
	}
	v.Title = v.T("web.targeted.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "targeted_overview", v)
}

// targetedRowOf lays out a total.
func targetedRowOf(v *view, t domain.TargetedTotal) targetedRow {
	row := targetedRow{Name: t.Name.In(v.Lang), Orders: v.Number(t.Orders), Ordered: v.Number(t.Ordered),
		Contracts: v.Number(t.Contracts), Reimbursement: tenge(v, t.Reimbursement)}
	for _, s := range obligationColumns {
		row.States = append(row.States, v.Number(t.States[s]))
	}
	return row
}

// obligationBadge is the badge class of an obligation's state.
func obligationBadge(s domain.ObligationState) string {
	switch s {
	case domain.ObligationFulfilled, domain.ObligationWorking:
		return "badge state signed"
	case domain.ObligationBreached:
		return "badge state missing"
	case domain.ObligationCancelled:
		return "badge state draft"
	case domain.ObligationDeferred:
		return "badge state open"
	}
	return "badge state submitted"
}

// qualificationOptions are the classifier's qualifications grouped by
// specialty, each specialty first for the programmes that name no
// qualification, for the order form.
func (h *Web) qualificationOptions(ctx context.Context, v *view, selected string) ([]optgroup, error) {
	specs, err := h.reg.Specialties(ctx)
	if err != nil {
		return nil, err
	}
	quals, err := h.reg.Qualifications(ctx, "")
	if err != nil {
		return nil, err
	}
	bySpec := map[string][]domain.Qualification{}
	for _, ql := range quals {
		bySpec[ql.SpecialtyCode] = append(bySpec[ql.SpecialtyCode], ql)
	}
	var groups []optgroup
	for _, sp := range specs {
		g := optgroup{Label: sp.Code + " " + sp.Name.In(v.Lang), Options: []option{{Value: sp.Code,
			Label: v.T("web.order.specialty_option", "code", sp.Code, "name", sp.Name.In(v.Lang)), Selected: sp.Code == selected}}}
		for _, ql := range bySpec[sp.Code] {
			g.Options = append(g.Options, option{Value: ql.Code, Label: ql.Code + " — " + ql.Name.In(v.Lang), Selected: ql.Code == selected})
		}
		groups = append(groups, g)
	}
	return groups, nil
}
