package backup

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// dumpPostgres writes pg_dump's custom format of the database to tmp and
// reads its table of contents back, which pg_restore refuses for a
// truncated or foreign archive.
func dumpPostgres(ctx context.Context, dsn, tmp string) error {
	if _, err := run(ctx, "pg_dump", dsn, "--format=custom", "--file="+tmp); err != nil {
		return err
	}
	return checkArchive(ctx, tmp)
}

// checkArchive lists an archive's table of contents and checks that it
// holds a dualtrack database.
func checkArchive(ctx context.Context, file string) error {
	toc, err := run(ctx, "pg_restore", "", "--list", file)
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrIntegrity, file, err)
	}
	if !strings.Contains(toc, " goose_db_version ") {
		return fmt.Errorf("%w: %s is a pg_dump archive without dualtrack's migrations", ErrNotBackup, file)
	}
	return nil
}

// restorePostgres restores the archive into the database of dsn in one
// transaction (all of it or, on any error, nothing), owned by the user of
// dsn whoever owned the dumped objects. The database must be empty unless
// opts.Force, which drops the archive's objects first.
func restorePostgres(ctx context.Context, file, dsn string, opts Options) error {
	if err := checkArchive(ctx, file); err != nil {
		return fmt.Errorf("%w; nothing was restored", err)
	}
	n, err := userRelations(ctx, dsn)
	if err != nil {
		return err
	}
	args := []string{"--single-transaction", "--exit-on-error", "--no-owner", "--no-acl"}
	if n > 0 {
		if !opts.Force {
			return fmt.Errorf("%w: the database holds %d tables, sequences or views; restore into an empty database "+
				"(createdb NAME), or pass --force to drop and replace what the backup holds", ErrNotEmpty, n)
		}
		args = append(args, "--clean", "--if-exists")
	}
	if _, err := run(ctx, "pg_restore", dsn, append(args, file)...); err != nil {
		return fmt.Errorf("%w; the restore was rolled back, the database is as it was", err)
	}
	return nil
}

// userRelations counts the tables, sequences and views outside the
// system's schemas.
func userRelations(ctx context.Context, dsn string) (int, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'S', 'v', 'm')
		  AND s.nspname NOT IN ('pg_catalog', 'information_schema')
		  AND s.nspname NOT LIKE 'pg_toast%' AND s.nspname NOT LIKE 'pg_temp%'`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("target database: %w", err)
	}
	return n, nil
}

// run runs a PostgreSQL client tool against dsn ("" for none) and
// returns its standard output. The password travels in the environment
// (PGPASSWORD), not on the command line where ps shows it.
func run(ctx context.Context, tool, dsn string, args ...string) (string, error) {
	path, err := pgTool(tool)
	if err != nil {
		return "", err
	}
	env := append(os.Environ(), "PGCONNECT_TIMEOUT=10")
	if dsn != "" {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("database URL: %w", err)
		}
		if u.User != nil {
			if pw, ok := u.User.Password(); ok {
				env = append(env, "PGPASSWORD="+pw)
				u.User = url.User(u.User.Username())
			}
		}
		args = append([]string{"--dbname=" + u.String(), "--no-password"}, args...)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if lines := strings.Split(msg, "\n"); len(lines) > 8 {
			msg = strings.Join(lines[:8], "\n") + "\n…"
		}
		return "", fmt.Errorf("%s failed (%v): %s", tool, err, msg)
	}
	return stdout.String(), nil
}

// pgTool finds a PostgreSQL client binary as the tests find the server's:
// the newest /usr/lib/postgresql/*/bin first (pg_dump must be at least as
// new as the server), then PATH.
func pgTool(name string) (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return versionOf(b) - versionOf(a) })
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%w: %s is neither in /usr/lib/postgresql/*/bin nor on PATH; install the PostgreSQL client "+
		"(postgresql-client) of the server's major version or newer", ErrNoTool, name)
}

// versionOf reads the major version of /usr/lib/postgresql/N/bin, so
// that 16 sorts after 9.
func versionOf(dir string) int {
	var v int
	fmt.Sscanf(filepath.Base(filepath.Dir(dir)), "%d", &v)
	return v
}
