// Command plainda is the allocation benchmark's third reference point
// (../shared/bench/SPEC.md: "a plain single-threaded Go deferred
// acceptance", 0.056 s on S2 on the reference machine), written plainly
// for comparisons run interleaved with dualtrack match on the same machine,
// as the SPEC's protocol asks: the files streamed through a buffer, one core, a heap of
// held applications per offer. It checks nothing beyond what it needs to run
// and is not part of the product.
//
//	go build -o /tmp/plainda ./internal/match/plainda
//	/tmp/plainda OFFERS.csv APPLICATIONS.csv OUT.csv
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: plainda OFFERS.csv APPLICATIONS.csv OUT.csv")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2], os.Args[3]); err != nil {
		fmt.Fprintln(os.Stderr, "plainda:", err)
		os.Exit(1)
	}
}

func run(offersPath, appsPath, outPath string) error {
	var capacity []int32
	if err := eachRow(offersPath, 6, func(rows int) { capacity = make([]int32, 0, rows) }, func(f []int32) { capacity = append(capacity, f[4]) }); err != nil {
		return err
	}
	// Every student's list in rank order, as the file gives it, the score
	// and student of each application.
	var start, offer, score, owner []int32
	if err := eachRow(appsPath, 4, func(rows int) {
		offer, score, owner = make([]int32, 0, rows), make([]int32, 0, rows), make([]int32, 0, rows)
	}, func(f []int32) {
		for int32(len(start)) <= f[0] {
			start = append(start, int32(len(offer)))
		}
		offer, score, owner = append(offer, f[2]), append(score, f[3]), append(owner, f[0])
	}); err != nil {
		return err
	}
	start = append(start, int32(len(offer)))
	students := len(start) - 1

	// The applications offer o holds are held[base[o]:base[o]+size[o]], a
	// min-heap with the weakest on top: lower score, then higher student.
	base := make([]int32, len(capacity)+1)
	for o, c := range capacity {
		base[o+1] = base[o] + c
	}
	held, size := make([]int32, base[len(capacity)]), make([]int32, len(capacity))
	weaker := func(a, b int32) bool {
		return score[a] < score[b] || score[a] == score[b] && owner[a] > owner[b]
	}
	next := make([]int32, students) // the next application of each student
	copy(next, start[:students])
	free := make([]int32, 0, students)
	for s := students - 1; s >= 0; s-- {
		free = append(free, int32(s))
	}
	for len(free) > 0 {
		s := free[len(free)-1]
		free = free[:len(free)-1]
		if next[s] == start[s+1] {
			continue // rejected everywhere: unplaced
		}
		a := next[s]
		next[s]++
		o := offer[a]
		h := held[base[o] : base[o]+size[o] : base[o+1]]
		switch {
		case size[o] < capacity[o]:
			h = append(h, a)
			up(h, len(h)-1, weaker)
			size[o]++
		case size[o] > 0 && weaker(h[0], a):
			free = append(free, owner[h[0]])
			h[0] = a
			down(h, 0, weaker)
		default:
			free = append(free, s)
		}
	}

	placed := make([]int32, students)
	for s := range placed {
		placed[s] = -1
	}
	for o := range capacity {
		for _, a := range held[base[o] : base[o]+size[o]] {
			placed[owner[a]] = int32(o)
		}
	}
	f, err := os.Create(outPath)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	w.WriteString("student_id,offer_id\n")
	var line []byte
	for s, o := range placed {
		line = strconv.AppendInt(line[:0], int64(s), 10)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(o), 10)
		w.Write(append(line, '\n'))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// eachRow calls size with an upper bound on the number of lines of the CSV
// file at path (its size over the shortest line's), then row with the n
// integer fields of each line after the header. The file streams through
// one buffer: fresh memory is what costs on a virtual machine.
func eachRow(path string, n int, size func(rows int), row func([]int32)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size(int(fi.Size()) / (2 * n))
	r := bufio.NewReaderSize(f, 1<<16)
	fields := make([]int32, n)
	for line := 1; ; line++ {
		b, err := r.ReadSlice('\n')
		if err == io.EOF && len(b) == 0 {
			return nil
		}
		if err != nil && err != io.EOF {
			return err
		}
		if line == 1 {
			continue // the header
		}
		k, v := 0, int32(0)
		for _, c := range b {
			switch {
			case c >= '0' && c <= '9':
				v = v*10 + int32(c-'0')
			case c == ',' && k < n-1:
				fields[k], k, v = v, k+1, 0
			case c == '\r' || c == '\n':
			default:
				return fmt.Errorf("%s:%d: not %d integers", path, line, n)
			}
		}
		if k != n-1 {
			return fmt.Errorf("%s:%d: not %d integers", path, line, n)
		}
		fields[k] = v
		row(fields)
	}
}

func up(h []int32, i int, weaker func(a, b int32) bool) {
	for i > 0 {
		p := (i - 1) / 2
		if !weaker(h[i], h[p]) {
			return
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func down(h []int32, i int, weaker func(a, b int32) bool) {
	for {
		l, m := 2*i+1, i
		if l < len(h) && weaker(h[l], h[m]) {
			m = l
		}
		if r := l + 1; r < len(h) && weaker(h[r], h[m]) {
			m = r
		}
		if m == i {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}
