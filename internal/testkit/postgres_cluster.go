package testkit

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"testing"

	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
)

// Cluster is a PostgreSQL cluster of one test's own, which the test may
// stop and start again: an outage of the database, for tests of what the
// product does while it is gone. The cluster shared by the other tests
// (PostgresURL) is never stopped.
type Cluster struct {
	// URL is the cluster's migrated database.
	URL string

	pgCtl, data string
	asUser      bool
}

// NewCluster starts a private PostgreSQL cluster on a free loopback port,
// with a migrated database, and removes it when the test ends. It needs
// the PostgreSQL server binaries even when TEST_DATABASE_URL is set.
func NewCluster(tb testing.TB) *Cluster {
	tb.Helper()
	bin, err := pgBinDir()
	if err != nil {
		tb.Fatal(err)
	}
	u, _ := user.Current()
	asUser := u != nil && u.Uid == "0"
	dir, err := os.MkdirTemp("", "dualtrack-pg-own-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	if asUser {
		if err := exec.Command("chown", "postgres:postgres", dir).Run(); err != nil {
			tb.Fatalf("chown %s to postgres: %v", dir, err)
		}
	}
	os.Chmod(dir, 0o700)
	port, err := freePort()
	if err != nil {
		tb.Fatal(err)
	}
	c := &Cluster{pgCtl: filepath.Join(bin, "pg_ctl"), data: filepath.Join(dir, "data"), asUser: asUser}
	if err := run(asUser, filepath.Join(bin, "initdb"), "-D", c.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
		tb.Fatal(err)
	}
	// The options are kept in postmaster.opts, which Start reuses.
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", port, dir)
	if err := run(asUser, c.pgCtl, "-D", c.data, "-l", filepath.Join(dir, "server.log"), "-w", "-t", "60", "start", "-o", opts); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { run(asUser, c.pgCtl, "-D", c.data, "-m", "immediate", "-w", "stop") })
	c.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	st, err := store.Open(context.Background(), c.URL)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(context.Background(), refdata.All()); err != nil {
		tb.Fatal(err)
	}
	return c
}

// Stop stops the cluster as an outage would: at once, cutting every
// connection.
func (c *Cluster) Stop(tb testing.TB) {
	tb.Helper()
	if err := run(c.asUser, c.pgCtl, "-D", c.data, "-m", "immediate", "-w", "stop"); err != nil {
		tb.Fatal(err)
	}
}

// Start starts the stopped cluster again, on the same port with the same
// options, and returns once it accepts connections.
func (c *Cluster) Start(tb testing.TB) {
	tb.Helper()
	// restart on a stopped cluster starts it with the options it last ran
	// with (postmaster.opts), the port among them.
	if err := run(c.asUser, c.pgCtl, "-D", c.data, "-l", filepath.Join(filepath.Dir(c.data), "server.log"), "-w", "-t", "60", "restart"); err != nil {
		tb.Fatal(err)
	}
}
