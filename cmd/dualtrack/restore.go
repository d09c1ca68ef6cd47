package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/dualtrack/dualtrack/internal/backup"
)

var restoreCommand = command{
	name:    "restore",
	summary: "replace the database with a backup, checked first",
	run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		fs := newFlags("restore", "restore --from FILE [--db PATH|URL] [--force]\n\n"+
			"Checks the backup (its FILE.sha256 when present, then SQLite's integrity check or pg_restore's table of contents),\n"+
			"then restores it. SQLite: the file is copied into place only while no server has the database open.\n"+
			"PostgreSQL: pg_restore into an empty database, in one transaction.", stderr)
		db := dbFlag(fs)
		from := fs.String("from", "", "the backup file to restore (required)")
		force := fs.Bool("force", false, "replace a database that holds data (SQLite: the file; PostgreSQL: the objects the backup holds)")
		if err := parse(fs, args); err != nil {
			return err
		}
		if *from == "" {
			fmt.Fprintln(stderr, "dualtrack restore: --from FILE is required")
			fs.Usage()
			return errUsage
		}
		bar, progress := byteProgress(stderr, "restore")
		res, err := backup.Restore(ctx, *from, *db, backup.Options{Force: *force, Progress: progress})
		if bar != nil {
			bar.Finish()
		}
		if err != nil {
			return err
		}
		checked := "no " + res.File + ".sha256 beside it, so its checksum was not verified"
		if res.Verified {
			checked = "its SHA-256 matched " + res.File + ".sha256"
		}
		fmt.Fprintf(stdout, "restored the %s backup %s (%s; %s) into %s in %s\n", res.Kind, res.File, byteSize(res.Bytes),
			checked, redact(*db), res.Took.Round(100*time.Millisecond))
		fmt.Fprintln(stdout, "the next start of dualtrack applies any newer migrations to it.")
		return nil
	},
}
