package domain

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestCommitmentState(t *testing.T) {
	// Three years, 1 September 2025 to 1 September 2028: 1,096 days.
	start, end := day("2025-09-01"), day("2028-09-01")
	tests := []struct {
		name                string
		target, delivered   int
		on                  string
		wantExpected        int
		wantState           CommitmentState
		wantUntil, wantDone string
	}{
		{"nothing due on the first day", 10, 0, "2025-09-01", 0, CommitmentOnTrack, "2025-12-19", ""},
		{"before the period", 10, 0, "2025-01-01", 0, CommitmentOnTrack, "2025-12-19", ""},
		// 10 places over 1,096 days: the first is due on day 110.
		{"the last day before the first place is due", 10, 0, "2025-12-19", 0, CommitmentOnTrack, "2025-12-19", ""},
		{"the first place is due", 10, 0, "2025-12-20", 1, CommitmentBehind, "2025-12-19", ""},
		{"one place keeps it on track", 10, 1, "2025-12-20", 1, CommitmentOnTrack, "2026-04-08", ""},
		{"half way with half delivered", 10, 5, "2027-03-03", 5, CommitmentOnTrack, "2027-06-20", ""},
		{"half way with four delivered", 10, 4, "2027-03-03", 5, CommitmentBehind, "2027-03-02", ""},
		{"one item of equipment is due on the last day", 1, 0, "2028-08-31", 0, CommitmentOnTrack, "2028-08-31", ""},
		{"and is behind then", 1, 0, "2028-09-01", 1, CommitmentBehind, "2028-08-31", ""},
		{"after the period everything is due", 10, 9, "2029-01-01", 10, CommitmentBehind, "2028-08-31", ""},
		{"done", 10, 10, "2026-01-01", 1, CommitmentDone, "", "done"},
		{"more than promised is done", 3, 5, "2029-01-01", 3, CommitmentDone, "", "done"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			on := day(tc.on)
			if got := ExpectedUnits(tc.target, start, end, on); got != tc.wantExpected {
				t.Errorf("expected units %d, want %d", got, tc.wantExpected)
			}
			if got := CommitmentStateOn(tc.target, tc.delivered, start, end, on); got != tc.wantState {
				t.Errorf("state %s, want %s", got, tc.wantState)
			}
			until, ok := OnTrackUntil(tc.target, tc.delivered, start, end)
			if tc.wantDone != "" {
				if ok {
					t.Errorf("a done commitment is on track until %s", until.Format(time.DateOnly))
				}
				return
			}
			if !ok || until.Format(time.DateOnly) != tc.wantUntil {
				t.Errorf("on track until %s (%v), want %s", until.Format(time.DateOnly), ok, tc.wantUntil)
			}
		})
	}
}

// TestOnTrackUntilAgreesWithTheRule checks the day the store keeps against
// the rule itself, day by day, for many targets, deliveries and periods:
// a commitment is on track exactly up to that day.
func TestOnTrackUntilAgreesWithTheRule(t *testing.T) {
	start := day("2026-02-10")
	for _, periodDays := range []int{1, 2, 30, 365, 1096, 1827} {
		end := start.AddDate(0, 0, periodDays)
		for _, target := range []int{1, 2, 3, 7, 10, 40, 1500} {
			for _, delivered := range []int{0, 1, target / 2, target - 1} {
				if delivered < 0 || delivered >= target {
					continue
				}
				until, ok := OnTrackUntil(target, delivered, start, end)
				if !ok {
					t.Fatalf("target %d delivered %d: no day", target, delivered)
				}
				for d := -3; d <= periodDays+3; d++ {
					on := start.AddDate(0, 0, d)
					state := CommitmentStateOn(target, delivered, start, end, on)
					if onTrack := state == CommitmentOnTrack; onTrack != !on.After(until) {
						t.Fatalf("period %d, target %d, delivered %d, day %d: state %s, but on track until %s",
							periodDays, target, delivered, d, state, until.Format(time.DateOnly))
					}
				}
			}
		}
	}
}

func TestMemorandumValidate(t *testing.T) {
	valid := func() Memorandum {
		return Memorandum{Number: " 17-П ", RegionID: 75, CollegeID: 1, EnterpriseID: 2,
			SignedOn: day("2026-08-20"), StartsOn: day("2026-09-01"), EndsOn: day("2029-09-01"),
			Commitments: []Commitment{
				{Kind: CommitPracticePlaces, Description: "Электромонтёр", Quantity: 20},
				{Kind: CommitEquipment, Description: "Токарный станок с ЧПУ", Quantity: 2, Value: 48_000_000},
			}}
	}
	m := valid()
	if err := m.Validate(); err != nil || m.Number != "17-П" {
		t.Fatalf("valid memorandum: %v (%q)", err, m.Number)
	}
	for _, tc := range []struct {
		name, field string
		change      func(*Memorandum)
	}{
		{"no number", "number", func(m *Memorandum) { m.Number = "  " }},
		{"no college", "college_id", func(m *Memorandum) { m.CollegeID = 0 }},
		{"starts before it is signed", "starts_on", func(m *Memorandum) { m.StartsOn = day("2026-08-01") }},
		{"ends before it starts", "ends_on", func(m *Memorandum) { m.EndsOn = m.StartsOn }},
		{"runs for a century", "ends_on", func(m *Memorandum) { m.EndsOn = day("2126-09-01") }},
		{"no commitments", "commitments", func(m *Memorandum) { m.Commitments = nil }},
		{"unknown kind", "commitments.0.kind", func(m *Memorandum) { m.Commitments[0].Kind = "money" }},
		{"no quantity", "commitments.0.quantity", func(m *Memorandum) { m.Commitments[0].Quantity = 0 }},
		{"equipment without value", "commitments.1.value", func(m *Memorandum) { m.Commitments[1].Value = 0 }},
		{"equipment without description", "commitments.1.description", func(m *Memorandum) { m.Commitments[1].Description = "" }},
		{"a value on places", "commitments.0.value", func(m *Memorandum) { m.Commitments[0].Value = 5 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := valid()
			tc.change(&m)
			err := m.Validate()
			if e := AsError(err); err == nil || e.Code != EINVALID || e.Field != tc.field {
				t.Fatalf("got %v, want invalid %s", err, tc.field)
			}
		})
	}
}

func TestMemorandumSettle(t *testing.T) {
	m := Memorandum{StartsOn: day("2026-01-01"), EndsOn: day("2027-01-01"), Commitments: []Commitment{
		{Kind: CommitMentors, Quantity: 2, Delivered: 2},
		{Kind: CommitHires, Quantity: 4, Delivered: 2},
	}}
	m.Settle(day("2026-07-03")) // half way: 2 of 4 hires due
	if m.State != CommitmentOnTrack || m.Behind != 0 || m.Commitments[0].State != CommitmentDone || m.Commitments[1].Expected != 2 {
		t.Fatalf("half way: %+v", m)
	}
	m.Settle(day("2026-10-02")) // 3 of 4 hires due
	if m.State != CommitmentBehind || m.Behind != 1 || m.Commitments[1].State != CommitmentBehind {
		t.Fatalf("three quarters: %+v", m)
	}
	m.Commitments[1].Delivered = 4
	m.Settle(day("2026-10-02"))
	if m.State != CommitmentDone {
		t.Fatalf("all delivered: %+v", m)
	}
}

func TestFulfilmentValidate(t *testing.T) {
	today := day("2026-11-26")
	f := Fulfilment{MemorandumID: 1, CommitmentID: 2, Quantity: 1, Value: 24_000_000, DeliveredOn: day("2026-11-20"), Document: " Акт № 17 "}
	if err := f.Validate(CommitEquipment, today); err != nil || f.Document != "Акт № 17" {
		t.Fatalf("valid delivery: %v", err)
	}
	for _, tc := range []struct {
		name, field string
		kind        CommitmentKind
		change      func(*Fulfilment)
	}{
		{"in the future", "delivered_on", CommitEquipment, func(f *Fulfilment) { f.DeliveredOn = day("2026-11-27") }},
		{"no document", "document", CommitEquipment, func(f *Fulfilment) { f.Document = "" }},
		{"equipment without value", "value", CommitEquipment, func(f *Fulfilment) { f.Value = 0 }},
		{"a value on hires", "value", CommitHires, func(f *Fulfilment) {}},
		{"nothing delivered", "quantity", CommitEquipment, func(f *Fulfilment) { f.Quantity = 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := f
			tc.change(&g)
			err := g.Validate(tc.kind, today)
			if e := AsError(err); err == nil || e.Code != EINVALID || e.Field != tc.field {
				t.Fatalf("got %v, want invalid %s", err, tc.field)
			}
		})
	}
}
