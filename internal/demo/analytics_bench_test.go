package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// BenchmarkAnalytics generates the whole national demo dataset — 560,000
// students, the dual-training chain, graduates of three years with their
// contracts, patronage and targeted training — into a database of each
// kind, as `dualtrack demo` does (which makes the dashboards' counts at
// the end), then times the dashboards one call at a time: the data call
// (the store's Dashboard) of the country and of a region, and the
// dashboard pages over HTTP to the ministry's session. It reports the
// median and the 99th percentile of each. Loading takes minutes, so it
// runs only when asked:
//
//	go test -run '^$' -bench Analytics -benchtime 200x -timeout 60m ./internal/demo/
func BenchmarkAnalytics(b *testing.B) {
	ctx := domain.WithActor(context.Background(), domain.System)
	for _, db := range testkit.Databases {
		b.Run(db.Name, func(b *testing.B) {
			dsn := db.DSN(b)
			st := testkit.OpenStore(b, dsn)
			start := time.Now()
			sum, err := Generate(ctx, st, refdata.All(), Options{Scale: ScaleNational, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: %d students, %d dual, generated with the dashboards' counts in %s", db.Name, sum.Students, sum.DualStudents,
				time.Since(start).Round(time.Second))
			measureDashboards(b, st, dsn, db.Name)
		})
	}
}

// measureDashboards times, on a database holding a demo dataset, one
// recount of the dashboards' counts, then the dashboards one call at a
// time: the data call (the store's Dashboard) of the country and of a
// region, and the pages over HTTP to a ministry session. It reports the
// median and the 99th percentile of each.
func measureDashboards(b *testing.B, st *store.Store, dsn, dbName string) {
	ctx := domain.WithActor(context.Background(), domain.System)
	refresh := time.Now()
	if err := st.RefreshAnalytics(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: a refresh of the counts takes %s", dbName, time.Since(refresh).Round(time.Millisecond))

	for _, c := range []struct {
		name string
		f    domain.AnalyticsFilter
	}{{"data_national", domain.AnalyticsFilter{}}, {"data_region_75", domain.AnalyticsFilter{RegionID: 75}}} {
		b.Run(c.name, func(b *testing.B) {
			timeCalls(b, dbName+" "+b.Name(), 5, func() time.Duration {
				start := time.Now()
				d, err := st.Dashboard(ctx, c.f)
				if err != nil {
					b.Fatal(err)
				}
				if t, _ := d.Tile(domain.TileStudents); t.Value == 0 {
					b.Fatalf("%s: an empty dashboard", c.name)
				}
				return time.Since(start)
			})
		})
	}

	app := testkit.StartApp(b, dsn)
	u := testkit.NewUser(b, app.Store, domain.User{Role: domain.RoleMinistry})
	cookie := signInCookie(b, app.URL, u.Login)
	for _, path := range []string{"/analytics", "/analytics?region=75"} {
		b.Run("page"+strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(path), func(b *testing.B) {
			timeCalls(b, dbName+" "+b.Name(), 5, func() time.Duration { return timedGet(b, app.URL+path, cookie) })
		})
	}
}
