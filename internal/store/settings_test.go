package store_test

import (
	"context"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

func TestDualSettingsDefaultsAndUpdate(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		got, err := st.DualSettings(ctx)
		if err != nil || got != domain.DefaultDualSettings {
			t.Fatalf("before any change: %+v, %v; want the defaults", got, err)
		}

		bad := domain.DefaultDualSettings
		bad.MaxTraineesPerMentor = 0
		wantCode(t, st.UpdateDualSettings(ctx, bad), domain.EINVALID, "max_trainees_per_mentor")
		bad = domain.DefaultDualSettings
		bad.UnsignedDays = 400
		wantCode(t, st.UpdateDualSettings(ctx, bad), domain.EINVALID, "unsigned_days")
		if got, _ := st.DualSettings(ctx); got != domain.DefaultDualSettings {
			t.Fatalf("a refused update changed the settings: %+v", got)
		}

		want := domain.DualSettings{MaxTraineesPerMentor: 6, BehindPlanPercent: 20, MissingWeeks: 3, UnsignedDays: 10, MentorInactiveDays: 30}
		if err := st.UpdateDualSettings(ctx, want); err != nil {
			t.Fatal(err)
		}
		if got, err := st.DualSettings(ctx); err != nil || got != want {
			t.Fatalf("after update: %+v, %v; want %+v", got, err, want)
		}
		want.MaxTraineesPerMentor = 8
		if err := st.UpdateDualSettings(ctx, want); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.DualSettings(ctx); got != want {
			t.Fatalf("after second update: %+v; want %+v", got, want)
		}

		log, err := st.Audit(ctx, domain.AuditFilter{RecordType: "dual_settings"})
		if err != nil || log.Total != 2 || log.Items[0].Action != "update" {
			t.Fatalf("audit of the settings: %+v, %v", log, err)
		}
	})
}
