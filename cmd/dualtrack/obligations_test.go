package main

import (
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestObligationsCommand runs the obligations' clock on an empty database
// as of a day, and refuses a day that is not a date.
func TestObligationsCommand(t *testing.T) {
	db := testkit.DSN(t)
	code, stdout, stderr := runCmd(t, "obligations", "--db", db, "--today", "2026-11-25")
	if code != 0 || !strings.Contains(stdout, "obligations as of 2026-11-25: 0 begun at graduation, 0 served in full, 0 deadline alerts raised") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, _ := runCmd(t, "obligations", "--db", db, "--today", "25.11.2026"); code != 2 {
		t.Errorf("a day that is not a date: exit %d, want 2", code)
	}
}
