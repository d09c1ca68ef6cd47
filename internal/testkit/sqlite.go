package testkit

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
)

var sqliteTemplate struct {
	once sync.Once
	path string
	err  error
}

func parseURL(s string) (*url.URL, error) { return url.Parse(s) }

// SQLitePath returns the path of a new, migrated SQLite database file in the
// test's temporary directory, copied from a template migrated once.
func SQLitePath(tb testing.TB) string {
	tb.Helper()
	sqliteTemplate.once.Do(func() {
		dir, err := os.MkdirTemp("", "dualtrack-sqlite-")
		if err != nil {
			sqliteTemplate.err = err
			return
		}
		path := filepath.Join(dir, "template.db")
		ctx := context.Background()
		st, err := store.Open(ctx, path)
		if err != nil {
			sqliteTemplate.err = err
			return
		}
		if err := st.Migrate(ctx, refdata.All()); err != nil {
			sqliteTemplate.err = err
		}
		// Fold the WAL into the main file so a plain copy is complete.
		if err := st.Checkpoint(ctx); err != nil && sqliteTemplate.err == nil {
			sqliteTemplate.err = err
		}
		st.Close()
		sqliteTemplate.path = path
	})
	if sqliteTemplate.err != nil {
		tb.Fatalf("SQLite template: %v", sqliteTemplate.err)
	}
	dst := filepath.Join(tb.TempDir(), "dualtrack.db")
	if err := copyFile(sqliteTemplate.path, dst); err != nil {
		tb.Fatal(err)
	}
	return dst
}

// removeSQLiteTemplate deletes the template's folder, if a test made it.
func removeSQLiteTemplate() {
	if sqliteTemplate.path != "" {
		os.RemoveAll(filepath.Dir(sqliteTemplate.path))
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Database is one kind of database a suite runs against.
type Database struct {
	Name string // "sqlite" or "postgres"
	DSN  func(testing.TB) string
}

// Databases are both kinds the product supports; storage suites run every
// test against each.
var Databases = []Database{
	{Name: "sqlite", DSN: SQLitePath},
	{Name: "postgres", DSN: PostgresURL},
}

// DSN returns a fresh migrated database for a test that runs on one
// database only (the storage suites run on both, see EachDatabase). Running
// every such test twice would double CI's time, so by default they are
// spread between the two kinds by the name of the top-level test — even
// FNV-1a hash to SQLite, odd to PostgreSQL — which puts about half of them
// on PostgreSQL and the same test on the same database every run, so a
// failure reproduces. DUALTRACK_TEST_DB=sqlite or =postgres puts every such
// test on that database instead: `DUALTRACK_TEST_DB=postgres go test ./...`
// is the whole suite on PostgreSQL. Tests about a SQLite file (backups,
// paths) call SQLitePath.
func DSN(tb testing.TB) string {
	tb.Helper()
	db, err := databaseFor(tb.Name(), os.Getenv("DUALTRACK_TEST_DB"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Logf("database: %s (DUALTRACK_TEST_DB=sqlite|postgres to choose)", db.Name)
	return db.DSN(tb)
}

// databaseFor picks the database of the test named name (a subtest goes
// with its top-level test) under the DUALTRACK_TEST_DB setting choice.
func databaseFor(name, choice string) (Database, error) {
	for _, db := range Databases {
		if db.Name == choice {
			return db, nil
		}
	}
	if choice != "" {
		return Database{}, fmt.Errorf("DUALTRACK_TEST_DB=%q: want sqlite, postgres or nothing (the tests spread between both)", choice)
	}
	top, _, _ := strings.Cut(name, "/")
	h := fnv.New32a()
	h.Write([]byte(top))
	return Databases[h.Sum32()%2], nil
}

// OpenStore opens a migrated store on dsn and closes it when the test ends.
func OpenStore(tb testing.TB, dsn string) *store.Store {
	tb.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// EachDatabase runs fn as a subtest against a fresh store of every kind.
func EachDatabase(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	for _, db := range Databases {
		t.Run(db.Name, func(t *testing.T) {
			fn(t, OpenStore(t, db.DSN(t)))
		})
	}
}
