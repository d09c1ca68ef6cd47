package demo

import (
	"context"
	"database/sql"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
)

// checkTargeted checks the seats and the targeted training of the small
// dataset as stored: every state-funded student counted on a row of
// seats that holds them, the seats at about the state share, contracts of
// students of the order's qualification, region and intake, obligations
// in every state, and the alerts of the sweep.
func checkTargeted(t *testing.T, st *store.Store, db *sql.DB, rec *recorder, sum Summary) {
	t.Helper()
	if sum.SeatRows == 0 || sum.TargetedContracts == 0 || sum.Obligations == 0 || sum.TrainingOrders == 0 || sum.Diplomas == 0 {
		t.Fatalf("no seats or targeted training generated: %+v", sum)
	}
	if !rec.swept {
		t.Error("the obligations were not swept")
	}
	for _, c := range []struct {
		what, query string
		want        int
	}{
		{"rows of seats", `SELECT count(*) FROM state_seats`, sum.SeatRows},
		{"seats", `SELECT COALESCE(sum(seats), 0) FROM state_seats`, sum.Seats},
		{"seats taken", `SELECT COALESCE(sum(filled), 0) FROM state_seats`, sum.StateFunded},
		{"state-funded students on no row of seats", `SELECT count(*) FROM students s JOIN programmes p ON p.id = s.programme_id
			JOIN study_groups g ON g.id = s.group_id WHERE s.funding = 'state' AND s.status <> 'expelled' AND NOT EXISTS (
				SELECT 1 FROM state_seats ss WHERE ss.college_id = s.college_id AND ss.year = g.intake_year
					AND ss.qualification_code = COALESCE(p.qualification_code, p.specialty_code)
					AND ss.source = COALESCE(s.seat_source, 'local'))`, 0},
		{"republican seats", `SELECT CASE WHEN count(*) > 0 THEN 1 ELSE 0 END FROM state_seats WHERE source = 'republican' AND filled > 0`, 1},
		{"diplomas", `SELECT count(*) FROM tvet_diplomas`, sum.Diplomas},
		{"diploma holders on free seats", `SELECT count(*) FROM tvet_diplomas d JOIN students s ON s.iin = d.iin WHERE s.funding = 'state'`, 0},
		{"orders", `SELECT count(*) FROM training_orders`, sum.TrainingOrders},
		{"contracts", `SELECT count(*) FROM targeted_contracts`, sum.TargetedContracts},
		{"orders whose count of contracts is off", `SELECT count(*) FROM training_orders o WHERE o.contracts <>
			(SELECT count(*) FROM targeted_contracts tc WHERE tc.order_id = o.id AND tc.state <> 'cancelled')`, 0},
		{"contracts of another qualification, region or intake than the student's", `SELECT count(*) FROM targeted_contracts tc
			JOIN training_orders o ON o.id = tc.order_id JOIN students s ON s.id = tc.student_id
			JOIN programmes p ON p.id = s.programme_id JOIN study_groups g ON g.id = s.group_id JOIN colleges c ON c.id = s.college_id
			WHERE p.qualification_code <> o.qualification_code OR c.region_id <> o.region_id OR g.intake_year <> o.year
				OR tc.college_id <> s.college_id OR s.funding <> 'targeted'`, 0},
		{"obligations of students not graduated", `SELECT count(*) FROM targeted_contracts tc JOIN students s ON s.id = tc.student_id
			WHERE tc.state NOT IN ('studying', 'cancelled') AND s.graduated_on IS NULL`, 0},
		{"graduates still studying under contract", `SELECT count(*) FROM targeted_contracts tc JOIN students s ON s.id = tc.student_id
			WHERE tc.state = 'studying' AND s.graduated_on IS NOT NULL`, 0},
		{"obligations", `SELECT count(*) FROM targeted_contracts WHERE graduated_on IS NOT NULL`, sum.Obligations},
		{"deadline alerts", `SELECT count(*) FROM alerts WHERE kind = 'deadline'`, sum.ObligationAlerts},
		{"contracts without history", `SELECT count(*) FROM targeted_contracts tc WHERE NOT EXISTS (SELECT 1 FROM obligation_events e WHERE e.contract_id = tc.id)`, 0},
	} {
		if n := count(t, db, c.query); n != c.want {
			t.Errorf("%s: %d, want %d", c.what, n, c.want)
		}
	}
	// The state order is about the published 68 % of the students.
	if share := float64(sum.Seats) / float64(sum.Students+sum.Graduates); share < 0.6 || share > 0.8 {
		t.Errorf("seats are %.0f %% of the students", share*100)
	}
	o, err := st.TargetedOverview(context.Background(), domain.TargetedOverviewFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range domain.ObligationStates {
		if o.Total.States[s] == 0 && s != domain.ObligationCancelled {
			t.Errorf("no obligation %s in the small dataset: %v", s, o.Total.States)
		}
	}
	if o.Total.Reimbursement == 0 {
		t.Error("no breach has a reimbursement")
	}
}

// TestTargetedDemoDeterministic: the same seed gives the same seats,
// diplomas, orders and contracts.
func TestTargetedDemoDeterministic(t *testing.T) {
	ref := refdata.All()
	var digests [2][4]string
	for i := range digests {
		rec := newRecorder(nil)
		if _, err := Generate(context.Background(), rec, ref, Options{Scale: ScaleSmall, Seed: 7}); err != nil {
			t.Fatal(err)
		}
		digests[i] = [4]string{rec.digest("seats"), rec.digest("diplomas"), rec.digest("training orders"), rec.digest("targeted contracts")}
		if len(rec.targeted) == 0 || len(rec.seats) == 0 {
			t.Fatalf("nothing generated: %d contracts, %d rows of seats", len(rec.targeted), len(rec.seats))
		}
	}
	if digests[0] != digests[1] {
		t.Errorf("two runs with one seed differ: %v", digests)
	}
}
