package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

type orderRow struct {
	URL, Qualification, Code string
	Enterprise, Region, Year string
	Graduates, Contracts     string
	Open                     bool
}

type orderListData struct {
	listing
	Rows   []orderRow
	NewURL string
}

// orderList lists the employers' orders for targeted training within the
// reader's scope: an employer its own, a college and a region the region's.
func (h *Web) orderList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "targeted")
	q := newQuery(r)
	open := q.v.Get("open") == "yes"
	f := domain.OrderFilter{EnterpriseID: q.number("enterprise_id"), Year: clampInt(q.number("year")), OpenOnly: open,
		Sort: q.choice("sort"), Page: q.page()}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.TrainingOrders(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := orderListData{listing: listing{Path: "/targeted/orders"}}
	p := newParams()
	p.setInt("year", int64(f.Year))
	p.setInt("enterprise_id", f.EnterpriseID)
	if open {
		p.set("open", "yes", "")
	}
	p.set("sort", f.Sort, domain.OrderSorts[0])
	if f.EnterpriseID != 0 {
		e, err := h.reg.Enterprise(ctx, f.EnterpriseID)
		if err != nil {
			h.fail(w, r, unknownRef(err, "enterprise_id", "error.enterprise.unknown"))
			return
		}
		d.Chips = append(d.Chips, chip{Param: "enterprise_id", Value: strconv.FormatInt(e.ID, 10), Label: v.T("web.field.enterprise"),
			Shown: e.Name.In(v.Lang)})
	}
	d.Selects = []selectField{
		{ID: "f-year", Name: "year", Label: v.T("web.seats.field.year"), Any: v.T("web.seats.all_years"),
			Options: yearOptions(h.now().In(kazakhstan).Year(), f.Year)},
		{ID: "f-open", Name: "open", Label: v.T("web.orders.open_filter"), Any: v.T("web.orders.any"),
			Options: []option{{Value: "yes", Label: v.T("web.orders.open"), Selected: open}}},
		sortField(v, "web.orders.sort.", f.Sort, domain.OrderSorts...),
		perPageField(v, f.Page.Size),
	}
	d.Summary = v.Plural("web.orders.count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	if v.Can(string(auth.WriteOrders)) {
		d.NewURL = "/targeted/orders/new"
	}
	for _, o := range list.Items {
		d.Rows = append(d.Rows, orderRow{URL: orderURL(o.ID), Qualification: o.Qualification.In(v.Lang), Code: o.QualificationCode,
			Enterprise: o.Enterprise.In(v.Lang), Region: o.Region.In(v.Lang), Year: strconv.Itoa(o.Year),
			Graduates: v.Number(o.Graduates), Contracts: v.Number(o.Contracts), Open: o.Open()})
	}
	v.Title = v.T("web.orders.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "order_list", v)
}

// orderURL is an order's page.
func orderURL(id int64) string { return "/targeted/orders/" + strconv.FormatInt(id, 10) }
