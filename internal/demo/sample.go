package demo

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// Streams of random numbers. Each part of the generation draws from its own
// PCG stream seeded with Options.Seed, so that a change in how much one part
// draws does not shift the data of every part after it.
const (
	streamColleges uint64 = iota + 1
	streamProgrammes
	streamGroups
	streamDual
	streamEnterprises
	streamTrainees
	streamAccounts
	// Teachers and students draw from one stream per college (the college
	// index is added to these), so one college's people do not depend on
	// how many people the colleges before it have.
	streamTeachers = 1 << 32
	streamStudents = 2 << 32
)

func newRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), stream))
}

// splitmix64 scrambles an integer; it spreads identifier serials.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// between returns a uniform integer in [lo, hi].
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// lognormal returns a positive number whose logarithm is normal with the
// given spread around log(median): sizes of colleges and firms vary so.
func lognormal(r *rand.Rand, median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// cumulative draws indices with probability proportional to their weights.
type cumulative []float64

func newCumulative(weights []float64) cumulative {
	c := make(cumulative, len(weights))
	sum := 0.0
	for i, w := range weights {
		sum += max(w, 0)
		c[i] = sum
	}
	return c
}

// pick returns an index, or -1 when every weight is zero.
func (c cumulative) pick(r *rand.Rand) int {
	if len(c) == 0 || c[len(c)-1] <= 0 {
		return -1
	}
	x := r.Float64() * c[len(c)-1]
	return sort.Search(len(c), func(i int) bool { return c[i] > x })
}

// choose returns an index drawn with probability proportional to weights.
func choose(r *rand.Rand, weights ...float64) int {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	x := r.Float64() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// weightedOrder returns the indices in a random order where heavier items
// tend to come first (Efraimidis–Spirakis): taking the first k is weighted
// sampling of k items without replacement. Zero weights come last.
func weightedOrder(r *rand.Rand, weights []float64) []int {
	type keyed struct {
		key float64
		i   int
	}
	ks := make([]keyed, len(weights))
	for i, w := range weights {
		k := math.Inf(-1)
		if w > 0 {
			k = math.Log(1-r.Float64()) / w // log of u^(1/w); 1-u avoids log(0)
		}
		ks[i] = keyed{k, i}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := cmp.Compare(b.key, a.key); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	out := make([]int, len(ks))
	for i, k := range ks {
		out[i] = k.i
	}
	return out
}

// largestRemainder splits total into integers proportional to weights
// (Hamilton's method): every share gets the whole part of its quota and the
// largest fractions get one more. Ties go to the earlier index, so the
// result depends on nothing but the input.
func largestRemainder(total int, weights []float64) []int {
	out := make([]int, len(weights))
	sum := 0.0
	for _, w := range weights {
		sum += max(w, 0)
	}
	if total <= 0 || sum == 0 {
		return out
	}
	type rem struct {
		frac float64
		i    int
	}
	rems := make([]rem, len(weights))
	given := 0
	for i, w := range weights {
		q := float64(total) * max(w, 0) / sum
		out[i] = int(q)
		given += out[i]
		rems[i] = rem{q - float64(out[i]), i}
	}
	slices.SortFunc(rems, func(a, b rem) int {
		if c := cmp.Compare(b.frac, a.frac); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	for k := 0; given < total; k++ {
		out[rems[k%len(rems)].i]++
		given++
	}
	return out
}
