package access_test

import (
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestPatronageScopes checks who reads and who writes a memorandum of the
// Almaty college and enterprise: each party its own part, the others
// nothing, and another region's department and college not even that it
// exists.
func TestPatronageScopes(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		reg := access.New(st)
		as := func(name string) domain.User { return w.users[name] }
		astanaRegion := testkit.NewUser(t, st, domain.User{Login: "astana-region", Role: domain.RoleRegion, RegionID: 71})
		astanaCollege := testkit.NewUser(t, st, domain.User{Login: "astana-college", Role: domain.RoleCollege, CollegeID: w.collegeB.ID})
		today := domain.DateInKazakhstan(time.Now()) // the day the store counts in
		memo := func() domain.Memorandum {
			return domain.Memorandum{Number: "М-1", RegionID: 71, CollegeID: w.collegeA.ID, EnterpriseID: w.enterprise.ID,
				SignedOn: today.AddDate(0, -1, 0), StartsOn: today.AddDate(0, -1, 0), EndsOn: today.AddDate(2, 0, 0),
				Commitments: []domain.Commitment{{Kind: domain.CommitHires, Quantity: 3}}}
		}

		// Only a regional department records, and always for its own region.
		for _, name := range []string{"ministry", "college", "enterprise", "auditor", "teacher"} {
			m := memo()
			if err := reg.SaveMemorandum(testkit.As(as(name)), &m); domain.ErrorCode(err) != domain.EFORBIDDEN {
				t.Errorf("%s records a memorandum: %v", name, err)
			}
		}
		m := memo()
		if err := reg.SaveMemorandum(testkit.As(astanaRegion), &m); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("Astana's department binds an Almaty college: %v", err)
		}
		m = memo() // says region 71; the department's own (75) is used
		if err := reg.SaveMemorandum(testkit.As(as("region")), &m); err != nil || m.RegionID != 75 {
			t.Fatalf("Almaty's department records: region %d, %v", m.RegionID, err)
		}
		other := m
		other.Note = "чужой"
		if err := reg.SaveMemorandum(testkit.As(astanaRegion), &other); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("Astana's department changes Almaty's memorandum: %v", err)
		}

		for _, c := range []struct {
			user domain.User
			sees bool
		}{
			{as("ministry"), true}, {as("region"), true}, {as("college"), true}, {as("enterprise"), true}, {as("auditor"), true},
			{astanaRegion, false}, {astanaCollege, false},
		} {
			ctx := testkit.As(c.user)
			_, err := reg.Memorandum(ctx, m.ID)
			list, lerr := reg.Memoranda(ctx, domain.MemorandumFilter{})
			if lerr != nil || (err == nil) != c.sees || (list.Total == 1) != c.sees {
				t.Errorf("%s: memorandum %v, list %d (%v); want seen %v", c.user.Login, err, list.Total, lerr, c.sees)
			}
			if fig, err := reg.PatronageFigures(ctx, domain.PatronageScope{}); err != nil || fig.Memoranda != 1 {
				t.Errorf("%s: national figures %+v, %v", c.user.Login, fig, err)
			}
		}
		for _, name := range []string{"teacher", "student", "mentor"} {
			if _, err := reg.PatronageFigures(testkit.As(as(name)), domain.PatronageScope{}); domain.ErrorCode(err) != domain.EFORBIDDEN {
				t.Errorf("%s reads patronage: %v", name, err)
			}
		}

		// The enterprise reports on its own commitments; the college confirms.
		f := domain.Fulfilment{MemorandumID: m.ID, CommitmentID: m.Commitments[0].ID, Quantity: 1, DeliveredOn: today, Document: "Приказ № 1-к"}
		if err := reg.ReportFulfilment(testkit.As(as("college")), &f, nil); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("the college reports a delivery: %v", err)
		}
		if err := reg.ReportFulfilment(testkit.As(as("enterprise")), &f, nil); err != nil {
			t.Fatal(err)
		}
		if err := reg.ConfirmFulfilment(testkit.As(astanaCollege), f.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("another college confirms: %v", err)
		}
		if err := reg.ConfirmFulfilment(testkit.As(as("enterprise")), f.ID); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("the enterprise confirms its own delivery: %v", err)
		}
		if err := reg.ConfirmFulfilment(testkit.As(as("college")), f.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := reg.Fulfilment(testkit.As(astanaRegion), f.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("Astana's department reads the delivery: %v", err)
		}
		if _, err := reg.Evidence(testkit.As(as("college")), f.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("a delivery without a file has evidence: %v", err)
		}
		if _, err := reg.Memoranda(testkit.As(as("expired")), domain.MemorandumFilter{}); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("an expired auditor lists memoranda: %v", err)
		}
	})
}
