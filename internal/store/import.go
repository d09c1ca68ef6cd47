package store

import (
	"container/heap"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"iter"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Bulk imports (domain.ImportService). One import is one transaction on one
// connection: the rows stream from the file into a temporary staging table
// (INSERTs of a few dozen rows on SQLite, COPY on PostgreSQL), each with
// its line, while another goroutine reads and checks the next rows and,
// for the kinds whose rows name colleges and groups, resolves and checks
// those against a copy of them read at the start (rowStager); the checks
// against the file's other rows and the rest of the registry run as
// queries over the whole staging table, each yielding the line, the column
// and the problem; and only a file without problems is merged into the
// registry by one INSERT … SELECT … ON CONFLICT per kind, which updates a
// record only where a value differs. A dry run is the same transaction
// rolled back, so it finds every problem the real run would and counts the
// same changes. The process holds a few batches of rows at a time, never
// the file; the staging table lives in the database's temporary storage
// (a temporary file on SQLite). On SQLite the import holds the one writer
// connection throughout, so other writes wait for it.
//
// Audit: one entry per import (the kind, the file, the counts), and one
// per updated record with its values before and after, written by one
// INSERT … SELECT before the merge (PostgreSQL) or by a temporary trigger
// during it (SQLite). Inserted records get no entry each: the import's
// entry says who brought them and from which file, and half a million
// entries repeating a national list would drown the log. Unchanged records
// get nothing, so importing a file again adds only the import's entry.

var _ domain.ImportService = (*Store)(nil)

// stagingColumn is a column of a staging table: "text", "int" or "date".
type stagingColumn struct{ name, typ string }

// importKind is what differs between the kinds of import: the staging
// table, the checks, and the merge into the registry.
type importKind struct {
	kind       domain.ImportKind
	table      string   // the registry table the rows go to
	recordType string   // of the audit entries of updated records
	key        []string // the natural key, named alike in table and staging
	staging    string
	columns    []stagingColumn // the values of a row after its line, as the file gives them
	resolved   []stagingColumn // filled by prepare (NULL while staging)
	places     bool            // the rows name regions and cities: stage the place keys first
	prepare    []string        // run after staging, before the checks
	checks     []importCheck
	// source selects the rows to write with their references resolved,
	// its columns in the order of insert; it ends in WHERE so that SQLite
	// parses the ON CONFLICT after it as the upsert's.
	source string
	insert []string
	// update are the columns an upsert sets; a column of optional is set
	// only when the file has the file column it names. quiet columns are
	// set but neither compared nor audited (derived or bookkeeping).
	update   []string
	optional map[string]string
	quiet    map[string]bool
	// auditRegion and auditCollege place an updated record's audit entry,
	// as SQL over src (the source row) and t (the stored row).
	auditRegion, auditCollege string
}

// importCheck is one query over the staging table (alias s) that returns
// the line of every row with a problem and the values for its message.
type importCheck struct {
	column  string
	key     string
	message string   // English, formatted with the params in order
	params  []string // the names of the values the query returns after the line
	query   string
	// scope, when set, makes a scope check: it runs only for an actor with
	// a scope, with the query and arguments scope returns for it (none
	// when the query is "").
	scope func(sc domain.ImportScope) (string, []any)
}

// scopeArg is the $1 of a scoped check: the college or the region.
func scopeArg(sc domain.ImportScope) any {
	if sc.CollegeID != 0 {
		return sc.CollegeID
	}
	return sc.RegionID
}

// outside is the SQL condition that a college (alias c, with id and
// region_id) lies outside the scope, whose ID is $1 (scopeArg).
func outside(c string, sc domain.ImportScope) string {
	if sc.CollegeID != 0 {
		return c + ".id <> $1"
	}
	return c + ".region_id <> $1"
}

// errDryRun rolls a dry run's transaction back.
var errDryRun = errors.New("dry run")

// runImport is one import of any kind; values appends a row's staging
// values (its line first) to v.
func runImport[T any](ctx context.Context, s *Store, k *importKind, req domain.ImportRequest, rows iter.Seq2[T, error],
	values func(row *T, v []any) []any) (domain.ImportResult, error) {
	return runImportWith(ctx, s, k, req, rows, func(context.Context, *sql.Tx) (rowStager[T], error) {
		return func(row *T, v []any) ([]any, []domain.RowError) { return values(row, v), nil }, nil
	})
}

// rowStager appends a row's staging values (its line first) to v, and
// returns the problems of the row against the registry it finds in Go.
// A kind whose rows name a few thousand things of the registry (colleges,
// groups, codes) checks and resolves them in Go from a copy read at the
// start of the import, on the goroutine that reads the file, instead of
// by queries over the staged rows on the database's: the copy is the
// registry's size, not the file's. A row with problems is staged all the
// same, so that the checks over the staged rows report its other problems.
type rowStager[T any] func(row *T, v []any) ([]any, []domain.RowError)

// runImportWith is runImport with the rows staged by the rowStager that
// stager makes in the import's transaction.
func runImportWith[T any](ctx context.Context, s *Store, k *importKind, req domain.ImportRequest, rows iter.Seq2[T, error],
	stager func(ctx context.Context, tx *sql.Tx) (rowStager[T], error)) (domain.ImportResult, error) {
	res := domain.ImportResult{Kind: k.kind, File: req.File, DryRun: req.DryRun}
	if req.MaxErrors <= 0 {
		req.MaxErrors = domain.DefaultMaxErrors
	}
	probs := &problems{max: req.MaxErrors}
	now := s.Now()
	dates := k.dateColumns()
	err := s.importTx(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		if err := s.createStaging(ctx, tx, k); err != nil {
			return err
		}
		values, err := stager(ctx, tx)
		if err != nil {
			return fmt.Errorf("%s: the registry: %w", k.kind, err)
		}
		f := startFeed(rows, values, func(v []any) {
			for _, i := range dates {
				t := v[i].(time.Time)
				switch {
				case t.IsZero():
					v[i] = nil
				case s.dialect.name == "sqlite":
					v[i] = isoDate(t)
				}
			}
		})
		defer f.stop()
		var batch feedBatch
		pull := func() ([]any, bool, error) {
			for len(batch.rows) == 0 {
				var ok bool
				if batch, ok = <-f.batches; !ok {
					return nil, false, nil
				}
				res.Rows += batch.lines
				for _, e := range batch.problems {
					probs.add(e)
				}
				if batch.err != nil {
					return nil, false, batch.err
				}
			}
			v := batch.rows[0]
			batch.rows = batch.rows[1:]
			return v, true, nil
		}
		if err := s.stage(ctx, conn, tx, k, pull); err != nil {
			return err
		}
		if err := s.checkStaged(ctx, tx, k, req.Scope, probs); err != nil {
			return err
		}
		if probs.total > 0 {
			return probs.err()
		}
		if err := s.merge(ctx, tx, k, req, now, &res); err != nil {
			return err
		}
		sc := req.Scope
		if err := s.audit(ctx, tx, change{action: "import", recordType: "import", recordID: k.kind, after: res,
			regionID: sc.RegionID, collegeID: sc.CollegeID}); err != nil {
			return err
		}
		if err := s.dropStaging(ctx, tx, k); err != nil {
			return err
		}
		if req.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	return res, err
}

// feed runs an import's row sequence on a goroutine of its own and hands
// the rows over in batches, their staging values ready: reading and
// checking the file (Go) then runs beside writing the staging table (the
// database) on another core. A few batches wait at most, so the memory
// held does not grow with the file.
type feed struct {
	batches chan feedBatch
	done    chan struct{}
	wg      sync.WaitGroup
}

// feedBatch is a batch of rows, the problems of the rows the caller found
// wrong among them, how many lines of the file they were (a row with
// problems comes once per problem), and an error that ends the sequence.
type feedBatch struct {
	rows     [][]any
	problems []domain.RowError
	lines    int
	err      error
}

const feedBatchSize = 512

func startFeed[T any](rows iter.Seq2[T, error], values rowStager[T], fix func(v []any)) *feed {
	f := &feed{batches: make(chan feedBatch, 4), done: make(chan struct{})}
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		defer close(f.batches)
		var b feedBatch
		send := func() bool {
			select {
			case f.batches <- b:
				b = feedBatch{}
				return true
			case <-f.done:
				return false
			}
		}
		last := 0 // the line of the last problem
		for row, err := range rows {
			if err != nil {
				var re *domain.RowError
				if !errors.As(err, &re) {
					b.err = err
					break
				}
				if re.Line != last {
					b.lines, last = b.lines+1, re.Line
				}
				b.problems = append(b.problems, *re)
				continue
			}
			v, probs := values(&row, nil)
			fix(v)
			b.rows = append(b.rows, v)
			b.problems = append(b.problems, probs...)
			b.lines++
			if len(b.rows) == feedBatchSize && !send() {
				return
			}
		}
		send()
	}()
	return f
}

// stop ends the feed and waits for its goroutine, which reads the caller's
// file: the caller may close it once the import returns.
func (f *feed) stop() {
	close(f.done)
	f.wg.Wait()
}

// importTx runs fn in a write transaction on one connection of its own:
// the staging table is temporary, seen only by the connection that made
// it, and COPY needs the driver's connection under database/sql's.
func (s *Store) importTx(ctx context.Context, fn func(conn *sql.Conn, tx *sql.Tx) error) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return s.dialect.translate(err)
	}
	defer conn.Close()
	if s.dialect.name == "sqlite" {
		restore, err := s.importCache(ctx, conn)
		if err != nil {
			return err
		}
		defer restore()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return s.dialect.translate(err)
	}
	defer tx.Rollback()
	if err := fn(conn, tx); err != nil {
		return s.dialect.translate(err)
	}
	return s.dialect.translate(tx.Commit())
}

// importCacheKiB is the SQLite page cache of an import's connection. An
// import passes over tables far larger than any cache, so a large one buys
// little time, and it costs memory well beyond its size: with the store's
// 64 MiB the command line's peak memory grew from 193 MB (56,000 students)
// to 397 MB (1.12 million); with 16 MiB it stays from 101 to 143 MB, and
// the imports take no longer.
const importCacheKiB = 16384

// importCache shrinks the cache of the import's connection, the store's
// one SQLite writer, and returns how to give it back its usual size.
func (s *Store) importCache(ctx context.Context, conn *sql.Conn) (restore func(), err error) {
	var usual int
	if err := conn.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&usual); err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", importCacheKiB)); err != nil {
		return nil, err
	}
	return func() {
		// With a cancelled ctx the pragma would not run: the connection
		// must get its cache back whatever became of the import.
		conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA cache_size = %d", usual))
	}, nil
}

func (k *importKind) dateColumns() []int {
	var out []int
	for i, c := range k.columns {
		if c.typ == "date" {
			out = append(out, i+1) // after the line
		}
	}
	return out
}

// createStaging makes the staging table (and the place keys the rows are
// matched against). On PostgreSQL the table goes with the transaction; on
// SQLite it would outlive it on the connection, so the import drops it.
func (s *Store) createStaging(ctx context.Context, tx *sql.Tx, k *importKind) error {
	types := map[string]string{"text": "TEXT", "int": "INTEGER", "date": "TEXT"}
	suffix := ""
	if s.dialect.name == "postgres" {
		types = map[string]string{"text": "TEXT", "int": "BIGINT", "date": "DATE"}
		suffix = " ON COMMIT DROP"
	}
	defs := []string{"line INTEGER NOT NULL"}
	for _, c := range append(slices.Clone(k.columns), k.resolved...) {
		defs = append(defs, c.name+" "+types[c.typ])
	}
	for _, q := range []string{
		"DROP TABLE IF EXISTS " + k.staging,
		"CREATE TEMP TABLE " + k.staging + " (" + strings.Join(defs, ", ") + ")" + suffix,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("staging table: %w", err)
		}
	}
	if k.places {
		return s.stagePlaces(ctx, tx)
	}
	return nil
}

// dropStaging drops the staging tables, which on SQLite would otherwise
// outlive the transaction on its connection.
func (s *Store) dropStaging(ctx context.Context, tx *sql.Tx, k *importKind) error {
	tables := []string{k.staging}
	if k.places {
		tables = append(tables, "import_region_keys", "import_city_keys")
	}
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, "DROP TABLE "+t); err != nil {
			return err
		}
	}
	return nil
}

// stage writes the rows pull returns into the staging table.
func (s *Store) stage(ctx context.Context, conn *sql.Conn, tx *sql.Tx, k *importKind, pull func() ([]any, bool, error)) error {
	names := []string{"line"}
	for _, c := range k.columns {
		names = append(names, c.name)
	}
	if s.dialect.name == "postgres" {
		src := &copySource{pull: pull}
		err := conn.Raw(func(dc any) error {
			c, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("staging: the driver connection is a %T, not pgx's", dc)
			}
			_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{k.staging}, names, src)
			return err
		})
		if src.err != nil {
			return src.err
		}
		return err
	}
	// SQLite: a prepared INSERT of stagingRows rows, run again for every
	// stagingRows rows, and one for the rest, on the driver's connection:
	// database/sql's checks of every value, which the rows' values need
	// not, took a tenth of the staging's time.
	return conn.Raw(func(dc any) error {
		prepare, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("staging: the driver connection is a %T, which cannot prepare", dc)
		}
		exec := func(stmt driver.Stmt, args []driver.NamedValue) error {
			e, ok := stmt.(driver.StmtExecContext)
			if !ok {
				return fmt.Errorf("staging: the driver statement is a %T, which cannot run with a context", stmt)
			}
			_, err := e.ExecContext(ctx, args)
			return err
		}
		full, err := prepare.PrepareContext(ctx, stagingInsert(k.staging, names, stagingRows))
		if err != nil {
			return err
		}
		defer full.Close()
		args := make([]driver.NamedValue, 0, stagingRows*len(names))
		n := 0
		for {
			v, ok, err := pull()
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			for _, x := range v {
				if x, err = driverValue(x); err != nil {
					return err
				}
				args = append(args, driver.NamedValue{Ordinal: len(args) + 1, Value: x})
			}
			if n++; n == stagingRows {
				if err := exec(full, args); err != nil {
					return err
				}
				args, n = args[:0], 0
			}
		}
		if n == 0 {
			return nil
		}
		rest, err := prepare.PrepareContext(ctx, stagingInsert(k.staging, names, n))
		if err != nil {
			return err
		}
		defer rest.Close()
		return exec(rest, args)
	})
}

// driverValue is v as a driver takes it: the staged values are strings,
// int64s and NULLs already, but for the lines, which are ints.
func driverValue(v any) (driver.Value, error) {
	switch x := v.(type) {
	case int:
		return int64(x), nil
	case string, int64, nil:
		return x, nil
	}
	return driver.DefaultParameterConverter.ConvertValue(v)
}

// stagingInsert is an INSERT of rows rows into a staging table, its
// parameters anonymous: modernc.org/sqlite asks SQLite for the name of
// every parameter it binds, which for $1, $2, … is a search of the list of
// the statement's names, so that binding a statement of n numbered
// parameters takes n² steps.
func stagingInsert(table string, columns []string, rows int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", len(columns)), ",") + ")"
	return "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(row+",", rows), ",")
}

// stagingRows is how many rows one INSERT into a staging table carries on
// SQLite: one statement's work (the call into the driver, the step, the
// watch for a cancellation) is shared by its rows. A national list of 560,000 students, 16 values a
// row, staged fastest with a few dozen rows a statement: a third of the
// time of one row a statement, and faster than a few hundred.
const stagingRows = 64

// isoDate is dateParam without time.Format, which reads its layout anew
// for every call: a staged row has two or three dates.
func isoDate(t time.Time) string {
	y, m, d := t.Date()
	if y < 1000 || y > 9999 {
		return dateParam(t)
	}
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d/10), byte('0' + d%10)}
	return string(b[:])
}

// copySource feeds pgx's CopyFrom from pull.
type copySource struct {
	pull func() ([]any, bool, error)
	row  []any
	err  error
}

func (c *copySource) Next() bool {
	var ok bool
	c.row, ok, c.err = c.pull()
	return ok && c.err == nil
}

func (c *copySource) Values() ([]any, error) { return c.row, nil }
func (c *copySource) Err() error             { return c.err }

// checkStaged runs the kind's checks over the staged rows.
func (s *Store) checkStaged(ctx context.Context, tx *sql.Tx, k *importKind, sc domain.ImportScope, probs *problems) error {
	if s.dialect.name == "postgres" {
		// Autovacuum never sees a temporary table: without statistics the
		// planner would guess its size. The key's are what the checks and
		// the merge join and group on; all the columns' would take a
		// second of a national list's import.
		if _, err := tx.ExecContext(ctx, "ANALYZE "+k.staging+" ("+strings.Join(append([]string{"line"}, k.key...), ", ")+")"); err != nil {
			return err
		}
	}
	for _, q := range k.prepare {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("resolve %s: %w", k.kind, err)
		}
	}
	scoped := sc != (domain.ImportScope{})
	for _, c := range k.checks {
		query, args := c.query, []any(nil)
		if c.scope != nil {
			if !scoped {
				continue
			}
			if query, args = c.scope(sc); query == "" {
				continue
			}
		}
		if err := s.runCheck(ctx, tx, c, query, args, probs); err != nil {
			return fmt.Errorf("check %s %s: %w", k.kind, c.key, err)
		}
	}
	return nil
}

func (s *Store) runCheck(ctx context.Context, tx *sql.Tx, c importCheck, query string, args []any, probs *problems) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]string, len(c.params))
	dest := make([]any, 1+len(vals))
	var line int
	dest[0] = &line
	for i := range vals {
		dest[i+1] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if probs.drops(line) {
			probs.total++
			continue
		}
		probs.add(c.problem(line, vals...))
	}
	return rows.Err()
}

// problem is the check's problem at line, with the values of its message.
func (c *importCheck) problem(line int, vals ...string) domain.RowError {
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = v
	}
	e := domain.Errorf(domain.EINVALID, c.key, c.message, args...)
	for i, p := range c.params {
		e = e.With(p, vals[i])
	}
	e.Field = c.column
	return domain.RowError{Line: line, Column: c.column, Err: e}
}

// merge writes the staged rows into the registry and counts what changed:
// one upsert, which counts the inserted and the updated together, and an
// audit entry for every record it updates, whose number is the number
// updated. On PostgreSQL the entries are written first, by a query that
// finds the records the upsert will change; on SQLite the upsert writes
// them itself, through a temporary trigger (auditTrigger), which spares
// looking up every staged row once more (a second of the half minute a
// national list takes there).
func (s *Store) merge(ctx context.Context, tx *sql.Tx, k *importKind, req domain.ImportRequest, now time.Time, res *domain.ImportResult) error {
	set, compared := k.updateColumns(req)
	userID, login, role, address := auditActor(ctx)
	actor := []any{timeParam(now), nullID(userID), login, role, address}
	var updated int64
	var audited func() (int64, error)
	if s.dialect.name == "sqlite" {
		var err error
		if audited, err = s.auditTrigger(ctx, tx, k, compared, actor); err != nil {
			return fmt.Errorf("audit %s: %w", k.kind, err)
		}
	} else {
		// A file of fewer rows than a tenth of the table's is looked up
		// row by row (auditSQL). The table's rows are reckoned as the
		// planner does: the density of its last statistics times its
		// pages now.
		var stored float64
		if err := tx.QueryRowContext(ctx, `SELECT CASE WHEN relpages > 0
				THEN reltuples / relpages * (pg_relation_size(oid) / current_setting('block_size')::int) ELSE reltuples END
			FROM pg_class WHERE oid = CAST($1 AS regclass)`, k.table).Scan(&stored); err != nil {
			return err
		}
		r, err := tx.ExecContext(ctx, s.importSQL(k.auditSQL(compared, float64(res.Rows)*10 < stored)), actor...)
		if err != nil {
			return fmt.Errorf("audit %s: %w", k.kind, err)
		}
		if updated, err = r.RowsAffected(); err != nil {
			return err
		}
	}
	// The source's only parameter, when it has one, is the time of the
	// import ({now}, $1).
	var args []any
	if strings.Contains(k.source, "{now}") {
		args = append(args, timeParam(now))
	}
	r, err := tx.ExecContext(ctx, s.importSQL(k.mergeSQL(set, compared)), args...)
	if err != nil {
		return fmt.Errorf("merge %s: %w", k.kind, err)
	}
	changed, err := r.RowsAffected()
	if err != nil {
		return err
	}
	if audited != nil {
		if updated, err = audited(); err != nil {
			return fmt.Errorf("audit %s: %w", k.kind, err)
		}
	}
	res.Updated = int(updated)
	res.Inserted = int(changed) - res.Updated
	res.Unchanged = res.Rows - res.Inserted - res.Updated
	return nil
}

// auditTrigger makes the SQLite upsert write the audit entry of every
// record it updates, as auditSQL would before it: a temporary trigger,
// seen only by the import's connection, with the actor in a temporary
// table (a trigger takes no parameters). audited drops both and returns
// how many entries the trigger wrote.
func (s *Store) auditTrigger(ctx context.Context, tx *sql.Tx, k *importKind, compared []string, actor []any) (audited func() (int64, error), err error) {
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(max(id), 0) FROM audit_log`).Scan(&last); err != nil {
		return nil, err
	}
	newRow := strings.NewReplacer("{src}", "NEW", "{t}", "OLD")
	for _, q := range []string{
		`DROP TABLE IF EXISTS import_actor`,
		`CREATE TEMP TABLE import_actor (at TEXT, user_id INTEGER, login TEXT, role TEXT, address TEXT)`,
		`INSERT INTO import_actor VALUES ($1, $2, $3, $4, $5)`,
		`DROP TRIGGER IF EXISTS import_audit`,
		s.importSQL(`CREATE TEMP TRIGGER import_audit AFTER UPDATE ON main.` + k.table + ` BEGIN
			INSERT INTO audit_log (at, user_id, login, role, address, action, record_type, record_id, before, after, region_id, college_id)
			SELECT a.at, a.user_id, a.login, a.role, a.address, 'import_update', '` + k.recordType + `', CAST(OLD.id AS TEXT),
				CAST(` + jsonPairs("OLD", compared) + ` AS TEXT), CAST(` + jsonPairs("NEW", compared) + ` AS TEXT), ` +
			newRow.Replace(aliased(k.auditRegion)) + `, ` + newRow.Replace(aliased(k.auditCollege)) + `
			FROM import_actor a;
		END`),
	} {
		var args []any
		if strings.HasPrefix(q, "INSERT") {
			args = actor
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return nil, err
		}
	}
	return func() (int64, error) {
		for _, q := range []string{`DROP TRIGGER import_audit`, `DROP TABLE import_actor`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return 0, err
			}
		}
		var n int64
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE id > $1`, last).Scan(&n)
		return n, err
	}, nil
}

// aliased marks the aliases src (the staged row) and t (the stored row) in
// an audit expression as {src} and {t}, for the trigger to name them NEW
// and OLD.
func aliased(expr string) string {
	return auditAlias().ReplaceAllString(expr, "{$1}.")
}

var auditAlias = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(src|t)\.`) })

// updateColumns are the columns an upsert of this file sets, and those of
// them that tell whether a stored record changes.
func (k *importKind) updateColumns(req domain.ImportRequest) (set, compared []string) {
	for _, c := range k.update {
		if col, ok := k.optional[c]; ok && !req.Has(col) {
			continue
		}
		set = append(set, c)
		if !k.quiet[c] {
			compared = append(compared, c)
		}
	}
	return set, compared
}

func (k *importKind) mergeSQL(set, compared []string) string {
	assign := make([]string, len(set))
	for i, c := range set {
		assign[i] = c + " = excluded." + c
	}
	return "INSERT INTO " + k.table + " (" + strings.Join(k.insert, ", ") + ") " + k.source +
		" ON CONFLICT (" + strings.Join(k.key, ", ") + ") DO UPDATE SET " + strings.Join(assign, ", ") +
		" WHERE " + differs(k.table, "excluded", compared)
}

// auditSQL writes an audit entry for every stored record the merge will
// change, with the compared values before and after.
//
// probe looks each staged row's record up by its key, as the upsert will:
// for a file that is small beside the table. Left to itself, PostgreSQL
// reads the whole table into a hash join instead, whose cost it reckons
// from the rows matching: 3 s for 56,000 new students beside 970,000, where
// looking them up takes 0.3 s (and 1.5 s against 1.9 s when all of them are
// registered already). For a file a good part of the table's size the
// hash join is as fast or, when the rows are registered, three times
// faster.
func (k *importKind) auditSQL(compared []string, probe bool) string {
	var on []string
	for _, c := range k.key {
		on = append(on, "t."+c+" = src."+c)
	}
	join := k.table + ` t ON ` + strings.Join(on, " AND ")
	if probe {
		// OFFSET 0 keeps the subquery a subquery, looked up row by row.
		join = `LATERAL (SELECT * FROM ` + k.table + ` t WHERE ` + strings.Join(on, " AND ") + ` OFFSET 0) t ON true`
	}
	return `INSERT INTO audit_log (at, user_id, login, role, address, action, record_type, record_id, before, after, region_id, college_id)
		SELECT {now}, CAST($2 AS BIGINT), CAST($3 AS TEXT), CAST($4 AS TEXT), CAST($5 AS TEXT), 'import_update', '` + k.recordType + `',
			CAST(t.id AS TEXT), CAST(` + jsonPairs("t", compared) + ` AS TEXT), CAST(` + jsonPairs("src", compared) + ` AS TEXT), ` +
		k.auditRegion + `, ` + k.auditCollege + `
		FROM (` + k.source + `) src JOIN ` + join + `
		WHERE ` + differs("t", "src", compared)
}

func differs(a, b string, columns []string) string {
	if len(columns) == 0 {
		return "false"
	}
	out := make([]string, len(columns))
	for i, c := range columns {
		out[i] = a + "." + c + " IS DISTINCT FROM " + b + "." + c
	}
	return "(" + strings.Join(out, " OR ") + ")"
}

func jsonPairs(alias string, columns []string) string {
	out := make([]string, len(columns))
	for i, c := range columns {
		out[i] = "'" + c + "', " + alias + "." + c
	}
	return "{json}(" + strings.Join(out, ", ") + ")"
}

// importSQL fills in what the two databases spell differently: the
// timestamp parameter $1 as a value of a TIMESTAMPTZ (PostgreSQL) or text
// (SQLite) column, and the function that builds a JSON object.
func (s *Store) importSQL(q string) string {
	if s.dialect.name == "postgres" {
		return strings.NewReplacer("{now}", "CAST($1 AS TIMESTAMPTZ)", "{json}", "json_build_object").Replace(q)
	}
	return strings.NewReplacer("{now}", "CAST($1 AS TEXT)", "{json}", "json_object").Replace(q)
}

// auditActor is who an audit entry written in SQL names, as audit does.
func auditActor(ctx context.Context) (userID int64, login, role, address string) {
	a := domain.ActorFrom(ctx)
	switch {
	case a.User != nil:
		return a.User.ID, a.User.Login, string(a.User.Role), a.Address
	case a.Via != "":
		return 0, a.Via, "", a.Address
	}
	return 0, "anonymous", "", a.Address
}

// problems keeps the first max problems of a file by line, and counts all.
// Problems of one line keep the order they were found in: the row's own
// first, then those of the checks in their order.
type problems struct {
	max   int
	total int
	kept  rowErrorHeap
}

// add counts a problem and keeps it when it is among the first max by
// line.
func (p *problems) add(e domain.RowError) {
	p.total++
	f := found{e, p.total}
	if len(p.kept) < p.max {
		heap.Push(&p.kept, f)
		return
	}
	if e.Line < p.kept[0].Line {
		heap.Pop(&p.kept)
		heap.Push(&p.kept, f)
	}
}

// drops reports whether a problem at line would only be counted, so that
// its message need not be built.
func (p *problems) drops(line int) bool { return len(p.kept) >= p.max && line >= p.kept[0].Line }

func (p *problems) err() error {
	kept := slices.Clone(p.kept)
	slices.SortFunc(kept, func(a, b found) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.seq - b.seq
	})
	list := make([]domain.RowError, len(kept))
	for i, f := range kept {
		list[i] = f.RowError
	}
	return &domain.ImportErrors{List: list, Total: p.total}
}

// found is a problem with the order it was found in.
type found struct {
	domain.RowError
	seq int
}

// rowErrorHeap is a max-heap by line and order: its top is the last kept
// problem.
type rowErrorHeap []found

func (h rowErrorHeap) Len() int { return len(h) }
func (h rowErrorHeap) Less(i, j int) bool {
	if h[i].Line != h[j].Line {
		return h[i].Line > h[j].Line
	}
	return h[i].seq > h[j].seq
}
func (h rowErrorHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *rowErrorHeap) Push(x any)   { *h = append(*h, x.(found)) }
func (h *rowErrorHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
