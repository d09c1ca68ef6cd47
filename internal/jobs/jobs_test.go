package jobs_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/jobs"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// startNode starts a runner as one node of the cluster and stops it when
// the test ends (or earlier, by the returned stop).
func startNode(t *testing.T, cfg jobs.Config) (stop func()) {
	t.Helper()
	cfg.PollEvery = 100 * time.Millisecond
	r, err := jobs.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := r.Stop(ctx); err != nil {
			t.Errorf("stop %s: %v", cfg.Node, err)
		}
	}
	t.Cleanup(stop)
	return stop
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", within, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func jobsOf(t *testing.T, st *store.Store, kind string) []domain.Job {
	t.Helper()
	list, err := st.Jobs(context.Background(), domain.JobFilter{Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	return list.Items
}

// Two nodes on one database queue a periodic job once per period, even
// when the leader stops and the other node takes over and queues its
// periodic jobs again on becoming leader.
func TestPeriodicJobRunsOnceAcrossNodes(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		// A day's period: the test cannot cross its boundary unnoticed
		// except at midnight UTC.
		cfg := jobs.Config{Store: st, ObligationEvery: 24 * time.Hour}
		a, b := cfg, cfg
		a.Node, b.Node = "node-a", "node-b"
		stop := map[string]func(){"node-a": startNode(t, a), "node-b": startNode(t, b)}

		waitFor(t, "the obligations sweep completed", 30*time.Second, func() bool {
			list := jobsOf(t, st, jobs.KindObligationSweep)
			return len(list) > 0 && list[0].State == domain.JobCompleted
		})
		leader := func() string {
			id, err := st.JobsLeader(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		first := leader()
		other := map[string]string{"node-a": "node-b", "node-b": "node-a"}[first]
		if other == "" {
			t.Fatalf("leader %q, want node-a or node-b", first)
		}
		stop[first]()
		waitFor(t, other+" took the lead", 30*time.Second, func() bool { return leader() == other })
		// The new leader queues its periodic jobs on taking over; give
		// its scheduler a moment, then count.
		time.Sleep(2 * time.Second)
		if list := jobsOf(t, st, jobs.KindObligationSweep); len(list) != 1 {
			t.Fatalf("obligations sweeps: %d, want 1: %+v", len(list), list)
		}
		if list := jobsOf(t, st, jobs.KindSessionSweep); len(list) != 1 {
			t.Fatalf("session sweeps: %d, want 1", len(list))
		}
	})
}

// flakySweeper fails its first pass and succeeds after.
type flakySweeper struct{ passes atomic.Int32 }

func (f *flakySweeper) Sweep(context.Context) error {
	if f.passes.Add(1) == 1 {
		return errors.New("mail server unreachable")
	}
	return nil
}

// A failing job is retried, and its error stays on record for the
// operators' page.
func TestFailedJobIsRetried(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		sweeper := &flakySweeper{}
		startNode(t, jobs.Config{Store: st, Node: "node-a", Notifications: sweeper})
		var last domain.Job
		waitFor(t, "the notification sweep retried and completed", 40*time.Second, func() bool {
			list := jobsOf(t, st, jobs.KindNotificationSweep)
			if len(list) == 0 {
				return false
			}
			last = list[0]
			return last.State == domain.JobCompleted
		})
		if last.Attempt != 2 || last.LastError != "mail server unreachable" {
			t.Fatalf("job: attempt %d, last error %q; want 2 and the first attempt's error", last.Attempt, last.LastError)
		}
		if last.FinalizedAt.Before(last.CreatedAt) || last.Duration() < 0 {
			t.Fatalf("times: %+v", last)
		}
	})
}

// The session sweep deletes the expired sessions and keeps the live ones.
func TestSessionSweepDeletesExpired(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		sessions := st.Sessions()
		if err := sessions.CommitCtx(ctx, "old", []byte("x"), time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := sessions.CommitCtx(ctx, "live", []byte("y"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		startNode(t, jobs.Config{Store: st, Node: "node-a"})
		waitFor(t, "the session sweep completed", 30*time.Second, func() bool {
			list := jobsOf(t, st, jobs.KindSessionSweep)
			return len(list) > 0 && list[0].State == domain.JobCompleted
		})
		if _, found, err := sessions.FindCtx(ctx, "old"); found || err != nil {
			t.Errorf("the expired session is still there (%v)", err)
		}
		if _, found, err := sessions.FindCtx(ctx, "live"); !found || err != nil {
			t.Errorf("the live session is gone (%v)", err)
		}
	})
}
