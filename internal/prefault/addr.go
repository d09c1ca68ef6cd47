package prefault

import "unsafe"

// addr is the address of b, for a system call's argument.
func addr(b *byte) uintptr { return uintptr(unsafe.Pointer(b)) }
