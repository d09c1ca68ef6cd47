package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/jobs"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestTwoNodesOnOnePostgres runs two `dualtrack serve` processes on one
// PostgreSQL database, started at once (both migrate): a sign-in on one
// node is honoured by the other, and the periodic jobs are queued and run
// once for the pair, not once per node.
func TestTwoNodesOnOnePostgres(t *testing.T) {
	dsn := testkit.PostgresURL(t)
	type node struct {
		base string
		logs *syncBuffer
	}
	started := make(chan node, 2)
	for range 2 {
		go func() {
			_, base, logs := startServe(t, "--addr", "127.0.0.1:0", "--admin-addr", "off", "--db", dsn)
			started <- node{base, logs}
		}()
	}
	a, b := <-started, <-started

	st := testkit.OpenStore(t, dsn)
	user := testkit.NewUser(t, st, domain.User{Role: domain.RoleMinistry, Name: "Айгүл Сейітова"})

	// Sign in on node a, with a browser's cookie jar.
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	resp, err := client.PostForm(a.base+"/signin", url.Values{"login": {user.Login}, "password": {testkit.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// The jar keeps cookies per host, and both nodes listen on 127.0.0.1:
	// read the session cookie and hand it to node b explicitly.
	aURL, _ := url.Parse(a.base)
	var session *http.Cookie
	for _, c := range jar.Cookies(aURL) {
		session = c
	}
	if session == nil {
		t.Fatalf("no session cookie after signing in on node a (status %d); logs:\n%s", resp.StatusCode, a.logs.String())
	}
	req, _ := http.NewRequest(http.MethodGet, b.base+"/account", nil)
	req.AddCookie(session)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), user.Name) {
		t.Fatalf("node b with node a's session: %d, want the account page of %s", resp.StatusCode, user.Name)
	}

	// The periodic jobs: queued by the leader only, run by one node.
	deadline := time.Now().Add(60 * time.Second)
	for {
		list, err := st.Jobs(context.Background(), domain.JobFilter{Kind: jobs.KindObligationSweep})
		if err != nil {
			t.Fatal(err)
		}
		if len(list.Items) > 0 && list.Items[0].State == domain.JobCompleted {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no completed obligations sweep within a minute: %+v\nlogs a:\n%s\nlogs b:\n%s", list, a.logs.String(), b.logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(2 * time.Second) // room for a second sweep, if one were queued
	for _, kind := range []string{jobs.KindObligationSweep, jobs.KindSessionSweep} {
		list, err := st.Jobs(context.Background(), domain.JobFilter{Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		if list.Total != 1 {
			t.Errorf("%s: %d jobs for two nodes, want 1: %+v", kind, list.Total, list.Items)
		}
	}
	leader, err := st.JobsLeader(context.Background())
	if err != nil || !strings.HasSuffix(leader, ":"+port(a.base)) && !strings.HasSuffix(leader, ":"+port(b.base)) {
		t.Errorf("leader %q (%v), want one of the two nodes", leader, err)
	}
}

func port(base string) string {
	u, _ := url.Parse(base)
	return u.Port()
}
