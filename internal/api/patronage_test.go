package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/api"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// patronageMemorandum records, as the fixture's regional department, a
// memorandum of the Almaty college and enterprise in force today, and
// reports as its HR a delivery of equipment with a scanned act.
func (f *fixture) patronageMemorandum(t *testing.T, st *store.Store, number string) (domain.Memorandum, domain.Fulfilment) {
	t.Helper()
	today := domain.DateInKazakhstan(time.Now()) // the day the store counts in
	m := domain.Memorandum{Number: number, CollegeID: f.college.ID, EnterpriseID: f.enterprise.ID,
		SignedOn: today.AddDate(0, -2, 0), StartsOn: today.AddDate(0, -2, 0), EndsOn: today.AddDate(3, -2, 0),
		Commitments: []domain.Commitment{
			{Kind: domain.CommitPracticePlaces, Description: "Оператор ЭВМ", Quantity: 6},
			{Kind: domain.CommitEquipment, Description: "Компьютерный класс", Quantity: 2, Value: 9_000_000},
		}}
	reg := access.New(st)
	if err := reg.SaveMemorandum(testkit.As(f.users[domain.RoleRegion]), &m); err != nil {
		t.Fatal(err)
	}
	d := domain.Fulfilment{MemorandumID: m.ID, CommitmentID: m.Commitments[1].ID, Quantity: 1, Value: 4_500_000,
		DeliveredOn: today.AddDate(0, 0, -7), Document: "Акт № 12"}
	if err := reg.ReportFulfilment(testkit.As(f.users[domain.RoleEnterprise]), &d, &domain.Evidence{Name: "akt-12.png", Data: pngImage(t, 200)}); err != nil {
		t.Fatal(err)
	}
	return m, d
}

// patronageProbes are TestRoleMatrix's requests for patronage, on a
// memorandum inside every reader's scope; the writes are sent with empty
// bodies or to a delivery that does not exist.
func (f *fixture) patronageProbes(t *testing.T, st *store.Store) map[string]probe {
	t.Helper()
	m, d := f.patronageMemorandum(t, st, "Матрица-1")
	v1 := func(path string) probe { return probe{url: api.Prefix + path, ok: http.StatusOK} }
	badBody := func(path string) probe { return probe{url: api.Prefix + path, ok: http.StatusBadRequest, body: "{}"} }
	self := fmt.Sprintf("/memoranda/%d", m.ID)
	return map[string]probe{
		"GET /api/v1/patronage":                   v1("/patronage"),
		"GET /api/v1/memoranda":                   v1("/memoranda"),
		"POST /api/v1/memoranda":                  badBody("/memoranda"),
		"GET /api/v1/memoranda/{id}":              v1(self),
		"PUT /api/v1/memoranda/{id}":              badBody(self),
		"POST /api/v1/memoranda/{id}/fulfilments": badBody(self + "/fulfilments"),
		"POST /api/v1/fulfilments/{id}/confirm":   {url: api.Prefix + "/fulfilments/999999/confirm", ok: http.StatusNotFound},
		"GET /api/v1/fulfilments/{id}/evidence":   v1(fmt.Sprintf("/fulfilments/%d/evidence", d.ID)),
	}
}

// TestPatronageChain runs a memorandum through the API with the tokens of
// its three parties: the regional department records it, the enterprise
// reports deliveries, the college confirms one; the states and the
// figures follow, and every other college and role finds nothing.
func TestPatronageChain(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			app := testkit.StartApp(t, db.DSN(t))
			f := newFixture(t, app.Store)
			s := &session{base: app.URL, c: fetchContract(t, app.URL), succeeded: map[string]bool{}}
			region, ent, col, min := f.tokens[domain.RoleRegion], f.tokens[domain.RoleEnterprise], f.tokens[domain.RoleCollege], f.tokens[domain.RoleMinistry]
			today := domain.DateInKazakhstan(time.Now()) // the store refuses a delivery after this day
			start := today.AddDate(0, 0, -45)
			body := map[string]any{"number": "17/2026", "college_id": f.college.ID, "enterprise_id": f.enterprise.ID,
				"signed_on": date(start), "starts_on": date(start), "ends_on": date(start.AddDate(1, 0, 0)),
				"commitments": []map[string]any{
					{"kind": "hires", "quantity": 12},
					{"kind": "equipment", "description": "Сварочный аппарат", "quantity": 2, "value": 3_000_000},
				}}

			// Another region's college is not the department's to bind.
			outside := map[string]any{}
			for k, v := range body {
				outside[k] = v
			}
			outside["college_id"] = f.college2.ID
			s.call(t, region, "POST", "/api/v1/memoranda", outside, 400).errorField(t, "invalid", "college_id")
			created := s.call(t, region, "POST", "/api/v1/memoranda", body, 201)
			id := created.id(t, "id")
			self := fmt.Sprintf("/api/v1/memoranda/%d", id)
			if loc := created.header.Get("Location"); loc != self {
				t.Errorf("Location %q, want %q", loc, self)
			}
			// Twelve hires a year, 45 days in: one is due (12 × 45 ÷ 365).
			created.has(t, map[string]any{"region_id": 75, "state": "behind", "behind": 1, "commitments.0.state": "behind",
				"commitments.0.expected": 1, "commitments.1.state": "on_track"})
			s.call(t, region, "POST", "/api/v1/memoranda", body, 409).errorField(t, "conflict", "number")

			hires := created.id(t, "commitments.0.id")
			welder := created.id(t, "commitments.1.id")
			report := func(commitment int64, quantity int, value int64, on time.Time) map[string]any {
				return map[string]any{"commitment_id": commitment, "quantity": quantity, "value": value, "delivered_on": date(on), "document": "Приказ № 7-к"}
			}
			s.call(t, ent, "POST", self+"/fulfilments", report(hires, 1, 0, today.AddDate(0, 0, 1)), 400).errorField(t, "invalid", "delivered_on")
			s.call(t, ent, "POST", self+"/fulfilments", report(welder, 1, 0, today), 400).errorField(t, "invalid", "value")
			// The hire's order comes with its scan: a text file is refused
			// by its content, whatever its name, and nothing is recorded.
			withFile := func(name string, content []byte) map[string]any {
				b := report(hires, 1, 0, today)
				b["evidence"] = map[string]any{"name": name, "content": content}
				return b
			}
			s.call(t, ent, "POST", self+"/fulfilments", withFile("prikaz.png", []byte("not a picture")), 400).errorField(t, "invalid", "evidence")
			hired := s.call(t, ent, "POST", self+"/fulfilments", withFile("prikaz-7k.png", pngImage(t, 90)), 200)
			hired.has(t, map[string]any{"state": "on_track", "commitments.0.delivered": 1, "commitments.0.state": "on_track",
				"commitments.0.fulfilments.0.evidence.name": "prikaz-7k.png"})
			scan := s.call(t, col, "GET", fmt.Sprintf("/api/v1/fulfilments/%d/evidence", hired.id(t, "commitments.0.fulfilments.0.id")), nil, 200)
			if got := scan.header.Get("Content-Type"); got != "image/png" || !bytes.Equal(scan.raw, pngImage(t, 90)) {
				t.Errorf("the scan reported through the API is served as %q, %d bytes", got, len(scan.raw))
			}
			after := s.call(t, ent, "POST", self+"/fulfilments", report(welder, 2, 3_100_000, today), 200)
			after.has(t, map[string]any{"commitments.1.state": "done", "commitments.1.delivered_value": float64(3_100_000),
				"commitments.1.fulfilments.0.evidence": nil, "commitments.1.fulfilments.0.confirmed_at": nil})
			delivery := after.id(t, "commitments.1.fulfilments.0.id")

			fig := s.call(t, min, "GET", "/api/v1/patronage", nil, 200)
			fig.has(t, map[string]any{"memoranda": 1, "patrons": 1, "colleges": 1, "equipment_promised": float64(3_000_000),
				"equipment_delivered": float64(3_100_000), "equipment_confirmed": 0, "commitments.done": 1, "commitments.on_track": 1,
				"regions.0.region_id": 75, "regions.0.equipment_delivered": float64(3_100_000)})
			s.call(t, col, "GET", fmt.Sprintf("/api/v1/patronage?college_id=%d", f.college.ID), nil, 200).has(t, map[string]any{"memoranda": 1})

			s.call(t, col, "GET", self, nil, 200).has(t, map[string]any{"state": "on_track", "college_id": f.college.ID,
				"commitments.1.fulfilments.0.document": "Приказ № 7-к"})
			s.call(t, f.token2, "POST", fmt.Sprintf("/api/v1/fulfilments/%d/confirm", delivery), nil, 404)
			s.call(t, col, "POST", fmt.Sprintf("/api/v1/fulfilments/%d/confirm", delivery), nil, 200).
				has(t, map[string]any{"id": delivery, "memorandum_id": id})
			s.call(t, col, "POST", fmt.Sprintf("/api/v1/fulfilments/%d/confirm", delivery), nil, 409)
			s.call(t, min, "GET", "/api/v1/patronage?region_id=75", nil, 200).has(t, map[string]any{"equipment_confirmed": float64(3_100_000)})

			// The department extends the period: the hires are on track for longer.
			body["ends_on"] = date(start.AddDate(3, 0, 0))
			body["commitments"] = []map[string]any{
				{"id": hires, "kind": "hires", "quantity": 12},
				{"id": welder, "kind": "equipment", "description": "Сварочный аппарат", "quantity": 2, "value": 3_000_000},
				{"kind": "scholarships", "description": "Именная стипендия", "quantity": 4},
			}
			s.call(t, region, "PUT", self, body, 200).has(t, map[string]any{"commitments.2.kind": "scholarships", "commitments.0.delivered": 1})

			// Lists within scope, and nothing outside it.
			s.call(t, ent, "GET", "/api/v1/memoranda?in_force=true&sort=behind", nil, 200).has(t, map[string]any{"total": 1, "items.0.id": id})
			s.call(t, f.token2, "GET", "/api/v1/memoranda", nil, 200).has(t, map[string]any{"total": 0})
			s.call(t, f.token2, "GET", self, nil, 404)
			s.call(t, min, "GET", "/api/v1/memoranda?state=done", nil, 200).has(t, map[string]any{"total": 0})
			s.call(t, min, "GET", "/api/v1/memoranda?state=later", nil, 400).errorField(t, "invalid", "state")
			s.call(t, f.tokens[domain.RoleStudent], "GET", "/api/v1/patronage", nil, 403)

			// A file reported on the page is served to the parties.
			_, d := f.patronageMemorandum(t, app.Store, "17/2026-Ф")
			ev := s.call(t, col, "GET", fmt.Sprintf("/api/v1/fulfilments/%d/evidence", d.ID), nil, 200)
			if ev.header.Get("Content-Type") != "image/png" {
				t.Errorf("evidence served as %q", ev.header.Get("Content-Type"))
			}
			s.call(t, col, "GET", fmt.Sprintf("/api/v1/fulfilments/%d/evidence", delivery), nil, 404)

			s.reachedEvery(t, "patronage")
		})
	}
}
