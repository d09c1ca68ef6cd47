package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"

	"github.com/dualtrack/dualtrack/internal/backup"
)

var backupCommand = command{
	name:    "backup",
	summary: "copy the database to one file, checked (safe while the server runs)",
	run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		fs := newFlags("backup", "backup --out FILE [--db PATH|URL] [--force]\n\n"+
			"SQLite: an online copy (VACUUM INTO) checked with PRAGMA integrity_check; PostgreSQL: pg_dump --format=custom.\n"+
			"The file's SHA-256 is written beside it (FILE.sha256); restore it with dualtrack restore --from FILE.", stderr)
		db := dbFlag(fs)
		out := fs.String("out", "", "the backup file to write (required)")
		force := fs.Bool("force", false, "replace the file if it exists")
		if err := parse(fs, args); err != nil {
			return err
		}
		if *out == "" {
			fmt.Fprintln(stderr, "dualtrack backup: --out FILE is required")
			fs.Usage()
			return errUsage
		}
		bar, progress := byteProgress(stderr, "backup")
		res, err := backup.Backup(ctx, *db, *out, backup.Options{Force: *force, Progress: progress})
		if bar != nil {
			bar.Finish()
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "backed up the %s database %s to %s (%s, SHA-256 %s) in %s\n", res.Kind, redact(*db), res.File,
			byteSize(res.Bytes), res.SHA256[:16]+"…", res.Took.Round(100*time.Millisecond))
		fmt.Fprintf(stdout, "checksum written to %s.sha256\n", res.File)
		return nil
	},
}

// byteProgress is a progress bar of the bytes written, on a terminal
// only, and the function that moves it.
func byteProgress(stderr io.Writer, what string) (*progressbar.ProgressBar, func(done, total int64)) {
	f, ok := stderr.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) {
		return nil, nil
	}
	bar := progressbar.NewOptions64(-1, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription(what),
		progressbar.OptionShowBytes(true), progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	return bar, func(done, total int64) {
		if total > 0 && bar.GetMax64() != total {
			bar.ChangeMax64(total)
		}
		bar.Set64(done)
	}
}

// byteSize writes a size for people: 1.2 GiB, 340 MiB, 12 KiB.
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
