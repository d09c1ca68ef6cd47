package match

import (
	"bytes"
	"io"
	"runtime"
)

// SetChunkSize makes the readers cut files into chunks of n bytes, so that
// small test files cross many chunk boundaries; the returned func restores
// the size.
func SetChunkSize(n int64) (restore func()) {
	old := chunkSize
	chunkSize = n
	return func() { chunkSize = old }
}

// ReadBytes reads offers and applications from memory, naming them
// offers.csv and applications.csv in errors.
func ReadBytes(offers, applications []byte) (*Instance, error) {
	var a arena
	capacity, reserved, group, err := readOffers(&a, "offers.csv", bytes.NewReader(offers), int64(len(offers)))
	if err != nil {
		return nil, err
	}
	in, err := readApplications(&a, "applications.csv", bytes.NewReader(applications), int64(len(applications)), capacity)
	if err != nil {
		return nil, err
	}
	in.reserved, in.group = reserved, group
	return in, nil
}

// Wide reports whether in stores applications in 64-bit words.
func (in *Instance) Wide() bool { return in.wide != nil }

// Place changes the placement of student s, to test Verify.
func (r *Result) Place(s int, o int32) { r.placed[s] = o }

// SetSplitMin makes Run split instances of at least n applications over
// cores; the returned func restores the threshold.
func SetSplitMin(n int) (restore func()) {
	old := splitMin
	splitMin = n
	return func() { splitMin = old }
}

// Parts returns the number of parts Run splits in into.
func Parts(in *Instance) int {
	if in.wide != nil {
		_, _, n := split(in, in.wide, 1<<32-1, runtime.GOMAXPROCS(0), &arena{})
		return n
	}
	_, _, n := split(in, in.narrow, uint32(1)<<in.shift-1, runtime.GOMAXPROCS(0), &arena{})
	return n
}

// AppendInt and DecimalLen are the writers' integer formatting.
var (
	AppendInt  = appendInt
	DecimalLen = decimalLen
)

// ReadApplicationsFrom reads applications from r for offers read from
// memory.
func ReadApplicationsFrom(offers []byte, r io.ReaderAt, size int64) (*Instance, error) {
	var a arena
	capacity, _, _, err := readOffers(&a, "offers.csv", bytes.NewReader(offers), int64(len(offers)))
	if err != nil {
		return nil, err
	}
	return readApplications(&a, "applications.csv", r, size, capacity)
}
