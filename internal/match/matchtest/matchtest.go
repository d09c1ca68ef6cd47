// Package matchtest makes allocation instances for the tests and benchmarks
// of package match and of the match command, in Go, so that they do not
// depend on the Python generator of the benchmark.
package matchtest

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"

	"github.com/dualtrack/dualtrack/internal/match"
)

// Generate makes an instance with the model of the benchmark's
// gen_instance.py (regions and specialties with skewed weights, enterprises
// with a reputation, correlated preferences with a local boost, 10 choices,
// 5 % contract holders with reserved offers, integer scores with frequent
// ties), though not its exact numbers: the same seed gives the same instance
// here, not the one the script makes. enterprises ≤ 0 means 18 % of students.
// It returns the instance and, per offer, its specialty and region.
func Generate(seed uint64, students, enterprises int) (in *match.Input, specialty, region []int32) {
	const (
		nRegions, nSpecialties, choices = 20, 50, 10
		localBoost, contractShare       = 20.0, 0.05
	)
	if enterprises <= 0 {
		enterprises = max(1, int(math.Round(0.18*float64(students))))
	}
	rng := rand.New(rand.NewPCG(seed, 0x6d61746368))
	regionW := cumulative(nRegions, func(i int) float64 { return 1 / math.Pow(float64(i+1), 0.7) })
	specW := cumulative(nSpecialties, func(i int) float64 { return 1 / math.Pow(float64(i+1), 0.5) })
	draw := func(cum []float64) int { return sort.SearchFloat64s(cum, rng.Float64()*cum[len(cum)-1]) }

	var offEnt, offSpec, offReg, capacity []int32
	var pop []float64
	entReg := make([]int32, enterprises)
	entRho := make([]float64, enterprises)
	for e := range enterprises {
		entReg[e] = int32(draw(regionW))
		entRho[e] = math.Exp(rng.NormFloat64())
		m := 1
		if u := rng.Float64(); u >= 0.9 {
			m = 3
		} else if u >= 0.6 {
			m = 2
		}
		var specs []int32
		for len(specs) < m {
			k := int32(draw(specW))
			if !contains(specs, k) {
				specs = append(specs, k)
			}
		}
		for _, k := range specs {
			offEnt, offSpec, offReg = append(offEnt, int32(e)), append(offSpec, k), append(offReg, entReg[e])
			capacity = append(capacity, int32(1+rng.IntN(20)))
			pop = append(pop, entRho[e]*math.Exp(0.5*rng.NormFloat64()))
		}
	}
	nOpen := len(capacity)
	// Offers of every specialty, in the country and per region, with
	// cumulative popularity for drawing.
	type poolT struct {
		offers []int32
		cum    []float64
	}
	add := func(p *poolT, o int) {
		p.offers = append(p.offers, int32(o))
		last := 0.0
		if len(p.cum) > 0 {
			last = p.cum[len(p.cum)-1]
		}
		p.cum = append(p.cum, last+pop[o])
	}
	pool := make([]poolT, nSpecialties)
	local := make([]poolT, nSpecialties*nRegions)
	for o := range nOpen {
		add(&pool[offSpec[o]], o)
		add(&local[int(offSpec[o])*nRegions+int(offReg[o])], o)
	}
	pick := func(p *poolT) int32 {
		return p.offers[sort.SearchFloat64s(p.cum, rng.Float64()*p.cum[len(p.cum)-1])]
	}

	stReg := make([]int32, students)
	stSpec := make([]int32, students)
	merit := make([]float64, students)
	contractEnt := make([]int32, students)
	lists := make([][]int32, students)
	for s := range students {
		stReg[s], stSpec[s], merit[s] = int32(draw(regionW)), int32(draw(specW)), rng.Float64()
		contractEnt[s] = -1
		all, loc := &pool[stSpec[s]], &local[int(stSpec[s])*nRegions+int(stReg[s])]
		need := choices
		if rng.Float64() < contractShare && len(all.offers) > 0 {
			contractEnt[s] = offEnt[pick(all)]
			need--
		}
		need = min(need, len(all.offers))
		// Plackett–Luce: draw without replacement, weight popularity
		// times the local boost, by drawing from the local pool or the
		// others and rejecting repeats.
		var wLoc, wAll float64
		if len(loc.cum) > 0 {
			wLoc = loc.cum[len(loc.cum)-1]
		}
		if len(all.cum) > 0 {
			wAll = all.cum[len(all.cum)-1]
		}
		pLocal := 0.0
		if d := localBoost*wLoc + wAll - wLoc; d > 0 {
			pLocal = localBoost * wLoc / d
		}
		for tries := 0; len(lists[s]) < need; tries++ {
			var o int32
			switch {
			case tries > 400:
				o = all.offers[rng.IntN(len(all.offers))]
			case rng.Float64() < pLocal:
				o = pick(loc)
			default:
				if o = pick(all); offReg[o] == stReg[s] {
					continue
				}
			}
			if !contains(lists[s], o) {
				lists[s] = append(lists[s], o)
			}
		}
	}

	// One reserved offer per (enterprise, specialty) with contracts, its
	// capacity its number of holders.
	type ek struct{ e, k int32 }
	reservedOf := map[ek]int32{}
	var keys []ek
	for s := range students {
		if e := contractEnt[s]; e >= 0 {
			key := ek{e, stSpec[s]}
			if _, ok := reservedOf[key]; !ok {
				reservedOf[key] = -1
				keys = append(keys, key)
			}
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].e < keys[j].e || keys[i].e == keys[j].e && keys[i].k < keys[j].k })
	reserved := make([]bool, nOpen)
	for _, key := range keys {
		reservedOf[key] = int32(len(capacity))
		offEnt, offSpec, offReg = append(offEnt, key.e), append(offSpec, key.k), append(offReg, entReg[key.e])
		capacity = append(capacity, 0)
		reserved = append(reserved, true)
	}
	contract := make([]int32, students)
	for s := range students {
		contract[s] = -1
		if e := contractEnt[s]; e >= 0 {
			o := reservedOf[ek{e, stSpec[s]}]
			contract[s] = o
			capacity[o]++
			pos := 0
			if rng.Float64() >= 0.7 {
				pos = 1 + rng.IntN(max(len(lists[s]), 1))
			}
			pos = min(pos, len(lists[s]))
			lists[s] = append(lists[s][:pos], append([]int32{o}, lists[s][pos:]...)...)
		}
	}

	in = &match.Input{Capacity: capacity, Reserved: reserved, Contract: contract, Start: make([]int32, 1, students+1)}
	for s := range students {
		q := 700 * merit[s]
		for _, o := range lists[s] {
			score := int32(q + 300*rng.Float64())
			if offReg[o] == stReg[s] {
				score += 50
			}
			in.Offer = append(in.Offer, o)
			in.Score = append(in.Score, score)
		}
		in.Start = append(in.Start, int32(len(in.Offer)))
	}
	return in, offSpec, offReg
}

func cumulative(n int, w func(int) float64) []float64 {
	c := make([]float64, n)
	var sum float64
	for i := range c {
		sum += w(i)
		c[i] = sum
	}
	return c
}

func contains(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// WriteFiles writes in as offers.csv and applications.csv in dir, in the
// format of the benchmark; specialty and region may be nil (then 0).
func WriteFiles(dir string, in *match.Input, specialty, region []int32) (offersPath, applicationsPath string, err error) {
	offersPath, applicationsPath = filepath.Join(dir, "offers.csv"), filepath.Join(dir, "applications.csv")
	err = writeFile(offersPath, func(w *bufio.Writer) {
		w.WriteString("offer_id,enterprise_id,specialty,region,capacity,reserved\n")
		for o, c := range in.Capacity {
			var k, r int32
			if specialty != nil {
				k, r = specialty[o], region[o]
			}
			resv := 0
			if in.Reserved != nil && in.Reserved[o] {
				resv = 1
			}
			fmt.Fprintf(w, "%d,%d,%d,%d,%d,%d\n", o, o, k, r, c, resv)
		}
	})
	if err != nil {
		return "", "", err
	}
	err = writeFile(applicationsPath, func(w *bufio.Writer) {
		w.WriteString("student_id,rank,offer_id,score\n")
		for s := range len(in.Start) - 1 {
			for a := in.Start[s]; a < in.Start[s+1]; a++ {
				fmt.Fprintf(w, "%d,%d,%d,%d\n", s, a-in.Start[s]+1, in.Offer[a], in.Score[a])
			}
		}
	})
	return offersPath, applicationsPath, err
}

func writeFile(path string, write func(*bufio.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	write(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
