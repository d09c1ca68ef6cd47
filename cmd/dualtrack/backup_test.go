package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestBackupAndRestoreCommands backs a SQLite database up and restores it
// through the command line, as an operator would; the round trip of every
// row on both databases is internal/backup's test.
func TestBackupAndRestoreCommands(t *testing.T) {
	db := testkit.SQLitePath(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "nightly.backup")
	if code, _, stderr := runCmd(t, "backup", "--db", db); code != 2 || !strings.Contains(stderr, "--out FILE is required") {
		t.Fatalf("backup without --out: %d %q", code, stderr)
	}
	code, stdout, stderr := runCmd(t, "backup", "--db", db, "--out", file)
	if code != 0 || !strings.Contains(stdout, "backed up the sqlite database") || !strings.Contains(stdout, file+".sha256") {
		t.Fatalf("backup: %d %q %q", code, stdout, stderr)
	}
	if code, _, stderr := runCmd(t, "backup", "--db", db, "--out", file); code != 1 || !strings.Contains(stderr, "--force") {
		t.Fatalf("backup over an existing file: %d %q", code, stderr)
	}

	target := filepath.Join(dir, "restored.db")
	code, stdout, stderr = runCmd(t, "restore", "--from", file, "--db", target)
	if code != 0 || !strings.Contains(stdout, "SHA-256 matched") {
		t.Fatalf("restore: %d %q %q", code, stdout, stderr)
	}
	if code, stdout, _ := runCmd(t, "migrate", "--db", target, "--status"); code != 0 || !strings.Contains(stdout, "00001 applied") {
		t.Fatalf("the restored database: %d %q", code, stdout)
	}
	if code, _, stderr := runCmd(t, "restore", "--from", file, "--db", target); code != 1 || !strings.Contains(stderr, "already holds a database") {
		t.Fatalf("restore over a database: %d %q", code, stderr)
	}
	os.WriteFile(file, []byte("not a backup"), 0o644)
	if code, _, stderr := runCmd(t, "restore", "--from", file, "--db", target, "--force"); code != 1 || !strings.Contains(stderr, "not a dualtrack backup") {
		t.Fatalf("restore of a text file: %d %q", code, stderr)
	}
}
