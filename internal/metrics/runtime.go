package metrics

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RegisterRuntime registers the Go runtime's basics (goroutines, heap, the
// garbage collector) and the process's resident memory and start time.
func RegisterRuntime(r *Registry) {
	started := float64(time.Now().UnixNano()) / 1e9
	mem := &memStats{}
	r.GaugeFunc("go_goroutines", "Goroutines that currently exist.", func(emit Emit) {
		emit(float64(runtime.NumGoroutine()))
	})
	r.GaugeFunc("go_memstats_heap_alloc_bytes", "Bytes of allocated heap objects.", func(emit Emit) {
		emit(float64(mem.read().HeapAlloc))
	})
	r.GaugeFunc("go_memstats_heap_inuse_bytes", "Bytes in in-use heap spans.", func(emit Emit) {
		emit(float64(mem.read().HeapInuse))
	})
	r.GaugeFunc("go_memstats_sys_bytes", "Bytes of memory obtained from the operating system by the Go runtime.", func(emit Emit) {
		emit(float64(mem.read().Sys))
	})
	r.CounterFunc("go_gc_cycles_total", "Completed garbage collection cycles.", func(emit Emit) {
		emit(float64(mem.read().NumGC))
	})
	r.CounterFunc("go_gc_pause_seconds_total", "Time the world was stopped for garbage collection.", func(emit Emit) {
		emit(float64(mem.read().PauseTotalNs) / 1e9)
	})
	r.GaugeFunc("process_resident_memory_bytes", "Resident memory of the process (Linux: /proc/self/statm).", func(emit Emit) {
		if rss, ok := residentBytes(); ok {
			emit(float64(rss))
		}
	})
	r.GaugeFunc("process_start_time_seconds", "When the process registered its metrics, in seconds since 1970.", func(emit Emit) {
		emit(started)
	})
}

// memStats reads runtime.MemStats at most once per scrape: the read
// stops the world briefly, and five families share it.
type memStats struct {
	mu   sync.Mutex
	at   time.Time
	last runtime.MemStats
}

func (m *memStats) read() *runtime.MemStats {
	m.mu.Lock()
	defer m.mu.Unlock()
	if time.Since(m.at) > time.Second {
		runtime.ReadMemStats(&m.last)
		m.at = time.Now()
	}
	return &m.last
}

// residentBytes is the resident set size of this process, where the
// system tells it through /proc.
func residentBytes() (int64, bool) {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0, false
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * int64(os.Getpagesize()), true
}
