package demo

import (
	"context"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestGenerateGuidance: the small demo gives the demo coordinator two class
// sessions, one whose 24 results show as a summary and one of three,
// suppressed, with a pupil half-way through.
func TestGenerateGuidance(t *testing.T) {
	ctx := context.Background()
	st := testkit.OpenStore(t, testkit.DSN(t))
	sum, err := Generate(ctx, st, refdata.All(), Options{Scale: ScaleSmall, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if sum.GuidanceSessions != 2 || sum.GuidanceResults != 27 {
		t.Fatalf("guidance: %d sessions, %d results", sum.GuidanceSessions, sum.GuidanceResults)
	}
	coordinator, err := st.UserByLogin(ctx, "college@demo.dualtrack.kz")
	if err != nil {
		t.Fatal(err)
	}
	sessions, err := st.GuidanceSessions(ctx, coordinator.ID)
	if err != nil || len(sessions) != 2 {
		t.Fatalf("sessions: %+v, %v", sessions, err)
	}
	byTitle := map[string]domain.GuidanceSession{}
	for _, g := range sessions {
		byTitle[g.Title] = g
	}
	shown, err := st.GuidanceSummary(ctx, byTitle["9 «А», № 25 мектеп-гимназия"].ID)
	if err != nil || shown.Suppressed || shown.Session.Finished != 24 || len(shown.FirstLetters) == 0 {
		t.Errorf("the first class: %+v, %v", shown, err)
	}
	hidden, err := st.GuidanceSummary(ctx, byTitle["9 «Б», № 25 мектеп-гимназия"].ID)
	if err != nil || !hidden.Suppressed || hidden.Session.Started != 4 || hidden.Session.Finished != 3 {
		t.Errorf("the second class: %+v, %v", hidden, err)
	}
}
