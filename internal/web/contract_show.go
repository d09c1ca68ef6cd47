package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// fact is a labelled value of a record's page.
type fact struct{ Label, Value string }

// historyRow is one change of an obligation.
type historyRow struct {
	On, State, StateClass, Detail string
	Note, Login, RecordedAt       string
}

// moveFormData is the form that records a change of an obligation, kept
// as typed when it comes back with a problem.
type moveFormData struct {
	Action                      string
	Moves, Reasons              []option
	To, On, Reason, Until, Note string
	Errors                      formErrors
}

type contractShowData struct {
	Number, Student, Enterprise, College string
	Qualification, Year, SignedOn, Cost  string
	Months, State, StateClass, Since     string
	OrderURL, EnterpriseURL, CollegeURL  string
	Served                               string
	ServedPercent                        int
	Facts                                []fact
	History                              []historyRow
	Move                                 *moveFormData
}

// moveLabels name the obligation form's fields in messages.
var moveLabels = map[string]string{
	"to":     "web.obligation.field.to",
	"on":     "web.obligation.field.on",
	"reason": "web.obligation.field.reason",
	"until":  "web.obligation.field.until",
	"note":   "web.obligation.field.note",
}

// contractShow is a targeted-training contract with its work obligation:
// where it stands, its deadline, the time served, the reimbursement of a
// breach and every change; the college and the employer record the next
// change here.
func (h *Web) contractShow(w http.ResponseWriter, r *http.Request) {
	c, ok := pathRecord(h, w, r, "contract", h.reg.TargetedContract)
	if !ok {
		return
	}
	h.renderContract(w, r, http.StatusOK, c, nil)
}

// renderContract shows a contract; form, when set, is the obligation form
// as posted, with its problem.
func (h *Web) renderContract(w http.ResponseWriter, r *http.Request, status int, c domain.TargetedContract, form *moveFormData) {
	v := h.newView(r, "targeted")
	today := domain.DateInKazakhstan(h.now())
	served, required := c.ServedOn(today), c.RequiredDays()
	d := contractShowData{Number: c.Number, Student: c.Student.Full(), Enterprise: c.Enterprise.In(v.Lang), College: c.College.In(v.Lang),
		Qualification: c.Qualification.In(v.Lang), Year: strconv.Itoa(c.Year), SignedOn: v.Date(c.SignedOn),
		Cost: tenge(v, c.TuitionCost), Months: v.Plural("web.contract.months", c.ObligationMonths),
		State: v.T("web.obligation.state." + string(c.State)), StateClass: obligationBadge(c.State), Since: v.Date(c.StateSince),
		OrderURL: orderURL(c.OrderID), EnterpriseURL: "/enterprises/" + strconv.FormatInt(c.EnterpriseID, 10),
		CollegeURL:    "/colleges/" + strconv.FormatInt(c.CollegeID, 10),
		Served:        v.T("web.obligation.served", "served", v.Number(served), "required", v.Number(required)),
		ServedPercent: percentOf(served, required)}
	add := func(label string, t time.Time) {
		if !t.IsZero() {
			d.Facts = append(d.Facts, fact{v.T(label), v.Date(t)})
		}
	}
	add("web.obligation.graduated_on", c.GraduatedOn)
	add("web.obligation.start_by", c.StartBy)
	add("web.obligation.working_since", c.WorkingSince)
	if c.State == domain.ObligationDeferred {
		d.Facts = append(d.Facts, fact{v.T("web.obligation.field.reason"), v.T("web.obligation.reason." + string(c.DeferralReason))})
	}
	add("web.obligation.deferred_until", c.DeferredUntil)
	add("web.obligation.ends_on", c.EndsOn)
	if c.State == domain.ObligationBreached {
		d.Facts = append(d.Facts, fact{v.T("web.obligation.reimbursement"), tenge(v, c.Reimbursement)})
	}
	for _, e := range c.History {
		row := historyRow{On: v.Date(e.On), State: v.T("web.obligation.state." + string(e.To)), StateClass: obligationBadge(e.To),
			Note: e.Note, Login: e.Login, RecordedAt: v.Time(e.RecordedAt)}
		switch {
		case e.From == "":
			row.Detail = v.T("web.obligation.signed")
		case e.To == domain.ObligationDeferred:
			row.Detail = v.T("web.obligation.deferred_detail", "reason", v.T("web.obligation.reason."+string(e.Reason)), "until", v.Date(e.Until))
		case e.To == domain.ObligationBreached:
			row.Detail = v.T("web.obligation.breach_detail", "amount", tenge(v, e.Reimbursement))
		}
		d.History = append(d.History, row)
	}
	moves := domain.ObligationMovesFrom(c.State)
	if v.Can(string(auth.MoveObligations)) && len(moves) > 0 {
		if form == nil {
			form = &moveFormData{On: today.Format(time.DateOnly)}
		}
		form.Action = contractURL(c.ID) + "/move"
		values := make([]string, 0, len(moves))
		for _, m := range moves {
			values = append(values, string(m))
		}
		form.Moves = choices(v, "web.obligation.move.", values, form.To)
		reasons := make([]string, 0, len(domain.DeferralReasons))
		for _, rs := range domain.DeferralReasons {
			reasons = append(reasons, string(rs))
		}
		form.Reasons = choices(v, "web.obligation.reason.", reasons, form.Reason)
		d.Move = form
	}
	v.Title = v.T("web.contract.title", "number", c.Number)
	v.Data = d
	h.render(w, r, status, "contract_show", v)
}
