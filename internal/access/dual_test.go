package access_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// dual is a small dual-training world:
//   - college A in Almaty (region 75) with a group supervised by a teacher
//     and another group; college B in Astana (71);
//   - enterprise E in Almaty with mentors mA (account "mentor") and mA2 (no
//     account), enterprise E2 in Astana with mentor mB (account "mentor2"),
//     enterprise E3 in Almaty, nobody's partner, with mentor mC;
//   - agreements: trainee (A, supervised group) at E with mA, active;
//     other (A) at E2 with mB, awaiting signatures; far (B) at E2 with mB,
//     active; minor (A, supervised group, under 18) at E with mA2, awaiting
//     signatures, the guardian to approve too;
//   - offers of E: a draft and a submitted one naming A, a submitted one
//     naming no college (the region decides), an open one; of E2: a draft
//     and a submitted one naming B; the applicant (A) applied to the open one;
//   - logbook: a submitted entry of the trainee and one of far.
type dual struct {
	st                                     *store.Store
	reg                                    *access.Registry
	collegeA, collegeB                     domain.College
	progA                                  domain.Programme
	ent, ent2, ent3                        domain.Enterprise
	trainee, other, far, applicant, minor  domain.Student
	mA, mA2, mB, mC                        domain.Mentor
	offers                                 map[string]domain.Offer
	agrTrainee, agrOther, agrFar, agrMinor domain.Agreement
	application                            domain.Application
	entryTrainee, entryFar                 domain.LogbookEntry
	users                                  map[string]domain.User
	start                                  time.Time
}

// offer names, in the order of the table columns below.
var offerNames = []string{"draftA", "submittedA", "submittedRegion", "open", "draft2", "submittedB"}

func newDual(t *testing.T, st *store.Store) *dual {
	t.Helper()
	ctx := context.Background()
	w := &dual{st: st, reg: access.New(st), offers: map[string]domain.Offer{}, users: map[string]domain.User{}}
	w.collegeA = domain.College{BIN: complete(t, "99034000101"), Name: domain.Names{KK: "А колледжі", RU: "Колледж А"}, RegionID: 75, CityID: 1, Ownership: "state"}
	w.collegeB = domain.College{BIN: complete(t, "99034000201"), Name: domain.Names{KK: "Б колледжі", RU: "Колледж Б"}, RegionID: 71, CityID: 2, Ownership: "state"}
	w.ent = domain.Enterprise{BIN: complete(t, "05044000701"), Name: domain.Names{RU: "ТОО «Завод»"}, RegionID: 75, CityID: 1, Industry: "C"}
	w.ent2 = domain.Enterprise{BIN: complete(t, "05044000801"), Name: domain.Names{RU: "ТОО «Астана Софт»"}, RegionID: 71, CityID: 2, Industry: "J"}
	w.ent3 = domain.Enterprise{BIN: complete(t, "05044000901"), Name: domain.Names{RU: "ТОО «Чужой»"}, RegionID: 75, CityID: 1, Industry: "J"}
	must(t, st.CreateCollege(ctx, &w.collegeA), st.CreateCollege(ctx, &w.collegeB),
		st.CreateEnterprise(ctx, &w.ent), st.CreateEnterprise(ctx, &w.ent2), st.CreateEnterprise(ctx, &w.ent3))
	teacher := domain.Teacher{IIN: complete(t, "85070430001"), Name: domain.PersonName{Last: "Жұмабаев", First: "Асқар"}, CollegeID: w.collegeA.ID, Position: domain.PositionMaster}
	must(t, st.CreateTeacher(ctx, &teacher))
	const qualification = "4S06130103"
	progA := domain.Programme{CollegeID: w.collegeA.ID, SpecialtyCode: "06130100", QualificationCode: qualification, DurationMonths: 34, Dual: true, HoursTotal: 100, HoursPractice: 50, HoursEnterprise: 40}
	progB := domain.Programme{CollegeID: w.collegeB.ID, SpecialtyCode: "06130100", QualificationCode: qualification, DurationMonths: 34, Dual: true, HoursTotal: 100, HoursPractice: 50, HoursEnterprise: 40}
	must(t, st.CreateProgramme(ctx, &progA), st.CreateProgramme(ctx, &progB))
	w.progA = progA
	curated := domain.Group{CollegeID: w.collegeA.ID, ProgrammeID: progA.ID, Code: "ПО-24-1", IntakeYear: 2024, Language: "kk", CuratorID: teacher.ID}
	groupA2 := domain.Group{CollegeID: w.collegeA.ID, ProgrammeID: progA.ID, Code: "ПО-24-2", IntakeYear: 2024, Language: "ru"}
	groupB := domain.Group{CollegeID: w.collegeB.ID, ProgrammeID: progB.ID, Code: "Б-24-1", IntakeYear: 2024, Language: "kk"}
	must(t, st.CreateGroup(ctx, &curated), st.CreateGroup(ctx, &groupA2), st.CreateGroup(ctx, &groupB))
	student := func(first11, last string, g domain.Group) domain.Student {
		return domain.Student{IIN: complete(t, first11), Name: domain.PersonName{Last: last, First: "Аружан"},
			CollegeID: g.CollegeID, GroupID: g.ID, ProgrammeID: g.ProgrammeID, Funding: "state", Status: "studying", Phone: "+7 705 111 22 33",
			EnrolledOn: time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC)}
	}
	w.trainee = student("07031560100", "Серікова", curated)
	w.other = student("07031560200", "Әлиева", groupA2)
	w.far = student("07031560300", "Иванова", groupB)
	w.applicant = student("07031560400", "Нұрланова", groupA2)
	w.minor = student("10050560500", "Қасымова", curated)
	must(t, st.CreateStudent(ctx, &w.trainee), st.CreateStudent(ctx, &w.other), st.CreateStudent(ctx, &w.far),
		st.CreateStudent(ctx, &w.applicant), st.CreateStudent(ctx, &w.minor))

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
		"mentor":      {Role: domain.RoleMentor, EnterpriseID: w.ent.ID},
		"mentor2":     {Role: domain.RoleMentor, EnterpriseID: w.ent2.ID},
		"student":     {Role: domain.RoleStudent, CollegeID: w.collegeA.ID, StudentID: w.trainee.ID},
		"studentFar":  {Role: domain.RoleStudent, CollegeID: w.collegeB.ID, StudentID: w.far.ID},
		"applicant":   {Role: domain.RoleStudent, CollegeID: w.collegeA.ID, StudentID: w.applicant.ID},
		"minor":       {Role: domain.RoleStudent, CollegeID: w.collegeA.ID, StudentID: w.minor.ID},
		"auditor":     {Role: domain.RoleAuditor, RegionID: 75, ExpiresAt: expires},
		"auditorB":    {Role: domain.RoleAuditor, CollegeID: w.collegeB.ID, ExpiresAt: expires},
	} {
		u.Login = strings.ToLower(name)
		w.users[name] = testkit.NewUser(t, st, u)
	}

	mentor := func(e domain.Enterprise, user, name string) domain.Mentor {
		m := domain.Mentor{EnterpriseID: e.ID, UserID: w.users[user].ID, Name: name, Qualification: "Инженер-программист", ExperienceYears: 10, PayPerTrainee: 7000}
		must(t, st.SaveMentor(ctx, &m))
		return m
	}
	w.mA, w.mA2, w.mB, w.mC = mentor(w.ent, "mentor", "Ахметов Болат"), mentor(w.ent, "", "Бекова Дана"),
		mentor(w.ent2, "mentor2", "Петров Иван"), mentor(w.ent3, "", "Сидоров Олег")

	offer := func(e domain.Enterprise, college int64) domain.Offer {
		o := domain.Offer{EnterpriseID: e.ID, CollegeID: college, QualificationCode: qualification, CityID: e.CityID, Capacity: 3,
			StartsOn: time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2027, 6, 27, 0, 0, 0, 0, time.UTC),
			Weekdays: 0b111, HoursPerWeek: 24}
		must(t, st.SaveOffer(ctx, &o))
		return o
	}
	w.offers["draftA"] = offer(w.ent, w.collegeA.ID)
	w.offers["submittedA"] = offer(w.ent, w.collegeA.ID)
	w.offers["submittedRegion"] = offer(w.ent, 0)
	w.offers["open"] = offer(w.ent, 0)
	w.offers["draft2"] = offer(w.ent2, 0)
	w.offers["submittedB"] = offer(w.ent2, w.collegeB.ID)
	for _, name := range []string{"submittedA", "submittedRegion", "open", "submittedB"} {
		must(t, st.SubmitOffer(ctx, w.offers[name].ID))
	}
	must(t, st.ApproveOffer(ctx, w.offers["open"].ID), st.OpenOffer(ctx, w.offers["open"].ID))
	for name, o := range w.offers {
		o, err := st.Offer(ctx, o.ID)
		must(t, err)
		w.offers[name] = o
	}
	w.application = domain.Application{OfferID: w.offers["open"].ID, StudentID: w.applicant.ID, Note: "Хочу учиться"}
	must(t, st.Apply(ctx, &w.application))

	// The agreements started eight weeks ago, so that past weeks can be
	// written in the logbook.
	w.start = domain.WeekStart(domain.DateInKazakhstan(time.Now())).AddDate(0, 0, -8*7)
	agreement := func(s domain.Student, e domain.Enterprise, m domain.Mentor, guardian string) domain.Agreement {
		a := domain.Agreement{StudentID: s.ID, EnterpriseID: e.ID, MentorID: m.ID, Position: "Стажёр-программист",
			StartsOn: w.start, EndsOn: w.start.AddDate(0, 10, 0), Weekdays: 0b111, HoursPerWeek: 24, StipendTenge: 50000,
			MentorPay: 7000, GuardianName: guardian}
		must(t, st.CreateAgreement(ctx, &a), st.SendForSignature(ctx, a.ID))
		return a
	}
	activate := func(a domain.Agreement, student string) {
		must(t, st.ApproveAgreement(testkit.As(w.users["college"]), a.ID, 1, domain.PartyCollege),
			st.ApproveAgreement(testkit.As(w.users["enterprise"]), a.ID, 1, domain.PartyEnterprise),
			st.ApproveAgreement(testkit.As(w.users[student]), a.ID, 1, domain.PartyStudent))
	}
	w.agrTrainee = agreement(w.trainee, w.ent, w.mA, "")
	activate(w.agrTrainee, "student")
	w.agrOther = agreement(w.other, w.ent2, w.mB, "")
	w.agrFar = agreement(w.far, w.ent2, w.mB, "")
	activate(w.agrFar, "studentFar")
	w.agrMinor = agreement(w.minor, w.ent, w.mA2, "Қасымов Ерлан")

	entry := func(s domain.Student) domain.LogbookEntry {
		e := domain.LogbookEntry{StudentID: s.ID, WeekStart: w.start.AddDate(0, 0, 7), Days: 0b111, Hours: 24, Tasks: "Go, SQL, тесты"}
		must(t, st.SaveEntry(ctx, &e), st.SubmitEntry(ctx, e.ID))
		return e
	}
	w.entryTrainee, w.entryFar = entry(w.trainee), entry(w.far)
	return w
}

// as is the context of a request by the named user; "" is the public.
func (w *dual) as(user string) context.Context {
	if user == "" {
		return context.Background()
	}
	u, ok := w.users[user]
	if !ok {
		panic("no user " + user)
	}
	return testkit.As(u)
}

// sameIDs compares two sets of IDs.
func sameIDs(got, want []int64) bool {
	got, want = slices.Clone(got), slices.Clone(want)
	slices.Sort(got)
	slices.Sort(want)
	return slices.Equal(got, want)
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if domain.ErrorCode(err) != code {
		t.Errorf("%s: %v, want %q", what, err, code)
	}
}

// users lists the users of the tables below, the public first.
var dualUsers = []string{"", "ministry", "region", "region71", "college", "collegeB", "teacher", "enterprise", "enterprise2",
	"mentor", "mentor2", "student", "studentFar", "applicant", "auditor", "auditorB"}

// TestOfferScopes: which offers each role sees, by ID and in lists. A list
// without a status is the open catalogue; another status shows, within
// scope, exactly the offers in that state the role can open by ID.
func TestOfferScopes(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newDual(t, st)
		sees := map[string][]string{
			"":            {"open"},
			"ministry":    {"submittedA", "submittedRegion", "open", "submittedB"},
			"region":      {"submittedA", "submittedRegion", "open"},
			"region71":    {"open", "submittedB"},
			"college":     {"submittedA", "open"},
			"collegeB":    {"open", "submittedB"},
			"teacher":     {"open"},
			"enterprise":  {"draftA", "submittedA", "submittedRegion", "open"},
			"enterprise2": {"open", "draft2", "submittedB"},
			"mentor":      {"open"},
			"mentor2":     {"open"},
			"student":     {"open"},
			"studentFar":  {"open"},
			"applicant":   {"open"},
			"auditor":     {"submittedA", "submittedRegion", "open"},
			"auditorB":    {"open", "submittedB"},
		}
		for _, user := range dualUsers {
			t.Run(user, func(t *testing.T) {
				ctx := w.as(user)
				for _, name := range offerNames {
					o, err := w.reg.Offer(ctx, w.offers[name].ID)
					visible := slices.Contains(sees[user], name)
					switch {
					case visible && (err != nil || o.ID != w.offers[name].ID):
						t.Errorf("Offer(%s): %v, want it", name, err)
					case !visible && domain.ErrorCode(err) != domain.ENOTFOUND:
						t.Errorf("Offer(%s): %v, want not found", name, err)
					}
				}
				for _, status := range []domain.OfferStatus{"", domain.OfferOpen, domain.OfferSubmitted, domain.OfferDraft} {
					list, err := w.reg.Offers(ctx, domain.OfferFilter{Status: status})
					if err != nil {
						t.Fatalf("Offers(%q): %v", status, err)
					}
					var want []int64
					for _, name := range sees[user] {
						o := w.offers[name]
						if o.Status == status || (status == "" && o.Status == domain.OfferOpen) {
							want = append(want, o.ID)
						}
					}
					var got []int64
					for _, o := range list.Items {
						got = append(got, o.ID)
					}
					if !sameIDs(got, want) || list.Total != len(want) {
						t.Errorf("Offers(%q): %v (total %d), want %v", status, got, list.Total, want)
					}
				}
			})
		}
		// An enterprise's own list shows every state; asking for another
		// enterprise's drafts finds nothing.
		own, err := w.reg.Offers(w.as("enterprise"), domain.OfferFilter{EnterpriseID: w.ent.ID})
		if err != nil || own.Total != 4 {
			t.Fatalf("the enterprise's own offers: %d %v, want 4", own.Total, err)
		}
		other, err := w.reg.Offers(w.as("enterprise"), domain.OfferFilter{EnterpriseID: w.ent2.ID, Status: domain.OfferDraft})
		if err != nil || other.Total != 0 {
			t.Fatalf("another enterprise's drafts: %d %v", other.Total, err)
		}
		// A coordinator asking for another college's approvals finds nothing.
		b, err := w.reg.Offers(w.as("college"), domain.OfferFilter{CollegeID: w.collegeB.ID, Status: domain.OfferSubmitted})
		if err != nil || b.Total != 0 {
			t.Fatalf("college A reading college B's approvals: %d %v", b.Total, err)
		}
		// A bad filter gets the same answer in and out of scope.
		_, err = w.reg.Offers(w.as("student"), domain.OfferFilter{Status: "lost"})
		wantCode(t, "a student's list with an unknown status", err, domain.EINVALID)
	})
}

// TestOfferWrites: an enterprise writes only its own offers; approval is
// the partner college's, else the site's regional department's.
func TestOfferWrites(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newDual(t, st)
		draft := w.offers["draftA"]
		draft.Capacity = 10
		wantCode(t, "E2 editing E's draft", w.reg.SaveOffer(w.as("enterprise2"), &draft), domain.ENOTFOUND)
		wantCode(t, "E2 submitting E's draft", w.reg.SubmitOffer(w.as("enterprise2"), draft.ID), domain.ENOTFOUND)
		wantCode(t, "E2 closing E's open offer", w.reg.CloseOffer(w.as("enterprise2"), w.offers["open"].ID), domain.EFORBIDDEN)
		wantCode(t, "a college editing an offer", w.reg.SaveOffer(w.as("college"), &draft), domain.EFORBIDDEN)
		if err := w.reg.SaveOffer(w.as("enterprise"), &draft); err != nil {
			t.Fatalf("E editing its draft: %v", err)
		}

		// A new offer is the actor's enterprise's, whatever it says.
		o := w.offers["draft2"]
		o.ID, o.Status = 0, ""
		if err := w.reg.SaveOffer(w.as("enterprise"), &o); err != nil {
			t.Fatal(err)
		}
		if saved, _ := st.Offer(context.Background(), o.ID); saved.EnterpriseID != w.ent.ID {
			t.Fatalf("an offer made by E belongs to %d", saved.EnterpriseID)
		}

		sA, sR, sB := w.offers["submittedA"].ID, w.offers["submittedRegion"].ID, w.offers["submittedB"].ID
		for _, c := range []struct {
			user  string
			offer int64
			code  string
			key   string
		}{
			{"collegeB", sA, domain.ENOTFOUND, ""},                    // cannot see it
			{"region71", sR, domain.ENOTFOUND, ""},                    // another region's
			{"region", sA, domain.EFORBIDDEN, "error.offer.approver"}, // sees it, but college A decides
			{"college", sR, domain.ENOTFOUND, ""},                     // names no college: not A's to see
			{"college", draft.ID, domain.ENOTFOUND, ""},               // a draft is the enterprise's own
			{"enterprise", sA, domain.EFORBIDDEN, "error.forbidden"},  // its own, but not its to approve
			{"auditor", sA, domain.EFORBIDDEN, "error.forbidden"},     // looks, never touches
			{"teacher", sA, domain.EFORBIDDEN, "error.forbidden"},     //
			{"", sA, domain.EUNAUTHORIZED, "error.signin.required"},   //
			{"collegeB", sB, "", ""},                                  // its partner college decides
			{"region", sR, "", ""},                                    // no partner: the region decides
		} {
			err := w.reg.ApproveOffer(w.as(c.user), c.offer)
			wantCode(t, c.user+" approving offer "+fmt.Sprint(c.offer), err, c.code)
			if c.key != "" && domain.AsError(err).Key != c.key {
				t.Errorf("%s approving: key %s, want %s", c.user, domain.AsError(err).Key, c.key)
			}
		}
		wantCode(t, "region referring A's offer", w.reg.ReferOffer(w.as("region"), sA, "no"), domain.EFORBIDDEN)
		if err := w.reg.ReferOffer(w.as("college"), sA, "Уточните требования"); err != nil {
			t.Fatalf("college A referring its offer back: %v", err)
		}
	})
}

// TestApplications: a student applies as themself to offers they can see;
// applications are read within scope and decided by the offer's enterprise.
func TestApplications(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newDual(t, st)
		app := w.application.ID
		for _, c := range []struct {
			user string
			sees bool
			code string // for the list
		}{
			{user: "", code: domain.EUNAUTHORIZED},
			{user: "ministry", sees: true},
			{user: "region", sees: true},
			{user: "region71"},
			{user: "college", sees: true},
			{user: "collegeB"},
			{user: "teacher", code: domain.EFORBIDDEN},
			{user: "enterprise", sees: true},
			{user: "enterprise2"},
			{user: "mentor", code: domain.EFORBIDDEN},
			{user: "student"},
			{user: "applicant", sees: true},
			{user: "auditor", sees: true},
			{user: "auditorB"},
		} {
			ctx := w.as(c.user)
			list, err := w.reg.Applications(ctx, domain.ApplicationFilter{})
			if c.code != "" {
				wantCode(t, c.user+" listing applications", err, c.code)
				_, err := w.reg.Application(ctx, app)
				wantCode(t, c.user+" reading an application", err, c.code)
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", c.user, err)
			}
			if got := list.Total == 1 && list.Items[0].ID == app; got != c.sees || list.Total > 1 {
				t.Errorf("%s lists %+v, sees %v", c.user, list.Items, c.sees)
			}
			_, err = w.reg.Application(ctx, app)
			if c.sees != (err == nil) || (!c.sees && domain.ErrorCode(err) != domain.ENOTFOUND) {
				t.Errorf("%s reading the application: %v, sees %v", c.user, err, c.sees)
			}
		}

		// Applying: always as oneself, only to an offer one can see.
		a := domain.Application{OfferID: w.offers["open"].ID, StudentID: w.applicant.ID}
		if err := w.reg.Apply(w.as("minor"), &a); err != nil {
			t.Fatal(err)
		}
		if a.StudentID != w.minor.ID {
			t.Fatalf("an application made by the minor is for student %d", a.StudentID)
		}
		wantCode(t, "applying to a draft", w.reg.Apply(w.as("applicant"), &domain.Application{OfferID: w.offers["draft2"].ID}), domain.ENOTFOUND)
		wantCode(t, "applying to a submitted offer", w.reg.Apply(w.as("applicant"), &domain.Application{OfferID: w.offers["submittedA"].ID}), domain.ENOTFOUND)
		wantCode(t, "an enterprise applying", w.reg.Apply(w.as("enterprise"), &domain.Application{OfferID: w.offers["open"].ID}), domain.EFORBIDDEN)

		// Deciding and withdrawing: the offer's enterprise, the applicant.
		wantCode(t, "another student withdrawing", w.reg.WithdrawApplication(w.as("student"), app), domain.ENOTFOUND)
		_, err := w.reg.AcceptApplication(w.as("enterprise2"), app)
		wantCode(t, "E2 accepting an application to E's offer", err, domain.ENOTFOUND)
		wantCode(t, "E2 declining it", w.reg.DeclineApplication(w.as("enterprise2"), app, "нет мест"), domain.ENOTFOUND)
		wantCode(t, "a college declining it", w.reg.DeclineApplication(w.as("college"), app, "нет"), domain.EFORBIDDEN)
		if err := w.reg.WithdrawApplication(w.as("minor"), a.ID); err != nil {
			t.Fatalf("the minor withdrawing their own: %v", err)
		}
		id, err := w.reg.AcceptApplication(w.as("enterprise"), app)
		if err != nil {
			t.Fatalf("E accepting: %v", err)
		}
		// The draft agreement it made is the applicant's to read, and E's.
		if _, err := w.reg.Agreement(w.as("applicant"), id); err != nil {
			t.Fatalf("the applicant's new agreement: %v", err)
		}
		if _, err := w.reg.Agreement(w.as("enterprise2"), id); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("E2 reading it: %v", err)
		}
	})
}

// TestAgreementScopes: which agreements each role sees, by ID, in lists
// and in the work records, and whose IIN it sees in full.
func TestAgreementScopes(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newDual(t, st)
		T, O, F, M := w.agrTrainee.ID, w.agrOther.ID, w.agrFar.ID, w.agrMinor.ID
		iins := map[int64]string{T: w.trainee.IIN, O: w.other.IIN, F: w.far.IIN, M: w.minor.IIN}
		active := []int64{T, F} // work records are kept of agreements that became active
		for _, c := range []struct {
			user     string
			sees     []int64
			personal bool
			code     string
		}{
			{user: "", code: domain.EUNAUTHORIZED},
			{user: "ministry", sees: []int64{T, O, F, M}},
			{user: "region", sees: []int64{T, O, M}},
			{user: "region71", sees: []int64{F}},
			{user: "college", sees: []int64{T, O, M}, personal: true},
			{user: "collegeB", sees: []int64{F}, personal: true},
			{user: "teacher", sees: []int64{T, M}, personal: true},
			{user: "enterprise", sees: []int64{T, M}, personal: true},
			{user: "enterprise2", sees: []int64{O, F}, personal: true},
			{user: "mentor", sees: []int64{T}},
			{user: "mentor2", sees: []int64{O, F}},
			{user: "student", sees: []int64{T}, personal: true},
			{user: "studentFar", sees: []int64{F}, personal: true},
			{user: "applicant", sees: nil, personal: true},
			{user: "auditor", sees: []int64{T, O, M}},
			{user: "auditorB", sees: []int64{F}},
		} {
			t.Run(c.user, func(t *testing.T) {
				ctx := w.as(c.user)
				list, err := w.reg.Agreements(ctx, domain.AgreementFilter{})
				if c.code != "" {
					wantCode(t, "list", err, c.code)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				checkIIN := func(what string, id int64, iin string, masked bool) {
					t.Helper()
					if full := iin == iins[id]; full != c.personal || masked == c.personal || (!full && iin != domain.MaskIIN(iins[id])) {
						t.Errorf("%s %d: IIN %q masked %v, want personal data %v", what, id, iin, masked, c.personal)
					}
				}
				var got []int64
				for _, a := range list.Items {
					got = append(got, a.ID)
					checkIIN("listed agreement", a.ID, a.StudentIIN, a.Masked)
				}
				if !sameIDs(got, c.sees) || list.Total != len(c.sees) {
					t.Fatalf("sees %v (total %d), want %v", got, list.Total, c.sees)
				}
				for _, id := range []int64{T, O, F, M} {
					a, err := w.reg.Agreement(ctx, id)
					switch in := slices.Contains(c.sees, id); {
					case in && err != nil:
						t.Errorf("Agreement(%d): %v", id, err)
					case in:
						checkIIN("agreement", id, a.StudentIIN, a.Masked)
						if !a.GuardianRequired() != (id != M) {
							t.Errorf("agreement %d: guardian required %v after masking", id, a.GuardianRequired())
						}
					case domain.ErrorCode(err) != domain.ENOTFOUND:
						t.Errorf("Agreement(%d) out of scope: %v, want not found", id, err)
					}
				}
				got = got[:0]
				err = w.reg.WorkRecords(ctx, domain.AgreementFilter{}, func(r domain.WorkRecord) error {
					got = append(got, r.AgreementID)
					checkIIN("work record", r.AgreementID, r.StudentIIN, r.StudentIIN != iins[r.AgreementID])
					return nil
				})
				var want []int64
				for _, id := range c.sees {
					if slices.Contains(active, id) {
						want = append(want, id)
					}
				}
				if err != nil || !sameIDs(got, want) {
					t.Errorf("work records %v %v, want %v", got, err, want)
				}
			})
		}
		// Asking for another college or enterprise through the filter
		// finds nothing.
		for _, c := range []struct {
			user string
			f    domain.AgreementFilter
		}{
			{"college", domain.AgreementFilter{CollegeID: w.collegeB.ID}},
			{"enterprise", domain.AgreementFilter{EnterpriseID: w.ent2.ID}},
			{"student", domain.AgreementFilter{StudentID: w.far.ID}},
			{"region", domain.AgreementFilter{RegionID: 71}},
		} {
			list, err := w.reg.Agreements(w.as(c.user), c.f)
			if err != nil || list.Total != 0 {
				t.Errorf("%s asking for %+v: %d %v", c.user, c.f, list.Total, err)
			}
		}
		// Party changes follow the student.
		if _, err := w.reg.PartyChanges(w.as("collegeB"), w.trainee.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("college B reading the trainee's changes: %v", err)
		}
		if _, err := w.reg.PartyChanges(w.as("mentor"), w.trainee.ID); err != nil {
			t.Errorf("the mentor reading the trainee's changes: %v", err)
		}
	})
}

// TestAgreementWrites: the parties write, each approves only as itself,
// and another party's agreement is not found.
func TestAgreementWrites(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newDual(t, st)
		T, M := w.agrTrainee.ID, w.agrMinor.ID
		terms := w.agrMinor.Terms()
		terms.Position = "Стажёр-тестировщик"

		wantCode(t, "college B editing", w.reg.EditAgreement(w.as("collegeB"), M, 1, terms), domain.ENOTFOUND)
		wantCode(t, "E2 editing", w.reg.EditAgreement(w.as("enterprise2"), M, 1, terms), domain.ENOTFOUND)
		wantCode(t, "the teacher editing", w.reg.EditAgreement(w.as("teacher"), M, 1, terms), domain.EFORBIDDEN)
		wantCode(t, "the student editing", w.reg.EditAgreement(w.as("minor"), M, 1, terms), domain.EFORBIDDEN)
		wantCode(t, "E2 terminating", w.reg.TerminateAgreement(w.as("enterprise2"), T, "причина"), domain.ENOTFOUND)
		wantCode(t, "E completing", w.reg.CompleteAgreement(w.as("enterprise"), T), domain.EFORBIDDEN)
		_, err := w.reg.ChangeEnterprise(w.as("enterprise"), T, w.ent3.ID, 0, "переезд")
		wantCode(t, "E moving the student to E3", err, domain.EFORBIDDEN)
		_, err = w.reg.ChangeEnterprise(w.as("collegeB"), T, w.ent3.ID, 0, "переезд")
		wantCode(t, "college B moving A's student", err, domain.ENOTFOUND)
		wantCode(t, "E2 changing E's mentor", w.reg.ChangeMentor(w.as("enterprise2"), T, w.mB.ID, "отпуск"), domain.ENOTFOUND)
		wantCode(t, "the mentor changing the mentor", w.reg.ChangeMentor(w.as("mentor"), T, w.mA2.ID, "отпуск"), domain.EFORBIDDEN)
		if err := w.reg.ChangeMentor(w.as("enterprise"), T, w.mA2.ID, "Наставник в отпуске"); err != nil {
			t.Fatalf("E changing its mentor: %v", err)
		}
		// The old mentor no longer sees the trainee's agreement.
		if _, err := w.reg.Agreement(w.as("mentor"), T); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("the replaced mentor reading the agreement: %v", err)
		}

		// Drafting: a college for its own students, an enterprise for its
		// own enterprise and a student who applied to it.
		draft := func(s domain.Student, e domain.Enterprise) *domain.Agreement {
			return &domain.Agreement{StudentID: s.ID, EnterpriseID: e.ID, Position: "Стажёр", StartsOn: w.start,
				EndsOn: w.start.AddDate(0, 6, 0), Weekdays: 0b11, HoursPerWeek: 16}
		}
		for _, c := range []struct {
			user string
			a    *domain.Agreement
			code string
		}{
			{"college", draft(w.applicant, w.ent3), ""}, // recreated below
			{"college", draft(w.far, w.ent), domain.EINVALID},
			{"collegeB", draft(w.applicant, w.ent), domain.EINVALID},
			{"enterprise2", draft(w.applicant, w.ent2), domain.EINVALID}, // did not apply to E2
			{"teacher", draft(w.applicant, w.ent), domain.EFORBIDDEN},
			{"student", draft(w.trainee, w.ent), domain.EFORBIDDEN},
		} {
			err := w.reg.CreateAgreement(w.as(c.user), c.a)
			wantCode(t, c.user+" drafting for student "+fmt.Sprint(c.a.StudentID), err, c.code)
			if c.code == domain.EINVALID && domain.AsError(err).Key != "error.agreement.student" {
				t.Errorf("%s: key %s", c.user, domain.AsError(err).Key)
			}
			if c.code == "" {
				wantCode(t, "terminating the draft", w.reg.TerminateAgreement(w.as("college"), c.a.ID, "ошибка"), "")
			}
		}
		a := draft(w.applicant, w.ent2) // applied to E's open offer: E may draft, for E only
		a.OfferID = w.offers["draft2"].ID
		err = w.reg.CreateAgreement(w.as("enterprise"), a)
		if domain.ErrorCode(err) != domain.EINVALID || domain.AsError(err).Key != "error.agreement.offer" {
			t.Fatalf("E drafting on E2's offer: %v", err)
		}
		a.OfferID = w.offers["open"].ID
		if err := w.reg.CreateAgreement(w.as("enterprise"), a); err != nil {
			t.Fatalf("E drafting for its applicant: %v", err)
		}
		if a.EnterpriseID != w.ent.ID {
			t.Fatalf("E's draft names enterprise %d", a.EnterpriseID)
		}

		// Approving the minor's agreement: each party as itself.
		for _, c := range []struct {
			user  string
			party domain.Party
			code  string
			key   string
		}{
			{"enterprise", domain.PartyCollege, domain.EFORBIDDEN, "error.agreement.party"},
			{"enterprise", domain.PartyGuardian, domain.EFORBIDDEN, "error.agreement.party"},
			{"minor", domain.PartyEnterprise, domain.EFORBIDDEN, "error.agreement.party"},
			{"minor", domain.PartyGuardian, domain.EFORBIDDEN, "error.agreement.party"},
			{"college", domain.PartyStudent, domain.EFORBIDDEN, "error.agreement.party"},
			{"college", "boss", domain.EINVALID, "error.agreement.party"},
			{"student", domain.PartyStudent, domain.ENOTFOUND, ""}, // another student's
			{"enterprise2", domain.PartyEnterprise, domain.ENOTFOUND, ""},
			{"collegeB", domain.PartyCollege, domain.ENOTFOUND, ""},
			{"mentor", domain.PartyEnterprise, domain.EFORBIDDEN, "error.forbidden"},
			{"teacher", domain.PartyCollege, domain.EFORBIDDEN, "error.forbidden"},
			{"auditor", domain.PartyCollege, domain.EFORBIDDEN, "error.forbidden"},
			{"college", domain.PartyGuardian, "", ""},
			{"college", domain.PartyCollege, "", ""},
			{"enterprise", domain.PartyEnterprise, "", ""},
			{"minor", domain.PartyStudent, "", ""},
		} {
			err := w.reg.ApproveAgreement(w.as(c.user), M, 1, c.party)
			wantCode(t, c.user+" approving as "+string(c.party), err, c.code)
			if c.key != "" && domain.AsError(err).Key != c.key {
				t.Errorf("%s approving as %s: key %s, want %s", c.user, c.party, domain.AsError(err).Key, c.key)
			}
		}
		got, err := w.reg.Agreement(w.as("minor"), M)
		if err != nil || got.Status != domain.AgreementActive {
			t.Fatalf("after every party approved: %s %v", got.Status, err)
		}
	})
}

// TestLogbookScopes: who reads, writes, signs and reviews which entries.
func TestLogbookScopes(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newDual(t, st)
		eT, eF := w.entryTrainee.ID, w.entryFar.ID
		for _, c := range []struct {
			user string
			sees []int64
			code string
		}{
			{user: "", code: domain.EUNAUTHORIZED},
			{user: "ministry", code: domain.EFORBIDDEN},
			{user: "region", code: domain.EFORBIDDEN},
			{user: "college", sees: []int64{eT}},
			{user: "collegeB", sees: []int64{eF}},
			{user: "teacher", sees: []int64{eT}},
			{user: "enterprise", sees: []int64{eT}},
			{user: "enterprise2", sees: []int64{eF}},
			{user: "mentor", sees: []int64{eT}},
			{user: "mentor2", sees: []int64{eF}},
			{user: "student", sees: []int64{eT}},
			{user: "studentFar", sees: []int64{eF}},
			{user: "applicant"},
			{user: "auditor", sees: []int64{eT}},
			{user: "auditorB", sees: []int64{eF}},
		} {
			ctx := w.as(c.user)
			list, err := w.reg.Entries(ctx, domain.EntryFilter{})
			if c.code != "" {
				wantCode(t, c.user+" listing entries", err, c.code)
				_, err := w.reg.Entry(ctx, eT)
				wantCode(t, c.user+" reading an entry", err, c.code)
				continue
			}
			var got []int64
			for _, e := range list.Items {
				got = append(got, e.ID)
			}
			if err != nil || !sameIDs(got, c.sees) || list.Total != len(c.sees) {
				t.Errorf("%s lists entries %v (total %d) %v, want %v", c.user, got, list.Total, err, c.sees)
			}
			for _, id := range []int64{eT, eF} {
				_, err := w.reg.Entry(ctx, id)
				if in := slices.Contains(c.sees, id); in != (err == nil) || (!in && domain.ErrorCode(err) != domain.ENOTFOUND) {
					t.Errorf("%s reading entry %d: %v, in scope %v", c.user, id, err, in)
				}
			}
		}

		// The student writes only their own entries.
		e := domain.LogbookEntry{StudentID: w.far.ID, WeekStart: w.start.AddDate(0, 0, 14), Days: 0b11, Hours: 16, Tasks: "код-ревью"}
		if err := w.reg.SaveEntry(w.as("student"), &e); err != nil {
			t.Fatal(err)
		}
		if e.StudentID != w.trainee.ID || e.AgreementID != w.agrTrainee.ID {
			t.Fatalf("an entry written by the trainee is student %d's under agreement %d", e.StudentID, e.AgreementID)
		}
		other := w.entryFar
		other.Tasks = "подмена"
		wantCode(t, "the trainee editing far's entry", w.reg.SaveEntry(w.as("student"), &other), domain.ENOTFOUND)
		wantCode(t, "the trainee submitting far's entry", w.reg.SubmitEntry(w.as("student"), eF), domain.ENOTFOUND)
		_, err := w.reg.CorrectEntry(w.as("student"), eF)
		wantCode(t, "the trainee correcting far's entry", err, domain.ENOTFOUND)
		wantCode(t, "the mentor writing an entry", w.reg.SaveEntry(w.as("mentor"), &domain.LogbookEntry{WeekStart: w.start, Days: 1, Hours: 8, Tasks: "x"}), domain.EFORBIDDEN)

		// Only the agreement's mentor signs or returns.
		wantCode(t, "mentor A signing far's entry", w.reg.SignEntry(w.as("mentor"), eF), domain.ENOTFOUND)
		wantCode(t, "mentor A returning far's entry", w.reg.ReturnEntry(w.as("mentor"), eF, "нет"), domain.ENOTFOUND)
		wantCode(t, "E signing", w.reg.SignEntry(w.as("enterprise"), eT), domain.EFORBIDDEN)
		wantCode(t, "the student signing", w.reg.SignEntry(w.as("student"), eT), domain.EFORBIDDEN)
		if err := w.reg.SignEntry(w.as("mentor2"), eF); err != nil {
			t.Fatalf("far's mentor signing: %v", err)
		}
		if err := w.reg.ReturnEntry(w.as("mentor"), eT, "Добавьте задачи"); err != nil {
			t.Fatalf("the trainee's mentor returning: %v", err)
		}

		// Review: the college of the student, the teacher of the group.
		wantCode(t, "the teacher reviewing far's entry", w.reg.ReviewEntry(w.as("teacher"), eF, ""), domain.ENOTFOUND)
		wantCode(t, "college A reviewing far's entry", w.reg.ReviewEntry(w.as("college"), eF, ""), domain.ENOTFOUND)
		wantCode(t, "the mentor reviewing", w.reg.ReviewEntry(w.as("mentor2"), eF, ""), domain.EFORBIDDEN)
		if err := w.reg.ReviewEntry(w.as("collegeB"), eF, "Хорошо"); err != nil {
			t.Fatalf("college B reviewing its student's entry: %v", err)
		}

		// Photos: attached by the student to their own entry, readable by
		// whoever reads the entry.
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde")
		_, err = w.reg.AddPhoto(w.as("studentFar"), eT, png)
		wantCode(t, "far attaching a photo to the trainee's entry", err, domain.ENOTFOUND)
		p, err := w.reg.AddPhoto(w.as("student"), eT, png)
		if err != nil {
			t.Fatalf("the trainee attaching a photo to the returned entry: %v", err)
		}
		for _, c := range []struct {
			user string
			code string
		}{
			{"student", ""}, {"mentor", ""}, {"teacher", ""}, {"enterprise", ""}, {"auditor", ""},
			{"studentFar", domain.ENOTFOUND}, {"mentor2", domain.ENOTFOUND}, {"enterprise2", domain.ENOTFOUND},
			{"collegeB", domain.ENOTFOUND}, {"ministry", domain.EFORBIDDEN}, {"", domain.EUNAUTHORIZED},
		} {
			_, data, err := w.reg.Photo(w.as(c.user), p.ID)
			wantCode(t, c.user+" reading the photo", err, c.code)
			if err == nil && string(data) != string(png) {
				t.Errorf("%s got other bytes", c.user)
			}
		}
		wantCode(t, "far deleting the trainee's photo", w.reg.DeletePhoto(w.as("studentFar"), p.ID), domain.ENOTFOUND)
		wantCode(t, "the mentor deleting the photo", w.reg.DeletePhoto(w.as("mentor"), p.ID), domain.EFORBIDDEN)
		if err := w.reg.DeletePhoto(w.as("student"), p.ID); err != nil {
			t.Fatalf("the trainee deleting their photo: %v", err)
		}
	})
}

// TestMentorScopes: mentors are read within the enterprise, the college's
// partners, the region or the country; an enterprise keeps only its own.
func TestMentorScopes(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newDual(t, st)
		mA, mA2, mB, mC := w.mA.ID, w.mA2.ID, w.mB.ID, w.mC.ID
		enterpriseOf := map[int64]int64{mA: w.ent.ID, mA2: w.ent.ID, mB: w.ent2.ID, mC: w.ent3.ID}
		for _, c := range []struct {
			user    string
			sees    []int64
			college bool // lists one partner enterprise at a time
			code    string
		}{
			{user: "", code: domain.EUNAUTHORIZED},
			{user: "student", code: domain.EFORBIDDEN},
			{user: "ministry", sees: []int64{mA, mA2, mB, mC}},
			{user: "region", sees: []int64{mA, mA2, mC}},
			{user: "region71", sees: []int64{mB}},
			{user: "enterprise", sees: []int64{mA, mA2}},
			{user: "mentor", sees: []int64{mA, mA2}},
			{user: "enterprise2", sees: []int64{mB}},
			{user: "mentor2", sees: []int64{mB}},
			{user: "auditor", sees: []int64{mA, mA2, mC}},
			// College A has agreements with E and E2; B with E2 only.
			{user: "college", sees: []int64{mA, mA2, mB}, college: true},
			{user: "teacher", sees: []int64{mA, mA2, mB}, college: true},
			{user: "collegeB", sees: []int64{mB}, college: true},
			{user: "auditorB", sees: []int64{mB}, college: true},
		} {
			ctx := w.as(c.user)
			for _, id := range []int64{mA, mA2, mB, mC} {
				_, err := w.reg.Mentor(ctx, id)
				switch in := slices.Contains(c.sees, id); {
				case c.code != "":
					wantCode(t, c.user+" reading a mentor", err, c.code)
				case in != (err == nil) || (!in && domain.ErrorCode(err) != domain.ENOTFOUND):
					t.Errorf("%s reading mentor %d: %v, in scope %v", c.user, id, err, in)
				}
			}
			list, err := w.reg.Mentors(ctx, domain.MentorFilter{})
			switch {
			case c.code != "":
				wantCode(t, c.user+" listing mentors", err, c.code)
				continue
			case c.college:
				wantCode(t, c.user+" listing mentors without an enterprise", err, domain.EINVALID)
				for _, e := range []int64{w.ent.ID, w.ent2.ID, w.ent3.ID} {
					list, err := w.reg.Mentors(ctx, domain.MentorFilter{EnterpriseID: e})
					var got, want []int64
					for _, m := range list.Items {
						got = append(got, m.ID)
					}
					for _, id := range c.sees {
						if enterpriseOf[id] == e {
							want = append(want, id)
						}
					}
					if err != nil || !sameIDs(got, want) {
						t.Errorf("%s listing the mentors of enterprise %d: %v %v, want %v", c.user, e, got, err, want)
					}
				}
			default:
				var got []int64
				for _, m := range list.Items {
					got = append(got, m.ID)
				}
				if err != nil || !sameIDs(got, c.sees) || list.Total != len(c.sees) {
					t.Errorf("%s lists mentors %v %v, want %v", c.user, got, err, c.sees)
				}
			}
		}
		if m, err := w.reg.MentorByUser(w.as("mentor"), w.users["mentor"].ID); err != nil || m.ID != mA {
			t.Errorf("the mentor finding their own record: %+v %v", m, err)
		}
		if _, err := w.reg.MentorByUser(w.as("mentor"), w.users["mentor2"].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("mentor A finding mentor B's record: %v", err)
		}

		// An enterprise keeps its own mentors only.
		m := w.mA
		m.PayPerTrainee = 8000
		wantCode(t, "E2 changing E's mentor", w.reg.SaveMentor(w.as("enterprise2"), &m), domain.ENOTFOUND)
		wantCode(t, "a college changing a mentor", w.reg.SaveMentor(w.as("college"), &m), domain.EFORBIDDEN)
		if err := w.reg.SaveMentor(w.as("enterprise"), &m); err != nil {
			t.Fatal(err)
		}
		n := domain.Mentor{EnterpriseID: w.ent2.ID, Name: "Новый Наставник", Qualification: "Сварщик", ExperienceYears: 5}
		if err := w.reg.SaveMentor(w.as("enterprise"), &n); err != nil || n.EnterpriseID != w.ent.ID {
			t.Fatalf("E's new mentor is at enterprise %d: %v", n.EnterpriseID, err)
		}
		// Linking another enterprise's mentor account would hand E's
		// trainees to it.
		n.UserID = w.users["mentor2"].ID
		err := w.reg.SaveMentor(w.as("enterprise"), &n)
		if domain.ErrorCode(err) != domain.EINVALID || domain.AsError(err).Key != "error.mentor.account" {
			t.Fatalf("E linking E2's mentor account: %v", err)
		}
	})
}

// TestDualSettingsAccess: every signed-in role reads the settings, the
// ministry alone changes them.
func TestDualSettingsAccess(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newDual(t, st)
		for _, user := range dualUsers {
			_, err := w.reg.DualSettings(w.as(user))
			want := ""
			if user == "" {
				want = domain.EUNAUTHORIZED
			}
			wantCode(t, user+" reading the settings", err, want)
		}
		s := domain.DefaultDualSettings
		s.MaxTraineesPerMentor = 1
		for _, user := range []string{"college", "region", "enterprise", "auditor"} {
			wantCode(t, user+" changing the settings", w.reg.UpdateDualSettings(w.as(user), s), domain.EFORBIDDEN)
		}
		if err := w.reg.UpdateDualSettings(w.as("ministry"), s); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.reg.DualSettings(w.as("student")); got.MaxTraineesPerMentor != 1 {
			t.Fatalf("settings after the change: %+v", got)
		}
	})
}

// TestAuditorWritesNothing: an auditor in scope of everything in the
// fixture can read it but every write is refused.
func TestAuditorWritesNothing(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newDual(t, st)
		country := testkit.NewUser(t, st, domain.User{Login: "auditor-country", Role: domain.RoleAuditor, ExpiresAt: time.Now().Add(time.Hour)})
		ctx := testkit.As(country)
		r := w.reg
		if _, err := r.Agreement(ctx, w.agrFar.ID); err != nil {
			t.Fatalf("the auditor reading: %v", err)
		}
		offer := w.offers["draftA"]
		mentor := w.mA
		entry := w.entryTrainee
		terms := w.agrMinor.Terms()
		for name, write := range map[string]func() error{
			"UpdateDualSettings":  func() error { return r.UpdateDualSettings(ctx, domain.DefaultDualSettings) },
			"SaveMentor":          func() error { return r.SaveMentor(ctx, &mentor) },
			"SaveOffer":           func() error { return r.SaveOffer(ctx, &offer) },
			"SubmitOffer":         func() error { return r.SubmitOffer(ctx, offer.ID) },
			"ApproveOffer":        func() error { return r.ApproveOffer(ctx, w.offers["submittedA"].ID) },
			"ReferOffer":          func() error { return r.ReferOffer(ctx, w.offers["submittedA"].ID, "x") },
			"OpenOffer":           func() error { return r.OpenOffer(ctx, offer.ID) },
			"CloseOffer":          func() error { return r.CloseOffer(ctx, w.offers["open"].ID) },
			"Apply":               func() error { return r.Apply(ctx, &domain.Application{OfferID: w.offers["open"].ID}) },
			"WithdrawApplication": func() error { return r.WithdrawApplication(ctx, w.application.ID) },
			"AcceptApplication": func() error {
				_, err := r.AcceptApplication(ctx, w.application.ID)
				return err
			},
			"DeclineApplication": func() error { return r.DeclineApplication(ctx, w.application.ID, "x") },
			"CreateAgreement": func() error {
				return r.CreateAgreement(ctx, &domain.Agreement{StudentID: w.applicant.ID, EnterpriseID: w.ent.ID})
			},
			"EditAgreement":      func() error { return r.EditAgreement(ctx, w.agrMinor.ID, 1, terms) },
			"SendForSignature":   func() error { return r.SendForSignature(ctx, w.agrMinor.ID) },
			"ApproveAgreement":   func() error { return r.ApproveAgreement(ctx, w.agrMinor.ID, 1, domain.PartyCollege) },
			"CompleteAgreement":  func() error { return r.CompleteAgreement(ctx, w.agrTrainee.ID) },
			"TerminateAgreement": func() error { return r.TerminateAgreement(ctx, w.agrTrainee.ID, "x") },
			"ChangeMentor":       func() error { return r.ChangeMentor(ctx, w.agrTrainee.ID, w.mA2.ID, "x") },
			"ChangeEnterprise": func() error {
				_, err := r.ChangeEnterprise(ctx, w.agrTrainee.ID, w.ent3.ID, w.mC.ID, "x")
				return err
			},
			"SaveEntry":   func() error { return r.SaveEntry(ctx, &entry) },
			"SubmitEntry": func() error { return r.SubmitEntry(ctx, entry.ID) },
			"SignEntry":   func() error { return r.SignEntry(ctx, entry.ID) },
			"ReturnEntry": func() error { return r.ReturnEntry(ctx, entry.ID, "x") },
			"ReviewEntry": func() error { return r.ReviewEntry(ctx, entry.ID, "x") },
			"CorrectEntry": func() error {
				_, err := r.CorrectEntry(ctx, entry.ID)
				return err
			},
			"AddPhoto": func() error {
				_, err := r.AddPhoto(ctx, entry.ID, []byte("\x89PNG\r\n\x1a\n"))
				return err
			},
			"DeletePhoto": func() error { return r.DeletePhoto(ctx, 1) },
			"AssessCompetence": func() error {
				return r.AssessCompetence(ctx, &domain.CompetenceAssessment{StudentID: w.trainee.ID, CompetenceID: 1, Level: 3})
			},
			"RecordFinalAssessment": func() error {
				return r.RecordFinalAssessment(ctx, &domain.FinalAssessment{StudentID: w.trainee.ID, Grade: 5})
			},
		} {
			wantCode(t, "the auditor: "+name, write(), domain.EFORBIDDEN)
		}
		// Nothing changed on the way.
		if a, _ := st.Agreement(context.Background(), w.agrTrainee.ID); a.Status != domain.AgreementActive || a.MentorID != w.mA.ID {
			t.Fatalf("the auditor changed an agreement: %+v", a)
		}
	})
}

// TestProgressScopes: progress, assessments and admission follow the
// student's scope; the needs-attention list is a college's; only the
// trainee's mentor assesses and only the student's college records the
// final assessment.
func TestProgressScopes(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newDual(t, st)
		ctx := context.Background()
		must(t, st.InsertCompetences(ctx, []domain.Competence{{ID: 9001, ProgrammeID: w.progA.ID, Code: "ПК 1",
			Name: domain.Names{KK: "Бағдарлама жазу", RU: "Разработка программ", EN: "Programming"}}}))
		readers := []string{"ministry", "region", "college", "teacher", "enterprise", "mentor", "student", "auditor"}
		for _, user := range dualUsers {
			code := domain.ENOTFOUND
			switch {
			case user == "":
				code = domain.EUNAUTHORIZED
			case slices.Contains(readers, user):
				code = ""
			}
			c := w.as(user)
			p, err := w.reg.Progress(c, w.trainee.ID)
			wantCode(t, user+" reading the trainee's progress", err, code)
			if err == nil && p.AgreementID != w.agrTrainee.ID {
				t.Errorf("%s: progress under agreement %d", user, p.AgreementID)
			}
			_, err = w.reg.Assessments(c, w.trainee.ID)
			wantCode(t, user+" reading the trainee's assessments", err, code)
			_, err = w.reg.Admission(c, w.trainee.ID)
			wantCode(t, user+" reading the trainee's admission", err, code)
			_, err = w.reg.FinalAssessments(c, w.trainee.ID)
			wantCode(t, user+" reading the trainee's final assessments", err, code)
			competences, err := w.reg.Competences(c, w.progA.ID)
			if user == "" {
				wantCode(t, "the public reading competences", err, domain.EUNAUTHORIZED)
			} else if err != nil || len(competences) != 1 {
				t.Errorf("%s reading competences: %v %v", user, competences, err)
			}
		}

		A, B := w.collegeA.ID, w.collegeB.ID
		for _, c := range []struct {
			user    string
			college int64
			sees    []int64
			code    string
		}{
			{user: "college", sees: []int64{w.trainee.ID}},
			{user: "college", college: B},
			{user: "teacher", sees: []int64{w.trainee.ID}},
			{user: "collegeB", sees: []int64{w.far.ID}},
			{user: "region", college: A, sees: []int64{w.trainee.ID}},
			{user: "region", college: B},
			{user: "region", code: domain.EINVALID},
			{user: "ministry", college: B, sees: []int64{w.far.ID}},
			{user: "auditor", college: B},
			{user: "auditorB", sees: []int64{w.far.ID}},
			{user: "enterprise", college: A, code: domain.EFORBIDDEN},
			{user: "mentor", college: A, code: domain.EFORBIDDEN},
			{user: "student", college: A, code: domain.EFORBIDDEN},
			{user: "", college: A, code: domain.EUNAUTHORIZED},
		} {
			l, err := w.reg.NeedsAttention(w.as(c.user), domain.AttentionFilter{CollegeID: c.college, All: true})
			what := fmt.Sprintf("%s listing college %d", c.user, c.college)
			if c.code != "" || err != nil {
				wantCode(t, what, err, c.code)
				continue
			}
			var got []int64
			for _, p := range l.Items {
				got = append(got, p.StudentID)
			}
			if !sameIDs(got, c.sees) || l.Total != len(c.sees) {
				t.Errorf("%s: %v (total %d), want %v", what, got, l.Total, c.sees)
			}
		}

		assess := func(s domain.Student) *domain.CompetenceAssessment {
			return &domain.CompetenceAssessment{StudentID: s.ID, CompetenceID: 9001, Level: 4}
		}
		wantCode(t, "mentor B assessing the trainee", w.reg.AssessCompetence(w.as("mentor2"), assess(w.trainee)), domain.ENOTFOUND)
		wantCode(t, "mentor A assessing far", w.reg.AssessCompetence(w.as("mentor"), assess(w.far)), domain.ENOTFOUND)
		wantCode(t, "E assessing", w.reg.AssessCompetence(w.as("enterprise"), assess(w.trainee)), domain.EFORBIDDEN)
		if err := w.reg.AssessCompetence(w.as("mentor"), assess(w.trainee)); err != nil {
			t.Fatalf("the trainee's mentor assessing: %v", err)
		}
		if got, err := w.reg.Assessments(w.as("student"), w.trainee.ID); err != nil || len(got) != 1 || got[0].Level != 4 {
			t.Fatalf("the trainee's assessments: %+v %v", got, err)
		}

		final := func(s domain.Student) *domain.FinalAssessment {
			return &domain.FinalAssessment{StudentID: s.ID, Grade: 5}
		}
		wantCode(t, "college B grading the trainee", w.reg.RecordFinalAssessment(w.as("collegeB"), final(w.trainee)), domain.ENOTFOUND)
		wantCode(t, "the teacher grading", w.reg.RecordFinalAssessment(w.as("teacher"), final(w.trainee)), domain.EFORBIDDEN)
		wantCode(t, "the mentor grading", w.reg.RecordFinalAssessment(w.as("mentor"), final(w.trainee)), domain.EFORBIDDEN)
		// College A passes the check; the store then refuses a logbook
		// with weeks unsigned.
		err := w.reg.RecordFinalAssessment(w.as("college"), final(w.trainee))
		if domain.ErrorCode(err) != domain.EINVALID || domain.AsError(err).Key != "error.assessment.not_admitted" {
			t.Fatalf("college A grading its trainee with an incomplete logbook: %v", err)
		}
	})
}
