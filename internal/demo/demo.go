// Package demo generates the demo dataset: colleges, enterprises,
// programmes, groups, teachers and students that look like Kazakhstan's
// TVET system — at national scale 706 colleges in the 20 regions, 560,000
// students, 108,000 of them in dual training at 18,500 enterprises in real
// towns — with valid, unique IINs and BINs and Kazakh and Russian names
// from the package's own lists (names/) — and one sign-in for every role,
// tied to generated records. Every dual student has the whole chain of
// dual training (chain.go): an active tripartite agreement with a named
// mentor of the enterprise, the offer it came through, and a weekly logbook
// from 1 September to the last full week before "today", with the signed,
// returned, waiting and missing weeks that make a coordinator's
// needs-attention list meaningful. Graduates of the last three years, with
// their contracts in the register of employment contracts, give the
// employment pages their rates (graduates.go). It writes through Loader
// (the registry's bulk loader and the accounts), so it works on either
// database.
//
// The same seed gives the same data, byte for byte: all randomness comes
// from PCG streams seeded with Options.Seed, nothing is drawn in the order
// of a Go map, and "today" is a fixed date rather than the clock.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Scales of the dataset.
const (
	// ScaleNational is the whole country: 706 colleges, 560,000 students.
	ScaleNational = "national"
	// ScaleSmall is a hundredth of it (7 colleges, 5,600 students), for
	// tests and quick demos.
	ScaleSmall = "small"
	// ScaleRussia is the size of a larger country's system: 3,700,000
	// students (Russia's TVET) in Kazakhstan's geography, every national
	// figure multiplied alike (4,665 colleges, 122,000 enterprises). It is
	// for measuring what one PostgreSQL carries (README, "Russia scale").
	ScaleRussia = "russia"
)

// Scales lists the valid values of Options.Scale.
var Scales = []string{ScaleNational, ScaleSmall, ScaleRussia}

// DefaultBatchSize is the number of rows per loader call when
// Options.BatchSize is zero. Each call is a transaction, and on SQLite every
// commit writes out all the index pages the batch touched (names and IINs
// land all over their indexes), so bigger batches load faster: the national
// dataset took 31 s with 10,000 rows a call, 24 s with 20,000 and 21 s with
// 50,000 on a 2-core machine. 20,000 keeps three batches of students in
// memory at about 30 MB.
const DefaultBatchSize = 20_000

// DefaultToday is the date the data is generated as of when Options.Today
// is zero: intakes, ages and hire dates are counted from it, and the
// logbook runs to the last full week before it (the week of Monday 16
// November 2026; the week of Monday 23 November is the one to write).
var DefaultToday = time.Date(2026, time.November, 25, 0, 0, 0, 0, time.UTC)

// Options control Generate.
type Options struct {
	// Scale is ScaleNational (the default when empty), ScaleSmall or
	// ScaleRussia.
	Scale string
	// Seed selects the dataset; the same seed gives the same data.
	Seed int64
	// Progress, if not nil, is called with the rows written so far and the
	// rows to write in all, once before the first write and after every
	// loader call, on the goroutine that called Generate.
	Progress func(done, total int64)
	// BatchSize is the number of rows per loader call (DefaultBatchSize
	// when zero).
	BatchSize int
	// Today is the date the data is as of (DefaultToday when zero). The
	// students are those studying on that day: intakes of the last one to
	// four years depending on the programme's length.
	Today time.Time
}

// Summary counts what Generate wrote.
type Summary struct {
	Scale                   string `json:"scale"`
	Seed                    int64  `json:"seed"`
	Colleges                int    `json:"colleges"`
	DualColleges            int    `json:"dual_colleges"` // colleges with at least one dual programme
	Enterprises             int    `json:"enterprises"`
	EnterprisesWithTrainees int    `json:"enterprises_with_trainees"`
	Programmes              int    `json:"programmes"`
	DualProgrammes          int    `json:"dual_programmes"`
	Groups                  int    `json:"groups"`
	Teachers                int    `json:"teachers"`
	Students                int    `json:"students"`
	DualStudents            int    `json:"dual_students"` // students with an enterprise
	Accounts                int    `json:"accounts"`      // demo accounts, one per role

	// The dual-training chain.
	Mentors          int   `json:"mentors"`
	Competences      int   `json:"competences"` // of the dual programmes' lists
	Offers           int   `json:"offers"`
	OpenOffers       int   `json:"open_offers"`
	Applications     int   `json:"applications"`
	Agreements       int   `json:"agreements"`
	ActiveAgreements int   `json:"active_agreements"` // the others were terminated on a change of enterprise
	PartyChanges     int   `json:"party_changes"`     // changes of mentor or enterprise
	Entries          int64 `json:"entries"`           // logbook entries, every version
	Assessments      int64 `json:"assessments"`       // the mentors' competence assessments

	// The allocation rounds: a finished national round and the open
	// supplementary round on the seats it left.
	Rounds        int `json:"rounds"`
	RoundOffers   int `json:"round_offers"`   // offers in the rounds, counted in each
	RoundStudents int `json:"round_students"` // students who ranked offers in the finished round
	Interviews    int `json:"interviews"`     // interview scores given in the finished round
	Placed        int `json:"placed"`         // by the finished round
	Accepted      int `json:"accepted"`       // placements accepted: a draft agreement each
	OpenRound     int `json:"open_round"`     // students who may rank in the open round
	RankingAgain  int `json:"ranking_again"`  // those who have ranked so far

	// Patronage: memoranda with their commitments (written with them),
	// the deliveries reported, the distinct patrons and colleges.
	Memoranda        int `json:"memoranda"`
	Commitments      int `json:"commitments"`
	Fulfilments      int `json:"fulfilments"`
	Patrons          int `json:"patrons"`
	PatronedColleges int `json:"patroned_colleges"`

	// Graduates of the last three years (not counted in Students) and
	// their contracts in the register of employment contracts.
	GraduateGroups    int `json:"graduate_groups"` // counted in Groups too
	Graduates         int `json:"graduates"`
	DualGraduates     int `json:"dual_graduates"`
	EmploymentRecords int `json:"employment_records"`

	// State-funded seats: the rows of the state order, their seats and the
	// students on state funding (current and graduates), and diplomas of
	// students on paid seats. Targeted training: orders, contracts (of
	// which obligations, after graduation) and the deadline alerts raised.
	SeatRows          int `json:"seat_rows"`
	Seats             int `json:"seats"`
	StateFunded       int `json:"state_funded"`
	Diplomas          int `json:"diplomas"`
	TrainingOrders    int `json:"training_orders"`
	TargetedContracts int `json:"targeted_contracts"`
	Obligations       int `json:"obligations"`
	ObligationAlerts  int `json:"obligation_alerts"`

	// Career guidance: the demo coordinator's class sessions and the
	// anonymous tests finished through them.
	GuidanceSessions int `json:"guidance_sessions"`
	GuidanceResults  int `json:"guidance_results"`

	// Teachers' qualification: a profile (category, subjects) per
	// teacher, with their courses and industry internships (written with
	// it). Internationalisation: partners, agreements (of which the
	// colleges, countries and Russian-partnered colleges in force),
	// foreign specialists and mobility.
	TeacherProfiles        int `json:"teacher_profiles"`
	TeacherCourses         int `json:"teacher_courses"`
	TeacherInternships     int `json:"teacher_internships"`
	Partners               int `json:"partners"`
	Partnerships           int `json:"partnerships"`
	PartnerColleges        int `json:"partner_colleges"`
	PartnerCountries       int `json:"partner_countries"`
	RussianPartnerColleges int `json:"russian_partner_colleges"`
	ForeignSpecialists     int `json:"foreign_specialists"`
	Mobility               int `json:"mobility"`
}

// Rows is the number of rows written in the registry's tables and the
// chain's (not counting the accounts and the agreements' approvals, which
// go with their agreements).
func (s Summary) Rows() int64 {
	return int64(s.Colleges+s.Enterprises+s.Programmes+s.Groups+s.Teachers+s.Students+s.Mentors+s.Competences+s.Offers+
		s.Applications+s.Agreements+s.PartyChanges+s.Rounds+s.RoundOffers+s.RoundStudents+s.Interviews+s.OpenRound+
		s.Memoranda+s.Fulfilments+s.Graduates+s.EmploymentRecords+s.SeatRows+s.Diplomas+s.TrainingOrders+s.TargetedContracts+
		s.TeacherProfiles+s.Partners+s.Partnerships+s.ForeignSpecialists+s.Mobility) +
		s.Entries + s.Assessments
}

// Generate writes the demo dataset into an empty registry whose reference
// data (regions, cities, classifier) is loaded, with one account of every
// role (Login, Password) tied to generated records, and calls
// loader.FinishLoad at the end. Regions, towns and specialties come from
// ref, which must be what the registry holds. The writes are audited as the
// system's unless ctx names another actor.
//
// It returns EINVALID for bad options or reference data without regions,
// towns or specialties, and ECONFLICT when the loader can count its rows
// (as the store can) and the registry is not empty. Each loader call
// writes all of its rows or none, but Generate as a whole is not atomic:
// after an error, start again from an empty database.
func Generate(ctx context.Context, loader Loader, ref domain.ReferenceData, opts Options) (Summary, error) {
	if err := opts.normalize(); err != nil {
		return Summary{}, err
	}
	if a := domain.ActorFrom(ctx); a.User == nil && a.Via == "" {
		ctx = domain.WithActor(ctx, domain.System)
	}
	if err := ensureEmpty(ctx, loader); err != nil {
		return Summary{}, err
	}
	p, err := newPlan(ref, opts)
	if err != nil {
		return Summary{}, err
	}
	sum := p.summary(opts.Scale)
	w := &writer{ctx: ctx, progress: opts.Progress, total: sum.Rows(), batch: opts.BatchSize}
	w.report()
	if err := writeRows(w, "colleges", p.colleges, loader.InsertColleges); err != nil {
		return sum, err
	}
	if err := writeRows(w, "enterprises", p.enterprises, loader.InsertEnterprises); err != nil {
		return sum, err
	}
	if err := writeRows(w, "programmes", p.programmes, loader.InsertProgrammes); err != nil {
		return sum, err
	}
	// Teachers and students are generated while the previous batch is
	// written, never all at once; they share the IIN allocator, which
	// keeps their IINs apart. Teachers come before the groups they curate.
	iins := newIINAllocator(p.seed)
	acc := &p.accounts
	intl := newIntlPlan(p)
	tq := newTeacherPlan(p, intl)
	if err := writeStream(w, "teachers", func(emit func(domain.Teacher) bool) { p.teachers(iins, tq.watch(acc.watchTeacher(p, emit))) }, loader.InsertTeachers); err != nil {
		return sum, err
	}
	if err := writeTeacherRecords(w, loader, tq, &sum); err != nil {
		return sum, err
	}
	if err := writeRows(w, "groups", p.groups, loader.InsertGroups); err != nil {
		return sum, err
	}
	// The accounts exist before the mentor record of the mentor's account
	// and the approvals the others gave.
	for _, u := range p.staff() {
		if err := createAccount(ctx, loader, &u); err != nil {
			return sum, err
		}
		p.chain.users.keep(u)
		sum.Accounts++
	}
	p.linkMentor()
	if err := writeRows(w, "mentors", p.chain.mentors, loader.InsertMentors); err != nil {
		return sum, err
	}
	if err := writeRows(w, "competences", p.programmeCompetences(), loader.InsertCompetences); err != nil {
		return sum, err
	}
	if err := writeStream(w, "offers", p.streamOffers, loader.InsertOffers); err != nil {
		return sum, err
	}
	// Seats and targeted training see every student and graduate written.
	tp := newTargetedPlan(p)
	if err := writeStream(w, "students", func(emit func(domain.Student) bool) {
		p.students(iins, intl.watchStudent(tp.watchStudent(acc.watchStudent(p, emit))))
	}, loader.InsertStudents); err != nil {
		return sum, err
	}
	student := p.studentAccount()
	if err := createAccount(ctx, loader, &student); err != nil {
		return sum, err
	}
	p.chain.users.keep(student)
	sum.Accounts++
	// The graduates of past years come next, while the students' indexes
	// are in the cache (and their IINs after the students').
	if err := writeGraduates(ctx, w, tp.loader(loader), p, iins, &sum); err != nil {
		return sum, err
	}
	// The chain, each table after those it refers to.
	if err := writeStreamBatch(w, "agreements", max(1, w.batch/4), p.streamAgreements, loader.InsertAgreements); err != nil {
		return sum, err
	}
	if err := writeStream(w, "applications", func(emit func(domain.Application) bool) {
		p.streamAcceptedApplications(emit)
		for _, a := range p.newApplications() {
			if !emit(a) {
				return
			}
		}
	}, loader.InsertApplications); err != nil {
		return sum, err
	}
	if err := writeRows(w, "party changes", p.partyChanges(), loader.InsertPartyChanges); err != nil {
		return sum, err
	}
	if err := writeStream(w, "logbook entries", p.streamEntries, loader.InsertEntries); err != nil {
		return sum, err
	}
	if err := writeStream(w, "assessments", p.streamAssessments, loader.InsertAssessments); err != nil {
		return sum, err
	}
	if err := writeRounds(ctx, w, loader, p, &sum); err != nil {
		return sum, err
	}
	if err := writePatronage(w, loader, p, &sum); err != nil {
		return sum, err
	}
	if err := writeTargeted(ctx, w, loader, tp, &sum); err != nil {
		return sum, err
	}
	if err := writeInternational(w, loader, p, intl, &sum); err != nil {
		return sum, err
	}
	if err := writeGuidance(ctx, loader, p, &sum); err != nil {
		return sum, err
	}
	if err := loader.FinishLoad(ctx); err != nil {
		return sum, fmt.Errorf("demo: finish load: %w", err)
	}
	// Counted once everything is in and the planner knows the tables.
	if err := loader.RefreshEmploymentOutcomes(ctx); err != nil {
		return sum, fmt.Errorf("demo: count employment: %w", err)
	}
	if err := refreshAnalytics(ctx, loader); err != nil {
		return sum, err
	}
	return sum, nil
}

// writeRounds plans the allocation rounds, which needs the students
// written (rounds.go), and writes them, the draft agreements of the
// accepted placements first, then the applicant's account.
func writeRounds(ctx context.Context, w *writer, loader Loader, p *plan, sum *Summary) error {
	rp := p.planRounds()
	before := sum.Rows()
	rp.summarize(sum)
	w.total += sum.Rows() - before
	w.report()
	if err := writeRows(w, "placement agreements", rp.agreements, loader.InsertAgreements); err != nil {
		return err
	}
	if err := writeRows(w, "rounds", rp.rounds, loader.InsertRounds); err != nil {
		return err
	}
	if err := writeRows(w, "round offers", rp.offers, loader.InsertRoundOffers); err != nil {
		return err
	}
	// A tenth of a batch: each student's row carries up to ten choices.
	if err := writeStreamBatch(w, "round students", max(1, w.batch/10), rp.streamResults, loader.InsertRoundResults); err != nil {
		return err
	}
	if err := writeRows(w, "interviews", rp.interviews, loader.InsertInterviews); err != nil {
		return err
	}
	if rp.applicant == 0 {
		return nil
	}
	u := p.applicantAccount(rp.applicant)
	if err := createAccount(ctx, loader, &u); err != nil {
		return err
	}
	sum.Accounts++
	return nil
}

func (o *Options) normalize() error {
	if o.Scale == "" {
		o.Scale = ScaleNational
	}
	if _, ok := paramsFor(o.Scale); !ok {
		return domain.Invalid("scale", "error.demo.scale", "scale must be national, small or russia").With("scale", o.Scale)
	}
	if o.BatchSize < 0 {
		return domain.Invalid("batch_size", "error.demo.batch_size", "batch size cannot be negative")
	}
	if o.BatchSize == 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.Today.IsZero() {
		o.Today = DefaultToday
	}
	y, m, d := o.Today.Date()
	o.Today = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return nil
}

// counter is implemented by loaders that can count their rows (the store).
type counter interface {
	Counts(ctx context.Context) (domain.Counts, error)
}

// ensureEmpty refuses a registry that already holds institutions or
// people: the generator sets IDs from 1, which would clash.
func ensureEmpty(ctx context.Context, loader domain.RegistryLoader) error {
	c, ok := loader.(counter)
	if !ok {
		return nil
	}
	n, err := c.Counts(ctx)
	if err != nil {
		return fmt.Errorf("demo: count registry: %w", err)
	}
	if n.Colleges+n.Enterprises+n.Programmes+n.Groups+n.Teachers+n.Students > 0 {
		return domain.Errorf(domain.ECONFLICT, "error.demo.not_empty",
			"the registry is not empty (%d colleges, %d students): the demo dataset needs an empty database", n.Colleges, n.Students)
	}
	return nil
}

// writer hands rows to the loader in batches and reports progress.
type writer struct {
	ctx         context.Context
	progress    func(done, total int64)
	done, total int64
	batch       int
}

func (w *writer) report() {
	if w.progress != nil {
		w.progress(w.done, w.total)
	}
}

// writeRows writes rows already in memory, a batch per loader call.
func writeRows[T any](w *writer, table string, rows []T, insert func(context.Context, []T) error) error {
	for start := 0; start < len(rows); start += w.batch {
		end := min(start+w.batch, len(rows))
		if err := insert(w.ctx, rows[start:end]); err != nil {
			return fmt.Errorf("demo: write %s %d-%d: %w", table, start+1, end, err)
		}
		w.done += int64(end - start)
		w.report()
	}
	return nil
}

// writeStream writes rows as produce generates them. produce runs on its
// own goroutine and fills one batch while the loader writes the previous
// one, so generating costs almost no wall time; three batch buffers go
// round, so memory stays at three batches whatever the table's size.
// produce must stop when emit returns false.
func writeStream[T any](w *writer, table string, produce func(emit func(T) bool), insert func(context.Context, []T) error) error {
	return writeStreamBatch(w, table, w.batch, produce, insert)
}

// writeStreamBatch is writeStream with batches of batch rows, for rows so
// wide that three batches of the usual size would weigh much more than
// the others' (an agreement carries its approvals and its display fields).
func writeStreamBatch[T any](w *writer, table string, batch int, produce func(emit func(T) bool), insert func(context.Context, []T) error) error {
	ctx, cancel := context.WithCancel(w.ctx)
	defer cancel()
	full := make(chan []T, 1)
	free := make(chan []T, 3)
	for range 3 {
		free <- make([]T, 0, batch)
	}
	go func() {
		defer close(full)
		buf := <-free
		produce(func(row T) bool {
			buf = append(buf, row)
			if len(buf) < batch {
				return true
			}
			select {
			case full <- buf:
			case <-ctx.Done():
				return false
			}
			select {
			case buf = <-free:
				buf = buf[:0]
				return true
			case <-ctx.Done():
				return false
			}
		})
		if len(buf) > 0 && ctx.Err() == nil {
			select {
			case full <- buf:
			case <-ctx.Done():
			}
		}
	}()
	written := 0
	for batch := range full {
		if err := insert(ctx, batch); err != nil {
			cancel()
			for range full {
				// Let the producer see the cancellation and finish.
			}
			return fmt.Errorf("demo: write %s %d-%d: %w", table, written+1, written+len(batch), err)
		}
		written += len(batch)
		w.done += int64(len(batch))
		w.report()
		free <- batch
	}
	if err := w.ctx.Err(); err != nil {
		return fmt.Errorf("demo: write %s: %w", table, err)
	}
	return nil
}
