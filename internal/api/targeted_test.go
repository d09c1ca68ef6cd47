package api_test

import (
	"context"
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

// targetedProbes are TestRoleMatrix's requests for seats and targeted
// training, on an order of the fixture's enterprise and a contract of an
// Almaty student, inside every reader's scope; the writes are sent with
// empty bodies.
func (f *fixture) targetedProbes(t *testing.T, st *store.Store) map[string]probe {
	t.Helper()
	reg := access.New(st)
	o := domain.TrainingOrder{RegionID: 75, QualificationCode: "4S06130103", Year: 2023, Graduates: 2}
	if err := reg.SaveTrainingOrder(testkit.As(f.users[domain.RoleEnterprise]), &o); err != nil {
		t.Fatal(err)
	}
	c := domain.TargetedContract{OrderID: o.ID, StudentID: f.students[1].ID, Number: "ЦП-Матрица", SignedOn: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC),
		TuitionCost: 900_000}
	if err := reg.CreateTargetedContract(testkit.As(f.users[domain.RoleCollege]), &c); err != nil {
		t.Fatal(err)
	}
	v1 := func(path string) probe { return probe{url: api.Prefix + path, ok: http.StatusOK} }
	badBody := func(path string) probe { return probe{url: api.Prefix + path, ok: http.StatusBadRequest, body: "{}"} }
	order, contract := fmt.Sprintf("/training-orders/%d", o.ID), fmt.Sprintf("/targeted-contracts/%d", c.ID)
	return map[string]probe{
		"GET /api/v1/seats":                               v1("/seats"),
		"PUT /api/v1/seats":                               badBody("/seats"),
		"GET /api/v1/seats/overview":                      v1("/seats/overview"),
		"GET /api/v1/targeted":                            v1("/targeted"),
		"GET /api/v1/training-orders":                     v1("/training-orders"),
		"POST /api/v1/training-orders":                    badBody("/training-orders"),
		"GET /api/v1/training-orders/{id}":                v1(order),
		"PUT /api/v1/training-orders/{id}":                badBody(order),
		"GET /api/v1/targeted-contracts":                  v1("/targeted-contracts"),
		"POST /api/v1/targeted-contracts":                 badBody("/targeted-contracts"),
		"GET /api/v1/targeted-contracts/{id}":             v1(contract),
		"POST /api/v1/targeted-contracts/{id}/obligation": badBody(contract + "/obligation"),
		"GET /api/v1/alerts":                              v1("/alerts"),
	}
}

// TestTargetedChain runs a targeted-training contract through the API
// with the tokens of its parties: the employer orders, the college signs
// a contract of its student, the graduate starts work, is called up for
// military service; both parties are alerted, the overview counts it, and
// the ministry sets the college's seats, never fewer than those taken.
func TestTargetedChain(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			app := testkit.StartApp(t, db.DSN(t))
			f := newFixture(t, app.Store)
			s := &session{base: app.URL, c: fetchContract(t, app.URL), succeeded: map[string]bool{}}
			ent, col, min, region := f.tokens[domain.RoleEnterprise], f.tokens[domain.RoleCollege], f.tokens[domain.RoleMinistry], f.tokens[domain.RoleRegion]
			today := domain.DateInKazakhstan(time.Now())

			order := map[string]any{"region_id": 75, "qualification_code": "4S06130103", "year": 2023, "graduates": 2, "note": "Операторы"}
			s.call(t, col, "POST", "/api/v1/training-orders", order, 403)
			created := s.call(t, ent, "POST", "/api/v1/training-orders", order, 201)
			orderID := created.id(t, "id")
			created.has(t, map[string]any{"enterprise_id": f.enterprise.ID, "contracts": 0})
			order["graduates"] = 3
			s.call(t, ent, "PUT", fmt.Sprintf("/api/v1/training-orders/%d", orderID), order, 200).has(t, map[string]any{"graduates": 3})
			s.call(t, ent, "GET", fmt.Sprintf("/api/v1/training-orders/%d", orderID), nil, 200)
			s.call(t, ent, "GET", "/api/v1/training-orders?open=true", nil, 200).has(t, map[string]any{"total": 1})

			body := map[string]any{"order_id": orderID, "student_id": f.students[4].ID, "number": "ЦП-2025/4", "signed_on": "2025-09-01",
				"tuition_cost": 1_200_000}
			s.call(t, f.token2, "POST", "/api/v1/targeted-contracts", body, 404)
			signed := s.call(t, col, "POST", "/api/v1/targeted-contracts", body, 201)
			self := fmt.Sprintf("/api/v1/targeted-contracts/%d", signed.id(t, "id"))
			signed.has(t, map[string]any{"state": "studying", "obligation_months": 36, "required_days": 1095, "deadline": nil})
			s.call(t, ent, "POST", self+"/obligation", map[string]any{"to": "working", "on": date(today)}, 409).errorField(t, "conflict", "")

			ctx := context.Background()
			if _, err := app.Store.GraduateGroup(ctx, f.group.ID, today.AddDate(0, 0, -20)); err != nil {
				t.Fatal(err)
			}
			if res, err := app.Store.SweepObligations(ctx, today); err != nil || res.Started != 1 {
				t.Fatalf("sweep: %+v, %v", res, err)
			}
			s.call(t, ent, "POST", self+"/obligation", map[string]any{"to": "working", "on": date(today.AddDate(0, 0, -10))}, 200).
				has(t, map[string]any{"state": "working", "served_days": 10})
			s.call(t, col, "POST", self+"/obligation", map[string]any{"to": "deferred", "on": date(today), "reason": "military_service"}, 400).
				errorField(t, "invalid", "until")
			s.call(t, col, "POST", self+"/obligation", map[string]any{"to": "deferred", "on": date(today), "reason": "military_service",
				"until": date(today.AddDate(1, 0, 0)), "note": "Призыв"}, 200).
				has(t, map[string]any{"state": "deferred", "deferral_reason": "military_service", "served_days": 10,
					"deadline": date(today.AddDate(1, 0, 0))})
			s.call(t, ent, "GET", self, nil, 200).has(t, map[string]any{"history.0.from": nil, "history.1.to": "pending",
				"history.1.login": "system", "history.3.reason": "military_service", "history.3.note": "Призыв"})
			s.call(t, f.token2, "GET", self, nil, 404)

			s.call(t, col, "GET", "/api/v1/alerts", nil, 200).has(t, map[string]any{"total": 3, "items.0.kind": "change",
				"items.0.state": "deferred", "items.0.contract_number": "ЦП-2025/4"})
			s.call(t, ent, "GET", "/api/v1/alerts?kind=deadline", nil, 200).has(t, map[string]any{"total": 0})
			s.call(t, min, "GET", "/api/v1/targeted", nil, 200).has(t, map[string]any{"total.contracts": 1, "total.states.deferred": 1,
				"total.ordered": 3})
			s.call(t, region, "GET", "/api/v1/targeted?year=2023", nil, 200).has(t, map[string]any{"region_id": 75,
				"rows.0.enterprise_id": f.enterprise.ID})
			s.call(t, region, "GET", "/api/v1/targeted-contracts?state=deferred", nil, 200).has(t, map[string]any{"total": 1})

			// Seats of the 2023 intake: two state-funded students are enrolled.
			seats := map[string]any{"college_id": f.college.ID, "qualification_code": "4S06130103", "year": 2023, "source": "local", "seats": 1}
			s.call(t, min, "PUT", "/api/v1/seats", seats, 409).errorField(t, "conflict", "")
			seats["seats"] = 5
			s.call(t, min, "PUT", "/api/v1/seats", seats, 200).has(t, map[string]any{"filled": 2, "free": 3})
			seats["college_id"] = f.college2.ID
			s.call(t, region, "PUT", "/api/v1/seats", seats, 404)
			s.call(t, col, "GET", "/api/v1/seats?sort=-fill", nil, 200).has(t, map[string]any{"total": 1, "items.0.filled": 2})
			s.call(t, f.token2, "GET", "/api/v1/seats", nil, 200).has(t, map[string]any{"total": 0})
			s.call(t, min, "GET", "/api/v1/seats/overview", nil, 200).has(t, map[string]any{"year": 2023, "total.seats": 5,
				"rows.0.region_id": 75, "rows.0.sources.0.filled": 2})

			s.reachedEvery(t, "targeted")
		})
	}
}
