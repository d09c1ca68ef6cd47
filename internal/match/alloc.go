package match

import "unsafe"

// hugePage is the size of a transparent huge page on amd64 and arm64 Linux.
const hugePage = 2 << 20

// makeLarge returns a zeroed slice of n elements. A large one starts on a
// huge-page boundary and is advised to the kernel as huge-page memory: the
// reader and the matcher fill tens of megabytes of fresh memory, and
// faulting it in 2 MiB at a time instead of 4 KiB is several times cheaper,
// most of all on a virtual machine, where every fault traps to the host.
// Only the pages touched become resident, so a slice sized at an upper bound
// costs address space, not memory. T must hold no pointers.
func makeLarge[T uint8 | int32 | uint32 | uint64 | offerSlot](n int) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	if n*size < 2*hugePage {
		return make([]T, n)
	}
	b := make([]T, n+hugePage/size)
	addr := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	skip := int((hugePage-addr%hugePage)%hugePage) / size
	b = b[skip : skip+n : skip+n]
	adviseHuge(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(b))), n*size))
	return b
}
