package match

import "unsafe"

// Fresh memory is paid for when first touched, by a page fault for every
// 4 KiB page, or for every 2 MiB of memory advised as transparent huge
// pages. On a virtual machine the fault itself is what costs: 15 µs for a
// small page on the benchmark's machine, 140 µs for a huge one (most of it
// zeroing 2 MiB), 55 times less a byte. Reading, matching and writing
// 100,000 students touched some 1,400 small pages, 20 ms of faults for
// 40 ms of work, so the slices they fill come from huge pages: a large one
// from its own, smaller ones packed together by an arena.

// hugePage is the size of a transparent huge page on amd64 and arm64 Linux.
const hugePage = 2 << 20

// Slices below arenaMin bytes are plain Go slices: they take 16 small pages
// at most, and small instances, like the tests' thousands, take no huge
// pages at all. Slices above arenaMax get huge pages of their own,
// so that an arena never leaves more than that much of a page unused.
const (
	arenaMin = 64 << 10
	arenaMax = hugePage / 2
)

// cacheLine is the alignment of the slices of an arena, so that two of them
// written by different cores never share a cache line.
const cacheLine = 64

// plain is what the slices of huge pages may hold: no pointers, so that
// memory allocated as one type may be handed out as another.
type plain interface {
	bool | uint8 | int32 | uint32 | uint64 | offerSlot
}

// makeLarge returns a zeroed slice of n elements that starts on a huge-page
// boundary and whose pages (all of them, rounded up) are advised to the
// kernel as huge-page memory. The kernel gives a huge page only to an
// aligned 2 MiB all of whose bytes were so advised, hence the rounding.
// Only the pages touched become resident, so a slice sized at an upper bound
// costs address space, not memory.
func makeLarge[T plain](n int) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	room := (n*size + hugePage - 1) &^ (hugePage - 1)
	b := make([]T, (room+hugePage)/size)
	addr := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	skip := int((hugePage-addr%hugePage)%hugePage) / size
	b = b[skip:]
	adviseHuge(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(b))), room))
	return b[:n:n]
}

// An arena hands out zeroed slices packed one after the other in huge
// pages. It is not safe for concurrent use: a phase that runs on several
// cores takes its slices before it starts them. Its slices keep all of its
// memory alive; they are meant to live as long as one another.
type arena struct {
	free []byte // the rest of the current block
}

// take returns a zeroed slice of n elements from a, or a slice of its own
// when n elements are too few or too many to pack.
func take[T plain](a *arena, n int) []T {
	var zero T
	size := n * int(unsafe.Sizeof(zero))
	switch {
	case size < arenaMin:
		return make([]T, n)
	case size > arenaMax:
		return makeLarge[T](n)
	}
	size = (size + cacheLine - 1) &^ (cacheLine - 1)
	if size > len(a.free) {
		a.free = makeLarge[byte](hugePage)
	}
	b := a.free[:size:size]
	a.free = a.free[size:]
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), n)
}
