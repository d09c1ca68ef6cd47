package demo

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
)

// TestNationalPatronage checks the patronage the national dataset
// promises, without a database: about 4,000 patron companies over about
// 600 colleges, memoranda that pass the product's own checks, deliveries
// that add up to the commitments' sums, every state well represented on
// the demo's date, and the demo accounts' memorandum as the README tells.
func TestNationalPatronage(t *testing.T) {
	p := nationalPlan(t)
	pp := p.planPatronage()
	var sum Summary
	pp.summarize(&sum)
	t.Logf("%d memoranda, %d commitments, %d reports; %d patrons over %d colleges", sum.Memoranda, sum.Commitments, sum.Fulfilments,
		sum.Patrons, sum.PatronedColleges)
	if sum.Patrons < 3_800 || sum.Patrons > 4_200 || sum.PatronedColleges < 560 || sum.PatronedColleges > 640 {
		t.Errorf("%d patrons over %d colleges, want about 4,000 over about 600", sum.Patrons, sum.PatronedColleges)
	}

	byCommitment := map[int64]struct {
		units       int
		value, conf int64
	}{}
	for _, f := range pp.fulfilments {
		if f.DeliveredOn.After(p.today) || f.ReportedAt.After(p.today.AddDate(0, 0, 1)) || f.Document == "" {
			t.Fatalf("report %+v", f)
		}
		s := byCommitment[f.CommitmentID]
		s.units += f.Quantity
		s.value += f.Value
		if f.Confirmed() {
			s.conf += f.Value
		}
		byCommitment[f.CommitmentID] = s
	}
	states := map[domain.CommitmentState]int{}
	numbers := map[string]bool{}
	inForce := 0
	for _, m := range pp.memoranda {
		if err := m.Validate(); err != nil {
			t.Fatalf("memorandum %d: %v", m.ID, err)
		}
		key := fmt.Sprint(m.RegionID, m.Number)
		if numbers[key] {
			t.Fatalf("number %s taken twice in region %d", m.Number, m.RegionID)
		}
		numbers[key] = true
		if p.colleges[m.CollegeID-1].RegionID != m.RegionID {
			t.Fatalf("memorandum %d: the college is not in the region", m.ID)
		}
		for _, c := range m.Commitments {
			s := byCommitment[c.ID]
			if s.units != c.Delivered || s.value != c.DeliveredValue || s.conf != c.ConfirmedValue {
				t.Fatalf("commitment %d: sums %+v, reports %+v", c.ID, c, s)
			}
		}
		if m.InForce(p.today) {
			inForce++
		}
		m.Settle(p.today)
		states[m.State]++
	}
	t.Logf("memoranda on %s: %d in force; %v", p.today.Format("2006-01-02"), inForce, states)
	if inForce < sum.Memoranda*8/10 {
		t.Errorf("%d of %d memoranda in force", inForce, sum.Memoranda)
	}
	for _, s := range domain.CommitmentStates {
		if states[s] < sum.Memoranda/10 {
			t.Errorf("%d memoranda %s, want at least a tenth", states[s], s)
		}
	}

	home := pp.memoranda[0]
	home.Settle(p.today)
	if home.CollegeID != p.colleges[p.accounts.college].ID || home.EnterpriseID != p.enterprises[p.accounts.enterprise].ID ||
		home.RegionID != HomeRegion || home.State != domain.CommitmentBehind || home.Behind != 1 {
		t.Errorf("the demo accounts' memorandum: %+v", home)
	}
	waiting := 0
	for _, f := range pp.fulfilments {
		if f.MemorandumID == home.ID && !f.Confirmed() {
			waiting++
		}
	}
	if waiting == 0 {
		t.Error("the demo college has no delivery to confirm")
	}
}

// checkPatronage checks patronage as the small dataset wrote it: every
// memorandum, commitment and report is there, the commitments' sums are
// those of their reports, and the figures count the patrons.
func checkPatronage(t *testing.T, st *store.Store, db *sql.DB, sum Summary) {
	t.Helper()
	if sum.Memoranda == 0 || sum.Fulfilments == 0 {
		t.Fatalf("no patronage generated: %+v", sum)
	}
	for _, c := range []struct {
		query string
		want  int
	}{
		{`SELECT count(*) FROM memoranda`, sum.Memoranda},
		{`SELECT count(*) FROM commitments`, sum.Commitments},
		{`SELECT count(*) FROM fulfilments`, sum.Fulfilments},
		{`SELECT count(*) FROM commitments k WHERE k.delivered <> COALESCE((SELECT sum(f.quantity) FROM fulfilments f WHERE f.commitment_id = k.id), 0)`, 0},
		{`SELECT count(*) FROM memoranda m JOIN colleges c ON c.id = m.college_id WHERE c.region_id <> m.region_id`, 0},
	} {
		if n := count(t, db, c.query); n != c.want {
			t.Errorf("%s: %d, want %d", c.query, n, c.want)
		}
	}
	fig, err := st.PatronageFigures(context.Background(), domain.PatronageScope{})
	if err != nil || fig.Patrons == 0 || fig.Colleges == 0 || fig.EquipmentDelivered == 0 {
		t.Errorf("figures of the small dataset: %+v, %v", fig, err)
	}
}
