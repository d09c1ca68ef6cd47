package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestMain lets a test run this binary's main() in a child process (to send
// it a real SIGTERM), and stops the throwaway PostgreSQL afterwards.
func TestMain(m *testing.M) {
	if os.Getenv("DUALTRACK_RUN_MAIN") == "1" {
		os.Args = append([]string{"dualtrack"}, strings.Fields(os.Getenv("DUALTRACK_ARGS"))...)
		main()
		return
	}
	testkit.Main(m)
}

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestHelpOfEveryCommand(t *testing.T) {
	for _, c := range commands() {
		code, _, stderr := runCmd(t, c.name, "--help")
		if code != 0 || !strings.Contains(stderr, "Usage: dualtrack "+c.name) {
			t.Errorf("%s --help: exit %d, stderr %q", c.name, code, stderr)
		}
	}
	if code, stdout, _ := runCmd(t, "--help"); code != 0 || !strings.Contains(stdout, "serve") {
		t.Errorf("--help: exit %d, %q", code, stdout)
	}
	if code, _, stderr := runCmd(t, "frobnicate"); code != 2 || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, %q", code, stderr)
	}
	if code, _, _ := runCmd(t, "serve", "--no-such-flag"); code != 2 {
		t.Errorf("bad flag: exit %d, want 2", code)
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := runCmd(t, "version")
	if code != 0 || !strings.HasPrefix(stdout, "dualtrack ") || !strings.Contains(stdout, "go1.") {
		t.Fatalf("version: %d %q", code, stdout)
	}
}

func TestMigrateBothDatabases(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			dsn := db.DSN(t)
			if code, stdout, stderr := runCmd(t, "migrate", "--db", dsn); code != 0 || !strings.Contains(stdout, "migrated "+db.Name) {
				t.Fatalf("migrate: %d %q %q", code, stdout, stderr)
			}
			code, stdout, _ := runCmd(t, "migrate", "--db", dsn, "--status")
			if code != 0 || !strings.Contains(stdout, "00001 applied") {
				t.Fatalf("migrate --status: %d %q", code, stdout)
			}
		})
	}
	// DATABASE_URL is the default of --db.
	t.Setenv("DATABASE_URL", filepath.Join(t.TempDir(), "env.db"))
	if code, stdout, _ := runCmd(t, "migrate"); code != 0 || !strings.Contains(stdout, "env.db") {
		t.Fatalf("migrate with DATABASE_URL: %d %q", code, stdout)
	}
}

func TestMigrateUnreachablePostgres(t *testing.T) {
	code, _, stderr := runCmd(t, "migrate", "--db", "postgres://nobody:secret@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if code != 1 || !strings.Contains(stderr, "database unavailable") || strings.Contains(stderr, "secret") {
		t.Fatalf("unreachable database: %d %q", code, stderr)
	}
}

var urlLine = regexp.MustCompile(`running at (http://\S+)`)

// startServe runs `dualtrack serve args…` as a child process (this test
// binary running main) and returns it, its address once it serves, and
// its log. The process is killed when the test ends.
func startServe(t *testing.T, args ...string) (cmd *exec.Cmd, base string, logs *syncBuffer) {
	t.Helper()
	cmd = exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "DUALTRACK_RUN_MAIN=1", "DUALTRACK_ARGS=serve "+strings.Join(args, " "))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logs = new(syncBuffer)
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })

	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := urlLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case base = <-found:
	case <-time.After(60 * time.Second):
		t.Fatalf("server did not start; logs:\n%s", logs.String())
	}
	return cmd, base, logs
}

// syncBuffer is a bytes.Buffer that a child's output and the test may use
// at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestServeStopsGracefullyOnSIGTERM starts the real program in a child
// process, checks the health probes, sends SIGTERM, and expects a clean exit
// with JSON log lines that carry a request ID.
func TestServeStopsGracefullyOnSIGTERM(t *testing.T) {
	cmd, base, logs := startServe(t, "--addr", "127.0.0.1:0", "--db", testkit.DSN(t))
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]string
		json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != 200 || body["status"] != "ok" || resp.Header.Get("X-Request-ID") == "" {
			t.Fatalf("%s: %d %v", path, resp.StatusCode, body)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v; logs:\n%s", err, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop within 30 s of SIGTERM")
	}
	var sawRequest, sawStopped bool
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["msg"] == "request" && rec["path"] == "/readyz" && rec["request_id"] != "" && rec["status"] == float64(200) {
			sawRequest = true
		}
		if rec["msg"] == "stopped" {
			sawStopped = true
		}
	}
	if !sawRequest || !sawStopped {
		t.Fatalf("logs lack the request line or the shutdown:\n%s", logs.String())
	}
}
