package testkit

import (
	"os"
	"path/filepath"
	"testing"
)

// ArtifactsDir is where tests leave files for a person to look at
// (screenshots, sample PDFs): $DUALTRACK_ARTIFACTS, or the repository's
// artifacts/ folder (gitignored). It creates the folder.
func ArtifactsDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("DUALTRACK_ARTIFACTS")
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			tb.Fatal(err)
		}
		root := wd
		for {
			if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
				break
			}
			parent := filepath.Dir(root)
			if parent == root {
				tb.Fatalf("no go.mod above %s; set DUALTRACK_ARTIFACTS", wd)
			}
			root = parent
		}
		dir = filepath.Join(root, "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return dir
}
