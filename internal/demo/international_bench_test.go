package demo

import (
	"context"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// BenchmarkInternationalDemo measures what issue 10 adds to the national
// demo's generation: the teachers' qualification records (a profile per
// teacher with courses and internships) and internationalisation
// (partners, agreements, foreign specialists, mobility). It writes what
// those refer to — colleges, enterprises, programmes, teachers, groups and
// the 560,000 students — untimed, and times the two parts, reported as
// s/teacher-records and s/international (the planning done while the
// teachers and students stream past is not separated: it is in-memory
// drawing per row). It loads for a minute or two, so it runs only when
// asked:
//
//	go test -run '^$' -bench 'InternationalDemo/sqlite' -benchtime 1x -timeout 30m ./internal/demo/
func BenchmarkInternationalDemo(b *testing.B) {
	ctx := domain.WithActor(context.Background(), domain.System)
	for _, db := range testkit.Databases {
		b.Run(db.Name, func(b *testing.B) {
			for b.Loop() { // ns/op is the whole load; the two parts are the metrics
				st := testkit.OpenStore(b, db.DSN(b))
				p, w, iins := benchPlan(ctx, b)
				intl := newIntlPlan(p)
				tq := newTeacherPlan(p, intl)
				var sum Summary
				var records, international time.Duration
				timed := func(d *time.Duration, write func() error) func() error {
					return func() error {
						began := time.Now()
						defer func() { *d = time.Since(began) }()
						return write()
					}
				}
				for _, step := range []func() error{
					func() error { return writeRows(w, "colleges", p.colleges, st.InsertColleges) },
					func() error { return writeRows(w, "enterprises", p.enterprises, st.InsertEnterprises) },
					func() error { return writeRows(w, "programmes", p.programmes, st.InsertProgrammes) },
					func() error {
						return writeStream(w, "teachers", func(emit func(domain.Teacher) bool) { p.teachers(iins, tq.watch(emit)) }, st.InsertTeachers)
					},
					timed(&records, func() error { return writeTeacherRecords(w, st, tq, &sum) }),
					func() error { return writeRows(w, "groups", p.groups, st.InsertGroups) },
					func() error {
						return writeStream(w, "students", func(emit func(domain.Student) bool) { p.students(iins, intl.watchStudent(emit)) },
							st.InsertStudents)
					},
					timed(&international, func() error { return writeInternational(w, st, p, intl, &sum) }),
				} {
					if err := step(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(records.Seconds(), "s/teacher-records")
				b.ReportMetric(international.Seconds(), "s/international")
				b.Logf("%s: %d teacher profiles, %d courses, %d internships in %s; %d partners, %d agreements, %d specialists, %d mobilities in %s",
					db.Name, sum.TeacherProfiles, sum.TeacherCourses, sum.TeacherInternships, records.Round(time.Millisecond),
					sum.Partners, sum.Partnerships, sum.ForeignSpecialists, sum.Mobility, international.Round(time.Millisecond))
			}
		})
	}
}
