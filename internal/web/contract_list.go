package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

type contractListData struct {
	listing
	Rows []contractRow
}

// contractList lists targeted-training contracts within the reader's
// scope — an employer's own, a college's students', a region's — by the
// state of their obligation and the nearness of its deadline.
func (h *Web) contractList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "targeted")
	q := newQuery(r)
	state := q.choice("state")
	due := q.choice("due")
	f := domain.ContractFilter{EnterpriseID: q.number("enterprise_id"), CollegeID: q.number("college_id"), OrderID: q.number("order_id"),
		Year: clampInt(q.number("year")), State: domain.ObligationState(state), Sort: q.choice("sort"), Page: q.page()}
	if due != "" {
		n, err := strconv.Atoi(due)
		if err != nil {
			q.fail(domain.Invalid("due", "error.obligation.due_within", "the number of days is out of range"))
		}
		f.DueWithin = n
	}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.TargetedContracts(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := contractListData{listing: listing{Path: "/targeted/contracts"}}
	p := newParams()
	p.set("state", state, "")
	p.set("due", due, "")
	p.setInt("year", int64(f.Year))
	p.setInt("enterprise_id", f.EnterpriseID)
	p.setInt("college_id", f.CollegeID)
	p.setInt("order_id", f.OrderID)
	p.set("sort", f.Sort, domain.ContractSorts[0])
	if f.EnterpriseID != 0 {
		e, err := h.reg.Enterprise(ctx, f.EnterpriseID)
		if err != nil {
			h.fail(w, r, unknownRef(err, "enterprise_id", "error.enterprise.unknown"))
			return
		}
		d.Chips = append(d.Chips, chip{Param: "enterprise_id", Value: strconv.FormatInt(e.ID, 10), Label: v.T("web.field.enterprise"), Shown: e.Name.In(v.Lang)})
	}
	if f.CollegeID != 0 {
		c, err := h.reg.College(ctx, f.CollegeID)
		if err != nil {
			h.fail(w, r, unknownRef(err, "college_id", "error.college.unknown"))
			return
		}
		d.Chips = append(d.Chips, chip{Param: "college_id", Value: strconv.FormatInt(c.ID, 10), Label: v.T("web.field.college"), Shown: c.Name.In(v.Lang)})
	}
	if f.OrderID != 0 {
		d.Chips = append(d.Chips, chip{Param: "order_id", Value: strconv.FormatInt(f.OrderID, 10), Label: v.T("web.contract.field.order"),
			Shown: "№ " + strconv.FormatInt(f.OrderID, 10)})
	}
	states := make([]string, 0, len(domain.ObligationStates))
	for _, s := range domain.ObligationStates {
		states = append(states, string(s))
	}
	d.Selects = []selectField{
		{ID: "f-state", Name: "state", Label: v.T("web.field.status"), Any: v.T("web.contracts.all_states"),
			Options: choices(v, "web.obligation.state.", states, state)},
		{ID: "f-due", Name: "due", Label: v.T("web.contracts.due_filter"), Any: v.T("web.contracts.any_deadline"),
			Options: []option{{Value: "30", Label: v.T("web.contracts.due_30"), Selected: due == "30"},
				{Value: "90", Label: v.T("web.contracts.due_90"), Selected: due == "90"}}},
		{ID: "f-year", Name: "year", Label: v.T("web.seats.field.year"), Any: v.T("web.seats.all_years"),
			Options: yearOptions(h.now().In(kazakhstan).Year(), f.Year)},
		sortField(v, "web.contracts.sort.", f.Sort, domain.ContractSorts...),
		perPageField(v, f.Page.Size),
	}
	d.Summary = v.Plural("web.contracts.count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	for _, c := range list.Items {
		d.Rows = append(d.Rows, contractRowOf(v, c))
	}
	v.Title = v.T("web.contracts.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "contract_list", v)
}
