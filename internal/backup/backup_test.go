package backup_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/dualtrack/dualtrack/internal/backup"
	"github.com/dualtrack/dualtrack/internal/demo"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestMain doubles as a process that holds a SQLite database open, as a
// running server does, for the test that restore refuses to replace it.
func TestMain(m *testing.M) {
	if path := os.Getenv("BACKUP_TEST_HOLD"); path != "" {
		holdOpen(path)
		return
	}
	testkit.Main(m)
}

func holdOpen(path string) {
	st, err := store.Open(context.Background(), path)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	defer st.Close()
	fmt.Println("ready")
	// Held until the test closes our standard input.
	bufio.NewReader(os.Stdin).ReadString('\n')
}

// TestRoundTripPreservesEveryRow fills a database with the small demo
// dataset (every table of the product has rows in it), backs it up,
// restores the backup into a fresh target and compares every table: its
// row count and a checksum of all its rows.
func TestRoundTripPreservesEveryRow(t *testing.T) {
	ctx := context.Background()
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			src := db.DSN(t)
			st := testkit.OpenStore(t, src)
			if _, err := demo.Generate(ctx, st, refdata.All(), demo.Options{Scale: demo.ScaleSmall, Seed: 1}); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "dualtrack.backup")
			res, err := backup.Backup(ctx, src, file, backup.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Kind != backup.Kind(db.Name) || res.Bytes == 0 || len(res.SHA256) != 64 {
				t.Fatalf("backup result %+v", res)
			}
			if b, err := os.ReadFile(file + ".sha256"); err != nil || string(b) != res.SHA256+"  dualtrack.backup\n" {
				t.Fatalf("checksum file: %q %v", b, err)
			}
			// A second backup to the same name needs --force.
			if _, err := backup.Backup(ctx, src, file, backup.Options{}); !errors.Is(err, backup.ErrExists) {
				t.Fatalf("backup over an existing file: %v", err)
			}
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".*partial*"))
			if len(leftovers) > 0 {
				t.Fatalf("temporary files left: %v", leftovers)
			}

			target := freshTarget(t, db.Name, src)
			got, err := backup.Restore(ctx, file, target, backup.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !got.Verified || got.SHA256 != res.SHA256 {
				t.Errorf("restore did not verify the checksum: %+v", got)
			}
			want := tableSums(t, db.Name, src)
			have := tableSums(t, db.Name, target)
			if len(want) < 40 {
				t.Fatalf("only %d tables in the source: %v", len(want), want)
			}
			empty := 0
			for table, w := range want {
				if have[table] != w {
					t.Errorf("%s: restored %s, source %s", table, have[table], w)
				}
				if strings.HasPrefix(w, "0 ") {
					empty++
				}
			}
			if len(have) != len(want) {
				t.Errorf("%d tables restored, %d in the source", len(have), len(want))
			}
			if empty > len(want)/2 {
				t.Errorf("%d of %d tables are empty: the round trip proves little", empty, len(want))
			}

			// The restored database is one the product opens and writes to:
			// its sequences went with it, so a new row takes a new ID.
			rst := testkit.OpenStore(t, target)
			if err := rst.Migrate(ctx, refdata.All()); err != nil {
				t.Fatal(err)
			}
			testkit.NewUser(t, rst, domain.User{Login: "after-restore", Role: domain.RoleMinistry})

			// A target that holds data is replaced only with --force.
			if _, err := backup.Restore(ctx, file, target, backup.Options{}); !errors.Is(err, backup.ErrNotEmpty) || !strings.Contains(err.Error(), "--force") {
				t.Fatalf("restore over data: %v", err)
			}
			if db.Name == "postgres" {
				// On PostgreSQL --force drops and replaces what the backup
				// holds, while the product is connected.
				if _, err := backup.Restore(ctx, file, target, backup.Options{Force: true}); err != nil {
					t.Fatalf("restore --force: %v", err)
				}
				if have := tableSums(t, db.Name, target); fmt.Sprint(have) != fmt.Sprint(want) {
					t.Errorf("after restore --force the tables differ from the source")
				}
			}
		})
	}
}

// TestDamagedBackupIsRefused damages a backup in the ways storage and
// transfers do, and expects restore to refuse it before it replaces or
// writes anything.
func TestDamagedBackupIsRefused(t *testing.T) {
	ctx := context.Background()
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			src := db.DSN(t)
			file := filepath.Join(t.TempDir(), "dualtrack.backup")
			if _, err := backup.Backup(ctx, src, file, backup.Options{}); err != nil {
				t.Fatal(err)
			}
			good, _ := os.ReadFile(file)

			// One byte changed: the checksum beside the file catches it.
			flipped := slices.Clone(good)
			flipped[len(flipped)/2] ^= 0x55
			os.WriteFile(file, flipped, 0o644)
			target := freshTarget(t, db.Name, src)
			if _, err := backup.Restore(ctx, file, target, backup.Options{}); !errors.Is(err, backup.ErrChecksum) {
				t.Fatalf("restore of a changed file: %v", err)
			}
			assertEmpty(t, db.Name, target)

			// Without its checksum, a damaged file is still refused: by
			// SQLite's integrity check, or by pg_restore.
			os.Remove(file + ".sha256")
			damaged := slices.Clone(good)
			if db.Name == "sqlite" {
				// A page in the middle overwritten with garbage.
				const page = 4096
				mid := len(damaged) / page / 2 * page
				for i := mid; i < mid+page; i++ {
					damaged[i] = 0xA5
				}
			} else {
				damaged = damaged[:len(damaged)*2/3] // a transfer cut short
			}
			os.WriteFile(file, damaged, 0o644)
			_, err := backup.Restore(ctx, file, target, backup.Options{})
			if !errors.Is(err, backup.ErrIntegrity) && !(db.Name == "postgres" && err != nil) {
				t.Fatalf("restore of a damaged file: %v", err)
			}
			if err == nil || !strings.Contains(err.Error(), "nothing was restored") && !strings.Contains(err.Error(), "rolled back") {
				t.Errorf("the refusal does not say that nothing changed: %v", err)
			}
			assertEmpty(t, db.Name, target)

			// Not a backup at all.
			os.WriteFile(file, []byte("hello, world\n"), 0o644)
			if _, err := backup.Restore(ctx, file, target, backup.Options{}); !errors.Is(err, backup.ErrNotBackup) {
				t.Fatalf("restore of a text file: %v", err)
			}
		})
	}
}

// TestSQLiteBackupRefusesADamagedDatabase damages a database the way
// VACUUM INTO copies faithfully — an index that no longer matches its
// table — and expects the copy's integrity check to fail the backup, with
// no file left under the backup's name or a temporary one.
func TestSQLiteBackupRefusesADamagedDatabase(t *testing.T) {
	ctx := context.Background()
	src := testkit.SQLitePath(t)
	db, err := sql.Open("sqlite", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"CREATE TABLE damaged (a INTEGER, b TEXT)",
		"INSERT INTO damaged VALUES (1, 'x'), (2, 'y'), (3, 'z')",
		"CREATE INDEX damaged_a ON damaged (a)",
		"PRAGMA writable_schema = ON",
		"UPDATE sqlite_master SET sql = 'CREATE INDEX damaged_a ON damaged (b)' WHERE name = 'damaged_a'",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	out := filepath.Join(t.TempDir(), "dualtrack.backup")
	_, err = backup.Backup(ctx, src, out, backup.Options{})
	if !errors.Is(err, backup.ErrIntegrity) || !strings.Contains(err.Error(), "missing from index damaged_a") ||
		!strings.Contains(err.Error(), "copy was removed") {
		t.Fatalf("backup of a damaged database: %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) > 0 {
		t.Errorf("files left after a failed backup: %v", entries)
	}
}

// TestSQLiteRestoreRefusesADatabaseInUse: while another process (a
// server) has the database open, restore leaves it alone.
func TestSQLiteRestoreRefusesADatabaseInUse(t *testing.T) {
	ctx := context.Background()
	src := testkit.SQLitePath(t)
	file := filepath.Join(t.TempDir(), "dualtrack.backup")
	if _, err := backup.Backup(ctx, src, file, backup.Options{}); err != nil {
		t.Fatal(err)
	}
	target := testkit.SQLitePath(t)
	before, _ := os.ReadFile(target)

	holder := exec.Command(os.Args[0], "-test.run=^$")
	holder.Env = append(os.Environ(), "BACKUP_TEST_HOLD="+target)
	stdin, _ := holder.StdinPipe()
	stdout, _ := holder.StdoutPipe()
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		stdin.Close()
		holder.Wait()
		t.Fatalf("holder: %q", line)
	}
	_, err := backup.Restore(ctx, file, target, backup.Options{Force: true})
	if !errors.Is(err, backup.ErrInUse) || !strings.Contains(err.Error(), "stop it") {
		t.Errorf("restore over an open database: %v", err)
	}
	if after, _ := os.ReadFile(target); !slices.Equal(before, after) {
		t.Error("the open database was changed")
	}
	stdin.Close()
	if err := holder.Wait(); err != nil {
		t.Fatal(err)
	}
	// Once it is closed, --force replaces it.
	if _, err := backup.Restore(ctx, file, target, backup.Options{Force: true}); err != nil {
		t.Fatalf("restore after the holder stopped: %v", err)
	}
}

// freshTarget returns an empty target of the kind: a new file path, or a
// new empty PostgreSQL database on the cluster of src.
func freshTarget(t *testing.T, kind, src string) string {
	t.Helper()
	if kind == "sqlite" {
		return filepath.Join(t.TempDir(), "restored.db")
	}
	admin, err := sql.Open("pgx", src)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("restored_%d_%d", os.Getpid(), seq.Add(1))
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if admin, err := sql.Open("pgx", src); err == nil {
			admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			admin.Close()
		}
	})
	u, _ := url.Parse(src)
	u.Path = "/" + name
	return u.String()
}

var seq atomic.Int64

func assertEmpty(t *testing.T, kind, target string) {
	t.Helper()
	if kind == "sqlite" {
		if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("a refused restore created %s", target)
		}
		return
	}
	if sums := tableSums(t, kind, target); len(sums) > 0 {
		t.Fatalf("a refused restore left %d tables", len(sums))
	}
}

// tableSums returns, for every table of the database, its row count and
// a SHA-256 of its rows (each row's values as text, the rows sorted, so
// that the physical order does not matter).
func tableSums(t *testing.T, kind, dsn string) map[string]string {
	t.Helper()
	driver, conn, list := "pgx", dsn, `SELECT table_schema || '.' || table_name FROM information_schema.tables
		WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`
	if kind == "sqlite" {
		driver, conn, list = "sqlite", "file:"+dsn+"?mode=ro", `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1`
	}
	db, err := sql.Open(driver, conn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(list)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	sums := map[string]string{}
	for _, table := range tables {
		rows, err := db.Query("SELECT * FROM " + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var lines []string
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = hex.EncodeToString(bs)
				}
				fmt.Fprintf(&b, "%v\x1f", v)
			}
			lines = append(lines, b.String())
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		slices.Sort(lines)
		h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
		sums[table] = fmt.Sprintf("%d rows %x", len(lines), h[:8])
	}
	return sums
}
