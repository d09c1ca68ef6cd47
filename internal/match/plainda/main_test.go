package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/dualtrack/dualtrack/internal/match"
	"github.com/dualtrack/dualtrack/internal/match/matchtest"
)

// The baseline is only worth comparing with if it computes the same
// allocation: byte for byte what dualtrack match writes.
func TestSameAllocationAsTheEngine(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		in, spec, reg := matchtest.Generate(seed, 3000, 0)
		dir := t.TempDir()
		offers, apps, err := matchtest.WriteFiles(dir, in, spec, reg)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := match.New(in)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := match.WriteAllocation(&want, match.Run(inst)); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "plain.csv")
		if err := run(offers, apps, out); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(out); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("seed %d: the baseline's allocation differs from the engine's", seed)
		}
	}
}
