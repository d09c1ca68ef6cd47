package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// patronageFigure is one figure card.
type patronageFigure struct {
	Value, Label, Note string
}

// patronageKindRow is what one kind of commitment promised and delivered.
type patronageKindRow struct {
	Kind, Promised, Delivered string
	Percent                   int // delivered of promised, capped at 100 for the bar
}

// patronageRegionRow is one region's line of the national figures.
type patronageRegionRow struct {
	URL, Region                  string
	Memoranda, Patrons, Colleges string
	Behind, Equipment            string
}

// patronageFiguresView is the figures block shared by the national page
// and the lists of a region, college or enterprise.
type patronageFiguresView struct {
	Day       string
	Figures   []patronageFigure
	States    []patronageFigure // commitments on track, behind, done
	Kinds     []patronageKindRow
	Equipment []patronageFigure // promised, delivered, confirmed, in tenge
	Empty     bool              // no memorandum in force
}

type patronageShowData struct {
	patronageFiguresView
	Regions []patronageRegionRow
	// ListURL is the reader's memoranda; NewURL records one (a regional
	// department).
	ListURL, ListLabel string
	NewURL             string
}

// patronageShow is the national page of patronage: how many enterprises
// patron how many colleges under memoranda in force today, what their
// commitments stand at by the published rule, the equipment delivered in
// tenge, and a line per region leading to its memoranda.
func (h *Web) patronageShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "patronage")
	fig, err := h.reg.PatronageFigures(ctx, domain.PatronageScope{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := patronageShowData{patronageFiguresView: patronageFiguresOf(v, fig), ListURL: "/memoranda"}
	d.ListLabel = v.T("web.patronage.all_memoranda")
	if u := v.User; u != nil && u.Role != domain.RoleMinistry && !(u.Role == domain.RoleAuditor && u.RegionID == 0 && u.CollegeID == 0) {
		d.ListLabel = v.T("web.patronage.my_memoranda")
	}
	if v.Can(string(auth.WritePatronage)) {
		d.NewURL = "/memoranda/new"
	}
	for _, rp := range fig.Regions {
		d.Regions = append(d.Regions, patronageRegionRow{
			URL:       "/memoranda?region=" + strconv.Itoa(rp.RegionID),
			Region:    rp.Region.In(v.Lang),
			Memoranda: v.Number(rp.Memoranda),
			Patrons:   v.Number(rp.Patrons),
			Colleges:  v.Number(rp.Colleges),
			Behind:    v.Number(rp.Behind),
			Equipment: millionTenge(v, rp.EquipmentDelivered),
		})
	}
	v.Title = v.T("web.patronage.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "patronage_show", v)
}

// patronageFiguresOf lays out the figures for a page.
func patronageFiguresOf(v *view, fig domain.PatronageFigures) patronageFiguresView {
	f := patronageFiguresView{Day: v.Date(fig.Day), Empty: fig.Memoranda == 0}
	f.Figures = []patronageFigure{
		{Value: v.Number(fig.Patrons), Label: v.T("web.patronage.figure.patrons")},
		{Value: v.Number(fig.Colleges), Label: v.T("web.patronage.figure.colleges")},
		{Value: millionTenge(v, fig.EquipmentDelivered), Label: v.T("web.patronage.figure.equipment_delivered"),
			Note: v.T("web.patronage.figure.equipment_of", "amount", millionTenge(v, fig.EquipmentPromised))},
		{Value: v.Number(fig.Memoranda), Label: v.T("web.patronage.figure.memoranda"),
			Note: v.Plural("web.patronage.figure.behind", fig.Behind)},
	}
	f.States = []patronageFigure{
		{Value: v.Number(fig.Commitment.OnTrack), Label: v.T("web.commitment.state.on_track")},
		{Value: v.Number(fig.Commitment.Behind), Label: v.T("web.commitment.state.behind")},
		{Value: v.Number(fig.Commitment.Done), Label: v.T("web.commitment.state.done")},
	}
	for _, k := range fig.Kinds {
		f.Kinds = append(f.Kinds, patronageKindRow{
			Kind:      v.T("web.commitment.kind." + string(k.Kind)),
			Promised:  v.Number(k.Promised),
			Delivered: v.Number(k.Delivered),
			Percent:   percentOf(k.Delivered, k.Promised),
		})
	}
	f.Equipment = []patronageFigure{
		{Value: tenge(v, fig.EquipmentPromised), Label: v.T("web.patronage.equipment.promised")},
		{Value: tenge(v, fig.EquipmentDelivered), Label: v.T("web.patronage.equipment.delivered")},
		{Value: tenge(v, fig.EquipmentConfirmed), Label: v.T("web.patronage.equipment.confirmed")},
	}
	return f
}

// percentOf is part of whole in whole percent, at most 100.
func percentOf(part, whole int) int {
	if whole <= 0 {
		return 0
	}
	return min(100, part*100/whole)
}

// tenge writes an amount in tenge with the language's digit grouping.
func tenge(v *view, amount int64) string {
	return v.T("web.patronage.tenge", "amount", v.Number(int(amount)))
}

// millionTenge writes a large amount in millions of tenge, rounded.
func millionTenge(v *view, amount int64) string {
	return v.T("web.patronage.million_tenge", "amount", v.Number(int((amount+500_000)/1_000_000)))
}

// commitmentBadge is the badge class of a state.
func commitmentBadge(s domain.CommitmentState) string {
	switch s {
	case domain.CommitmentDone:
		return "badge state signed"
	case domain.CommitmentBehind:
		return "badge state missing"
	}
	return "badge state submitted"
}
