package demo

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
)

func TestZZExplore(t *testing.T) {
	start := time.Now()
	rec := newRecorder(nil)
	sum, err := Generate(context.Background(), rec, refdata.All(), Options{Scale: ScaleSmall, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("%s %+v\n", time.Since(start), sum)
	st := map[domain.EntryStatus]int{}
	for _, e := range rec.entries {
		st[e.Status]++
	}
	fmt.Println(st, len(rec.entries), len(rec.agreements), len(rec.offers), len(rec.applications), len(rec.changes), len(rec.assessments), len(rec.mentors))
	os := map[domain.OfferStatus]int{}
	for _, o := range rec.offers {
		os[o.Status]++
	}
	fmt.Println(os)
	for _, e := range rec.entries[:15] {
		fmt.Printf("%d %s v%d %v %s %dh %q %v sub=%s signed=%s by=%s rev=%s\n", e.StudentID, e.WeekStart.Format("01-02"), e.Version, e.Current, e.Status, e.Hours, e.Tasks, e.Competences, e.SubmittedAt.Format(time.DateTime), e.SignedAt.Format(time.DateTime), e.SignedBy, e.ReviewedBy)
	}
	a := rec.agreements[0]
	fmt.Printf("%+v\n", a)
	fmt.Printf("%+v\n", rec.mentors[0])
	fmt.Printf("%+v\n", rec.offers[len(rec.offers)-1])
	fmt.Printf("%+v\n", rec.changes)
}

func TestZZNational(t *testing.T) {
	start := time.Now()
	p, err := newPlan(refdata.All(), Options{Scale: ScaleNational, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("%s %+v\n", time.Since(start), p.summary("national"))
	max := 0
	for _, m := range p.chain.mentorInfo {
		if int(m.trainees) > max {
			max = int(m.trainees)
		}
	}
	fmt.Println("max trainees", max, "demo mentor", p.chain.demoMentor, p.chain.mentorInfo[p.chain.demoMentor], "weeks", len(p.chain.weeks))
}

func TestZZStore(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, "/tmp/small.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, _ := st.UserByLogin(ctx, Login(domain.RoleCollege))
	l, err := st.NeedsAttention(ctx, domain.AttentionFilter{CollegeID: u.CollegeID})
	fmt.Println("attention", l.Total, err)
	for _, p := range l.Items[:min(5, len(l.Items))] {
		fmt.Printf("%s %v planned %d signed %d missing %d\n", p.Student.Full(), p.Attention, p.PlannedToDate, p.SignedHours, len(p.MissingWeeks))
	}
	m, _ := st.UserByLogin(ctx, Login(domain.RoleMentor))
	q, err := st.Entries(ctx, domain.EntryFilter{MentorUserID: m.ID, Status: domain.EntrySubmitted})
	fmt.Println("queue", q.Total, err)
	s, _ := st.UserByLogin(ctx, Login(domain.RoleStudent))
	pr, err := st.Progress(ctx, s.StudentID)
	fmt.Printf("student progress %+v %v\n", pr, err)
	e, _ := st.UserByLogin(ctx, Login(domain.RoleEnterprise))
	apps, err := st.Applications(ctx, domain.ApplicationFilter{EnterpriseID: e.EnterpriseID, Status: domain.ApplicationPending})
	fmt.Println("pending apps", apps.Total, err)
	offers, err := st.Offers(ctx, domain.OfferFilter{EnterpriseID: e.EnterpriseID})
	for _, o := range offers.Items {
		fmt.Println(o.ID, o.Status, o.Accepted, o.Applications, o.Capacity)
	}
}
