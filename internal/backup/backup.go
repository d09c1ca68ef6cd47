// Package backup copies a dualtrack database to one file and back, for
// either database the product runs on.
//
// A SQLite database is copied online with VACUUM INTO, a consistent
// snapshot taken in one read transaction that a running server's writers
// do not wait for (WAL mode), and the copy is checked with PRAGMA
// integrity_check before it takes its name. A PostgreSQL database is
// dumped with pg_dump in its custom format and restored with pg_restore
// in one transaction. Either way the backup is written under a temporary
// name and renamed when complete, so a file with the backup's name is
// always a whole backup, and its SHA-256 is written beside it (FILE.sha256,
// the format of sha256sum) so that a copy damaged in storage or transfer
// is refused at restore, before anything is replaced.
//
// The photos live in the database, so a backup of the database is a backup
// of everything dualtrack keeps; the uploads waiting for their import are
// not kept.
package backup

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The errors a backup or a restore stops with, wrapped with the detail.
var (
	// ErrIntegrity: SQLite's integrity check found the file damaged.
	ErrIntegrity = errors.New("integrity check failed")
	// ErrChecksum: the file is not what its FILE.sha256 says it was.
	ErrChecksum = errors.New("checksum mismatch")
	// ErrNotBackup: the file is not a backup of a dualtrack database.
	ErrNotBackup = errors.New("not a dualtrack backup")
	// ErrInUse: a process has the SQLite database open.
	ErrInUse = errors.New("database in use")
	// ErrNotEmpty: the target of a restore already holds data.
	ErrNotEmpty = errors.New("target not empty")
	// ErrExists: the backup file already exists.
	ErrExists = errors.New("file exists")
	// ErrNoTool: pg_dump or pg_restore cannot be found.
	ErrNoTool = errors.New("PostgreSQL client tool not found")
)

// Kind is the database a backup holds.
type Kind string

// The kinds of backup: a SQLite database file, or pg_dump's custom format.
const (
	SQLite   Kind = "sqlite"
	Postgres Kind = "postgres"
)

// Options change what Backup and Restore may do.
type Options struct {
	// Force lets Backup replace an existing file and Restore replace a
	// target that holds data.
	Force bool
	// Progress, when set, is told every 200 ms how many bytes of the file
	// being written are written, and roughly how many there will be (-1
	// when unknown: pg_dump compresses, pg_restore writes no file).
	Progress func(done, total int64)
}

// Result describes a backup written or restored.
type Result struct {
	Kind   Kind
	File   string
	Bytes  int64
	SHA256 string
	// Verified is true when a restore found the file's checksum beside
	// it and the file matched it.
	Verified bool
	Took     time.Duration
}

// Backup copies the database named by dsn (a SQLite file path or a
// postgres:// URL) to the file out, checks it, and writes its checksum to
// out.sha256. It refuses to replace an existing file unless opts.Force.
// On any failure nothing is left under out's name.
func Backup(ctx context.Context, dsn, out string, opts Options) (Result, error) {
	start := time.Now()
	if out == "" {
		return Result{}, errors.New("no backup file named")
	}
	if _, err := os.Stat(out); err == nil && !opts.Force {
		return Result{}, fmt.Errorf("%w: %s already exists; name another file or pass --force to replace it", ErrExists, out)
	}
	tmp, err := tempBeside(out)
	if err != nil {
		return Result{}, err
	}
	// Removed unless renamed; removing a renamed name fails harmlessly.
	defer os.Remove(tmp)
	res := Result{File: out}
	if isPostgres(dsn) {
		res.Kind = Postgres
		stop := watch(tmp, -1, opts.Progress)
		err = dumpPostgres(ctx, dsn, tmp)
		stop()
	} else {
		res.Kind = SQLite
		var total int64 = -1
		if info, err := os.Stat(dsn); err == nil {
			total = info.Size() // the copy leaves out the free pages
		}
		stop := watch(tmp, total, opts.Progress)
		err = copySQLite(ctx, dsn, tmp)
		stop()
	}
	if err != nil {
		return Result{}, err
	}
	if res.SHA256, res.Bytes, err = syncAndHash(tmp); err != nil {
		return Result{}, err
	}
	if err := os.Rename(tmp, out); err != nil {
		return Result{}, err
	}
	if err := writeChecksum(out, res.SHA256); err != nil {
		return Result{}, err
	}
	res.Took = time.Since(start)
	return res, syncDir(filepath.Dir(out))
}

// Restore replaces the database named by dsn with the backup in file,
// after checking the file: its checksum when FILE.sha256 is beside it,
// then its integrity (SQLite) or its table of contents (PostgreSQL). A
// SQLite file is copied into place only when no process has the database
// open; a PostgreSQL backup is restored into an empty database in one
// transaction. A target that holds data is replaced only with opts.Force.
func Restore(ctx context.Context, file, dsn string, opts Options) (Result, error) {
	start := time.Now()
	kind, err := kindOf(file)
	if err != nil {
		return Result{}, err
	}
	if want := map[bool]Kind{true: Postgres, false: SQLite}[isPostgres(dsn)]; kind != want {
		return Result{}, fmt.Errorf("%w: %s is a %s backup and the target is a %s database", ErrNotBackup, file, kind, want)
	}
	res := Result{Kind: kind, File: file}
	if res.SHA256, res.Bytes, res.Verified, err = verifyChecksum(file); err != nil {
		return Result{}, err
	}
	switch kind {
	case SQLite:
		err = restoreSQLite(ctx, file, dsn, opts)
	case Postgres:
		err = restorePostgres(ctx, file, dsn, opts)
	}
	res.Took = time.Since(start)
	return res, err
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// kindOf tells a backup's kind by its first bytes.
func kindOf(file string) (Kind, error) {
	f, err := os.Open(file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	switch {
	case bytes.HasPrefix(head[:n], []byte("SQLite format 3\x00")):
		return SQLite, nil
	case bytes.HasPrefix(head[:n], []byte("PGDMP")):
		return Postgres, nil
	}
	return "", fmt.Errorf("%w: %s is neither a SQLite database nor a pg_dump custom-format archive", ErrNotBackup, file)
}

// tempBeside returns a new temporary file's name in the folder of name,
// so that the rename into place stays on one file system. The file exists
// and is empty (VACUUM INTO accepts an empty file).
func tempBeside(name string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".partial-*")
	if err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}

// syncAndHash flushes a file to disk and returns its SHA-256 and size.
func syncAndHash(name string) (string, int64, error) {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return "", 0, err
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

func hashFile(name string) (string, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// writeChecksum writes file.sha256 in the format of sha256sum, so that
// `sha256sum -c FILE.sha256` checks a copy too.
func writeChecksum(file, sum string) error {
	name := file + ".sha256"
	tmp, err := tempBeside(name)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.WriteFile(tmp, []byte(sum+"  "+filepath.Base(file)+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

// verifyChecksum hashes file and compares it with file.sha256 when that
// exists; verified says whether it did.
func verifyChecksum(file string) (sum string, size int64, verified bool, err error) {
	sum, size, err = hashFile(file)
	if err != nil {
		return "", 0, false, err
	}
	f, err := os.Open(file + ".sha256")
	if errors.Is(err, os.ErrNotExist) {
		return sum, size, false, nil
	}
	if err != nil {
		return "", 0, false, err
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	want, _, _ := strings.Cut(strings.TrimSpace(line), " ")
	if !strings.EqualFold(want, sum) {
		return "", 0, false, fmt.Errorf("%w: %s has SHA-256 %s but %s.sha256 says %s: the file was damaged or changed since the backup; use another copy",
			ErrChecksum, file, sum, file, want)
	}
	return sum, size, true, nil
}

// watch reports the size of the file being written to progress every
// 200 ms until stop is called.
func watch(name string, total int64, progress func(done, total int64)) (stop func()) {
	if progress == nil {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			if info, err := os.Stat(name); err == nil {
				progress(info.Size(), total)
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// syncDir flushes a folder's entries, so that a rename survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	// Some file systems cannot sync a folder; the rename stands anyway.
	d.Sync()
	return nil
}
