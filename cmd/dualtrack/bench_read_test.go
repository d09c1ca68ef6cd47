package main

import (
	"context"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/demo"
	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestBenchRead runs the read load test briefly on the small demo
// dataset: every target must answer 200 throughout (the command exits 1
// otherwise), and the report must carry the comparison and the memory.
func TestBenchRead(t *testing.T) {
	db := testkit.DSN(t)
	st := testkit.OpenStore(t, db)
	if _, err := demo.Generate(context.Background(), st, refdata.All(), demo.Options{Scale: demo.ScaleSmall, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd(t, "bench", "read", "--db", db, "--duration", "500ms", "--clients", "2")
	if code != 0 {
		t.Fatalf("bench read: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"API GET /api/v1/colleges/{id}", "page GET / (national dashboard)", "bare: one college row",
		"of the bare one-row handler's throughput", "peak RSS", "load average after"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
	if code, _, stderr := runCmd(t, "bench", "read", "--db", testkit.DSN(t), "--duration", "100ms"); code != 1 || !strings.Contains(stderr, "holds no students") {
		t.Errorf("bench read on an empty database: %d %q", code, stderr)
	}
}
