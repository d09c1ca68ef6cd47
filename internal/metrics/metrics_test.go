package metrics

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func scrape(t *testing.T, r *Registry) (string, map[string]*Family) {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	fams, err := ParseText(strings.NewReader(b.String()))
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	return b.String(), fams
}

func TestExpositionOfEveryKind(t *testing.T) {
	r := NewRegistry()
	c := r.Counter("jobs_total", "Jobs by kind.", "kind")
	c.With("students").Add(3)
	c.With(`odd "kind"` + "\n\\").Inc()
	g := r.Gauge("queue_depth", "Jobs waiting.")
	g.With().Set(7)
	g.With().Add(-2)
	h := r.Histogram("took_seconds", "Time taken.", []float64{0.1, 1, 10}, "route")
	for _, v := range []float64{0.05, 0.1, 0.5, 5, 50} {
		h.With("GET /x").Observe(v)
	}
	r.GaugeFunc("pool_open", "Open connections.", func(emit Emit) {
		emit(4, "read")
		emit(1, "write")
	}, "pool")

	text, fams := scrape(t, r)
	want := []string{
		"# HELP jobs_total Jobs by kind.\n# TYPE jobs_total counter\n",
		`jobs_total{kind="odd \"kind\"\n\\"} 1` + "\n",
		`jobs_total{kind="students"} 3` + "\n",
		"queue_depth 5\n",
		// le is inclusive: 0.1 falls in the 0.1 bucket.
		`took_seconds_bucket{route="GET /x",le="0.1"} 2` + "\n",
		`took_seconds_bucket{route="GET /x",le="1"} 3` + "\n",
		`took_seconds_bucket{route="GET /x",le="10"} 4` + "\n",
		`took_seconds_bucket{route="GET /x",le="+Inf"} 5` + "\n",
		`took_seconds_sum{route="GET /x"} 55.65` + "\n",
		`took_seconds_count{route="GET /x"} 5` + "\n",
		`pool_open{pool="read"} 4` + "\n" + `pool_open{pool="write"} 1` + "\n",
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("scrape lacks %q:\n%s", w, text)
		}
	}
	if got := fams["jobs_total"].Samples[0].Labels["kind"]; got != "odd \"kind\"\n\\" {
		t.Errorf("escaped label read back as %q", got)
	}
	if fams["took_seconds"].Type != "histogram" || len(fams["took_seconds"].Samples) != 6 {
		t.Errorf("histogram family: %+v", fams["took_seconds"])
	}
}

func TestParseTextRefusesBrokenScrapes(t *testing.T) {
	for name, text := range map[string]string{
		"no type":         "# HELP a A.\na 1\n",
		"bad value":       "# HELP a A.\n# TYPE a gauge\na one\n",
		"unquoted label":  "# HELP a A.\n# TYPE a gauge\na{x=1} 1\n",
		"foreign sample":  "# HELP a A.\n# TYPE a gauge\nb 1\n",
		"not cumulative":  "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 2\n",
		"count disagrees": "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n",
		"no +Inf":         "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n",
	} {
		if _, err := ParseText(strings.NewReader(text)); err == nil {
			t.Errorf("%s: accepted %q", name, text)
		}
	}
}

func TestRegistryRefusesMistakes(t *testing.T) {
	for name, register := range map[string]func(r *Registry){
		"bad name":      func(r *Registry) { r.Counter("1jobs", "x") },
		"no help":       func(r *Registry) { r.Counter("jobs_total", "") },
		"twice":         func(r *Registry) { r.Counter("jobs_total", "x"); r.Gauge("jobs_total", "x") },
		"le label":      func(r *Registry) { r.Histogram("h", "x", []float64{1}, "le") },
		"bad buckets":   func(r *Registry) { r.Histogram("h", "x", []float64{2, 1}) },
		"wrong values":  func(r *Registry) { r.Counter("jobs_total", "x", "kind").With("a", "b") },
		"reserved name": func(r *Registry) { r.Counter("jobs_total", "x", "__kind") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			register(NewRegistry())
		}()
	}
}

// TestConcurrentObservations checks that no observation is lost when many
// goroutines record at once, as requests do.
func TestConcurrentObservations(t *testing.T) {
	r := NewRegistry()
	h := r.Histogram("took_seconds", "Time taken.", LatencyBuckets, "route")
	c := r.Counter("hits_total", "Hits.")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 1000 {
				h.With(fmt.Sprint("r", g%2)).Observe(float64(i) / 1000)
				c.With().Inc()
			}
		}()
	}
	wg.Wait()
	_, fams := scrape(t, r)
	var count float64
	for _, s := range fams["took_seconds"].Samples {
		if s.Name == "took_seconds_count" {
			count += s.Value
		}
	}
	if count != 8000 || fams["hits_total"].Samples[0].Value != 8000 {
		t.Errorf("counted %v observations and %v hits, want 8000", count, fams["hits_total"].Samples[0].Value)
	}
}

// TestHTTPLabelsByPattern checks that requests are labelled by the mux's
// pattern, never by their path, so that a scan of a thousand URLs adds no
// series.
func TestHTTPLabelsByPattern(t *testing.T) {
	r := NewRegistry()
	h := NewHTTP(r)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /students/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "0" {
			http.Error(w, "no", http.StatusNotFound)
		}
	})
	mux.HandleFunc("GET /boom", func(w http.ResponseWriter, r *http.Request) { panic("boom") })
	srv := httptest.NewUnstartedServer(h.Wrap(mux))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the panic's stack
	srv.Start()
	defer srv.Close()
	for i := range 20 {
		resp, err := http.Get(fmt.Sprintf("%s/students/%d", srv.URL, i))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		resp, err = http.Get(fmt.Sprintf("%s/scan/%d", srv.URL, i))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	// The panic reaches the server, which drops the connection; the
	// request is still counted, as a 5xx.
	if resp, err := http.Get(srv.URL + "/boom"); err == nil {
		resp.Body.Close()
	}
	_, fams := scrape(t, r)
	counts := map[string]float64{}
	for _, s := range fams["dualtrack_http_request_duration_seconds"].Samples {
		if s.Name == "dualtrack_http_request_duration_seconds_count" {
			counts[s.Labels["route"]+" "+s.Labels["status"]] = s.Value
		}
	}
	want := map[string]float64{"GET /students/{id} 2xx": 19, "GET /students/{id} 4xx": 1, Unmatched + " 4xx": 20, "GET /boom 5xx": 1}
	if fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Errorf("request counts %v, want %v", counts, want)
	}
	if v := fams["dualtrack_http_requests_in_flight"].Samples[0].Value; v != 0 {
		t.Errorf("%v requests in flight after all finished", v)
	}
}

func TestRuntimeFamilies(t *testing.T) {
	r := NewRegistry()
	RegisterRuntime(r)
	_, fams := scrape(t, r)
	for _, name := range []string{"go_goroutines", "go_memstats_heap_alloc_bytes", "process_resident_memory_bytes", "go_gc_cycles_total"} {
		f := fams[name]
		if f == nil || len(f.Samples) != 1 {
			t.Fatalf("%s missing: %+v", name, f)
		}
		if name != "go_gc_cycles_total" && !(f.Samples[0].Value > 0) || math.IsNaN(f.Samples[0].Value) {
			t.Errorf("%s = %v", name, f.Samples[0].Value)
		}
	}
}
