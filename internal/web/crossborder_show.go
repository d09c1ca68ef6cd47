package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

type crossBorderRow struct {
	Region string
	Cells  []string // per Russian region (and the unnamed), "agreements · mobility" or ""
}

type crossBorderData struct {
	Heading    string
	Figures    []figureCard
	Columns    []string // the Russian regions, west to east, and "region not named"
	Rows       []crossBorderRow
	Totals     []string
	Agreements []partnershipRow
	Empty      bool
}

// crossBorderShow is the Kazakhstan–Russia page: the agreements in force
// with Russian partners and this academic year's mobility with Russia, by
// Kazakh region and the 12 Russian regions on the border (the partner's
// region), for the reader's scope.
func (h *Web) crossBorderShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "international")
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := newQuery(r)
	sc := collegeScopeOf(v, q, pl)
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	cb, err := h.reg.CrossBorder(ctx, sc)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := crossBorderData{Empty: len(cb.Cells) == 0}
	if sc.RegionID != 0 {
		d.Heading = pl.regionName(v.Lang, sc.RegionID)
	}
	outgoing, incoming := 0, 0
	for _, t := range cb.Totals {
		outgoing += t.Outgoing
		incoming += t.Incoming
	}
	d.Figures = []figureCard{
		{Value: v.Number(cb.Colleges), Label: v.T("web.intl.figure.russia")},
		{Value: v.Number(cb.Partners), Label: v.T("web.intl.figure.russian_partners")},
		{Value: v.Number(outgoing), Label: v.T("web.intl.figure.to_russia")},
		{Value: v.Number(incoming), Label: v.T("web.intl.figure.from_russia")},
	}
	index := map[string]int{}
	for i, g := range cb.RURegions {
		d.Columns = append(d.Columns, g.Name.In(v.Lang))
		index[g.ISO] = i
	}
	d.Columns = append(d.Columns, v.T("web.intl.ru_region_unnamed"))
	index[""] = len(cb.RURegions)
	cell := func(c domain.CrossBorderCell) string {
		if c.Agreements == 0 && c.Outgoing == 0 && c.Incoming == 0 {
			return ""
		}
		return v.T("web.intl.cross_cell", "agreements", v.Number(c.Agreements), "out", v.Number(c.Outgoing), "in", v.Number(c.Incoming))
	}
	for _, c := range cb.Cells {
		if len(d.Rows) == 0 || d.Rows[len(d.Rows)-1].Region != c.Region.In(v.Lang) {
			d.Rows = append(d.Rows, crossBorderRow{Region: c.Region.In(v.Lang), Cells: make([]string, len(d.Columns))})
		}
		if i, ok := index[c.RURegion]; ok {
			d.Rows[len(d.Rows)-1].Cells[i] = cell(c)
		}
	}
	for _, t := range cb.Totals {
		d.Totals = append(d.Totals, cell(t))
	}
	for _, a := range cb.Agreements {
		d.Agreements = append(d.Agreements, partnershipRowOf(v, a))
	}
	v.Title = v.T("web.intl.russia_title")
	v.Data = d
	h.render(w, r, http.StatusOK, "crossborder_show", v)
}
