//go:build !(linux || darwin || freebsd)

package backup

import (
	"errors"
	"os"
)

// heldOpen reports whether the database may be open: where the locks
// cannot be asked about, FILE-shm (present while a server has the
// database open in WAL mode, or after it crashed) is taken to say so.
func heldOpen(path string) (bool, error) {
	_, err := os.Stat(path + "-shm")
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}
