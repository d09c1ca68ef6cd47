package refdata

import "testing"

// TestPublishedEmployment: the rates come out as their sources state them
// (58.5 % and 60.4 % in the notes of the bureau's figures, 81 % claimed).
func TestPublishedEmployment(t *testing.T) {
	got := PublishedEmployment()
	want := []struct {
		period              string
		rate                float64
		graduates, employed int
	}{
		{"2024-2025", 58.5, 158_700, 92_900},
		{"2025-2026", 60.4, 169_300, 102_300},
		{"2024", 81, 0, 0},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d figures, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Period != w.period || g.Rate != w.rate || g.Graduates != w.graduates || g.Employed != w.employed {
			t.Errorf("figure %d = %+v, want %+v", i, g, w)
		}
		if g.Publisher == "" || g.SourceURL == "" {
			t.Errorf("figure %d has no publisher or source: %+v", i, g)
		}
	}
}
