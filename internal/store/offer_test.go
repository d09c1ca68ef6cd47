package store_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// Reference cities loaded by testkit (internal/refdata, IDs in file order).
const (
	almaty    = 1
	astana    = 2
	shymkent  = 3
	karaganda = 5
	kaskelen  = 23 // a town without coordinates
)

// offer is a valid draft of the fixture's enterprise for the fixture
// programme's qualification, at a site in city.
func (f fixture) offer(city int64, capacity int) domain.Offer {
	return domain.Offer{EnterpriseID: f.enterprise.ID, QualificationCode: f.programme.QualificationCode, CityID: city,
		Capacity: capacity, StartsOn: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC),
		Weekdays:     domain.Weekdays(0).With(time.Monday).With(time.Tuesday).With(time.Wednesday),
		HoursPerWeek: 24, Requirements: "Python, SQL", StipendTenge: 85000}
}

// publish stores o and takes it through approval to open.
func publish(t *testing.T, st *store.Store, o *domain.Offer) {
	t.Helper()
	ctx := context.Background()
	if err := st.SaveOffer(ctx, o); err != nil {
		t.Fatal(err)
	}
	for _, step := range []func(context.Context, int64) error{st.SubmitOffer, st.ApproveOffer, st.OpenOffer} {
		if err := step(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
	}
}

// wantKey checks the code, field and message key of an error.
func wantKey(t *testing.T, err error, code, field, key string) *domain.Error {
	t.Helper()
	wantCode(t, err, code, field)
	e := domain.AsError(err)
	if e.Key != key {
		t.Fatalf("got key %s (%v), want %s", e.Key, err, key)
	}
	return e
}

func wantOfferState(t *testing.T, err error, status domain.OfferStatus) {
	t.Helper()
	if e := wantKey(t, err, domain.ECONFLICT, "", "error.offer.state"); e.Params["status"] != string(status) {
		t.Fatalf("status param = %q, want %q", e.Params["status"], status)
	}
}

func TestOfferValidation(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		for _, c := range []struct {
			name, field, key string
			change           func(o *domain.Offer)
		}{
			{"no places", "capacity", "error.offer.capacity", func(o *domain.Offer) { o.Capacity = 0 }},
			{"ends before it starts", "ends_on", "error.period", func(o *domain.Offer) { o.EndsOn = o.StartsOn.AddDate(0, 0, -1) }},
			{"no weekdays", "weekdays", "error.weekdays.none", func(o *domain.Offer) { o.Weekdays = 0 }},
			{"more than 8 hours a day", "hours_per_week", "error.hours_per_week", func(o *domain.Offer) { o.HoursPerWeek = 25 }},
			{"malformed qualification", "qualification_code", "error.qualification.code", func(o *domain.Offer) { o.QualificationCode = "06130103" }},
			{"unknown qualification", "qualification_code", "error.qualification.unknown", func(o *domain.Offer) { o.QualificationCode = "4S99999901" }},
			{"unknown city", "city_id", "error.city.unknown", func(o *domain.Offer) { o.CityID = 9999 }},
			{"unknown partner college", "college_id", "error.college.unknown", func(o *domain.Offer) { o.CollegeID = f.college.ID + 100 }},
			{"unknown enterprise", "enterprise_id", "error.enterprise.unknown", func(o *domain.Offer) { o.EnterpriseID = f.enterprise.ID + 100 }},
		} {
			o := f.offer(almaty, 2)
			c.change(&o)
			wantKey(t, st.SaveOffer(ctx, &o), domain.EINVALID, c.field, c.key)
		}
		if list, err := st.Offers(ctx, domain.OfferFilter{}); err != nil || list.Total != 0 {
			t.Fatalf("refused offers were stored: %+v, %v", list, err)
		}
		_, err := st.Offers(ctx, domain.OfferFilter{Qualification: "061301"})
		wantCode(t, err, domain.EINVALID, "qualification")
		_, err = st.Offers(ctx, domain.OfferFilter{FromCityID: 9999})
		wantCode(t, err, domain.EINVALID, "from_city_id")
		_, err = st.Offer(ctx, 424242)
		wantCode(t, err, domain.ENOTFOUND, "")
	})
}

func TestOfferLifecycle(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		o := f.offer(almaty, 2)
		o.CollegeID = f.college.ID
		if err := st.SaveOffer(ctx, &o); err != nil {
			t.Fatal(err)
		}
		got, err := st.Offer(ctx, o.ID)
		if err != nil || got.Status != domain.OfferDraft || got.RegionID != 75 || got.Enterprise.RU != "ТОО «Алматы Энерго Сервис»" ||
			got.EnterpriseBIN != f.enterprise.BIN || got.College.KK != f.college.Name.KK || got.City.RU != "Алматы" ||
			got.Qualification.RU != "Разработчик программного обеспечения" || got.Weekdays.String() != "123" ||
			got.StartsOn.Format(time.DateOnly) != "2026-09-01" || got.StipendTenge != 85000 || got.Requirements != "Python, SQL" {
			t.Fatalf("draft as stored: %+v, %v", got, err)
		}

		// Nothing but submission before approval is asked for.
		wantOfferState(t, st.ApproveOffer(ctx, o.ID), domain.OfferDraft)
		wantOfferState(t, st.ReferOffer(ctx, o.ID, "нет требований"), domain.OfferDraft)
		wantOfferState(t, st.OpenOffer(ctx, o.ID), domain.OfferDraft)
		wantOfferState(t, st.CloseOffer(ctx, o.ID), domain.OfferDraft)

		if err := st.SubmitOffer(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
		wantOfferState(t, st.SubmitOffer(ctx, o.ID), domain.OfferSubmitted)
		wantOfferState(t, st.OpenOffer(ctx, o.ID), domain.OfferSubmitted)
		edit := o
		edit.Capacity = 5
		wantOfferState(t, st.SaveOffer(ctx, &edit), domain.OfferSubmitted)

		// Referring back needs a reason.
		wantKey(t, st.ReferOffer(ctx, o.ID, "  "), domain.EINVALID, "reason", "error.offer.reason")
		if err := st.ReferOffer(ctx, o.ID, "Уточните график"); err != nil {
			t.Fatal(err)
		}
		got, _ = st.Offer(ctx, o.ID)
		if got.Status != domain.OfferReferred || got.ReferralReason != "Уточните график" {
			t.Fatalf("referred: %+v", got)
		}
		// A referred offer is editable again; the site moves to Astana.
		edit.CityID = astana
		if err := st.SaveOffer(ctx, &edit); err != nil {
			t.Fatal(err)
		}
		got, _ = st.Offer(ctx, o.ID)
		if got.Capacity != 5 || got.RegionID != 71 || got.City.RU != "Астана" || got.Status != domain.OfferReferred {
			t.Fatalf("edited: %+v", got)
		}
		if err := st.SubmitOffer(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.ApproveOffer(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = st.Offer(ctx, o.ID)
		if got.Status != domain.OfferApproved || got.ReferralReason != "" {
			t.Fatalf("approved: %+v", got)
		}
		wantOfferState(t, st.SaveOffer(ctx, &edit), domain.OfferApproved)
		wantOfferState(t, st.CloseOffer(ctx, o.ID), domain.OfferApproved)
		if err := st.OpenOffer(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
		wantOfferState(t, st.ApproveOffer(ctx, o.ID), domain.OfferOpen)
		if err := st.CloseOffer(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
		wantOfferState(t, st.OpenOffer(ctx, o.ID), domain.OfferClosed)
		wantOfferState(t, st.SubmitOffer(ctx, o.ID), domain.OfferClosed)

		wantCode(t, st.SubmitOffer(ctx, 424242), domain.ENOTFOUND, "")

		log, err := st.Audit(ctx, domain.AuditFilter{RecordType: "offer"})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log.Items {
			actions = append([]string{e.Action}, actions...)
		}
		want := []string{"create", "submit", "refer", "update", "submit", "approve", "open", "close"}
		if len(actions) != len(want) {
			t.Fatalf("audit actions %v, want %v", actions, want)
		}
		for i := range want {
			if actions[i] != want[i] {
				t.Fatalf("audit actions %v, want %v", actions, want)
			}
		}
	})
}

func TestOfferSearchAndDistance(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		st.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
		for _, city := range []int64{almaty, karaganda, kaskelen, shymkent, astana} {
			o := f.offer(city, 3)
			publish(t, st, &o)
		}
		draft := f.offer(karaganda, 1)
		if err := st.SaveOffer(ctx, &draft); err != nil {
			t.Fatal(err)
		}

		// From Astana: Astana itself, Karaganda, Almaty, Shymkent, and the
		// town without coordinates last.
		all, err := st.Offers(ctx, domain.OfferFilter{Status: domain.OfferOpen, FromCityID: astana})
		if err != nil {
			t.Fatal(err)
		}
		want := []int64{astana, karaganda, almaty, shymkent, kaskelen}
		if all.Total != 5 || len(all.Items) != 5 {
			t.Fatalf("open offers: %d of %d", len(all.Items), all.Total)
		}
		for i, city := range want {
			if all.Items[i].CityID != city {
				t.Fatalf("position %d: city %d (%s), want %d", i, all.Items[i].CityID, all.Items[i].City.RU, city)
			}
		}
		if d := all.Items[0].DistanceKm; d != 0 {
			t.Errorf("Astana from Astana: %.1f km", d)
		}
		if d := all.Items[1].DistanceKm; d < 190 || d > 215 {
			t.Errorf("Astana–Karaganda: %.1f km, want about 190–215", d)
		}
		if d := all.Items[2].DistanceKm; d < 950 || d > 1000 {
			t.Errorf("Astana–Almaty: %.1f km, want about 970", d)
		}
		if d := all.Items[4].DistanceKm; d != 0 {
			t.Errorf("a town without coordinates has a distance: %.1f", d)
		}
		// The order holds across pages.
		page, err := st.Offers(ctx, domain.OfferFilter{Status: domain.OfferOpen, FromCityID: astana, Page: domain.Page{Number: 2, Size: 2}})
		if err != nil || page.Total != 5 || len(page.Items) != 2 || page.Items[0].CityID != almaty || page.Items[1].CityID != shymkent {
			t.Fatalf("page 2 by distance: %+v, %v", page, err)
		}
		// Newest first without a reader's city, and no distances.
		newest, err := st.Offers(ctx, domain.OfferFilter{})
		if err != nil || newest.Total != 6 || newest.Items[0].ID != draft.ID || newest.Items[1].CityID != astana || newest.Items[0].DistanceKm != 0 {
			t.Fatalf("newest first: %+v, %v", newest, err)
		}
		// Distances are shown in the newest order too, when asked.
		byDate, _ := st.Offers(ctx, domain.OfferFilter{Status: domain.OfferOpen, FromCityID: astana, Sort: domain.SortNewest})
		if byDate.Items[0].CityID != astana || byDate.Items[1].CityID != shymkent || byDate.Items[1].DistanceKm < 900 {
			t.Fatalf("newest with distances: %+v", byDate.Items[:2])
		}

		quals, err := st.Qualifications(ctx, "06130100")
		if err != nil {
			t.Fatal(err)
		}
		var otherQual string
		for _, q := range quals {
			if q.Code != f.programme.QualificationCode {
				otherQual = q.Code
			}
		}
		for _, c := range []struct {
			name   string
			filter domain.OfferFilter
			total  int
		}{
			{"by specialty", domain.OfferFilter{Qualification: "06130100"}, 6},
			{"by qualification", domain.OfferFilter{Qualification: f.programme.QualificationCode}, 6},
			{"by another qualification", domain.OfferFilter{Qualification: otherQual}, 0},
			{"by region of the site", domain.OfferFilter{RegionID: 35}, 2},
			{"open in a region", domain.OfferFilter{RegionID: 35, Status: domain.OfferOpen}, 1},
			{"by city", domain.OfferFilter{CityID: shymkent}, 1},
			{"by enterprise", domain.OfferFilter{EnterpriseID: f.enterprise.ID}, 6},
			{"by partner college", domain.OfferFilter{CollegeID: f.college.ID}, 0},
			{"drafts", domain.OfferFilter{Status: domain.OfferDraft}, 1},
		} {
			list, err := st.Offers(ctx, c.filter)
			if err != nil || list.Total != c.total || len(list.Items) != c.total {
				t.Errorf("%s: %d items of %d, %v; want %d", c.name, len(list.Items), list.Total, err, c.total)
			}
		}
	})
}

func TestApplicationsAndAcceptance(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		students := make([]domain.Student, 3)
		for i, n := range [][2]string{{"Ахметова", "Дана"}, {"Бекова", "Әсел"}, {"Иванова", "Мария"}} {
			students[i] = f.student(t, i+1, n[0], n[1])
			if err := st.CreateStudent(ctx, &students[i]); err != nil {
				t.Fatal(err)
			}
		}
		dana, asel, maria := students[0], students[1], students[2]

		o := f.offer(almaty, 1)
		if err := st.SaveOffer(ctx, &o); err != nil {
			t.Fatal(err)
		}
		early := domain.Application{OfferID: o.ID, StudentID: dana.ID}
		wantOfferState(t, st.Apply(ctx, &early), domain.OfferDraft)
		for _, step := range []func(context.Context, int64) error{st.SubmitOffer, st.ApproveOffer, st.OpenOffer} {
			if err := step(ctx, o.ID); err != nil {
				t.Fatal(err)
			}
		}

		apply := func(s domain.Student, note string) domain.Application {
			t.Helper()
			a := domain.Application{OfferID: o.ID, StudentID: s.ID, Note: note}
			if err := st.Apply(ctx, &a); err != nil {
				t.Fatal(err)
			}
			return a
		}
		danaApp := apply(dana, "  Знаю Python  ")
		if danaApp.Status != domain.ApplicationPending || danaApp.Note != "Знаю Python" {
			t.Fatalf("application: %+v", danaApp)
		}
		again := domain.Application{OfferID: o.ID, StudentID: dana.ID}
		wantKey(t, st.Apply(ctx, &again), domain.ECONFLICT, "", "error.application.duplicate")
		aselApp := apply(asel, "")
		mariaApp := apply(maria, "")

		got, err := st.Application(ctx, danaApp.ID)
		if err != nil || got.Student.Last != "Ахметова" || got.College.RU != f.college.Name.RU ||
			got.Enterprise.RU != "ТОО «Алматы Энерго Сервис»" || got.Qualification.RU != "Разработчик программного обеспечения" {
			t.Fatalf("application as read: %+v, %v", got, err)
		}
		if got, _ := st.Offer(ctx, o.ID); got.Applications != 3 || got.Accepted != 0 {
			t.Fatalf("offer counts: %d pending, %d accepted", got.Applications, got.Accepted)
		}

		// Declining needs a reason; withdrawing is the student's.
		wantKey(t, st.DeclineApplication(ctx, mariaApp.ID, " "), domain.EINVALID, "reason", "error.application.reason")
		if err := st.WithdrawApplication(ctx, mariaApp.ID); err != nil {
			t.Fatal(err)
		}
		wantKey(t, st.WithdrawApplication(ctx, mariaApp.ID), domain.ECONFLICT, "", "error.application.state")
		wantKey(t, st.DeclineApplication(ctx, mariaApp.ID, "нет мест"), domain.ECONFLICT, "", "error.application.state")
		if _, err := st.AcceptApplication(ctx, mariaApp.ID); domain.AsError(err).Key != "error.application.state" {
			t.Fatalf("accepting a withdrawn application: %v", err)
		}

		agreementID, err := st.AcceptApplication(ctx, danaApp.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, _ = st.Application(ctx, danaApp.ID)
		if got.Status != domain.ApplicationAccepted || got.AgreementID != agreementID || got.DecidedAt.IsZero() {
			t.Fatalf("accepted application: %+v", got)
		}
		a, err := st.Agreement(ctx, agreementID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != domain.AgreementDraft || a.Version != 1 || a.StudentID != dana.ID || a.CollegeID != f.college.ID ||
			a.EnterpriseID != f.enterprise.ID || a.OfferID != o.ID || a.Position != "Разработчик программного обеспечения" ||
			a.StartsOn.Format(time.DateOnly) != "2026-09-01" || a.EndsOn.Format(time.DateOnly) != "2027-06-30" ||
			a.Weekdays != o.Weekdays || a.HoursPerWeek != 24 || a.StipendTenge != 85000 {
			t.Fatalf("agreement made of the offer: %+v", a)
		}

		// The only place is taken: accepting Asel is refused and writes nothing.
		auditBefore, _ := st.Audit(ctx, domain.AuditFilter{})
		_, err = st.AcceptApplication(ctx, aselApp.ID)
		wantKey(t, err, domain.ECONFLICT, "", "error.offer.full")
		if got, _ := st.Application(ctx, aselApp.ID); got.Status != domain.ApplicationPending || got.AgreementID != 0 {
			t.Fatalf("refused acceptance changed the application: %+v", got)
		}
		if list, err := st.Agreements(ctx, domain.AgreementFilter{StudentID: asel.ID}); err != nil || list.Total != 0 {
			t.Fatalf("refused acceptance left an agreement: %+v, %v", list, err)
		}
		if auditAfter, _ := st.Audit(ctx, domain.AuditFilter{}); auditAfter.Total != auditBefore.Total {
			t.Fatalf("refused acceptance was audited: %d → %d entries", auditBefore.Total, auditAfter.Total)
		}
		if got, _ := st.Offer(ctx, o.ID); got.Accepted != 1 || got.Applications != 1 {
			t.Fatalf("offer counts: %d pending, %d accepted", got.Applications, got.Accepted)
		}
		_, err = st.AcceptApplication(ctx, danaApp.ID)
		wantKey(t, err, domain.ECONFLICT, "", "error.application.state")
		wantKey(t, st.WithdrawApplication(ctx, danaApp.ID), domain.ECONFLICT, "", "error.application.state")

		// A student with a live agreement cannot be accepted elsewhere.
		second := f.offer(astana, 4)
		publish(t, st, &second)
		elsewhere := domain.Application{OfferID: second.ID, StudentID: dana.ID}
		if err := st.Apply(ctx, &elsewhere); err != nil {
			t.Fatal(err)
		}
		_, err = st.AcceptApplication(ctx, elsewhere.ID)
		wantKey(t, err, domain.ECONFLICT, "", "error.agreement.live")
		if got, _ := st.Application(ctx, elsewhere.ID); got.Status != domain.ApplicationPending {
			t.Fatalf("refused acceptance changed the application: %+v", got)
		}

		// Closing the offer declines what is still pending.
		if err := st.CloseOffer(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = st.Application(ctx, aselApp.ID)
		if got.Status != domain.ApplicationDeclined || got.Reason != "offer closed" || got.DecidedAt.IsZero() {
			t.Fatalf("pending application of a closed offer: %+v", got)
		}
		late := domain.Application{OfferID: o.ID, StudentID: asel.ID}
		wantKey(t, st.Apply(ctx, &late), domain.ECONFLICT, "", "error.offer.state")

		for _, c := range []struct {
			name   string
			filter domain.ApplicationFilter
			want   []int64
		}{
			{"of the offer, newest first", domain.ApplicationFilter{OfferID: o.ID}, []int64{mariaApp.ID, aselApp.ID, danaApp.ID}},
			{"accepted", domain.ApplicationFilter{Status: domain.ApplicationAccepted}, []int64{danaApp.ID}},
			{"of a student", domain.ApplicationFilter{StudentID: dana.ID}, []int64{elsewhere.ID, danaApp.ID}},
			{"of the enterprise", domain.ApplicationFilter{EnterpriseID: f.enterprise.ID, Status: domain.ApplicationDeclined}, []int64{aselApp.ID}},
			{"of the college", domain.ApplicationFilter{CollegeID: f.college.ID, Status: domain.ApplicationWithdrawn}, []int64{mariaApp.ID}},
			{"in Astana, by the site", domain.ApplicationFilter{RegionID: 71}, []int64{elsewhere.ID}},
			{"in Almaty, by the college", domain.ApplicationFilter{RegionID: 75, Status: domain.ApplicationPending}, []int64{elsewhere.ID}},
			{"in Karaganda", domain.ApplicationFilter{RegionID: 35}, nil},
		} {
			list, err := st.Applications(ctx, c.filter)
			if err != nil || list.Total != len(c.want) || len(list.Items) != len(c.want) {
				t.Errorf("%s: %+v, %v; want %v", c.name, list, err, c.want)
				continue
			}
			for i, id := range c.want {
				if list.Items[i].ID != id {
					t.Errorf("%s: item %d is %d, want %d", c.name, i, list.Items[i].ID, id)
				}
			}
		}
		_, err = st.Applications(ctx, domain.ApplicationFilter{Status: "lost"})
		wantCode(t, err, domain.EINVALID, "status")

		log, _ := st.Audit(ctx, domain.AuditFilter{RecordType: "application", RecordID: strconv.FormatInt(aselApp.ID, 10)})
		if log.Total != 2 || log.Items[0].Action != "decline" || log.Items[0].CollegeID != f.college.ID {
			t.Fatalf("audit of the declined application: %+v", log)
		}
	})
}

func TestApplyRefusals(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		quals, err := st.Qualifications(ctx, f.programme.SpecialtyCode)
		if err != nil {
			t.Fatal(err)
		}
		other := f.programme
		other.ID = 0
		for _, q := range quals {
			if q.Code != f.programme.QualificationCode {
				other.QualificationCode = q.Code
			}
		}
		if err := st.CreateProgramme(ctx, &other); err != nil {
			t.Fatal(err)
		}
		otherGroup := domain.Group{CollegeID: f.college.ID, ProgrammeID: other.ID, Code: "ПО-23-2", IntakeYear: 2023, Language: "ru"}
		if err := st.CreateGroup(ctx, &otherGroup); err != nil {
			t.Fatal(err)
		}
		otherQual := f.student(t, 1, "Ахметова", "Дана")
		otherQual.ProgrammeID, otherQual.GroupID = other.ID, otherGroup.ID
		expelled := f.student(t, 2, "Бекова", "Әсел")
		expelled.Status = domain.StatusExpelled
		stateFunded := f.student(t, 3, "Иванова", "Мария")
		targeted := f.student(t, 4, "Қасымова", "Жания")
		targeted.Funding = domain.FundingTargeted
		for _, s := range []*domain.Student{&otherQual, &expelled, &stateFunded, &targeted} {
			if err := st.CreateStudent(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		o := f.offer(almaty, 2)
		publish(t, st, &o)
		reserved := f.offer(almaty, 2)
		reserved.Reserved = true
		publish(t, st, &reserved)

		for _, c := range []struct {
			name       string
			offer      int64
			student    int64
			code, key  string
			applicants int
		}{
			{"programme of another qualification", o.ID, otherQual.ID, domain.ECONFLICT, "error.application.qualification", 0},
			{"expelled", o.ID, expelled.ID, domain.ECONFLICT, "error.application.student", 0},
			{"reserved for targeted training", reserved.ID, stateFunded.ID, domain.ECONFLICT, "error.application.reserved", 0},
			{"unknown offer", 424242, stateFunded.ID, domain.ENOTFOUND, "error.not_found", 0},
			{"unknown student", o.ID, 424242, domain.ENOTFOUND, "error.not_found", 0},
		} {
			a := domain.Application{OfferID: c.offer, StudentID: c.student}
			err := st.Apply(ctx, &a)
			if e := domain.AsError(err); e.Code != c.code || e.Key != c.key {
				t.Errorf("%s: %v (%s), want %s %s", c.name, err, e.Key, c.code, c.key)
			}
		}
		long := domain.Application{OfferID: o.ID, StudentID: stateFunded.ID, Note: strings.Repeat("ә", 2001)}
		wantCode(t, st.Apply(ctx, &long), domain.EINVALID, "note")
		// A reserved offer is for the holders of its employer's
		// targeted-training contracts: funding alone does not open it.
		noContract := domain.Application{OfferID: reserved.ID, StudentID: targeted.ID}
		if e := domain.AsError(st.Apply(ctx, &noContract)); e.Key != "error.application.reserved" {
			t.Errorf("a targeted student without a contract: %v", e)
		}
		order := domain.TrainingOrder{EnterpriseID: reserved.EnterpriseID, RegionID: reserved.RegionID,
			QualificationCode: reserved.QualificationCode, Year: 2023, Graduates: 1}
		mustDo(t, st.SaveTrainingOrder(ctx, &order))
		contract := domain.TargetedContract{OrderID: order.ID, StudentID: targeted.ID, Number: "ЦП-2025/1",
			SignedOn: date("2025-09-01"), TuitionCost: 1_200_000}
		mustDo(t, st.CreateTargetedContract(ctx, &contract))
		ok := domain.Application{OfferID: reserved.ID, StudentID: targeted.ID}
		if err := st.Apply(ctx, &ok); err != nil {
			t.Fatalf("a targeted student applying to a reserved offer: %v", err)
		}
		if list, _ := st.Applications(ctx, domain.ApplicationFilter{}); list.Total != 1 {
			t.Fatalf("refused applications were stored: %+v", list)
		}
	})
}

// Two enterprise users accepting at the same moment for the last place:
// exactly one succeeds, the other is told the offer is full.
func TestAcceptRaceForLastPlace(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		o := f.offer(almaty, 1)
		publish(t, st, &o)
		var apps []int64
		for i := range 4 {
			s := f.student(t, i+1, "Студент", strconv.Itoa(i))
			if err := st.CreateStudent(ctx, &s); err != nil {
				t.Fatal(err)
			}
			a := domain.Application{OfferID: o.ID, StudentID: s.ID}
			if err := st.Apply(ctx, &a); err != nil {
				t.Fatal(err)
			}
			apps = append(apps, a.ID)
		}
		// Open the pool's connections first, so that no acceptance waits
		// for a connection while another runs alone.
		var warm sync.WaitGroup
		for range 32 {
			warm.Go(func() { st.Offers(ctx, domain.OfferFilter{}) })
		}
		warm.Wait()
		errs := make(chan error, len(apps))
		for _, id := range apps {
			go func() {
				_, err := st.AcceptApplication(ctx, id)
				errs <- err
			}()
		}
		accepted := 0
		for range apps {
			switch err := <-errs; {
			case err == nil:
				accepted++
			case domain.AsError(err).Key != "error.offer.full":
				t.Errorf("unexpected error: %v", err)
			}
		}
		got, err := st.Offer(ctx, o.ID)
		if err != nil || accepted != 1 || got.Accepted != 1 {
			t.Fatalf("%d acceptances succeeded, offer shows %d accepted (%v); want 1", accepted, got.Accepted, err)
		}
		if list, _ := st.Agreements(ctx, domain.AgreementFilter{}); list.Total != 1 {
			t.Fatalf("%d agreements made for one place", list.Total)
		}
	})
}
