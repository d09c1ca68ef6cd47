package match

import "syscall"

// madvHugepage is MADV_HUGEPAGE, which package syscall does not name.
const madvHugepage = 14

// adviseHuge asks for transparent huge pages for b. It is advice: when the
// kernel has none to give, or huge pages are off, b gets small pages.
func adviseHuge(b []byte) {
	_ = syscall.Madvise(b, madvHugepage)
}
