package match_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"github.com/dualtrack/dualtrack/internal/match"
	"github.com/dualtrack/dualtrack/internal/match/matchtest"
)

// randomInput makes a small instance with many ties in score, offers without
// seats, students without applications, reserved offers with their contract
// holders and, one time in two, a lottery.
func randomInput(rng *rand.Rand, nStudents, nOffers int) *match.Input {
	in := &match.Input{
		Capacity: make([]int32, nOffers),
		Reserved: make([]bool, nOffers),
		Contract: make([]int32, nStudents),
		Start:    []int32{0},
		Offer:    []int32{},
		Score:    []int32{},
	}
	var reserved []int32
	for o := range nOffers {
		in.Capacity[o] = int32(rng.IntN(4))
		if rng.IntN(5) == 0 {
			in.Reserved[o] = true
			reserved = append(reserved, int32(o))
		}
	}
	for s := range nStudents {
		in.Contract[s] = -1
		if len(reserved) > 0 && rng.IntN(4) == 0 {
			in.Contract[s] = reserved[rng.IntN(len(reserved))]
		}
		// The offers she may rank: the open ones and hers.
		var may []int32
		for o := range nOffers {
			if !in.Reserved[o] || in.Contract[s] == int32(o) {
				may = append(may, int32(o))
			}
		}
		rng.Shuffle(len(may), func(i, j int) { may[i], may[j] = may[j], may[i] })
		for _, o := range may[:rng.IntN(min(len(may), 5)+1)] {
			in.Offer = append(in.Offer, o)
			in.Score = append(in.Score, int32(rng.IntN(5)))
		}
		in.Start = append(in.Start, int32(len(in.Offer)))
	}
	if rng.IntN(2) == 0 {
		in.Lottery = make([]int64, nStudents)
		for s, v := range rng.Perm(nStudents) {
			in.Lottery[s] = int64(v)*7 - 20 // distinct, some negative
		}
	}
	return in
}

// clustered labels the offers with groups and, when keep is false, keeps
// every student's list within the group of her first choice (most do, in a
// real round, with specialties), so that the instance splits.
func clustered(rng *rand.Rand, p *match.Input, keep bool) {
	p.Group = make([]int32, len(p.Capacity))
	for o := range p.Group {
		p.Group[o] = int32(rng.IntN(3))
	}
	if keep {
		return
	}
	start, offer, score := []int32{0}, []int32{}, []int32{}
	for s := range len(p.Start) - 1 {
		for a := p.Start[s]; a < p.Start[s+1]; a++ {
			if p.Group[p.Offer[a]] == p.Group[p.Offer[p.Start[s]]] {
				offer, score = append(offer, p.Offer[a]), append(score, p.Score[a])
			}
		}
		start = append(start, int32(len(offer)))
	}
	p.Start, p.Offer, p.Score = start, offer, score
}

// better reports whether student s has a higher priority than student t at
// an offer where their scores are ss and st.
func better(in *match.Input, s int, ss int32, t int, st int32) bool {
	if ss != st {
		return ss > st
	}
	if in.Lottery != nil {
		return in.Lottery[s] < in.Lottery[t]
	}
	return s < t
}

// scoreAt returns the score of student s at offer o, and whether she ranked it.
func scoreAt(in *match.Input, s int, o int32) (int32, bool) {
	for a := in.Start[s]; a < in.Start[s+1]; a++ {
		if in.Offer[a] == o {
			return in.Score[a], true
		}
	}
	return 0, false
}

// reference is the textbook algorithm, written apart from the package: a
// queue of free students; each proposes to the next offer on her list; the
// offer keeps its best capacity students by priority, in a list sorted by
// insertion, and rejects the rest. It returns the offer of every student, or
// -1.
func reference(in *match.Input) []int32 {
	type candidate struct {
		s     int
		score int32
	}
	nStudents := len(in.Start) - 1
	next := make([]int32, nStudents) // rank of the next proposal
	heldBy := make([][]candidate, len(in.Capacity))
	queue := make([]int, nStudents)
	for s := range queue {
		queue[s] = s
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if in.Start[s]+next[s] >= in.Start[s+1] {
			continue // rejected everywhere
		}
		a := in.Start[s] + next[s]
		next[s]++
		o := in.Offer[a]
		held := append(heldBy[o], candidate{s, in.Score[a]})
		for i := len(held) - 1; i > 0 && better(in, held[i].s, held[i].score, held[i-1].s, held[i-1].score); i-- {
			held[i], held[i-1] = held[i-1], held[i]
		}
		if len(held) > int(in.Capacity[o]) {
			queue = append(queue, held[len(held)-1].s)
			held = held[:len(held)-1]
		}
		heldBy[o] = held
	}
	placed := make([]int32, nStudents)
	for s := range placed {
		placed[s] = -1
	}
	for o, held := range heldBy {
		for _, c := range held {
			placed[c.s] = int32(o)
		}
	}
	return placed
}

// checkGates checks the gates of the benchmark on placements, from the input
// alone: valid, within capacity, no blocking pair.
func checkGates(in *match.Input, placed []int32) error {
	nOffers := len(in.Capacity)
	count := make([]int32, nOffers)
	// The lowest priority admitted at every offer.
	lowest := make([]int, nOffers)
	lowScore := make([]int32, nOffers)
	for s, o := range placed {
		if o < 0 {
			continue
		}
		if o >= int32(nOffers) {
			return fmt.Errorf("student %d placed at offer %d, which does not exist", s, o)
		}
		score, ok := scoreAt(in, s, o)
		if !ok {
			return fmt.Errorf("student %d placed at offer %d she did not rank", s, o)
		}
		if count[o] == 0 || better(in, lowest[o], lowScore[o], s, score) {
			lowest[o], lowScore[o] = s, score
		}
		count[o]++
	}
	for o, n := range count {
		if n > in.Capacity[o] {
			return fmt.Errorf("offer %d over capacity: %d > %d", o, n, in.Capacity[o])
		}
	}
	for s := range placed {
		for a := in.Start[s]; a < in.Start[s+1] && in.Offer[a] != placed[s]; a++ {
			o := in.Offer[a]
			if count[o] < in.Capacity[o] {
				return fmt.Errorf("blocking pair: student %d, offer %d with a free seat", s, o)
			}
			if count[o] > 0 && better(in, s, in.Score[a], lowest[o], lowScore[o]) {
				return fmt.Errorf("blocking pair: student %d, offer %d which admitted student %d", s, o, lowest[o])
			}
		}
	}
	return nil
}

func placements(r *match.Result) []int32 {
	p := make([]int32, r.Instance().Students())
	for s := range p {
		p[s] = r.Offer(s)
	}
	return p
}

func allocationCSV(t *testing.T, r *match.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := match.WriteAllocation(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestGates runs thousands of random small instances through the gates of
// the benchmark, the reference, determinism and the explanations; half of
// them split over cores by random groups of offers.
func TestGates(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	defer match.SetSplitMin(0)()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	split := 0
	defer func() {
		if split < 300 {
			t.Errorf("only %d instances split over cores", split)
		}
	}()
	for i := range 4000 {
		p := randomInput(rng, rng.IntN(25), 1+rng.IntN(7))
		if i%2 == 0 {
			clustered(rng, p, i%4 == 0)
		}
		in, err := match.New(p)
		if err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		if match.Parts(in) > 1 {
			split++
		}
		res := match.Run(in)
		got := placements(res)
		if err := checkGates(p, got); err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		if want := reference(p); !slices.Equal(got, want) {
			t.Fatalf("instance %d: got %v, reference %v", i, got, want)
		}
		if err := match.Verify(res); err != nil {
			t.Fatalf("instance %d: Verify: %v", i, err)
		}
		if a, b := allocationCSV(t, res), allocationCSV(t, match.Run(in)); !bytes.Equal(a, b) {
			t.Fatalf("instance %d: two runs differ", i)
		}
		checkCutoffs(t, p, res)
		checkExplanations(t, p, res)
	}
}

// TestGrowingHeaps: offers of every size, so that heaps start small, grow
// straight to their capacity or by doubling, and fill.
func TestGrowingHeaps(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	defer match.SetSplitMin(0)()
	for i := range 200 {
		p := randomInput(rng, 100+rng.IntN(400), 2+rng.IntN(5))
		if i%2 == 0 {
			clustered(rng, p, false)
		}
		for o := range p.Capacity {
			switch rng.IntN(4) {
			case 0:
				p.Capacity[o] = int32(rng.IntN(10))
			case 1:
				p.Capacity[o] = int32(20 + rng.IntN(50))
			case 2:
				p.Capacity[o] = int32(60 + rng.IntN(100))
			default:
				p.Capacity[o] = int32(rng.IntN(1000))
			}
		}
		in, err := match.New(p)
		if err != nil {
			t.Fatal(err)
		}
		res := match.Run(in)
		got := placements(res)
		if want := reference(p); !slices.Equal(got, want) {
			t.Fatalf("instance %d: got %v, reference %v", i, got, want)
		}
		if err := checkGates(p, got); err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		checkCutoffs(t, p, res)
	}
}

// checkCutoffs: an offer with a free seat has no cutoff; a full one has the
// lowest priority it admitted; one without seats is closed.
func checkCutoffs(t *testing.T, p *match.Input, res *match.Result) {
	t.Helper()
	for o, c := range p.Capacity {
		cut := res.Cutoff(o)
		var admitted []int
		for s, q := range placements(res) {
			if q == int32(o) {
				admitted = append(admitted, s)
			}
		}
		if res.Filled(o) != int32(len(admitted)) {
			t.Fatalf("offer %d: filled %d, admitted %d", o, res.Filled(o), len(admitted))
		}
		switch {
		case c == 0:
			if !cut.Full || cut.Student != -1 || cut.Score != -1 {
				t.Fatalf("offer %d without seats: cutoff %+v", o, cut)
			}
		case len(admitted) < int(c):
			if cut.Full || cut.Student != -1 || cut.Score != -1 {
				t.Fatalf("offer %d with a free seat: cutoff %+v", o, cut)
			}
		default:
			last := admitted[0]
			for _, s := range admitted {
				ss, _ := scoreAt(p, s, int32(o))
				sl, _ := scoreAt(p, last, int32(o))
				if better(p, last, sl, s, ss) {
					last = s
				}
			}
			score, _ := scoreAt(p, last, int32(o))
			if !cut.Full || cut.Student != int32(last) || cut.Score != score {
				t.Fatalf("offer %d: cutoff %+v, want student %d score %d", o, cut, last, score)
			}
		}
	}
}

// checkExplanations: every student's explanation lists exactly the offers
// she ranked above her placement, each full with a cutoff above her.
func checkExplanations(t *testing.T, p *match.Input, res *match.Result) {
	t.Helper()
	for s := range len(p.Start) - 1 {
		reasons := res.Explain(nil, s)
		var want []int32
		for a := p.Start[s]; a < p.Start[s+1] && p.Offer[a] != res.Offer(s); a++ {
			want = append(want, p.Offer[a])
		}
		if len(reasons) != len(want) {
			t.Fatalf("student %d: %d reasons, want %d", s, len(reasons), len(want))
		}
		if rank := res.Rank(s); res.Offer(s) >= 0 && rank != len(want)+1 || res.Offer(s) < 0 && rank != 0 {
			t.Fatalf("student %d: rank %d", s, rank)
		}
		for i, r := range reasons {
			score, _ := scoreAt(p, s, r.Offer)
			if r.Offer != want[i] || r.Rank != i+1 || r.Score != score {
				t.Fatalf("student %d: reason %+v", s, r)
			}
			if r.Cutoff != res.Cutoff(int(r.Offer)) || !r.Cutoff.Full {
				t.Fatalf("student %d: reason %+v, offer cutoff %+v", s, r, res.Cutoff(int(r.Offer)))
			}
			if r.Cutoff.Student >= 0 && !better(p, int(r.Cutoff.Student), r.Cutoff.Score, s, score) {
				t.Fatalf("student %d: her priority at offer %d is above its cutoff %+v", s, r.Offer, r.Cutoff)
			}
		}
	}
}

// TestStrategyProof: on tiny instances, no student gets an offer she
// prefers by ranking anything other than her true list — every ordered
// choice of the offers she may rank, including truncations, reorderings and
// offers she finds unacceptable.
func TestStrategyProof(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range 300 {
		nStudents, nOffers := 1+rng.IntN(4), 1+rng.IntN(4)
		truth := randomInput(rng, nStudents, nOffers)
		// A score for every pair, used whatever the list says.
		score := make([][]int32, nStudents)
		for s := range score {
			score[s] = make([]int32, nOffers)
			for o := range score[s] {
				score[s][o] = int32(rng.IntN(3))
				if sc, ok := scoreAt(truth, s, int32(o)); ok {
					score[s][o] = sc
				}
			}
		}
		outcome := func(lists [][]int32) []int32 {
			p := *truth
			p.Start, p.Offer, p.Score = []int32{0}, nil, nil
			for s, l := range lists {
				for _, o := range l {
					p.Offer = append(p.Offer, o)
					p.Score = append(p.Score, score[s][o])
				}
				p.Start = append(p.Start, int32(len(p.Offer)))
			}
			in, err := match.New(&p)
			if err != nil {
				t.Fatalf("instance %d: %v", i, err)
			}
			return placements(match.Run(in))
		}
		lists := make([][]int32, nStudents)
		for s := range lists {
			lists[s] = slices.Clone(truth.Offer[truth.Start[s]:truth.Start[s+1]])
		}
		honest := outcome(lists)
		for s := range nStudents {
			// How she values an offer: its place on her true list;
			// unplaced comes after, an offer she did not list last.
			value := func(o int32) int {
				if o < 0 {
					return len(lists[s])
				}
				if k := slices.Index(lists[s], o); k >= 0 {
					return k
				}
				return len(lists[s]) + 1
			}
			var may []int32
			for o := range nOffers {
				if !truth.Reserved[o] || truth.Contract[s] == int32(o) {
					may = append(may, int32(o))
				}
			}
			trueList := lists[s]
			for _, lie := range orderedSubsets(may) {
				lists[s] = lie
				got := outcome(lists)[s]
				lists[s] = trueList
				if value(got) < value(honest[s]) {
					t.Fatalf("instance %d: student %d gets offer %d by ranking %v instead of %v (offer %d)",
						i, s, got, lie, trueList, honest[s])
				}
			}
		}
	}
}

// orderedSubsets returns every ordered choice of distinct elements of xs.
func orderedSubsets(xs []int32) [][]int32 {
	out := [][]int32{{}}
	var grow func(prefix []int32)
	grow = func(prefix []int32) {
		for _, x := range xs {
			if slices.Contains(prefix, x) {
				continue
			}
			l := append(slices.Clone(prefix), x)
			out = append(out, l)
			grow(l)
		}
	}
	grow(nil)
	return out
}

func TestNewRefuses(t *testing.T) {
	valid := func() *match.Input {
		return &match.Input{
			Capacity: []int32{1, 1, 1},
			Reserved: []bool{false, false, true},
			Start:    []int32{0, 2, 3},
			Offer:    []int32{0, 1, 2},
			Score:    []int32{5, 5, 5},
			Contract: []int32{-1, 2},
			Lottery:  []int64{10, 3},
		}
	}
	if _, err := match.New(valid()); err != nil {
		t.Fatalf("valid input: %v", err)
	}
	for _, tc := range []struct {
		name, field string
		student     int
		change      func(*match.Input)
	}{
		{"negative capacity", "capacity", -1, func(p *match.Input) { p.Capacity[1] = -1 }},
		{"unknown offer", "offer", 0, func(p *match.Input) { p.Offer[1] = 3 }},
		{"offer twice", "offer", 0, func(p *match.Input) { p.Offer[1] = 0 }},
		{"negative score", "score", 1, func(p *match.Input) { p.Score[2] = -1 }},
		{"reserved offer without contract", "offer", 0, func(p *match.Input) { p.Offer[1] = 2; p.Offer[2] = 1 }},
		{"contract for an open offer", "contract", 0, func(p *match.Input) { p.Contract[0] = 1 }},
		{"same lottery number", "lottery", 1, func(p *match.Input) { p.Lottery[1] = 10 }},
		{"start decreases", "start", 1, func(p *match.Input) { p.Start[1] = 4 }},
		{"start does not end at the applications", "start", -1, func(p *match.Input) { p.Start[2] = 2 }},
		{"scores missing", "score", -1, func(p *match.Input) { p.Score = p.Score[:2] }},
		{"lottery of the wrong length", "lottery", -1, func(p *match.Input) { p.Lottery = p.Lottery[:1] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := valid()
			tc.change(p)
			_, err := match.New(p)
			var ie *match.InvalidError
			if !errors.As(err, &ie) || ie.Field != tc.field || ie.Student != tc.student {
				t.Fatalf("got %v, want field %s of student %d", err, tc.field, tc.student)
			}
		})
	}
	// Without contracts, rows of reserved offers are trusted, as in the
	// benchmark files.
	p := valid()
	p.Contract = nil
	p.Offer[1], p.Offer[2] = 2, 1
	if _, err := match.New(p); err != nil {
		t.Fatalf("reserved offer without contracts: %v", err)
	}
}

func TestNewCopies(t *testing.T) {
	p := &match.Input{Capacity: []int32{1}, Start: []int32{0, 1}, Offer: []int32{0}, Score: []int32{3}}
	in, err := match.New(p)
	if err != nil {
		t.Fatal(err)
	}
	p.Capacity[0], p.Start[1], p.Offer[0] = 0, 0, 9
	if res := match.Run(in); res.Offer(0) != 0 {
		t.Fatalf("the instance changed with its input: offer %d", res.Offer(0))
	}
}

func TestVerifyFinds(t *testing.T) {
	p := &match.Input{
		Capacity: []int32{1, 1},
		Start:    []int32{0, 2, 4},
		Offer:    []int32{0, 1, 0, 1},
		Score:    []int32{9, 1, 1, 9},
	}
	in, err := match.New(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		s0   int32
		s1   int32
	}{
		{"over capacity", 0, 0},
		{"blocking pair", 1, 0},
		{"free seat", -1, 1},
		{"not applied", 0, 5},
	} {
		res := match.Run(in)
		if err := match.Verify(res); err != nil {
			t.Fatalf("the allocation itself: %v", err)
		}
		res.Place(0, tc.s0)
		res.Place(1, tc.s1)
		if err := match.Verify(res); err == nil {
			t.Errorf("%s: not found", tc.name)
		}
	}
}

// TestWriteAllocationFile: written to a file, the allocation is formatted
// on every core and written in place; it must be the same bytes.
func TestWriteAllocationFile(t *testing.T) {
	p, _, _ := matchtest.Generate(9, 70000, 0)
	in, err := match.New(p)
	if err != nil {
		t.Fatal(err)
	}
	res := match.Run(in)
	want := allocationCSV(t, res)
	f, err := os.Create(filepath.Join(t.TempDir(), "allocation.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := match.WriteAllocation(f, res); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(f.Name())
	if !bytes.Equal(got, want) {
		t.Fatalf("%d bytes written, want %d", len(got), len(want))
	}
	for _, v := range []int32{-1, 0, 9, 10, 99, 100, 999999, 1000000, 1<<31 - 1} {
		if got, want := string(match.AppendInt(nil, v)), strconv.Itoa(int(v)); got != want || match.DecimalLen(v) != len(want) {
			t.Errorf("%d: %q, length %d", v, got, match.DecimalLen(v))
		}
	}
}

// TestLargeInstance: a round large enough that the reader and the run take
// their memory from huge pages, packed or not, and split over cores, read
// from files as dualtrack match reads them, gives the textbook allocation.
func TestLargeInstance(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	p, spec, reg := matchtest.Generate(13, 30000, 0)
	offers, apps, err := matchtest.WriteFiles(t.TempDir(), p, spec, reg)
	if err != nil {
		t.Fatal(err)
	}
	in, err := match.ReadFiles(offers, apps)
	if err != nil {
		t.Fatal(err)
	}
	if err := sameInstance(in, p); err != nil {
		t.Fatal(err)
	}
	if n := match.Parts(in); n != 2 {
		t.Fatalf("%d parts, want 2", n)
	}
	res := match.Run(in)
	got := placements(res)
	if err := checkGates(p, got); err != nil {
		t.Fatal(err)
	}
	if want := reference(p); !slices.Equal(got, want) {
		t.Fatal("the allocation differs from the textbook algorithm's")
	}
	if err := match.Verify(res); err != nil {
		t.Fatal(err)
	}
}
