package server_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// TestReadyzFollowsTheDatabase runs the whole program on a PostgreSQL
// cluster of its own, stops the cluster (an outage) and starts it again:
// /readyz answers 503 while the database is gone, so that a load balancer
// stops sending the node traffic, and 200 again once it is back, without
// restarting the node. /healthz says the process lives throughout.
func TestReadyzFollowsTheDatabase(t *testing.T) {
	pg := testkit.NewCluster(t)
	app := testkit.StartApp(t, pg.URL)
	probe := func(path string) (int, map[string]string) {
		t.Helper()
		resp, err := http.Get(app.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]string
		json.NewDecoder(resp.Body).Decode(&body)
		return resp.StatusCode, body
	}
	// until polls path until it answers want, for up to a minute: the pool
	// finds out about a lost or returned database on its next use.
	until := func(path string, want int) map[string]string {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for {
			code, body := probe(path)
			if code == want {
				return body
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s still answers %d %v, want %d", path, code, body, want)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}

	if code, body := probe("/readyz"); code != http.StatusOK || body["status"] != "ok" {
		t.Fatalf("/readyz with the database up: %d %v", code, body)
	}
	pg.Stop(t)
	body := until("/readyz", http.StatusServiceUnavailable)
	if body["status"] != "unavailable" || body["reason"] != "database unreachable" {
		t.Errorf("/readyz with the database down: %v", body)
	}
	if code, _ := probe("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz with the database down: %d, want 200 (the process is alive)", code)
	}
	pg.Start(t)
	if body := until("/readyz", http.StatusOK); body["status"] != "ok" {
		t.Errorf("/readyz after the database returned: %v", body)
	}
}
