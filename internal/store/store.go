// Package store implements the domain's services on database/sql, for SQLite
// (modernc.org/sqlite, embedded, the default) and PostgreSQL (pgx). Every
// query is one SQL text with $N placeholders that runs on both; the few
// differences live in dialect.go. One file per aggregate.
package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/dualtrack/dualtrack/internal/domain"
)

//go:embed migrations
var migrations embed.FS

// Store is the database behind dualtrack. It implements domain.Registry and
// domain.RegistryLoader.
type Store struct {
	dialect dialect
	// write takes every transaction that changes data. On SQLite it holds a
	// single connection so writers queue in Go instead of failing with
	// SQLITE_BUSY; on PostgreSQL it is the same pool as read.
	write *sql.DB
	read  *sql.DB

	// Now is the clock; tests replace it.
	Now func() time.Time

	// OnStaleAnalytics, when set, is called instead of refreshing in this
	// process when a reader finds the dashboards' counts stale: a serving
	// node queues one background job for the whole cluster (package jobs).
	OnStaleAnalytics func()

	// guidance is the career-guidance recommendations' snapshot
	// (guidance_recommend.go).
	guidance guidanceCache

	// tokens are the API tokens this node checked lately (token_cache.go).
	tokens tokenCache
}

var (
	_ domain.Registry       = (*Store)(nil)
	_ domain.RegistryLoader = (*Store)(nil)
	_ domain.UserService    = (*Store)(nil)
)

// IsPostgres reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to the database named by dsn: a postgres:// URL or a SQLite
// file path (created if missing). It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s := &Store{Now: time.Now}
	if IsPostgres(dsn) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		db.SetMaxOpenConns(max(8, 4*runtime.NumCPU()))
		db.SetMaxIdleConns(max(8, 4*runtime.NumCPU()))
		db.SetConnMaxIdleTime(5 * time.Minute)
		s.dialect, s.write, s.read = postgresDialect, db, db
	} else {
		if dsn == "" {
			return nil, domain.Invalid("db", "error.db.path", "database path is empty")
		}
		write, err := sql.Open("sqlite", sqliteDSN(dsn, false))
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		write.SetMaxOpenConns(1)
		read, err := sql.Open("sqlite", sqliteDSN(dsn, true))
		if err != nil {
			write.Close()
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		read.SetMaxOpenConns(max(4, 2*runtime.NumCPU()))
		read.SetMaxIdleConns(max(4, 2*runtime.NumCPU()))
		s.dialect, s.write, s.read = sqliteDialect, write, read
	}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// sqliteDSN builds the modernc DSN: busy_timeout first so that the other
// pragmas wait too, WAL so readers never block the writer, foreign keys on,
// and immediate transactions on the writer so a write lock is taken up front.
func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	if readOnly {
		// 8 MiB of pages per reader: the operating system caches the
		// file anyway, and modernc's allocator takes about twice the
		// cache's size from the system. Four readers at 64 MiB held some
		// 550 MiB of a node serving the national dataset (607 MiB peak
		// RSS), at 16 MiB 356 MiB, at 8 MiB 277 MiB, at 4 MiB 268 MiB
		// with the national lists slower (`dualtrack bench read`).
		q.Add("_pragma", "cache_size(-8192)")
		q.Add("_pragma", "query_only(1)")
	} else {
		// The writer's 64 MiB keeps the index pages a bulk load touches.
		q.Add("_pragma", "cache_size(-65536)")
		q.Add("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Close closes the connection pools.
func (s *Store) Close() error {
	err := s.write.Close()
	if s.read != s.write {
		if e := s.read.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Dialect names the database in use: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect.name }

// Ping reports whether the database answers; EUNAVAILABLE if not.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return &domain.Error{Code: domain.EUNAVAILABLE, Key: "error.unavailable", Message: "database unavailable", Err: err}
	}
	return nil
}

// Migrate applies the pending migrations of this database's dialect and
// loads the reference data. It is safe to run on every start and from
// several nodes at once (goose takes a lock on PostgreSQL).
func (s *Store) Migrate(ctx context.Context, ref domain.ReferenceData) error {
	sub, err := fs.Sub(migrations, "migrations/"+s.dialect.name)
	if err != nil {
		return err
	}
	var opts []goose.ProviderOption
	if s.dialect.name == "postgres" {
		opts = append(opts, goose.WithSessionLocker(mustLocker()))
	}
	p, err := goose.NewProvider(s.dialect.goose, s.write, sub, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := s.migrateJobs(ctx); err != nil {
		return err
	}
	return s.loadReference(ctx, ref)
}

// MigrationStatus lists each migration with whether it is applied.
func (s *Store) MigrationStatus(ctx context.Context) ([]string, error) {
	sub, err := fs.Sub(migrations, "migrations/"+s.dialect.name)
	if err != nil {
		return nil, err
	}
	p, err := goose.NewProvider(s.dialect.goose, s.write, sub)
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range st {
		out = append(out, fmt.Sprintf("%05d %-8s %s", m.Source.Version, m.State, m.Source.Path))
	}
	return out, nil
}

// tx runs fn in a write transaction, committing if it returns nil.
func (s *Store) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return s.dialect.translate(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return s.dialect.translate(err)
	}
	return s.dialect.translate(tx.Commit())
}

// Checkpoint folds SQLite's write-ahead log into the main database file, so
// that the file alone is a complete copy. On PostgreSQL it does nothing.
func (s *Store) Checkpoint(ctx context.Context) error {
	if s.dialect.name != "sqlite" {
		return nil
	}
	_, err := s.write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return err
}
