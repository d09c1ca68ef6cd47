package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// copySQLite writes an online copy of the database file src to tmp (an
// empty file) and checks the copy. VACUUM INTO reads one consistent
// snapshot, through a read-only connection, while a running server goes
// on writing to its write-ahead log.
func copySQLite(ctx context.Context, src, tmp string) error {
	info, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("database %s: %w", src, err)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("database %s is not a file", src)
	}
	if k, err := kindOf(src); err != nil || k != SQLite {
		return fmt.Errorf("%s is not a SQLite database", src)
	}
	db, err := sql.Open("sqlite", "file:"+src+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	if err := checkSQLite(ctx, tmp); err != nil {
		return fmt.Errorf("%w; the copy was removed. The database itself may be damaged: stop the server and run "+
			"sqlite3 %s 'PRAGMA integrity_check'", err, src)
	}
	return nil
}

// checkSQLite runs PRAGMA integrity_check on a file that is not in use
// (a backup, or a copy being made), and checks that it is a dualtrack
// database. The file is opened immutable: nothing is written beside it.
func checkSQLite(ctx context.Context, file string) error {
	if _, err := os.Stat(file + "-wal"); err == nil {
		return fmt.Errorf("%w: %s-wal exists beside %s, so it is a live database rather than a backup; make a backup of it with dualtrack backup",
			ErrNotBackup, file, file)
	}
	db, err := sql.Open("sqlite", "file:"+file+"?mode=ro&immutable=1")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check(10)")
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrIntegrity, file, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("%w: %s: %v", ErrIntegrity, file, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrIntegrity, file, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s: %s", ErrIntegrity, file, strings.Join(problems, "; "))
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'goose_db_version'").Scan(&n); err != nil || n == 0 {
		return fmt.Errorf("%w: %s is a SQLite database without dualtrack's migrations", ErrNotBackup, file)
	}
	return nil
}

// restoreSQLite checks the backup, then copies it into place under a
// temporary name and renames it over the database — only when no process
// has the database open, since a server would go on with its own view of
// the old file (and its write-ahead log, which belongs to the old file,
// is removed).
func restoreSQLite(ctx context.Context, file, target string, opts Options) error {
	if target == "" {
		return errors.New("no database file named")
	}
	if err := checkSQLite(ctx, file); err != nil {
		return fmt.Errorf("%w; nothing was restored", err)
	}
	if err := notInUse(target); err != nil {
		return err
	}
	if info, err := os.Stat(target); err == nil && info.Size() > 0 && !opts.Force {
		return fmt.Errorf("%w: %s already holds a database; restore into a new file, or pass --force to replace it", ErrNotEmpty, target)
	}
	tmp, err := tempBeside(target)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	var total int64 = -1
	if info, err := os.Stat(file); err == nil {
		total = info.Size()
	}
	stop := watch(tmp, total, opts.Progress)
	err = copyFile(file, tmp)
	stop()
	if err != nil {
		return err
	}
	// Checked again just before the switch: the copy took a while.
	if err := notInUse(target); err != nil {
		return err
	}
	for _, side := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(target + side); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return err
	}
	return syncDir(filepath.Dir(target))
}

func notInUse(target string) error {
	busy, err := heldOpen(target)
	if err != nil {
		return err
	}
	if busy {
		return fmt.Errorf("%w: a process (a dualtrack server?) has %s open; stop it, restore, then start it again", ErrInUse, target)
	}
	return nil
}

// copyFile copies src to the existing file dst and flushes it to disk.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
