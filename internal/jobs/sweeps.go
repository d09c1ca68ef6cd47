package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
)

// SessionSweepArgs deletes the expired sessions. An expired session is
// never honoured anyway; sweeping keeps the table from growing with every
// visitor who never signs out.
type SessionSweepArgs struct{}

func (SessionSweepArgs) Kind() string { return KindSessionSweep }

type sessionSweepWorker struct {
	river.WorkerDefaults[SessionSweepArgs]
	store *store.Store
	log   *slog.Logger
}

func (w *sessionSweepWorker) Work(ctx context.Context, _ *river.Job[SessionSweepArgs]) error {
	n, err := w.store.Sessions().DeleteExpired(ctx)
	if n > 0 {
		w.log.Info("expired sessions deleted", "count", n)
	}
	return err
}

// ObligationSweepArgs moves the work obligations of targeted training on
// with the calendar and raises their alerts (domain.SweepResult).
type ObligationSweepArgs struct{}

func (ObligationSweepArgs) Kind() string { return KindObligationSweep }

type obligationSweepWorker struct {
	river.WorkerDefaults[ObligationSweepArgs]
	store *store.Store
	log   *slog.Logger
	now   func() time.Time
}

func (w *obligationSweepWorker) Work(ctx context.Context, _ *river.Job[ObligationSweepArgs]) error {
	res, err := w.store.SweepObligations(system(ctx), domain.DateInKazakhstan(w.now()))
	if err == nil && res != (domain.SweepResult{}) {
		w.log.Info("work obligations swept", "started", res.Started, "fulfilled", res.Fulfilled, "alerts", res.Alerts)
	}
	return err
}

// AnalyticsRefreshArgs recounts the dashboards if their counts are stale.
// Queued periodically and whenever a reader finds them stale; one at a
// time in the whole cluster.
type AnalyticsRefreshArgs struct{}

func (AnalyticsRefreshArgs) Kind() string { return KindAnalyticsRefresh }

// InsertOpts makes a refresh unique while one is waiting or running: many
// readers of stale counts queue one recount.
func (AnalyticsRefreshArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
		rivertype.JobStateRetryable, rivertype.JobStateScheduled,
	}}}
}

type analyticsRefreshWorker struct {
	river.WorkerDefaults[AnalyticsRefreshArgs]
	store *store.Store
	log   *slog.Logger
}

// Timeout: a national recount takes about 35 s on SQLite on a busy
// 2-core machine; ten times that means something is wrong.
func (w *analyticsRefreshWorker) Timeout(*river.Job[AnalyticsRefreshArgs]) time.Duration {
	return 6 * time.Minute
}

func (w *analyticsRefreshWorker) Work(ctx context.Context, _ *river.Job[AnalyticsRefreshArgs]) error {
	start := time.Now()
	counted, err := w.store.RefreshAnalyticsIfStale(ctx)
	if counted && err == nil {
		w.log.Info("dashboards recounted", "took", time.Since(start).Round(time.Millisecond))
	}
	return err
}

// NotificationSweepArgs raises the notifications that fell due and sends
// the e-mails owed.
type NotificationSweepArgs struct{}

func (NotificationSweepArgs) Kind() string { return KindNotificationSweep }

type notificationSweepWorker struct {
	river.WorkerDefaults[NotificationSweepArgs]
	sweeper Sweeper
}

// Timeout: sending e-mail to a slow server is the long part.
func (w *notificationSweepWorker) Timeout(*river.Job[NotificationSweepArgs]) time.Duration {
	return 5 * time.Minute
}

func (w *notificationSweepWorker) Work(ctx context.Context, _ *river.Job[NotificationSweepArgs]) error {
	return w.sweeper.Sweep(system(ctx))
}
