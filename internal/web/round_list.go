package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

type roundRow struct {
	URL, Name, Region    string
	Status, StatusClass  string
	Deadline, Supplement string
	Offers, Seats        string
	Students, Placed     string
	PlacedShown          bool // the reader sees the run's outcome
}

type roundListData struct {
	listing
	Rows   []roundRow
	Lead   string
	NewURL string // "open a round", for the ministry and regional departments
}

// roundList lists the allocation rounds the reader's scope covers, newest
// first, with their state, deadline and figures: offers, seats, students
// who ranked, students placed. The ministry and a regional department
// open rounds from here.
func (h *Web) roundList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "rounds")
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := newQuery(r)
	status := q.choice("status")
	f := domain.RoundFilter{RegionID: pl.region(q), Status: domain.RoundStatus(status), Page: q.page()}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.Rounds(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := roundListData{listing: listing{Path: "/rounds"}}
	p := newParams()
	p.setInt("region", int64(f.RegionID))
	p.set("status", status, "")
	d.Selects = []selectField{
		{ID: "f-region", Name: "region", Label: v.T("web.field.region"), Any: v.T("web.filter.all_regions"),
			Options: pl.regionOptions(v.Lang, f.RegionID)},
		{ID: "f-status", Name: "status", Label: v.T("web.field.status"), Any: v.T("web.rounds.all_states"),
			Options: choices(v, "web.round.status.", roundStatusValues(), status)},
		perPageField(v, f.Page.Size),
	}
	d.Summary = v.Plural("web.rounds.count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	switch {
	case v.Can(string(auth.ManageRounds)):
		d.Lead = v.T("web.rounds.lead.organiser")
		d.NewURL = "/rounds/new"
	case v.Can(string(auth.RankOffers)):
		d.Lead = v.T("web.rounds.lead.student")
	default:
		d.Lead = v.T("web.rounds.lead.reader")
	}
	for _, rd := range list.Items {
		d.Rows = append(d.Rows, roundRowOf(v, pl, rd))
	}
	v.Title = v.T("web.rounds.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "round_list", v)
}

// roundStatusValues are the round states as filter values, in order.
func roundStatusValues() []string {
	out := make([]string, 0, len(domain.RoundStatuses))
	for _, s := range domain.RoundStatuses {
		out = append(out, string(s))
	}
	return out
}

// roundRowOf is one round of the list.
func roundRowOf(v *view, pl places, rd domain.Round) roundRow {
	row := roundRow{
		URL:         roundURL(rd.ID),
		Name:        rd.Name,
		Region:      roundRegion(v, pl, rd.RegionID),
		Status:      v.T("web.round.status." + string(rd.Status)),
		StatusClass: roundBadge(rd.Status),
		Deadline:    v.Time(rd.Deadline),
		Offers:      v.Number(rd.Offers),
		Seats:       v.Number(rd.Seats),
		Students:    v.Number(rd.Students),
		Placed:      v.Number(rd.Placed),
		PlacedShown: seesRun(v.User, rd),
	}
	if rd.ParentID != 0 {
		row.Supplement = v.T("web.round.supplementary")
	}
	return row
}

// roundURL is a round's page.
func roundURL(id int64) string { return "/rounds/" + strconv.FormatInt(id, 10) }

// roundRegion names the region a round covers, or says it is national.
func roundRegion(v *view, pl places, regionID int) string {
	if regionID == 0 {
		return v.T("web.round.national")
	}
	return pl.regionName(v.Lang, regionID)
}

// roundBadge is the badge style of a round's state: a closed round needs
// nobody's attention.
func roundBadge(s domain.RoundStatus) string {
	switch s {
	case domain.RoundClosed:
		return "badge off"
	case domain.RoundPublished:
		return "badge state signed"
	case domain.RoundAllocated:
		return "badge state submitted"
	}
	return "badge"
}
