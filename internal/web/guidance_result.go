package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

type guidanceResultData struct {
	Code, CodeNames string
	Flat            bool
	Bars            []scoreBar
	Top             []scoreBar // the code's areas, strongest first, with their descriptions
	Cities          []optgroup
	CityID          int64
	City, Region    string
	Recommendations []recommendationRow
	ShareURL        string
	Finished        string
}

// guidanceResult shows a finished test's results by their public ID —
// the link a pupil shares with parents or a counsellor, and prints: the
// score of each area as a bar, the interest code with what it means, and
// the qualifications recommended for the city chosen (?city= overrides
// the one chosen at the start), each with colleges nearby. Nothing on it
// names the pupil.
func (h *Web) guidanceResult(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !validTestKey(id) {
		h.fail(w, r, domain.NotFound("guidance_result"))
		return
	}
	ctx := r.Context()
	a, err := h.reg.GuidanceResult(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := newQuery(r)
	cityID := a.CityID
	if r.URL.Query().Has("city") {
		cityID = pl.city(q)
	}
	if err := q.err; err != nil {
		h.fail(w, r, err)
		return
	}
	recs, err := h.reg.GuidanceRecommendations(ctx, a.Scores, cityID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := h.newView(r, "guidance")
	d := guidanceResultData{Code: a.Code, CodeNames: codeNames(v, a.Code), Flat: a.Scores.Flat(), Bars: scoreBars(v, a.Scores),
		Cities: pl.cityGroups(v.Lang, 0, cityID), CityID: cityID, ShareURL: guidanceResultURL(a.ResultID), Finished: v.Date(a.FinishedAt)}
	for i := range len(a.Code) {
		area := domain.Area(a.Code[i])
		d.Top = append(d.Top, d.Bars[area.Index()])
	}
	regionName := ""
	if c, ok := pl.cities[cityID]; ok {
		d.City = v.Name(c.Name)
		regionName = v.Name(pl.regions[c.RegionID].Name)
		d.Region = regionName
	}
	d.Recommendations = recommendationRows(v, recs, regionName)
	v.Title = v.T("guidance.result.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "guidance_result", v)
}
