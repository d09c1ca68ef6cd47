package access_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// rounds is a small world of allocation rounds:
//   - college A in Almaty (75) with a group supervised by a teacher (student
//     "student", average 90) and another group ("studentA2", 60); college B
//     in Astana (71) ("studentB");
//   - open offers: "e" of enterprise E and "e3" of enterprise E3, both in
//     Almaty, one place each; "e2" of E2 in Astana; enterprise E4 has none;
//   - the Almaty round (opened by the region) holds e and e3, the national
//     round (opened by the ministry) e2 — e and e3 are in the live Almaty
//     round; student ranks e then e3, studentA2 ranks e.
type rounds struct {
	st                          *store.Store
	reg                         *access.Registry
	offers                      map[string]domain.Offer
	students                    map[string]domain.Student
	users                       map[string]domain.User
	almaty, national            domain.Round
	collegeA, collegeB          domain.College
	ent, ent2, ent3, ent4       domain.Enterprise
	groupCurated, groupA2, grpB domain.Group
}

func newRounds(t *testing.T, st *store.Store) *rounds {
	t.Helper()
	ctx := context.Background()
	w := &rounds{st: st, reg: access.New(st), offers: map[string]domain.Offer{}, students: map[string]domain.Student{},
		users: map[string]domain.User{}}
	w.collegeA = domain.College{BIN: complete(t, "99034000101"), Name: domain.Names{KK: "А колледжі", RU: "Колледж А"}, RegionID: 75, CityID: 1, Ownership: "state"}
	w.collegeB = domain.College{BIN: complete(t, "99034000201"), Name: domain.Names{KK: "Б колледжі", RU: "Колледж Б"}, RegionID: 71, CityID: 2, Ownership: "state"}
	must(t, st.CreateCollege(ctx, &w.collegeA), st.CreateCollege(ctx, &w.collegeB))
	for i, e := range []*domain.Enterprise{&w.ent, &w.ent2, &w.ent3, &w.ent4} {
		region, city := 75, int64(1)
		if i%2 == 1 {
			region, city = 71, 2
		}
		*e = domain.Enterprise{BIN: complete(t, "0504400"+string(rune('1'+i))+"701"), Name: domain.Names{RU: "ТОО «Предприятие»"},
			RegionID: region, CityID: city, Industry: "C"}
		must(t, st.CreateEnterprise(ctx, e))
	}
	teacher := domain.Teacher{IIN: complete(t, "85070430001"), Name: domain.PersonName{Last: "Жұмабаев", First: "Асқар"},
		CollegeID: w.collegeA.ID, Position: domain.PositionMaster}
	must(t, st.CreateTeacher(ctx, &teacher))
	const qualification = "4S06130103"
	progA := domain.Programme{CollegeID: w.collegeA.ID, SpecialtyCode: "06130100", QualificationCode: qualification, DurationMonths: 34,
		Dual: true, HoursTotal: 100, HoursPractice: 50, HoursEnterprise: 40}
	progB := progA
	progB.CollegeID = w.collegeB.ID
	must(t, st.CreateProgramme(ctx, &progA), st.CreateProgramme(ctx, &progB))
	w.groupCurated = domain.Group{CollegeID: w.collegeA.ID, ProgrammeID: progA.ID, Code: "ПО-24-1", IntakeYear: 2024, Language: "kk", CuratorID: teacher.ID}
	w.groupA2 = domain.Group{CollegeID: w.collegeA.ID, ProgrammeID: progA.ID, Code: "ПО-24-2", IntakeYear: 2024, Language: "ru"}
	w.grpB = domain.Group{CollegeID: w.collegeB.ID, ProgrammeID: progB.ID, Code: "Б-24-1", IntakeYear: 2024, Language: "kk"}
	must(t, st.CreateGroup(ctx, &w.groupCurated), st.CreateGroup(ctx, &w.groupA2), st.CreateGroup(ctx, &w.grpB))
	student := func(name, first11 string, g domain.Group, average int) {
		s := domain.Student{IIN: complete(t, first11), Name: domain.PersonName{Last: "Серікова", First: name},
			CollegeID: g.CollegeID, GroupID: g.ID, ProgrammeID: g.ProgrammeID, Funding: "state", Status: "studying",
			EnrolledOn: time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC), AcademicAverage: average}
		must(t, st.CreateStudent(ctx, &s))
		w.students[name] = s
	}
	student("student", "07031560100", w.groupCurated, 90)
	student("studentA2", "07031560200", w.groupA2, 60)
	student("studentB", "07031560300", w.grpB, 80)

	expires := time.Now().Add(24 * time.Hour)
	for name, u := range map[string]domain.User{
		"ministry":    {Role: domain.RoleMinistry},
		"region":      {Role: domain.RoleRegion, RegionID: 75},
		"region71":    {Role: domain.RoleRegion, RegionID: 71},
		"college":     {Role: domain.RoleCollege, CollegeID: w.collegeA.ID},
		"collegeB":    {Role: domain.RoleCollege, CollegeID: w.collegeB.ID},
		"teacher":     {Role: domain.RoleTeacher, CollegeID: w.collegeA.ID, TeacherID: teacher.ID},
		"enterprise":  {Role: domain.RoleEnterprise, EnterpriseID: w.ent.ID},
		"enterprise2": {Role: domain.RoleEnterprise, EnterpriseID: w.ent2.ID},
		"enterprise3": {Role: domain.RoleEnterprise, EnterpriseID: w.ent3.ID},
		"enterprise4": {Role: domain.RoleEnterprise, EnterpriseID: w.ent4.ID},
		"mentor":      {Role: domain.RoleMentor, EnterpriseID: w.ent.ID},
		"student":     {Role: domain.RoleStudent, CollegeID: w.collegeA.ID, StudentID: w.students["student"].ID},
		"studentA2":   {Role: domain.RoleStudent, CollegeID: w.collegeA.ID, StudentID: w.students["studentA2"].ID},
		"studentB":    {Role: domain.RoleStudent, CollegeID: w.collegeB.ID, StudentID: w.students["studentB"].ID},
		"auditor":     {Role: domain.RoleAuditor, RegionID: 75, ExpiresAt: expires},
		"auditorB":    {Role: domain.RoleAuditor, CollegeID: w.collegeB.ID, ExpiresAt: expires},
	} {
		u.Login = strings.ToLower(name)
		w.users[name] = testkit.NewUser(t, st, u)
	}

	offer := func(name string, e domain.Enterprise) {
		o := domain.Offer{EnterpriseID: e.ID, QualificationCode: qualification, CityID: e.CityID, Capacity: 1,
			StartsOn: time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2027, 6, 27, 0, 0, 0, 0, time.UTC),
			Weekdays: 0b111, HoursPerWeek: 24}
		must(t, st.SaveOffer(ctx, &o), st.SubmitOffer(ctx, o.ID), st.ApproveOffer(ctx, o.ID), st.OpenOffer(ctx, o.ID))
		w.offers[name] = o
	}
	offer("e", w.ent)
	offer("e3", w.ent3)
	offer("e2", w.ent2)

	w.almaty = domain.Round{Name: "Алматы, весна", RegionID: 75, MaxChoices: 10, Deadline: time.Now().Add(24 * time.Hour),
		Weights: domain.DefaultPriorityWeights}
	must(t, w.reg.OpenRound(w.as("region"), &w.almaty))
	w.national = domain.Round{Name: "Национальный тур", MaxChoices: 10, Deadline: time.Now().Add(24 * time.Hour),
		Weights: domain.DefaultPriorityWeights}
	must(t, w.reg.OpenRound(w.as("ministry"), &w.national))
	must(t, w.reg.SetChoices(w.as("student"), w.almaty.ID, w.students["student"].ID, w.ids("e", "e3")),
		w.reg.SetChoices(w.as("studentA2"), w.almaty.ID, w.students["studentA2"].ID, w.ids("e")))
	return w
}

func (w *rounds) as(user string) context.Context {
	if user == "" {
		return context.Background()
	}
	u, ok := w.users[user]
	if !ok {
		panic("no user " + user)
	}
	return testkit.As(u)
}

func (w *rounds) ids(offers ...string) []int64 {
	out := make([]int64, len(offers))
	for i, name := range offers {
		out[i] = w.offers[name].ID
	}
	return out
}

// roundUsers lists the users of the tables below, the public first.
var roundUsers = []string{"", "ministry", "region", "region71", "college", "collegeB", "teacher", "enterprise", "enterprise2",
	"enterprise3", "enterprise4", "mentor", "student", "studentA2", "studentB", "auditor", "auditorB"}

// seenRounds names the rounds a user lists, "" when refused.
func (w *rounds) seenRounds(t *testing.T, user string) string {
	t.Helper()
	l, err := w.reg.Rounds(w.as(user), domain.RoundFilter{})
	if err != nil {
		return "refused"
	}
	var names []string
	for _, r := range l.Items {
		names = append(names, w.roundName(r.ID))
		got, err := w.reg.Round(w.as(user), r.ID)
		if err != nil || got.ID != r.ID {
			t.Errorf("%s lists round %d but cannot open it: %v", user, r.ID, err)
		}
	}
	for _, r := range []domain.Round{w.almaty, w.national} {
		if !strings.Contains(strings.Join(names, " "), w.roundName(r.ID)) {
			_, err := w.reg.Round(w.as(user), r.ID)
			wantCode(t, user+" opens "+w.roundName(r.ID), err, domain.ENOTFOUND)
		}
	}
	return strings.Join(names, " ")
}

func (w *rounds) roundName(id int64) string {
	switch id {
	case w.almaty.ID:
		return "almaty"
	case w.national.ID:
		return "national"
	}
	return "?"
}

// TestRoundScopes: who reads which rounds, by list and by ID, before and
// after a run; out of scope is not found.
func TestRoundScopes(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newRounds(t, st)
		want := map[string]string{
			"": "refused", "mentor": "refused",
			"ministry": "national almaty", "region": "national almaty", "region71": "national",
			"college": "national almaty", "collegeB": "national", "teacher": "national almaty",
			"enterprise": "almaty", "enterprise2": "national", "enterprise3": "almaty", "enterprise4": "",
			"student": "national almaty", "studentA2": "national almaty", "studentB": "national",
			"auditor": "national almaty", "auditorB": "national",
		}
		for _, user := range roundUsers {
			if got := w.seenRounds(t, user); got != want[user] {
				t.Errorf("%s sees rounds %q, want %q", user, got, want[user])
			}
		}
		_, err := w.reg.Rounds(w.as(""), domain.RoundFilter{})
		wantCode(t, "public", err, domain.EUNAUTHORIZED)
		_, err = w.reg.Rounds(w.as("mentor"), domain.RoundFilter{})
		wantCode(t, "mentor", err, domain.EFORBIDDEN)
		// A filter for another region finds nothing for a region.
		if l, err := w.reg.Rounds(w.as("region71"), domain.RoundFilter{RegionID: 75}); err != nil || l.Total != 0 {
			t.Errorf("region71 asking for Almaty: %+v, %v", l, err)
		}

		// While the organiser looks at the run, students do not see the
		// round, the others see it without its figures of placement.
		must(t, w.reg.RunRound(w.as("region"), w.almaty.ID))
		want["student"], want["studentA2"] = "national", "national"
		for _, user := range []string{"student", "studentA2", "college", "enterprise"} {
			if got := w.seenRounds(t, user); got != want[user] {
				t.Errorf("after the run %s sees rounds %q, want %q", user, got, want[user])
			}
		}
		for user, placed := range map[string]int{"region": 1, "ministry": 1, "auditor": 1, "college": 0, "enterprise": 0, "teacher": 0} {
			r, err := w.reg.Round(w.as(user), w.almaty.ID)
			if err != nil || r.Placed != placed {
				t.Errorf("%s reads the run's figure %d, want %d (%v)", user, r.Placed, placed, err)
			}
		}
		must(t, w.reg.PublishRound(w.as("region"), w.almaty.ID))
		if got := w.seenRounds(t, "student"); got != "national almaty" {
			t.Errorf("after publishing the student sees %q", got)
		}
		if r, err := w.reg.Round(w.as("college"), w.almaty.ID); err != nil || r.Placed != 1 {
			t.Errorf("college after publishing: %+v, %v", r, err)
		}
	})
}

// TestRoundManagement: the ministry manages any round, a region its own;
// reading a round is not managing it.
func TestRoundManagement(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newRounds(t, st)
		reg := w.reg
		almaty, national := w.almaty.ID, w.national.ID
		open := func(user string, region int, parent int64) error {
			r := domain.Round{Name: "Ещё один тур", RegionID: region, ParentID: parent, MaxChoices: 10,
				Deadline: time.Now().Add(time.Hour), Weights: domain.DefaultPriorityWeights}
			return reg.OpenRound(w.as(user), &r)
		}
		wantKey := func(what string, err error, code, key string) {
			t.Helper()
			if e := domain.AsError(err); e.Code != code || e.Key != key {
				t.Errorf("%s: %v, want %s %s", what, err, code, key)
			}
		}
		wantKey("region opens a national round", open("region", 0, 0), domain.EFORBIDDEN, "error.round.manager")
		wantKey("region opens another region's", open("region", 71, 0), domain.EFORBIDDEN, "error.round.manager")
		wantCode(t, "college opens", open("college", 75, 0), domain.EFORBIDDEN)
		wantCode(t, "auditor opens", open("auditor", 75, 0), domain.EFORBIDDEN)
		wantCode(t, "student opens", open("student", 75, 0), domain.EFORBIDDEN)

		wantKey("region runs the national round", reg.RunRound(w.as("region"), national), domain.EFORBIDDEN, "error.round.manager")
		wantCode(t, "region71 runs Almaty's", reg.RunRound(w.as("region71"), almaty), domain.ENOTFOUND)
		wantCode(t, "college runs", reg.RunRound(w.as("college"), almaty), domain.EFORBIDDEN)
		wantCode(t, "run of an unknown round", reg.RunRound(w.as("ministry"), 424242), domain.ENOTFOUND)
		must(t, reg.RunRound(w.as("region"), almaty), reg.RunRound(w.as("ministry"), national))
		wantKey("region publishes the national round", reg.PublishRound(w.as("region"), national), domain.EFORBIDDEN, "error.round.manager")
		must(t, reg.PublishRound(w.as("region"), almaty))
		wantCode(t, "region71 closes Almaty's", reg.CloseRound(w.as("region71"), almaty), domain.ENOTFOUND)
		must(t, reg.CloseRound(w.as("region"), almaty))

		// The supplementary round follows its parent's organiser.
		wantKey("region71 supplements Almaty's", open("region71", 71, almaty), domain.EINVALID, "error.round.parent")
		r := domain.Round{Name: "Дополнительный тур", ParentID: almaty, MaxChoices: 10, Deadline: time.Now().Add(time.Hour),
			Weights: domain.DefaultPriorityWeights}
		must(t, reg.OpenRound(w.as("region"), &r))
		if r.RegionID != 75 {
			t.Errorf("supplementary round of region %d", r.RegionID)
		}
	})
}

// TestRoundStudentsAndEnterprises: a student ranks, reads, accepts and
// declines only for themself; an enterprise interviews at its own offers
// and reads only what concerns them; colleges and teachers read their
// students' results; nobody but the organiser sees a run before it is
// published.
func TestRoundStudentsAndEnterprises(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newRounds(t, st)
		reg := w.reg
		almaty := w.almaty.ID
		student, studentA2, studentB := w.students["student"].ID, w.students["studentA2"].ID, w.students["studentB"].ID

		wantCode(t, "student ranks for another", reg.SetChoices(w.as("student"), almaty, studentA2, w.ids("e")), domain.ENOTFOUND)
		wantCode(t, "studentB ranks in Almaty's round", reg.SetChoices(w.as("studentB"), almaty, studentB, w.ids("e")), domain.ENOTFOUND)
		wantCode(t, "enterprise ranks", reg.SetChoices(w.as("enterprise"), almaty, student, w.ids("e")), domain.EFORBIDDEN)
		wantCode(t, "college ranks", reg.SetChoices(w.as("college"), almaty, student, w.ids("e")), domain.EFORBIDDEN)

		iv := domain.Interview{RoundID: almaty, OfferID: w.offers["e"].ID, StudentID: studentA2, Score: 100}
		wantCode(t, "enterprise3 interviews at E's offer", reg.SetInterview(w.as("enterprise3"), iv), domain.ENOTFOUND)
		wantCode(t, "enterprise2 interviews in Almaty's round", reg.SetInterview(w.as("enterprise2"), iv), domain.ENOTFOUND)
		wantCode(t, "region interviews", reg.SetInterview(w.as("region"), iv), domain.EFORBIDDEN)
		must(t, reg.SetInterview(w.as("enterprise"), iv))

		// Results by role before the run.
		results := func(user string, f domain.ResultFilter) (map[string]domain.RoundResult, error) {
			l, err := reg.Results(w.as(user), almaty, f)
			out := map[string]domain.RoundResult{}
			for _, res := range l.Items {
				out[res.Student.First] = res
			}
			return out, err
		}
		names := func(m map[string]domain.RoundResult) string {
			var out []string
			for _, n := range []string{"student", "studentA2", "studentB"} {
				if _, ok := m[n]; ok {
					out = append(out, n)
				}
			}
			return strings.Join(out, " ")
		}
		for user, want := range map[string]string{
			"ministry": "student studentA2", "region": "student studentA2", "college": "student studentA2",
			"teacher": "student", "enterprise": "student studentA2", "enterprise3": "student", "auditor": "student studentA2",
		} {
			got, err := results(user, domain.ResultFilter{})
			if err != nil || names(got) != want {
				t.Errorf("%s reads the results of %q, want %q (%v)", user, names(got), want, err)
			}
		}
		for _, user := range []string{"collegeB", "enterprise2", "enterprise4", "region71", "auditorB"} {
			_, err := results(user, domain.ResultFilter{})
			wantCode(t, user+" reads Almaty's results", err, domain.ENOTFOUND)
		}
		_, err := results("student", domain.ResultFilter{})
		wantCode(t, "a student lists results", err, domain.EFORBIDDEN)
		// An enterprise filtering by another's offer finds nothing.
		if got, err := results("enterprise3", domain.ResultFilter{OfferID: w.offers["e"].ID}); err != nil || len(got) != 0 {
			t.Errorf("enterprise3 filtering by E's offer: %v, %v", names(got), err)
		}

		must(t, reg.RunRound(w.as("region"), almaty))
		// studentA2 wins e by the interview: 7×60 + 3×100 + 50 = 770 >
		// 7×90 + 50 = 680; student gets e3.
		for user, wantOffer := range map[string]string{"region": "e3", "auditor": "e3", "ministry": "e3", "college": "", "teacher": "", "enterprise3": ""} {
			got, _ := results(user, domain.ResultFilter{})
			res := got["student"]
			if (wantOffer == "") != (res.OfferID == 0) || (wantOffer != "" && res.OfferID != w.offers[wantOffer].ID) {
				t.Errorf("%s sees student's placement %d before publishing, want %q", user, res.OfferID, wantOffer)
			}
			for _, c := range res.Choices {
				if (c.HasCutoff || c.Placed) && wantOffer == "" {
					t.Errorf("%s sees the run's cutoffs before publishing: %+v", user, c)
				}
			}
		}
		offers, err := reg.RoundOffers(w.as("college"), almaty, domain.RoundOfferFilter{})
		if err != nil || offers.Total != 2 || offers.Items[0].Filled != 0 || offers.Items[0].HasCutoff {
			t.Errorf("college reads the offers before publishing: %+v, %v", offers, err)
		}
		offers, err = reg.RoundOffers(w.as("region"), almaty, domain.RoundOfferFilter{})
		if err != nil || offers.Items[0].Filled != 1 || !offers.Items[0].HasCutoff {
			t.Errorf("region reads the offers before publishing: %+v, %v", offers, err)
		}
		_, err = reg.Result(w.as("student"), almaty, student)
		wantCode(t, "student's result before publishing", err, domain.ENOTFOUND)
		if res, err := reg.Result(w.as("college"), almaty, student); err != nil || res.OfferID != 0 || res.Choices[0].HasCutoff {
			t.Errorf("college reads student's result before publishing: %+v, %v", res, err)
		}
		if res, err := reg.Result(w.as("region"), almaty, student); err != nil || res.OfferID != w.offers["e3"].ID {
			t.Errorf("region reads student's result before publishing: %+v, %v", res, err)
		}

		must(t, reg.PublishRound(w.as("region"), almaty))
		res, err := reg.Result(w.as("student"), almaty, student)
		if err != nil || res.OfferID != w.offers["e3"].ID || len(res.Choices) != 2 || !res.Choices[0].HasCutoff ||
			res.Choices[0].CutoffScore != 770 || res.Choices[0].Score != 680 {
			t.Errorf("student's own result: %+v, %v", res, err)
		}
		for user, ok := range map[string]bool{"studentA2": false, "studentB": false, "teacher": true, "college": true,
			"collegeB": false, "region": true, "region71": false, "enterprise": true, "enterprise2": false, "auditor": true, "auditorB": false} {
			_, err := reg.Result(w.as(user), almaty, student)
			if (err == nil) != ok || (err != nil && domain.ErrorCode(err) != domain.ENOTFOUND) {
				t.Errorf("%s reads student's result: %v, want readable %v", user, err, ok)
			}
		}
		_, err = reg.Result(w.as("teacher"), almaty, studentA2)
		wantCode(t, "teacher reads a student of another group", err, domain.ENOTFOUND)
		// An enterprise reads only its own offers in a student's list, and
		// a placement only at one of them.
		res, err = reg.Result(w.as("enterprise"), almaty, student)
		if err != nil || len(res.Choices) != 1 || res.Choices[0].OfferID != w.offers["e"].ID || res.OfferID != 0 {
			t.Errorf("enterprise reads student's result: %+v, %v", res, err)
		}
		res, err = reg.Result(w.as("enterprise3"), almaty, student)
		if err != nil || len(res.Choices) != 1 || res.OfferID != w.offers["e3"].ID || res.Status != domain.PlacementOffered {
			t.Errorf("enterprise3 reads student's result: %+v, %v", res, err)
		}
		_, err = reg.Result(w.as("enterprise3"), almaty, studentA2)
		wantCode(t, "enterprise3 reads a student who did not rank its offer", err, domain.ENOTFOUND)

		// Accepting and declining are the student's own.
		_, err = reg.AcceptPlacement(w.as("studentA2"), almaty, student)
		wantCode(t, "studentA2 accepts for student", err, domain.ENOTFOUND)
		_, err = reg.AcceptPlacement(w.as("college"), almaty, student)
		wantCode(t, "college accepts", err, domain.EFORBIDDEN)
		wantCode(t, "enterprise declines", reg.DeclinePlacement(w.as("enterprise"), almaty, studentA2), domain.EFORBIDDEN)
		id, err := reg.AcceptPlacement(w.as("student"), almaty, student)
		if err != nil || id == 0 {
			t.Fatalf("student accepts: %d, %v", id, err)
		}
		if a, err := reg.Agreement(w.as("student"), id); err != nil || a.Status != domain.AgreementDraft || a.EnterpriseID != w.ent3.ID {
			t.Errorf("the agreement of the placement: %+v, %v", a, err)
		}
		must(t, reg.DeclinePlacement(w.as("studentA2"), almaty, studentA2))
	})
}
