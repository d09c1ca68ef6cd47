// Package jobs runs dualtrack's background work on river, in the database
// that holds the records: the periodic sweeps (expired sessions, the work
// obligations, the notifications, the files kept too long), the recount of
// the dashboards, and the files people ask for: the import page's uploads
// and the large downloads (files.go). A job is a row, so any node may take it, a node
// that dies mid-job leaves it to be rescued by another, and the periodic
// ones are queued by river's elected leader alone — with a uniqueness
// window of their period, so even a change of leader does not run one
// twice. Every job has a timeout and a number of attempts; failures are
// retried with river's backoff and kept, with their errors, for the
// operators' page.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
)

// Sweeper is periodic work outside this package that one pass does, such
// as sending the notifications that fell due.
type Sweeper interface {
	Sweep(ctx context.Context) error
}

// Config configures a Runner. Zero intervals take the defaults.
type Config struct {
	Store *store.Store
	Log   *slog.Logger
	// Node names this node in river's tables (who ran a job, who leads);
	// river makes one up when empty.
	Node string
	// Now is the clock of the sweeps (time.Now when nil).
	Now func() time.Time
	// Notifications, when set, is swept every NotificationEvery.
	Notifications Sweeper
	// Imports and Exports, when set, do the files' jobs on this node
	// (queue QueueFiles); a node without them leaves those to others.
	Imports Importer
	Exports ExportWriter
	// OnlyFiles makes a node that works the files' queue alone: it
	// queues no periodic jobs and never leads the others (a test's
	// program, beside which a test may start a whole runner).
	OnlyFiles bool

	SessionEvery      time.Duration // default 10 minutes
	FileSweepEvery    time.Duration // default 1 hour
	ObligationEvery   time.Duration // default 1 hour
	AnalyticsEvery    time.Duration // how often the dashboards' age is checked; default 10 minutes
	NotificationEvery time.Duration // default 15 minutes

	// Workers is how many jobs this node runs at once (default 2).
	Workers int
	// PollEvery is how often a node looks for new jobs (default 1 s).
	PollEvery time.Duration
}

// Runner is a node's part in the cluster's background work: it takes jobs
// and, while it is the leader, queues the periodic ones.
type Runner struct {
	client *river.Client[*sql.Tx]
	store  *store.Store
}

// Kinds of job (domain.JobKinds).
const (
	KindSessionSweep      = domain.JobSessionSweep
	KindObligationSweep   = domain.JobObligationSweep
	KindAnalyticsRefresh  = domain.JobAnalyticsRefresh
	KindNotificationSweep = domain.JobNotificationSweep
)

// New builds a runner over cfg.Store, whose Migrate has created river's
// tables. It does not start working: call Start.
func New(cfg Config) (*Runner, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	cfg.SessionEvery = orDefault(cfg.SessionEvery, 10*time.Minute)
	cfg.FileSweepEvery = orDefault(cfg.FileSweepEvery, time.Hour)
	cfg.ObligationEvery = orDefault(cfg.ObligationEvery, time.Hour)
	cfg.AnalyticsEvery = orDefault(cfg.AnalyticsEvery, 10*time.Minute)
	cfg.NotificationEvery = orDefault(cfg.NotificationEvery, 15*time.Minute)
	cfg.PollEvery = orDefault(cfg.PollEvery, time.Second)
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}

	st := cfg.Store
	workers := river.NewWorkers()
	queues := map[string]river.QueueConfig{}
	var periodic []*river.PeriodicJob
	if !cfg.OnlyFiles {
		queues[river.QueueDefault] = river.QueueConfig{MaxWorkers: cfg.Workers}
		river.AddWorker(workers, &sessionSweepWorker{store: st, log: cfg.Log})
		river.AddWorker(workers, &obligationSweepWorker{store: st, log: cfg.Log, now: cfg.Now})
		river.AddWorker(workers, &analyticsRefreshWorker{store: st, log: cfg.Log})
		river.AddWorker(workers, &fileSweepWorker{store: st, log: cfg.Log})
		periodic = []*river.PeriodicJob{
			everyPeriod(cfg.SessionEvery, SessionSweepArgs{}),
			everyPeriod(cfg.ObligationEvery, ObligationSweepArgs{}),
			everyPeriod(cfg.AnalyticsEvery, AnalyticsRefreshArgs{}),
			everyPeriod(cfg.FileSweepEvery, FileSweepArgs{}),
		}
		if cfg.Notifications != nil {
			river.AddWorker(workers, &notificationSweepWorker{sweeper: cfg.Notifications})
			periodic = append(periodic, everyPeriod(cfg.NotificationEvery, NotificationSweepArgs{}))
		}
	}
	// Both or neither: a node that took an import and found no worker
	// for it would fail it.
	if (cfg.Imports == nil) != (cfg.Exports == nil) {
		return nil, errors.New("jobs: a node does both the imports and the exports, or neither")
	}
	if cfg.Imports != nil {
		queues[QueueFiles] = river.QueueConfig{MaxWorkers: cfg.Workers}
		river.AddWorker(workers, &importRunWorker{imports: cfg.Imports})
		river.AddWorker(workers, &exportRunWorker{exports: cfg.Exports})
	}
	if len(queues) == 0 {
		return nil, errors.New("jobs: a node that works only the files needs Imports and Exports")
	}

	client, err := river.NewClient(st.JobsDriver(), &river.Config{
		ID:      cfg.Node,
		Logger:  quietLogger(cfg.Log),
		Queues:  queues,
		Workers: workers,
		// A files-only node (OnlyFiles) leaves the leader's work (periodic
		// jobs, retries, rescues) to whole nodes.
		LeaderElectionDisabled: cfg.OnlyFiles,
		// A job that outlives its worker's timeout is cancelled and
		// retried; 5 attempts with river's backoff span about an hour.
		MaxAttempts:       5,
		JobTimeout:        time.Minute,
		PeriodicJobs:      periodic,
		FetchPollInterval: cfg.PollEvery,
		FetchCooldown:     min(cfg.PollEvery, 100*time.Millisecond),
		// Polling alone: neither driver here listens for notifications.
		PollOnly: true,
		// A finished job stays a day on the operators' page.
		CompletedJobRetentionPeriod: 24 * time.Hour,
		// A node that died mid-job leaves it "running": rescue it after
		// the longest timeout of any kind (an import's, fileJobTimeout);
		// the rescue replaces importjob's old failing of a node's
		// unfinished imports at its start.
		RescueStuckJobsAfter: fileJobTimeout + 10*time.Minute,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Runner{client: client, store: st}, nil
}

// Start begins taking jobs; it returns once the runner is working. The
// runner stops when ctx ends or on Stop.
func (r *Runner) Start(ctx context.Context) error {
	return r.client.Start(ctx)
}

// Stop lets the running jobs finish until ctx ends, then cancels them
// (they are retried elsewhere or later).
func (r *Runner) Stop(ctx context.Context) error {
	err := r.client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return r.client.StopAndCancel(context.Background())
	}
	return err
}

// RefreshAnalytics queues a recount of the dashboards unless one is queued
// or running already, anywhere in the cluster. It is the store's
// OnStaleAnalytics on a serving node.
func (r *Runner) RefreshAnalytics(ctx context.Context) error {
	_, err := r.client.Insert(ctx, AnalyticsRefreshArgs{}, nil)
	return err
}

// everyPeriod is a periodic job queued every period by the leader, first
// when it becomes the leader. The uniqueness window of one period keeps a
// new leader from queueing again what the old one just did — unless the
// kind has its own uniqueness (one waiting or running at a time).
func everyPeriod(period time.Duration, args river.JobArgs) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(period),
		func() (river.JobArgs, *river.InsertOpts) {
			if _, own := args.(river.JobArgsWithInsertOpts); own {
				return args, nil
			}
			return args, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: period}}
		},
		&river.PeriodicJobOpts{RunOnStart: true, ID: args.Kind()})
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// quietLogger passes river's warnings and errors to log and drops its
// information messages, which repeat on every poll of a busy node.
func quietLogger(log *slog.Logger) *slog.Logger {
	return slog.New(levelAtLeast{log.Handler(), slog.LevelWarn}).With("component", "jobs")
}

type levelAtLeast struct {
	slog.Handler
	min slog.Level
}

func (h levelAtLeast) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h levelAtLeast) WithAttrs(as []slog.Attr) slog.Handler {
	return levelAtLeast{h.Handler.WithAttrs(as), h.min}
}

func (h levelAtLeast) WithGroup(name string) slog.Handler {
	return levelAtLeast{h.Handler.WithGroup(name), h.min}
}

// system is the context of a job's changes: the audit log names the
// system as their author.
func system(ctx context.Context) context.Context { return domain.WithActor(ctx, domain.System) }
