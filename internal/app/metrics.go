package app

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/metrics"
	"github.com/dualtrack/dualtrack/internal/store"
)

// registerPoolMetrics reports the database pools' statistics, read at
// every scrape: a pool whose connections are all in use, with a growing
// wait count, is the first sign that the database limits the node.
func registerPoolMetrics(reg *metrics.Registry, st *store.Store) {
	pools := func(emit metrics.Emit, value func(sql.DBStats) float64) {
		stats := st.PoolStats()
		for _, name := range slices.Sorted(maps.Keys(stats)) {
			emit(value(stats[name]), name)
		}
	}
	gauge := func(name, help string, value func(sql.DBStats) float64) {
		reg.GaugeFunc(name, help, func(emit metrics.Emit) { pools(emit, value) }, "pool")
	}
	counter := func(name, help string, value func(sql.DBStats) float64) {
		reg.CounterFunc(name, help, func(emit metrics.Emit) { pools(emit, value) }, "pool")
	}
	gauge("dualtrack_db_max_open_connections", "Most connections the pool may open.",
		func(s sql.DBStats) float64 { return float64(s.MaxOpenConnections) })
	gauge("dualtrack_db_open_connections", "Connections open, in use or idle.",
		func(s sql.DBStats) float64 { return float64(s.OpenConnections) })
	gauge("dualtrack_db_in_use_connections", "Connections in use by a query or transaction.",
		func(s sql.DBStats) float64 { return float64(s.InUse) })
	gauge("dualtrack_db_idle_connections", "Connections open and idle.",
		func(s sql.DBStats) float64 { return float64(s.Idle) })
	counter("dualtrack_db_wait_count_total", "Times a query waited for a free connection.",
		func(s sql.DBStats) float64 { return float64(s.WaitCount) })
	counter("dualtrack_db_wait_seconds_total", "Time spent waiting for a free connection.",
		func(s sql.DBStats) float64 { return s.WaitDuration.Seconds() })
	counter("dualtrack_db_closed_max_idle_total", "Connections closed because the pool had enough idle ones.",
		func(s sql.DBStats) float64 { return float64(s.MaxIdleClosed) })
	counter("dualtrack_db_closed_max_idle_time_total", "Connections closed after idling too long.",
		func(s sql.DBStats) float64 { return float64(s.MaxIdleTimeClosed) })
}

// importBuckets are the upper bounds, in seconds, of the import duration
// histogram: from a small list to a national one.
var importBuckets = []float64{0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600}

// importMetrics counts the upload page's imports as this node's jobs run
// them: it sits between the runner and the store and sees each job start
// and finish.
type importMetrics struct {
	domain.ImportJobStore
	running  *metrics.Gauge
	finished *metrics.CounterVec
	took     *metrics.HistogramVec
	now      func() time.Time

	mu      sync.Mutex
	started map[int64]time.Time
}

func newImportMetrics(reg *metrics.Registry, jobs domain.ImportJobStore, now func() time.Time) *importMetrics {
	if now == nil {
		now = time.Now
	}
	return &importMetrics{
		ImportJobStore: jobs,
		running:        reg.Gauge("dualtrack_import_jobs_running", "Imports of uploaded files running on this node.").With(),
		finished: reg.Counter("dualtrack_import_jobs_total",
			"Imports of uploaded files finished on this node, by kind, dry run or not, and outcome: imported, problems (the file's problems stopped it, nothing written) or failed.",
			"kind", "dry_run", "outcome"),
		took: reg.Histogram("dualtrack_import_job_duration_seconds",
			"Time from an import's start to its end on this node, by kind.", importBuckets, "kind"),
		now:     now,
		started: map[int64]time.Time{},
	}
}

func (m *importMetrics) StartImportJob(ctx context.Context, id int64) error {
	if err := m.ImportJobStore.StartImportJob(ctx, id); err != nil {
		return err
	}
	m.mu.Lock()
	_, again := m.started[id] // a retry of an attempt that ended here
	m.started[id] = m.now()
	m.mu.Unlock()
	if !again {
		m.running.Add(1)
	}
	return nil
}

func (m *importMetrics) FinishImportJob(ctx context.Context, job domain.ImportJob) error {
	err := m.ImportJobStore.FinishImportJob(ctx, job)
	m.mu.Lock()
	start, ok := m.started[job.ID]
	delete(m.started, job.ID)
	m.mu.Unlock()
	outcome := "imported"
	switch {
	case job.Status == domain.ImportFailed:
		outcome = "failed"
	case job.ProblemTotal > 0:
		outcome = "problems"
	}
	m.finished.With(string(job.Kind), strconv.FormatBool(job.DryRun), outcome).Inc()
	if ok {
		m.running.Add(-1)
		m.took.With(string(job.Kind)).Observe(m.now().Sub(start).Seconds())
	}
	return err
}
