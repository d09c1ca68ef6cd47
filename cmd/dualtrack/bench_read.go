package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dualtrack/dualtrack/internal/app"
	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/metrics"
	"github.com/dualtrack/dualtrack/internal/store"
)

// benchReader is the account the read benchmark signs in as: the ministry,
// whose scope is the whole country, so every list and page reads national
// figures.
const benchReader = "bench-reader"

// benchRead measures the read path on a database that already holds a
// dataset (the national demo): the JSON API and the key pages, signed in
// as the ministry, over HTTP on loopback, one target after another so each
// has the machine to itself. In the same run it measures a bare net/http
// handler that reads one row of the same database through database/sql,
// the ceiling dualtrack's own handlers are compared with.
func benchRead(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench read", "bench read --db PATH|URL [--clients N] [--duration D]\n\n"+
		"Load test of the read API and the key pages on a database holding a dataset (dualtrack demo),\n"+
		"compared with a bare net/http handler reading one row of the same database. It adds a\n"+
		"ministry account named "+benchReader+" with a new password and API token: run it on a copy.", stderr)
	dsn := fs.String("db", "", "the database holding the dataset: a SQLite file path or a postgres:// URL (required)")
	clients := fs.Int("clients", 16, "concurrent clients")
	duration := fs.Duration("duration", 10*time.Second, "how long to load each target (after a second of warm-up)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *dsn == "" || *clients < 1 || *duration <= 0 {
		fmt.Fprintln(stderr, "dualtrack bench read: --db is required; --clients and --duration must be positive")
		return errUsage
	}
	st, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	counts, err := st.Counts(ctx)
	if err != nil {
		return err
	}
	if counts.Students == 0 {
		return errors.New("the database holds no students: fill it first (dualtrack demo --db …)")
	}

	collegeIDs, studentIDs, err := sampleTargets(ctx, *dsn)
	if err != nil {
		return err
	}
	bare, err := openBare(*dsn)
	if err != nil {
		return err
	}
	defer bare.Close()
	password, token, err := benchAccount(ctx, st)
	if err != nil {
		return err
	}

	handler, err := app.Handler(st, app.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Metrics: metrics.NewRegistry()})
	if err != nil {
		return err
	}
	base, stopApp, err := serveLoopback(handler)
	if err != nil {
		return err
	}
	defer stopApp()
	bareBase, stopBare, err := serveLoopback(bareHandler(bare))
	if err != nil {
		return err
	}
	defer stopBare()

	httpc := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	cookie, err := benchSignIn(httpc, base, password)
	if err != nil {
		return err
	}

	ids := func(list []int64) func() string {
		return func() string { return strconv.FormatInt(list[rand.IntN(len(list))], 10) }
	}
	none := func() string { return "" }
	// dualtrack's lists and pages come first, so that the memory read
	// after them is the node's alone, before the bare handler's pool has
	// cached any page.
	targets := []readTarget{
		{"API GET /api/v1/students/{id}", base + "/api/v1/students/", ids(studentIDs), bearer(token)},
		{"API GET /api/v1/students (first page)", base + "/api/v1/students", none, bearer(token)},
		{"API GET /api/v1/colleges (first page)", base + "/api/v1/colleges", none, bearer(token)},
		{"page GET / (national dashboard)", base + "/", none, cookie},
		{"page GET /students", base + "/students", none, cookie},
		{"page GET /students/{id}", base + "/students/", ids(studentIDs), cookie},
		{"page GET /colleges", base + "/colleges", none, cookie},
	}
	// The comparison with the bare handler runs in rounds that take turns,
	// so that the other work of a shared machine weighs on each alike.
	compared := []readTarget{
		{"API GET /api/v1/colleges/{id}", base + "/api/v1/colleges/", ids(collegeIDs), bearer(token)},
		{"bare: one college row (net/http + database/sql)", bareBase + "/college/", ids(collegeIDs), nil},
		{"bare: the API's college query (row + figures)", bareBase + "/college-counted/", ids(collegeIDs), nil},
	}
	const rounds = 5

	fmt.Fprintf(stdout, "%s database %s: %d colleges, %d students; %d clients, %s per target, GOMAXPROCS %d\n",
		st.Dialect(), redact(*dsn), counts.Colleges, counts.Students, *clients, *duration, runtime.GOMAXPROCS(0))
	fmt.Fprintf(stdout, "load average before: %s\n", loadAverage())
	fmt.Fprintf(stdout, "%-48s %9s %9s %9s %9s %7s\n", "target", "requests", "req/s", "p50", "p99", "errors")
	var results []readResult
	report := func(r readResult) {
		results = append(results, r)
		fmt.Fprintf(stdout, "%-48s %9d %9.0f %9s %9s %7d\n", r.name, r.requests, r.perSecond(),
			r.quantile(0.50), r.quantile(0.99), r.errors)
		if r.firstErr != nil {
			fmt.Fprintf(stdout, "  first error: %v\n", r.firstErr)
		}
	}
	for _, tg := range targets {
		runReadLoad(ctx, httpc, tg, *clients, time.Second) // warm-up, not counted
		report(runReadLoad(ctx, httpc, tg, *clients, *duration))
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	rss, peak := processMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)

	fmt.Fprintf(stdout, "in %d alternating rounds:\n", rounds)
	sums := make([]readResult, len(compared))
	for i, tg := range compared {
		runReadLoad(ctx, httpc, tg, *clients, time.Second) // warm-up, not counted
		sums[i].name = tg.name
	}
	for range rounds {
		for i, tg := range compared {
			sums[i].add(runReadLoad(ctx, httpc, tg, *clients, *duration/rounds))
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
	}
	for _, r := range sums {
		slices.Sort(r.latencies)
		report(r)
	}
	fmt.Fprintf(stdout, "load average after: %s\n", loadAverage())
	if d, b, bc := sums[0].perSecond(), sums[1].perSecond(), sums[2].perSecond(); b > 0 && bc > 0 {
		fmt.Fprintf(stdout, "API college by id at %.0f%% of the bare one-row handler's throughput (target ≥ 50%%), "+
			"at %.0f%% of the bare handler running the same query\n", 100*d/b, 100*d/bc)
	}
	fmt.Fprintf(stdout, "memory of this process after dualtrack's lists and pages, before the bare handler's turn (the node and the load generator's few MiB): "+
		"RSS %s, peak RSS %s, Go heap in use %s (target RSS ≤ 300 MiB)\n", rss, peak, byteSize(int64(ms.HeapInuse)))
	rss, peak = processMemory()
	fmt.Fprintf(stdout, "… and at the end, with the bare handler's own pool: RSS %s, peak RSS %s\n", rss, peak)
	for _, r := range results {
		if r.errors > 0 {
			return fmt.Errorf("%s: %d requests failed", r.name, r.errors)
		}
	}
	return nil
}

// readTarget is one URL loaded: a prefix, the ID appended to it for each
// request, and the credentials sent.
type readTarget struct {
	name, prefix string
	id           func() string
	auth         func(*http.Request)
}

type readResult struct {
	name      string
	requests  int
	errors    int
	firstErr  error
	elapsed   time.Duration
	latencies []time.Duration
}

func (r readResult) perSecond() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// add counts another run of the same target in r.
func (r *readResult) add(o readResult) {
	r.requests += o.requests
	r.errors += o.errors
	if r.firstErr == nil {
		r.firstErr = o.firstErr
	}
	r.elapsed += o.elapsed
	r.latencies = append(r.latencies, o.latencies...)
}

func (r readResult) quantile(q float64) string {
	if len(r.latencies) == 0 {
		return "-"
	}
	d := r.latencies[min(len(r.latencies)-1, int(q*float64(len(r.latencies))))]
	return d.Round(10 * time.Microsecond).String()
}

// runReadLoad sends requests to one target from clients goroutines, each
// waiting for its answer before the next (a closed loop), for d.
func runReadLoad(ctx context.Context, httpc *http.Client, tg readTarget, clients int, d time.Duration) readResult {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	res := readResult{name: tg.name}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			var errs int
			var first error
			for ctx.Err() == nil {
				req, _ := http.NewRequest("GET", tg.prefix+tg.id(), nil)
				if tg.auth != nil {
					tg.auth(req)
				}
				t0 := time.Now()
				resp, err := httpc.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("GET %s: %s", req.URL.Path, resp.Status)
					}
				}
				took := time.Since(t0)
				if ctx.Err() != nil {
					break // cut off by the end of the run, not counted
				}
				if err != nil {
					errs++
					if first == nil {
						first = err
					}
					continue
				}
				lat = append(lat, took)
			}
			mu.Lock()
			res.latencies = append(res.latencies, lat...)
			res.errors += errs
			if res.firstErr == nil {
				res.firstErr = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.requests = len(res.latencies)
	slices.Sort(res.latencies)
	return res
}

func bearer(token string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
}

// benchAccount makes sure the ministry account benchReader exists with a
// new random password, and gives it a new API token.
func benchAccount(ctx context.Context, st *store.Store) (password, token string, err error) {
	ctx = domain.WithActor(ctx, domain.Actor{Via: "cli"})
	password = "Bench-" + strconv.FormatUint(rand.Uint64(), 36) + "-" + strconv.FormatUint(rand.Uint64(), 36)
	hash, err := auth.HashPassword(password)
	if err != nil {
		return "", "", err
	}
	u, err := st.UserByLogin(ctx, benchReader)
	switch {
	case err == nil:
		if u.Role != domain.RoleMinistry || u.Disabled {
			return "", "", fmt.Errorf("the account %s exists but is not an active ministry account", benchReader)
		}
		err = st.SetPassword(ctx, u.ID, hash)
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		u = domain.User{Login: benchReader, Name: "Load test (bench read)", Role: domain.RoleMinistry, PasswordHash: hash}
		err = st.CreateUser(ctx, &u)
	}
	if err != nil {
		return "", "", err
	}
	secret, t, err := auth.NewToken(u.ID, "bench read")
	if err != nil {
		return "", "", err
	}
	return password, secret, st.CreateToken(ctx, &t)
}

// benchSignIn signs in through the sign-in form, as a browser does, and
// returns what sends the session cookie.
func benchSignIn(httpc *http.Client, base, password string) (func(*http.Request), error) {
	jar, _ := cookiejar.New(nil)
	c := *httpc
	c.Jar = jar
	resp, err := c.PostForm(base+"/signin", url.Values{"login": {benchReader}, "password": {password}, "next": {"/"}})
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	u, _ := url.Parse(base)
	cookies := jar.Cookies(u)
	if resp.StatusCode != http.StatusSeeOther || len(cookies) == 0 {
		return nil, fmt.Errorf("sign-in as %s: %s", benchReader, resp.Status)
	}
	return func(r *http.Request) {
		for _, c := range cookies {
			r.AddCookie(c)
		}
	}, nil
}

// openBare opens the database as a bare handler would: database/sql with
// the same driver, and for SQLite the same read pragmas and pool size as
// the store's readers.
func openBare(dsn string) (*sql.DB, error) {
	if store.IsPostgres(dsn) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(max(8, 4*runtime.NumCPU()))
		db.SetMaxIdleConns(max(8, 4*runtime.NumCPU()))
		return db, nil
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "cache_size(-65536)")
	q.Add("_pragma", "query_only(1)")
	db, err := sql.Open("sqlite", "file:"+dsn+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(max(4, 2*runtime.NumCPU()))
	db.SetMaxIdleConns(max(4, 2*runtime.NumCPU()))
	return db, nil
}

// bareHandler is the ceiling: a handler that reads a college and writes
// it as JSON, with nothing else — no sign-in, policy, scope, audit,
// middleware or translation. GET /college/{id} reads its one row;
// GET /college-counted/{id} runs the query the API's college runs (the
// row and its figures of students), so that the difference from the
// API is dualtrack's own work rather than the query's.
func bareHandler(db *sql.DB) http.Handler {
	const row = `c.id, c.bin, c.name_kk, c.name_ru, c.name_en, c.region_id, c.city_id, c.ownership, c.address, c.created_at`
	serve := func(query string, counted bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
			var c struct {
				ID                            int64
				BIN, NameKK, NameRU, NameEN   string
				RegionID, CityID              int64
				Ownership, Address, CreatedAt string
				Students, DualStudents        int64 `json:",omitzero"`
			}
			dest := []any{&c.ID, &c.BIN, &c.NameKK, &c.NameRU, &c.NameEN, &c.RegionID, &c.CityID, &c.Ownership, &c.Address, &c.CreatedAt}
			if counted {
				dest = append(dest, &c.Students, &c.DualStudents)
			}
			if err := db.QueryRowContext(r.Context(), query, id).Scan(dest...); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(c)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("GET /college/{id}", serve(`SELECT `+row+` FROM colleges c WHERE c.id = $1`, false))
	// The same SQL as store.College (internal/store/college.go): the row
	// and its figures, which college_figures keeps beside it.
	mux.Handle("GET /college-counted/{id}", serve(`SELECT `+row+`, f.students, f.dual_students
		FROM colleges c JOIN college_figures f ON f.college_id = c.id WHERE c.id = $1`, true))
	return mux
}

// sampleTargets reads the IDs the targets ask for, through a connection
// of its own with SQLite's default small page cache, closed before the
// load, so that it adds little to the memory measured.
func sampleTargets(ctx context.Context, dsn string) (colleges, students []int64, err error) {
	driver, conn := "pgx", dsn
	if !store.IsPostgres(dsn) {
		driver, conn = "sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)"
	}
	db, err := sql.Open(driver, conn)
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if colleges, err = sampleIDs(ctx, db, "colleges", 500); err != nil {
		return nil, nil, err
	}
	students, err = sampleIDs(ctx, db, "students", 2000)
	return colleges, students, err
}

// sampleIDs reads up to n IDs spread over a table.
func sampleIDs(ctx context.Context, db *sql.DB, table string, n int) ([]int64, error) {
	var total int64
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&total); err != nil {
		return nil, err
	}
	step := max(1, total/int64(n))
	rows, err := db.QueryContext(ctx, "SELECT id FROM "+table+" WHERE id % $1 = 0 ORDER BY id LIMIT $2", step, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("no rows in %s", table)
	}
	return ids, rows.Err()
}

// serveLoopback serves h on a free loopback port with the product's
// timeouts.
func serveLoopback(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// loadAverage is the system's load average over 1, 5 and 15 minutes.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// processMemory is this process's resident set and its peak, from
// /proc/self/status.
func processMemory() (rss, peak string) {
	rss, peak = "unknown", "unknown"
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(b), "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "VmRSS":
			rss = byteSize(kb << 10)
		case "VmHWM":
			peak = byteSize(kb << 10)
		}
	}
	return
}
