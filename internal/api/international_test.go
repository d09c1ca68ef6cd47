package api_test

import (
	"fmt"
	"net/http"
	"strings"
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
		"GET /api/v1/teacher-development":                {url: api.Prefix + "/teacher-development", ok: http.StatusOK, refused: noEnterprise},
		"GET /api/v1/teacher-figures":                    {url: api.Prefix + "/teacher-figures", ok: http.StatusOK, refused: noEnterprise},
		"GET /api/v1/teachers/{id}/development":          missing("/teachers/999999/development"),
		"PUT /api/v1/teachers/{id}/profile":              missing("/teachers/999999/profile"),
		"POST /api/v1/teachers/{id}/courses":             badBody(teacher + "/courses"),
		"POST /api/v1/teachers/{id}/internships":         badBody(teacher + "/internships"),
		"GET /api/v1/internships":                        v1("/internships"),
		"GET /api/v1/teacher-policy":                     v1("/teacher-policy"),
		"PUT /api/v1/teacher-policy":                     badBody("/teacher-policy"),
		"GET /api/v1/international/figures":              v1("/international/figures"),
		"GET /api/v1/international/russia":               v1("/international/russia"),
		"GET /api/v1/international/partners":             v1("/international/partners"),
		"POST /api/v1/international/partners":            badBody("/international/partners"),
		"GET /api/v1/international/partnerships":         v1("/international/partnerships"),
		"POST /api/v1/international/partnerships":        badBody("/international/partnerships"),
		"GET /api/v1/international/partnerships/{id}":    missing("/international/partnerships/999999"),
		"PUT /api/v1/international/partnerships/{id}":    missing("/international/partnerships/999999"),
		"GET /api/v1/international/specialists":          v1("/international/specialists"),
		"POST /api/v1/international/specialists":         badBody("/international/specialists"),
		"GET /api/v1/international/mobility":             v1("/international/mobility"),
		"POST /api/v1/international/mobility":            badBody("/international/mobility"),
		"PUT /api/v1/international/partners/{id}":        missing("/international/partners/999999"),
		"PUT /api/v1/international/specialists/{id}":     missing("/international/specialists/999999"),
		"PUT /api/v1/international/mobility/{id}":        missing("/international/mobility/999999"),
		"PUT /api/v1/courses/{id}":                       badBody("/courses/999999"),
		"DELETE /api/v1/courses/{id}":                    missing("/courses/999999"),
		"PUT /api/v1/internships/{id}":                   badBody("/internships/999999"),
		"DELETE /api/v1/internships/{id}":                missing("/internships/999999"),
		"GET /api/v1/qualification-categories":           v1("/qualification-categories"),
		"POST /api/v1/qualification-categories":          badBody("/qualification-categories"),
		"PUT /api/v1/qualification-categories/{code}":    badBody("/qualification-categories/moderator"),
		"DELETE /api/v1/qualification-categories/{code}": missing("/qualification-categories/grandmaster"),
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

			// The college corrects its partner; another college may not
			// change a partner the first works with.
			partnerURL := fmt.Sprintf("/api/v1/international/partners/%d", partnerID)
			partner["city"] = "Омск, ул. Красный Путь"
			s.call(t, col, "PUT", partnerURL, partner, 200).has(t, map[string]any{"city": "Омск, ул. Красный Путь", "ru_region": "RU-OMS"})
			s.call(t, f.token2, "PUT", partnerURL, partner, 403)
			s.call(t, col, "PUT", partnerURL, map[string]any{"kind": "college", "name": "Омский колледж транспорта", "country": "RU",
				"ru_region": "RU-MOW"}, 400).errorField(t, "invalid", "ru_region")
			s.call(t, col, "PUT", "/api/v1/international/partners/999999", partner, 404)

			student := f.students[0]
			mob := map[string]any{"direction": "outgoing", "participant": "student", "student_id": student.ID, "country": "RU",
				"partner_id": partnerID, "starts_on": date(today.AddDate(0, 0, -3)), "ends_on": date(today.AddDate(0, 1, 0)), "funding": "grant"}
			m := s.call(t, col, "POST", "/api/v1/international/mobility", mob, 201)
			m.has(t, map[string]any{"person_name": student.Name.Full(), "host": "Омский колледж транспорта", "outcome": nil})
			mobURL := fmt.Sprintf("/api/v1/international/mobility/%d", m.id(t, "id"))
			mob["outcome"] = "credits_recognised"
			s.call(t, f.token2, "PUT", mobURL, mob, 404)
			s.call(t, col, "PUT", mobURL, map[string]any{"direction": "outgoing", "participant": "student", "student_id": student.ID,
				"country": "RU", "starts_on": date(today), "ends_on": date(today.AddDate(0, 0, -1)), "funding": "grant", "partner_id": partnerID}, 400).
				errorField(t, "invalid", "ends_on")
			s.call(t, col, "PUT", mobURL, mob, 200).has(t, map[string]any{"outcome": "credits_recognised", "person_name": student.Name.Full()})
			s.call(t, min, "GET", "/api/v1/international/mobility", nil, 200).has(t, map[string]any{"total": 1, "items.0.student_id": nil})
			spec := map[string]any{"full_name": "Li Wei", "country": "CN", "role": "manager", "starts_on": date(today.AddDate(-1, 0, 0))}
			sp := s.call(t, col, "POST", "/api/v1/international/specialists", spec, 201)
			sp.has(t, map[string]any{"ends_on": nil, "country": "CN"})
			specURL := fmt.Sprintf("/api/v1/international/specialists/%d", sp.id(t, "id"))
			spec["position"] = "Заместитель директора по международным связям"
			s.call(t, f.token2, "PUT", specURL, spec, 404)
			s.call(t, col, "PUT", specURL, map[string]any{"full_name": "Li Wei", "country": "XX", "role": "manager",
				"starts_on": date(today.AddDate(-1, 0, 0))}, 400).errorField(t, "invalid", "country")
			s.call(t, col, "PUT", specURL, spec, 200).has(t, map[string]any{"position": "Заместитель директора по международным связям",
				"role": "manager"})

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
			s.call(t, col, "GET", self, nil, 200).has(t, map[string]any{"subject": "Двойной диплом «Логистика»", "partner.city": "Омск, ул. Красный Путь"})
			s.call(t, min, "GET", "/api/v1/international/specialists", nil, 200).has(t, map[string]any{"total": 1, "items.0.full_name": "Li Wei"})

			// A teacher's course and internship.
			teacher := fmt.Sprintf("/api/v1/teachers/%d", f.teachers[0].ID)
			course := map[string]any{"course": "Цифровые технологии", "provider": "НАО «Talap»", "hours": 72, "certificate": "T-1",
				"starts_on": date(today.AddDate(0, 0, -10)), "ends_on": date(today.AddDate(0, 0, 5))}
			s.call(t, col, "POST", teacher+"/courses", course, 400).errorField(t, "invalid", "ends_on")
			course["ends_on"] = date(today.AddDate(0, 0, -2))
			recorded := s.call(t, col, "POST", teacher+"/courses", course, 201)
			recorded.has(t, map[string]any{"certificate": "T-1"})
			courseURL := fmt.Sprintf("/api/v1/courses/%d", recorded.id(t, "id"))
			internship := map[string]any{"enterprise_id": f.enterprise.ID, "hours": 36,
				"starts_on": date(today.AddDate(0, 0, -20)), "ends_on": date(today.AddDate(0, 0, -15))}
			in := s.call(t, col, "POST", teacher+"/internships", internship, 201)
			in.has(t, map[string]any{"enterprise_id": f.enterprise.ID, "teacher_name": f.teachers[0].Name.Full()})
			internshipURL := fmt.Sprintf("/api/v1/internships/%d", in.id(t, "id"))
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

			// Corrections: the course's hours and the internship's note
			// change, another college's token finds neither, a correction
			// with a problem names its field; then both are removed.
			course["hours"] = 80
			s.call(t, f.token2, "PUT", courseURL, course, 404)
			s.call(t, col, "PUT", courseURL, course, 200).has(t, map[string]any{"hours": 80, "teacher_id": f.teachers[0].ID})
			internship["note"] = "Наладка подстанции"
			internship["hours"] = 0
			s.call(t, col, "PUT", internshipURL, internship, 400).errorField(t, "invalid", "hours")
			internship["hours"] = 40
			s.call(t, col, "PUT", internshipURL, internship, 200).has(t, map[string]any{"hours": 40, "note": "Наладка подстанции"})
			s.call(t, f.token2, "DELETE", internshipURL, nil, 404)
			s.call(t, col, "GET", teacher+"/development", nil, 200).has(t, map[string]any{"courses.0.hours": 80, "internships.0.hours": 40})
			s.call(t, col, "DELETE", courseURL, nil, 204)
			s.call(t, col, "DELETE", internshipURL, nil, 204)
			s.call(t, col, "DELETE", courseURL, nil, 404)
			s.call(t, col, "GET", teacher+"/development", nil, 200).has(t, map[string]any{"courses": []any{}, "internships": []any{},
				"developed_on": nil, "internship_on": nil})

			// The scheme of categories: the ministry adds, renames, retires
			// and removes; a category a teacher holds is refused by name.
			s.call(t, col, "GET", "/api/v1/qualification-categories", nil, 200).has(t, map[string]any{"items.0.code": "pedagogue",
				"items.4.name.kk": "педагог-шебер"})
			first := map[string]any{"code": "first", "position": 6, "name_kk": "бірінші санат", "name_ru": "первая категория", "name_en": "first"}
			s.call(t, col, "POST", "/api/v1/qualification-categories", first, 403)
			s.call(t, min, "POST", "/api/v1/qualification-categories", first, 201).has(t, map[string]any{"code": "first", "retired": false})
			s.call(t, min, "POST", "/api/v1/qualification-categories", first, 409).errorField(t, "conflict", "code")
			s.call(t, min, "PUT", "/api/v1/qualification-categories/first", map[string]any{"position": 6, "name_kk": "бірінші санат",
				"name_ru": "первая категория", "name_en": "", "retired": true}, 400).errorField(t, "invalid", "name_en")
			s.call(t, min, "PUT", "/api/v1/qualification-categories/first", map[string]any{"position": 6, "name_kk": "бірінші санат",
				"name_ru": "первая категория", "name_en": "first category", "retired": true}, 200).
				has(t, map[string]any{"name.en": "first category", "retired": true})
			s.call(t, min, "PUT", "/api/v1/qualification-categories/second", map[string]any{"position": 7, "name_kk": "екінші",
				"name_ru": "вторая", "name_en": "second", "retired": false}, 404)
			s.call(t, min, "DELETE", "/api/v1/qualification-categories/first", nil, 204)
			held := s.call(t, min, "DELETE", "/api/v1/qualification-categories/researcher?lang=ru", nil, 409)
			held.errorField(t, "conflict", "code")
			if msg, _ := lookup(held.v, "error.message"); !strings.Contains(fmt.Sprint(msg), "педагог-исследователь") {
				t.Errorf("the refusal does not name the category: %v", msg)
			}
			scheme := s.call(t, min, "GET", "/api/v1/qualification-categories", nil, 200)
			scheme.has(t, map[string]any{"items.3.code": "researcher", "items.4.code": "master"})
			if items, _ := lookup(scheme.v, "items"); len(items.([]any)) != 5 {
				t.Errorf("the scheme after the removal: %v", items)
			}
			s.reachedEvery(t, "teachers")
			s.reachedEvery(t, "international")
		})
	}
}
