//go:build linux || darwin || freebsd

package backup

import (
	"errors"
	"os"
	"syscall"
)

// SQLite's locks (os_unix.c) are POSIX advisory locks: every connection
// to a database in WAL mode holds a read lock on the "dead man switch"
// byte of FILE-shm while it is open, and a transaction in any mode locks
// bytes of FILE from PENDING_BYTE on.
const (
	shmDMSByte  = 128        // UNIX_SHM_DMS: (22 + 8) * 4 + 8
	pendingByte = 0x40000000 // PENDING_BYTE; RESERVED and the SHARED range follow
	lockedBytes = 2 + 510    // RESERVED_BYTE and SHARED_SIZE
)

// heldOpen reports whether another process holds SQLite's locks on the
// database file: a server that has it open (WAL mode, as dualtrack runs
// it), or any program in a transaction on it. It asks the kernel which
// locks would conflict (F_GETLK), taking none.
func heldOpen(path string) (bool, error) {
	if held, err := locked(path+"-shm", shmDMSByte, 1); held || err != nil {
		return held, err
	}
	return locked(path, pendingByte, lockedBytes)
}

func locked(name string, start, n int64) (bool, error) {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: start, Len: n}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return false, err
	}
	return lk.Type != syscall.F_UNLCK, nil
}
