package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/api"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// guidanceProbes are TestRoleMatrix's requests for career guidance: the
// items, a result without its answers (400) and a result that does not
// exist (404).
func (f *fixture) guidanceProbes() map[string]probe {
	return map[string]probe{
		"GET /api/v1/guidance/items":        {url: api.Prefix + "/guidance/items", ok: http.StatusOK},
		"POST /api/v1/guidance/results":     {url: api.Prefix + "/guidance/results", ok: http.StatusBadRequest, body: "{}"},
		"GET /api/v1/guidance/results/{id}": {url: api.Prefix + "/guidance/results/" + strings.Repeat("a", 26), ok: http.StatusNotFound},
	}
}

// answersJSON answers every item with its area's value.
func answersJSON(perArea [6]int, skip ...string) map[string]any {
	out := map[string]any{}
	for i := range domain.GuidanceItems {
		id := domain.ItemID(i)
		if !strings.Contains(strings.Join(skip, ","), id) {
			out[id] = perArea[i/domain.ItemsPerArea]
		}
	}
	return out
}

// TestGuidanceAPI scores a test through the API without a token: the
// items with the notice, tampered and incomplete answers refused naming
// the item, a complete test's result and its recommendations as the store
// ranks them, read again by its ID for another city.
func TestGuidanceAPI(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			app := testkit.StartApp(t, db.DSN(t))
			f := newFixture(t, app.Store)
			s := &session{base: app.URL, c: fetchContract(t, app.URL), succeeded: map[string]bool{}}
			items := s.call(t, "", "GET", "/api/v1/guidance/items?lang=kk", nil, 200)
			items.has(t, map[string]any{"items.0.id": "R01", "items.1.id": "I01", "items.0.position": 1, "items.59.id": "C10",
				"items.0.text.kk": "Ас үй шкафтарын жасау", "items.0.text.en": "Build kitchen cabinets", "scale.4.label.ru": "Очень нравится"})
			if n, _ := lookup(items.v, "notice"); !strings.Contains(fmt.Sprint(n), "O*NET is a trademark of DOL/ETA") {
				t.Errorf("notice %v", n)
			}

			perArea := [6]int{1, 4, 0, 2, 1, 3} // I, C, S
			bad := answersJSON(perArea)
			bad["R03"] = 5
			s.call(t, "", "POST", "/api/v1/guidance/results", map[string]any{"answers": bad}, 400).errorField(t, "invalid", "answers.R03")
			bad = answersJSON(perArea)
			bad["Z01"] = 1
			s.call(t, "", "POST", "/api/v1/guidance/results", map[string]any{"answers": bad}, 400).errorField(t, "invalid", "answers.Z01")
			bad = answersJSON(perArea)
			bad["A04"] = "3"
			s.call(t, "", "POST", "/api/v1/guidance/results", map[string]any{"answers": bad}, 400).errorField(t, "invalid", "answers.A04")
			// S07 is shown 40th, E02 35th: the error names the one asked first.
			s.call(t, "", "POST", "/api/v1/guidance/results", map[string]any{"answers": answersJSON(perArea, "S07", "E02")}, 400,
				"Accept-Language", "ru").errorField(t, "invalid", "answers.E02")
			s.call(t, "", "POST", "/api/v1/guidance/results", map[string]any{"answers": answersJSON(perArea), "city_id": 9999}, 400).
				errorField(t, "invalid", "city_id")

			made := s.call(t, "", "POST", "/api/v1/guidance/results", map[string]any{"answers": answersJSON(perArea), "city_id": 1}, 201)
			made.has(t, map[string]any{"code": "ICS", "scores.I": 40, "scores.C": 30, "scores.A": 0, "flat": false, "city_id": 1})
			id, _ := lookup(made.v, "id")
			self := "/api/v1/guidance/results/" + fmt.Sprint(id)
			if made.header.Get("Location") != self {
				t.Errorf("Location %q", made.header.Get("Location"))
			}
			recs, err := app.Store.GuidanceRecommendations(context.Background(), domain.Scores{10, 40, 0, 20, 10, 30}, 1)
			if err != nil || len(recs) == 0 {
				t.Fatalf("the store recommends %d: %v", len(recs), err)
			}
			want := map[string]any{}
			for i, rec := range recs {
				want[fmt.Sprintf("recommendations.%d.code", i)] = rec.Code
			}
			made.has(t, want)
			again := s.call(t, f.tokens[domain.RoleStudent], "GET", self+"?city_id=2", nil, 200)
			again.has(t, map[string]any{"code": "ICS", "city_id": 2})
			s.call(t, "", "GET", self+"?city_id=x", nil, 400).errorField(t, "invalid", "city_id")
			s.call(t, "", "GET", "/api/v1/guidance/results/nope", nil, 404)
			s.reachedEvery(t, "guidance")
		})
	}
}
