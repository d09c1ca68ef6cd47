// Package match allocates students to placement offers by student-proposing
// deferred acceptance (Gale and Shapley, 1962).
//
// Every student ranks offers; every offer ranks the students who applied to
// it by score, higher first, then by lottery number, lower first. Deferred
// acceptance gives the one allocation that is stable (no student and offer
// would both rather be together than with what they got), the best for every
// student among the stable ones, and safe to rank honestly: no student can
// get a better placement by misreporting her list.
//
// An Instance is flat: per-offer slices, and one word per application
// (offer and score packed) with the applications of a student contiguous
// (compressed sparse rows), so that a national round of millions of
// applications is a handful of allocations and the matcher walks memory in
// order. Run splits a round into the parts no student connects (offers of
// different specialties) and solves them on separate cores. The package
// imports nothing of the project; it knows nothing of databases or the web.
//
// Files: match.go the types and their checks, da.go the algorithm, verify.go
// an independent check of a result, file.go and parse.go the reader of the
// benchmark's CSV files (../shared/bench/SPEC.md), write.go their writer,
// alloc.go the huge-page memory they fill.
package match

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// Input is an allocation problem in plain slices, the form a caller builds.
// New checks it and turns it into an Instance. Offer ids are
// 0..len(Capacity)-1 and student ids 0..len(Start)-2.
//
// Student s ranks the offers Offer[Start[s]:Start[s+1]], best first, and
// Score[a] is her score at the offer of application a. An application is a
// pair acceptable to both sides; pairs not listed are unacceptable.
type Input struct {
	// Capacity is the number of seats of every offer (≥ 0).
	Capacity []int32
	// Reserved marks the offers open only to the holders of a
	// targeted-training contract for them; nil means none is reserved.
	Reserved []bool

	// Start has one entry per student plus one: the applications of
	// student s are Start[s]:Start[s+1]. Start[0] is 0 and the last entry
	// is len(Offer).
	Start []int32
	// Offer is the offer of every application, in rank order per student.
	Offer []int32
	// Score is the student's score at that offer (≥ 0); higher is better.
	Score []int32

	// Lottery breaks ties in score: a lower number wins. Numbers must be
	// distinct. nil means the student id is the lottery number, as in the
	// benchmark files.
	Lottery []int64
	// Contract is, for every student, the reserved offer she holds a
	// targeted-training contract for, or -1. nil means every application
	// is taken as acceptable, as in the benchmark files, where the rows of
	// reserved offers come only from their holders.
	Contract []int32

	// Group labels every offer (≥ 0), typically with its specialty: a
	// hint that students apply within a group, used only to split the
	// work over the processor's cores. Groups that students connect are
	// run together, so any labels give the same allocation; nil runs
	// everything on one core.
	Group []int32
}

// Instance is a checked allocation problem, made by New or ReadFiles and
// read-only afterwards.
//
// An application is stored as one word: its offer in the low shift bits and
// the score above. When every score fits beside the largest offer id in 32
// bits (1.2 million offers leave 11 bits, scores up to 2047) the words are
// uint32, else uint64. Four bytes an application instead of eight halve the
// memory the reader fills and the matcher walks, and on a virtual machine
// the first touch of memory is what costs most.
type Instance struct {
	capacity []int32
	reserved []bool
	start    []int32
	narrow   []uint32 // offer | score<<shift, when wide is nil
	wide     []uint64 // offer | score<<32
	shift    uint
	lottery  []int64
	group    []int32
}

// Students returns the number of students.
func (in *Instance) Students() int { return max(len(in.start)-1, 0) }

// Offers returns the number of offers.
func (in *Instance) Offers() int { return len(in.capacity) }

// Applications returns the number of applications.
func (in *Instance) Applications() int { return int(in.start[len(in.start)-1]) }

// Capacity returns the number of seats of offer o.
func (in *Instance) Capacity(o int) int32 { return in.capacity[o] }

// Reserved reports whether offer o is reserved for contract holders.
func (in *Instance) Reserved(o int) bool { return in.reserved != nil && in.reserved[o] }

// List returns the applications of student s: first..end-1, in rank order.
func (in *Instance) List(s int) (first, end int) {
	return int(in.start[s]), int(in.start[s+1])
}

// Application returns the offer and the score of application a.
func (in *Instance) Application(a int) (offer, score int32) {
	if in.wide != nil {
		w := in.wide[a]
		return int32(uint32(w)), int32(w >> 32)
	}
	w := in.narrow[a]
	return int32(w & (1<<in.shift - 1)), int32(w >> in.shift)
}

// offerOf returns the offer of application a.
func (in *Instance) offerOf(a int32) int32 {
	o, _ := in.Application(int(a))
	return o
}

// offerBits is the number of bits the largest offer id takes.
func offerBits(nOffers int) uint {
	if nOffers <= 1 {
		return 0
	}
	return uint(bits.Len32(uint32(nOffers - 1)))
}

// fitsNarrow reports whether a score fits above offerBits in 32 bits.
func fitsNarrow(score int32, shift uint) bool { return uint64(score) < 1<<(32-shift) }

// InvalidError is a rule of Instance broken; Student and Rank (1-based) say
// where, -1 when the rule is not about one student or one application.
type InvalidError struct {
	Student int
	Rank    int
	Offer   int
	Field   string
	Msg     string
}

func (e *InvalidError) Error() string {
	s := "match: "
	if e.Student >= 0 {
		s += fmt.Sprintf("student %d: ", e.Student)
	}
	if e.Rank > 0 {
		s += fmt.Sprintf("rank %d: ", e.Rank)
	}
	if e.Offer >= 0 && e.Student < 0 {
		s += fmt.Sprintf("offer %d: ", e.Offer)
	}
	return s + e.Field + ": " + e.Msg
}

func invalid(student, rank, offer int, field, format string, args ...any) error {
	return &InvalidError{Student: student, Rank: rank, Offer: offer, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// New checks p and returns it as an Instance, or an *InvalidError for the
// first rule broken: slice lengths, capacities ≥ 0, known offers, no offer
// twice in one list, scores ≥ 0, distinct lottery numbers, and no
// application to a reserved offer by a student without a contract for it.
//
// An application of a non-holder to a reserved offer is refused rather than
// dropped: dropping it would silently shorten a student's list and her
// explanation would not show it. The product never offers a reserved offer to
// a non-holder, so such a row is a fault upstream worth stopping for.
func New(p *Input) (*Instance, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	// The Instance keeps copies, so that the caller changing its slices
	// cannot break what was checked.
	in := &Instance{
		capacity: slices.Clone(p.Capacity),
		reserved: slices.Clone(p.Reserved),
		start:    slices.Clone(p.Start),
		lottery:  slices.Clone(p.Lottery),
		group:    slices.Clone(p.Group),
	}
	shift := offerBits(len(p.Capacity))
	narrow := true
	for _, sc := range p.Score {
		narrow = narrow && fitsNarrow(sc, shift)
	}
	if narrow {
		in.shift = shift
		in.narrow = make([]uint32, len(p.Offer))
		for a, o := range p.Offer {
			in.narrow[a] = uint32(o) | uint32(p.Score[a])<<shift
		}
	} else {
		in.shift = 32
		in.wide = make([]uint64, len(p.Offer))
		for a, o := range p.Offer {
			in.wide[a] = uint64(uint32(o)) | uint64(p.Score[a])<<32
		}
	}
	return in, nil
}

func (in *Input) validate() error {
	nOffers, nStudents := len(in.Capacity), max(len(in.Start)-1, 0)
	if len(in.Start) == 0 {
		return invalid(-1, 0, -1, "start", "Start needs one entry per student plus one")
	}
	if in.Start[0] != 0 || int(in.Start[nStudents]) != len(in.Offer) {
		return invalid(-1, 0, -1, "start", "Start must run from 0 to the number of applications")
	}
	if len(in.Score) != len(in.Offer) {
		return invalid(-1, 0, -1, "score", "%d scores for %d applications", len(in.Score), len(in.Offer))
	}
	if len(in.Offer) > math.MaxInt32 {
		return invalid(-1, 0, -1, "offer", "more than %d applications", math.MaxInt32)
	}
	if in.Reserved != nil && len(in.Reserved) != nOffers {
		return invalid(-1, 0, -1, "reserved", "%d reserved flags for %d offers", len(in.Reserved), nOffers)
	}
	if in.Lottery != nil && len(in.Lottery) != nStudents {
		return invalid(-1, 0, -1, "lottery", "%d lottery numbers for %d students", len(in.Lottery), nStudents)
	}
	if in.Contract != nil && len(in.Contract) != nStudents {
		return invalid(-1, 0, -1, "contract", "%d contracts for %d students", len(in.Contract), nStudents)
	}
	if in.Group != nil && len(in.Group) != nOffers {
		return invalid(-1, 0, -1, "group", "%d groups for %d offers", len(in.Group), nOffers)
	}
	for o, g := range in.Group {
		if g < 0 {
			return invalid(-1, 0, o, "group", "negative group %d", g)
		}
	}
	for o, c := range in.Capacity {
		if c < 0 {
			return invalid(-1, 0, o, "capacity", "negative capacity %d", c)
		}
	}
	for s := range nStudents {
		if in.Start[s+1] < in.Start[s] {
			return invalid(s, 0, -1, "start", "Start decreases")
		}
	}
	// seen[o] == s+1 when student s has listed offer o: one pass, no
	// clearing between students.
	seen := make([]int32, nOffers)
	for s := range nStudents {
		lo, hi := in.Start[s], in.Start[s+1]
		for a := lo; a < hi; a++ {
			rank := int(a-lo) + 1
			o := in.Offer[a]
			if o < 0 || int(o) >= nOffers {
				return invalid(s, rank, -1, "offer", "unknown offer %d", o)
			}
			if seen[o] == int32(s)+1 {
				return invalid(s, rank, -1, "offer", "offer %d listed twice", o)
			}
			seen[o] = int32(s) + 1
			if in.Score[a] < 0 {
				return invalid(s, rank, -1, "score", "negative score %d", in.Score[a])
			}
			if in.Reserved != nil && in.Reserved[o] && in.Contract != nil && in.Contract[s] != o {
				return invalid(s, rank, -1, "offer", "offer %d is reserved for holders of its targeted-training contract", o)
			}
		}
	}
	if in.Contract != nil {
		for s, o := range in.Contract {
			if o != -1 && (o < 0 || int(o) >= nOffers || in.Reserved == nil || !in.Reserved[o]) {
				return invalid(s, 0, -1, "contract", "contract offer %d is not a reserved offer", o)
			}
		}
	}
	if in.Lottery != nil {
		order := lotteryOrder(in.Lottery)
		for i := 1; i < len(order); i++ {
			if in.Lottery[order[i]] == in.Lottery[order[i-1]] {
				return invalid(int(order[i]), 0, -1, "lottery", "lottery number %d also drawn by student %d", in.Lottery[order[i]], order[i-1])
			}
		}
	}
	return nil
}

// lotteryOrder returns the students sorted by lottery number.
func lotteryOrder(lottery []int64) []int32 {
	order := make([]int32, len(lottery))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if lottery[a] != lottery[b] {
			if lottery[a] < lottery[b] {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
	return order
}

// A priority is packed into one integer: the score in the high 32 bits and
// the complement of the student's lottery rank in the low 32, so a larger key
// is a higher priority and comparing two priorities is one comparison. The
// key is formed from the score when a student proposes rather than stored
// per application: that keeps an application at 4 bytes instead of 12,
// which at 37 million applications is 300 MB less to touch.
func key(score int32, lotComplement uint32) uint64 {
	return uint64(uint32(score))<<32 | uint64(lotComplement)
}

// closed is the cutoff of an offer without seats: no key exceeds it.
const closed = math.MaxUint64

// Cutoff is where an offer stopped admitting.
type Cutoff struct {
	// Full reports that every seat is taken, so only a higher priority
	// than the last admitted student's would have got in. An offer with
	// no seats is Full with Student -1.
	Full bool
	// Score and Student are the priority of the last admitted student of a
	// full offer (score, then her lottery number); -1 when not full.
	Score   int32
	Student int32
}

// Result is the allocation of an Instance.
type Result struct {
	in *Instance
	// placed[s] is the offer student s is placed at, or -1.
	placed []int32
	// cutoff[o] is the key of the last admitted student of a full offer,
	// closed for an offer without seats and 0 for one with a free seat.
	cutoff []uint64
	filled []int32
	// byLottery[r] is the student of lottery rank r; nil when the lottery
	// is the student id.
	byLottery []int32
}

// Instance returns the instance r allocates.
func (r *Result) Instance() *Instance { return r.in }

// Offer returns the offer student s is placed at, or -1.
func (r *Result) Offer(s int) int32 { return r.placed[s] }

// Rank returns the rank (1 = first choice) of the placement of student s,
// or 0 when she is not placed.
func (r *Result) Rank(s int) int {
	return r.placement(s) - int(r.in.start[s]) + 1
}

// placement returns the application by which student s is placed, or -1.
// It looks along her list rather than keeping it for every student: that
// would be another write per student in the matching loop, for a question
// asked of one student at a time.
func (r *Result) placement(s int) int {
	o := r.placed[s]
	if o < 0 {
		return int(r.in.start[s]) - 1
	}
	for a := int(r.in.start[s]); ; a++ {
		if r.in.offerOf(int32(a)) == o {
			return a
		}
	}
}

// Filled returns the number of students placed at offer o.
func (r *Result) Filled(o int) int32 { return r.filled[o] }

// Placed returns the number of students placed.
func (r *Result) Placed() int {
	n := 0
	for _, f := range r.filled {
		n += int(f)
	}
	return n
}

// Cutoff returns the final cutoff of offer o.
func (r *Result) Cutoff(o int) Cutoff {
	k := r.cutoff[o]
	switch {
	case k == closed:
		return Cutoff{Full: true, Score: -1, Student: -1}
	case k == 0:
		return Cutoff{Score: -1, Student: -1}
	}
	return Cutoff{Full: true, Score: int32(k >> 32), Student: r.studentOf(k)}
}

// studentOf recovers the student from a key.
func (r *Result) studentOf(k uint64) int32 {
	rank := int32(^uint32(k))
	if r.byLottery != nil {
		return r.byLottery[rank]
	}
	return rank
}

// Reason is why a student is not placed at an offer she ranked above her
// placement: the offer was full of students with a higher priority.
type Reason struct {
	Rank   int    // her rank of the offer, 1 = first choice
	Offer  int32  // the offer
	Score  int32  // her score there
	Cutoff Cutoff // the offer's cutoff, which her priority is below
}

// Explain appends to dst, for every offer student s ranked above her
// placement (every offer she ranked when unplaced), her score there and the
// offer's cutoff. It reads the result only, in time proportional to her list.
func (r *Result) Explain(dst []Reason, s int) []Reason {
	lo, hi := int(r.in.start[s]), int(r.in.start[s+1])
	if r.placed[s] >= 0 {
		hi = r.placement(s)
	}
	for a := lo; a < hi; a++ {
		o, score := r.in.Application(a)
		dst = append(dst, Reason{Rank: a - lo + 1, Offer: o, Score: score, Cutoff: r.Cutoff(int(o))})
	}
	return dst
}
