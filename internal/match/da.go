package match

import (
	"math/bits"
	"runtime"
	"sync"
)

// Run allocates the students of in by student-proposing deferred acceptance
// and returns the result. The order in which students propose does not
// change the outcome, which is unique under strict priorities; Run is
// deterministic, however many cores it uses.
func Run(in *Instance) *Result {
	if in.wide != nil {
		return run(in, in.wide)
	}
	return run(in, in.narrow)
}

// run is Run for either width of application words; each width gets its own
// compiled copy, so the hot loop has no indirection.
func run[W uint32 | uint64](in *Instance, apps []W) *Result {
	nStudents, nOffers := in.Students(), in.Offers()
	var a arena
	r := &Result{in: in, cutoff: take[uint64](&a, nOffers), filled: take[int32](&a, nOffers), placed: take[int32](&a, nStudents)}

	// The low half of a key is the complement of the student's lottery
	// rank; without a lottery the rank is the student id, and neither
	// table is needed.
	var lotComp []uint32
	if in.lottery != nil {
		order := lotteryOrder(in.lottery)
		lotComp = take[uint32](&a, nStudents)
		for rank, s := range order {
			lotComp[s] = ^uint32(rank)
		}
		r.byLottery = order
	}

	// Students who apply to offers of different parts tie them together;
	// parts nobody ties are separate problems, solved on separate cores.
	mask := W(1)<<in.shift - 1
	partOf, studentPart, nParts := split(in, apps, mask, runtime.GOMAXPROCS(0), &a)
	room := heapRoom(in, partOf, nParts)
	parts := make([]*part[W], nParts)
	for i := range parts {
		parts[i] = &part[W]{r: r, apps: apps, shift: in.shift, mask: mask, lotComp: lotComp,
			partOf: partOf, studentPart: studentPart, me: uint8(i),
			slots: take[offerSlot](&a, nOffers), held: take[uint64](&a, room[i])}
	}
	var wg sync.WaitGroup
	for _, p := range parts[1:] {
		wg.Add(1)
		go func() { defer wg.Done(); p.solve() }()
	}
	parts[0].solve()
	wg.Wait()
	for _, p := range parts {
		touchSink += uint64(p.touched)
	}
	// Every part kept the state of its own offers; gather it.
	for o := range nOffers {
		p := parts[0]
		if partOf != nil {
			p = parts[partOf[o]]
		}
		r.cutoff[o], r.filled[o] = p.slots[o].cut, p.slots[o].n
	}
	return r
}

// part is one independent share of an instance and the state of its offers:
// all of the instance when partOf is nil, else the offers o with
// partOf[o] == me and the students s with studentPart[s] == me. Each part has
// its own copy of the per-offer state, indexed by offer id, so that two cores
// never write to the same cache line. Its slices are taken before the parts
// start, from the run's arena.
type part[W uint32 | uint64] struct {
	r           *Result
	apps        []W
	shift       uint
	mask        W
	lotComp     []uint32
	partOf      []uint8
	studentPart []uint8
	me          uint8

	slots   []offerSlot
	held    []uint64
	touched W // the loads of the touching phases feed it, so they stay
}

// offerSlot is the state of an offer, 16 bytes: its cutoff key (see
// Result), the keys it holds, in a min-heap at held[off:off+n] (off is -1
// before its first student). What a proposal needs is one cache line.
type offerSlot struct {
	cut uint64
	off int32
	n   int32
}

// The heap of an offer starts with room for firstBlock students and grows
// when full: straight to its capacity when that is at most smallOffer, else
// by doubling. In a round with more seats than students most offers keep
// their first block, and the heaps, allocated one after the other as offers
// get their first student, take little more memory than the students held
// instead of every seat.
const (
	firstBlock = 4
	smallOffer = 64
)

// blockSize returns the room of the heap of an offer of capacity c that
// holds n ≥ 1 students.
func blockSize(n, c int32) int32 {
	switch {
	case n <= firstBlock || c <= firstBlock:
		return min(c, firstBlock)
	case c <= smallOffer:
		return c
	}
	return min(c, int32(1)<<bits.Len32(uint32(n-1)))
}

// grownSize is the room of a heap of capacity c that outgrows room.
func grownSize(room, c int32) int32 {
	if c <= smallOffer {
		return c
	}
	return min(c, 2*room)
}

// proposer is a student about to propose, with lc the low half of her keys.
// Before the load phase, o ≥ 0 is the offer that displaced her, o = -1 marks
// a new student and o = -2 one who goes on from application a. After the
// scan phase, a is the application she proposes with, o its offer (-1 when
// she was rejected everywhere) and k her key there.
type proposer struct {
	s, a, end, o int32
	lc           uint32
	k            uint64
}

// touchSink keeps the prefetching loads of run from being optimised away.
var touchSink uint64

// heapRoom returns the room the heaps of every part need in held. Heaps are
// allocated one after the other: an offer's first block, then the larger
// ones it grows into, which add up to at most its capacity (straight to it)
// or three times it (doubling: blocks below it add up to less than twice
// it), and to at most 16 times the students it holds (see blockSize). The
// students held add up to at most the students there are, which bounds held
// when capacities are large. Only what is used is touched.
func heapRoom(in *Instance, partOf []uint8, nParts int) []int {
	first, bound := make([]int64, nParts), make([]int64, nParts)
	for o, c := range in.capacity {
		p := 0
		if partOf != nil {
			p = int(partOf[o])
		}
		first[p] += int64(min(c, firstBlock))
		switch {
		case c > smallOffer:
			bound[p] += 3 * int64(c)
		case c > firstBlock:
			bound[p] += int64(c)
		}
	}
	room := make([]int, nParts)
	for p := range room {
		room[p] = int(first[p] + min(bound[p], 16*int64(in.Students())))
	}
	return room
}

// solve runs deferred acceptance on the part and writes its placements.
func (p *part[W]) solve() {
	r, in, apps := p.r, p.r.in, p.apps
	nStudents, nOffers := in.Students(), in.Offers()
	shift, mask := p.shift, p.mask
	mine := func(o int) bool { return p.partOf == nil || p.partOf[o] == p.me }

	for o, c := range in.capacity {
		if mine(o) {
			p.slots[o].off = -1
			if c == 0 {
				p.slots[o].cut = closed
			}
		}
	}
	held, slots, capacity, start, lotComp := p.held, p.slots, in.capacity, in.start, p.lotComp
	top := int32(0) // where the next heap block goes

	// Proposals are made in batches, because the time goes in waiting for
	// memory, not in computing. A student displaced from an offer resumes
	// in memory nobody touched lately (her list, and where it starts and
	// ends), and an offer that takes a student has its heap somewhere in
	// megabytes of them. One at a time, each of those waits is paid in
	// full; in a batch, the loads of all its students are issued back to
	// back and the waits overlap. So a round takes up to batchSize
	// proposers (the displaced and rebuffed ones of the previous round
	// first, then new students in id order, whose lists are read in file
	// order) and goes through them phase by phase: load where their lists
	// are; find for each the first offer whose cutoff she beats; load
	// those offers' heaps; then apply the proposals in turn, checking each
	// cutoff again since an earlier one in the batch may have raised it.
	// Any order of proposals gives the same allocation.
	const batchSize = 16
	var batch, pend [batchSize]proposer
	nPend := 0
	var touched W
	for next := 0; ; {
		n := copy(batch[:], pend[:nPend])
		for ; n < batchSize && next < nStudents; next++ {
			a, end := start[next], start[next+1]
			if p.partOf != nil && p.studentPart[next] != p.me || a == end {
				continue // another part's, or no list
			}
			lc := ^uint32(next)
			if lotComp != nil {
				lc = lotComp[next]
			}
			batch[n] = proposer{s: int32(next), a: a, end: end, o: -1, lc: lc}
			n++
		}
		if n == 0 {
			break
		}
		nPend = 0
		props := batch[:n]
		for i := range props {
			// Her next application, and the state of its offer,
			// where a new student's first proposal goes.
			if a := props[i].a; int(a) < len(apps) {
				w := apps[a]
				touched += w + W(slots[w&mask].cut)
			}
		}
		for i := range props {
			pr := &props[i]
			a, end, lc := pr.a, pr.end, pr.lc
			if pr.o >= 0 {
				// Displaced from offer pr.o: resume after it.
				for W(pr.o) != apps[a]&mask {
					a++
				}
				a++
			}
			// The common case in an over-demanded round: the offer
			// is full of better students, which one comparison with
			// its cutoff tells without touching its heap.
			var k uint64
			o := int32(-1)
			for ; a < end; a++ {
				w := apps[a]
				k = uint64(w>>shift)<<32 | uint64(lc)
				if k > slots[w&mask].cut {
					o = int32(w & mask)
					break
				}
			}
			pr.a, pr.k, pr.o = a, k, o // o = -1: rejected everywhere
		}
		for i := range props {
			// A heap entry is 8 bytes: a load every 8 entries
			// brings in the whole heap a proposal will sift.
			if o := props[i].o; o >= 0 {
				sl := slots[o]
				touched += W(capacity[o])
				for j := sl.off; j >= 0 && j <= min(sl.off+sl.n, sl.off+64, int32(len(held))-1); j += 8 {
					touched += W(held[j])
				}
			}
		}
		for i := range props {
			pr := &props[i]
			o := pr.o
			if o < 0 {
				continue
			}
			sl := &slots[o]
			if pr.k <= sl.cut {
				// Beaten to the last seat by an earlier proposal
				// of this batch: go on down her list.
				pend[nPend] = proposer{s: pr.s, a: pr.a + 1, end: pr.end, o: -2, lc: pr.lc}
				nPend++
				continue
			}
			if c := capacity[o]; sl.n < c {
				switch {
				case sl.off < 0:
					sl.off = top
					top += min(c, firstBlock)
				case sl.n == blockSize(sl.n, c):
					// The block is full: move to a larger one.
					grown := grownSize(sl.n, c)
					copy(held[top:top+sl.n], held[sl.off:sl.off+sl.n])
					sl.off = top
					top += grown
				}
				h := held[sl.off : sl.off+sl.n+1]
				h[sl.n] = pr.k
				siftUp(h, int(sl.n))
				sl.n++
				if sl.n == c {
					sl.cut = h[0]
				}
				continue
			}
			// Full, and the proposal beats the worst student held,
			// who is displaced and proposes again next round; where
			// her list is starts loading now, to have arrived by then.
			h := held[sl.off : sl.off+sl.n]
			worst := h[0]
			h[0] = pr.k
			siftDown(h)
			sl.cut = h[0]
			ws := r.studentOf(worst)
			pend[nPend] = proposer{s: ws, a: start[ws], end: start[ws+1], o: o, lc: uint32(worst)}
			nPend++
		}
	}
	p.touched = touched

	// The students of the part not held anywhere are unplaced. Parts set
	// disjoint students, so they write the shared slice side by side.
	placed := r.placed
	for s := range nStudents {
		if p.partOf == nil || p.studentPart[s] == p.me {
			placed[s] = -1
		}
	}
	for o := range nOffers {
		if sl := slots[o]; sl.n > 0 && mine(o) {
			for _, k := range held[sl.off : sl.off+sl.n] {
				placed[r.studentOf(k)] = int32(o)
			}
		}
	}
}

// split divides the offers into at most maxParts parts that no student
// connects, balanced by applications, using the groups of in: groups that a
// student's list spans are joined, and the components are packed into parts
// largest first. It returns the part of every offer and of every student
// (the part of her offers; students without any are in part 0) and the
// number of parts; nil, nil and 1 when there is nothing to split. It reads
// the applications once, on every core, and takes its slices from a.
func split[W uint32 | uint64](in *Instance, apps []W, mask W, maxParts int, a *arena) (offerPart, studentPart []uint8, nParts int) {
	maxParts = min(maxParts, 255)
	if in.group == nil || maxParts < 2 || len(apps) < splitMin {
		return nil, nil, 1
	}
	nGroups := 0
	for _, g := range in.group {
		nGroups = max(nGroups, int(g)+1)
	}
	// Each core joins the groups of a share of the students, then the
	// shares are merged.
	nStudents := in.Students()
	shares := make([]groupUnion, maxParts)
	var wg sync.WaitGroup
	for i := range shares {
		u := &shares[i]
		u.parent, u.apps = make([]int32, nGroups), make([]int64, nGroups)
		for g := range u.parent {
			u.parent[g] = int32(g)
		}
		lo, hi := nStudents*i/len(shares), nStudents*(i+1)/len(shares)
		wg.Add(1)
		go func() {
			defer wg.Done()
			group, start := in.group, in.start
			for s := lo; s < hi; s++ {
				a, end := start[s], start[s+1]
				if a == end {
					continue
				}
				g0 := group[apps[a]&mask]
				u.apps[g0] += int64(end - a)
				for ; a < end; a++ {
					if g := group[apps[a]&mask]; g != g0 {
						u.union(g, g0)
					}
				}
			}
		}()
	}
	wg.Wait()
	u := &shares[0]
	for _, v := range shares[1:] {
		for g := range v.parent {
			u.union(int32(g), v.find(int32(g)))
			u.apps[g] += v.apps[g]
		}
	}
	// Applications per component, packed largest first into the part
	// with the fewest so far.
	size := make([]int64, nGroups)
	var comps []int32
	for g := range nGroups {
		root := u.find(int32(g))
		if size[root] == 0 && u.apps[g] > 0 {
			comps = append(comps, root)
		}
		size[root] += u.apps[g]
	}
	if len(comps) < 2 {
		return nil, nil, 1
	}
	sortByDesc(comps, size)
	nParts = min(maxParts, len(comps))
	load := make([]int64, nParts)
	partOfComp := make([]uint8, nGroups)
	for _, c := range comps {
		least := 0
		for i := range load {
			if load[i] < load[least] {
				least = i
			}
		}
		partOfComp[c] = uint8(least)
		load[least] += size[c]
	}
	offerPart = take[uint8](a, len(in.group))
	for o, g := range in.group {
		offerPart[o] = partOfComp[u.find(g)]
	}
	// A byte per student, read in order by every part, instead of a
	// look-up of her first offer's part, scattered over megabytes.
	studentPart = take[uint8](a, nStudents)
	for i := range maxParts {
		lo, hi := nStudents*i/maxParts, nStudents*(i+1)/maxParts
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := lo; s < hi; s++ {
				if a := in.start[s]; a < in.start[s+1] {
					studentPart[s] = offerPart[apps[a]&mask]
				}
			}
		}()
	}
	wg.Wait()
	return offerPart, studentPart, nParts
}

// splitMin is the fewest applications worth splitting over cores for; a
// variable so that tests can split small instances.
var splitMin = 1 << 16

// groupUnion is a union-find over groups, with the applications of each.
type groupUnion struct {
	parent []int32
	apps   []int64
}

func (u *groupUnion) find(g int32) int32 {
	for u.parent[g] != g {
		u.parent[g] = u.parent[u.parent[g]]
		g = u.parent[g]
	}
	return g
}

func (u *groupUnion) union(a, b int32) {
	a, b = u.find(a), u.find(b)
	if a != b {
		u.parent[max(a, b)] = min(a, b)
	}
}

// sortByDesc sorts ids by size, largest first, then by id.
func sortByDesc(ids []int32, size []int64) {
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && (size[ids[j]] > size[ids[j-1]] || size[ids[j]] == size[ids[j-1]] && ids[j] < ids[j-1]); j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
}

// siftUp restores the min-heap h after h[i] was appended.
func siftUp(h []uint64, i int) {
	x := h[i]
	for i > 0 {
		p := (i - 1) / 2
		if h[p] <= x {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = x
}

// siftDown restores the min-heap h after h[0] was replaced.
func siftDown(h []uint64) {
	n := len(h)
	x := h[0]
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h[c+1] < h[c] {
			c++
		}
		if h[c] >= x {
			break
		}
		h[i] = h[c]
		i = c
	}
	h[i] = x
}
