package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// orderFormData is the form on which an employer places or changes an
// order, kept as typed when it comes back with a problem.
type orderFormData struct {
	ID                 int64
	Action, CancelURL  string
	Region, Code, Year string
	Graduates, Note    string
	Regions            []option
	Codes              []optgroup
	Years              []option
	Locked             bool // contracts are signed: only the graduates and the note change
	Errors             formErrors
}

// orderLabels name the order form's fields in messages.
var orderLabels = map[string]string{
	"region_id":          "web.field.region",
	"qualification_code": "web.order.field.qualification",
	"year":               "web.seats.field.year",
	"graduates":          "web.order.field.graduates",
	"note":               "web.order.field.note",
}

// orderFormOf keeps what was posted.
func orderFormOf(r *http.Request) orderFormData {
	return orderFormData{Region: postedText(r, "region_id", 10), Code: postedText(r, "qualification_code", 20),
		Year: postedText(r, "year", 10), Graduates: postedText(r, "graduates", 10), Note: postedText(r, "note", 8000)}
}

// readOrderForm sets o's fields from the posted form.
func readOrderForm(r *http.Request, o *domain.TrainingOrder) {
	o.RegionID = postedNumber(r, "region_id", 0)
	o.QualificationCode = r.PostFormValue("qualification_code")
	o.Year = postedNumber(r, "year", 0)
	o.Graduates = postedNumber(r, "graduates", 0)
	o.Note = r.PostFormValue("note")
}

// renderOrderForm shows the new-order or edit form with status.
func (h *Web) renderOrderForm(w http.ResponseWriter, r *http.Request, status int, d orderFormData) {
	ctx := r.Context()
	v := h.newView(r, "targeted")
	if d.ID == 0 {
		d.Action, d.CancelURL = "/targeted/orders", "/targeted/orders"
		v.Title = v.T("web.order.new_title")
	} else {
		d.Action, d.CancelURL = orderURL(d.ID), orderURL(d.ID)
		v.Title = v.T("web.order.edit_title")
	}
	regions, err := h.reg.Regions(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, rg := range regions {
		id := strconv.Itoa(rg.ID)
		d.Regions = append(d.Regions, option{Value: id, Label: rg.Name.In(v.Lang), Selected: id == d.Region})
	}
	sortByLabel(v.Lang, d.Regions)
	if d.Codes, err = h.qualificationOptions(ctx, v, d.Code); err != nil {
		h.fail(w, r, err)
		return
	}
	year, _ := strconv.Atoi(d.Year)
	d.Years = yearOptions(h.now().In(kazakhstan).Year(), year)
	v.Data = d
	h.render(w, r, status, "order_form", v)
}

// orderFormProblem shows the form again with the problem of a failed save,
// or the error page when it is not the user's to fix.
func (h *Web) orderFormProblem(w http.ResponseWriter, r *http.Request, err error, d orderFormData) {
	v := h.newView(r, "targeted")
	fe, status, ok := formProblem(v, err, "", orderLabels)
	if !ok {
		h.fail(w, r, err)
		return
	}
	d.Errors = fe
	h.renderOrderForm(w, r, status, d)
}
