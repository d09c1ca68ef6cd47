package demo

import (
	"context"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// BenchmarkGenerateNational loads the national dataset into a fresh
// database of each kind. It takes a while, so it runs only when asked:
//
//	go test -run '^$' -bench GenerateNational -benchtime 1x ./internal/demo/
//
// For peak memory, run it under /usr/bin/time -v with one database, e.g.
// -bench 'GenerateNational/sqlite'.
func BenchmarkGenerateNational(b *testing.B) {
	ref := refdata.All()
	for _, db := range testkit.Databases {
		b.Run(db.Name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				st := testkit.OpenStore(b, db.DSN(b))
				b.StartTimer()
				start := time.Now()
				sum, err := Generate(context.Background(), st, ref, Options{Scale: ScaleNational, Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
				elapsed := time.Since(start)
				b.ReportMetric(float64(sum.Rows())/elapsed.Seconds(), "rows/s")
				b.Logf("%s: %+v in %s", db.Name, sum, elapsed.Round(time.Millisecond))
			}
		})
	}
}

// benchPlan is where a benchmark of national-size pages starts: the
// national plan of seed 1, the writer its rows go through and the IIN
// allocator they are made with. Each benchmark writes the parts of the plan
// its pages read, and no more, so that loading takes minutes, not the
// whole demo's.
func benchPlan(ctx context.Context, b *testing.B) (*plan, *writer, *iinAllocator) {
	b.Helper()
	opts := Options{Scale: ScaleNational, Seed: 1}
	if err := opts.normalize(); err != nil {
		b.Fatal(err)
	}
	p, err := newPlan(refdata.All(), opts)
	if err != nil {
		b.Fatal(err)
	}
	return p, &writer{ctx: ctx, batch: opts.BatchSize}, newIINAllocator(p.seed)
}
