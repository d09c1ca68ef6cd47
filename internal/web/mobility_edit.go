package web

import (
	"context"
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// mobilityEdit shows the form that corrects a mobility of the reader's
// college — typically its outcome once it ended; another college's is not
// found.
func (h *Web) mobilityEdit(w http.ResponseWriter, r *http.Request) {
	m, err := h.ownMobility(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderMobilityEdit(w, r, m, nil)
}

// ownMobility reads the path's mobility when it is the reader's
// college's; ENOTFOUND otherwise.
func (h *Web) ownMobility(r *http.Request) (domain.Mobility, error) {
	id, err := pathID(r, "mobility")
	if err != nil {
		return domain.Mobility{}, err
	}
	m, err := h.reg.Mobility(r.Context(), id)
	if err != nil {
		return m, err
	}
	if u := domain.ActorFrom(r.Context()).User; u == nil || u.CollegeID != m.CollegeID {
		return domain.Mobility{}, domain.NotFound("mobility")
	}
	return m, nil
}

// renderMobilityEdit shows the correction of m; err is a save's problem.
func (h *Web) renderMobilityEdit(w http.ResponseWriter, r *http.Request, m domain.Mobility, err error) {
	v := h.newView(r, "international")
	f, ferr := h.mobilityForm(r.Context(), v, m)
	if ferr != nil {
		h.fail(w, r, ferr)
		return
	}
	h.renderRecordForm(w, r, v, recordFormData{Form: f, BackURL: "/international/mobility", BackLabel: v.T("web.intl.mobility_title")}, err)
}

// mobilityForm is the form of a mobility, filled with m (zero for a new
// one): an outgoing student or teacher is named by the registry's record
// number (on their page), an incoming guest by name.
func (h *Web) mobilityForm(ctx context.Context, v *view, m domain.Mobility) (xform, error) {
	partners, err := h.partnerOptions(ctx, v, m.PartnerID)
	if err != nil {
		return xform{}, err
	}
	f := xform{ID: "mobility-form", Action: "/international/mobility", Submit: v.T("web.intl.save_mobility"), Title: v.T("web.intl.new_mobility")}
	if m.ID != 0 {
		f.Action, f.Title, f.Submit = "/international/mobility/"+idString(m.ID), v.T("web.redit.edit_mobility"), v.T("web.redit.save")
	}
	record := func(id int64) string {
		if id == 0 {
			return ""
		}
		return idString(id)
	}
	name := m.PersonName
	if m.Direction == domain.MobilityOutgoing {
		name = "" // the registry's record names them
	}
	f.Fields = []xfield{
		{Name: "direction", Label: v.T("web.intl.field.direction"), Type: "select", Required: true, Any: v.T("web.intl.choose"),
			Options: choices(v, "web.intl.mobility.direction.", enumValues(domain.MobilityDirections), string(m.Direction))},
		{Name: "participant", Label: v.T("web.intl.field.participant"), Type: "select", Required: true, Any: v.T("web.intl.choose"),
			Options: choices(v, "web.intl.mobility.participant.", enumValues(domain.Participants), string(m.Participant))},
		{Name: "student_id", Label: v.T("web.intl.field.student_id"), Type: "number", Value: record(m.StudentID), Hint: v.T("web.intl.student_id_hint")},
		{Name: "teacher_id", Label: v.T("web.intl.field.teacher_id"), Type: "number", Value: record(m.TeacherID), Hint: v.T("web.intl.teacher_id_hint")},
		{Name: "person_name", Label: v.T("web.intl.field.person_name"), Type: "text", Value: name, Max: 200, Hint: v.T("web.intl.person_name_hint")},
		{Name: "country", Label: v.T("web.intl.field.country"), Type: "select", Required: true, Any: v.T("web.intl.choose"),
			Options: countryOptions(v, m.Country)},
		{Name: "partner_id", Label: v.T("web.intl.field.partner"), Type: "select", Any: v.T("web.intl.no_partner"), Options: partners},
		{Name: "host", Label: v.T("web.intl.field.host"), Type: "text", Value: m.Host, Max: 300, Hint: v.T("web.intl.host_hint")},
		{Name: "starts_on", Label: v.T("web.intl.field.starts_on"), Type: "date", Value: dateValue(m.StartsOn), Required: true},
		{Name: "ends_on", Label: v.T("web.intl.field.ends_on"), Type: "date", Value: dateValue(m.EndsOn), Required: true},
		{Name: "funding", Label: v.T("web.intl.field.funding"), Type: "select", Required: true, Any: v.T("web.intl.choose"),
			Options: choices(v, "web.intl.funding.", enumValues(domain.MobilityFundings), string(m.Funding))},
		{Name: "outcome", Label: v.T("web.intl.field.outcome"), Type: "select", Any: v.T("web.intl.outcome.none"),
			Options: choices(v, "web.intl.outcome.", enumValues(domain.MobilityOutcomes), string(m.Outcome))},
		{Name: "note", Label: v.T("web.intl.field.note"), Type: "textarea", Value: m.Note, Max: 1000},
	}
	return f, nil
}

// readMobilityForm reads a mobility as the form posts it; EINVALID names
// a record number that is not one.
func readMobilityForm(r *http.Request) (domain.Mobility, error) {
	m := domain.Mobility{Direction: domain.MobilityDirection(r.PostFormValue("direction")), Participant: domain.Participant(r.PostFormValue("participant")),
		PersonName: r.PostFormValue("person_name"), Country: r.PostFormValue("country"), Host: r.PostFormValue("host"),
		StartsOn: postedDate(r, "starts_on"), EndsOn: postedDate(r, "ends_on"), Funding: domain.MobilityFunding(r.PostFormValue("funding")),
		Outcome: domain.MobilityOutcome(r.PostFormValue("outcome")), Note: r.PostFormValue("note")}
	var err error
	for _, field := range []struct {
		name string
		id   *int64
	}{{"student_id", &m.StudentID}, {"teacher_id", &m.TeacherID}, {"partner_id", &m.PartnerID}} {
		if *field.id, err = formID(r, field.name); err != nil {
			return m, err
		}
	}
	return m, nil
}
