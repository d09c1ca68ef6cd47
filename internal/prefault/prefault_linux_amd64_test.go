package prefault

import (
	"os"
	"strings"
	"testing"
)

// The test binary's own arguments come back from /proc/self/cmdline.
func TestReadCmdline(t *testing.T) {
	var buf [256]byte
	n := readCmdline(buf[:])
	if n == 0 {
		t.Fatal("read nothing from /proc/self/cmdline")
	}
	args := strings.Split(strings.TrimSuffix(string(buf[:n]), "\x00"), "\x00")
	want := os.Args
	if n == len(buf) {
		args, want = args[:len(args)-1], want[:len(args)-1] // cut
	}
	if strings.Join(args, " ") != strings.Join(want, " ") {
		t.Errorf("cmdline %q, want %q", args, want)
	}
	if isCommand(buf[:n]) {
		t.Error("the test binary taken for dualtrack match")
	}
}

// The bounds given to madvise are the binary's mapped read-only memory:
// a range with a hole or beyond the mapping would be refused with ENOMEM.
// EINVAL is a kernel older than 5.14, without MADV_POPULATE_READ.
func TestPopulate(t *testing.T) {
	const einval = 22
	switch r := populate(); r {
	case 0:
	case ^uintptr(einval - 1):
		t.Log("the kernel has no MADV_POPULATE_READ: start-up stays as it was")
	default:
		t.Fatalf("madvise(MADV_POPULATE_READ) over the binary: errno %d", -int(r))
	}
	start, end := readOnlyBounds()
	if end-start < 1<<20 {
		t.Errorf("read-only memory %#x–%#x: under 1 MB, not the binary's", start, end)
	}
}
