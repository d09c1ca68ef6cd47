// Package metrics keeps the counters, gauges and histograms dualtrack
// exposes to Prometheus and writes them in the Prometheus text exposition
// format (version 0.0.4), on the admin listener only.
//
// It is written here rather than taken from prometheus/client_golang
// because every command pays for the init of every package linked into
// the binary, and `dualtrack match` and `dualtrack version` must start
// fast: this package declares no package-level state that needs code to
// initialise, so linking it costs nothing at start-up. It implements the
// little dualtrack needs: label vectors with a fixed set of label names,
// counters and histograms updated without locks on the request path, and
// values read at scrape time (pool statistics, the Go runtime).
package metrics

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Registry holds the metric families of one process, written in the order
// they were registered.
type Registry struct {
	mu       sync.Mutex
	families []family
	names    map[string]bool
}

// family is one metric name with its help, type and series.
type family interface {
	header() (name, help, typ string)
	// collect writes the family's sample lines (without its header).
	collect(w *bufio.Writer)
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{names: map[string]bool{}}
}

func (r *Registry) register(f family) {
	name, help, _ := f.header()
	if !validName(name) {
		panic(fmt.Sprintf("metrics: invalid metric name %q", name))
	}
	if help == "" {
		panic(fmt.Sprintf("metrics: %s has no help text", name))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.names[name] {
		panic(fmt.Sprintf("metrics: %s registered twice", name))
	}
	r.names[name] = true
	r.families = append(r.families, f)
}

// WriteText writes every family in the text exposition format.
func (r *Registry) WriteText(w io.Writer) error {
	r.mu.Lock()
	families := slices.Clone(r.families)
	r.mu.Unlock()
	bw := bufio.NewWriter(w)
	for _, f := range families {
		name, help, typ := f.header()
		fmt.Fprintf(bw, "# HELP %s %s\n# TYPE %s %s\n", name, escapeHelp(help), name, typ)
		f.collect(bw)
	}
	return bw.Flush()
}

// ContentType is the media type of the text exposition format.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// Handler serves the registry's metrics: the admin listener's /metrics.
func (r *Registry) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", ContentType)
		w.Header().Set("Cache-Control", "no-store")
		r.WriteText(w)
	})
}

// labelSet is the label names of a family and the values of each series,
// looked up by their joined values. The names are fixed when the family is
// registered, so the number of series is bounded by what the caller passes
// as values — never a raw path or an ID.
type labelSet[S any] struct {
	names  []string
	mu     sync.RWMutex
	series map[string]*labelled[S]
	make   func() *S
}

type labelled[S any] struct {
	values []string
	s      *S
}

func newLabelSet[S any](names []string, mk func() *S) labelSet[S] {
	for _, n := range names {
		if !validLabel(n) {
			panic(fmt.Sprintf("metrics: invalid label name %q", n))
		}
	}
	return labelSet[S]{names: names, series: map[string]*labelled[S]{}, make: mk}
}

// with returns the series of the label values, creating it on first use.
func (l *labelSet[S]) with(values []string) *S {
	if len(values) != len(l.names) {
		panic(fmt.Sprintf("metrics: %d label values for labels %v", len(values), l.names))
	}
	key := strings.Join(values, "\xff")
	l.mu.RLock()
	s, ok := l.series[key]
	l.mu.RUnlock()
	if ok {
		return s.s
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if s, ok := l.series[key]; ok {
		return s.s
	}
	s = &labelled[S]{values: slices.Clone(values), s: l.make()}
	l.series[key] = s
	return s.s
}

// sorted returns the series ordered by their label values, so that a
// scrape reads the same from one time to the next.
func (l *labelSet[S]) sorted() []*labelled[S] {
	l.mu.RLock()
	out := make([]*labelled[S], 0, len(l.series))
	for _, s := range l.series {
		out = append(out, s)
	}
	l.mu.RUnlock()
	slices.SortFunc(out, func(a, b *labelled[S]) int { return slices.Compare(a.values, b.values) })
	return out
}

// Counter is a value that only goes up.
type Counter struct{ bits atomic.Uint64 }

// Add adds v (≥ 0) to the counter.
func (c *Counter) Add(v float64) {
	if v < 0 {
		panic("metrics: a counter cannot decrease")
	}
	addFloat(&c.bits, v)
}

// Inc adds one.
func (c *Counter) Inc() { c.Add(1) }

// Value is the counter's current value.
func (c *Counter) Value() float64 { return math.Float64frombits(c.bits.Load()) }

// CounterVec is a counter family with labels.
type CounterVec struct {
	name, help string
	labels     labelSet[Counter]
}

// Counter registers a counter family; by convention its name ends in _total.
func (r *Registry) Counter(name, help string, labels ...string) *CounterVec {
	c := &CounterVec{name: name, help: help, labels: newLabelSet(labels, func() *Counter { return new(Counter) })}
	r.register(c)
	return c
}

// With returns the counter of the label values, in the order of the
// family's label names.
func (c *CounterVec) With(values ...string) *Counter { return c.labels.with(values) }

func (c *CounterVec) header() (string, string, string) { return c.name, c.help, "counter" }

func (c *CounterVec) collect(w *bufio.Writer) {
	for _, s := range c.labels.sorted() {
		sample(w, c.name, c.labels.names, s.values, "", "", s.s.Value())
	}
}

// Gauge is a value that goes up and down.
type Gauge struct{ bits atomic.Uint64 }

// Add adds v (which may be negative).
func (g *Gauge) Add(v float64) { addFloat(&g.bits, v) }

// Set sets the gauge to v.
func (g *Gauge) Set(v float64) { g.bits.Store(math.Float64bits(v)) }

// Value is the gauge's current value.
func (g *Gauge) Value() float64 { return math.Float64frombits(g.bits.Load()) }

// GaugeVec is a gauge family with labels.
type GaugeVec struct {
	name, help string
	labels     labelSet[Gauge]
}

// Gauge registers a gauge family.
func (r *Registry) Gauge(name, help string, labels ...string) *GaugeVec {
	g := &GaugeVec{name: name, help: help, labels: newLabelSet(labels, func() *Gauge { return new(Gauge) })}
	r.register(g)
	return g
}

// With returns the gauge of the label values.
func (g *GaugeVec) With(values ...string) *Gauge { return g.labels.with(values) }

func (g *GaugeVec) header() (string, string, string) { return g.name, g.help, "gauge" }

func (g *GaugeVec) collect(w *bufio.Writer) {
	for _, s := range g.labels.sorted() {
		sample(w, g.name, g.labels.names, s.values, "", "", s.s.Value())
	}
}

// Histogram counts observations into buckets by their upper bound, with
// their sum: the distribution of request latencies, say.
type Histogram struct {
	bounds []float64       // upper bounds, increasing; +Inf is implicit
	counts []atomic.Uint64 // per bucket, not cumulative; the last is +Inf
	sum    atomic.Uint64   // float64 bits
}

// Observe records one value.
func (h *Histogram) Observe(v float64) {
	i, _ := slices.BinarySearch(h.bounds, v) // first bound ≥ v: le is inclusive
	h.counts[i].Add(1)
	addFloat(&h.sum, v)
}

// HistogramVec is a histogram family with labels.
type HistogramVec struct {
	name, help string
	labels     labelSet[Histogram]
}

// Histogram registers a histogram family with the given bucket upper
// bounds (strictly increasing, without +Inf).
func (r *Registry) Histogram(name, help string, bounds []float64, labels ...string) *HistogramVec {
	if len(bounds) == 0 || !slices.IsSorted(bounds) || slices.Contains(labels, "le") {
		panic(fmt.Sprintf("metrics: %s: buckets must be increasing and le is reserved", name))
	}
	for i := 1; i < len(bounds); i++ {
		if bounds[i] == bounds[i-1] {
			panic(fmt.Sprintf("metrics: %s: bucket %v twice", name, bounds[i]))
		}
	}
	bounds = slices.Clone(bounds)
	h := &HistogramVec{name: name, help: help, labels: newLabelSet(labels, func() *Histogram {
		return &Histogram{bounds: bounds, counts: make([]atomic.Uint64, len(bounds)+1)}
	})}
	r.register(h)
	return h
}

// With returns the histogram of the label values.
func (h *HistogramVec) With(values ...string) *Histogram { return h.labels.with(values) }

func (h *HistogramVec) header() (string, string, string) { return h.name, h.help, "histogram" }

func (h *HistogramVec) collect(w *bufio.Writer) {
	for _, s := range h.labels.sorted() {
		hist := s.s
		// _count is the +Inf bucket's cumulative total, summed once, so
		// the two agree even while requests are being observed.
		var cum uint64
		for i, b := range hist.bounds {
			cum += hist.counts[i].Load()
			sample(w, h.name+"_bucket", h.labels.names, s.values, "le", formatFloat(b), float64(cum))
		}
		cum += hist.counts[len(hist.bounds)].Load()
		sample(w, h.name+"_bucket", h.labels.names, s.values, "le", "+Inf", float64(cum))
		sample(w, h.name+"_sum", h.labels.names, s.values, "", "", math.Float64frombits(hist.sum.Load()))
		sample(w, h.name+"_count", h.labels.names, s.values, "", "", float64(cum))
	}
}

// Emit reports one sample of a family read at scrape time: its value and
// its label values, in the order of the family's label names.
type Emit func(value float64, labelValues ...string)

// funcFamily is a counter or gauge family whose samples are read when
// scraped, from state that lives elsewhere (sql.DBStats, the runtime).
type funcFamily struct {
	name, help, typ string
	labels          []string
	read            func(emit Emit)
}

// GaugeFunc registers a gauge family whose samples read calls emit for
// at every scrape.
func (r *Registry) GaugeFunc(name, help string, read func(emit Emit), labels ...string) {
	r.registerFunc(name, help, "gauge", read, labels)
}

// CounterFunc registers a counter family read at every scrape: the value
// read must only go up (a total the runtime or the pool keeps).
func (r *Registry) CounterFunc(name, help string, read func(emit Emit), labels ...string) {
	r.registerFunc(name, help, "counter", read, labels)
}

func (r *Registry) registerFunc(name, help, typ string, read func(Emit), labels []string) {
	for _, n := range labels {
		if !validLabel(n) {
			panic(fmt.Sprintf("metrics: invalid label name %q", n))
		}
	}
	r.register(&funcFamily{name: name, help: help, typ: typ, labels: labels, read: read})
}

func (f *funcFamily) header() (string, string, string) { return f.name, f.help, f.typ }

func (f *funcFamily) collect(w *bufio.Writer) {
	f.read(func(v float64, values ...string) {
		if len(values) != len(f.labels) {
			panic(fmt.Sprintf("metrics: %s: %d label values for labels %v", f.name, len(values), f.labels))
		}
		sample(w, f.name, f.labels, values, "", "", v)
	})
}

// sample writes one line: name{labels} value, with an extra label (le)
// when extraName is set.
func sample(w *bufio.Writer, name string, names, values []string, extraName, extraValue string, v float64) {
	w.WriteString(name)
	if len(names) > 0 || extraName != "" {
		w.WriteByte('{')
		for i, n := range names {
			if i > 0 {
				w.WriteByte(',')
			}
			w.WriteString(n)
			w.WriteString(`="`)
			w.WriteString(escapeLabel(values[i]))
			w.WriteByte('"')
		}
		if extraName != "" {
			if len(names) > 0 {
				w.WriteByte(',')
			}
			w.WriteString(extraName)
			w.WriteString(`="`)
			w.WriteString(extraValue)
			w.WriteByte('"')
		}
		w.WriteByte('}')
	}
	w.WriteByte(' ')
	w.WriteString(formatFloat(v))
	w.WriteByte('\n')
}

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, +1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// escapeLabel escapes a label value: backslash, double quote and newline.
func escapeLabel(s string) string {
	if !strings.ContainsAny(s, "\\\"\n") {
		return s
	}
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

// escapeHelp escapes a help text: backslash and newline.
func escapeHelp(s string) string {
	if !strings.ContainsAny(s, "\\\n") {
		return s
	}
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(s)
}

// validName reports whether s is a metric name: [a-zA-Z_:][a-zA-Z0-9_:]*.
func validName(s string) bool {
	for i, c := range s {
		switch {
		case c == '_' || c == ':' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

// validLabel reports whether s is a label name: [a-zA-Z_][a-zA-Z0-9_]*,
// not reserved (__ prefix).
func validLabel(s string) bool {
	return validName(s) && !strings.Contains(s, ":") && !strings.HasPrefix(s, "__")
}

// addFloat adds v to the float64 stored as bits in u.
func addFloat(u *atomic.Uint64, v float64) {
	for {
		old := u.Load()
		if u.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}
