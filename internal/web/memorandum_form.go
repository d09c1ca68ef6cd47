package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// commitmentFormRow is one row of the commitments on the memorandum form;
// a row left blank adds nothing.
type commitmentFormRow struct {
	N                            int    // from 0, in the fields' names: c0_kind
	Ordinal                      string // from 1, in its legend
	ID                           string
	Kind                         string
	Kinds                        []option
	Description, Quantity, Value string
	Delivered                    string // "3 delivered": a row with reports keeps its kind and stays
}

// memorandumFormData is the form on which a regional department records or
// changes a memorandum, kept as typed when it comes back with a problem.
type memorandumFormData struct {
	ID                  int64
	Action, CancelURL   string
	Number, CollegeID   string
	EnterpriseBIN       string
	SignedOn, StartsOn  string
	EndsOn, Note        string
	Region              string
	Colleges            []option
	Rows                []commitmentFormRow
	Errors              formErrors
	MaxCommitments      int
	KindHint, ValueHint string
}

// memorandumLabels name the memorandum form's fields in messages.
var memorandumLabels = map[string]string{
	"number":         "web.memorandum.field.number",
	"college_id":     "web.field.college",
	"enterprise_id":  "web.memorandum.field.enterprise_bin",
	"enterprise_bin": "web.memorandum.field.enterprise_bin",
	"signed_on":      "web.memorandum.field.signed_on",
	"starts_on":      "web.memorandum.field.starts_on",
	"ends_on":        "web.memorandum.field.ends_on",
	"note":           "web.memorandum.field.note",
	"commitments":    "web.memorandum.commitments",
}

// blankCommitmentRows are the empty rows the form offers beyond the
// commitments it holds.
const blankCommitmentRows = 3

// memorandumFormFrom fills the form with a stored memorandum.
func memorandumFormFrom(m domain.Memorandum, enterpriseBIN string) memorandumFormData {
	d := memorandumFormData{ID: m.ID, Number: m.Number, CollegeID: idText(m.CollegeID), EnterpriseBIN: enterpriseBIN,
		SignedOn: dateValue(m.SignedOn), StartsOn: dateValue(m.StartsOn), EndsOn: dateValue(m.EndsOn), Note: m.Note}
	for i, c := range m.Commitments {
		row := commitmentFormRow{N: i, ID: idText(c.ID), Kind: string(c.Kind), Description: c.Description, Quantity: strconv.Itoa(c.Quantity)}
		if c.Value != 0 {
			row.Value = strconv.FormatInt(c.Value, 10)
		}
		if c.Delivered > 0 {
			row.Delivered = strconv.Itoa(c.Delivered)
		}
		d.Rows = append(d.Rows, row)
	}
	return d
}

// dateValue is a date as a date input's value.
func dateValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// memorandumFormOf keeps what was posted, to show the form again.
func memorandumFormOf(r *http.Request) memorandumFormData {
	f := func(name string) string { return postedText(r, name, 800) }
	d := memorandumFormData{Number: f("number"), CollegeID: f("college_id"), EnterpriseBIN: f("enterprise_bin"),
		SignedOn: f("signed_on"), StartsOn: f("starts_on"), EndsOn: f("ends_on"), Note: postedText(r, "note", 8000)}
	for i := 0; i < domain.MaxCommitments+blankCommitmentRows; i++ {
		p := "c" + strconv.Itoa(i) + "_"
		if _, ok := r.PostForm[p+"kind"]; !ok {
			break
		}
		d.Rows = append(d.Rows, commitmentFormRow{N: i, ID: f(p + "id"), Kind: f(p + "kind"), Description: f(p + "description"),
			Quantity: f(p + "quantity"), Value: f(p + "value"), Delivered: f(p + "delivered")})
	}
	return d
}

// readMemorandumForm sets m's fields from the posted form and returns, for
// each of m's commitments, the form row it came from (blank rows are
// skipped), so that a commitment's problem lands on its row. The
// enterprise is named by its BIN.
func (h *Web) readMemorandumForm(ctx context.Context, r *http.Request, m *domain.Memorandum) ([]int, error) {
	m.Number = r.PostFormValue("number")
	m.Note = r.PostFormValue("note")
	m.SignedOn, m.StartsOn, m.EndsOn = postedDate(r, "signed_on"), postedDate(r, "starts_on"), postedDate(r, "ends_on")
	var err error
	if m.CollegeID, err = formID(r, "college_id"); err != nil {
		return nil, err
	}
	if m.EnterpriseID, err = h.enterpriseByBIN(ctx, r.PostFormValue("enterprise_bin")); err != nil {
		return nil, err
	}
	m.Commitments = m.Commitments[:0]
	var rows []int
	for i := 0; i < domain.MaxCommitments+blankCommitmentRows; i++ {
		p := "c" + strconv.Itoa(i) + "_"
		if _, ok := r.PostForm[p+"kind"]; !ok {
			break
		}
		get := func(name string) string { return strings.TrimSpace(r.PostFormValue(p + name)) }
		if get("id") == "" && get("kind") == "" && get("description") == "" && get("quantity") == "" && get("value") == "" {
			continue
		}
		id, err := formID(r, p+"id")
		if err != nil {
			return nil, err
		}
		c := domain.Commitment{ID: id, Kind: domain.CommitmentKind(get("kind")), Description: get("description"),
			Quantity: postedNumber(r, p+"quantity", 0), Value: postedTenge(get("value"))}
		m.Commitments = append(m.Commitments, c)
		rows = append(rows, i)
	}
	return rows, nil
}

// postedTenge reads an amount in tenge as people type it (spaces between
// thousands allowed); empty is 0, anything else that is not a whole
// number -1, which the domain refuses naming the field.
func postedTenge(s string) int64 {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// enterpriseByBIN finds the enterprise a form names by its BIN; EINVALID
// on enterprise_bin for a malformed BIN or one the registry does not hold.
func (h *Web) enterpriseByBIN(ctx context.Context, bin string) (int64, error) {
	bin = strings.TrimSpace(bin)
	if bin == "" {
		return 0, domain.Invalid("enterprise_bin", "error.enterprise.required", "enterprise is required")
	}
	if err := domain.ValidateBIN("enterprise_bin", bin); err != nil {
		return 0, err
	}
	list, err := h.reg.Enterprises(ctx, domain.EnterpriseFilter{Query: bin, Page: domain.Page{Size: 1}})
	if err != nil {
		return 0, err
	}
	if len(list.Items) == 0 {
		return 0, domain.Invalid("enterprise_bin", "error.enterprise.unknown", "no enterprise with this BIN")
	}
	return list.Items[0].ID, nil
}

// renderMemorandumForm shows the new-memorandum or edit form with status.
func (h *Web) renderMemorandumForm(w http.ResponseWriter, r *http.Request, status int, d memorandumFormData) {
	ctx := r.Context()
	v := h.newView(r, "patronage")
	if d.ID == 0 {
		d.Action, d.CancelURL = "/memoranda", "/memoranda"
		v.Title = v.T("web.memorandum.new_title")
	} else {
		d.Action = memorandumURL(d.ID)
		d.CancelURL = d.Action
		v.Title = v.T("web.memorandum.edit_title", "number", d.Number)
	}
	region := 0
	if u := v.User; u != nil {
		region = u.RegionID
	}
	rg, err := h.reg.Region(ctx, region)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Region = rg.Name.In(v.Lang)
	colleges, err := h.reg.CollegeNames(ctx, region)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, c := range colleges {
		id := strconv.FormatInt(c.ID, 10)
		d.Colleges = append(d.Colleges, option{Value: id, Label: c.Name.In(v.Lang), Selected: id == d.CollegeID})
	}
	sortByLabel(v.Lang, d.Colleges)
	for (len(d.Rows) < 5 || countBlank(d.Rows) < blankCommitmentRows) && len(d.Rows) < domain.MaxCommitments+blankCommitmentRows {
		d.Rows = append(d.Rows, commitmentFormRow{N: len(d.Rows)})
	}
	kinds := make([]string, 0, len(domain.CommitmentKinds))
	for _, k := range domain.CommitmentKinds {
		kinds = append(kinds, string(k))
	}
	for i := range d.Rows {
		d.Rows[i].N, d.Rows[i].Ordinal = i, strconv.Itoa(i+1)
		d.Rows[i].Kinds = choices(v, "web.commitment.kind.", kinds, d.Rows[i].Kind)
	}
	d.MaxCommitments = domain.MaxCommitments
	v.Data = d
	h.render(w, r, status, "memorandum_form", v)
}

// countBlank counts the rows without a commitment in them.
func countBlank(rows []commitmentFormRow) int {
	n := 0
	for _, r := range rows {
		if r.ID == "" && r.Kind == "" && r.Description == "" && r.Quantity == "" && r.Value == "" {
			n++
		}
	}
	return n
}

// memorandumFormProblem shows the form again with the problem of a failed
// save next to its field — a commitment's on its row — or the error page
// when it is not the user's to fix.
func (h *Web) memorandumFormProblem(w http.ResponseWriter, r *http.Request, err error, rows []int, d memorandumFormData) {
	v := h.newView(r, "patronage")
	fe, status, ok := formProblem(v, err, "", memorandumLabels)
	if !ok {
		h.fail(w, r, err)
		return
	}
	if field := domain.AsError(err).Field; strings.HasPrefix(field, "commitments.") {
		parts := strings.SplitN(field, ".", 3)
		if n, convErr := strconv.Atoi(parts[1]); convErr == nil && n < len(rows) && len(parts) == 3 {
			msg := v.p.TMap(domain.AsError(err).Key, domain.AsError(err).Params)
			fe.Fields["c"+strconv.Itoa(rows[n])+"_"+parts[2]] = msg
			fe.Summary = v.T("web.memorandum.row_error", "n", strconv.Itoa(rows[n]+1), "message", msg)
		}
	}
	d.Errors = fe
	h.renderMemorandumForm(w, r, status, d)
}
