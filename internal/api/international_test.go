package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/api"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// internationalProbes are TestRoleMatrix's requests for teachers'
// qualification and internationalisation: lists and figures inside every
// reader's scope, writes with empty bodies, records that do not exist.
// An enterprise reads internships only: the teachers' list and figures
// are refused to it.
func (f *fixture) internationalProbes() map[string]probe {
	v1 := func(path string) probe { return probe{url: api.Prefix + path, ok: http.StatusOK} }
	badBody := func(path string) probe { return probe{url: api.Prefix + path, ok: http.StatusBadRequest, body: "{}"} }
	missing := func(path string) probe { return probe{url: api.Prefix + path, ok: http.StatusNotFound, body: "{}"} }
	teacher := fmt.Sprintf("/teachers/%d", f.teachers[0].ID)
	noEnterprise := []domain.Role{domain.RoleEnterprise}
	return map[string]probe{
		"GET /api/v1/teacher-development":             {url: api.Prefix + "/teacher-development", ok: http.StatusOK, refused: noEnterprise},
		"GET /api/v1/teacher-figures":                 {url: api.Prefix + "/teacher-figures", ok: http.StatusOK, refused: noEnterprise},
		"GET /api/v1/teachers/{id}/development":       missing("/teachers/999999/development"),
		"PUT /api/v1/teachers/{id}/profile":           missing("/teachers/999999/profile"),
		"POST /api/v1/teachers/{id}/courses":          badBody(teacher + "/courses"),
		"POST /api/v1/teachers/{id}/internships":      badBody(teacher + "/internships"),
		"GET /api/v1/internships":                     v1("/internships"),
		"GET /api/v1/teacher-policy":                  v1("/teacher-policy"),
		"PUT /api/v1/teacher-policy":                  badBody("/teacher-policy"),
		"GET /api/v1/international/figures":           v1("/international/figures"),
		"GET /api/v1/international/russia":            v1("/international/russia"),
		"GET /api/v1/international/partners":          v1("/international/partners"),
		"POST /api/v1/international/partners":         badBody("/international/partners"),
		"GET /api/v1/international/partnerships":      v1("/international/partnerships"),
		"POST /api/v1/international/partnerships":     badBody("/international/partnerships"),
		"GET /api/v1/international/partnerships/{id}": missing("/international/partnerships/999999"),
		"PUT /api/v1/international/partnerships/{id}": missing("/international/partnerships/999999"),
		"GET /api/v1/international/specialists":       v1("/international/specialists"),
		"POST /api/v1/international/specialists":      badBody("/international/specialists"),
		"GET /api/v1/international/mobility":          v1("/international/mobility"),
		"POST /api/v1/international/mobility":         badBody("/international/mobility"),
	}
}

// TestInternationalAPI records, with the college's token, a Russian
// partner, an agreement and a student's outgoing mobility, and a teacher's
// course and internship; the ministry's figures and cross-border view
// follow, the enterprise sees the internship at itself, the other
// college sees none of it, and the ministry sees the student's initials.
func TestInternationalAPI(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			app := testkit.StartApp(t, db.DSN(t))
			f := newFixture(t, app.Store)
			s := &session{base: app.URL, c: fetchContract(t, app.URL), succeeded: map[string]bool{}}
			col, min, ent := f.tokens[domain.RoleCollege], f.tokens[domain.RoleMinistry], f.tokens[domain.RoleEnterprise]
			today := time.Now().UTC()

			partner := map[string]any{"kind": "college", "name": "Омский колледж транспорта", "country": "RU", "ru_region": "RU-OMS", "city": "Омск"}
			s.call(t, col, "POST", "/api/v1/international/partners", map[string]any{"kind": "college", "name": "X", "country": "KZ"}, 400).
				errorField(t, "invalid", "country")
			created := s.call(t, col, "POST", "/api/v1/international/partners", partner, 201)
			created.has(t, map[string]any{"ru_region": "RU-OMS", "ru_region_name.ru": "Омская область", "country": "RU"})
			s.call(t, col, "POST", "/api/v1/international/partners", partner, 409).errorField(t, "conflict", "name")
			partnerID := created.id(t, "id")

			agreement := map[string]any{"partner_id": partnerID, "kind": "double_diploma", "subject": "Двойной диплом «Логистика»",
				"status": "active", "starts_on": date(today.AddDate(0, -1, 0))}
			s.call(t, col, "POST", "/api/v1/international/partnerships", agreement, 400).errorField(t, "invalid", "signed_on")
			agreement["signed_on"] = date(today.AddDate(0, -1, 0))
			a := s.call(t, col, "POST", "/api/v1/international/partnerships", agreement, 201)
			a.has(t, map[string]any{"in_force": true, "college_id": f.college.ID, "partner.ru_region": "RU-OMS", "ends_on": nil})
			self := fmt.Sprintf("/api/v1/international/partnerships/%d", a.id(t, "id"))
			s.call(t, f.token2, "GET", self, nil, 404)
			s.call(t, f.token2, "PUT", self, agreement, 404)
			agreement["ends_on"] = date(today.AddDate(2, 0, 0))
			s.call(t, col, "PUT", self, agreement, 200).has(t, map[string]any{"ends_on": date(today.AddDate(2, 0, 0))})

			student := f.students[0]
			mob := map[string]any{"direction": "outgoing", "participant": "student", "student_id": student.ID, "country": "RU",
				"partner_id": partnerID, "starts_on": date(today.AddDate(0, 0, -3)), "ends_on": date(today.AddDate(0, 1, 0)), "funding": "grant"}
			s.call(t, col, "POST", "/api/v1/international/mobility", mob, 201).
				has(t, map[string]any{"person_name": student.Name.Full(), "host": "Омский колледж транспорта", "outcome": nil})
			s.call(t, min, "GET", "/api/v1/international/mobility", nil, 200).has(t, map[string]any{"total": 1, "items.0.student_id": nil})
			s.call(t, col, "POST", "/api/v1/international/specialists", map[string]any{"full_name": "Li Wei", "country": "CN", "role": "manager",
				"starts_on": date(today.AddDate(-1, 0, 0))}, 201).has(t, map[string]any{"ends_on": nil, "country": "CN"})

			s.call(t, min, "GET", "/api/v1/international/figures", nil, 200).has(t, map[string]any{"colleges_with_partners": 1,
				"partner_countries": 1, "colleges_with_russia": 1, "foreign_managers": 1, "mobility_by_country.0.country": "RU",
				"mobility_by_country.0.outgoing": 1, "regions.0.region_id": 75})
			s.call(t, min, "GET", "/api/v1/international/russia", nil, 200).has(t, map[string]any{"colleges": 1, "cells.0.ru_region": "RU-OMS",
				"cells.0.agreements": 1, "cells.0.outgoing": 1, "agreements.0.partner.name": "Омский колледж транспорта"})
			s.call(t, f.token2, "GET", "/api/v1/international/figures", nil, 200).has(t, map[string]any{"colleges_with_partners": 0})

			// What was recorded reads back, to the college and within scope.
			s.call(t, col, "GET", "/api/v1/international/partners?country=RU", nil, 200).has(t, map[string]any{"total": 1, "items.0.id": partnerID})
			s.call(t, col, "GET", "/api/v1/international/partnerships", nil, 200).has(t, map[string]any{"total": 1, "items.0.kind": "double_diploma"})
			s.call(t, f.token2, "GET", "/api/v1/international/partnerships", nil, 200).has(t, map[string]any{"total": 0})
			s.call(t, col, "GET", self, nil, 200).has(t, map[string]any{"subject": "Двойной диплом «Логистика»", "partner.city": "Омск"})
			s.call(t, min, "GET", "/api/v1/international/specialists", nil, 200).has(t, map[string]any{"total": 1, "items.0.full_name": "Li Wei"})

			// A teacher's course and internship.
			teacher := fmt.Sprintf("/api/v1/teachers/%d", f.teachers[0].ID)
			course := map[string]any{"course": "Цифровые технологии", "provider": "НАО «Talap»", "hours": 72, "certificate": "T-1",
				"starts_on": date(today.AddDate(0, 0, -10)), "ends_on": date(today.AddDate(0, 0, 5))}
			s.call(t, col, "POST", teacher+"/courses", course, 400).errorField(t, "invalid", "ends_on")
			course["ends_on"] = date(today.AddDate(0, 0, -2))
			s.call(t, col, "POST", teacher+"/courses", course, 201).has(t, map[string]any{"certificate": "T-1"})
			s.call(t, col, "POST", teacher+"/internships", map[string]any{"enterprise_id": f.enterprise.ID, "hours": 36,
				"starts_on": date(today.AddDate(0, 0, -20)), "ends_on": date(today.AddDate(0, 0, -15))}, 201).
				has(t, map[string]any{"enterprise_id": f.enterprise.ID, "teacher_name": f.teachers[0].Name.Full()})
			s.call(t, col, "PUT", teacher+"/profile", map[string]any{"category": "researcher", "subjects": []string{"Информатика"}}, 200).
				has(t, map[string]any{"category": "researcher", "state": "current", "courses.0.certificate": "T-1", "internships.0.hours": 36})
			s.call(t, ent, "GET", "/api/v1/internships", nil, 200).has(t, map[string]any{"total": 1})
			s.call(t, col, "GET", teacher+"/development", nil, 200).has(t, map[string]any{"category": "researcher", "courses.0.hours": 72})
			s.call(t, col, "GET", "/api/v1/teacher-development", nil, 200).has(t, map[string]any{"items.0.category": "researcher"})
			s.call(t, col, "GET", "/api/v1/teacher-policy", nil, 200).has(t, map[string]any{"development_years": 3})
			s.call(t, f.token2, "GET", teacher+"/development", nil, 404)
			s.call(t, col, "GET", "/api/v1/teacher-figures", nil, 200).has(t, map[string]any{"with_internship": 1, "policy.development_years": 3})
			s.call(t, min, "PUT", "/api/v1/teacher-policy", map[string]any{"development_years": 4, "due_soon_days": 60, "internship_years": 3}, 200).
				has(t, map[string]any{"development_years": 4, "categories.0.code": "pedagogue"})
			s.reachedEvery(t, "teachers")
			s.reachedEvery(t, "international")
		})
	}
}
