package prefault

// Linux system call numbers and arguments on amd64.
const (
	sysRead          = 0
	sysClose         = 3
	sysMadvise       = 28
	sysOpenat        = 257
	atFDCWD          = ^uintptr(99) // AT_FDCWD, -100
	madvPopulateRead = 22
	errnoEINTR       = 4
	maxErrno         = 4095
)

// rawSyscall3 makes a system call without telling the scheduler: the calls
// here return at once, or within a few milliseconds for the madvise, which
// runs on a goroutine of its own. It returns the kernel's result, a
// negative errno on failure.
func rawSyscall3(trap, a1, a2, a3 uintptr) (r uintptr)

// readOnlyBounds returns the start of the binary's code and the end of its
// read-only data (text, rodata, type and interface tables, pclntab), one
// contiguous range.
func readOnlyBounds() (start, end uintptr)

func init() {
	var cmdline [256]byte
	if !isCommand(cmdline[:readCmdline(cmdline[:])]) {
		return
	}
	go populate()
}

// readCmdline reads the start of /proc/self/cmdline into buf and returns how
// many bytes it read (0 on any failure).
func readCmdline(buf []byte) int {
	path := [...]byte{'/', 'p', 'r', 'o', 'c', '/', 's', 'e', 'l', 'f', '/', 'c', 'm', 'd', 'l', 'i', 'n', 'e', 0}
	fd := rawSyscall3(sysOpenat, atFDCWD, addr(&path[0]), 0)
	if failed(fd) {
		return 0
	}
	n := rawSyscall3(sysRead, fd, addr(&buf[0]), uintptr(len(buf)))
	rawSyscall3(sysClose, fd, 0, 0)
	if failed(n) {
		return 0
	}
	return int(n)
}

// populate maps the binary's read-only memory, starting over when a signal
// interrupts it (the scheduler's preemption signals do), and returns the
// kernel's answer: 0, or a negative errno.
func populate() uintptr {
	start, end := readOnlyBounds()
	start &^= 4095
	for {
		r := rawSyscall3(sysMadvise, start, end-start, madvPopulateRead)
		if r != ^uintptr(errnoEINTR-1) { // -EINTR
			return r
		}
	}
}

// failed reports whether r is a negative errno, -4095 to -1.
func failed(r uintptr) bool { return r > ^uintptr(maxErrno) }
