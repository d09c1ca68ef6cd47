package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/match"
	"github.com/dualtrack/dualtrack/internal/match/matchtest"
)

// TestMatchRoundTrip runs the command on files of a generated instance and
// checks what it writes against the package, twice for determinism.
func TestMatchRoundTrip(t *testing.T) {
	in, spec, reg := matchtest.Generate(3, 4000, 0)
	dir := t.TempDir()
	offers, apps, err := matchtest.WriteFiles(dir, in, spec, reg)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := match.New(in)
	if err != nil {
		t.Fatal(err)
	}
	res := match.Run(inst)
	var wantAlloc, wantCut bytes.Buffer
	if err := match.WriteAllocation(&wantAlloc, res); err != nil {
		t.Fatal(err)
	}
	if err := match.WriteCutoffs(&wantCut, res); err != nil {
		t.Fatal(err)
	}
	var first []byte
	for run := range 2 {
		out, cut := filepath.Join(dir, fmt.Sprintf("allocation%d.csv", run)), filepath.Join(dir, fmt.Sprintf("cutoffs%d.csv", run))
		code, stdout, stderr := runCmd(t, "match", "--offers", offers, "--applications", apps, "--out", out, "--cutoffs", cut, "--check")
		if code != 0 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "4000 students") {
			t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
		}
		got, _ := os.ReadFile(out)
		if !bytes.Equal(got, wantAlloc.Bytes()) {
			t.Fatalf("allocation differs from the package's")
		}
		if gotCut, _ := os.ReadFile(cut); !bytes.Equal(gotCut, wantCut.Bytes()) {
			t.Fatalf("cutoffs differ from the package's")
		}
		if run == 0 {
			first = got
		} else if !bytes.Equal(got, first) {
			t.Fatal("two runs differ")
		}
		if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o644 {
			t.Errorf("mode %v", fi.Mode())
		}
	}
	lines := strings.Split(strings.TrimSuffix(string(first), "\n"), "\n")
	if lines[0] != "student_id,offer_id" || len(lines) != 4001 || !strings.HasPrefix(lines[4000], "3999,") {
		t.Fatalf("allocation: %d lines, first %q", len(lines), lines[0])
	}
	code, _, stderr := runCmd(t, "match", "--offers", offers, "--applications", apps, "--out", filepath.Join(dir, "v.csv"), "--verbose")
	if code != 0 || !strings.Contains(stderr, "match ") || !strings.Contains(stderr, "read ") {
		t.Fatalf("--verbose: exit %d, %q", code, stderr)
	}

	// A run into the path of an older, longer file replaces it whole; an
	// --out that is a folder is refused, the folder left as it was.
	old := filepath.Join(dir, "old.csv")
	if err := os.WriteFile(old, bytes.Repeat([]byte("9,9\n"), 1<<18), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd(t, "match", "--offers", offers, "--applications", apps, "--out", old); code != 0 {
		t.Fatalf("over an old file: exit %d, %q", code, stderr)
	}
	if got, _ := os.ReadFile(old); !bytes.Equal(got, first) {
		t.Fatalf("over an old file: %d bytes, want the allocation's %d", len(got), len(first))
	}
	folder := filepath.Join(dir, "folder")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runCmd(t, "match", "--offers", offers, "--applications", apps, "--out", folder); code != 1 {
		t.Fatalf("--out a folder: exit %d, want 1", code)
	}
	if fi, err := os.Stat(folder); err != nil || !fi.IsDir() {
		t.Fatalf("--out a folder: the folder is gone (%v)", err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".folder.*")); len(leftovers) > 0 {
		t.Fatalf("temporary files left behind: %v", leftovers)
	}
}

// TestMatchInvalidInput: every kind of invalid input exits 1 with its file,
// line and field, and leaves no output behind (an existing file untouched).
func TestMatchInvalidInput(t *testing.T) {
	const offers = "offer_id,enterprise_id,specialty,region,capacity,reserved\n0,0,1,1,2,0\n1,0,1,1,1,0\n2,1,2,3,1,1\n"
	const head = "student_id,rank,offer_id,score\n"
	for _, tc := range []struct {
		name, offers, apps, file string
		line                     int
		field                    string
	}{
		{"unknown offer", offers, head + "0,1,0,5\n0,2,3,5\n", "applications.csv", 3, "offer_id"},
		{"offer twice", offers, head + "0,1,0,5\n0,2,1,5\n0,3,0,4\n", "applications.csv", 4, "offer_id"},
		{"rank gap", offers, head + "0,1,0,5\n0,3,1,5\n", "applications.csv", 3, "rank"},
		{"negative capacity", strings.Replace(offers, "1,0,1,1,1,0", "1,0,1,1,-1,0", 1), head, "offers.csv", 3, "capacity"},
		{"non-integer", offers, head + "0,1,0,5\n0,2,1,5.5\n", "applications.csv", 3, "score"},
		{"missing header", offers, "0,1,0,5\n", "applications.csv", 1, "header"},
		{"wrong header", "offer,capacity\n0,1\n", head, "offers.csv", 1, "header"},
		{"UTF-16", offers, "\xFF\xFEs\x00t\x00u\x00", "applications.csv", 1, "encoding"},
		{"not UTF-8", offers, head + "0,1,0,5\n1,1,\xE0\xE1,5\n", "applications.csv", 3, "offer_id"},
		{"student out of order", offers, head + "1,1,0,5\n0,1,1,5\n2,1,0,4\n", "applications.csv", 3, "student_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			op, ap := filepath.Join(dir, "offers.csv"), filepath.Join(dir, "applications.csv")
			os.WriteFile(op, []byte(tc.offers), 0o644)
			os.WriteFile(ap, []byte(tc.apps), 0o644)
			out, cut := filepath.Join(dir, "allocation.csv"), filepath.Join(dir, "cutoffs.csv")
			os.WriteFile(cut, []byte("old"), 0o644)
			code, _, stderr := runCmd(t, "match", "--offers", op, "--applications", ap, "--out", out, "--cutoffs", cut)
			want := fmt.Sprintf("%s:%d: %s: ", filepath.Join(dir, tc.file), tc.line, tc.field)
			if code != 1 || !strings.Contains(stderr, want) {
				t.Fatalf("exit %d, stderr %q, want %q", code, stderr, want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Fatalf("output left behind: %v", err)
			}
			if b, _ := os.ReadFile(cut); string(b) != "old" {
				t.Fatalf("existing file changed: %q", b)
			}
			assertFiles(t, dir, "applications.csv", "cutoffs.csv", "offers.csv")
		})
	}
}

// TestMatchWriteFailure: when an output cannot be written, none is left,
// not even the one that could.
func TestMatchWriteFailure(t *testing.T) {
	in, _, _ := matchtest.Generate(4, 50, 0)
	dir := t.TempDir()
	offers, apps, err := matchtest.WriteFiles(dir, in, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "allocation.csv")
	code, _, stderr := runCmd(t, "match", "--offers", offers, "--applications", apps, "--out", out, "--cutoffs", filepath.Join(dir, "no", "such", "dir", "cutoffs.csv"))
	if code != 1 || !strings.Contains(stderr, "no such file or directory") {
		t.Fatalf("exit %d, %q", code, stderr)
	}
	assertFiles(t, dir, "applications.csv", "offers.csv")
}

func TestMatchUsage(t *testing.T) {
	for _, args := range [][]string{
		{"match"},
		{"match", "--offers", "a.csv", "--applications", "b.csv"},
		{"match", "--offers", "a.csv", "--applications", "b.csv", "--out", "c.csv", "extra"},
	} {
		if code, _, stderr := runCmd(t, args...); code != 2 || !strings.Contains(stderr, "Usage: dualtrack match") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
	code, _, stderr := runCmd(t, "match", "--offers", "/nonexistent/offers.csv", "--applications", "b.csv", "--out", filepath.Join(t.TempDir(), "c.csv"))
	if code != 1 || !strings.Contains(stderr, "/nonexistent/offers.csv") {
		t.Errorf("missing file: exit %d, %q", code, stderr)
	}
}

// assertFiles fails unless dir holds exactly the named files: no output and
// no temporary file left over.
func assertFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, names) {
		t.Fatalf("files %v, want %v", got, names)
	}
}
