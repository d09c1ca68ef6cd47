package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// BenchmarkTargetedPages serves the national pages of state-funded seats
// and targeted training (and a region's) from a database of each kind
// holding what they are made of at national scale: the colleges,
// enterprises, programmes, groups, teachers, the 560,000 students and the
// graduates of three years, with the seats, orders and contracts the demo
// gives them — the dual-training chain, which the pages read none of, is
// left out. Requests go to the ministry's session over HTTP one at a time;
// the median and the 99th percentile are reported. It loads for a few
// minutes, so it runs only when asked:
//
//	go test -run '^$' -bench TargetedPages -benchtime 200x -timeout 30m ./internal/demo/
func BenchmarkTargetedPages(b *testing.B) {
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
				func() error {
					return writeStream(w, "teachers", func(emit func(domain.Teacher) bool) { p.teachers(iins, emit) }, st.InsertTeachers)
				},
				func() error { return writeRows(w, "groups", p.groups, st.InsertGroups) },
				func() error {
					return writeStream(w, "students", func(emit func(domain.Student) bool) { p.students(iins, tp.watchStudent(emit)) },
						st.InsertStudents)
				},
				func() error {
					sum.Students = p.summary(ScaleNational).Students
					return writeGraduates(ctx, w, tp.loader(st), p, iins, &sum)
				},
				func() error {
					began := time.Now()
					defer func() {
						b.Logf("%s: seats and targeted training written in %s", db.Name, time.Since(began).Round(100*time.Millisecond))
					}()
					return writeTargeted(ctx, w, st, tp, &sum)
				},
				func() error { return st.FinishLoad(ctx) },
			} {
				if err := step(); err != nil {
					b.Fatal(err)
				}
			}
			b.Logf("%s: loaded %d students, %d graduates, %d seats in %d rows (%d taken), %d contracts (%d obligations) on %d orders, %d alerts in %s",
				db.Name, sum.Students, sum.Graduates, sum.Seats, sum.SeatRows, sum.StateFunded, sum.TargetedContracts, sum.Obligations,
				sum.TrainingOrders, sum.ObligationAlerts, time.Since(start).Round(time.Second))
			app := testkit.StartApp(b, dsn)
			u := testkit.NewUser(b, app.Store, domain.User{Role: domain.RoleMinistry})
			cookie := signInCookie(b, app.URL, u.Login)
			for _, path := range []string{"/seats", "/targeted", "/seats?region=75", "/targeted?region=75"} {
				b.Run(strings.Trim(strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(path), "_"), func(b *testing.B) {
					timeCalls(b, db.Name+" "+path, 5, func() time.Duration { return timedGet(b, app.URL+path, cookie) })
				})
			}
		})
	}
}
