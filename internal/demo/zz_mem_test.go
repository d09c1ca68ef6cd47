package demo

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/refdata"
)

func TestZZMem(t *testing.T) {
	var peak uint64
	var peakAt int64
	start := time.Now()
	var ms runtime.MemStats
	_, err := Generate(context.Background(), discard{}, refdata.All(), Options{Scale: ScaleNational, Seed: 1, Progress: func(done, total int64) {
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > peak {
			peak, peakAt = ms.HeapInuse, done
		}
	}})
	runtime.ReadMemStats(&ms)
	fmt.Println(time.Since(start), err, "peak heap in use MB", peak>>20, "at row", peakAt, "sys MB", ms.Sys>>20)
}
