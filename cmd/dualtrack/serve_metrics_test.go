package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/metrics"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

var metricsLine = regexp.MustCompile(`metrics at (http://\S+)`)

// TestServeMetricsOnTheAdminListener runs the real program with its admin
// listener, makes requests to the public one, scrapes the metrics and reads
// them strictly: every line valid, every histogram cumulative, and each
// route counted exactly as often as it was asked for — by its pattern, not
// its path. The public listener does not serve the metrics.
func TestServeMetricsOnTheAdminListener(t *testing.T) {
	db := testkit.SQLitePath(t) // the scrape must show SQLite's two pools, read and write
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "DUALTRACK_RUN_MAIN=1",
		"DUALTRACK_ARGS=serve --addr 127.0.0.1:0 --admin-addr 127.0.0.1:0 --db "+db)
	stdout, pw := io.Pipe()
	cmd.Stdout = pw
	var logs bytes.Buffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		pw.Close()
		close(exited)
	}()
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		<-exited
	}()
	urls := make(chan [2]string, 1)
	go func() {
		var base, admin string
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := urlLine.FindStringSubmatch(sc.Text()); m != nil {
				base = m[1]
			}
			if m := metricsLine.FindStringSubmatch(sc.Text()); m != nil {
				admin = m[1]
			}
			if base != "" && admin != "" {
				urls <- [2]string{base, admin}
				base = ""
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	var base, admin string
	select {
	case u := <-urls:
		base, admin = u[0], u[1]
	case <-exited:
		t.Fatalf("server stopped; logs:\n%s", logs.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("server did not start; logs:\n%s", logs.String())
	}

	get := func(url string) (int, string, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
	}
	for range 5 {
		get(base + "/healthz")
	}
	for range 3 {
		get(base + "/readyz")
	}
	// Four colleges that do not exist: four paths, one pattern.
	for i := range 4 {
		if code, _, _ := get(fmt.Sprintf("%s/api/v1/colleges/%d", base, i+1)); code/100 != 4 {
			t.Fatalf("API, a college that does not exist: %d", code)
		}
	}
	code, ctype, body := get(base + "/metrics")
	if strings.Contains(body, "# TYPE") || strings.HasPrefix(ctype, "text/plain; version=0.0.4") {
		t.Fatalf("the public listener serves the metrics: %d %s", code, ctype)
	}

	code, ctype, body = get(admin)
	if code != http.StatusOK || ctype != metrics.ContentType {
		t.Fatalf("admin /metrics: %d %s", code, ctype)
	}
	fams, err := metrics.ParseText(strings.NewReader(body))
	if err != nil {
		t.Fatalf("scrape does not parse: %v\n%s", err, body)
	}
	counts := map[string]float64{}
	for _, s := range fams["dualtrack_http_request_duration_seconds"].Samples {
		if strings.HasSuffix(s.Name, "_count") {
			counts[s.Labels["route"]+" "+s.Labels["status"]] += s.Value
		}
		if strings.Contains(s.Labels["route"], "/api/v1/colleges/1") {
			t.Errorf("a raw path became a label: %v", s.Labels)
		}
	}
	for route, want := range map[string]float64{
		"GET /healthz 2xx":              5,
		"GET /readyz 2xx":               3,
		"GET /api/v1/colleges/{id} 4xx": 4,
	} {
		if counts[route] != want {
			t.Errorf("%s counted %v times, want %v (all: %v)", route, counts[route], want, counts)
		}
	}
	for _, name := range []string{"dualtrack_http_requests_in_flight", "dualtrack_db_open_connections", "dualtrack_db_wait_count_total",
		"dualtrack_import_jobs_running", "go_goroutines", "go_memstats_heap_alloc_bytes", "process_resident_memory_bytes"} {
		if fams[name] == nil {
			t.Errorf("scrape lacks %s", name)
		}
	}
	pools := map[string]bool{}
	for _, s := range fams["dualtrack_db_max_open_connections"].Samples {
		pools[s.Labels["pool"]] = s.Value > 0
	}
	if !pools["read"] || !pools["write"] {
		t.Errorf("SQLite pools in the scrape: %v", pools)
	}
}

// TestServeRefusesAPublicAdminAddress: the metrics carry no sign-in, so an
// admin address off the loopback interface needs saying so.
func TestServeRefusesAPublicAdminAddress(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:9090", ":9090", "192.0.2.1:9090"} {
		code, _, stderr := runCmd(t, "serve", "--db", testkit.DSN(t), "--admin-addr", addr)
		if code != 1 || !strings.Contains(stderr, "not a loopback address") || !strings.Contains(stderr, "--admin-any-address") {
			t.Errorf("--admin-addr %s: exit %d, %q", addr, code, stderr)
		}
	}
}
