package domain

import (
	"testing"
	"time"
)

func TestPointDate(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		from   time.Time
		months int
		want   time.Time
	}{
		{d(2025, 6, 30), 3, d(2025, 9, 30)},
		{d(2025, 6, 30), 12, d(2026, 6, 30)},
		{d(2025, 8, 31), 6, d(2026, 2, 28)}, // a shorter month: its last day
		{d(2023, 11, 30), 3, d(2024, 2, 29)},
		{d(2025, 12, 15), 3, d(2026, 3, 15)}, // across the year
	} {
		if got := PointDate(c.from, c.months); !got.Equal(c.want) {
			t.Errorf("PointDate(%s, %d) = %s, want %s", c.from.Format(time.DateOnly), c.months, got.Format(time.DateOnly), c.want.Format(time.DateOnly))
		}
	}
}

// TestOutcome: a contract counts on a day from its first day to its last,
// both included; a point whose day has not come is neither employed nor
// unemployed.
func TestOutcome(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	contracts := []EmploymentRecord{
		{EmployerBIN: "1", StartsOn: d(2025, 9, 30), EndsOn: d(2025, 9, 30)},
		{EmployerBIN: "2", StartsOn: d(2025, 12, 31)},
	}
	got := Outcome(d(2025, 6, 30), d(2026, 3, 1), contracts)
	if !got[0].Reached || !got[0].Employed || got[0].EmployerBIN != "1" {
		t.Errorf("3 months: %+v", got[0])
	}
	if !got[1].Reached || got[1].Employed {
		t.Errorf("6 months (30 December, between the contracts): %+v", got[1])
	}
	if got[2].Reached || got[2].Employed {
		t.Errorf("12 months, not yet come: %+v", got[2])
	}
}
