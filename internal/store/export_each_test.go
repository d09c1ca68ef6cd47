package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/demo"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// loadDemo fills st with the small demo dataset: 7 colleges, 5,600
// students and the dual-training chain, enough for every list to have
// several pages under most filters.
func loadDemo(t *testing.T, st *store.Store) {
	t.Helper()
	if _, err := demo.Generate(context.Background(), st, refdata.All(), demo.Options{Scale: demo.ScaleSmall, Seed: 1}); err != nil {
		t.Fatal(err)
	}
}

// sameRows checks that a streaming reader hands over exactly the rows that
// paging through the list returns, in the same order and with the same
// values, and that the filter matches something (otherwise the comparison
// proves nothing).
func sameRows[T any](t *testing.T, name string, list func(domain.Page) (domain.List[T], error), each func(func(T) error) error, show func(T) string) {
	t.Helper()
	var paged []string
	for n := 1; ; n++ {
		l, err := list(domain.Page{Number: n, Size: domain.MaxPageSize})
		if err != nil {
			t.Fatalf("%s: page %d: %v", name, n, err)
		}
		for _, x := range l.Items {
			paged = append(paged, show(x))
		}
		if n >= l.Pages() {
			break
		}
	}
	var streamed []string
	if err := each(func(x T) error { streamed = append(streamed, show(x)); return nil }); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(paged) == 0 {
		t.Errorf("%s: the filter matches nothing", name)
	}
	if len(streamed) != len(paged) {
		t.Errorf("%s: streamed %d rows, the pages hold %d", name, len(streamed), len(paged))
	}
	for i := range min(len(streamed), len(paged)) {
		if streamed[i] != paged[i] {
			t.Errorf("%s: row %d streamed as\n  %s\nbut paged as\n  %s", name, i+1, streamed[i], paged[i])
			return
		}
	}
}

func show[T any](x T) string { return fmt.Sprintf("%+v", x) }

// TestExportEachMatchesPages: on both databases, every streaming reader
// holds what its list holds, page after page, under filters and sorts of
// every kind the pages offer.
func TestExportEachMatchesPages(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		loadDemo(t, st)
		// Records to filter by, taken from the data rather than assumed.
		colleges, err := st.CollegeNames(ctx, 0)
		if err != nil || len(colleges) == 0 {
			t.Fatal(err)
		}
		college := colleges[0]
		progs, err := st.Programmes(ctx, college.ID)
		if err != nil || len(progs) == 0 {
			t.Fatal(err)
		}
		trainee := first(t, func() (domain.List[domain.Student], error) {
			return st.Students(ctx, domain.StudentFilter{Dual: ptr(true), Page: domain.Page{Size: 1}})
		})
		prefix := string([]rune(trainee.Name.Last)[:2])
		offer := first(t, func() (domain.List[domain.Offer], error) {
			return st.Offers(ctx, domain.OfferFilter{Status: domain.OfferOpen, Page: domain.Page{Size: 1}})
		})
		qualification, err := st.Qualification(ctx, offer.QualificationCode)
		if err != nil {
			t.Fatal(err)
		}
		app := first(t, func() (domain.List[domain.Application], error) {
			return st.Applications(ctx, domain.ApplicationFilter{Page: domain.Page{Size: 1}})
		})
		applicant, err := st.Student(ctx, app.StudentID)
		if err != nil {
			t.Fatal(err)
		}
		// An agreement of a student whose group has a curator: a teacher's
		// view of agreements.
		var curated domain.Agreement
		var curator int64
		active, err := st.Agreements(ctx, domain.AgreementFilter{Status: domain.AgreementActive, Page: domain.Page{Size: domain.MaxPageSize}})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range active.Items {
			s, err := st.Student(ctx, a.StudentID)
			if err != nil {
				t.Fatal(err)
			}
			if g, err := st.Group(ctx, s.GroupID); err == nil && g.CuratorID != 0 {
				curated, curator = a, g.CuratorID
				break
			}
		}
		if curator == 0 {
			t.Fatal("no active agreement of a student in a supervised group")
		}

		t.Run("colleges", func(t *testing.T) {
			for _, f := range []domain.CollegeFilter{
				{}, {Sort: domain.SortNameDesc, Lang: "kk"}, {Sort: domain.SortStudentsDesc}, {Sort: domain.SortStudents},
				{RegionID: college.RegionID}, {Ownership: domain.OwnershipState, Lang: "en"}, {Query: "колледж"},
			} {
				sameRows(t, fmt.Sprintf("%+v", f),
					func(p domain.Page) (domain.List[domain.College], error) { f.Page = p; return st.Colleges(ctx, f) },
					func(fn func(domain.College) error) error { return st.EachCollege(ctx, f, fn) }, show)
			}
		})
		t.Run("enterprises", func(t *testing.T) {
			for _, f := range []domain.EnterpriseFilter{
				{}, {Sort: domain.SortNameDesc}, {Sort: domain.SortTraineesDesc}, {RegionID: college.RegionID, Lang: "kk"},
			} {
				sameRows(t, fmt.Sprintf("%+v", f),
					func(p domain.Page) (domain.List[domain.Enterprise], error) { f.Page = p; return st.Enterprises(ctx, f) },
					func(fn func(domain.Enterprise) error) error { return st.EachEnterprise(ctx, f, fn) }, show)
			}
		})
		t.Run("students", func(t *testing.T) {
			for _, f := range []domain.StudentFilter{
				{}, {Sort: domain.SortNameDesc}, {RegionID: college.RegionID}, {CollegeID: college.ID, Sort: domain.SortNameDesc},
				{Query: prefix}, {Dual: ptr(true), Funding: domain.FundingState}, {EnterpriseID: trainee.EnterpriseID},
				{Qualification: progs[0].SpecialtyCode}, {CollegeID: curated.CollegeID, CuratorID: curator},
				{Status: domain.StatusStudying, Dual: ptr(false)},
			} {
				sameRows(t, fmt.Sprintf("%+v", f),
					func(p domain.Page) (domain.List[domain.Student], error) { f.Page = p; return st.Students(ctx, f) },
					func(fn func(domain.Student) error) error { return st.EachStudent(ctx, f, fn) }, show)
			}
		})
		t.Run("offers", func(t *testing.T) {
			for _, f := range []domain.OfferFilter{
				{}, {Status: domain.OfferOpen}, {RegionID: offer.RegionID}, {EnterpriseID: offer.EnterpriseID},
				{Status: domain.OfferOpen, FromCityID: college.CityID, Sort: domain.SortDistance},
				{Qualification: offer.QualificationCode}, {Qualification: qualification.SpecialtyCode},
			} {
				sameRows(t, fmt.Sprintf("%+v", f),
					func(p domain.Page) (domain.List[domain.Offer], error) { f.Page = p; return st.Offers(ctx, f) },
					func(fn func(domain.Offer) error) error { return st.EachOffer(ctx, f, fn) }, show)
			}
		})
		t.Run("applications", func(t *testing.T) {
			for _, f := range []domain.ApplicationFilter{
				{}, {CollegeID: applicant.CollegeID}, {RegionID: offer.RegionID}, {OfferID: app.OfferID},
				{Status: app.Status},
			} {
				sameRows(t, fmt.Sprintf("%+v", f),
					func(p domain.Page) (domain.List[domain.Application], error) {
						f.Page = p
						return st.Applications(ctx, f)
					},
					func(fn func(domain.Application) error) error { return st.EachApplication(ctx, f, fn) }, show)
			}
		})
		t.Run("agreements", func(t *testing.T) {
			// The list carries each agreement's approvals; the stream leaves
			// them to the agreement's own page.
			noApprovals := func(a domain.Agreement) string { a.Approvals = nil; return show(a) }
			for _, f := range []domain.AgreementFilter{
				{}, {Status: domain.AgreementActive}, {CollegeID: curated.CollegeID}, {RegionID: college.RegionID},
				{EnterpriseID: curated.EnterpriseID}, {Query: prefix}, {CollegeID: curated.CollegeID, CuratorID: curator},
			} {
				sameRows(t, fmt.Sprintf("%+v", f),
					func(p domain.Page) (domain.List[domain.Agreement], error) { f.Page = p; return st.Agreements(ctx, f) },
					func(fn func(domain.Agreement) error) error { return st.EachAgreement(ctx, f, fn) }, noApprovals)
			}
		})
		t.Run("mentors", func(t *testing.T) {
			for _, f := range []domain.MentorFilter{{}, {EnterpriseID: curated.EnterpriseID}, {RegionID: college.RegionID}} {
				sameRows(t, fmt.Sprintf("%+v", f),
					func(p domain.Page) (domain.List[domain.Mentor], error) { f.Page = p; return st.Mentors(ctx, f) },
					func(fn func(domain.Mentor) error) error { return st.EachMentor(ctx, f, fn) }, show)
			}
		})
		t.Run("audit", func(t *testing.T) {
			for _, f := range []domain.AuditFilter{{}, {Login: "system"}, {From: time.Now().Add(-time.Hour)}} {
				sameRows(t, fmt.Sprintf("%+v", f),
					func(p domain.Page) (domain.List[domain.AuditEntry], error) { f.Page = p; return st.Audit(ctx, f) },
					func(fn func(domain.AuditEntry) error) error { return st.EachAuditEntry(ctx, f, fn) }, show)
			}
		})
	})
}

func ptr[T any](v T) *T { return &v }

// first is the first item of a list, which must have one.
func first[T any](t *testing.T, list func() (domain.List[T], error)) T {
	t.Helper()
	l, err := list()
	if err != nil || len(l.Items) == 0 {
		t.Fatalf("no record to filter by: %v", err)
	}
	return l.Items[0]
}

// TestExportEachIsASnapshotWithoutWriteLock: while a download is held
// open, as by a slow client, writers go on (on SQLite a reader that held
// the write lock would stall them until the busy timeout), and the
// download is the list as it was when it began.
func TestExportEachIsASnapshotWithoutWriteLock(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		for i := range 3 {
			s := f.student(t, i+1, "Абаева", fmt.Sprintf("Дана%d", i))
			if err := st.CreateStudent(ctx, &s); err != nil {
				t.Fatal(err)
			}
		}
		late := f.student(t, 99, "Яковлева", "Ия") // sorts last
		var seen []string
		err := st.EachStudent(ctx, domain.StudentFilter{}, func(s domain.Student) error {
			seen = append(seen, s.Name.Full())
			if len(seen) == 1 {
				wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
				defer cancel()
				if err := st.CreateStudent(wctx, &late); err != nil {
					return fmt.Errorf("a write during the download: %w", err)
				}
			}
			time.Sleep(10 * time.Millisecond) // a slow client
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(seen) != 3 || slices.Contains(seen, late.Name.Full()) {
			t.Errorf("the download held %q; want the three students there were when it began", seen)
		}
		var after int
		if err := st.EachStudent(ctx, domain.StudentFilter{}, func(domain.Student) error { after++; return nil }); err != nil || after != 4 {
			t.Errorf("the next download holds %d students (%v), want 4", after, err)
		}
	})
}

// TestExportEachStopsAndValidates: an error of fn ends the stream with
// that error; a bad filter is EINVALID before any row; paging is ignored.
func TestExportEachStopsAndValidates(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		for i := range 5 {
			s := f.student(t, i+1, "Бекова", fmt.Sprintf("Әсел%d", i))
			if err := st.CreateStudent(ctx, &s); err != nil {
				t.Fatal(err)
			}
		}
		stop := errors.New("client went away")
		n := 0
		err := st.EachStudent(ctx, domain.StudentFilter{}, func(domain.Student) error {
			if n++; n == 2 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || n != 2 {
			t.Errorf("after %d rows: %v, want the stop after 2", n, err)
		}
		err = st.EachStudent(ctx, domain.StudentFilter{Status: "dreaming"}, func(domain.Student) error {
			t.Error("a row of a bad filter")
			return nil
		})
		wantCode(t, err, domain.EINVALID, "status")
		n = 0
		if err := st.EachStudent(ctx, domain.StudentFilter{Page: domain.Page{Number: 3, Size: 2}}, func(domain.Student) error { n++; return nil }); err != nil || n != 5 {
			t.Errorf("with a page asked for: %d rows (%v), want all 5", n, err)
		}
	})
}
