package store_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// roundWorld is a small region for allocation rounds:
//   - the fixture's college in Almaty (region 75) with the dual programme
//     for software developers (4S06130103), a dual programme for web
//     designers (3W06130102) and a developers' programme that is not
//     dual; a college in Astana (71) with the developers' programme;
//   - open offers of the fixture's enterprise in Almaty: "first" (1 place),
//     "second" (2 places, one already taken by an accepted application),
//     "reserved" (1, for targeted training), "web" (1, web designers),
//     "spare" (1); an open offer "astana" (1) of an Astana enterprise; a
//     draft offer;
//   - developers ainur (average 90), bota (80), daniyar (70), erlan (60),
//     gulnara (50) and targeted (40, holding a targeted-training contract
//     with the fixture's enterprise) in Almaty;
//     web (75) a web designer; nondual (95) in the programme that is not
//     dual, who takes part in rounds as anyone may apply to an offer;
//     placed, whose application to "second" was accepted (a draft
//     agreement); astana (85) in Astana.
type roundWorld struct {
	st       *store.Store
	f        fixture
	now      time.Time
	offers   map[string]domain.Offer
	students map[string]domain.Student
}

func newRoundWorld(t *testing.T, st *store.Store) *roundWorld {
	t.Helper()
	ctx := context.Background()
	w := &roundWorld{st: st, f: newFixture(t, st), now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		offers: map[string]domain.Offer{}, students: map[string]domain.Student{}}
	st.Now = func() time.Time { return w.now }
	f := w.f
	collegeB := domain.College{BIN: bin(t, "99034000201"), Name: domain.Names{KK: "Астана колледжі", RU: "Астанинский колледж"}, RegionID: 71, CityID: astana,
		Ownership: domain.OwnershipState, Address: "Астана"}
	entB := domain.Enterprise{BIN: bin(t, "05044000801"), Name: domain.Names{RU: "ТОО «Астана Софт»"}, RegionID: 71, CityID: astana, Industry: "J"}
	mustDo(t, st.CreateCollege(ctx, &collegeB), st.CreateEnterprise(ctx, &entB))
	programme := func(college int64, qualification string, dual bool) (domain.Programme, domain.Group) {
		p := domain.Programme{CollegeID: college, SpecialtyCode: "06130100", QualificationCode: qualification, DurationMonths: 34,
			Dual: dual, HoursTotal: 5760, HoursPractice: 2000, HoursEnterprise: 1400}
		mustDo(t, st.CreateProgramme(ctx, &p))
		g := domain.Group{CollegeID: college, ProgrammeID: p.ID, Code: fmt.Sprintf("Г-%d", p.ID), IntakeYear: 2024, Language: "ru"}
		mustDo(t, st.CreateGroup(ctx, &g))
		return p, g
	}
	_, groupB := programme(collegeB.ID, "4S06130103", true)
	_, groupWeb := programme(f.college.ID, "3W06130102", true)
	_, groupND := programme(f.college.ID, "4S06130103", false)

	serial := 0
	student := func(name string, g domain.Group, average int, funding string) {
		serial++
		s := f.student(t, serial, "Студент", name)
		s.GroupID, s.ProgrammeID, s.CollegeID, s.EnterpriseID = g.ID, g.ProgrammeID, g.CollegeID, 0
		s.AcademicAverage, s.Funding = average, funding
		mustDo(t, st.CreateStudent(ctx, &s))
		w.students[name] = s
	}
	for _, s := range []struct {
		name    string
		average int
	}{{"ainur", 90}, {"bota", 80}, {"daniyar", 70}, {"erlan", 60}, {"gulnara", 50}, {"placed", 99}} {
		student(s.name, f.group, s.average, domain.FundingState)
	}
	student("targeted", f.group, 40, domain.FundingTargeted)
	// Its targeted-training contract with the fixture's enterprise opens
	// the enterprise's reserved offer to it (and to nobody else).
	order := domain.TrainingOrder{EnterpriseID: f.enterprise.ID, RegionID: 75, QualificationCode: "4S06130103", Year: f.group.IntakeYear, Graduates: 3}
	mustDo(t, st.SaveTrainingOrder(ctx, &order))
	contract := domain.TargetedContract{OrderID: order.ID, StudentID: w.students["targeted"].ID, Number: "ЦП-2023/7",
		SignedOn: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC), TuitionCost: 900_000}
	mustDo(t, st.CreateTargetedContract(ctx, &contract))
	student("web", groupWeb, 75, domain.FundingState)
	student("nondual", groupND, 95, domain.FundingState)
	student("astana", groupB, 85, domain.FundingState)

	offer := func(name string, e domain.Enterprise, capacity int, change func(*domain.Offer)) {
		o := f.offer(e.CityID, capacity)
		o.EnterpriseID = e.ID
		if change != nil {
			change(&o)
		}
		publish(t, st, &o)
		w.offers[name] = o
	}
	offer("first", f.enterprise, 1, nil)
	offer("second", f.enterprise, 2, nil)
	offer("reserved", f.enterprise, 1, func(o *domain.Offer) { o.Reserved = true })
	offer("web", f.enterprise, 1, func(o *domain.Offer) { o.QualificationCode = "3W06130102" })
	offer("spare", f.enterprise, 1, nil)
	offer("astana", entB, 1, nil)
	draft := f.offer(almaty, 5)
	mustDo(t, st.SaveOffer(ctx, &draft))
	w.offers["draft"] = draft

	ap := domain.Application{OfferID: w.offers["second"].ID, StudentID: w.students["placed"].ID}
	mustDo(t, st.Apply(ctx, &ap))
	if _, err := st.AcceptApplication(ctx, ap.ID); err != nil {
		t.Fatal(err)
	}
	return w
}

func mustDo(t testing.TB, errs ...error) {
	t.Helper()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// round is a valid round of region (0: national) with the default weights.
func (w *roundWorld) round(region int) domain.Round {
	return domain.Round{Name: "Весенний тур 2026", RegionID: region, MaxChoices: 10, Deadline: w.now.AddDate(0, 0, 14),
		Weights: domain.DefaultPriorityWeights}
}

func (w *roundWorld) open(t *testing.T, r *domain.Round) {
	t.Helper()
	mustDo(t, w.st.OpenRound(context.Background(), r))
}

// rank saves a student's list of the named offers.
func (w *roundWorld) rank(t *testing.T, roundID int64, student string, offers ...string) {
	t.Helper()
	mustDo(t, w.st.SetChoices(context.Background(), roundID, w.students[student].ID, w.ids(offers...)))
}

func (w *roundWorld) ids(offers ...string) []int64 {
	ids := make([]int64, len(offers))
	for i, name := range offers {
		ids[i] = w.offers[name].ID
	}
	return ids
}

// nameOf is the name of an offer of the world, "" for none.
func (w *roundWorld) nameOf(id int64) string {
	for name, o := range w.offers {
		if o.ID == id {
			return name
		}
	}
	return ""
}

// roundOffers reads every offer of a round by name.
func (w *roundWorld) roundOffers(t *testing.T, roundID int64) map[string]domain.RoundOffer {
	t.Helper()
	list, err := w.st.RoundOffers(context.Background(), roundID, domain.RoundOfferFilter{Page: domain.Page{Size: domain.MaxPageSize}})
	mustDo(t, err)
	out := map[string]domain.RoundOffer{}
	for _, ro := range list.Items {
		out[w.nameOf(ro.OfferID)] = ro
	}
	if len(out) != list.Total {
		t.Fatalf("round offers: %d of %d", len(out), list.Total)
	}
	return out
}

// TestStudentAcademicAverage: the average the priority formula weighs is
// kept with the student, 0 to 100.
func TestStudentAcademicAverage(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		s := f.student(t, 1, "Серікова", "Аружан")
		s.AcademicAverage = 101
		e := wantKey(t, st.CreateStudent(ctx, &s), domain.EINVALID, "academic_average", "error.student.academic_average")
		if e.Params["max"] != "100" {
			t.Fatalf("params %v", e.Params)
		}
		s.AcademicAverage = 87
		mustDo(t, st.CreateStudent(ctx, &s))
		loaded := f.student(t, 2, "Әлиева", "Дана")
		loaded.ID, loaded.AcademicAverage = 900, 64
		mustDo(t, st.InsertStudents(ctx, []domain.Student{loaded}))
		for id, want := range map[int64]int{s.ID: 87, 900: 64} {
			if got, err := st.Student(ctx, id); err != nil || got.AcademicAverage != want {
				t.Fatalf("student %d: average %d, %v", id, got.AcademicAverage, err)
			}
		}
	})
}

func TestOpenRound(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newRoundWorld(t, st)
		for _, c := range []struct {
			field, key string
			change     func(r *domain.Round)
		}{
			{"name", "error.round.name", func(r *domain.Round) { r.Name = "  " }},
			{"max_choices", "error.round.choices", func(r *domain.Round) { r.MaxChoices = 5 }},
			{"deadline", "error.date.required", func(r *domain.Round) { r.Deadline = time.Time{} }},
			{"deadline", "error.round.deadline_past", func(r *domain.Round) { r.Deadline = w.now.Add(-time.Hour) }},
			{"weights", "error.round.weights", func(r *domain.Round) { r.Weights = domain.PriorityWeights{} }},
			{"weights", "error.round.weights", func(r *domain.Round) { r.Weights.Academic = 101 }},
			{"region_id", "error.region.unknown", func(r *domain.Round) { r.RegionID = 99 }},
			{"parent_id", "error.round.parent", func(r *domain.Round) { r.ParentID = 4242 }},
		} {
			r := w.round(75)
			c.change(&r)
			wantKey(t, st.OpenRound(ctx, &r), domain.EINVALID, c.field, c.key)
		}
		// East Kazakhstan has no open offer.
		none := w.round(63)
		wantKey(t, st.OpenRound(ctx, &none), domain.ECONFLICT, "", "error.round.no_offers")

		r := w.round(75)
		w.open(t, &r)
		got, err := st.Round(ctx, r.ID)
		// Seats: one place of "second" is taken by the accepted application.
		if err != nil || got.Status != domain.RoundOpen || got.RegionID != 75 || got.Offers != 5 || got.Seats != 5 ||
			got.Students != 0 || got.Placed != 0 || !got.Deadline.Equal(r.Deadline) || got.Weights != domain.DefaultPriorityWeights {
			t.Fatalf("opened round %+v: %v", got, err)
		}
		offers := w.roundOffers(t, r.ID)
		if len(offers) != 5 || offers["second"].Capacity != 1 || offers["first"].Capacity != 1 || !offers["reserved"].Reserved ||
			offers["first"].Reserved || offers["first"].HasCutoff || offers["first"].Offer.Enterprise.RU != w.f.enterprise.Name.RU {
			t.Fatalf("round offers: %+v", offers)
		}

		// Lotteries: the eligible students of the region, of a dual
		// programme or not, numbered 1..n in some order; nobody else.
		var lotteries []int
		for _, name := range []string{"ainur", "bota", "daniyar", "erlan", "gulnara", "targeted", "web", "nondual"} {
			res, err := st.Result(ctx, r.ID, w.students[name].ID)
			if err != nil || res.Lottery < 1 || len(res.Choices) != 0 || res.OfferID != 0 || res.Student.First != name {
				t.Fatalf("%s: %+v, %v", name, res, err)
			}
			lotteries = append(lotteries, res.Lottery)
		}
		slices.Sort(lotteries)
		if !slices.Equal(lotteries, []int{1, 2, 3, 4, 5, 6, 7, 8}) {
			t.Fatalf("lotteries %v", lotteries)
		}
		// Placed has a live agreement; astana studies in another region.
		for _, name := range []string{"placed", "astana"} {
			_, err := st.Result(ctx, r.ID, w.students[name].ID)
			wantCode(t, err, domain.ENOTFOUND, "")
		}

		// A national round opened meanwhile leaves the offers of the live
		// regional round alone: it gets Astana's offer and students.
		national := w.round(0)
		w.open(t, &national)
		offers = w.roundOffers(t, national.ID)
		if len(offers) != 1 || offers["astana"].Capacity != 1 {
			t.Fatalf("national round offers: %+v", offers)
		}
		if _, err := st.Result(ctx, national.ID, w.students["astana"].ID); err != nil {
			t.Fatal(err)
		}
		// Only developers: the web designer has no offer in it.
		_, err = st.Result(ctx, national.ID, w.students["web"].ID)
		wantCode(t, err, domain.ENOTFOUND, "")

		list, err := st.Rounds(ctx, domain.RoundFilter{RegionID: 75})
		if err != nil || list.Total != 2 || list.Items[0].ID != national.ID || list.Items[1].ID != r.ID {
			t.Fatalf("rounds concerning Almaty: %+v, %v", list, err)
		}
		list, err = st.Rounds(ctx, domain.RoundFilter{RegionID: 71, Statuses: []domain.RoundStatus{domain.RoundOpen}})
		if err != nil || list.Total != 1 || list.Items[0].ID != national.ID {
			t.Fatalf("rounds concerning Astana: %+v, %v", list, err)
		}
		list, err = st.Rounds(ctx, domain.RoundFilter{EnterpriseID: w.f.enterprise.ID})
		if err != nil || list.Total != 1 || list.Items[0].ID != r.ID {
			t.Fatalf("rounds with the enterprise's offers: %+v, %v", list, err)
		}
		_, err = st.Rounds(ctx, domain.RoundFilter{Status: "finished"})
		wantKey(t, err, domain.EINVALID, "status", "error.round.status")
		_, err = st.Round(ctx, 4242)
		wantCode(t, err, domain.ENOTFOUND, "")

		log, err := st.Audit(ctx, domain.AuditFilter{RecordType: "round", RecordID: strconv.FormatInt(r.ID, 10)})
		if err != nil || log.Total != 1 || log.Items[0].Action != "open" || log.Items[0].RegionID != 75 {
			t.Fatalf("audit of the opening: %+v, %v", log, err)
		}
	})
}

func TestRoundChoices(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newRoundWorld(t, st)
		r := w.round(75)
		w.open(t, &r)
		ainur := w.students["ainur"].ID
		eleven := make([]int64, 11)
		for i := range eleven {
			eleven[i] = w.offers["first"].ID
		}
		mustDo(t, st.CloseOffer(ctx, w.offers["spare"].ID))
		for _, c := range []struct {
			offers []int64
			key    string
			rank   string
		}{
			{eleven, "error.round.too_many", ""},
			{w.ids("first", "second", "first"), "error.round.duplicate", "3"},
			{w.ids("first", "astana"), "error.round.offer", "2"},
			{w.ids("draft"), "error.round.offer", "1"},
			{[]int64{424242}, "error.round.offer", "1"},
			{w.ids("second", "spare"), "error.round.offer_closed", "2"},
			{w.ids("web"), "error.round.qualification", "1"},
			{w.ids("first", "second", "reserved"), "error.round.reserved", "3"},
		} {
			e := wantKey(t, st.SetChoices(ctx, r.ID, ainur, c.offers), domain.EINVALID, "choices", c.key)
			if e.Params["rank"] != c.rank || (c.key == "error.round.too_many" && e.Params["max"] != "10") {
				t.Fatalf("%s: params %v", c.key, e.Params)
			}
		}
		wantKey(t, st.SetChoices(ctx, r.ID, w.students["placed"].ID, w.ids("first")), domain.ECONFLICT, "", "error.round.not_eligible")
		// A student of a programme that is not dual ranks like the others.
		w.rank(t, r.ID, "nondual", "first")
		mustDo(t, st.SetChoices(ctx, r.ID, w.students["nondual"].ID, nil))
		wantCode(t, st.SetChoices(ctx, r.ID, 424242, w.ids("first")), domain.ENOTFOUND, "")
		wantCode(t, st.SetChoices(ctx, 424242, ainur, w.ids("first")), domain.ENOTFOUND, "")

		// A list is replaced as a whole; the reserved offer is for targeted training.
		w.rank(t, r.ID, "ainur", "first", "second")
		w.rank(t, r.ID, "ainur", "second")
		w.rank(t, r.ID, "targeted", "reserved", "first")
		w.rank(t, r.ID, "bota", "first")
		res, err := st.Result(ctx, r.ID, ainur)
		if err != nil || len(res.Choices) != 1 || res.Choices[0].OfferID != w.offers["second"].ID || res.Choices[0].Rank != 1 ||
			res.Choices[0].Offer.City.RU != "Алматы" {
			t.Fatalf("ainur's list: %+v, %v", res, err)
		}
		// Before the run the score is the one the run would compute now:
		// 7 × 90 + 50 for the same region.
		if res.Choices[0].Score != 680 || res.Choices[0].HasCutoff || res.Choices[0].Placed {
			t.Fatalf("ainur's choice: %+v", res.Choices[0])
		}
		if got, _ := st.Round(ctx, r.ID); got.Students != 3 {
			t.Fatalf("students who ranked: %d", got.Students)
		}
		// An empty list withdraws.
		mustDo(t, st.SetChoices(ctx, r.ID, w.students["bota"].ID, nil))
		if got, _ := st.Round(ctx, r.ID); got.Students != 2 {
			t.Fatalf("students who ranked after a withdrawal: %d", got.Students)
		}

		// Interviews: 0–100, for a student who ranked the offer.
		iv := domain.Interview{RoundID: r.ID, OfferID: w.offers["second"].ID, StudentID: ainur, Score: 101}
		wantKey(t, st.SetInterview(ctx, iv), domain.EINVALID, "score", "error.round.interview")
		iv.Score, iv.OfferID = 80, w.offers["first"].ID
		wantKey(t, st.SetInterview(ctx, iv), domain.EINVALID, "student_id", "error.round.not_ranked")
		iv.OfferID = w.offers["second"].ID
		mustDo(t, st.SetInterview(ctx, iv))
		iv.Score = 90
		mustDo(t, st.SetInterview(ctx, iv))
		res, _ = st.Result(ctx, r.ID, ainur)
		if c := res.Choices[0]; c.Score != 680+3*90 || !c.Interviewed || c.Interview != 90 {
			t.Fatalf("score with the interview: %+v", c)
		}
		// The enterprise reads back the score it recorded; a student it
		// did not interview has none.
		if res, _ := st.Result(ctx, r.ID, w.students["targeted"].ID); res.Choices[1].Interviewed || res.Choices[1].Interview != 0 {
			t.Fatalf("a choice without an interview: %+v", res.Choices[1])
		}

		// After the deadline the lists are closed, not the interviews.
		w.now = r.Deadline.Add(time.Minute)
		wantKey(t, st.SetChoices(ctx, r.ID, ainur, w.ids("first")), domain.ECONFLICT, "", "error.round.deadline")
		iv.Score = 70
		mustDo(t, st.SetInterview(ctx, iv))
		// Once run, neither.
		mustDo(t, st.RunRound(ctx, r.ID))
		wantRoundState(t, st.SetChoices(ctx, r.ID, ainur, w.ids("first")), domain.RoundAllocated)
		wantRoundState(t, st.SetInterview(ctx, iv), domain.RoundAllocated)

		log, err := st.Audit(ctx, domain.AuditFilter{RecordType: "round_choices"})
		if err != nil || log.Total != 7 || log.Items[0].Action != "rank" || log.Items[0].After != "[]" || log.Items[0].Before == "" {
			t.Fatalf("audit of the lists: %+v, %v", log, err)
		}
		log, err = st.Audit(ctx, domain.AuditFilter{RecordType: "interview"})
		if err != nil || log.Total != 3 || log.Items[0].Before == "" || log.Items[2].Before != "" {
			t.Fatalf("audit of the interviews: %+v, %v", log, err)
		}
	})
}

func wantRoundState(t *testing.T, err error, status domain.RoundStatus) {
	t.Helper()
	if e := wantKey(t, err, domain.ECONFLICT, "", "error.round.state"); e.Params["status"] != string(status) {
		t.Fatalf("status param = %q, want %q", e.Params["status"], status)
	}
}

// results reads every result of a round.
func results(t *testing.T, st *store.Store, roundID int64, f domain.ResultFilter) []domain.RoundResult {
	t.Helper()
	f.Page = domain.Page{Size: domain.MaxPageSize}
	list, err := st.Results(context.Background(), roundID, f)
	mustDo(t, err)
	if len(list.Items) != list.Total {
		t.Fatalf("results: %d of %d", len(list.Items), list.Total)
	}
	return list.Items
}

// priority orders two students at an offer: higher score first, then lower
// lottery.
func higher(score, lottery, thanScore, thanLottery int) bool {
	return score > thanScore || (score == thanScore && lottery < thanLottery)
}

// checkAllocation checks a round's stored results as a user could: every
// offer holds at most its seats; each offer's figures and cutoff agree with
// the students placed there; no student and offer would both rather be
// together (every offer a student ranked above their placement is full of
// students of higher priority there); and every such offer's explanation
// — its cutoff against the student's score — says so.
func checkAllocation(t *testing.T, st *store.Store, roundID int64) {
	t.Helper()
	ctx := context.Background()
	all := results(t, st, roundID, domain.ResultFilter{})
	offers, err := st.RoundOffers(ctx, roundID, domain.RoundOfferFilter{Page: domain.Page{Size: domain.MaxPageSize}})
	mustDo(t, err)
	type held struct{ score, lottery int }
	placed := map[int64][]held{}
	for _, res := range all {
		for _, c := range res.Choices {
			if c.Placed != (c.OfferID == res.OfferID) {
				t.Fatalf("student %d: choice %+v marked placed against placement %d", res.StudentID, c, res.OfferID)
			}
			if c.Placed {
				placed[c.OfferID] = append(placed[c.OfferID], held{c.Score, res.Lottery})
			}
		}
		if res.OfferID != 0 && len(placed[res.OfferID]) == 0 {
			t.Fatalf("student %d placed at %d, which they did not rank", res.StudentID, res.OfferID)
		}
	}
	byID := map[int64]domain.RoundOffer{}
	for _, ro := range offers.Items {
		byID[ro.OfferID] = ro
		h := placed[ro.OfferID]
		if len(h) != ro.Filled || ro.Filled > ro.Capacity {
			t.Fatalf("offer %d: %d placed, filled %d of %d", ro.OfferID, len(h), ro.Filled, ro.Capacity)
		}
		if ro.HasCutoff != (ro.Filled == ro.Capacity) {
			t.Fatalf("offer %d: cutoff %v with %d of %d filled", ro.OfferID, ro.HasCutoff, ro.Filled, ro.Capacity)
		}
		if !ro.HasCutoff {
			continue
		}
		last := h[0]
		for _, x := range h[1:] {
			if higher(last.score, last.lottery, x.score, x.lottery) {
				last = x
			}
		}
		if last.score != ro.CutoffScore || last.lottery != ro.CutoffLottery {
			t.Fatalf("offer %d: cutoff %d/%d, last admitted %+v", ro.OfferID, ro.CutoffScore, ro.CutoffLottery, last)
		}
	}
	for _, res := range all {
		for _, c := range res.Choices {
			if c.Placed {
				break
			}
			ro := byID[c.OfferID]
			if !ro.HasCutoff || ro.Filled < ro.Capacity {
				t.Fatalf("blocking pair: student %d ranks offer %d above their placement and it has a free seat", res.StudentID, c.OfferID)
			}
			for _, x := range placed[c.OfferID] {
				if higher(c.Score, res.Lottery, x.score, x.lottery) {
					t.Fatalf("blocking pair: student %d (%d, lottery %d) outranks someone placed at offer %d (%+v)",
						res.StudentID, c.Score, res.Lottery, c.OfferID, x)
				}
			}
			if !c.HasCutoff || c.CutoffScore != ro.CutoffScore || c.CutoffLottery != ro.CutoffLottery ||
				higher(c.Score, res.Lottery, c.CutoffScore, c.CutoffLottery) {
				t.Fatalf("student %d: explanation at offer %d does not hold: %+v (offer cutoff %d/%d)",
					res.StudentID, c.OfferID, c, ro.CutoffScore, ro.CutoffLottery)
			}
		}
	}
}

// placements maps each student of a round to the name of their offer.
func (w *roundWorld) placements(t *testing.T, roundID int64) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, res := range results(t, w.st, roundID, domain.ResultFilter{}) {
		out[res.Student.First] = w.nameOf(res.OfferID)
	}
	return out
}

// rankAll saves the lists of the run scenario: erlan gets "first" by his
// interview although others have better marks.
func (w *roundWorld) rankAll(t *testing.T, roundID int64) {
	t.Helper()
	w.rank(t, roundID, "ainur", "second", "first")
	w.rank(t, roundID, "bota", "first", "second")
	w.rank(t, roundID, "daniyar", "first", "spare")
	w.rank(t, roundID, "erlan", "first")
	w.rank(t, roundID, "gulnara", "first", "second")
	w.rank(t, roundID, "targeted", "first", "reserved")
	w.rank(t, roundID, "web", "web")
	mustDo(t, w.st.SetInterview(context.Background(),
		domain.Interview{RoundID: roundID, OfferID: w.offers["first"].ID, StudentID: w.students["erlan"].ID, Score: 100}))
}

func TestRunRound(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newRoundWorld(t, st)
		r := w.round(75)
		w.open(t, &r)
		w.rankAll(t, r.ID)
		wantRoundState(t, st.PublishRound(ctx, r.ID), domain.RoundOpen)
		mustDo(t, st.RunRound(ctx, r.ID))

		want := map[string]string{"ainur": "second", "bota": "", "daniyar": "spare", "erlan": "first", "gulnara": "",
			"targeted": "reserved", "web": "web"}
		got := w.placements(t, r.ID)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("placements %v, want %v", got, want)
		}
		checkAllocation(t, st, r.ID)
		round, err := st.Round(ctx, r.ID)
		if err != nil || round.Status != domain.RoundAllocated || round.Students != 7 || round.Placed != 5 || !round.RunAt.Equal(w.now) {
			t.Fatalf("round after the run: %+v, %v", round, err)
		}

		// Bota, why not higher: "first" took erlan at 7×60 + 3×100 + 50 =
		// 770 > 610, "second" ainur at 680 > 610.
		bota, err := st.Result(ctx, r.ID, w.students["bota"].ID)
		if err != nil || bota.OfferID != 0 || len(bota.Choices) != 2 {
			t.Fatalf("bota: %+v, %v", bota, err)
		}
		erlan := w.students["erlan"]
		for i, c := range []struct {
			score, cutoff int
		}{{610, 770}, {610, 680}} {
			ch := bota.Choices[i]
			if ch.Score != c.score || !ch.HasCutoff || ch.CutoffScore != c.cutoff {
				t.Fatalf("bota's choice %d: %+v", i+1, ch)
			}
		}
		erlanRes, _ := st.Result(ctx, r.ID, erlan.ID)
		if bota.Choices[0].CutoffLottery != erlanRes.Lottery || !erlanRes.Choices[0].Placed || erlanRes.Status != domain.PlacementOffered {
			t.Fatalf("the cutoff of first is erlan's: %+v, %+v", bota.Choices[0], erlanRes)
		}

		// The enterprise's list of an offer comes in its order of priority.
		first := results(t, st, r.ID, domain.ResultFilter{OfferID: w.offers["first"].ID})
		var order []string
		for _, res := range first {
			order = append(order, res.Student.First)
		}
		if fmt.Sprint(order) != "[erlan ainur bota daniyar gulnara targeted]" {
			t.Fatalf("applicants of first by priority: %v", order)
		}
		yes, no := true, false
		if l := results(t, st, r.ID, domain.ResultFilter{OfferID: w.offers["first"].ID, Placed: &yes}); len(l) != 1 || l[0].StudentID != erlan.ID {
			t.Fatalf("placed at first: %+v", l)
		}
		if l := results(t, st, r.ID, domain.ResultFilter{OfferID: w.offers["first"].ID, Placed: &no}); len(l) != 5 {
			t.Fatalf("not placed at first: %d", len(l))
		}
		if l := results(t, st, r.ID, domain.ResultFilter{EnterpriseID: w.f.enterprise.ID, Placed: &yes}); len(l) != 5 {
			t.Fatalf("placed at the enterprise: %d", len(l))
		}
		if l := results(t, st, r.ID, domain.ResultFilter{Placed: &no}); len(l) != 2 {
			t.Fatalf("not placed: %d", len(l))
		}
		if l := results(t, st, r.ID, domain.ResultFilter{CollegeID: w.f.college.ID + 100}); len(l) != 0 {
			t.Fatalf("another college's students: %d", len(l))
		}

		// Running again before publishing gives the same allocation.
		mustDo(t, st.RunRound(ctx, r.ID))
		if again := w.placements(t, r.ID); fmt.Sprint(again) != fmt.Sprint(want) {
			t.Fatalf("placements of the second run %v", again)
		}
		log, err := st.Audit(ctx, domain.AuditFilter{RecordType: "round", RecordID: strconv.FormatInt(r.ID, 10)})
		if err != nil || log.Total != 3 || log.Items[0].Action != "run" || log.Items[1].Action != "run" {
			t.Fatalf("audit of the runs: %+v, %v", log, err)
		}
		wantRoundState(t, st.CloseRound(ctx, r.ID), domain.RoundAllocated)
		wantCode(t, st.RunRound(ctx, 424242), domain.ENOTFOUND, "")
	})
}

// TestRunRoundRandom runs rounds of random lists, marks, interviews and
// capacities, some tied, and checks each stored allocation.
func TestRunRoundRandom(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newRoundWorld(t, st)
		rng := rand.New(rand.NewPCG(7, 5))
		// More students and offers, with tied marks.
		names := []string{}
		for i := range 30 {
			s := w.f.student(t, 100+i, "Random", "r"+strconv.Itoa(i))
			s.EnterpriseID, s.AcademicAverage = 0, 60+5*rng.IntN(5)
			mustDo(t, st.CreateStudent(ctx, &s))
			w.students[s.Name.First] = s
			names = append(names, s.Name.First)
		}
		var offers []string
		for i := range 8 {
			o := w.f.offer(almaty, 1+rng.IntN(3))
			publish(t, st, &o)
			name := "o" + strconv.Itoa(i)
			w.offers[name] = o
			offers = append(offers, name)
		}
		for trial := range 3 {
			r := w.round(75)
			r.Weights = domain.PriorityWeights{Academic: 1 + rng.IntN(10), Interview: rng.IntN(5), SameRegion: 10}
			r.Name = "Тур " + strconv.Itoa(trial)
			w.open(t, &r)
			for _, name := range names {
				list := slices.Clone(offers)
				rng.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
				list = list[:1+rng.IntN(len(list))]
				w.rank(t, r.ID, name, list...)
				if rng.IntN(3) == 0 {
					mustDo(t, st.SetInterview(ctx, domain.Interview{RoundID: r.ID, OfferID: w.offers[list[0]].ID,
						StudentID: w.students[name].ID, Score: 10 * rng.IntN(11)}))
				}
			}
			mustDo(t, st.RunRound(ctx, r.ID))
			checkAllocation(t, st, r.ID)
			// Publish and close it so that the next trial may take the offers.
			mustDo(t, st.PublishRound(ctx, r.ID), st.CloseRound(ctx, r.ID))
		}
	})
}

func TestRoundPublishAcceptCloseAndSupplement(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newRoundWorld(t, st)
		r := w.round(75)
		w.open(t, &r)
		w.rankAll(t, r.ID)
		mustDo(t, st.RunRound(ctx, r.ID))

		// Nothing to accept before publishing.
		wantRoundState(t, func() error { _, err := st.AcceptPlacement(ctx, r.ID, w.students["ainur"].ID); return err }(), domain.RoundAllocated)
		w.now = w.now.Add(time.Hour)
		mustDo(t, st.PublishRound(ctx, r.ID))
		wantRoundState(t, st.PublishRound(ctx, r.ID), domain.RoundPublished)
		wantRoundState(t, st.RunRound(ctx, r.ID), domain.RoundPublished)
		if got, _ := st.Round(ctx, r.ID); got.Status != domain.RoundPublished || !got.PublishedAt.Equal(w.now) {
			t.Fatalf("published: %+v", got)
		}

		// Ainur accepts: a draft agreement from the offer.
		ainur := w.students["ainur"]
		id, err := st.AcceptPlacement(ctx, r.ID, ainur.ID)
		mustDo(t, err)
		a, err := st.Agreement(ctx, id)
		second := w.offers["second"]
		if err != nil || a.Status != domain.AgreementDraft || a.StudentID != ainur.ID || a.OfferID != second.ID ||
			a.EnterpriseID != second.EnterpriseID || a.CollegeID != w.f.college.ID || !a.StartsOn.Equal(second.StartsOn) ||
			a.Position != "Разработчик программного обеспечения" || a.HoursPerWeek != second.HoursPerWeek {
			t.Fatalf("agreement of the placement: %+v, %v", a, err)
		}
		res, _ := st.Result(ctx, r.ID, ainur.ID)
		if res.Status != domain.PlacementAccepted || res.AgreementID != id {
			t.Fatalf("accepted placement: %+v", res)
		}
		_, err = st.AcceptPlacement(ctx, r.ID, ainur.ID)
		if e := wantKey(t, err, domain.ECONFLICT, "", "error.round.placement"); e.Params["status"] != "accepted" {
			t.Fatalf("params %v", e.Params)
		}
		_, err = st.AcceptPlacement(ctx, r.ID, w.students["bota"].ID)
		wantKey(t, err, domain.ECONFLICT, "", "error.round.not_placed")
		_, err = st.AcceptPlacement(ctx, r.ID, w.students["astana"].ID)
		wantCode(t, err, domain.ENOTFOUND, "")

		// Erlan declines, daniyar accepts; targeted and web do nothing.
		mustDo(t, st.DeclinePlacement(ctx, r.ID, w.students["erlan"].ID))
		wantKey(t, st.DeclinePlacement(ctx, r.ID, w.students["erlan"].ID), domain.ECONFLICT, "", "error.round.placement")
		if _, err := st.AcceptPlacement(ctx, r.ID, w.students["daniyar"].ID); err != nil {
			t.Fatal(err)
		}

		// A supplementary round needs its parent closed.
		supplement := w.round(0)
		supplement.ParentID = r.ID
		wantRoundState(t, st.OpenRound(ctx, &supplement), domain.RoundPublished)
		mustDo(t, st.CloseRound(ctx, r.ID))
		wantRoundState(t, st.CloseRound(ctx, r.ID), domain.RoundClosed)
		for _, name := range []string{"targeted", "web"} {
			if res, _ := st.Result(ctx, r.ID, w.students[name].ID); res.Status != domain.PlacementDeclined {
				t.Fatalf("%s after closing: %+v", name, res)
			}
		}
		_, err = st.AcceptPlacement(ctx, r.ID, w.students["web"].ID)
		wantRoundState(t, err, domain.RoundClosed)

		// The supplementary round: the region of its parent, the seats left
		// (first, reserved, web — second and spare are taken), the students
		// not placed or who declined.
		w.open(t, &supplement)
		if supplement.RegionID != 75 || supplement.Offers != 3 || supplement.Seats != 3 {
			t.Fatalf("supplementary round: %+v", supplement)
		}
		offers := w.roundOffers(t, supplement.ID)
		if _, ok := offers["first"]; !ok || len(offers) != 3 || offers["web"].Capacity != 1 {
			t.Fatalf("supplementary offers: %+v", offers)
		}
		for _, name := range []string{"bota", "gulnara", "erlan", "targeted", "web"} {
			if _, err := st.Result(ctx, supplement.ID, w.students[name].ID); err != nil {
				t.Fatalf("%s in the supplementary round: %v", name, err)
			}
		}
		for _, name := range []string{"ainur", "daniyar", "astana"} {
			_, err := st.Result(ctx, supplement.ID, w.students[name].ID)
			wantCode(t, err, domain.ENOTFOUND, "")
		}
		again := w.round(75)
		again.ParentID = r.ID
		wantKey(t, st.OpenRound(ctx, &again), domain.ECONFLICT, "", "error.round.supplemented")
		w.rank(t, supplement.ID, "bota", "first")
		wantKey(t, st.SetChoices(ctx, supplement.ID, w.students["gulnara"].ID, w.ids("second")), domain.EINVALID, "choices", "error.round.offer")
		mustDo(t, st.RunRound(ctx, supplement.ID))
		if got := w.placements(t, supplement.ID); fmt.Sprint(got) != "map[bota:first]" {
			t.Fatalf("supplementary placements %v", got)
		}

		log, err := st.Audit(ctx, domain.AuditFilter{RecordType: "placement"})
		if err != nil || log.Total != 3 {
			t.Fatalf("audit of the placements: %+v, %v", log, err)
		}
		var actions []string
		for _, e := range log.Items {
			actions = append([]string{e.Action}, actions...)
		}
		if fmt.Sprint(actions) != "[accept decline accept]" {
			t.Fatalf("placement actions %v", actions)
		}
		log, _ = st.Audit(ctx, domain.AuditFilter{RecordType: "round", RecordID: strconv.FormatInt(r.ID, 10)})
		if log.Items[0].Action != "close" || log.Items[0].After == "" {
			t.Fatalf("audit of the closing: %+v", log.Items[0])
		}
	})
}

// TestAcceptPlacementFull: a place taken meanwhile by an application is
// not given twice.
func TestAcceptPlacementFull(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newRoundWorld(t, st)
		r := w.round(75)
		w.open(t, &r)
		w.rank(t, r.ID, "ainur", "first")
		mustDo(t, st.RunRound(ctx, r.ID), st.PublishRound(ctx, r.ID))
		ap := domain.Application{OfferID: w.offers["first"].ID, StudentID: w.students["astana"].ID}
		mustDo(t, st.Apply(ctx, &ap))
		if _, err := st.AcceptApplication(ctx, ap.ID); err != nil {
			t.Fatal(err)
		}
		_, err := st.AcceptPlacement(ctx, r.ID, w.students["ainur"].ID)
		wantKey(t, err, domain.ECONFLICT, "", "error.offer.full")
		if res, _ := st.Result(ctx, r.ID, w.students["ainur"].ID); res.Status != domain.PlacementOffered || res.AgreementID != 0 {
			t.Fatalf("placement after a refused acceptance: %+v", res)
		}
	})
}

// TestAcceptApplicationAfterPlacement: a seat a round gave and the student
// accepted is taken — an application to the full offer is not accepted,
// and the offer shows the seat as taken.
func TestAcceptApplicationAfterPlacement(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newRoundWorld(t, st)
		r := w.round(75)
		w.open(t, &r)
		w.rank(t, r.ID, "ainur", "first")
		mustDo(t, st.RunRound(ctx, r.ID), st.PublishRound(ctx, r.ID))
		if _, err := st.AcceptPlacement(ctx, r.ID, w.students["ainur"].ID); err != nil {
			t.Fatal(err)
		}
		first := w.offers["first"]
		ap := domain.Application{OfferID: first.ID, StudentID: w.students["astana"].ID}
		mustDo(t, st.Apply(ctx, &ap))
		_, err := st.AcceptApplication(ctx, ap.ID)
		wantKey(t, err, domain.ECONFLICT, "", "error.offer.full")
		if got, _ := st.Application(ctx, ap.ID); got.Status != domain.ApplicationPending {
			t.Fatalf("the application after the refusal: %+v", got)
		}
		if got, err := st.Offer(ctx, first.ID); err != nil || got.Accepted != 1 || got.Capacity != 1 {
			t.Fatalf("the offer after the placement was accepted: %d of %d taken, %v", got.Accepted, got.Capacity, err)
		}
		// "second" had one of its two places taken by an application.
		if got, _ := st.Offer(ctx, w.offers["second"].ID); got.Accepted != 1 {
			t.Fatalf("second: %d taken", got.Accepted)
		}
	})
}

// TestRoundOfferFilters: a round's offers narrowed in the database by
// qualification, place, enterprise, whether reserved and by ID, a page at
// a time, in the order of their IDs or nearest to a city first.
func TestRoundOfferFilters(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newRoundWorld(t, st)
		for name, city := range map[string]int64{"karaganda": karaganda, "kaskelen": kaskelen, "shymkent": shymkent} {
			o := w.f.offer(city, 1)
			publish(t, st, &o)
			w.offers[name] = o
		}
		r := w.round(0)
		w.open(t, &r)
		// All but the draft, in the order of their IDs.
		all := []string{"first", "second", "reserved", "web", "spare", "astana", "karaganda", "kaskelen", "shymkent"}
		slices.SortFunc(all, func(a, b string) int { return int(w.offers[a].ID - w.offers[b].ID) })
		yes, no := true, false
		astanaSoft := w.offers["astana"].EnterpriseID
		developers := []string{}
		for _, name := range all {
			if name != "web" {
				developers = append(developers, name)
			}
		}
		for _, c := range []struct {
			name string
			f    domain.RoundOfferFilter
			want []string
		}{
			{"all", domain.RoundOfferFilter{}, all},
			{"a qualification", domain.RoundOfferFilter{Qualification: "3W06130102"}, []string{"web"}},
			{"another qualification", domain.RoundOfferFilter{Qualification: "4S06130103"}, developers},
			{"a specialty", domain.RoundOfferFilter{Qualification: "06130100"}, all},
			{"a specialty without offers", domain.RoundOfferFilter{Qualification: "01140100"}, nil},
			{"Astana region", domain.RoundOfferFilter{RegionID: 71}, []string{"astana"}},
			{"a city", domain.RoundOfferFilter{CityID: karaganda}, []string{"karaganda"}},
			{"an enterprise", domain.RoundOfferFilter{EnterpriseID: astanaSoft}, []string{"astana"}},
			{"reserved", domain.RoundOfferFilter{Reserved: &yes}, []string{"reserved"}},
			{"a student's", domain.RoundOfferFilter{Qualification: "4S06130103", RegionID: 75, Reserved: &no},
				[]string{"first", "second", "spare"}},
			{"by ID", domain.RoundOfferFilter{OfferIDs: w.ids("astana", "draft", "first")}, []string{"first", "astana"}},
			{"a page", domain.RoundOfferFilter{Page: domain.Page{Number: 2, Size: 4}}, all[4:8]},
			// Nearest to Astana: Astana, Karaganda, the Almaty offers in
			// the order of their IDs, Shymkent, and the town without
			// coordinates last.
			{"nearest to Astana", domain.RoundOfferFilter{FromCityID: astana, Reserved: &no, Qualification: "4S06130103"},
				[]string{"astana", "karaganda", "first", "second", "spare", "shymkent", "kaskelen"}},
			{"nearest to Astana, second page", domain.RoundOfferFilter{FromCityID: astana, Page: domain.Page{Number: 2, Size: 2}},
				[]string{"first", "second"}},
		} {
			f := c.f
			f.Page.Size = cmp.Or(f.Page.Size, domain.MaxPageSize)
			list, err := st.RoundOffers(ctx, r.ID, f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var got []string
			for _, ro := range list.Items {
				got = append(got, w.nameOf(ro.OfferID))
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
			if total := len(c.want); c.f.Page.Size == 0 && list.Total != total {
				t.Errorf("%s: total %d, want %d", c.name, list.Total, total)
			}
		}
		if list, _ := st.RoundOffers(ctx, r.ID, domain.RoundOfferFilter{Page: domain.Page{Number: 2, Size: 4}}); list.Total != len(all) {
			t.Errorf("the total of a page: %d, want %d", list.Total, len(all))
		}

		for _, c := range []struct {
			field, key string
			f          domain.RoundOfferFilter
		}{
			{"qualification", "error.qualification.filter", domain.RoundOfferFilter{Qualification: "123"}},
			{"from_city_id", "error.city.unknown", domain.RoundOfferFilter{FromCityID: 9999}},
			{"offer_ids", "error.round.too_many_posted", domain.RoundOfferFilter{OfferIDs: make([]int64, domain.MaxPageSize+1)}},
			{"per_page", "error.page.size", domain.RoundOfferFilter{Page: domain.Page{Size: domain.MaxPageSize + 1}}},
		} {
			_, err := st.RoundOffers(ctx, r.ID, c.f)
			wantKey(t, err, domain.EINVALID, c.field, c.key)
		}
		_, err := st.RoundOffers(ctx, 424242, domain.RoundOfferFilter{})
		wantCode(t, err, domain.ENOTFOUND, "")
	})
}

// TestRunRoundSkipsWhoLeft: a student who got an agreement since the
// opening, and an offer closed since, take no place.
func TestRunRoundSkipsWhoLeft(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newRoundWorld(t, st)
		r := w.round(75)
		w.open(t, &r)
		w.rank(t, r.ID, "ainur", "first", "spare")
		w.rank(t, r.ID, "bota", "spare", "first")
		mustDo(t, st.CloseOffer(ctx, w.offers["spare"].ID))
		a := domain.Agreement{StudentID: w.students["ainur"].ID, EnterpriseID: w.f.enterprise.ID, Position: "Стажёр",
			StartsOn: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC),
			Weekdays: 0b111, HoursPerWeek: 24}
		mustDo(t, st.CreateAgreement(ctx, &a))
		mustDo(t, st.RunRound(ctx, r.ID))
		if got := w.placements(t, r.ID); fmt.Sprint(got) != "map[ainur: bota:first]" {
			t.Fatalf("placements %v", got)
		}
	})
}

// TestRoundLoader loads a finished round and an open one the way the demo
// does, and refuses rows that break the rules.
func TestRoundLoader(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := domain.WithActor(context.Background(), domain.System)
		w := newRoundWorld(t, st)
		at := w.now.AddDate(0, -1, 0)
		finished := domain.Round{ID: 70, RegionID: 75, Name: "Осенний тур 2025", MaxChoices: 10, Deadline: at,
			Weights: domain.DefaultPriorityWeights, Status: domain.RoundClosed, CreatedAt: at.AddDate(0, 0, -14), RunAt: at, PublishedAt: at}
		open := domain.Round{ID: 71, Name: "Национальный тур 2026", MaxChoices: 10, Deadline: w.now.AddDate(0, 0, 10),
			Weights: domain.DefaultPriorityWeights, Status: domain.RoundOpen}
		bad := open
		bad.Status = domain.RoundPublished
		wantCode(t, st.InsertRounds(ctx, []domain.Round{finished, bad}), domain.EINVALID, "run_at")
		mustDo(t, st.InsertRounds(ctx, []domain.Round{finished, open}))

		first, second := w.offers["first"], w.offers["second"]
		badOffers := []domain.RoundOffer{{RoundID: 71, OfferID: first.ID, Capacity: 1, Filled: 1}}
		wantCode(t, st.InsertRoundOffers(ctx, badOffers), domain.EINVALID, "filled")
		badOffers = []domain.RoundOffer{{RoundID: 70, OfferID: first.ID, Capacity: 2, Filled: 1, HasCutoff: true, CutoffScore: 600, CutoffLottery: 1}}
		wantCode(t, st.InsertRoundOffers(ctx, badOffers), domain.EINVALID, "cutoff_score")
		badOffers = []domain.RoundOffer{{RoundID: 72, OfferID: first.ID, Capacity: 1}}
		wantKey(t, st.InsertRoundOffers(ctx, badOffers), domain.EINVALID, "round_id", "error.reference")
		mustDo(t, st.InsertRoundOffers(ctx, []domain.RoundOffer{
			{RoundID: 70, OfferID: first.ID, Capacity: 1, Filled: 1, HasCutoff: true, CutoffScore: 680, CutoffLottery: 1},
			{RoundID: 70, OfferID: second.ID, Capacity: 2, Filled: 1},
			{RoundID: 71, OfferID: first.ID, Capacity: 1},
			{RoundID: 71, OfferID: second.ID, Capacity: 2},
		}))

		// The finished round: ainur accepted first (her agreement), bota
		// declined second, daniyar was not placed.
		ainur, bota, daniyar := w.students["ainur"], w.students["bota"], w.students["daniyar"]
		agreement := domain.Agreement{StudentID: ainur.ID, EnterpriseID: w.f.enterprise.ID, OfferID: first.ID, Position: "Стажёр",
			StartsOn: first.StartsOn, EndsOn: first.EndsOn, Weekdays: first.Weekdays, HoursPerWeek: 24}
		mustDo(t, st.CreateAgreement(ctx, &agreement))
		choices := func(offers ...domain.Offer) []domain.Choice {
			var out []domain.Choice
			for i, o := range offers {
				out = append(out, domain.Choice{Rank: i + 1, OfferID: o.ID})
			}
			return out
		}
		rows := []domain.RoundResult{
			{RoundID: 70, StudentID: ainur.ID, Lottery: 1, OfferID: first.ID, Status: domain.PlacementAccepted, AgreementID: agreement.ID,
				Choices: choices(first)},
			{RoundID: 70, StudentID: bota.ID, Lottery: 2, OfferID: second.ID, Status: domain.PlacementDeclined, Choices: choices(first, second)},
			{RoundID: 70, StudentID: daniyar.ID, Lottery: 3, Choices: choices(first)},
			{RoundID: 71, StudentID: bota.ID, Lottery: 2, Choices: choices(second, first)},
			{RoundID: 71, StudentID: daniyar.ID, Lottery: 1},
		}
		for _, c := range []struct {
			field, key string
			change     func(r *domain.RoundResult)
		}{
			{"lottery", "error.bulk.lottery", func(r *domain.RoundResult) { r.Lottery = 0 }},
			{"choices", "error.bulk.rank", func(r *domain.RoundResult) { r.Choices[1].Rank = 3 }},
			{"choices", "error.round.duplicate", func(r *domain.RoundResult) { r.Choices[1].OfferID = first.ID }},
			{"offer_id", "error.bulk.placement", func(r *domain.RoundResult) { r.Choices = choices(first) }},
			{"status", "error.bulk.placement", func(r *domain.RoundResult) { r.Status = domain.PlacementOffered }},
			{"agreement_id", "error.bulk.placement", func(r *domain.RoundResult) { r.AgreementID = agreement.ID }},
		} {
			broken := slices.Clone(rows)
			broken[1].Choices = slices.Clone(broken[1].Choices)
			c.change(&broken[1])
			wantKey(t, st.InsertRoundResults(ctx, broken), domain.EINVALID, c.field, c.key)
		}
		unknown := slices.Clone(rows)
		unknown[3].Choices = choices(w.offers["web"])
		wantKey(t, st.InsertRoundResults(ctx, unknown), domain.EINVALID, "", "error.reference")
		mustDo(t, st.InsertRoundResults(ctx, rows))
		wantKey(t, st.InsertInterviews(ctx, []domain.Interview{{RoundID: 71, OfferID: first.ID, StudentID: bota.ID, Score: 120}}),
			domain.EINVALID, "score", "error.round.interview")
		mustDo(t, st.InsertInterviews(ctx, []domain.Interview{{RoundID: 71, OfferID: first.ID, StudentID: bota.ID, Score: 60}}))

		got, err := st.Round(ctx, 70)
		if err != nil || got.Offers != 2 || got.Seats != 3 || got.Students != 3 || got.Placed != 2 || got.Status != domain.RoundClosed {
			t.Fatalf("finished round: %+v, %v", got, err)
		}
		res, err := st.Result(ctx, 70, bota.ID)
		if err != nil || res.Status != domain.PlacementDeclined || res.Choices[0].Score != 610 || !res.Choices[0].HasCutoff ||
			res.Choices[0].CutoffScore != 680 || !res.Choices[1].Placed {
			t.Fatalf("bota in the finished round: %+v, %v", res, err)
		}
		got, err = st.Round(ctx, 71)
		if err != nil || got.Offers != 2 || got.Seats != 3 || got.Students != 1 || got.RegionID != 0 {
			t.Fatalf("open round: %+v, %v", got, err)
		}
		// The loaded open round takes lists and runs like any other; the
		// rounds opened later get new IDs.
		mustDo(t, st.SetChoices(ctx, 71, daniyar.ID, w.ids("first")))
		mustDo(t, st.RunRound(ctx, 71))
		checkAllocation(t, st, 71)
		if got := w.placements(t, 71); fmt.Sprint(got) != "map[bota:second daniyar:first]" {
			t.Fatalf("placements of the loaded round %v", got)
		}
		mustDo(t, st.PublishRound(ctx, 71), st.CloseRound(ctx, 71))
		fresh := w.round(75)
		w.open(t, &fresh)
		if fresh.ID <= 71 {
			t.Fatalf("a new round got ID %d", fresh.ID)
		}
	})
}

// BenchmarkRunRound runs a national round from the database and writes it
// back, on each database: 100,000 students ranking 10 offers each of
// 18,000 offers at 1,000 enterprises in the 20 regions, with preferences
// skewed towards popular offers and the student's own region, 5 % of the
// offers reserved for the 5 % of students on targeted training (each with
// a contract with the employer of the reserved offers she ranks), and
// interviews for a tenth of the students at their first choice. Issue 5
// asks for at most 5 s end to end. The data is loaded through the bulk
// loader, as the demo loads it; every iteration times a first run: the
// round is put back to open, untimed, before each.
//
//	go test ./internal/store/ -run '^$' -bench BenchmarkRunRound -benchtime 3x
func BenchmarkRunRound(b *testing.B) {
	const students, offers, enterprises, choices = 100_000, 18_000, 1_000, 10
	for _, db := range testkit.Databases {
		b.Run(db.Name, func(b *testing.B) {
			st := testkit.OpenStore(b, db.DSN(b))
			id := loadNationalRound(b, st, students, offers, enterprises, choices)
			ctx := context.Background()
			for b.Loop() {
				b.StopTimer()
				mustDo(b, st.ResetRun(ctx, id))
				b.StartTimer()
				mustDo(b, st.RunRound(ctx, id))
			}
			r, err := st.Round(ctx, id)
			if err != nil || r.Students != students {
				b.Fatalf("round after the run: %+v, %v", r, err)
			}
			b.ReportMetric(float64(r.Placed), "placed")
		})
	}
}

// loadNationalRound loads a national round through the bulk loader and
// returns its ID.
func loadNationalRound(b *testing.B, st *store.Store, nStudents, nOffers, nEnterprises, nChoices int) int64 {
	b.Helper()
	ctx := domain.WithActor(context.Background(), domain.System)
	rng := rand.New(rand.NewPCG(2026, 5))
	regions, err := st.Regions(ctx)
	mustDo(b, err)
	const qualification = "4S06130103"
	var colleges []domain.College
	var programmes []domain.Programme
	var groups []domain.Group
	var cities []int64 // a town of each region
	nextBIN := 0
	newBIN := func() string {
		for {
			nextBIN++
			if s, ok := domain.CompleteIdentifier(fmt.Sprintf("990340%05d", nextBIN)); ok {
				return s
			}
		}
	}
	for i, region := range regions {
		towns, err := st.Cities(ctx, region.ID)
		mustDo(b, err)
		cities = append(cities, towns[0].ID)
		id := int64(i + 1)
		colleges = append(colleges, domain.College{ID: id, BIN: newBIN(), Name: domain.Names{KK: "Колледж " + region.Name.KK,
			RU: "Колледж " + region.Name.RU}, RegionID: region.ID, CityID: towns[0].ID, Ownership: domain.OwnershipState})
		programmes = append(programmes, domain.Programme{ID: id, CollegeID: id, SpecialtyCode: "06130100", QualificationCode: qualification,
			DurationMonths: 34, Dual: true, HoursTotal: 5760, HoursPractice: 2000, HoursEnterprise: 1400})
		groups = append(groups, domain.Group{ID: id, CollegeID: id, ProgrammeID: id, Code: "ПО-24", IntakeYear: 2024, Language: "kk"})
	}
	mustDo(b, st.InsertColleges(ctx, colleges), st.InsertProgrammes(ctx, programmes), st.InsertGroups(ctx, groups))

	enterprises := make([]domain.Enterprise, nEnterprises)
	for i := range enterprises {
		ri := i % len(regions)
		enterprises[i] = domain.Enterprise{ID: int64(i + 1), BIN: newBIN(), Name: domain.Names{RU: fmt.Sprintf("ТОО «Предприятие %d»", i+1)},
			RegionID: regions[ri].ID, CityID: cities[ri], Industry: "C", Employees: 100}
	}
	mustDo(b, st.InsertEnterprises(ctx, enterprises))

	// Offers and their popularity: a few are wanted by many.
	offers := make([]domain.Offer, nOffers)
	weight := make([]float64, nOffers)
	byRegion := make([][]int, len(regions))
	start := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	for i := range offers {
		e := enterprises[i%nEnterprises]
		ri := i % nEnterprises % len(regions)
		offers[i] = domain.Offer{ID: int64(i + 1), EnterpriseID: e.ID, QualificationCode: qualification, CityID: e.CityID,
			Capacity: 1 + rng.IntN(9), StartsOn: start, EndsOn: start.AddDate(0, 10, 0), Weekdays: 0b111, HoursPerWeek: 24,
			Reserved: rng.IntN(20) == 0, Status: domain.OfferOpen}
		weight[i] = 1 / float64(1+rng.IntN(200))
		byRegion[ri] = append(byRegion[ri], i)
	}
	for batch := range slices.Chunk(offers, 20_000) {
		mustDo(b, st.InsertOffers(ctx, batch))
	}

	// Students, with valid distinct IINs: born in 2006–2008, girls.
	students := make([]domain.Student, 0, nStudents)
	day := time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC)
	for serial := 0; len(students) < nStudents; serial++ {
		if serial == 100 {
			serial, day = 0, day.AddDate(0, 0, 1)
		}
		iin, ok := domain.CompleteIdentifier(day.Format("060102") + "6" + fmt.Sprintf("%04d", serial))
		if !ok {
			continue
		}
		ci := len(students) % len(colleges)
		funding := domain.FundingState
		if rng.IntN(20) == 0 {
			funding = domain.FundingTargeted
		}
		students = append(students, domain.Student{ID: int64(len(students) + 1), IIN: iin,
			Name: domain.PersonName{Last: "Студентова", First: "Айгерім"}, CollegeID: colleges[ci].ID, GroupID: groups[ci].ID,
			ProgrammeID: programmes[ci].ID, Funding: funding, Status: domain.StatusStudying, EnrolledOn: start.AddDate(-2, 0, 0),
			AcademicAverage: 40 + rng.IntN(61)})
	}
	for batch := range slices.Chunk(students, 20_000) {
		mustDo(b, st.InsertStudents(ctx, batch))
	}

	round := domain.Round{ID: 1, Name: "Национальный тур", MaxChoices: 10, Deadline: time.Now().AddDate(0, 0, 7),
		Weights: domain.DefaultPriorityWeights, Status: domain.RoundOpen}
	mustDo(b, st.InsertRounds(ctx, []domain.Round{round}))
	roundOffers := make([]domain.RoundOffer, nOffers)
	for i, o := range offers {
		roundOffers[i] = domain.RoundOffer{RoundID: 1, OfferID: o.ID, Capacity: o.Capacity, Reserved: o.Reserved}
	}
	mustDo(b, st.InsertRoundOffers(ctx, roundOffers))

	// Lists: each choice from the student's region with probability 0.6,
	// else from the whole country, weighted by popularity; reserved offers
	// only for targeted training.
	pick := func(pool []int) int {
		for {
			o := pool[rng.IntN(len(pool))]
			if rng.Float64() < weight[o]*50 {
				return o
			}
		}
	}
	all := make([]int, nOffers)
	for i := range all {
		all[i] = i
	}
	lottery := rand.New(rand.NewPCG(1, 2)).Perm(nStudents)
	results := make([]domain.RoundResult, nStudents)
	var interviews []domain.Interview
	// A student on targeted training holds a contract with the employer
	// of the first reserved offer she ranks, and ranks no other
	// employer's reserved offers.
	employer := make([]int64, nStudents)
	for i, s := range students {
		ri := i % len(colleges)
		res := domain.RoundResult{RoundID: 1, StudentID: s.ID, Lottery: lottery[i] + 1}
		seen := map[int]bool{}
		for len(res.Choices) < nChoices {
			pool := all
			if rng.Float64() < 0.6 {
				pool = byRegion[ri]
			}
			o := pick(pool)
			if seen[o] {
				continue
			}
			if offers[o].Reserved {
				if s.Funding != domain.FundingTargeted || employer[i] != 0 && employer[i] != offers[o].EnterpriseID {
					continue
				}
				employer[i] = offers[o].EnterpriseID
			}
			seen[o] = true
			res.Choices = append(res.Choices, domain.Choice{Rank: len(res.Choices) + 1, OfferID: offers[o].ID})
		}
		results[i] = res
		if rng.IntN(10) == 0 {
			interviews = append(interviews, domain.Interview{RoundID: 1, OfferID: res.Choices[0].OfferID, StudentID: s.ID, Score: rng.IntN(101)})
		}
	}
	for batch := range slices.Chunk(results, 20_000) {
		mustDo(b, st.InsertRoundResults(ctx, batch))
	}
	// The contracts, on an order of each employer and region.
	orderOf := map[[2]int64]int64{}
	var orders []domain.TrainingOrder
	var contracts []domain.TargetedContract
	for i, s := range students {
		if employer[i] == 0 {
			continue
		}
		region := colleges[i%len(colleges)].RegionID
		key := [2]int64{employer[i], int64(region)}
		if _, ok := orderOf[key]; !ok {
			orderOf[key] = int64(len(orders) + 1)
			orders = append(orders, domain.TrainingOrder{ID: int64(len(orders) + 1), EnterpriseID: employer[i], RegionID: region,
				QualificationCode: qualification, Year: 2024})
		}
		orders[orderOf[key]-1].Graduates++
		contracts = append(contracts, domain.TargetedContract{ID: int64(len(contracts) + 1), OrderID: orderOf[key], StudentID: s.ID,
			EnterpriseID: employer[i], CollegeID: s.CollegeID, RegionID: region, Year: 2024, Number: fmt.Sprintf("ЦП-%d", len(contracts)+1),
			SignedOn: start.AddDate(-2, 0, 0), ObligationMonths: 36, State: domain.ObligationStudying, StateSince: start.AddDate(-2, 0, 0)})
	}
	mustDo(b, st.InsertTrainingOrders(ctx, orders), st.InsertTargetedContracts(ctx, contracts))
	mustDo(b, st.InsertInterviews(ctx, interviews), st.FinishLoad(ctx))
	return 1
}
