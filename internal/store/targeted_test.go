package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// targetedWorld is the fixture with an employer's order for two software
// developers of the 2023 intake in Almaty and three developers studying.
type targetedWorld struct {
	st       *store.Store
	f        fixture
	order    domain.TrainingOrder
	students []domain.Student
}

func newTargetedWorld(t *testing.T, st *store.Store) *targetedWorld {
	t.Helper()
	ctx := context.Background()
	w := &targetedWorld{st: st, f: newFixture(t, st)}
	clockAt(st, "2025-09-10")
	w.order = domain.TrainingOrder{EnterpriseID: w.f.enterprise.ID, RegionID: 75, QualificationCode: "4S06130103", Year: 2023,
		Graduates: 2, Note: "Электромонтёры для ТЭЦ-2"}
	mustDo(t, st.SaveTrainingOrder(ctx, &w.order))
	for i, name := range []string{"Айгерім", "Дана", "Мария"} {
		s := w.f.student(t, i+1, "Студентова", name)
		s.Funding, s.EnterpriseID = domain.FundingTargeted, 0
		mustDo(t, st.CreateStudent(ctx, &s))
		w.students = append(w.students, s)
	}
	return w
}

// contract signs the order with student i.
func (w *targetedWorld) contract(i int) domain.TargetedContract {
	return domain.TargetedContract{OrderID: w.order.ID, StudentID: w.students[i].ID, Number: fmt.Sprintf("ЦП-2025/%d", i+1),
		SignedOn: date("2025-09-01"), TuitionCost: 1_200_000}
}

func TestTrainingOrdersAndContracts(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newTargetedWorld(t, st)
		bad := w.order
		bad.ID, bad.QualificationCode = 0, "4S99999999"
		if e := domain.AsError(st.SaveTrainingOrder(ctx, &bad)); e.Field != "qualification_code" {
			t.Fatalf("an order for an unknown qualification: %v", e)
		}
		a, b, c := w.contract(0), w.contract(1), w.contract(2)
		mustDo(t, st.CreateTargetedContract(ctx, &a))
		if a.State != domain.ObligationStudying || a.ObligationMonths != 36 || a.EnterpriseID != w.f.enterprise.ID || a.CollegeID != w.f.college.ID {
			t.Fatalf("contract as signed: %+v", a)
		}
		again := w.contract(0)
		if err := st.CreateTargetedContract(ctx, &again); domain.AsError(err).Key != "error.contract.duplicate" {
			t.Fatalf("a second contract of the student: %v", err)
		}
		mustDo(t, st.CreateTargetedContract(ctx, &b))
		if err := st.CreateTargetedContract(ctx, &c); domain.AsError(err).Key != "error.contract.order_full" {
			t.Fatalf("a contract beyond the order: %v", err)
		}
		o, err := st.TrainingOrder(ctx, w.order.ID)
		if err != nil || o.Contracts != 2 || o.Open() || o.Enterprise.RU != "ТОО «Алматы Энерго Сервис»" || o.Qualification.RU == "" {
			t.Fatalf("order after two contracts: %+v, %v", o, err)
		}
		o.Graduates = 1
		if err := st.SaveTrainingOrder(ctx, &o); domain.AsError(err).Key != "error.order.below_contracts" {
			t.Fatalf("fewer graduates than contracts: %v", err)
		}
		o.Graduates, o.Year = 5, 2024
		if err := st.SaveTrainingOrder(ctx, &o); domain.AsError(err).Key != "error.order.changed" {
			t.Fatalf("another year under contracts: %v", err)
		}
		o.Year = 2023
		mustDo(t, st.SaveTrainingOrder(ctx, &o))

		// An order for another intake does not fit the student.
		later := domain.TrainingOrder{EnterpriseID: w.f.enterprise.ID, RegionID: 75, QualificationCode: "4S06130103", Year: 2024, Graduates: 1}
		mustDo(t, st.SaveTrainingOrder(ctx, &later))
		c.OrderID = later.ID
		if err := st.CreateTargetedContract(ctx, &c); domain.AsError(err).Key != "error.contract.year" {
			t.Fatalf("an order of another intake: %v", err)
		}

		open, err := st.TrainingOrders(ctx, domain.OrderFilter{RegionID: 75, OpenOnly: true})
		if err != nil || open.Total != 2 {
			t.Fatalf("open orders: %+v, %v", open, err)
		}
		mine, err := st.TargetedContracts(ctx, domain.ContractFilter{EnterpriseID: w.f.enterprise.ID, State: domain.ObligationStudying})
		if err != nil || mine.Total != 2 || mine.Items[0].Student.Last != "Студентова" || mine.Items[0].Qualification.RU == "" {
			t.Fatalf("the employer's contracts: %+v, %v", mine, err)
		}

		// A cancellation gives the place on the order back.
		if _, err := st.MoveObligation(ctx, b.ID, domain.ObligationMove{To: domain.ObligationCancelled, On: date("2025-09-05"),
			Note: "Перевелась на платное обучение"}); err != nil {
			t.Fatal(err)
		}
		c.OrderID = w.order.ID
		mustDo(t, st.CreateTargetedContract(ctx, &c))
		audit, err := st.Audit(ctx, domain.AuditFilter{RecordType: "targeted_contract", RecordID: fmt.Sprint(b.ID)})
		if err != nil || audit.Total != 2 || audit.Items[0].Action != "move" {
			t.Fatalf("the cancelled contract's audit: %+v, %v", audit, err)
		}
	})
}

func TestWorkObligation(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newTargetedWorld(t, st)
		a, b := w.contract(0), w.contract(1)
		mustDo(t, st.CreateTargetedContract(ctx, &a), st.CreateTargetedContract(ctx, &b))

		// Graduation: the sweep begins both obligations, pending until
		// 30 September, and tells the college and the employer.
		clockAt(st, "2026-06-30")
		if _, err := st.GraduateGroup(ctx, w.f.group.ID, date("2026-06-30")); err != nil {
			t.Fatal(err)
		}
		res, err := st.SweepObligations(ctx, date("2026-07-01"))
		if err != nil || res.Started != 2 || res.Fulfilled != 0 {
			t.Fatalf("the sweep after graduation: %+v, %v", res, err)
		}
		got, err := st.TargetedContract(ctx, a.ID)
		if err != nil || got.State != domain.ObligationPending || !got.StartBy.Equal(date("2026-09-30")) || !got.GraduatedOn.Equal(date("2026-06-30")) {
			t.Fatalf("after graduation: %+v, %v", got, err)
		}
		for _, f := range []domain.AlertFilter{{CollegeID: w.f.college.ID}, {EnterpriseID: w.f.enterprise.ID}} {
			l, err := st.Alerts(ctx, f)
			if err != nil || l.Total != 2 || l.Items[0].Kind != domain.AlertChange || l.Items[0].State != domain.ObligationPending ||
				l.Items[0].Student.First == "" || !l.Items[0].DueOn.Equal(date("2026-09-30")) {
				t.Fatalf("alerts %+v: %+v, %v", f, l, err)
			}
		}

		// At work, then called up for military service, then back.
		clockAt(st, "2026-07-20")
		if _, err := st.MoveObligation(ctx, a.ID, domain.ObligationMove{To: domain.ObligationWorking, On: date("2026-07-15")}); err != nil {
			t.Fatal(err)
		}
		clockAt(st, "2026-11-10")
		got, err = st.MoveObligation(ctx, a.ID, domain.ObligationMove{To: domain.ObligationDeferred, On: date("2026-11-09"),
			Reason: domain.DeferMilitary, Until: date("2027-11-09"), Note: "Призыв на срочную службу"})
		if err != nil || got.State != domain.ObligationDeferred || got.ServedDays != 117 || got.DeferralReason != domain.DeferMilitary {
			t.Fatalf("deferred: %+v, %v", got, err)
		}
		deferred, _ := st.TargetedContracts(ctx, domain.ContractFilter{State: domain.ObligationDeferred})
		if deferred.Total != 1 || !deferred.Items[0].DeferredUntil.Equal(date("2027-11-09")) {
			t.Fatalf("deferred obligations: %+v", deferred)
		}
		clockAt(st, "2027-11-16")
		got, err = st.MoveObligation(ctx, a.ID, domain.ObligationMove{To: domain.ObligationWorking, On: date("2027-11-15")})
		if err != nil || got.State != domain.ObligationWorking || !got.EndsOn.Equal(date("2027-11-15").AddDate(0, 0, 1095-117)) {
			t.Fatalf("back at work: %+v, %v", got, err)
		}
		got, _ = st.TargetedContract(ctx, a.ID)
		var path []domain.ObligationState
		for _, e := range got.History {
			path = append(path, e.To)
		}
		if fmt.Sprint(path) != "[studying pending working deferred working]" || got.History[3].Reason != domain.DeferMilitary ||
			got.History[3].Note != "Призыв на срочную службу" || got.History[1].Login != "system" {
			t.Fatalf("history: %v %+v", path, got.History)
		}
		// A refused change leaves the obligation as it was.
		if _, err := st.MoveObligation(ctx, a.ID, domain.ObligationMove{To: domain.ObligationPending, On: date("2027-11-16")}); domain.AsError(err).Key != "error.obligation.move" {
			t.Fatalf("working to pending: %v", err)
		}

		// The other graduate never started: a breach, the whole cost.
		got, err = st.MoveObligation(ctx, b.ID, domain.ObligationMove{To: domain.ObligationBreached, On: date("2026-10-01"),
			Note: "Не вышла на работу"})
		if err != nil || got.Reimbursement != 1_200_000 {
			t.Fatalf("breach: %+v, %v", got, err)
		}

		// Deadlines: the alert comes 30 days before the end, once.
		ends := date("2027-11-15").AddDate(0, 0, 1095-117)
		res, err = st.SweepObligations(ctx, ends.AddDate(0, 0, -31))
		if err != nil || res.Alerts != 0 {
			t.Fatalf("31 days before: %+v, %v", res, err)
		}
		for range 2 {
			res, err = st.SweepObligations(ctx, ends.AddDate(0, 0, -30))
			if err != nil || res.Alerts > 1 {
				t.Fatalf("30 days before: %+v, %v", res, err)
			}
		}
		deadline, _ := st.Alerts(ctx, domain.AlertFilter{EnterpriseID: w.f.enterprise.ID, Kind: domain.AlertDeadline})
		if deadline.Total != 1 || !deadline.Items[0].DueOn.Equal(ends) || deadline.Items[0].State != domain.ObligationWorking {
			t.Fatalf("deadline alerts: %+v", deadline)
		}
		// Served: the sweep closes it on its last day.
		clockAt(st, ends.Format(time.DateOnly))
		res, err = st.SweepObligations(ctx, ends)
		if err != nil || res.Fulfilled != 1 {
			t.Fatalf("the sweep on the last day: %+v, %v", res, err)
		}
		got, _ = st.TargetedContract(ctx, a.ID)
		if got.State != domain.ObligationFulfilled || got.ServedDays != 1095 || !got.StateSince.Equal(ends) {
			t.Fatalf("fulfilled: %+v", got)
		}

		nation, err := st.TargetedOverview(ctx, domain.TargetedOverviewFilter{})
		if err != nil || len(nation.Rows) != 20 || nation.Total.Contracts != 2 || nation.Total.Ordered != 2 ||
			nation.Total.States[domain.ObligationFulfilled] != 1 || nation.Total.States[domain.ObligationBreached] != 1 ||
			nation.Total.Reimbursement != 1_200_000 || len(nation.Years) != 1 {
			t.Fatalf("the nation's overview: %+v, %v", nation.Total, err)
		}
		region, err := st.TargetedOverview(ctx, domain.TargetedOverviewFilter{RegionID: 75, Year: 2023})
		if err != nil || len(region.Rows) != 1 || region.Rows[0].EnterpriseID != w.f.enterprise.ID || region.Rows[0].Orders != 1 ||
			region.Rows[0].Contracts != 2 {
			t.Fatalf("the region's overview: %+v, %v", region, err)
		}
	})
}

// TestReservedOffersFollowContracts checks that a reserved offer is open
// to the holders of its employer's targeted-training contracts, whatever
// the student's funding says: a student on targeted funding without a
// contract may not apply, a contract holder may, and after the contract
// is cancelled no longer.
func TestReservedOffersFollowContracts(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newTargetedWorld(t, st)
		reserved := w.f.offer(1, 2)
		reserved.Reserved = true
		publish(t, st, &reserved)

		noContract := domain.Application{OfferID: reserved.ID, StudentID: w.students[2].ID}
		if err := st.Apply(ctx, &noContract); domain.AsError(err).Key != "error.application.reserved" {
			t.Fatalf("targeted funding without a contract: %v", err)
		}
		a := w.contract(0)
		mustDo(t, st.CreateTargetedContract(ctx, &a))
		holder := domain.Application{OfferID: reserved.ID, StudentID: a.StudentID}
		if err := st.Apply(ctx, &holder); err != nil {
			t.Fatalf("the contract holder: %v", err)
		}
		mustDo(t, st.WithdrawApplication(ctx, holder.ID))

		// Another employer's contract does not open this one's offers.
		other := domain.Enterprise{BIN: bin(t, "05044000888"), Name: domain.Names{RU: "ТОО «Другой работодатель»"}, RegionID: 75, CityID: 1, Industry: "C", Employees: 50}
		mustDo(t, st.CreateEnterprise(ctx, &other))
		otherOrder := domain.TrainingOrder{EnterpriseID: other.ID, RegionID: 75, QualificationCode: "4S06130103", Year: 2023, Graduates: 1}
		mustDo(t, st.SaveTrainingOrder(ctx, &otherOrder))
		b := w.contract(1)
		b.OrderID = otherOrder.ID
		mustDo(t, st.CreateTargetedContract(ctx, &b))
		elsewhere := domain.Application{OfferID: reserved.ID, StudentID: b.StudentID}
		if err := st.Apply(ctx, &elsewhere); domain.AsError(err).Key != "error.application.reserved" {
			t.Fatalf("another employer's contract holder: %v", err)
		}

		if _, err := st.MoveObligation(ctx, a.ID, domain.ObligationMove{To: domain.ObligationCancelled, On: date("2025-09-10"), Note: "Расторгнут"}); err != nil {
			t.Fatal(err)
		}
		again := domain.Application{OfferID: reserved.ID, StudentID: a.StudentID}
		if err := st.Apply(ctx, &again); domain.AsError(err).Key != "error.application.reserved" {
			t.Fatalf("after the cancellation: %v", err)
		}
	})
}

// TestRoundReservedOffersFollowContracts runs a round: the reserved offer
// goes to the holder of its employer's contract, and once the contract is
// cancelled, to nobody (the choice was saved while it held).
func TestRoundReservedOffersFollowContracts(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newRoundWorld(t, st)
		r := w.round(75)
		w.open(t, &r)
		w.rank(t, r.ID, "targeted", "reserved")
		// The list could not name the reserved offer without the contract.
		err := st.SetChoices(ctx, r.ID, w.students["ainur"].ID, w.ids("reserved"))
		if e := domain.AsError(err); e.Key != "error.round.reserved" {
			t.Fatalf("ainur ranks the reserved offer: %v", err)
		}
		offers, err := st.RoundOffers(ctx, r.ID, domain.RoundOfferFilter{ContractHolderID: w.students["ainur"].ID, Page: domain.Page{Size: 50}})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range offers.Items {
			if o.Reserved {
				t.Fatalf("a reserved offer is listed for ainur: %+v", o)
			}
		}
		if holder, _ := st.RoundOffers(ctx, r.ID, domain.RoundOfferFilter{ContractHolderID: w.students["targeted"].ID,
			Page: domain.Page{Size: 50}}); holder.Total != offers.Total+1 {
			t.Fatalf("the holder may rank %d offers, ainur %d", holder.Total, offers.Total)
		}
		contracts, _ := st.TargetedContracts(ctx, domain.ContractFilter{StudentID: w.students["targeted"].ID})
		if _, err := st.MoveObligation(ctx, contracts.Items[0].ID, domain.ObligationMove{To: domain.ObligationCancelled,
			On: w.now, Note: "Расторгнут по соглашению сторон"}); err != nil {
			t.Fatal(err)
		}
		mustDo(t, st.RunRound(ctx, r.ID))
		res, err := st.Result(ctx, r.ID, w.students["targeted"].ID)
		if err != nil || res.OfferID != 0 {
			t.Fatalf("the former holder's placement: %+v, %v", res, err)
		}
	})
}
