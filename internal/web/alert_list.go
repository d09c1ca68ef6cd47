package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

type alertRow struct {
	At, Kind, Text, URL, Number string
	StateClass                  string
}

type alertListData struct {
	listing
	Rows []alertRow
}

// alertList is the alerts of the reader's college or employer about the
// work obligations of its contracts: every change of state, and every
// deadline coming within the policy's days, newest first.
func (h *Web) alertList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "alerts")
	q := newQuery(r)
	kind := q.choice("kind")
	f := domain.AlertFilter{Kind: domain.AlertKind(kind), Page: q.page()}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.Alerts(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := alertListData{listing: listing{Path: "/alerts"}}
	p := newParams()
	p.set("kind", kind, "")
	d.Selects = []selectField{
		{ID: "f-kind", Name: "kind", Label: v.T("web.alerts.kind"), Any: v.T("web.alerts.all_kinds"),
			Options: choices(v, "web.alerts.kind.", []string{string(domain.AlertChange), string(domain.AlertDeadline)}, kind)},
		perPageField(v, f.Page.Size),
	}
	d.Summary = v.Plural("web.alerts.count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	for _, a := range list.Items {
		state := v.T("web.obligation.state." + string(a.State))
		row := alertRow{At: v.Time(a.CreatedAt), URL: contractURL(a.ContractID), Number: a.ContractNumber, StateClass: obligationBadge(a.State),
			Kind: v.T("web.alerts.kind." + string(a.Kind))}
		party := a.Enterprise.In(v.Lang)
		if u := v.User; u != nil && u.EnterpriseID != 0 {
			party = a.College.In(v.Lang)
		}
		due := v.Date(a.DueOn)
		if a.Kind == domain.AlertDeadline {
			row.Text = v.T("web.alerts.deadline."+string(a.State), "student", a.Student.Full(), "party", party, "date", due)
		} else {
			row.Text = v.T("web.alerts.change", "student", a.Student.Full(), "party", party, "state", state)
			if a.State == domain.ObligationDeferred {
				row.Text += " " + v.T("web.alerts.deferred", "reason", v.T("web.obligation.reason."+string(a.Reason)), "date", due)
			} else if !a.DueOn.IsZero() {
				row.Text += " " + v.T("web.obligation.deadline."+string(a.State), "date", due)
			}
		}
		d.Rows = append(d.Rows, row)
	}
	v.Title = v.T("web.alerts.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "alert_list", v)
}
