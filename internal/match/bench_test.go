package match_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/dualtrack/dualtrack/internal/match"
	"github.com/dualtrack/dualtrack/internal/match/matchtest"
)

// The benchmarks run on instances made in memory with the model of the
// benchmark's generator: S4 (500,000 students, 18,000 enterprises, 5 million
// applications) for Run, S2 (100,000 students) for reading the files.

var s4 = sync.OnceValue(func() *match.Instance {
	p, spec, _ := matchtest.Generate(1, 500000, 18000)
	p.Group = spec
	in, err := match.New(p)
	if err != nil {
		panic(err)
	}
	return in
})

func BenchmarkRun(b *testing.B) {
	in := s4()
	b.ResetTimer()
	for b.Loop() {
		match.Run(in)
	}
}

func BenchmarkReadFiles(b *testing.B) {
	p, spec, reg := matchtest.Generate(2, 100000, 0)
	dir := b.TempDir()
	offers, apps, err := matchtest.WriteFiles(dir, p, spec, reg)
	if err != nil {
		b.Fatal(err)
	}
	fi, _ := os.Stat(apps)
	b.SetBytes(fi.Size())
	b.ResetTimer()
	for b.Loop() {
		if _, err := match.ReadFiles(offers, apps); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRealInstance checks the gates on an instance made by the benchmark's
// gen_instance.py, in the directory named by DUALTRACK_MATCH_INSTANCE: the
// allocation passes the gates and equals the textbook algorithm's, and so
// does the allocation file named by DUALTRACK_MATCH_ALLOCATION (written by
// dualtrack match) if set. For example:
//
//	DUALTRACK_MATCH_INSTANCE=/tmp/inst/s4 DUALTRACK_MATCH_ALLOCATION=/tmp/out.csv \
//	  go test -run TestRealInstance ./internal/match/
func TestRealInstance(t *testing.T) {
	dir := os.Getenv("DUALTRACK_MATCH_INSTANCE")
	if dir == "" {
		t.Skip("DUALTRACK_MATCH_INSTANCE is not set")
	}
	in, err := match.ReadFiles(filepath.Join(dir, "offers.csv"), filepath.Join(dir, "applications.csv"))
	if err != nil {
		t.Fatal(err)
	}
	p := inputOf(in)
	res := match.Run(in)
	got := placements(res)
	if err := checkGates(p, got); err != nil {
		t.Fatal(err)
	}
	want := reference(p)
	if !slices.Equal(got, want) {
		t.Fatal("the allocation differs from the textbook algorithm's")
	}
	if err := match.Verify(res); err != nil {
		t.Fatal(err)
	}
	if file := os.Getenv("DUALTRACK_MATCH_ALLOCATION"); file != "" {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Scan()
		if sc.Text() != "student_id,offer_id" {
			t.Fatalf("header %q", sc.Text())
		}
		for s := 0; sc.Scan(); s++ {
			if line := fmt.Sprintf("%d,%d", s, want[s]); sc.Text() != line {
				t.Fatalf("line %d: %q, want %q", s+2, sc.Text(), line)
			}
			if s == len(want)-1 && sc.Scan() {
				t.Fatalf("more lines than students")
			}
		}
	}
	placed := 0
	for _, o := range got {
		if o >= 0 {
			placed++
		}
	}
	t.Logf("%d students, %d offers, %d applications, %d placed: gates pass, equal to the textbook algorithm",
		in.Students(), in.Offers(), in.Applications(), placed)
}

// inputOf turns an instance back into plain slices.
func inputOf(in *match.Instance) *match.Input {
	p := &match.Input{Start: []int32{0}}
	for o := range in.Offers() {
		p.Capacity = append(p.Capacity, in.Capacity(o))
		p.Reserved = append(p.Reserved, in.Reserved(o))
	}
	for s := range in.Students() {
		first, end := in.List(s)
		for a := first; a < end; a++ {
			o, sc := in.Application(a)
			p.Offer, p.Score = append(p.Offer, o), append(p.Score, sc)
		}
		p.Start = append(p.Start, int32(end))
	}
	return p
}
