package access_test

import (
	"context"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestSeatScopes: the ministry sets any college's seats, a regional
// department its region's only; a college reads its own, not another's;
// an auditor reads and never writes; the region's totals are the region's.
func TestSeatScopes(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		reg := access.New(st)
		as := func(u string) context.Context { return testkit.As(w.users[u]) }
		seats := func(c domain.College) *domain.StateSeats {
			return &domain.StateSeats{CollegeID: c.ID, QualificationCode: "06130100", Year: 2024, Source: domain.SeatLocal, Seats: 30}
		}
		must(t, reg.SetSeats(as("ministry"), seats(w.collegeB)), reg.SetSeats(as("region"), seats(w.collegeA)))
		for _, c := range []struct {
			user string
			code string
		}{{"region", domain.ENOTFOUND}, {"college", domain.EFORBIDDEN}, {"auditor", domain.EFORBIDDEN}, {"enterprise", domain.EFORBIDDEN}} {
			if err := reg.SetSeats(as(c.user), seats(w.collegeB)); domain.ErrorCode(err) != c.code {
				t.Errorf("%s sets college B's seats: %v, want %s", c.user, err, c.code)
			}
		}
		for _, c := range []struct {
			user string
			want int
		}{{"ministry", 2}, {"region", 1}, {"college", 1}, {"auditor", 1}} {
			l, err := reg.Seats(as(c.user), domain.SeatFilter{})
			if err != nil || l.Total != c.want {
				t.Errorf("%s reads %d rows of seats, want %d: %v", c.user, l.Total, c.want, err)
			}
		}
		if l, _ := reg.Seats(as("college"), domain.SeatFilter{CollegeID: w.collegeB.ID}); l.Total != 0 {
			t.Errorf("college A reads college B's seats")
		}
		if o, err := reg.SeatOverview(as("region"), domain.SeatOverviewFilter{}); err != nil || o.RegionID != 75 || o.Total.Seats != 30 {
			t.Errorf("the region's totals: %+v, %v", o, err)
		}
		if _, err := reg.SeatOverview(as("region"), domain.SeatOverviewFilter{RegionID: 71}); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("the region reads another region's totals: %v", err)
		}
		if o, err := reg.SeatOverview(as("ministry"), domain.SeatOverviewFilter{}); err != nil || o.Total.Seats != 60 {
			t.Errorf("the nation's totals: %+v, %v", o, err)
		}
		if _, err := reg.Seats(context.Background(), domain.SeatFilter{}); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("the public reads seats: %v", err)
		}
	})
}

// TestTargetedScopes: an employer places its own orders and sees its own
// contracts; a college signs contracts of its own students only; both
// parties move the obligation, nobody else; alerts are each party's own.
func TestTargetedScopes(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		reg := access.New(st)
		ctx := context.Background()
		as := func(u string) context.Context { return testkit.As(w.users[u]) }
		st.Now = func() time.Time { return time.Date(2025, 10, 1, 9, 0, 0, 0, time.UTC) }
		reg.Now = st.Now
		prog := domain.Programme{CollegeID: w.collegeA.ID, SpecialtyCode: "06130100", QualificationCode: "4S06130103", DurationMonths: 34,
			HoursTotal: 100, HoursPractice: 50, HoursEnterprise: 10}
		must(t, st.CreateProgramme(ctx, &prog))
		group := domain.Group{CollegeID: w.collegeA.ID, ProgrammeID: prog.ID, Code: "ПО-24-9", IntakeYear: 2024, Language: "ru"}
		must(t, st.CreateGroup(ctx, &group))
		holder := domain.Student{IIN: complete(t, "07031560400"), Name: domain.PersonName{Last: "Целевая", First: "Дина"}, CollegeID: w.collegeA.ID,
			GroupID: group.ID, ProgrammeID: prog.ID, Funding: domain.FundingTargeted, Status: domain.StatusStudying,
			EnrolledOn: time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC)}
		must(t, st.CreateStudent(ctx, &holder))
		other := domain.Enterprise{BIN: complete(t, "05044000901"), Name: domain.Names{RU: "ТОО «Другое»"}, RegionID: 75, CityID: 1, Industry: "C"}
		must(t, st.CreateEnterprise(ctx, &other))
		w.users["other"] = testkit.NewUser(t, st, domain.User{Login: "other", Role: domain.RoleEnterprise, EnterpriseID: other.ID})
		w.users["collegeB"] = testkit.NewUser(t, st, domain.User{Login: "collegeb", Role: domain.RoleCollege, CollegeID: w.collegeB.ID})

		order := domain.TrainingOrder{EnterpriseID: other.ID, RegionID: 75, QualificationCode: "4S06130103", Year: 2024, Graduates: 3}
		if err := reg.SaveTrainingOrder(as("college"), &order); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("a college places an order: %v", err)
		}
		must(t, reg.SaveTrainingOrder(as("enterprise"), &order))
		if order.EnterpriseID != w.enterprise.ID {
			t.Fatalf("the order is the placing employer's own: %d", order.EnterpriseID)
		}
		changed := order
		changed.Graduates = 5
		if err := reg.SaveTrainingOrder(as("other"), &changed); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another employer changes the order: %v", err)
		}
		for user, want := range map[string]int{"enterprise": 1, "other": 0, "college": 1, "collegeB": 0, "region": 1, "ministry": 1} {
			if l, err := reg.TrainingOrders(as(user), domain.OrderFilter{}); err != nil || l.Total != want {
				t.Errorf("%s sees %d orders, want %d: %v", user, l.Total, want, err)
			}
		}

		c := domain.TargetedContract{OrderID: order.ID, StudentID: holder.ID, Number: "ЦП-1", SignedOn: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC),
			TuitionCost: 800_000}
		if err := reg.CreateTargetedContract(as("collegeB"), &c); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another college signs for the student: %v", err)
		}
		if err := reg.CreateTargetedContract(as("enterprise"), &c); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("the employer records the contract: %v", err)
		}
		must(t, reg.CreateTargetedContract(as("college"), &c))
		for user, want := range map[string]int{"enterprise": 1, "other": 0, "college": 1, "collegeB": 0, "region": 1, "auditor": 1, "ministry": 1} {
			if l, err := reg.TargetedContracts(as(user), domain.ContractFilter{}); err != nil || l.Total != want {
				t.Errorf("%s sees %d contracts, want %d: %v", user, l.Total, want, err)
			}
		}
		if _, err := reg.TargetedContract(as("other"), c.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("another employer reads the contract: %v", err)
		}
		cancel := domain.ObligationMove{To: domain.ObligationCancelled, On: time.Date(2025, 9, 30, 0, 0, 0, 0, time.UTC), Note: "Расторгнут"}
		for user, code := range map[string]string{"other": domain.ENOTFOUND, "collegeB": domain.ENOTFOUND, "region": domain.EFORBIDDEN,
			"ministry": domain.EFORBIDDEN, "auditor": domain.EFORBIDDEN} {
			if _, err := reg.MoveObligation(as(user), c.ID, cancel); domain.ErrorCode(err) != code {
				t.Errorf("%s moves the obligation: %v, want %s", user, err, code)
			}
		}
		moved, err := reg.MoveObligation(as("enterprise"), c.ID, cancel)
		if err != nil || moved.State != domain.ObligationCancelled {
			t.Fatalf("the employer cancels: %+v, %v", moved, err)
		}
		for user, want := range map[string]int{"enterprise": 1, "college": 1, "other": 0, "collegeB": 0} {
			if l, err := reg.Alerts(as(user), domain.AlertFilter{}); err != nil || l.Total != want {
				t.Errorf("%s has %d alerts, want %d: %v", user, l.Total, want, err)
			}
		}
		if _, err := reg.Alerts(as("ministry"), domain.AlertFilter{}); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("the ministry's alerts: %v", err)
		}
		if o, err := reg.TargetedOverview(as("region"), domain.TargetedOverviewFilter{}); err != nil || o.RegionID != 75 || o.Total.Orders != 1 {
			t.Errorf("the region's overview: %+v, %v", o, err)
		}
	})
}
