package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/api"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// roundProbes are TestRoleMatrix's requests for the allocation rounds, on
// an open round of the Almaty region over the fixture's open offer. Every
// role of the matrix reads it; the fixture's student is not in it (her
// agreement is live), so her list and her result are not found; the steps
// name a round that does not exist, and the bodies are empty.
func (f *fixture) roundProbes(t *testing.T, st *store.Store) map[string]probe {
	t.Helper()
	rd := domain.Round{Name: "Matrix round", RegionID: f.college.RegionID, MaxChoices: domain.MinRoundChoices,
		Deadline: time.Now().Add(24 * time.Hour), Weights: domain.DefaultPriorityWeights}
	if err := access.New(st).OpenRound(testkit.As(f.users[domain.RoleRegion]), &rd); err != nil {
		t.Fatal(err)
	}
	v1 := func(path string) probe { return probe{url: api.Prefix + path, ok: http.StatusOK} }
	badBody := func(path string) probe { return probe{url: api.Prefix + path, ok: http.StatusBadRequest, body: "{}"} }
	noRecord := func(path string) probe { return probe{url: api.Prefix + path, ok: http.StatusNotFound} }
	self := fmt.Sprintf("/rounds/%d", rd.ID)
	none := "/rounds/999999"
	results := v1(self + "/results")
	results.refused = []domain.Role{domain.RoleStudent} // a student reads their own result only
	return map[string]probe{
		"GET /api/v1/rounds":                           v1("/rounds"),
		"POST /api/v1/rounds":                          badBody("/rounds"),
		"GET /api/v1/rounds/{id}":                      v1(self),
		"GET /api/v1/rounds/{id}/offers":               v1(self + "/offers"),
		"GET /api/v1/rounds/{id}/choices":              noRecord(self + "/choices"),
		"PUT /api/v1/rounds/{id}/choices":              badBody(self + "/choices"),
		"POST /api/v1/rounds/{id}/interviews":          badBody(self + "/interviews"),
		"POST /api/v1/rounds/{id}/run":                 noRecord(none + "/run"),
		"POST /api/v1/rounds/{id}/publish":             noRecord(none + "/publish"),
		"POST /api/v1/rounds/{id}/close":               noRecord(none + "/close"),
		"POST /api/v1/rounds/{id}/accept":              noRecord(none + "/accept"),
		"POST /api/v1/rounds/{id}/decline":             noRecord(none + "/decline"),
		"GET /api/v1/rounds/{id}/results":              results,
		"GET /api/v1/rounds/{id}/results/{student_id}": noRecord(fmt.Sprintf("%s/results/%d", self, f.students[0].ID)),
	}
}

// tagged reports whether an operation of the document carries tag.
func (c *contract) tagged(operationID, tag string) bool {
	for _, item := range c.doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID == operationID {
				return slices.Contains(op.Tags, tag)
			}
		}
	}
	return false
}

// roundOfferFilters checks the filters of a round's offers on the round of
// TestRoundChain, whose three offers are the fixture enterprise's, for
// software developers, in Almaty, none reserved: each narrows the list as
// it says, and a bad value is refused naming its parameter, as the
// document says.
func roundOfferFilters(t *testing.T, s *session, token, self string, f *fixture) {
	t.Helper()
	for _, c := range []struct {
		query        string
		total, items int
	}{
		{"qualification=4S06130103", 3, 3},
		{"qualification=06130100", 3, 3},
		{"qualification=3W06130102", 0, 0},
		{"region_id=75&city_id=1", 3, 3},
		{"region_id=71", 0, 0},
		{"city_id=2", 0, 0},
		{fmt.Sprint("enterprise_id=", f.enterprise.ID), 3, 3},
		{fmt.Sprint("enterprise_id=", f.enterprise2.ID), 0, 0},
		{"reserved=false", 3, 3},
		{"reserved=true", 0, 0},
		{"qualification=4S06130103&reserved=false&per_page=2&page=2", 3, 1},
	} {
		r := s.call(t, token, "GET", self+"/offers?"+c.query, nil, 200)
		r.has(t, map[string]any{"total": c.total, "items.#": c.items})
	}
	for query, field := range map[string]string{
		"qualification=123": "qualification",
		"region_id=Almaty":  "region_id",
		"city_id=0":         "city_id",
		"enterprise_id=-1":  "enterprise_id",
		"reserved=maybe":    "reserved",
		"per_page=500":      "per_page",
	} {
		r := s.call(t, token, "GET", self+"/offers?"+query, nil, 400)
		r.errorField(t, domain.EINVALID, field)
		if r.rejected == nil {
			t.Errorf("%s: the document accepts what the API refuses", query)
		}
	}
}

// TestRoundChain runs an allocation round through the API with the tokens
// of the people who do it, on both databases: the regional department
// opens it (bad bodies refused naming the field, another region's round
// forbidden), two students rank the same two offers — X with one seat
// first — and the enterprise scores their interviews at X; the department
// runs the round (the students do not see the preview) and publishes it;
// the student with the lower score at X reads that she was placed at Y and
// why not at X (X's cutoff, with the other student's lottery number,
// against her score), accepts — which makes the draft agreement — while
// the other declines; the department closes the round and opens a
// supplementary one on the seat declined. Every operation of the rounds
// tag must answer a success on the way, each answer checked against the
// document.
func TestRoundChain(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			app := testkit.StartApp(t, db.DSN(t))
			f := newFixture(t, app.Store)
			s := &session{base: app.URL, c: fetchContract(t, app.URL), succeeded: map[string]bool{}}
			reg, mst, ent, col := f.tokens[domain.RoleRegion], f.tokens[domain.RoleMinistry], f.tokens[domain.RoleEnterprise],
				f.tokens[domain.RoleCollege]
			s1, s4 := f.students[1], f.students[4]
			stu1 := newToken(t, app.Store, newUser(t, app.Store, domain.User{Role: domain.RoleStudent, Login: "student-ivanova",
				CollegeID: f.college.ID, StudentID: s1.ID}))
			stu4 := newToken(t, app.Store, newUser(t, app.Store, domain.User{Role: domain.RoleStudent, Login: "student-kim",
				CollegeID: f.college.ID, StudentID: s4.ID}))
			v1 := func(format string, args ...any) string { return api.Prefix + fmt.Sprintf(format, args...) }

			// Two more open offers of the enterprise: X with one seat, Y
			// with two.
			guard := access.New(app.Store)
			hr, college := testkit.As(f.users[domain.RoleEnterprise]), testkit.As(f.users[domain.RoleCollege])
			offer := func(capacity int) int64 {
				t.Helper()
				o := f.offer
				o.ID, o.Capacity, o.Status = 0, capacity, ""
				for _, err := range []error{guard.SaveOffer(hr, &o), guard.SubmitOffer(hr, o.ID), guard.ApproveOffer(college, o.ID),
					guard.OpenOffer(hr, o.ID)} {
					if err != nil {
						t.Fatal(err)
					}
				}
				return o.ID
			}
			x, y := offer(1), offer(2)

			// Opening: bad bodies name their field.
			deadline := time.Now().Add(72 * time.Hour).UTC().Format(time.RFC3339)
			body := func(changes ...any) map[string]any {
				b := map[string]any{"name": "Алматы, 2026–27", "region_id": 75, "max_choices": 10, "deadline": deadline}
				for i := 0; i+1 < len(changes); i += 2 {
					b[changes[i].(string)] = changes[i+1]
				}
				return b
			}
			s.call(t, reg, "POST", v1("/rounds"), "{}", 400).errorField(t, domain.EINVALID, "name")
			s.call(t, reg, "POST", v1("/rounds"), body("max_choices", 5), 400).errorField(t, domain.EINVALID, "max_choices")
			s.call(t, reg, "POST", v1("/rounds"), body("deadline", "tomorrow"), 400).errorField(t, domain.EINVALID, "deadline")
			s.call(t, reg, "POST", v1("/rounds"), body("deadline", "2020-01-01T00:00:00Z"), 400).errorField(t, domain.EINVALID, "deadline")
			s.call(t, reg, "POST", v1("/rounds"), body("weights", map[string]any{"academic": 0, "interview": 0, "same_region": 0}), 400).
				errorField(t, domain.EINVALID, "weights")
			s.call(t, reg, "POST", v1("/rounds"), body("region_id", 71), 403).errorField(t, domain.EFORBIDDEN, "")
			s.call(t, reg, "POST", v1("/rounds"), body("region_id", 0), 403).errorField(t, domain.EFORBIDDEN, "")
			s.call(t, col, "POST", v1("/rounds"), body(), 403)

			r := s.call(t, reg, "POST", v1("/rounds"), body(), 201)
			roundID := r.id(t, "id")
			self := v1("/rounds/%d", roundID)
			if loc := r.header.Get("Location"); loc != self {
				t.Errorf("Location %q, want %s", loc, self)
			}
			// The fixture's offer has two free seats: X, Y and it make five.
			r.has(t, map[string]any{"status": "open", "region_id": 75, "parent_id": nil, "offers": 3, "seats": 5,
				"weights.academic": 7, "weights.interview": 3, "weights.same_region": 50, "run_at": nil})
			if !slices.Contains(s.call(t, col, "GET", v1("/rounds"), nil, 200).ids(t, "id"), roundID) {
				t.Error("the college does not find its region's round")
			}
			s.call(t, f.token2, "GET", self, nil, 404) // Astana's coordinator: another region
			r = s.call(t, stu1, "GET", self+"/offers", nil, 200)
			r.has(t, map[string]any{"total": 3, "items.0.cutoff": nil, "items.0.filled": 0})
			roundOfferFilters(t, s, stu1, self, f)

			// Ranking.
			s.call(t, stu1, "GET", self+"/choices", nil, 200).has(t, map[string]any{"total": 0})
			s.call(t, stu1, "PUT", self+"/choices", map[string]any{"offer_ids": []int64{x, x}}, 400).errorField(t, domain.EINVALID, "choices")
			s.call(t, stu1, "PUT", self+"/choices", map[string]any{"offer_ids": []int64{999999}}, 400).errorField(t, domain.EINVALID, "choices")
			s.call(t, stu1, "PUT", self+"/choices", map[string]any{"offer_ids": "x"}, 400).errorField(t, domain.EINVALID, "offer_ids")
			r = s.call(t, stu1, "PUT", self+"/choices", map[string]any{"offer_ids": []int64{x, y}}, 200)
			r.has(t, map[string]any{"total": 2, "items.0.rank": 1, "items.0.offer_id": x, "items.1.offer_id": y,
				"items.0.offer.id": x, "items.0.placed": false, "items.0.cutoff": nil})
			s.call(t, stu4, "PUT", self+"/choices", map[string]any{"offer_ids": []int64{x, y}}, 200)
			// The fixture's student trains under a live agreement: she takes
			// no part.
			s.call(t, f.tokens[domain.RoleStudent], "PUT", self+"/choices", map[string]any{"offer_ids": []int64{x}}, 409).
				errorField(t, domain.ECONFLICT, "")

			// Interviews at X decide between the two, whose averages are 0.
			score := func(student int64, score int) map[string]any {
				return map[string]any{"offer_id": x, "student_id": student, "score": score}
			}
			s.call(t, ent, "POST", self+"/interviews", score(s1.ID, 60), 200).
				has(t, map[string]any{"round_id": roundID, "offer_id": x, "student_id": s1.ID, "score": 60})
			s.call(t, ent, "POST", self+"/interviews", score(s4.ID, 90), 200)
			s.call(t, ent, "POST", self+"/interviews", score(s4.ID, 150), 400).errorField(t, domain.EINVALID, "score")
			s.call(t, ent, "POST", self+"/interviews", map[string]any{"offer_id": f.offer.ID, "student_id": s1.ID, "score": 50}, 400).
				errorField(t, domain.EINVALID, "student_id")
			s.call(t, stu1, "GET", self+"/choices", nil, 200).has(t, map[string]any{"items.0.score": 3*60 + 50})

			// The run is the department's preview until published.
			s.call(t, col, "POST", self+"/run", nil, 403)
			s.call(t, reg, "POST", self+"/publish", nil, 409).errorField(t, domain.ECONFLICT, "")
			s.call(t, reg, "POST", self+"/run", nil, 200).has(t, map[string]any{"status": "allocated", "placed": 2})
			s.call(t, stu1, "GET", self, nil, 404)
			s.call(t, col, "GET", self, nil, 200).has(t, map[string]any{"placed": 0})
			s.call(t, reg, "POST", self+"/run", nil, 200).has(t, map[string]any{"status": "allocated"}) // again, the same
			s.call(t, reg, "POST", self+"/publish", nil, 200).has(t, map[string]any{"status": "published", "placed": 2})

			// Why not higher: X's cutoff is Ким's score and lottery number.
			kim := s.call(t, mst, "GET", fmt.Sprintf("%s/results/%d", self, s4.ID), nil, 200)
			kim.has(t, map[string]any{"offer_id": x, "status": "offered", "choices.0.placed": true})
			mine := s.call(t, stu1, "GET", fmt.Sprintf("%s/results/%d", self, s1.ID), nil, 200)
			mine.has(t, map[string]any{"offer_id": y, "status": "offered", "agreement_id": nil, "student_name.last_name": s1.Name.Last,
				"choices.0.offer_id": x, "choices.0.placed": false, "choices.0.score": 3*60 + 50,
				"choices.0.cutoff.score": 3*90 + 50, "choices.0.cutoff.lottery": kim.id(t, "lottery"),
				"choices.1.offer_id": y, "choices.1.placed": true, "choices.1.cutoff": nil})
			s.call(t, stu1, "GET", fmt.Sprintf("%s/results/%d", self, s4.ID), nil, 404)
			r = s.call(t, ent, "GET", self+fmt.Sprintf("/results?offer_id=%d&placed=true", x), nil, 200)
			r.has(t, map[string]any{"total": 1, "items.0.student_id": s4.ID})
			r = s.call(t, col, "GET", self+"/results?placed=false", nil, 200)
			r.has(t, map[string]any{"total": 0})

			// Decisions.
			r = s.call(t, stu1, "POST", self+"/accept", nil, 200)
			agreementID := r.id(t, "agreement_id")
			r.has(t, map[string]any{"status": "accepted"})
			if loc := r.header.Get("Location"); loc != v1("/agreements/%d", agreementID) {
				t.Errorf("Location %q, want the agreement", loc)
			}
			s.call(t, stu1, "GET", v1("/agreements/%d", agreementID), nil, 200).
				has(t, map[string]any{"status": "draft", "student_id": s1.ID, "enterprise_id": f.enterprise.ID})
			s.call(t, stu1, "POST", self+"/accept", nil, 409).errorField(t, domain.ECONFLICT, "")
			s.call(t, stu4, "POST", self+"/decline", nil, 200).has(t, map[string]any{"status": "declined", "agreement_id": nil})

			// Closing, and the supplementary round on the seat declined.
			s.call(t, reg, "POST", self+"/close", nil, 200).has(t, map[string]any{"status": "closed"})
			r = s.call(t, reg, "POST", v1("/rounds"), body("name", "Алматы, қосымша тур", "region_id", nil, "parent_id", roundID), 201)
			r.has(t, map[string]any{"parent_id": roundID, "region_id": 75, "status": "open"})
			s.call(t, reg, "POST", v1("/rounds"), body("parent_id", roundID), 409).errorField(t, domain.ECONFLICT, "")

			n := 0
			for pattern, op := range s.c.operations() {
				if !s.c.tagged(op, "rounds") {
					continue
				}
				n++
				if !s.succeeded[op] {
					t.Errorf("the chain got no success from %s (%s)", pattern, op)
				}
			}
			if n != 14 {
				t.Errorf("the document has %d operations tagged rounds, want 14", n)
			}
		})
	}
}
