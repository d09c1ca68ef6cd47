package web_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/jobs"
)

// TestJobsPage: the operators see the background jobs a node ran, by kind
// and state, in their language; nobody else sees the page.
func TestJobsPage(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		runner, err := jobs.New(jobs.Config{Store: r.app.Store, Node: "node-test", PollEvery: 100 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if err := runner.Start(ctx); err != nil {
			t.Fatal(err)
		}
		waitForSessionSweep(t, r)
		stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := runner.Stop(stopCtx); err != nil {
			t.Fatal(err)
		}

		ministry := r.as(t, domain.RoleMinistry, in("en")...)
		get(t, r.app.URL, "/jobs?kind=sessions.sweep", ministry...).expect(t, http.StatusOK,
			"<h1>Background jobs</h1>", "<strong>1 job</strong>", "Expired sessions deleted", "Completed", "1 of 5")
		get(t, r.app.URL, "/jobs?state=discarded", ministry...).expect(t, http.StatusOK, "<strong>0 jobs</strong>")
		get(t, r.app.URL, "/jobs?state=exploded", ministry...).expect(t, http.StatusBadRequest, "Unknown state of a job.")
		get(t, r.app.URL, "/jobs?kind=sessions.sweep", r.as(t, domain.RoleMinistry, in("kk")...)...).expect(t, http.StatusOK,
			"Фондық тапсырмалар", "Мерзімі өткен сеанстарды жою", "Орындалды", "5 ішінен 1")
		for _, role := range []domain.Role{domain.RoleRegion, domain.RoleCollege, domain.RoleAuditor, domain.RoleStudent} {
			get(t, r.app.URL, "/jobs", r.as(t, role)...).expect(t, http.StatusForbidden)
		}
	})
}

// TestAnalyticsRecountNote: while a recount of the dashboards is queued or
// running, the dashboard says so and its note asks again until the
// recount has ended, then offers the new figures and stops asking.
func TestAnalyticsRecountNote(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		ctx := context.Background()
		refreshAnalytics(t, r)
		runner, err := jobs.New(jobs.Config{Store: r.app.Store, Node: "node-test", PollEvery: 100 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		// Queued, not yet taken: no node works jobs until Start.
		if err := runner.RefreshAnalytics(ctx); err != nil {
			t.Fatal(err)
		}
		ministry := r.as(t, domain.RoleMinistry, in("en")...)
		get(t, r.app.URL, "/analytics", ministry...).expect(t, http.StatusOK,
			`id="recount"`, `hx-get="/analytics/recount"`, "The figures are being recounted now")
		get(t, r.app.URL, "/analytics/recount", ministry...).expect(t, http.StatusOK, `hx-trigger="every 5s"`)

		if err := runner.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer func() {
			stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			runner.Stop(stopCtx)
		}()
		// The node, on becoming the leader, queues its periodic jobs (a
		// check of the counts among them): wait for those to be queued and
		// worked, so that the end of the recount is the end of every one.
		waitForSessionSweep(t, r)
		deadline := time.Now().Add(30 * time.Second)
		for {
			p := get(t, r.app.URL, "/analytics/recount", append(ministry, "HX-Request", "true", "HX-Current-URL", r.app.URL+"/analytics?year=2025")...)
			if p.status == 286 {
				p.expect(t, 286, "The figures have been recounted.", `href="/analytics?year=2025"`)
				p.lacks(t, "hx-trigger")
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the recount did not end within 30 s: %d %s", p.status, p.body)
			}
			time.Sleep(200 * time.Millisecond)
		}
		get(t, r.app.URL, "/analytics", ministry...).lacks(t, `id="recount"`)
		// The note is the dashboard readers': a teacher has none.
		get(t, r.app.URL, "/analytics/recount", r.as(t, domain.RoleTeacher)...).expect(t, http.StatusForbidden)
	})
}

// waitForSessionSweep waits until a node has run the session sweep, one of
// the periodic jobs the leader queues when it takes the lead.
func waitForSessionSweep(t *testing.T, r *registry) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		list, err := r.app.Store.Jobs(context.Background(), domain.JobFilter{Kind: domain.JobSessionSweep, State: domain.JobCompleted})
		if err != nil {
			t.Fatal(err)
		}
		if list.Total == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no completed session sweep within 30 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
