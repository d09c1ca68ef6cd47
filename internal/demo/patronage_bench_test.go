package demo

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// BenchmarkPatronagePage serves the national patronage page (and a
// region's memoranda) from a database of each kind holding the national
// dataset's colleges, enterprises and patronage — 4,400 memoranda with
// 12,000 commitments and 17,000 reports — to the ministry's session over
// HTTP, one request at a time, and reports the median and the 99th
// percentile. The rest of the national dataset (students, the dual-training
// chain) is not loaded: the pages read none of it. It runs only when asked:
//
//	go test -run '^$' -bench PatronagePage -benchtime 200x ./internal/demo/
func BenchmarkPatronagePage(b *testing.B) {
	ctx := context.Background()
	for _, db := range testkit.Databases {
		b.Run(db.Name, func(b *testing.B) {
			dsn := db.DSN(b)
			st := testkit.OpenStore(b, dsn)
			p, err := newPlan(refdata.All(), Options{Scale: ScaleNational, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			if err := firstError(
				func() error { return st.InsertColleges(ctx, p.colleges) },
				func() error { return st.InsertEnterprises(ctx, p.enterprises) },
			); err != nil {
				b.Fatal(err)
			}
			// What patronage adds to the national demo's time: planning
			// and writing it.
			start := time.Now()
			pp := p.planPatronage()
			if err := firstError(
				func() error { return st.InsertMemoranda(ctx, pp.memoranda) },
				func() error { return st.InsertFulfilments(ctx, pp.fulfilments) },
			); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: %d memoranda with %d reports planned and written in %s", db.Name, len(pp.memoranda), len(pp.fulfilments),
				time.Since(start).Round(time.Millisecond))
			if err := st.FinishLoad(ctx); err != nil {
				b.Fatal(err)
			}
			app := testkit.StartApp(b, dsn)
			u := testkit.NewUser(b, app.Store, domain.User{Role: domain.RoleMinistry})
			cookie := signInCookie(b, app.URL, u.Login)
			for _, path := range []string{"/patronage", "/memoranda?region=75"} {
				b.Run(strings.Trim(strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(path), "_"), func(b *testing.B) {
					timeCalls(b, db.Name+" "+path, 5, func() time.Duration { return timedGet(b, app.URL+path, cookie) })
				})
			}
		})
	}
}

// timeCalls times call under b, after warm calls that fill the caches and
// open the connection, and reports the median and the 99th percentile of
// the calls as p50-ms and p99-ms and in the log, after label.
func timeCalls(b *testing.B, label string, warm int, call func() time.Duration) {
	for range warm {
		call()
	}
	var took []time.Duration
	for b.Loop() {
		took = append(took, call())
	}
	slices.Sort(took)
	p50, p99 := took[len(took)/2], took[min(len(took)-1, len(took)*99/100)]
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	b.Logf("%s: %d calls, p50 %s, p99 %s", label, len(took), p50.Round(10*time.Microsecond), p99.Round(10*time.Microsecond))
}

// timedGet requests url with the session cookie (none when empty), reads
// the whole answer and returns how long it took; any status but 200
// fails the benchmark.
func timedGet(b *testing.B, url, cookie string) time.Duration {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("GET %s: %s", url, resp.Status)
	}
	return time.Since(start)
}

// signInCookie signs in through the sign-in form and returns the Cookie
// header of the session.
func signInCookie(b *testing.B, base, login string) string {
	b.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(base+"/signin", url.Values{"login": {login}, "password": {testkit.Password}})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Value != "" {
			return fmt.Sprintf("%s=%s", c.Name, c.Value)
		}
	}
	b.Fatalf("sign in: %s, no session cookie", resp.Status)
	return ""
}

// firstError runs steps in order and returns the first error.
func firstError(steps ...func() error) error {
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
