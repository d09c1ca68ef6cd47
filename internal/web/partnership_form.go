package web

import (
	"context"
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// partnershipForm is the form of a college's agreement with a foreign
// partner, filled with a (zero for a new one).
func (h *Web) partnershipForm(ctx context.Context, v *view, a domain.Partnership) (xform, error) {
	partners, err := h.partnerOptions(ctx, v, a.PartnerID)
	if err != nil {
		return xform{}, err
	}
	f := xform{ID: "partnership-form", Action: "/international/partnerships", Submit: v.T("web.intl.save_agreement"),
		Title: v.T("web.intl.new_agreement")}
	if a.ID != 0 {
		f.Action, f.Title = "/international/partnerships/"+idString(a.ID), v.T("web.intl.edit_agreement")
	}
	status := string(a.Status)
	if status == "" {
		status = string(domain.PartnershipActive)
	}
	f.Fields = []xfield{
		{Name: "partner_id", Label: v.T("web.intl.field.partner"), Type: "select", Options: partners, Any: v.T("web.intl.choose_partner"),
			Required: true, Hint: v.T("web.intl.partner_hint")},
		{Name: "kind", Label: v.T("web.intl.field.kind"), Type: "select", Required: true, Any: v.T("web.intl.choose"),
			Options: choices(v, "web.intl.kind.", enumValues(domain.AgreementKinds), string(a.Kind))},
		{Name: "standard", Label: v.T("web.intl.field.standard"), Type: "text", Value: a.Standard, Max: 100, Hint: v.T("web.intl.standard_hint")},
		{Name: "number", Label: v.T("web.intl.field.number"), Type: "text", Value: a.Number, Max: 50},
		{Name: "subject", Label: v.T("web.intl.field.subject"), Type: "textarea", Value: a.Subject, Max: 500, Required: true},
		{Name: "status", Label: v.T("web.field.status"), Type: "select", Required: true,
			Options: choices(v, "web.intl.status.", enumValues(domain.PartnershipStatuses), status)},
		{Name: "signed_on", Label: v.T("web.intl.field.signed_on"), Type: "date", Value: dateValue(a.SignedOn)},
		{Name: "starts_on", Label: v.T("web.intl.field.starts_on"), Type: "date", Value: dateValue(a.StartsOn), Required: true},
		{Name: "ends_on", Label: v.T("web.intl.field.ends_on"), Type: "date", Value: dateValue(a.EndsOn), Hint: v.T("web.intl.ends_hint")},
	}
	return f, nil
}

// partnerOptions are the partners of the register for a select, by name,
// with their country.
func (h *Web) partnerOptions(ctx context.Context, v *view, selected int64) ([]option, error) {
	var opts []option
	for page := 1; page <= 10; page++ {
		list, err := h.reg.Partners(ctx, domain.PartnerFilter{Page: domain.Page{Number: page, Size: domain.MaxPageSize}})
		if err != nil {
			return nil, err
		}
		for _, p := range list.Items {
			opts = append(opts, option{Value: idString(p.ID), Label: p.Name + " (" + countryName(v.Lang, p.Country) + ")", Selected: p.ID == selected})
		}
		if page >= list.Pages() {
			break
		}
	}
	return opts, nil
}

// readPartnershipForm sets a's fields from the posted form.
func readPartnershipForm(r *http.Request, a *domain.Partnership) error {
	id, err := formID(r, "partner_id")
	if err != nil {
		return err
	}
	a.PartnerID = id
	a.Kind, a.Status = domain.AgreementKind(r.PostFormValue("kind")), domain.PartnershipStatus(r.PostFormValue("status"))
	a.Standard, a.Number, a.Subject = r.PostFormValue("standard"), r.PostFormValue("number"), r.PostFormValue("subject")
	a.SignedOn, a.StartsOn, a.EndsOn = postedDate(r, "signed_on"), postedDate(r, "starts_on"), postedDate(r, "ends_on")
	return nil
}

type partnershipFormData struct {
	Form      xform
	CancelURL string
}

// renderPartnershipForm shows the form of a new agreement, or comes back
// to it with err's problem next to its field.
func (h *Web) renderPartnershipForm(w http.ResponseWriter, r *http.Request, a domain.Partnership, err error) {
	v := h.newView(r, "international")
	f, ferr := h.partnershipForm(r.Context(), v, a)
	if ferr != nil {
		h.fail(w, r, ferr)
		return
	}
	status := http.StatusOK
	if err != nil {
		f.keep(r)
		var ok bool
		if status, ok = f.problem(v, err); !ok {
			h.fail(w, r, err)
			return
		}
	}
	v.Title = f.Title
	v.Data = partnershipFormData{Form: f, CancelURL: "/international"}
	h.render(w, r, status, "partnership_form", v)
}
