package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// answersOf answers every item of an area with that area's value.
func answersOf(perArea [6]int) domain.Answers {
	var a domain.Answers
	for i := range domain.GuidanceItems {
		a.Set(i, perArea[i/domain.ItemsPerArea])
	}
	return a
}

func TestGuidanceReferenceLoaded(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		items, err := st.GuidanceItems(ctx)
		if err != nil || len(items) != domain.GuidanceItems {
			t.Fatalf("items: %d, %v", len(items), err)
		}
		if items[0].ID != "R01" || items[1].ID != "I01" || items[0].Text.KK != "Ас үй шкафтарын жасау" || items[59].ID != "C10" {
			t.Errorf("items out of the test's order: %+v %+v", items[0], items[1])
		}
		profiles, err := st.GuidanceProfiles(ctx)
		if err != nil || len(profiles) != 102 {
			t.Fatalf("profiles: %d, %v", len(profiles), err)
		}
	})
}

// TestGuidanceAttempt takes a test as a browser would: some answers, a
// reload, the rest; finishing early names the first item missing, and a
// finished test keeps its answers.
func TestGuidanceAttempt(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, err := st.StartGuidance(ctx, "", 1)
		if err != nil || len(a.ID) != 26 || a.CityID != 1 {
			t.Fatalf("start: %+v, %v", a, err)
		}
		full := answersOf([6]int{4, 3, 0, 1, 2, 3})
		var firstPage domain.Answers
		for p := range domain.ItemsPerPage {
			i := domain.ItemAtPosition(p)
			v, _ := full.Answer(i)
			firstPage.Set(i, v)
		}
		if _, err := st.AnswerGuidance(ctx, a.ID, firstPage); err != nil {
			t.Fatal(err)
		}
		// The reload reads what was kept.
		again, err := st.GuidanceAttempt(ctx, a.ID)
		if err != nil || again.Answers.Count() != domain.ItemsPerPage || again.Finished() {
			t.Fatalf("reload: %d answers, %v", again.Answers.Count(), err)
		}
		_, err = st.FinishGuidance(ctx, a.ID)
		if e := domain.AsError(err); e.Key != "error.guidance.answer_missing" || e.Params["number"] != "11" || e.Params["missing"] != "50" {
			t.Fatalf("finish early: %v %+v", err, e.Params)
		}
		// Answers not given keep the stored ones: the second save sends
		// the rest only.
		var rest domain.Answers
		for i := range domain.GuidanceItems {
			if _, ok := firstPage.Answer(i); !ok {
				v, _ := full.Answer(i)
				rest.Set(i, v)
			}
		}
		if got, err := st.AnswerGuidance(ctx, a.ID, rest); err != nil || got.Answers != full {
			t.Fatalf("second save: %v", err)
		}
		done, err := st.FinishGuidance(ctx, a.ID)
		if err != nil || done.Scores != (domain.Scores{40, 30, 0, 10, 20, 30}) || done.Code != "RIC" || len(done.ResultID) != 26 || done.ResultID == a.ID {
			t.Fatalf("finish: %+v, %v", done, err)
		}
		if again, err := st.FinishGuidance(ctx, a.ID); err != nil || again.ResultID != done.ResultID {
			t.Errorf("finishing twice: %v, %s", err, again.ResultID)
		}
		if _, err := st.AnswerGuidance(ctx, a.ID, firstPage); domain.AsError(err).Key != "error.guidance.finished" {
			t.Errorf("answers after the finish: %v", err)
		}
		shared, err := st.GuidanceResult(ctx, done.ResultID)
		if err != nil || shared.Scores != done.Scores || shared.Code != "RIC" {
			t.Errorf("the shared result: %+v, %v", shared, err)
		}
		if _, err := st.GuidanceResult(ctx, a.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("the test's secret key opens its results: %v", err)
		}
		if _, err := st.StartGuidance(ctx, "", 999); domain.AsError(err).Field != "city_id" {
			t.Errorf("an unknown city: %v", err)
		}
		if _, err := st.StartGuidance(ctx, "NOPE22", 0); domain.AsError(err).Key != "error.guidance.session_unknown" {
			t.Errorf("an unknown join code: %v", err)
		}
		if _, err := st.CreateGuidanceResult(ctx, firstPage, 0); domain.AsError(err).Key != "error.guidance.answer_missing" {
			t.Errorf("one-step result with answers missing: %v", err)
		}
	})
}

// guidanceWorld is a small registry for recommendations: a college in
// Almaty teaching software development (a dual programme) and cooking,
// another in Astana teaching software development, with seats of the 2025
// intake, an open offer and a training order in Almaty.
type guidanceWorld struct {
	almaty, astana domain.College
	enterprise     domain.Enterprise
}

func newGuidanceWorld(t *testing.T, st *store.Store) guidanceWorld {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t, st) // Almaty: 4S06130103, dual, 2,000 practice hours of 5,760, 1,400 at the enterprise
	w := guidanceWorld{almaty: f.college, enterprise: f.enterprise}
	w.astana = domain.College{BIN: bin(t, "99034000202"), Name: domain.Names{KK: "Астана IT колледжі", RU: "Астанинский IT колледж", EN: "Astana IT College"},
		RegionID: 71, CityID: 2, Ownership: domain.OwnershipState, Address: "Астана, Мәңгілік Ел 1"}
	if err := st.CreateCollege(ctx, &w.astana); err != nil {
		t.Fatal(err)
	}
	for _, p := range []domain.Programme{
		{CollegeID: w.astana.ID, SpecialtyCode: "06130100", QualificationCode: "4S06130103", DurationMonths: 34, HoursTotal: 4320, HoursPractice: 1440, HoursEnterprise: 288},
		{CollegeID: w.almaty.ID, SpecialtyCode: "10130300", QualificationCode: "3W10130302", DurationMonths: 22, HoursTotal: 2880, HoursPractice: 1200, HoursEnterprise: 400},
	} {
		if err := st.CreateProgramme(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []domain.StateSeats{
		{CollegeID: w.almaty.ID, QualificationCode: "4S06130103", Year: 2025, Source: domain.SeatLocal, Seats: 25},
		{CollegeID: w.almaty.ID, QualificationCode: "4S06130103", Year: 2024, Source: domain.SeatLocal, Seats: 99}, // an older intake
		{CollegeID: w.astana.ID, QualificationCode: "4S06130103", Year: 2025, Source: domain.SeatRepublican, Seats: 30},
		{CollegeID: w.almaty.ID, QualificationCode: "3W10130302", Year: 2025, Source: domain.SeatLocal, Seats: 15},
	} {
		if err := st.SetSeats(ctx, &s); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	days := domain.Weekdays(0).With(time.Monday).With(time.Tuesday).With(time.Wednesday)
	if err := st.InsertOffers(ctx, []domain.Offer{
		{ID: 1, EnterpriseID: w.enterprise.ID, QualificationCode: "4S06130103", CityID: 1, Capacity: 6, StartsOn: start,
			EndsOn: start.AddDate(1, 0, 0), Weekdays: days, HoursPerWeek: 24, Status: domain.OfferOpen},
		{ID: 2, EnterpriseID: w.enterprise.ID, QualificationCode: "4S06130103", CityID: 1, Capacity: 50, StartsOn: start,
			EndsOn: start.AddDate(1, 0, 0), Weekdays: days, HoursPerWeek: 24, Status: domain.OfferDraft}, // not open: no demand
	}); err != nil {
		t.Fatal(err)
	}
	o := domain.TrainingOrder{EnterpriseID: w.enterprise.ID, RegionID: 75, QualificationCode: "3W10130302", Year: 2025, Graduates: 4}
	if err := st.SaveTrainingOrder(domain.WithActor(ctx, domain.System), &o); err != nil {
		t.Fatal(err)
	}
	if err := st.RefreshGuidance(ctx); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestGuidanceRecommendations(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newGuidanceWorld(t, st)
		// An investigative, conventional, realistic pupil in Almaty.
		scores := domain.Scores{28, 36, 6, 10, 8, 30}
		recs, err := st.GuidanceRecommendations(ctx, scores, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 2 {
			t.Fatalf("want the two qualifications taught, got %d", len(recs))
		}
		dev, cook := recs[0], recs[1]
		if dev.Code != "4S06130103" || dev.Profile.Interest != "ICR" || dev.Profile.ISCOCode != "2512" || cook.Code != "3W10130302" {
			t.Fatalf("order: %s (%s), %s", dev.Code, dev.Profile.Interest, cook.Code)
		}
		if dev.Fit <= cook.Fit || dev.Score != domain.RankScore(dev.Fit, dev.DemandScore) {
			t.Errorf("fit: developer %.2f, cook %.2f", dev.Fit, cook.Fit)
		}
		// Almaty's demand: the open offer's 6 places (not the draft's 50)
		// and the 25 seats of 2025 (not 2024's); the cook: 4 ordered and
		// 15 seats.
		if dev.Demand != (domain.Demand{OfferPlaces: 6, Seats: 25, FreeSeats: 25}) {
			t.Errorf("developer demand in Almaty: %+v", dev.Demand)
		}
		if cook.Demand != (domain.Demand{OrderedPlaces: 4, Seats: 15, FreeSeats: 15}) {
			t.Errorf("cook demand in Almaty: %+v", cook.Demand)
		}
		if len(dev.Colleges) != 2 || dev.Colleges[0].CollegeID != w.almaty.ID || dev.Colleges[1].CollegeID != w.astana.ID {
			t.Fatalf("colleges from Almaty: %+v", dev.Colleges)
		}
		near, far := dev.Colleges[0], dev.Colleges[1]
		if near.DistanceKm != 0 || far.DistanceKm < 950 || far.DistanceKm > 1000 || far.City.EN != "Astana" {
			t.Errorf("distances: %.0f, %.0f km", near.DistanceKm, far.DistanceKm)
		}
		if !near.Dual || near.EnterpriseShare != 0.7 || near.Employers != 1 || near.EmployerNames[0].RU != "ТОО «Алматы Энерго Сервис»" ||
			near.Seats != 25 || near.Year != 2025 {
			t.Errorf("the Almaty college: %+v", near)
		}
		if far.Dual || far.Employers != 0 || far.Seats != 30 {
			t.Errorf("the Astana college: %+v", far)
		}
		// From Astana the order of the colleges turns round.
		fromAstana, err := st.GuidanceRecommendations(ctx, scores, 2)
		if err != nil || fromAstana[0].Colleges[0].CollegeID != w.astana.ID {
			t.Fatalf("from Astana: %v", err)
		}
		// Without a city: the country's demand and no distances.
		national, err := st.GuidanceRecommendations(ctx, scores, 0)
		if err != nil || national[0].Demand.Seats != 55 || national[0].Colleges[0].DistanceKm != -1 {
			t.Errorf("nationally: %+v, %v", national[0].Demand, err)
		}
		// An artistic-social-enterprising pupil: the cook (RAE) comes first.
		if recs, _ := st.GuidanceRecommendations(ctx, domain.Scores{20, 2, 38, 10, 25, 4}, 1); recs[0].Code != "3W10130302" {
			t.Errorf("an artistic pupil gets %s first", recs[0].Code)
		}
		if _, err := st.GuidanceRecommendations(ctx, scores, 4242); domain.AsError(err).Field != "city_id" {
			t.Errorf("an unknown city: %v", err)
		}
	})
}

// TestGuidanceSessions runs a class: a counsellor's session, pupils joining
// by its code, the summary hidden under five finished tests and shown from
// five, a closed session refusing newcomers, and the audit log.
func TestGuidanceSessions(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		u := testkit.NewUser(t, st, domain.User{Role: domain.RoleCollege, CollegeID: f.college.ID})
		ctx := testkit.As(u)
		if err := st.SaveGuidanceSession(ctx, &domain.GuidanceSession{Title: " "}); domain.AsError(err).Field != "title" {
			t.Errorf("a session without a title: %v", err)
		}
		g := domain.GuidanceSession{Title: "9 «Б», школа № 12", OwnerID: u.ID, CollegeID: f.college.ID}
		if err := st.SaveGuidanceSession(ctx, &g); err != nil || len(g.JoinCode) != domain.JoinCodeLength {
			t.Fatalf("create: %+v, %v", g, err)
		}
		pupil := func(perArea [6]int) {
			t.Helper()
			a, err := st.StartGuidance(context.Background(), strings.ToLower(g.JoinCode[:3])+"-"+g.JoinCode[3:], 0)
			if err != nil || a.SessionID != g.ID {
				t.Fatalf("join: %+v, %v", a, err)
			}
			if _, err := st.AnswerGuidance(context.Background(), a.ID, answersOf(perArea)); err != nil {
				t.Fatal(err)
			}
			if _, err := st.FinishGuidance(context.Background(), a.ID); err != nil {
				t.Fatal(err)
			}
		}
		for range 4 {
			pupil([6]int{4, 3, 1, 0, 0, 2})
		}
		// A pupil who started and did not finish counts as started only.
		if _, err := st.StartGuidance(context.Background(), g.JoinCode, 0); err != nil {
			t.Fatal(err)
		}
		sum, err := st.GuidanceSummary(ctx, g.ID)
		if err != nil || !sum.Suppressed || sum.Session.Finished != 4 || sum.Session.Started != 5 || len(sum.Areas) != 0 {
			t.Fatalf("four finished: %+v, %v", sum, err)
		}
		pupil([6]int{0, 1, 4, 3, 2, 0})
		sum, err = st.GuidanceSummary(ctx, g.ID)
		if err != nil || sum.Suppressed || sum.Session.Finished != 5 {
			t.Fatalf("five finished: %+v, %v", sum, err)
		}
		if len(sum.Codes) != 0 || sum.OtherCodes != 5 {
			t.Errorf("four RIC and one ASE are each under five: %+v", sum.Codes)
		}
		if sum.Areas[0].Mean != 32 || sum.Areas[0].Bins[4] != 4 || sum.Areas[0].Bins[0] != 1 {
			t.Errorf("realistic: %+v", sum.Areas[0])
		}
		g.Closed, g.Title = true, "9 «Б» (закрыт)"
		if err := st.SaveGuidanceSession(ctx, &g); err != nil {
			t.Fatal(err)
		}
		if _, err := st.StartGuidance(context.Background(), g.JoinCode, 0); domain.AsError(err).Key != "error.guidance.session_closed" {
			t.Errorf("joining a closed session: %v", err)
		}
		mine, err := st.GuidanceSessions(ctx, u.ID)
		if err != nil || len(mine) != 1 || mine[0].Title != "9 «Б» (закрыт)" || !mine[0].Closed || mine[0].Finished != 5 {
			t.Errorf("the counsellor's sessions: %+v, %v", mine, err)
		}
		log, err := st.Audit(ctx, domain.AuditFilter{RecordType: "guidance_session"})
		if err != nil || log.Total != 2 || log.Items[0].Action != "update" || log.Items[0].Login != u.Login || log.Items[1].Action != "create" {
			t.Errorf("audit: %+v, %v", log.Items, err)
		}
	})
}
