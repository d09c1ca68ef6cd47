package demo

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// State-funded seats and targeted training. The seats are the state order
// the enrolment needed: every college, qualification, year of intake and
// source of funding gets the state-funded students enrolled on it (the
// current students and the graduates of the last three years, who keep
// their seat) and a few seats more, none more for a quarter of them, so
// the fill is high and some rows are full — as the published 68 % state
// share puts the seats at about two thirds of the students. One programme
// in seven is ordered by the republican budget (a ministry), the rest by
// the akimats.
//
// Every targeted-training student holds a contract: with the enterprise
// they train at (dual), or with an employer of the college's region; the
// contracts of an employer, qualification (or specialty, where the
// classifier lacks the programme's qualification) and intake make its
// order, with a place or two to spare.
// The graduates' work obligations are played through the domain's own
// state machine from the day of graduation to "today": most start work
// within weeks, some are called up for military service and come back,
// some go on studying, some take parental leave, some never start or
// leave early (a breach, with its reimbursement), and the shorter
// obligations of the earliest cohort are served in full. Some 2 % of the
// students on paid seats hold a TVET diploma already (a second
// profession). The deadline alerts come from the store's own sweep.

// Streams of seats and targeted training (see sample.go).
const (
	streamSeats    = 20 << 32 // the seats' slack, the diplomas
	streamTargeted = 21 << 32 // + contract index: the contract and its obligation
)

// republicanShare: one programme in seven has its state order from the
// republican budget.
const republicanShare = 7

// seatKey is a row of state-funded seats.
type seatKey struct {
	college int64
	code    string
	year    int
	source  domain.SeatSource
}

// targetedStudent is what a contract needs of its student.
type targetedStudent struct {
	id, college, programme, enterprise int64
	year                               int
	graduated                          time.Time // zero for a current student
}

// targetedPlan collects, while the students and the graduates are
// written, what the seats and the contracts need: it sees every student
// (watchStudent) and every graduate and graduated group (loader).
type targetedPlan struct {
	p          *plan
	r          *rand.Rand
	groupYear  map[int64]int
	programme  map[int64]int // programme ID → index into p.programmes
	enrolled   map[seatKey]int
	targeted   []targetedStudent
	diplomas   []domain.Diploma
	republican map[int64]bool
}

func newTargetedPlan(p *plan) *targetedPlan {
	tp := &targetedPlan{p: p, r: newRand(p.seed, streamSeats), groupYear: map[int64]int{}, programme: map[int64]int{},
		enrolled: map[seatKey]int{}, republican: map[int64]bool{}}
	for _, g := range p.groups {
		tp.groupYear[g.ID] = g.IntakeYear
	}
	for i, pr := range p.programmes {
		tp.programme[pr.ID] = i
		tp.republican[pr.ID] = splitmix64(uint64(p.seed)^uint64(pr.ID)^streamSeats)%republicanShare == 0
	}
	return tp
}

// watchStudent notes every current student on the way to emit.
func (tp *targetedPlan) watchStudent(emit func(domain.Student) bool) func(domain.Student) bool {
	return func(s domain.Student) bool {
		tp.note(&s, time.Time{})
		return emit(s)
	}
}

// note counts a student on a state-funded seat (naming the republican
// budget where it pays), keeps a targeted-training student for a
// contract, and gives a few students on paid seats a diploma.
func (tp *targetedPlan) note(s *domain.Student, graduated time.Time) {
	pr := &tp.p.programmes[tp.programme[s.ProgrammeID]]
	year := tp.groupYear[s.GroupID]
	switch s.Funding {
	case domain.FundingState:
		source := domain.DefaultSeatSource
		if tp.republican[s.ProgrammeID] {
			source = domain.SeatRepublican
			s.SeatSource = source
		}
		code := pr.QualificationCode
		if code == "" {
			code = pr.SpecialtyCode
		}
		if s.Status != domain.StatusExpelled {
			tp.enrolled[seatKey{s.CollegeID, code, year, source}]++
		}
	case domain.FundingTargeted:
		tp.targeted = append(tp.targeted, targetedStudent{id: s.ID, college: s.CollegeID, programme: s.ProgrammeID,
			enterprise: s.EnterpriseID, year: year, graduated: graduated})
	case domain.FundingPaid:
		if graduated.IsZero() && chance(tp.r, 0.02) {
			tp.diplomas = append(tp.diplomas, domain.Diploma{IIN: s.IIN, Number: fmt.Sprintf("ТКБ %07d", tp.r.IntN(10_000_000)),
				AwardedOn: date(s.EnrolledOn.Year()-between(tp.r, 1, 6), time.June, 30)})
		}
	}
}

// loader wraps l so that the graduated groups and the graduates written
// through it are noted too.
func (tp *targetedPlan) loader(l Loader) Loader { return targetedLoader{Loader: l, tp: tp} }

type targetedLoader struct {
	Loader
	tp *targetedPlan
}

func (l targetedLoader) InsertGroups(ctx context.Context, rows []domain.Group) error {
	for _, g := range rows {
		l.tp.groupYear[g.ID] = g.IntakeYear
	}
	return l.Loader.InsertGroups(ctx, rows)
}

func (l targetedLoader) InsertGraduates(ctx context.Context, rows []domain.Graduate) error {
	for i := range rows {
		l.tp.note(&rows[i].Student, rows[i].GraduatedOn)
	}
	return l.Loader.InsertGraduates(ctx, rows)
}

// seats are the state order: the students enrolled on each row and a few
// seats more, in the order of the keys.
func (tp *targetedPlan) seats() ([]domain.StateSeats, int) {
	keys := make([]seatKey, 0, len(tp.enrolled))
	for k := range tp.enrolled {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b seatKey) int {
		return cmp.Or(cmp.Compare(a.college, b.college), cmp.Compare(a.code, b.code), cmp.Compare(a.year, b.year),
			cmp.Compare(a.source, b.source))
	})
	rows := make([]domain.StateSeats, 0, len(keys))
	total := 0
	for _, k := range keys {
		n := tp.enrolled[k]
		seats := n
		if !chance(tp.r, 0.25) {
			seats += (n+24)/25 + between(tp.r, 0, 2)
		}
		total += seats
		rows = append(rows, domain.StateSeats{CollegeID: k.college, QualificationCode: k.code, Year: k.year, Source: k.source, Seats: seats})
	}
	return rows, total
}

// orderKey is an employer's order.
type orderKey struct {
	enterprise int64
	region     int
	code       string
	year       int
}

// contracts plans the orders and the contracts of the targeted-training
// students, with the graduates' obligations played to today.
func (tp *targetedPlan) contracts() ([]domain.TrainingOrder, []domain.TargetedContract) {
	p := tp.p
	byRegion := map[int][]int64{}
	for _, e := range p.enterprises {
		byRegion[e.RegionID] = append(byRegion[e.RegionID], e.ID)
	}
	orderAt := map[orderKey]int{}
	var orders []domain.TrainingOrder
	var contracts []domain.TargetedContract
	policy := domain.DefaultTargetedPolicy
	for i, ts := range tp.targeted {
		pr := &p.programmes[tp.programme[ts.programme]]
		region := p.colleges[p.progInfo[tp.programme[ts.programme]].college].RegionID
		r := newRand(p.seed, streamTargeted+uint64(i))
		employer := ts.enterprise
		if employer == 0 {
			local := byRegion[region]
			if len(local) == 0 {
				continue
			}
			employer = local[splitmix64(uint64(ts.programme)<<16^uint64(ts.year))%uint64(len(local))]
		}
		code := pr.QualificationCode
		if code == "" {
			code = pr.SpecialtyCode
		}
		key := orderKey{employer, region, code, ts.year}
		oi, ok := orderAt[key]
		if !ok {
			oi = len(orders)
			orderAt[key] = oi
			orders = append(orders, domain.TrainingOrder{ID: int64(oi + 1), EnterpriseID: employer, RegionID: region,
				QualificationCode: code, Year: ts.year})
		}
		c := domain.TargetedContract{ID: int64(len(contracts) + 1), OrderID: int64(oi + 1), StudentID: ts.id, EnterpriseID: employer,
			CollegeID: ts.college, RegionID: region, Year: ts.year, Number: fmt.Sprintf("ЦП-%d/%05d", ts.year, len(contracts)+1),
			TuitionCost:      int64(between(r, 350, 650)) * 1000 * int64(pr.DurationMonths) / 12,
			ObligationMonths: []int{36, 24, 12}[choose(r, 70, 20, 10)]}
		last := p.today
		if !ts.graduated.IsZero() {
			last = ts.graduated.AddDate(0, 0, -30)
		}
		c.SignedOn = minTime(date(ts.year, time.September, 1).AddDate(0, 0, between(r, 0, 300)), last)
		c.State, c.StateSince = domain.ObligationStudying, c.SignedOn
		c.History = []domain.ObligationEvent{{To: domain.ObligationStudying, On: c.SignedOn, Login: "demo"}}
		if ts.graduated.IsZero() {
			if chance(r, 0.03) {
				tp.move(&c, r, domain.ObligationMove{To: domain.ObligationCancelled, On: c.SignedOn.AddDate(0, 0, between(r, 60, 400)),
					Note: "Переведён(а) на платное обучение"})
			}
		} else {
			c.Start(ts.graduated, policy)
			c.History = append(c.History, domain.ObligationEvent{From: domain.ObligationStudying, To: domain.ObligationPending,
				On: c.StateSince, Login: "system"})
			tp.obligation(&c, r)
		}
		if c.State != domain.ObligationCancelled {
			orders[oi].Graduates++
		}
		contracts = append(contracts, c)
	}
	for i := range orders {
		orders[i].Graduates = max(orders[i].Graduates+between(tp.r, 0, 2), 1)
	}
	return orders, contracts
}

// obligation plays a graduate's work obligation from graduation to today.
func (tp *targetedPlan) obligation(c *domain.TargetedContract, r *rand.Rand) {
	grad := c.GraduatedOn
	days := func(from time.Time, lo, hi int) time.Time { return from.AddDate(0, 0, between(r, lo, hi)) }
	switch roll := r.Float64(); {
	case roll < 0.06: // never started
		tp.move(c, r, domain.ObligationMove{To: domain.ObligationBreached, On: days(c.StartBy, 10, 40),
			Note: "Не вышел(а) на работу в установленный срок"})
	case roll < 0.15: // called up at once, back after the service
		on := days(grad, 5, 60)
		until := on.AddDate(1, 0, 0)
		if !tp.move(c, r, domain.ObligationMove{To: domain.ObligationDeferred, On: on, Reason: domain.DeferMilitary, Until: until,
			Note: "Призыв на срочную воинскую службу"}) {
			break
		}
		// A quarter come back looking for the job they were promised.
		if chance(r, 0.25) && tp.move(c, r, domain.ObligationMove{To: domain.ObligationPending, On: days(until, 0, 10)}) {
			until = days(c.StateSince, 10, 60)
		}
		tp.move(c, r, domain.ObligationMove{To: domain.ObligationWorking, On: days(until, 3, 30)})
	case roll < 0.20: // further study
		on := days(grad, 30, 70)
		tp.move(c, r, domain.ObligationMove{To: domain.ObligationDeferred, On: on, Reason: domain.DeferStudy,
			Until: on.AddDate(between(r, 3, 4), 0, 0), Note: "Поступил(а) в вуз на очное обучение"})
	case roll < 0.30 && c.GraduatedOn.AddDate(1, 0, 0).After(tp.p.today): // this year's, not at work yet
	default:
		start := days(grad, 3, 75)
		if !tp.move(c, r, domain.ObligationMove{To: domain.ObligationWorking, On: start}) {
			break
		}
		switch sub := r.Float64(); {
		case sub < 0.10:
			tp.move(c, r, domain.ObligationMove{To: domain.ObligationBreached, On: days(start, 90, 600),
				Note: "Уволился(ась) по собственному желанию"})
		case sub < 0.16:
			on := days(start, 120, 500)
			until := on.AddDate(0, between(r, 12, 30), 0)
			if tp.move(c, r, domain.ObligationMove{To: domain.ObligationDeferred, On: on, Reason: domain.DeferParental, Until: until,
				Note: "Отпуск по уходу за ребёнком"}) {
				tp.move(c, r, domain.ObligationMove{To: domain.ObligationWorking, On: days(until, 0, 20)})
			}
		}
	}
	if c.State == domain.ObligationWorking && !c.EndsOn.After(tp.p.today) {
		tp.move(c, r, domain.ObligationMove{To: domain.ObligationFulfilled, On: c.EndsOn})
	}
}

// move applies a change that has happened by today, with its history
// entry; it reports whether it did.
func (tp *targetedPlan) move(c *domain.TargetedContract, r *rand.Rand, m domain.ObligationMove) bool {
	before := c.State
	if m.On.After(tp.p.today) || c.Move(m, domain.DefaultTargetedPolicy, tp.p.today) != nil {
		return false
	}
	e := domain.ObligationEvent{From: before, To: c.State, On: c.StateSince, Reason: c.DeferralReason, Until: c.DeferredUntil,
		Note: c.Note, Login: "demo"}
	if c.State == domain.ObligationBreached {
		e.Reimbursement = c.Reimbursement
	}
	c.History = append(c.History, e)
	return true
}

// writeTargeted writes the seats, the diplomas, the orders and the
// contracts with their obligations, raises the alerts that are due, and
// counts them into sum.
func writeTargeted(ctx context.Context, w *writer, loader Loader, tp *targetedPlan, sum *Summary) error {
	seats, total := tp.seats()
	orders, contracts := tp.contracts()
	before := sum.Rows()
	sum.SeatRows, sum.Seats, sum.Diplomas = len(seats), total, len(tp.diplomas)
	for _, n := range tp.enrolled {
		sum.StateFunded += n
	}
	sum.TrainingOrders, sum.TargetedContracts = len(orders), len(contracts)
	for _, c := range contracts {
		if !c.GraduatedOn.IsZero() {
			sum.Obligations++
		}
	}
	w.total += sum.Rows() - before
	w.report()
	if err := writeRows(w, "state-funded seats", seats, loader.InsertSeats); err != nil {
		return err
	}
	if err := writeRows(w, "diplomas", tp.diplomas, loader.InsertDiplomas); err != nil {
		return err
	}
	if err := writeRows(w, "training orders", orders, loader.InsertTrainingOrders); err != nil {
		return err
	}
	// A contract carries its history: a quarter of a batch.
	for start := 0; start < len(contracts); start += max(1, w.batch/4) {
		end := min(start+max(1, w.batch/4), len(contracts))
		if err := loader.InsertTargetedContracts(w.ctx, contracts[start:end]); err != nil {
			return fmt.Errorf("demo: write targeted contracts %d-%d: %w", start+1, end, err)
		}
		w.done += int64(end - start)
		w.report()
	}
	res, err := loader.SweepObligations(ctx, tp.p.today)
	if err != nil {
		return fmt.Errorf("demo: obligations' deadlines: %w", err)
	}
	sum.ObligationAlerts = res.Alerts
	return nil
}
