// Package testkit holds the helpers tests share: a throwaway PostgreSQL
// cluster, fresh migrated databases of both kinds, and the whole program on
// a loopback port. Real components only: nothing here is a mock.
package testkit

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
)

// cluster is the throwaway PostgreSQL of this test binary.
var cluster struct {
	once     sync.Once
	adminURL string // the postgres database of the cluster
	dir      string // data and socket directory; empty when TEST_DATABASE_URL is used
	pgCtl    string
	asUser   bool // run pg_ctl through runuser, because we are root
	err      error
	seq      atomic.Int64
}

// Main runs the tests of a package and then stops the throwaway PostgreSQL
// cluster if a test started one and removes the SQLite template. Call it
// from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	stopPostgres()
	removeSQLiteTemplate()
	os.Exit(code)
}

// pgBinDir finds the newest PostgreSQL server binaries.
func pgBinDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Strings(dirs)
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i], nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("no PostgreSQL server binaries (initdb) found in /usr/lib/postgresql/*/bin or PATH; install the postgresql package or set TEST_DATABASE_URL")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// run executes a PostgreSQL binary, as the postgres user when we are root
// (initdb and postgres refuse to run as root).
func run(asUser bool, name string, args ...string) error {
	var cmd *exec.Cmd
	if asUser {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
	} else {
		cmd = exec.Command(name, args...)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %v: %w\n%s", filepath.Base(name), args, err, out)
	}
	return nil
}

func startPostgres() {
	if url := os.Getenv("TEST_DATABASE_URL"); url != "" {
		cluster.adminURL = url
		cluster.err = prepareTemplate()
		return
	}
	bin, err := pgBinDir()
	if err != nil {
		cluster.err = err
		return
	}
	u, _ := user.Current()
	asUser := u != nil && u.Uid == "0"
	dir, err := os.MkdirTemp("", "dualtrack-pg-")
	if err != nil {
		cluster.err = err
		return
	}
	if asUser {
		if err := exec.Command("chown", "postgres:postgres", dir).Run(); err != nil {
			cluster.err = fmt.Errorf("chown %s to postgres: %w", dir, err)
			return
		}
	}
	os.Chmod(dir, 0o700)
	port, err := freePort()
	if err != nil {
		cluster.err = err
		return
	}
	cluster.dir, cluster.pgCtl, cluster.asUser = dir, filepath.Join(bin, "pg_ctl"), asUser
	data := filepath.Join(dir, "data")
	if err := run(asUser, filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
		cluster.err = err
		return
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", port, dir)
	if err := run(asUser, cluster.pgCtl, "-D", data, "-l", filepath.Join(dir, "server.log"), "-w", "-t", "60", "start", "-o", opts); err != nil {
		cluster.err = err
		return
	}
	cluster.adminURL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	cluster.err = prepareTemplate()
}

func stopPostgres() {
	if cluster.dir == "" {
		return
	}
	run(cluster.asUser, cluster.pgCtl, "-D", filepath.Join(cluster.dir, "data"), "-m", "immediate", "-w", "stop")
	os.RemoveAll(cluster.dir)
}

const templateDB = "dualtrack_template"

// prepareTemplate creates and migrates the template database that every
// test database is copied from, so migrations run once per test binary.
func prepareTemplate() error {
	admin, err := sql.Open("pgx", cluster.adminURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	name := fmt.Sprintf("%s_%d", templateDB, os.Getpid())
	if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name); err != nil {
		return err
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return err
	}
	st, err := store.Open(ctx, withDatabase(cluster.adminURL, name))
	if err != nil {
		return err
	}
	defer st.Close()
	return st.Migrate(ctx, refdata.All())
}

// withDatabase replaces the database name in a postgres URL.
func withDatabase(url, db string) string {
	u, err := parseURL(url)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + db
	return u.String()
}

// PostgresURL returns the URL of a new, migrated PostgreSQL database that is
// dropped when the test ends. The cluster starts on first use; if it cannot
// start the test fails: PostgreSQL tests are never skipped.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	cluster.once.Do(startPostgres)
	if cluster.err != nil {
		tb.Fatalf("throwaway PostgreSQL: %v", cluster.err)
	}
	admin, err := sql.Open("pgx", cluster.adminURL)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("t_%d_%d", os.Getpid(), cluster.seq.Add(1))
	if _, err := admin.Exec(fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s_%d", name, templateDB, os.Getpid())); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		admin, err := sql.Open("pgx", cluster.adminURL)
		if err != nil {
			return
		}
		defer admin.Close()
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	return withDatabase(cluster.adminURL, name)
}
