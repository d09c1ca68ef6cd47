package api

import (
	"encoding/json"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
)

// Career guidance (issue 9): the O*NET® Interest Profiler Short Form™'s
// items with their texts, and results with the recommended
// qualifications. Public, like the test's pages: a result is anonymous
// and known by its ID.

// guidanceNotice is the instrument's copyright and trademark notice, which
// its user's agreement requires with every copy of the items.
const guidanceNotice = "O*NET® Interest Profiler Short Form™ © U.S. Department of Labor, Employment and Training Administration. " +
	"O*NET is a trademark of DOL/ETA. The Kazakh and Russian texts are dualtrack's own and have not been reviewed by DOL/ETA."

type guidanceItem struct {
	ID       string `json:"id"`
	Area     string `json:"area"`
	Position int    `json:"position"` // in the test, from 1
	Text     names  `json:"text"`
}

type scaleAnswer struct {
	Value int   `json:"value"`
	Label names `json:"label"`
}

type guidanceItems struct {
	Items  []guidanceItem `json:"items"`
	Scale  []scaleAnswer  `json:"scale"`
	Notice string         `json:"notice"`
}

// listGuidanceItems answers GET /api/v1/guidance/items: the 60 items in
// the order of the test, the five-point scale and the notice.
func (a *API) listGuidanceItems(w http.ResponseWriter, r *http.Request) error {
	items, err := a.reg.GuidanceItems(r.Context())
	if err != nil {
		return err
	}
	out := guidanceItems{Items: []guidanceItem{}, Notice: guidanceNotice}
	for _, it := range items {
		out.Items = append(out.Items, guidanceItem{ID: it.ID, Area: it.Area.String(), Position: it.Position + 1, Text: namesOf(it.Text)})
	}
	for v := range domain.MaxAnswer + 1 {
		key := "guidance.scale." + strconv.Itoa(v)
		out.Scale = append(out.Scale, scaleAnswer{Value: v, Label: names{KK: i18n.For("kk").T(key), RU: i18n.For("ru").T(key), EN: i18n.For("en").T(key)}})
	}
	writeJSON(w, r, http.StatusOK, out)
	return nil
}

// guidanceResult is a finished test's results with the recommendations
// for a city.
type guidanceResult struct {
	ID              string                   `json:"id"`
	URL             string                   `json:"url"` // the results page
	Code            string                   `json:"code"`
	Scores          map[string]int           `json:"scores"`
	Flat            bool                     `json:"flat"`
	CityID          *int64                   `json:"city_id"`
	FinishedAt      time.Time                `json:"finished_at"`
	Recommendations []guidanceRecommendation `json:"recommendations"`
	Notice          string                   `json:"notice"`
}

type guidanceDemand struct {
	OfferPlaces   int `json:"offer_places"`
	OrderedPlaces int `json:"ordered_places"`
	Seats         int `json:"seats"`
	FreeSeats     int `json:"free_seats"`
}

type guidanceRecommendation struct {
	Code          string            `json:"code"`
	Name          names             `json:"name"`
	SpecialtyCode string            `json:"specialty_code"`
	SpecialtyName names             `json:"specialty_name"`
	InterestCode  string            `json:"interest_code"`
	ISCOCode      string            `json:"isco_code"`
	ISCOTitle     string            `json:"isco_title"`
	Fit           float64           `json:"fit"`
	Demand        guidanceDemand    `json:"demand"`
	DemandScore   float64           `json:"demand_score"`
	Score         float64           `json:"score"`
	Colleges      []guidanceCollege `json:"colleges"`
}

type guidanceCollege struct {
	CollegeID       int64    `json:"college_id"`
	Name            names    `json:"name"`
	CityID          int64    `json:"city_id"`
	CityName        names    `json:"city_name"`
	DistanceKm      *float64 `json:"distance_km"` // null without the pupil's city or coordinates
	Year            int      `json:"year"`
	Seats           int      `json:"seats"`
	FreeSeats       int      `json:"free_seats"`
	Dual            bool     `json:"dual"`
	PracticeShare   float64  `json:"practice_share"`
	EnterpriseShare float64  `json:"enterprise_share"`
	Employers       int      `json:"employers"`
	EmployerNames   []names  `json:"employer_names"`
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

func guidanceResultOf(at domain.GuidanceAttempt, cityID int64, recs []domain.Recommendation) guidanceResult {
	out := guidanceResult{ID: at.ResultID, URL: "/guidance/r/" + at.ResultID, Code: at.Code, Scores: map[string]int{},
		Flat: at.Scores.Flat(), FinishedAt: at.FinishedAt.UTC(), Recommendations: []guidanceRecommendation{}, Notice: guidanceNotice}
	if cityID != 0 {
		out.CityID = &cityID
	}
	for _, area := range domain.Areas {
		out.Scores[area.String()] = at.Scores.Of(area)
	}
	for _, rec := range recs {
		gr := guidanceRecommendation{Code: rec.Code, Name: namesOf(rec.Name), SpecialtyCode: rec.SpecialtyCode, SpecialtyName: namesOf(rec.Specialty),
			InterestCode: rec.Profile.Interest, ISCOCode: rec.Profile.ISCOCode, ISCOTitle: rec.Profile.ISCOTitle, Fit: round3(rec.Fit),
			Demand: guidanceDemand(rec.Demand), DemandScore: round3(rec.DemandScore), Score: round3(rec.Score), Colleges: []guidanceCollege{}}
		for _, c := range rec.Colleges {
			gc := guidanceCollege{CollegeID: c.CollegeID, Name: namesOf(c.Name), CityID: c.CityID, CityName: namesOf(c.City), Year: c.Year,
				Seats: c.Seats, FreeSeats: c.FreeSeats, Dual: c.Dual, PracticeShare: round3(c.PracticeShare),
				EnterpriseShare: round3(c.EnterpriseShare), Employers: c.Employers, EmployerNames: []names{}}
			if c.DistanceKm >= 0 {
				d := math.Round(c.DistanceKm*10) / 10
				gc.DistanceKm = &d
			}
			for _, n := range c.EmployerNames {
				gc.EmployerNames = append(gc.EmployerNames, namesOf(n))
			}
			gr.Colleges = append(gr.Colleges, gc)
		}
		out.Recommendations = append(out.Recommendations, gr)
	}
	return out
}

// guidanceInput is a complete test sent at once: every item's answer, 0
// (strongly dislike) to 4 (strongly like), by item ID.
type guidanceInput struct {
	Answers map[string]json.RawMessage `json:"answers"`
	CityID  int64                      `json:"city_id"`
}

// createGuidanceResult answers POST /api/v1/guidance/results: scores the
// answers, keeps the result and answers it with the recommendations for
// the city. Every problem names its item: "answers.R03".
func (a *API) createGuidanceResult(w http.ResponseWriter, r *http.Request) error {
	var in guidanceInput
	if err := readBody(r, &in, "answers"); err != nil {
		return err
	}
	var answers domain.Answers
	for _, id := range slices.Sorted(maps.Keys(in.Answers)) {
		i, v, err := domain.ParseAnswer(id, string(in.Answers[id]))
		if err != nil {
			return err
		}
		answers.Set(i, v)
	}
	if in.CityID < 0 {
		return domain.Invalid("city_id", "error.guidance.city", "choose a city from the list")
	}
	ctx := r.Context()
	at, err := a.reg.CreateGuidanceResult(ctx, answers, in.CityID)
	if err != nil {
		return err
	}
	recs, err := a.reg.GuidanceRecommendations(ctx, at.Scores, in.CityID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/guidance/results/"+at.ResultID)
	writeJSON(w, r, http.StatusCreated, guidanceResultOf(at, in.CityID, recs))
	return nil
}

// getGuidanceResult answers GET /api/v1/guidance/results/{id}: a result
// with the recommendations for city_id (the one chosen with the test
// without it; 0 for none).
func (a *API) getGuidanceResult(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	at, err := a.reg.GuidanceResult(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	cityID := at.CityID
	if r.URL.Query().Has("city_id") {
		q := newQuery(r)
		cityID = q.id("city_id")
		if err := q.err(); err != nil {
			return err
		}
	}
	recs, err := a.reg.GuidanceRecommendations(ctx, at.Scores, cityID)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, guidanceResultOf(at, cityID, recs))
	return nil
}
