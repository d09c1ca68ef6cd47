package domain

import (
	"testing"
	"time"
)

// on is a day written YYYY-MM-DD.
func on(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestReimbursement(t *testing.T) {
	for _, c := range []struct {
		name             string
		cost             int64
		required, served int
		want             int64
	}{
		{"never started: the whole cost", 1_200_000, 1095, 0, 1_200_000},
		{"a year of three served: two thirds", 1_200_000, 1095, 365, 800_000},
		{"two years of three: a third", 1_200_000, 1095, 730, 400_000},
		{"served in full: nothing", 1_200_000, 1095, 1095, 0},
		{"more than served is no credit", 1_200_000, 1095, 2000, 0},
		{"rounded down to the tenge", 1_000, 3, 1, 666},
		{"no cost, nothing to repay", 0, 1095, 10, 0},
		{"no obligation, nothing to repay", 1_000, 0, 0, 0},
	} {
		if got := Reimbursement(c.cost, c.required, c.served); got != c.want {
			t.Errorf("%s: Reimbursement(%d, %d, %d) = %d, want %d", c.name, c.cost, c.required, c.served, got, c.want)
		}
	}
	if ObligationDays(36) != 1095 || ObligationDays(12) != 365 {
		t.Fatalf("three years are %d days, one %d", ObligationDays(36), ObligationDays(12))
	}
}

// contract is a three-year contract worth 1.2 million tenge whose holder
// graduated on 30 June 2026.
func graduated() TargetedContract {
	c := TargetedContract{OrderID: 1, StudentID: 1, Number: "ЦП-17", SignedOn: on("2024-09-01"), TuitionCost: 1_200_000}
	if err := c.Validate(DefaultTargetedPolicy, on("2024-09-02")); err != nil {
		panic(err)
	}
	c.Start(on("2026-06-30"), DefaultTargetedPolicy)
	return c
}

func TestObligationDeferredAndBack(t *testing.T) {
	p := DefaultTargetedPolicy
	c := graduated()
	if c.State != ObligationPending || c.ObligationMonths != 36 || !c.StartBy.Equal(on("2026-09-30")) {
		t.Fatalf("at graduation: %s, %d months, start by %s", c.State, c.ObligationMonths, c.StartBy)
	}
	if d, ok := c.Deadline(); !ok || !d.Equal(on("2026-09-30")) {
		t.Fatalf("pending deadline %s %v", d, ok)
	}
	must := func(m ObligationMove, today string) {
		t.Helper()
		if err := c.Move(m, p, on(today)); err != nil {
			t.Fatalf("move to %s: %v", m.To, err)
		}
	}
	must(ObligationMove{To: ObligationWorking, On: on("2026-08-01")}, "2026-08-03")
	if !c.EndsOn.Equal(on("2026-08-01").AddDate(0, 0, 1095)) {
		t.Fatalf("working from 1 August 2026 ends on %s", c.EndsOn)
	}
	// Called up after 100 days at work: 12 months of service.
	must(ObligationMove{To: ObligationDeferred, On: on("2026-11-09"), Reason: DeferMilitary, Until: on("2027-11-09")}, "2026-11-10")
	if c.ServedDays != 100 || c.DeferralReason != DeferMilitary || !c.EndsOn.IsZero() {
		t.Fatalf("deferred: served %d, reason %q, ends %s", c.ServedDays, c.DeferralReason, c.EndsOn)
	}
	if d, _ := c.Deadline(); !d.Equal(on("2027-11-09")) {
		t.Fatalf("deferral deadline %s", d)
	}
	// Back at work: the 995 days left run from the return.
	must(ObligationMove{To: ObligationWorking, On: on("2027-11-15")}, "2027-11-15")
	if c.ServedDays != 100 || !c.EndsOn.Equal(on("2027-11-15").AddDate(0, 0, 995)) {
		t.Fatalf("back at work: served %d, ends %s", c.ServedDays, c.EndsOn)
	}
	if got := c.ServedOn(on("2027-12-15")); got != 130 {
		t.Fatalf("served by mid-December: %d", got)
	}
	// Too early to be fulfilled.
	err := c.Move(ObligationMove{To: ObligationFulfilled, On: on("2028-01-01")}, p, on("2028-01-01"))
	if e := AsError(err); e.Code != ECONFLICT || e.Key != "error.obligation.not_served" || e.Params["days"] != "948" {
		t.Fatalf("early fulfilment: %v %+v", err, e.Params)
	}
	must(ObligationMove{To: ObligationFulfilled, On: c.EndsOn}, "2030-12-31")
	if c.State != ObligationFulfilled || c.ServedDays != 1095 || c.Reimbursement != 0 {
		t.Fatalf("fulfilled: %+v", c)
	}
	if _, ok := c.Deadline(); ok {
		t.Fatal("a fulfilled obligation has no deadline")
	}
	if err := c.Move(ObligationMove{To: ObligationWorking, On: on("2031-01-01")}, p, on("2031-01-01")); AsError(err).Key != "error.obligation.move" {
		t.Fatalf("a fulfilled obligation moved: %v", err)
	}
}

func TestObligationBreachComputesReimbursement(t *testing.T) {
	p := DefaultTargetedPolicy
	c := graduated()
	if err := c.Move(ObligationMove{To: ObligationWorking, On: on("2026-07-01")}, p, on("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	// Left after exactly a year: two thirds to repay.
	err := c.Move(ObligationMove{To: ObligationBreached, On: on("2027-07-01")}, p, on("2027-07-02"))
	if e := AsError(err); e.Code != EINVALID || e.Field != "note" {
		t.Fatalf("a breach without a reason: %v", err)
	}
	if err := c.Move(ObligationMove{To: ObligationBreached, On: on("2027-07-01"), Note: "Уволился по собственному желанию"}, p, on("2027-07-02")); err != nil {
		t.Fatal(err)
	}
	if c.State != ObligationBreached || c.ServedDays != 365 || c.Reimbursement != 800_000 {
		t.Fatalf("breached: served %d, reimbursement %d", c.ServedDays, c.Reimbursement)
	}
}

func TestObligationMoveChecks(t *testing.T) {
	p := DefaultTargetedPolicy
	for _, c := range []struct {
		name       string
		move       ObligationMove
		code, want string
	}{
		{"fulfilled straight from pending", ObligationMove{To: ObligationFulfilled, On: on("2026-07-01")}, ECONFLICT, "error.obligation.move"},
		{"in the future", ObligationMove{To: ObligationWorking, On: on("2026-08-01")}, EINVALID, "error.obligation.future"},
		{"before graduation", ObligationMove{To: ObligationWorking, On: on("2026-06-01")}, EINVALID, "error.obligation.before_state"},
		{"deferral without a reason", ObligationMove{To: ObligationDeferred, On: on("2026-07-01"), Until: on("2027-07-01")}, EINVALID, "error.obligation.reason"},
		{"deferral ending before it starts", ObligationMove{To: ObligationDeferred, On: on("2026-07-01"), Reason: DeferStudy, Until: on("2026-07-01")}, EINVALID, "error.obligation.until"},
		{"military service of three years", ObligationMove{To: ObligationDeferred, On: on("2026-07-01"), Reason: DeferMilitary, Until: on("2029-07-01")}, EINVALID, "error.obligation.too_long"},
		{"cancelled after graduation", ObligationMove{To: ObligationCancelled, On: on("2026-07-01"), Note: "x"}, ECONFLICT, "error.obligation.move"},
	} {
		ct := graduated()
		err := ct.Move(c.move, p, on("2026-07-15"))
		if e := AsError(err); e.Code != c.code || e.Key != c.want {
			t.Errorf("%s: got %v (%s), want %s %s", c.name, err, e.Key, c.code, c.want)
		}
		if ct.State != ObligationPending {
			t.Errorf("%s: a refused move changed the state to %s", c.name, ct.State)
		}
	}
	// Studying: only a cancellation, with its reason.
	ct := TargetedContract{OrderID: 1, StudentID: 1, Number: "1", SignedOn: on("2025-09-01")}
	if err := ct.Validate(p, on("2025-09-01")); err != nil || ct.State != ObligationStudying {
		t.Fatalf("new contract: %v %s", err, ct.State)
	}
	if err := ct.Move(ObligationMove{To: ObligationPending, On: on("2025-10-01")}, p, on("2025-10-01")); AsError(err).Key != "error.obligation.move" {
		t.Fatalf("pending before graduation: %v", err)
	}
	if err := ct.Move(ObligationMove{To: ObligationCancelled, On: on("2025-10-01"), Note: "Отчислен"}, p, on("2025-10-01")); err != nil || !ct.State.Closed() {
		t.Fatalf("cancelled: %v %s", err, ct.State)
	}
}

func TestContractAndOrderValidate(t *testing.T) {
	p := DefaultTargetedPolicy
	c := TargetedContract{OrderID: 1, StudentID: 2, Number: " ЦП-1 ", SignedOn: on("2026-01-10"), TuitionCost: 900_000, ObligationMonths: 70}
	if e := AsError(c.Validate(p, on("2026-02-01"))); e.Field != "obligation_months" || e.Params["max"] != "60" {
		t.Fatalf("70 months: %v", e)
	}
	c.ObligationMonths = 0
	if err := c.Validate(p, on("2026-01-09")); AsError(err).Key != "error.contract.future" {
		t.Fatalf("signed tomorrow: %v", err)
	}
	if err := c.Validate(p, on("2026-02-01")); err != nil || c.Number != "ЦП-1" || c.ObligationMonths != 36 {
		t.Fatalf("valid contract: %v %+v", err, c)
	}
	o := TrainingOrder{EnterpriseID: 1, RegionID: 75, QualificationCode: "4S06130103", Year: 2026, Graduates: 0}
	if e := AsError(o.Validate()); e.Field != "graduates" {
		t.Fatalf("no graduates: %v", e)
	}
	o.Graduates, o.QualificationCode = 12, "0613"
	if e := AsError(o.Validate()); e.Field != "qualification_code" {
		t.Fatalf("neither a specialty nor a qualification: %v", e)
	}
	o.QualificationCode = "4S06130103"
	if err := o.Validate(); err != nil || !o.Open() {
		t.Fatalf("valid order: %v", err)
	}
}

func TestSeats(t *testing.T) {
	s := StateSeats{CollegeID: 1, QualificationCode: "4S06130103", Year: 2026, Source: "city", Seats: 25}
	if e := AsError(s.Validate()); e.Field != "source" {
		t.Fatalf("unknown source: %v", e)
	}
	s.Source = SeatRepublican
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	s.Filled = 30
	if s.Free() != 0 {
		t.Fatalf("free of an overfull row: %d", s.Free())
	}
	if SeatSources[0].Source != DefaultSeatSource || SeatLocal.Name().KK == "" || SeatSource("x").Valid() {
		t.Fatal("the default source is the first the enrolment tries")
	}
	var total SeatTotal
	total.Add(SeatRepublican, 10, 8)
	total.Add(SeatLocal, 30, 10)
	if total.Seats != 40 || total.Filled != 18 || total.FillPercent() != 45 || total.Sources[0].Seats != 30 || total.Sources[1].Filled != 8 {
		t.Fatalf("total: %+v", total)
	}
}
