package api_test

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/api"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// employmentProbes are TestRoleMatrix's requests for graduation and
// employment: the reports for every reader, the fixture's first student
// (who is studying: no employment to show), and a graduation without a
// day, refused before any group is looked at.
func (f *fixture) employmentProbes() map[string]probe {
	return map[string]probe{
		"GET /api/v1/employment":               {url: api.Prefix + "/employment", ok: http.StatusOK},
		"GET /api/v1/employment/graduates":     {url: api.Prefix + "/employment/graduates", ok: http.StatusOK},
		"GET /api/v1/students/{id}/employment": {url: fmt.Sprintf("%s/students/%d/employment", api.Prefix, f.students[0].ID), ok: http.StatusNotFound},
		"POST /api/v1/groups/{id}/graduation":  {url: fmt.Sprintf("%s/groups/%d/graduation", api.Prefix, f.group.ID), ok: http.StatusBadRequest, body: "{}"},
	}
}

// TestEmploymentAPI: a college graduates its group over the API, the
// register's contracts come in, and the rates and each graduate's status
// read back as the document says, within each caller's scope, on both
// databases.
func TestEmploymentAPI(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			app := testkit.StartApp(t, db.DSN(t))
			f := newFixture(t, app.Store)
			s := &session{base: app.URL, c: fetchContract(t, app.URL), succeeded: map[string]bool{}}
			col, mst, reg := f.tokens[domain.RoleCollege], f.tokens[domain.RoleMinistry], f.tokens[domain.RoleRegion]
			v1 := func(format string, args ...any) string { return api.Prefix + fmt.Sprintf(format, args...) }
			graduated := time.Now().AddDate(-1, -1, 0)
			grad := v1("/groups/%d/graduation", f.group.ID)

			s.call(t, col, "POST", grad, map[string]any{"graduated_on": "30.06.2025"}, 400).errorField(t, domain.EINVALID, "graduated_on")
			s.call(t, col, "POST", grad, map[string]any{"graduated_on": "2099-06-30"}, 400).errorField(t, domain.EINVALID, "graduated_on")
			s.call(t, col, "POST", v1("/groups/%d/graduation", f.group2.ID), map[string]any{"graduated_on": date(graduated)}, 404)
			s.call(t, col, "POST", grad, map[string]any{"graduated_on": date(graduated)}, 200).
				has(t, map[string]any{"graduated": 3, "skipped": 0, "graduated_on": date(graduated)})
			s.call(t, col, "POST", grad, map[string]any{"graduated_on": date(graduated)}, 409)

			// Aigerim (dual, at the enterprise) hired a fortnight after.
			rows := func(yield func(domain.EmploymentRow, error) bool) {
				yield(domain.EmploymentRow{Line: 2, EmploymentRecord: domain.EmploymentRecord{IIN: f.students[0].IIN,
					EmployerBIN: f.enterprise.BIN, StartsOn: domain.Date(graduated.AddDate(0, 0, 14)), Position: "Техник"}}, nil)
			}
			if _, err := app.Store.ImportEmployment(context.Background(), domain.ImportRequest{File: "register.csv"},
				iter.Seq2[domain.EmploymentRow, error](rows)); err != nil {
				t.Fatal(err)
			}

			r := s.call(t, mst, "GET", v1("/employment"), nil, 200)
			r.has(t, map[string]any{"area_kind": "region", "total.graduates": 3, "total.points.0.months": 3,
				"total.points.0.reached": 3, "total.points.0.employed": 1, "total.points.0.rate": 33.3,
				"total.points.2.rate": 33.3, "dual.graduates": 1, "dual.points.2.rate": 100, "non_dual.points.2.rate": 0,
				"areas.0.key": "75", "qualifications.0.key": "4S06130103", "published.0.rate": 58.5, "region_id": nil})
			s.call(t, reg, "GET", v1("/employment"), nil, 200).has(t, map[string]any{"region_id": 75, "area_kind": "college",
				"areas.0.key": fmt.Sprint(f.college.ID)})
			s.call(t, reg, "GET", v1("/employment?region_id=71"), nil, 404)
			s.call(t, mst, "GET", v1("/employment?cohort=1999"), nil, 400).errorField(t, domain.EINVALID, "cohort")
			s.call(t, mst, "GET", v1("/employment?college_id=%d&cohort=%d", f.college2.ID, graduated.Year()), nil, 200).
				has(t, map[string]any{"total.graduates": 0, "national.graduates": 3, "area_kind": ""})

			// One by one: the college sees the contract, the ministry the status.
			s.call(t, col, "GET", v1("/employment/graduates?per_page=1"), nil, 200).
				has(t, map[string]any{"total": 3, "items.0.name.last_name": "Әбілқасымова", "items.0.points.0.employed": true,
					"items.0.points.0.employer_bin": f.enterprise.BIN, "items.0.points.0.position": "Техник"})
			s.call(t, mst, "GET", v1("/employment/graduates?college_id=%d&per_page=1", f.college.ID), nil, 200).
				has(t, map[string]any{"items.0.points.0.employed": true, "items.0.points.0.employer_bin": nil})
			stu := f.tokens[domain.RoleStudent]
			s.call(t, stu, "GET", v1("/students/%d/employment", f.students[0].ID), nil, 200).
				has(t, map[string]any{"dual": true, "points.2.employed": true, "points.2.employer_name.ru": "ТОО «Алматы Энерго Сервис»"})
			s.call(t, stu, "GET", v1("/students/%d/employment", f.students[1].ID), nil, 404)

			for _, op := range []string{"getEmployment", "listGraduates", "getGraduate", "graduateGroup"} {
				if !s.succeeded[op] {
					t.Errorf("%s never answered a success", op)
				}
			}
		})
	}
}
