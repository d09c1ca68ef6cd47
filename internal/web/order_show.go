package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// contractRow is a contract in a list.
type contractRow struct {
	URL, Number, Student               string
	Enterprise, College, Qualification string
	Year, State, StateClass            string
	Deadline                           string // "start by 30.09.2026"
}

// contractFormData is the form on which a college records a contract of
// one of its students against an order.
type contractFormData struct {
	OrderID                   int64
	Students                  []option
	Student, Number, SignedOn string
	Cost, Months              string
	Errors                    formErrors
}

type orderShowData struct {
	Qualification, Code, Enterprise string
	Region, Year, Note              string
	Graduates, Contracts            string
	EditURL, ContractsURL           string
	Rows                            []contractRow
	Form                            *contractFormData
}

// contractLabels name the contract form's fields in messages.
var contractLabels = map[string]string{
	"student_id":        "web.contract.field.student",
	"number":            "web.contract.field.number",
	"signed_on":         "web.contract.field.signed_on",
	"tuition_cost":      "web.contract.field.tuition_cost",
	"obligation_months": "web.contract.field.obligation_months",
	"order_id":          "web.contract.field.order",
}

// orderShow is an order with the contracts signed against it; its
// employer changes it from here, and a college of the region records a
// contract of one of its students.
func (h *Web) orderShow(w http.ResponseWriter, r *http.Request) {
	o, ok := pathRecord(h, w, r, "order", h.reg.TrainingOrder)
	if !ok {
		return
	}
	h.renderOrder(w, r, http.StatusOK, o, nil)
}

// renderOrder shows an order; form, when set, is the contract form as
// posted, with its problem.
func (h *Web) renderOrder(w http.ResponseWriter, r *http.Request, status int, o domain.TrainingOrder, form *contractFormData) {
	ctx := r.Context()
	v := h.newView(r, "targeted")
	d := orderShowData{Qualification: o.Qualification.In(v.Lang), Code: o.QualificationCode, Enterprise: o.Enterprise.In(v.Lang),
		Region: o.Region.In(v.Lang), Year: strconv.Itoa(o.Year), Note: o.Note, Graduates: v.Number(o.Graduates),
		Contracts: v.Number(o.Contracts), ContractsURL: "/targeted/contracts?order_id=" + strconv.FormatInt(o.ID, 10)}
	if v.Can(string(auth.WriteOrders)) {
		d.EditURL = orderURL(o.ID) + "/edit"
	}
	list, err := h.reg.TargetedContracts(ctx, domain.ContractFilter{OrderID: o.ID, Sort: "number", Page: domain.Page{Size: domain.MaxPageSize}})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, c := range list.Items {
		d.Rows = append(d.Rows, contractRowOf(v, c))
	}
	if u := v.User; u != nil && u.CollegeID != 0 && v.Can(string(auth.WriteContracts)) && o.Open() {
		if form == nil {
			form = &contractFormData{SignedOn: h.now().In(kazakhstan).Format(time.DateOnly),
				Months: strconv.Itoa(domain.DefaultTargetedPolicy.ObligationMonths)}
		}
		form.OrderID = o.ID
		students, err := h.reg.Students(ctx, domain.StudentFilter{CollegeID: u.CollegeID, Qualification: o.QualificationCode,
			Status: domain.StatusStudying, Page: domain.Page{Size: domain.MaxPageSize}})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, s := range students.Items {
			id := strconv.FormatInt(s.ID, 10)
			form.Students = append(form.Students, option{Value: id, Label: s.Name.Full() + " · " + s.GroupCode, Selected: id == form.Student})
		}
		d.Form = form
	}
	v.Title = v.T("web.order.title", "qualification", d.Qualification, "year", d.Year)
	v.Data = d
	h.render(w, r, status, "order_show", v)
}

// contractRowOf lays out a contract for a list.
func contractRowOf(v *view, c domain.TargetedContract) contractRow {
	row := contractRow{URL: contractURL(c.ID), Number: c.Number, Student: c.Student.Full(), Enterprise: c.Enterprise.In(v.Lang),
		College: c.College.In(v.Lang), Qualification: c.Qualification.In(v.Lang), Year: strconv.Itoa(c.Year),
		State: v.T("web.obligation.state." + string(c.State)), StateClass: obligationBadge(c.State)}
	if day, ok := c.Deadline(); ok {
		row.Deadline = v.T("web.obligation.deadline."+string(c.State), "date", v.Date(day))
	}
	return row
}

// contractURL is a contract's page.
func contractURL(id int64) string { return "/targeted/contracts/" + strconv.FormatInt(id, 10) }
