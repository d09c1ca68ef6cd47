package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestCollegeFiguresFollowEveryWriter checks a college's students and dual
// students — kept beside the college rather than counted at each read —
// after every kind of write that adds, moves or places a student: the
// form, an agreement signed and one terminated, the bulk loader and an
// import that moves a student to another college. Each time the college by
// ID, the list and the list sorted by students agree, and the list of
// the college's students has as many.
func TestCollegeFiguresFollowEveryWriter(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := domain.WithActor(context.Background(), domain.System)
		tr := newTraining(t, st)
		other := domain.College{BIN: bin(t, "01044000202"), Name: domain.Names{KK: "Астана колледжі", RU: "Колледж Астаны", EN: "Astana College"},
			RegionID: 71, CityID: 2, Ownership: domain.OwnershipPrivate, Address: "Астана"}
		mustDo(t, st.CreateCollege(ctx, &other))
		programme := domain.Programme{CollegeID: other.ID, SpecialtyCode: "06130100", QualificationCode: "4S06130103",
			DurationMonths: 34, HoursTotal: 5760, HoursPractice: 2000, HoursEnterprise: 0}
		mustDo(t, st.CreateProgramme(ctx, &programme))
		group := domain.Group{CollegeID: other.ID, ProgrammeID: programme.ID, Code: "ПО-23-2", IntakeYear: 2023, Language: "ru"}
		mustDo(t, st.CreateGroup(ctx, &group))

		check := func(when string, want map[int64][2]int) {
			t.Helper()
			for id, w := range want {
				c, err := st.College(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				all, _ := st.Students(ctx, domain.StudentFilter{CollegeID: id})
				if got := [2]int{c.Students, c.DualStudents}; got != w || all.Total != w[0] {
					t.Errorf("%s: college %d has %v students and students at an enterprise (%d students listed), want %v",
						when, id, got, all.Total, w)
				}
			}
			list, err := st.Colleges(ctx, domain.CollegeFilter{Sort: domain.SortStudentsDesc})
			if err != nil {
				t.Fatal(err)
			}
			var order []string
			for i, c := range list.Items {
				if w, ok := want[c.ID]; ok && [2]int{c.Students, c.DualStudents} != w {
					t.Errorf("%s: college %d in the list has %d and %d, want %v", when, c.ID, c.Students, c.DualStudents, w)
				}
				if i > 0 && c.Students > list.Items[i-1].Students {
					order = append(order, fmt.Sprintf("%d after %d", c.Students, list.Items[i-1].Students))
				}
			}
			if len(order) > 0 {
				t.Errorf("%s: the list by students is out of order: %v", when, order)
			}
		}
		college := tr.college.ID
		check("no students", map[int64][2]int{college: {0, 0}, other.ID: {0, 0}})

		dana, danaUser := tr.newStudent(t, "Ахметова", "Дана")
		asel, aselUser := tr.newStudent(t, "Бекова", "Әсел")
		check("two students added", map[int64][2]int{college: {2, 0}, other.ID: {0, 0}})

		tr.activate(t, dana, danaUser, tr.terms())
		a := tr.activate(t, asel, aselUser, tr.terms())
		check("two agreements signed", map[int64][2]int{college: {2, 2}})
		mustDo(t, st.TerminateAgreement(ctx, a.ID, "Студентка перевелась в другой колледж"))
		check("an agreement terminated", map[int64][2]int{college: {2, 1}})

		bulk := []domain.Student{tr.student(t, 50, "Иванова", "Мария"), tr.student(t, 51, "Ким", "Алина")}
		bulk[0].ID, bulk[1].ID = 900, 901
		bulk[1].EnterpriseID = 0
		mustDo(t, st.InsertStudents(ctx, bulk))
		check("two students loaded in bulk", map[int64][2]int{college: {4, 2}})

		// An import moves Әсел (no longer placed) to the other college and
		// adds a new student there.
		row := func(line int, s domain.Student) domain.StudentRow {
			id, err := domain.ParseIIN("iin", s.IIN)
			if err != nil {
				t.Fatal(err)
			}
			return domain.StudentRow{Line: line, IIN: s.IIN, Name: s.Name, BirthDate: id.BirthDate, Sex: id.Sex, CollegeBIN: other.BIN,
				Group: group.Code, Funding: domain.FundingPaid, Status: domain.StatusStudying, EnrolledOn: time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC)}
		}
		if _, err := st.ImportStudents(ctx, domain.ImportRequest{File: "students.csv"},
			studentRows(row(2, asel), row(3, tr.student(t, 60, "Нурова", "Асель")))); err != nil {
			t.Fatal(err)
		}
		check("a student moved by an import and one imported", map[int64][2]int{college: {3, 2}, other.ID: {2, 0}})
	})
}
