package demo

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// BenchmarkGuidancePage serves a pupil's results page with its
// recommendations (/guidance/r/{id}?city=…) from a database of each kind
// holding what the recommendations read at national scale: the colleges,
// enterprises and programmes, the placement offers of the
// dual-training chain, and the state-funded seats and training orders the
// national demo's 560,000 students make (as in BenchmarkTargetedPages; the
// students themselves, which the recommendations read none of, are not
// stored, so the seats' fill is 0). Requests come from the public, one at a time, for a pupil in
// each of four cities in turn; the median and the 99th percentile are
// reported, and the time of the first build of the recommendations'
// snapshot. It loads for several minutes, so it runs only when asked:
//
//	go test -run '^$' -bench GuidancePage -benchtime 400x -timeout 60m ./internal/demo/
func BenchmarkGuidancePage(b *testing.B) {
	ctx := domain.WithActor(context.Background(), domain.System)
	for _, db := range testkit.Databases {
		b.Run(db.Name, func(b *testing.B) {
			dsn := db.DSN(b)
			st := testkit.OpenStore(b, dsn)
			p, w, iins := benchPlan(ctx, b)
			start := time.Now()
			tp := newTargetedPlan(p)
			var sum Summary
			for _, step := range []func() error{
				func() error { return writeRows(w, "colleges", p.colleges, st.InsertColleges) },
				func() error { return writeRows(w, "enterprises", p.enterprises, st.InsertEnterprises) },
				func() error { return writeRows(w, "programmes", p.programmes, st.InsertProgrammes) },
				func() error { return writeStream(w, "offers", p.streamOffers, st.InsertOffers) },
				func() error {
					// The students make the seats (tp notes each) but are
					// not stored: the recommendations read none of them.
					p.students(iins, tp.watchStudent(func(domain.Student) bool { return true }))
					seats, total := tp.seats()
					orders, _ := tp.contracts()
					sum.SeatRows, sum.Seats, sum.TrainingOrders = len(seats), total, len(orders)
					return firstError(
						func() error { return writeRows(w, "state-funded seats", seats, st.InsertSeats) },
						func() error { return writeRows(w, "training orders", orders, st.InsertTrainingOrders) },
					)
				},
				func() error { return st.FinishLoad(ctx) },
			} {
				if err := step(); err != nil {
					b.Fatal(err)
				}
			}
			b.Logf("%s: loaded %d seats in %d rows, %d training orders and the offers in %s", db.Name,
				sum.Seats, sum.SeatRows, sum.TrainingOrders, time.Since(start).Round(time.Second))
			app := testkit.StartApp(b, dsn)
			var answers domain.Answers
			for i := range domain.GuidanceItems {
				answers.Set(i, []int{4, 3, 1, 0, 1, 2}[i/domain.ItemsPerArea])
			}
			result, err := app.Store.CreateGuidanceResult(ctx, answers, 0)
			if err != nil {
				b.Fatal(err)
			}
			began := time.Now()
			if err := app.Store.RefreshGuidance(ctx); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: the recommendations' snapshot built in %s", db.Name, time.Since(began).Round(time.Millisecond))
			cities := []int64{1, 2, 3, 17} // Almaty, Astana, Shymkent and a small town
			n := 0
			timeCalls(b, db.Name+" /guidance/r/{id}?city=…", 8, func() time.Duration {
				path := "/guidance/r/" + result.ResultID + "?city=" + strconv.FormatInt(cities[n%len(cities)], 10)
				n++
				return timedGet(b, app.URL+path, "")
			})
		})
	}
}
