package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Background jobs live in river's own tables (river_job, river_leader, …)
// beside the records, so that a job is inserted, taken and finished by
// whichever node is free, and a node that dies leaves nothing behind in its
// memory. River keeps its schema with its own migrations; Migrate applies
// them after the product's.

// JobsDriver returns river's driver over this database: the database/sql
// one on PostgreSQL (polling; the product needs no LISTEN/NOTIFY latency)
// and the SQLite one over the single writer connection, so that river's
// writes queue behind the product's in Go instead of failing with
// SQLITE_BUSY.
func (s *Store) JobsDriver() riverdriver.Driver[*sql.Tx] {
	if s.dialect.name == "postgres" {
		return riverdatabasesql.New(s.write)
	}
	return riversqlite.New(s.write)
}

// jobsLockKey is the advisory lock that keeps two nodes from migrating
// river's schema at once on PostgreSQL ("river" in ASCII).
const jobsLockKey = 0x72697665

// migrateJobs brings river's tables up to date. On SQLite in one
// transaction (the writer is one connection, which also keeps two
// processes apart). On PostgreSQL version by version, as river's own
// migrator does: one of them adds an enum value that a later one uses,
// which PostgreSQL refuses within one transaction; a session lock held on
// a connection of its own keeps other nodes waiting meanwhile.
func (s *Store) migrateJobs(ctx context.Context) error {
	m, err := rivermigrate.New(s.JobsDriver(), nil)
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	if s.dialect.name == "sqlite" {
		return s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := m.MigrateTx(ctx, tx, rivermigrate.DirectionUp, nil); err != nil {
				return fmt.Errorf("river migrations: %w", err)
			}
			return nil
		})
	}
	lock, err := s.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer lock.Close()
	if _, err := lock.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, jobsLockKey); err != nil {
		return err
	}
	defer lock.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, jobsLockKey)
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	return nil
}

// Jobs lists the background jobs, newest first, a page at a time, with
// the last error of each.
func (s *Store) Jobs(ctx context.Context, f domain.JobFilter) (domain.List[domain.Job], error) {
	if err := f.Page.Normalize(); err != nil {
		return domain.List[domain.Job]{}, err
	}
	list := domain.List[domain.Job]{Items: []domain.Job{}, Page: f.Page.Number, Size: f.Page.Size}
	const where = `WHERE ($1 = '' OR kind = $1) AND ($2 = '' OR CAST(state AS TEXT) = $2)`
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM river_job `+where, f.Kind, string(f.State)).
		Scan(&list.Total); err != nil {
		return list, s.dialect.translate(err)
	}
	rows, err := s.read.QueryContext(ctx, `
		SELECT id, kind, state, attempt, max_attempts, created_at, scheduled_at,
		       attempted_at, finalized_at, `+s.dialect.lastJobError+`
		FROM river_job `+where+`
		ORDER BY id DESC LIMIT $3 OFFSET $4`, f.Kind, string(f.State), f.Page.Size, f.Page.Offset())
	if err != nil {
		return list, s.dialect.translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var j domain.Job
		var lastError sql.NullString
		if err := rows.Scan(&j.ID, &j.Kind, &j.State, &j.Attempt, &j.MaxAttempts,
			timeScanner{&j.CreatedAt}, timeScanner{&j.ScheduledAt},
			timeScanner{&j.AttemptedAt}, timeScanner{&j.FinalizedAt}, &lastError); err != nil {
			return list, err
		}
		j.LastError = lastError.String
		list.Items = append(list.Items, j)
	}
	return list, rows.Err()
}

// JobsLeader names the node that leads the background work (queues the
// periodic jobs), or "" when none does.
func (s *Store) JobsLeader(ctx context.Context) (string, error) {
	var id string
	err := s.read.QueryRowContext(ctx, `SELECT leader_id FROM river_leader`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}
