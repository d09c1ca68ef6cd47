package match

import "fmt"

// Verify checks a result against the rules any allocation must keep, from
// the instance and the placements alone (not from the cutoffs Run kept, so
// that a fault in their bookkeeping shows): every student is placed at most
// once and only at an offer she applied to, no offer holds more students
// than its capacity, and there is no blocking pair — every offer a student
// ranked above her placement is full of students with a higher priority
// there. It takes one pass over the applications.
//
// Verify does not check that the allocation is the student-optimal one; the
// tests compare Run with a textbook implementation for that.
func Verify(r *Result) error {
	in := r.in
	nStudents, nOffers := in.Students(), in.Offers()
	if len(r.placed) != nStudents {
		return fmt.Errorf("%d placements for %d students", len(r.placed), nStudents)
	}
	var lotComp []uint32
	if in.lottery != nil {
		lotComp = make([]uint32, nStudents)
		for rank, s := range lotteryOrder(in.lottery) {
			lotComp[s] = ^uint32(rank)
		}
	}
	lc := func(s int) uint32 {
		if lotComp != nil {
			return lotComp[s]
		}
		return ^uint32(s)
	}
	count := make([]int32, nOffers)
	worst := make([]uint64, nOffers) // lowest key placed at each offer
	for o := range worst {
		worst[o] = closed
	}
	// at[s] is the application by which student s is placed, or past
	// the end of her list.
	at := make([]int32, nStudents)
	for s := range nStudents {
		o := r.placed[s]
		at[s] = in.start[s+1]
		if o < 0 {
			continue
		}
		if int(o) >= nOffers {
			return fmt.Errorf("student %d is placed at offer %d, which does not exist", s, o)
		}
		for a := in.start[s]; a < in.start[s+1]; a++ {
			if in.offerOf(a) == o {
				at[s] = a
			}
		}
		if at[s] == in.start[s+1] {
			return fmt.Errorf("student %d is placed at offer %d, which she did not apply to", s, o)
		}
		_, score := in.Application(int(at[s]))
		count[o]++
		worst[o] = min(worst[o], key(score, lc(s)))
	}
	for o, n := range count {
		if n > in.capacity[o] {
			return fmt.Errorf("offer %d holds %d students for %d seats", o, n, in.capacity[o])
		}
		if n != r.filled[o] {
			return fmt.Errorf("offer %d holds %d students but the result counts %d", o, n, r.filled[o])
		}
	}
	for s := range nStudents {
		for a := in.start[s]; a < at[s]; a++ {
			o, score := in.Application(int(a))
			if count[o] < in.capacity[o] {
				return fmt.Errorf("blocking pair: student %d ranks offer %d above her placement and it has a free seat", s, o)
			}
			if k := key(score, lc(s)); k > worst[o] {
				return fmt.Errorf("blocking pair: student %d ranks offer %d above her placement and has a higher priority there than a student it admitted", s, o)
			}
		}
	}
	return nil
}
