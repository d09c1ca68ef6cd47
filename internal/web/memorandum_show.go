package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// fulfilmentRow is one delivery reported against a commitment.
type fulfilmentRow struct {
	ID                        int64
	Date, Quantity, Value     string
	Document, Description     string
	EvidenceURL, EvidenceName string
	Confirmed                 string // when and that the college confirmed; "" if not yet
	ConfirmURL                string // for the college, while unconfirmed
}

// commitmentRow is one commitment with its progress by the rule.
type commitmentRow struct {
	ID                             int64
	Kind, Description              string
	Promised, Delivered, Expected  string
	Percent                        int
	State, StateClass              string
	Value, DeliveredValue, Confirm string // equipment in tenge
	Equipment                      bool
	Fulfilments                    []fulfilmentRow
}

// reportForm is the enterprise's form that reports a delivery, kept as
// typed when it comes back with a problem.
type reportForm struct {
	URL                   string
	Commitments           []option
	Quantity, Value, Date string
	Document, Description string
	Errors                formErrors
	MaxMB                 string
}

type memorandumShowData struct {
	M                         domain.Memorandum
	State, StateClass         string
	Region, Period, SignedOn  string
	College, CollegeURL       string
	Enterprise, EnterpriseURL string
	Behind                    string // "1 commitment behind"
	Today                     string
	Commitments               []commitmentRow
	EditURL                   string
	AuditURL                  string
	Report                    *reportForm
	// Problem is a refused confirmation, which has no form of its own.
	Problem string
}

// memorandumLabels of the report form.
var reportLabels = map[string]string{
	"commitment_id": "web.fulfilment.field.commitment",
	"quantity":      "web.fulfilment.field.quantity",
	"value":         "web.fulfilment.field.value",
	"delivered_on":  "web.fulfilment.field.delivered_on",
	"document":      "web.fulfilment.field.document",
	"description":   "web.fulfilment.field.description",
	"evidence":      "web.fulfilment.field.evidence",
}

// memorandumShow shows a memorandum: its parties and period, each
// commitment with what was promised, delivered and expected by today, its
// state by the published rule, and the deliveries reported with their
// evidence; the enterprise reports a delivery here, the college confirms
// receipt, the regional department edits.
func (h *Web) memorandumShow(w http.ResponseWriter, r *http.Request) {
	m, ok := pathRecord(h, w, r, "memorandum", h.reg.Memorandum)
	if !ok {
		return
	}
	h.renderMemorandum(w, r, http.StatusOK, m, nil, "")
}

// renderMemorandum renders a memorandum's page with status; report is the
// report form as posted (nil: a fresh one) and problem a refused step.
func (h *Web) renderMemorandum(w http.ResponseWriter, r *http.Request, status int, m domain.Memorandum, report *reportForm, problem string) {
	v := h.newView(r, "patronage")
	d := memorandumShowData{
		M:             m,
		State:         v.T("web.commitment.state." + string(m.State)),
		StateClass:    commitmentBadge(m.State),
		Region:        m.Region.In(v.Lang),
		Period:        v.Date(m.StartsOn) + " – " + v.Date(m.EndsOn),
		SignedOn:      v.Date(m.SignedOn),
		College:       m.College.In(v.Lang),
		CollegeURL:    "/colleges/" + strconv.FormatInt(m.CollegeID, 10),
		Enterprise:    m.Enterprise.In(v.Lang),
		EnterpriseURL: "/enterprises/" + strconv.FormatInt(m.EnterpriseID, 10),
		Today:         v.Date(domain.DateInKazakhstan(h.now())),
		Problem:       problem,
	}
	if m.Behind > 0 {
		d.Behind = v.Plural("web.memoranda.behind_count", m.Behind)
	}
	canConfirm := v.Can(string(auth.ConfirmPatronage))
	for _, c := range m.Commitments {
		row := commitmentRow{
			ID:          c.ID,
			Kind:        v.T("web.commitment.kind." + string(c.Kind)),
			Description: c.Description,
			Promised:    v.Number(c.Quantity),
			Delivered:   v.Number(c.Delivered),
			Expected:    v.Number(c.Expected),
			Percent:     percentOf(c.Delivered, c.Quantity),
			State:       v.T("web.commitment.state." + string(c.State)),
			StateClass:  commitmentBadge(c.State),
			Equipment:   c.Kind == domain.CommitEquipment,
		}
		if row.Equipment {
			row.Value, row.DeliveredValue, row.Confirm = tenge(v, c.Value), tenge(v, c.DeliveredValue), tenge(v, c.ConfirmedValue)
		}
		for _, f := range c.Fulfilments {
			fr := fulfilmentRow{ID: f.ID, Date: v.Date(f.DeliveredOn), Quantity: v.Number(f.Quantity), Document: f.Document,
				Description: f.Description}
			if f.Value != 0 {
				fr.Value = tenge(v, f.Value)
			}
			if f.EvidenceType != "" {
				fr.EvidenceURL = "/fulfilments/" + strconv.FormatInt(f.ID, 10) + "/evidence"
				fr.EvidenceName = f.EvidenceName
			}
			switch {
			case f.Confirmed():
				fr.Confirmed = v.T("web.fulfilment.confirmed_on", "date", v.Date(f.ConfirmedAt))
			case canConfirm:
				fr.ConfirmURL = "/fulfilments/" + strconv.FormatInt(f.ID, 10) + "/confirm"
			}
			row.Fulfilments = append(row.Fulfilments, fr)
		}
		d.Commitments = append(d.Commitments, row)
	}
	if v.Can(string(auth.WritePatronage)) {
		d.EditURL = memorandumURL(m.ID) + "/edit"
	}
	if v.Can(string(auth.ReadAudit)) {
		d.AuditURL = "/audit?record_type=memorandum&record_id=" + strconv.FormatInt(m.ID, 10)
	}
	if v.Can(string(auth.ReportPatronage)) {
		if report == nil {
			report = &reportForm{Date: domain.DateInKazakhstan(h.now()).Format("2006-01-02"), Quantity: "1"}
		}
		report.URL = memorandumURL(m.ID) + "/fulfilments"
		report.MaxMB = strconv.Itoa(domain.MaxEvidenceBytes >> 20)
		chosen := ""
		if len(report.Commitments) == 1 {
			chosen = report.Commitments[0].Value // the one posted
		}
		report.Commitments = nil
		for i, c := range m.Commitments {
			id := strconv.FormatInt(c.ID, 10)
			label := strconv.Itoa(i+1) + ". " + v.T("web.commitment.kind."+string(c.Kind))
			if c.Description != "" {
				label += " — " + c.Description
			}
			report.Commitments = append(report.Commitments, option{Value: id, Label: label, Selected: id == chosen})
		}
		d.Report = report
	}
	v.Title = v.T("web.memorandum.title", "number", m.Number)
	v.Data = d
	h.render(w, r, status, "memorandum_show", v)
}
