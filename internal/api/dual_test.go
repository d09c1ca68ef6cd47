package api_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// dualTags are the tags of the dual-training operations of the document.
var dualTags = []string{"offers", "mentors", "agreements", "logbook", "progress", "settings"}

// dualTraining reports whether an operation belongs to dual training.
func (c *contract) dualTraining(operationID string) bool {
	for _, item := range c.doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID == operationID {
				return slices.ContainsFunc(op.Tags, func(tag string) bool { return slices.Contains(dualTags, tag) })
			}
		}
	}
	return false
}

// session sends the requests of one test to the program and remembers
// which operations answered with a success.
type session struct {
	base      string
	c         *contract
	succeeded map[string]bool
}

// reachedEvery fails the test for every operation tagged tag that no call
// of the session answered with a success: a feature's chain test must
// reach all of its operations, as TestAPI does not.
func (s *session) reachedEvery(t *testing.T, tag string) {
	t.Helper()
	for pattern, op := range s.c.operations() {
		if s.c.tagged(op, tag) && !s.succeeded[op] {
			t.Errorf("the %s chain got no success from %s (%s)", tag, pattern, op)
		}
	}
}

// upload is a raw request body with its media type.
type upload struct {
	contentType string
	data        []byte
}

// reply is what an exchange returned.
type reply struct {
	status    int
	header    http.Header
	raw       []byte
	v         any // the decoded JSON, nil for another media type
	rejected  error
	operation string
}

// do sends one request as the holder of token (the public when empty):
// body is nil, raw JSON text, an upload, or a value sent as JSON. headers
// are name, value pairs. The exchange is checked against the document,
// and a success whose request the document rejects fails the test: the
// document must never refuse what the API takes.
func (s *session) do(t *testing.T, token, method, path string, body any, headers ...string) reply {
	t.Helper()
	var rd io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, contentType = strings.NewReader(b), "application/json"
	case upload:
		rd, contentType = bytes.NewReader(b.data), b.contentType
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd, contentType = bytes.NewReader(data), "application/json"
	}
	req, err := http.NewRequest(method, s.base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	got := s.c.check(t, req, resp, raw)
	r := reply{status: resp.StatusCode, header: resp.Header, raw: raw, rejected: got.requestErr, operation: got.operation}
	if resp.Header.Get("Content-Type") == "application/json" {
		if err := json.Unmarshal(raw, &r.v); err != nil {
			t.Fatalf("%s %s: the answer is not JSON: %v", method, path, err)
		}
	}
	if resp.StatusCode < 300 {
		s.succeeded[got.operation] = true
		if got.requestErr != nil {
			t.Errorf("%s %s: the document rejects a request the API accepts: %v", method, path, got.requestErr)
		}
	}
	return r
}

// call is do with the status the answer must have.
func (s *session) call(t *testing.T, token, method, path string, body any, want int, headers ...string) reply {
	t.Helper()
	r := s.do(t, token, method, path, body, headers...)
	if r.status != want {
		t.Fatalf("%s %s: %d, want %d\n%s", method, path, r.status, want, abbreviate(r.raw))
	}
	return r
}

// has checks values at dotted paths of the answer (see lookup); nil means
// JSON null.
func (r reply) has(t *testing.T, want map[string]any) {
	t.Helper()
	for path, w := range want {
		got, ok := lookup(r.v, path)
		if !ok {
			t.Errorf("%s: missing in %s", path, abbreviate(r.raw))
			continue
		}
		if fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("%s = %v, want %v", path, got, w)
		}
	}
}

// lacks checks that the answer has none of the dotted paths.
func (r reply) lacks(t *testing.T, paths ...string) {
	t.Helper()
	for _, path := range paths {
		if _, ok := lookup(r.v, path); ok {
			t.Errorf("%s: present in %s", path, abbreviate(r.raw))
		}
	}
}

// id reads an ID at a dotted path of the answer.
func (r reply) id(t *testing.T, path string) int64 {
	t.Helper()
	v, ok := lookup(r.v, path)
	n, isNumber := v.(float64)
	if !ok || !isNumber {
		t.Fatalf("%s is not an ID in %s", path, abbreviate(r.raw))
	}
	return int64(n)
}

// ids lists the ID of every item of a list answer.
func (r reply) ids(t *testing.T, field string) []int64 {
	t.Helper()
	items, ok := lookup(r.v, "items")
	list, isList := items.([]any)
	if !ok || !isList {
		t.Fatalf("no list of items in %s", abbreviate(r.raw))
	}
	var out []int64
	for i := range list {
		out = append(out, r.id(t, fmt.Sprintf("items.%d.%s", i, field)))
	}
	return out
}

// errorField checks an error answer: its code, the field it names and that
// its message is translated.
func (r reply) errorField(t *testing.T, code, field string) {
	t.Helper()
	r.has(t, map[string]any{"error.code": code})
	got, _ := lookup(r.v, "error.field")
	if field == "" && got != nil || field != "" && got != field {
		t.Errorf("error field %v, want %q: %s", got, field, r.raw)
	}
	if msg, _ := lookup(r.v, "error.message"); msg == "" || strings.HasPrefix(fmt.Sprint(msg), "error.") {
		t.Errorf("error message %q is not translated", msg)
	}
}

func date(t time.Time) string { return t.Format(time.DateOnly) }

// TestDualChain runs a dual-training year through the API with the tokens
// of the people who do it: enterprise HR drafts an offer and submits it,
// the college refers it back and then approves it, the enterprise opens
// it, students apply, the enterprise declines one and accepts another,
// the parties approve the agreement — an edit clears their approvals and
// they approve again — the student writes a week with a photo, the mentor
// returns it and then signs it, the college reviews it, and the progress
// shows the hours. The change of mentor (refused beyond the policy's
// limit) and of enterprise keeps the hours; a second student's short
// agreement is completed with every week signed, which admits them to the
// final assessment. Every dual-training operation of the document must
// answer a success on the way.
func TestDualChain(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			app := testkit.StartApp(t, db.DSN(t))
			f := newFixture(t, app.Store)
			s := &session{base: app.URL, c: fetchContract(t, app.URL), succeeded: map[string]bool{}}
			ent, col, tea, men, mst := f.tokens[domain.RoleEnterprise], f.tokens[domain.RoleCollege], f.tokens[domain.RoleTeacher],
				f.tokens[domain.RoleMentor], f.tokens[domain.RoleMinistry]
			s1, s4 := f.students[1], f.students[4]
			stu0 := f.tokens[domain.RoleStudent]
			stu1 := newToken(t, app.Store, newUser(t, app.Store, domain.User{Role: domain.RoleStudent, Login: "student-ivanova",
				CollegeID: f.college.ID, StudentID: s1.ID}))
			stu4 := newToken(t, app.Store, newUser(t, app.Store, domain.User{Role: domain.RoleStudent, Login: "student-kim",
				CollegeID: f.college.ID, StudentID: s4.ID}))
			start := trainingStart()
			v1 := func(format string, args ...any) string { return fmt.Sprintf(format, args...) }

			// The offer: drafted, referred back, changed, approved, opened.
			offerBody := map[string]any{"college_id": f.college.ID, "qualification_code": "4S06130103", "city_id": 1,
				"capacity": 2, "starts_on": date(start), "ends_on": date(start.AddDate(1, 0, -1)), "weekdays": "123",
				"hours_per_week": 24, "requirements": "Go", "stipend_tenge": 50000}
			r := s.call(t, ent, "POST", "/api/v1/offers", offerBody, 201)
			offerID := r.id(t, "id")
			r.has(t, map[string]any{"status": "draft", "enterprise_id": f.enterprise.ID, "college_id": f.college.ID,
				"weekdays": "123", "referral_reason": nil, "distance_km": nil, "qualification_name.ru": "Разработчик программного обеспечения"})
			if loc := r.header.Get("Location"); loc != v1("/api/v1/offers/%d", offerID) {
				t.Errorf("Location %q", loc)
			}
			offer := v1("/api/v1/offers/%d", offerID)
			s.call(t, "", "GET", offer, nil, 404) // a draft is the enterprise's own
			offerBody["capacity"], offerBody["weekdays"] = 3, "321"
			s.call(t, ent, "PUT", offer, offerBody, 200).has(t, map[string]any{"capacity": 3, "weekdays": "123"})
			s.call(t, ent, "POST", offer+"/submit", nil, 200).has(t, map[string]any{"status": "submitted"})
			s.call(t, col, "POST", offer+"/refer", map[string]any{"reason": "Укажите требования"}, 200).
				has(t, map[string]any{"status": "referred", "referral_reason": "Укажите требования"})
			offerBody["requirements"] = "Go, SQL, Git"
			s.call(t, ent, "PUT", offer, offerBody, 200).has(t, map[string]any{"requirements": "Go, SQL, Git"})
			s.call(t, ent, "POST", offer+"/submit", nil, 200)
			s.call(t, col, "POST", offer+"/approve", nil, 200).has(t, map[string]any{"status": "approved"})
			s.call(t, col, "POST", offer+"/approve", nil, 409).errorField(t, domain.ECONFLICT, "")
			s.call(t, ent, "POST", offer+"/open", nil, 200).has(t, map[string]any{"status": "open"})
			r = s.call(t, "", "GET", v1("/api/v1/offers?qualification=06130100&from_city_id=2&per_page=200"), nil, 200)
			if !slices.Contains(r.ids(t, "id"), offerID) {
				t.Errorf("the public's search does not find the open offer: %s", abbreviate(r.raw))
			}
			if d, _ := lookup(r.v, "items.0.distance_km"); d == nil || d.(float64) < 500 {
				t.Errorf("distance from Astana to Almaty %v, want some 1,000 km", d)
			}
			s.call(t, "", "GET", offer, nil, 200)

			// Applications: one declined, one withdrawn, one accepted.
			r = s.call(t, stu1, "POST", offer+"/applications", map[string]any{"note": "Хочу в команду"}, 201)
			r.has(t, map[string]any{"status": "pending", "student_id": s1.ID, "note": "Хочу в команду", "agreement_id": nil})
			app1 := r.id(t, "id")
			s.call(t, stu1, "POST", offer+"/applications", nil, 409)
			app4 := s.call(t, stu4, "POST", offer+"/applications", nil, 201).id(t, "id")
			s.call(t, ent, "POST", v1("/api/v1/applications/%d/decline", app4), map[string]any{"reason": "Мест нет"}, 200).
				has(t, map[string]any{"status": "declined", "reason": "Мест нет"})
			app0 := s.call(t, stu0, "POST", offer+"/applications", nil, 201).id(t, "id")
			s.call(t, stu0, "POST", v1("/api/v1/applications/%d/withdraw", app0), nil, 200).has(t, map[string]any{"status": "withdrawn"})
			r = s.call(t, ent, "GET", v1("/api/v1/applications?offer_id=%d", offerID), nil, 200)
			r.has(t, map[string]any{"total": 3})
			r = s.call(t, ent, "POST", v1("/api/v1/applications/%d/accept", app1), nil, 200)
			agreementID := r.id(t, "agreement_id")
			r.has(t, map[string]any{"status": "accepted"})
			if loc := r.header.Get("Location"); loc != v1("/api/v1/agreements/%d", agreementID) {
				t.Errorf("accepting names the agreement at %q", loc)
			}
			s.call(t, stu1, "GET", v1("/api/v1/applications/%d", app1), nil, 200).has(t, map[string]any{"agreement_id": agreementID})

			// The agreement: terms set, sent, approved; an edit clears
			// every approval; approved again, it is active.
			agreement := v1("/api/v1/agreements/%d", agreementID)
			r = s.call(t, ent, "GET", agreement, nil, 200)
			r.has(t, map[string]any{"status": "draft", "student_id": s1.ID, "student_iin": s1.IIN, "offer_id": offerID,
				"student_iin_masked": domain.MaskIIN(s1.IIN), "required_parties.#": 3, "approvals.#": 0})
			s.call(t, mst, "GET", agreement, nil, 200).lacks(t, "student_iin")
			terms := map[string]any{"version": r.id(t, "version"), "mentor_id": f.mentor.ID, "position": "Стажёр-программист",
				"starts_on": date(start), "ends_on": date(start.AddDate(1, 0, -1)), "weekdays": "123", "hours_per_week": 24,
				"stipend_tenge": 50000, "mentor_pay_tenge": 7000}
			r = s.call(t, ent, "PUT", agreement, terms, 200)
			r.has(t, map[string]any{"mentor_id": f.mentor.ID, "mentor_name": f.mentor.Name, "position": "Стажёр-программист",
				"planned_hours": 24 * len(domain.Weeks(start, start.AddDate(1, 0, -1)))})
			version := r.id(t, "version")
			s.call(t, ent, "POST", agreement+"/send", nil, 200).has(t, map[string]any{"status": "awaiting"})
			s.call(t, stu1, "POST", agreement+"/approve", map[string]any{"party": "student", "version": version}, 200)
			s.call(t, col, "POST", agreement+"/approve", map[string]any{"party": "college", "version": version}, 200).
				has(t, map[string]any{"approvals.#": 2, "status": "awaiting"})
			s.call(t, stu1, "POST", agreement+"/approve", map[string]any{"party": "enterprise", "version": version}, 403)
			terms["version"], terms["stipend_tenge"] = version, 55000
			r = s.call(t, col, "PUT", agreement, terms, 200)
			r.has(t, map[string]any{"version": version + 1, "status": "awaiting", "stipend_tenge": 55000,
				"approvals.#": 2, "approvals.0.cleared": true, "approvals.1.cleared": true})
			s.call(t, stu1, "POST", agreement+"/approve", map[string]any{"party": "student", "version": version}, 409)
			version++
			for token, party := range map[string]string{stu1: "student", col: "college", ent: "enterprise"} {
				r = s.call(t, token, "POST", agreement+"/approve", map[string]any{"party": party, "version": version}, 200)
			}
			r = s.call(t, col, "GET", agreement, nil, 200)
			r.has(t, map[string]any{"status": "active", "active_on": date(domain.DateInKazakhstan(time.Now())), "approvals.#": 5})
			pdf := s.call(t, col, "GET", agreement+"/pdf?lang=ru", nil, 200)
			if !bytes.HasPrefix(pdf.raw, []byte("%PDF-")) || pdf.header.Get("Content-Type") != "application/pdf" {
				t.Errorf("the agreement's PDF is %q, %q…", pdf.header.Get("Content-Type"), abbreviate(pdf.raw[:min(len(pdf.raw), 20)]))
			}
			s.call(t, stu1, "GET", agreement+"/pdf", nil, 200, "Accept-Language", "ru")
			s.call(t, col, "GET", agreement+"/pdf?lang=en", nil, 400).errorField(t, domain.EINVALID, "lang")

			// The logbook: a week written, a photo attached, returned,
			// corrected, signed, reviewed.
			week := lastWeek()
			entryBody := map[string]any{"week_start": date(week), "days": "123", "hours": 24, "tasks": "REST API, тесты",
				"competences": []int64{901}}
			r = s.call(t, stu1, "POST", "/api/v1/logbook", entryBody, 201)
			r.has(t, map[string]any{"status": "draft", "version": 1, "current": true, "agreement_id": agreementID,
				"week_start": date(week), "competences.0": 901, "photos.#": 0})
			entryID := r.id(t, "id")
			entry := v1("/api/v1/logbook/%d", entryID)
			s.call(t, stu1, "POST", "/api/v1/logbook", entryBody, 409)
			s.call(t, stu1, "PUT", entry, map[string]any{"days": "12", "hours": 16, "tasks": "REST API", "competences": []int64{901, 902}}, 200).
				has(t, map[string]any{"days": "12", "hours": 16, "competences.#": 2})
			image := pngImage(t, 200)
			r = s.call(t, stu1, "POST", entry+"/photos", upload{"image/png", image}, 201)
			r.has(t, map[string]any{"content_type": "image/png", "size": len(image), "entry_id": entryID})
			photoURL := r.header.Get("Location")
			photo := s.call(t, men, "GET", photoURL, nil, 200)
			if !bytes.Equal(photo.raw, image) || photo.header.Get("Content-Type") != "image/png" ||
				photo.header.Get("X-Content-Type-Options") != "nosniff" || photo.header.Get("Content-Disposition") != "inline" {
				t.Errorf("the photo comes back as %d bytes, %v", len(photo.raw), photo.header)
			}
			s.call(t, stu1, "POST", entry+"/photos", upload{"image/png", []byte("<html><script>alert(1)</script>")}, 400).
				errorField(t, domain.EINVALID, "photo")
			second := s.call(t, stu1, "POST", entry+"/photos", upload{"image/jpeg", jpegImage(t)}, 201)
			second.has(t, map[string]any{"content_type": "image/jpeg"})
			s.call(t, stu1, "DELETE", second.header.Get("Location"), nil, 204)
			s.call(t, stu1, "GET", second.header.Get("Location"), nil, 404)
			s.call(t, stu1, "POST", entry+"/submit", nil, 200).has(t, map[string]any{"status": "submitted", "photos.#": 1})
			r = s.call(t, men, "GET", "/api/v1/logbook?queue=true", nil, 200)
			if !slices.Contains(r.ids(t, "id"), entryID) {
				t.Errorf("the mentor's queue lacks the entry: %s", abbreviate(r.raw))
			}
			s.call(t, men, "POST", entry+"/return", map[string]any{"comment": "Укажите среду"}, 200).
				has(t, map[string]any{"status": "returned", "comment": "Укажите среду"})
			s.call(t, stu1, "PUT", entry, map[string]any{"days": "123", "hours": 24, "tasks": "REST API, тесты, среда", "competences": []int64{901}}, 200)
			s.call(t, stu1, "POST", entry+"/submit", nil, 200)
			r = s.call(t, men, "POST", entry+"/sign", nil, 200)
			r.has(t, map[string]any{"status": "signed", "signed_by": f.mentor.Name, "hours": 24})
			s.call(t, stu1, "PUT", entry, map[string]any{"days": "1", "hours": 8, "tasks": "x"}, 409)
			s.call(t, tea, "POST", entry+"/review", map[string]any{"comment": "Хорошо"}, 200).
				has(t, map[string]any{"review_comment": "Хорошо", "reviewed_by": f.users[domain.RoleTeacher].Name})
			progress := v1("/api/v1/students/%d/progress", s1.ID)
			s.call(t, col, "GET", progress, nil, 200).has(t, map[string]any{"signed_hours": 24, "weeks_signed": 1, "agreement_id": agreementID})
			r = s.call(t, stu1, "POST", entry+"/correct", nil, 201)
			r.has(t, map[string]any{"status": "draft", "version": 2, "current": true, "week_start": date(week)})
			s.call(t, stu1, "GET", entry, nil, 200).has(t, map[string]any{"status": "signed", "current": false})
			s.call(t, col, "GET", progress, nil, 200).has(t, map[string]any{"signed_hours": 24}) // the signed version counts on
			s.call(t, col, "GET", v1("/api/v1/logbook?student_id=%d&current=true", s1.ID), nil, 200).has(t, map[string]any{"total": 1, "items.0.version": 2})

			// Assessment and the needs-attention list.
			s.call(t, stu1, "GET", v1("/api/v1/programmes/%d/competences", f.dual.ID), nil, 200).
				has(t, map[string]any{"total": 2, "items.0.code": "ПК 1", "items.1.name.ru": "Тестирование программ"})
			r = s.call(t, men, "POST", v1("/api/v1/students/%d/assessments", s1.ID), map[string]any{"competence_id": 902, "level": 3, "comment": "Растёт"}, 201)
			r.has(t, map[string]any{"competence_id": 902, "level": 3, "agreement_id": agreementID, "competence_name.en": "Testing programs"})
			if by, _ := lookup(r.v, "assessed_by"); by != f.mentor.Name && by != f.users[domain.RoleMentor].Name {
				t.Errorf("assessed by %q, not the mentor", by)
			}
			s.call(t, stu1, "GET", v1("/api/v1/students/%d/assessments", s1.ID), nil, 200).has(t, map[string]any{"total": 1, "items.0.level": 3})
			r = s.call(t, col, "GET", "/api/v1/attention?all=true", nil, 200)
			if !slices.Contains(r.ids(t, "student_id"), s1.ID) {
				t.Errorf("the coordinator's list lacks the student: %s", abbreviate(r.raw))
			}
			r = s.call(t, col, "GET", "/api/v1/attention", nil, 200)
			r.has(t, map[string]any{"items.0.attention.0": "behind_plan"}) // eight weeks in, one signed
			s.call(t, col, "GET", v1("/api/v1/students/%d/admission", s1.ID), nil, 200).has(t, map[string]any{"admitted": false})
			s.call(t, col, "POST", v1("/api/v1/students/%d/final-assessments", s1.ID), map[string]any{"grade": 5}, 400).
				errorField(t, domain.EINVALID, "grade")

			// A second mentor; the policy's limit refuses a full one.
			r = s.call(t, ent, "POST", "/api/v1/mentors", map[string]any{"name": "Ким Ольга", "qualification": "Тестировщик",
				"experience_years": 6, "pay_per_trainee": 6000}, 201)
			mentor2 := r.id(t, "id")
			r.has(t, map[string]any{"enterprise_id": f.enterprise.ID, "user_id": nil, "phone": nil, "trainees": 0})
			s.call(t, ent, "PUT", v1("/api/v1/mentors/%d", mentor2), map[string]any{"name": "Ким Ольга Петровна", "qualification": "Тестировщик",
				"position": "Ведущий инженер", "experience_years": 7, "phone": "+7 701 000 11 22", "pay_per_trainee": 6500}, 200).
				has(t, map[string]any{"name": "Ким Ольга Петровна", "phone": "+7 701 000 11 22"})
			s.call(t, col, "GET", v1("/api/v1/mentors?enterprise_id=%d", f.enterprise.ID), nil, 200).has(t, map[string]any{"total": 2})
			s.call(t, ent, "GET", v1("/api/v1/mentors/%d", f.mentor.ID), nil, 200).has(t, map[string]any{"trainees": 2})
			settings := s.call(t, col, "GET", "/api/v1/settings/dual", nil, 200)
			settings.has(t, map[string]any{"max_trainees_per_mentor": domain.DefaultDualSettings.MaxTraineesPerMentor})
			limited := map[string]any{"max_trainees_per_mentor": 1, "behind_plan_percent": 15, "missing_weeks": 2, "unsigned_days": 14, "mentor_inactive_days": 21}
			s.call(t, mst, "PUT", "/api/v1/settings/dual", limited, 200).has(t, map[string]any{"max_trainees_per_mentor": 1})
			s.call(t, ent, "POST", agreement+"/mentor", map[string]any{"mentor_id": mentor2, "reason": "Отпуск наставника"}, 200).
				has(t, map[string]any{"mentor_id": mentor2, "status": "active", "version": version})
			r = s.call(t, ent, "POST", agreement+"/mentor", map[string]any{"mentor_id": f.mentor.ID, "reason": "Возвращение"}, 409)
			if msg, _ := lookup(r.v, "error.message"); !strings.Contains(fmt.Sprint(msg), f.mentor.Name) {
				t.Errorf("refusing a full mentor says %q, not naming them", msg)
			}
			limited["max_trainees_per_mentor"] = 10
			s.call(t, mst, "PUT", "/api/v1/settings/dual", limited, 200)

			// A change of enterprise keeps the hours.
			r = s.call(t, col, "POST", agreement+"/enterprise", map[string]any{"enterprise_id": f.enterprise2.ID, "reason": "Переезд в Астану"}, 201)
			r.has(t, map[string]any{"status": "draft", "previous_id": agreementID, "enterprise_id": f.enterprise2.ID, "student_id": s1.ID})
			moved := r.header.Get("Location")
			s.call(t, col, "GET", agreement, nil, 200).has(t, map[string]any{"status": "terminated"})
			s.call(t, col, "GET", progress, nil, 200).has(t, map[string]any{"signed_hours": 24})
			r = s.call(t, col, "GET", v1("/api/v1/students/%d/party-changes", s1.ID), nil, 200)
			r.has(t, map[string]any{"total": 2, "items.0.kind": "enterprise", "items.0.reason": "Переезд в Астану",
				"items.1.kind": "mentor", "items.1.reason": "Отпуск наставника", "items.1.from_id": f.mentor.ID, "items.1.to_id": mentor2})
			s.call(t, col, "POST", moved+"/terminate", map[string]any{"reason": "Студент отчислен"}, 200).
				has(t, map[string]any{"status": "terminated", "end_reason": "Студент отчислен"})

			// A short agreement of two past weeks, every week signed:
			// completed, and the student admitted to the final assessment.
			w1, w2 := lastWeek().AddDate(0, 0, -14), lastWeek().AddDate(0, 0, -7)
			r = s.call(t, col, "POST", "/api/v1/agreements", map[string]any{"student_id": s4.ID, "enterprise_id": f.enterprise.ID,
				"mentor_id": f.mentor.ID, "position": "Стажёр", "starts_on": date(w1), "ends_on": date(w2.AddDate(0, 0, 6)),
				"weekdays": "12", "hours_per_week": 16}, 201)
			short := v1("/api/v1/agreements/%d", r.id(t, "id"))
			r.has(t, map[string]any{"status": "draft", "college_id": f.college.ID, "offer_id": nil})
			r = s.call(t, col, "POST", short+"/send", nil, 200)
			for token, party := range map[string]string{col: "college", ent: "enterprise", stu4: "student"} {
				s.call(t, token, "POST", short+"/approve", map[string]any{"party": party, "version": r.id(t, "version")}, 200)
			}
			for _, w := range []time.Time{w1, w2} {
				e := s.call(t, stu4, "POST", "/api/v1/logbook", map[string]any{"week_start": date(w), "days": "12", "hours": 16, "tasks": "Тесты"}, 201)
				s.call(t, stu4, "POST", v1("/api/v1/logbook/%d/submit", e.id(t, "id")), nil, 200)
				s.call(t, men, "POST", v1("/api/v1/logbook/%d/sign", e.id(t, "id")), nil, 200)
			}
			s.call(t, col, "POST", short+"/complete", nil, 200).has(t, map[string]any{"status": "completed"})
			s.call(t, col, "GET", v1("/api/v1/students/%d/admission", s4.ID), nil, 200).
				has(t, map[string]any{"admitted": true, "missing_weeks.#": 0, "no_agreement": false})
			s.call(t, col, "POST", v1("/api/v1/students/%d/final-assessments", s4.ID), map[string]any{"grade": 5, "comment": "Отлично"}, 201).
				has(t, map[string]any{"grade": 5, "student_id": s4.ID, "comment": "Отлично"})
			s.call(t, stu4, "GET", v1("/api/v1/students/%d/final-assessments", s4.ID), nil, 200).has(t, map[string]any{"total": 1, "items.0.grade": 5})

			// The work-experience records: CSV for the college with whole
			// IINs, JSON for the ministry with masked ones.
			for _, ask := range [][]string{{"?format=csv"}, {"", "Accept", "text/csv"}} {
				r = s.call(t, col, "GET", "/api/v1/work-records"+ask[0], nil, 200, ask[1:]...)
				rows, err := csv.NewReader(bytes.NewReader(r.raw)).ReadAll()
				if err != nil || len(rows) < 2 || rows[0][1] != "student_iin" {
					t.Fatalf("work records CSV: %v\n%s", err, r.raw)
				}
				found := false
				for _, row := range rows[1:] {
					found = found || row[1] == s4.IIN && row[5] == f.enterprise.BIN && row[10] == "completed"
				}
				if !found || !strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment") {
					t.Errorf("the CSV lacks the completed agreement of %s:\n%s", s4.IIN, r.raw)
				}
			}
			r = s.call(t, mst, "GET", v1("/api/v1/work-records?student_id=%d", s4.ID), nil, 200)
			r.has(t, map[string]any{"total": 1, "items.0.status": "completed", "items.0.student_iin_masked": domain.MaskIIN(s4.IIN),
				"items.0.enterprise_bin": f.enterprise.BIN, "items.0.starts_on": date(w1)})
			r.lacks(t, "items.0.student_iin")
			if bytes.Contains(r.raw, []byte(s4.IIN)) {
				t.Errorf("the ministry gets a whole IIN: %s", r.raw)
			}

			// The rest of each role's view.
			s.call(t, men, "GET", "/api/v1/agreements", nil, 200).has(t, map[string]any{"total": 2}) // s0's and s4's
			s.call(t, col, "GET", v1("/api/v1/agreements?student_id=%d", s1.ID), nil, 200).has(t, map[string]any{"total": 2})
			s.call(t, ent, "POST", offer+"/close", nil, 200).has(t, map[string]any{"status": "closed"})
			s.call(t, ent, "GET", v1("/api/v1/offers?status=closed"), nil, 200).has(t, map[string]any{"total": 1, "items.0.id": offerID})

			dual := 0
			for pattern, op := range s.c.operations() {
				if !s.c.dualTraining(op) {
					continue
				}
				dual++
				if !s.succeeded[op] {
					t.Errorf("the chain got no success from %s (%s)", pattern, op)
				}
			}
			if dual == 0 {
				t.Error("the document has no dual-training operations to check")
			}
		})
	}
}

// TestDualBadBodies sends bodies a client could get wrong and checks each
// is refused with 400, the code invalid, the field named and a translated
// message saying what is wrong — and that the document refuses the same
// requests wherever its schemas can tell.
func TestDualBadBodies(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) { testDualBadBodies(t, db) })
	}
}

func testDualBadBodies(t *testing.T, db testkit.Database) {
	app := testkit.StartApp(t, db.DSN(t))
	f := newFixture(t, app.Store)
	s := &session{base: app.URL, c: fetchContract(t, app.URL), succeeded: map[string]bool{}}
	offer := map[string]any{"qualification_code": "4S06130103", "city_id": 1, "capacity": 2, "starts_on": "2027-09-01",
		"ends_on": "2028-06-30", "weekdays": "12345", "hours_per_week": 20}
	with := func(changes map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range offer {
			out[k] = v
		}
		for k, v := range changes {
			if v == nil {
				delete(out, k)
			} else {
				out[k] = v
			}
		}
		return out
	}
	entry := fmt.Sprintf("/api/v1/logbook/%d", f.entry.ID)
	cases := []struct {
		name, as, method, path string
		body                   any
		field                  string
		message                string // a part of the English message
		docAllows              bool   // the document cannot tell this one
		headers                []string
	}{
		{name: "unknown field", as: "enterprise", method: "POST", path: "/api/v1/offers",
			body: with(map[string]any{"colour": "red"}), field: "colour", message: "colour"},
		{name: "number as text", as: "enterprise", method: "POST", path: "/api/v1/offers",
			body: with(map[string]any{"city_id": "one"}), field: "city_id", message: "whole number"},
		{name: "fraction", as: "enterprise", method: "POST", path: "/api/v1/offers",
			body: with(map[string]any{"capacity": 2.5}), field: "capacity", message: "whole number"},
		{name: "text as number", as: "enterprise", method: "POST", path: "/api/v1/offers",
			body: with(map[string]any{"qualification_code": 4}), field: "qualification_code", message: "text"},
		{name: "missing field", as: "enterprise", method: "POST", path: "/api/v1/offers",
			body: with(map[string]any{"hours_per_week": nil}), field: "hours_per_week", message: "required"},
		{name: "null for a required field", as: "enterprise", method: "POST", path: "/api/v1/offers",
			body: with(map[string]any{"starts_on": json.RawMessage("null")}), field: "starts_on", message: "required"},
		{name: "empty body", as: "enterprise", method: "POST", path: "/api/v1/offers", field: "qualification_code", message: "required",
			headers: []string{"Content-Type", "application/json"}},
		{name: "date in another form", as: "enterprise", method: "POST", path: "/api/v1/offers",
			body: with(map[string]any{"starts_on": "01.09.2027"}), field: "starts_on", message: "YYYY-MM-DD"},
		{name: "weekday out of range", as: "enterprise", method: "POST", path: "/api/v1/offers",
			body: with(map[string]any{"weekdays": "1238"}), field: "weekdays", message: "1 (Monday)"},
		{name: "out of range, by the domain", as: "enterprise", method: "POST", path: "/api/v1/offers",
			body: with(map[string]any{"capacity": 0}), field: "capacity", message: "1 to 1000"},
		{name: "not an object", as: "enterprise", method: "POST", path: "/api/v1/offers", body: `[1, 2]`, message: "object"},
		{name: "not JSON", as: "enterprise", method: "POST", path: "/api/v1/offers", body: `{"capacity": 2`, message: "JSON"},
		{name: "two objects", as: "enterprise", method: "POST", path: "/api/v1/offers", body: `{} {}`, message: "JSON"},
		{name: "a form instead of JSON", as: "enterprise", method: "POST", path: "/api/v1/offers",
			body: upload{"application/x-www-form-urlencoded", []byte("capacity=2")}, message: "application/json"},
		{name: "too large", as: "enterprise", method: "POST", path: "/api/v1/offers",
			body: with(map[string]any{"requirements": strings.Repeat("я", 40_000)}), message: "64 KB"},
		{name: "unknown party", as: "college", method: "POST", path: fmt.Sprintf("/api/v1/agreements/%d/approve", f.agreement.ID),
			body: map[string]any{"party": "boss", "version": 1}, field: "party"},
		{name: "list of words for IDs", as: "student", method: "PUT", path: entry,
			body: map[string]any{"days": "1", "hours": 8, "tasks": "x", "competences": []string{"ПК 1"}}, field: "competences", message: "whole number"},
		{name: "a week not given by its Monday", as: "student", method: "POST", path: "/api/v1/logbook",
			body:  map[string]any{"week_start": date(lastWeek().AddDate(0, 0, 2)), "days": "1", "hours": 8, "tasks": "x"},
			field: "week_start", message: "Monday", docAllows: true},
		{name: "a setting out of range", as: "ministry", method: "PUT", path: "/api/v1/settings/dual",
			body: map[string]any{"max_trainees_per_mentor": 0, "behind_plan_percent": 15, "missing_weeks": 2, "unsigned_days": 14,
				"mentor_inactive_days": 21}, field: "max_trainees_per_mentor", message: "1 to 100"},
		{name: "an empty reason", as: "college", method: "POST", path: fmt.Sprintf("/api/v1/offers/%d/refer", f.offer.ID),
			body: map[string]any{"reason": ""}, field: "reason"},
		{name: "a photo that is no image", as: "student", method: "POST", path: entry + "/photos",
			body: upload{"image/png", []byte("GIF89a not really")}, field: "photo", message: "JPEG, PNG or WebP", docAllows: true},
		{name: "a photo of another type", as: "student", method: "POST", path: entry + "/photos",
			body: upload{"image/gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")}, field: "photo", message: "JPEG, PNG or WebP"},
		{name: "a photo too large", as: "student", method: "POST", path: entry + "/photos",
			body: upload{"image/png", append(pngImage(t, 1), make([]byte, domain.MaxPhotoBytes)...)}, field: "photo", message: "5", docAllows: true},
		{name: "a queue of signed entries", as: "mentor", method: "GET", path: "/api/v1/logbook?queue=true&status=signed", field: "status", docAllows: true},
		{name: "an unknown export format", as: "college", method: "GET", path: "/api/v1/work-records?format=xml", field: "format", message: "csv"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.do(t, f.tokens[domain.Role(tc.as)], tc.method, tc.path, tc.body, append([]string{"Accept-Language", "en"}, tc.headers...)...)
			if r.status != http.StatusBadRequest {
				t.Fatalf("%d, want 400\n%s", r.status, abbreviate(r.raw))
			}
			r.errorField(t, domain.EINVALID, tc.field)
			if msg, _ := lookup(r.v, "error.message"); !strings.Contains(fmt.Sprint(msg), tc.message) {
				t.Errorf("message %q should say %q", msg, tc.message)
			}
			if rejected := r.rejected != nil; rejected == tc.docAllows {
				t.Errorf("the document rejects the request: %v (%v), want %v", rejected, r.rejected, !tc.docAllows)
			}
		})
	}
	// The message comes in the caller's language, naming the field.
	r := s.do(t, f.tokens[domain.RoleEnterprise], "POST", "/api/v1/offers?lang=kk", with(map[string]any{"capacity": nil}))
	want := i18n.For("kk").TMap("error.api.body_required", map[string]string{"name": "capacity"})
	if msg, _ := lookup(r.v, "error.message"); r.status != 400 || msg != want {
		t.Errorf("%d %q, want %q", r.status, msg, want)
	}
}

// TestDualOutOfScope checks that dual-training records out of a caller's
// scope are answered exactly like ids that name nothing, for reading and
// for acting alike, and that lists hold nothing of another scope.
func TestDualOutOfScope(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) { testDualOutOfScope(t, db) })
	}
}

func testDualOutOfScope(t *testing.T, db testkit.Database) {
	app := testkit.StartApp(t, db.DSN(t))
	f := newFixture(t, app.Store)
	s := &session{base: app.URL, c: fetchContract(t, app.URL), succeeded: map[string]bool{}}
	st := app.Store
	astana := f.token2
	otherStudent := newToken(t, st, newUser(t, st, domain.User{Role: domain.RoleStudent, Login: "student-ivanova",
		CollegeID: f.college.ID, StudentID: f.students[1].ID}))
	otherHR := newToken(t, st, newUser(t, st, domain.User{Role: domain.RoleEnterprise, Login: "hr-astana", EnterpriseID: f.enterprise2.ID}))
	otherMentor := newToken(t, st, newUser(t, st, domain.User{Role: domain.RoleMentor, Login: "mentor-astana", EnterpriseID: f.enterprise2.ID}))
	// A draft offer is its enterprise's alone.
	draft := s.call(t, f.tokens[domain.RoleEnterprise], "POST", "/api/v1/offers", map[string]any{"qualification_code": "4S06130103",
		"city_id": 1, "capacity": 1, "starts_on": "2027-09-01", "ends_on": "2028-06-30", "weekdays": "1", "hours_per_week": 8}, 201).id(t, "id")

	agreement, entry := fmt.Sprintf("/api/v1/agreements/%d", f.agreement.ID), fmt.Sprintf("/api/v1/logbook/%d", f.entry.ID)
	student := fmt.Sprintf("/api/v1/students/%d", f.students[0].ID)
	type probe struct{ method, path, unknown string }
	get := func(path, unknown string) probe { return probe{"GET", path, unknown} }
	post := func(path, unknown string) probe { return probe{"POST", path, unknown} }
	outside := map[string][]probe{
		astana: {
			get(agreement, "/api/v1/agreements/999999"), get(agreement+"/pdf", "/api/v1/agreements/999999/pdf"),
			get(entry, "/api/v1/logbook/999999"), get(fmt.Sprintf("/api/v1/photos/%d", f.photo.ID), "/api/v1/photos/999999"),
			get(student+"/progress", "/api/v1/students/999999/progress"), get(student+"/admission", "/api/v1/students/999999/admission"),
			get(fmt.Sprintf("/api/v1/applications/%d", f.application.ID), "/api/v1/applications/999999"),
			get(fmt.Sprintf("/api/v1/offers/%d", draft), "/api/v1/offers/999999"),
			post(agreement+"/send", "/api/v1/agreements/999999/send"), post(entry+"/review", "/api/v1/logbook/999999/review"),
		},
		otherStudent: {
			get(agreement, "/api/v1/agreements/999999"), get(entry, "/api/v1/logbook/999999"),
			get(fmt.Sprintf("/api/v1/photos/%d", f.photo.ID), "/api/v1/photos/999999"),
			get(student+"/assessments", "/api/v1/students/999999/assessments"),
			post(entry+"/correct", "/api/v1/logbook/999999/correct"),
			post(fmt.Sprintf("/api/v1/applications/%d/withdraw", f.application.ID), "/api/v1/applications/999999/withdraw"),
		},
		otherHR: {
			get(agreement, "/api/v1/agreements/999999"), get(fmt.Sprintf("/api/v1/mentors/%d", f.mentor.ID), "/api/v1/mentors/999999"),
			get(fmt.Sprintf("/api/v1/offers/%d", draft), "/api/v1/offers/999999"),
			post(agreement+"/send", "/api/v1/agreements/999999/send"),
			post(fmt.Sprintf("/api/v1/applications/%d/accept", f.application.ID), "/api/v1/applications/999999/accept"),
		},
		otherMentor: {
			get(entry, "/api/v1/logbook/999999"), post(entry+"/sign", "/api/v1/logbook/999999/sign"),
			get(student+"/progress", "/api/v1/students/999999/progress"),
		},
	}
	who := map[string]string{astana: "the Astana coordinator", otherStudent: "another student", otherHR: "another enterprise's HR",
		otherMentor: "another enterprise's mentor"}
	for token, probes := range outside {
		for _, p := range probes {
			r, none := s.do(t, token, p.method, p.path, nil), s.do(t, token, p.method, p.unknown, nil)
			if r.status != http.StatusNotFound || !bytes.Equal(r.raw, none.raw) {
				t.Errorf("%s %s out of scope of %s: %d %s, want the answer to an unknown id: %s", p.method, p.path, who[token], r.status, r.raw, none.raw)
			}
		}
	}
	for _, path := range []string{"/api/v1/agreements", "/api/v1/logbook", "/api/v1/work-records", "/api/v1/applications",
		fmt.Sprintf("/api/v1/attention?college_id=%d", f.college.ID)} {
		r := s.call(t, astana, "GET", path, nil, 200)
		r.has(t, map[string]any{"total": 0})
	}
	s.call(t, otherHR, "GET", "/api/v1/mentors", nil, 200).has(t, map[string]any{"total": 0})
	s.call(t, otherMentor, "GET", "/api/v1/logbook?queue=true", nil, 200).has(t, map[string]any{"total": 0})
	// An open offer is everyone's to read, but only its enterprise's to change.
	s.call(t, otherHR, "POST", fmt.Sprintf("/api/v1/offers/%d/close", f.offer.ID), nil, 403)
}
