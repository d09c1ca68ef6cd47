package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestBulkLoad loads rows with preset IDs across several statements, then
// checks that IDs continue after them (the PostgreSQL sequences moved) and
// that one invalid row rolls back its whole batch.
func TestBulkLoad(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		colleges := []domain.College{{ID: 10, BIN: bin(t, "99034000101"), Name: domain.Names{KK: "Колледж", RU: "Колледж"}, RegionID: 75, CityID: 1, Ownership: "state"}}
		if err := st.InsertColleges(ctx, colleges); err != nil {
			t.Fatal(err)
		}
		programmes := []domain.Programme{{ID: 7, CollegeID: 10, SpecialtyCode: "06130100", DurationMonths: 34, HoursTotal: 100, HoursPractice: 50, HoursEnterprise: 10}}
		if err := st.InsertProgrammes(ctx, programmes); err != nil {
			t.Fatal(err)
		}
		if err := st.InsertGroups(ctx, []domain.Group{{ID: 3, CollegeID: 10, ProgrammeID: 7, Code: "А-1", IntakeYear: 2024, Language: "ru"}}); err != nil {
			t.Fatal(err)
		}
		// 2,500 students: more than one statement on both databases (one row
		// per statement on SQLite, 1,000 on PostgreSQL).
		var students []domain.Student
		for i := 0; len(students) < 2500; i++ {
			iin, ok := domain.CompleteIdentifier(fmt.Sprintf("0801015%04d", i))
			if !ok {
				continue
			}
			students = append(students, domain.Student{ID: int64(100 + len(students)), IIN: iin,
				Name:      domain.PersonName{Last: fmt.Sprintf("Фамилия%04d", i), First: "Ерлан"},
				CollegeID: 10, GroupID: 3, ProgrammeID: 7, Funding: "state", Status: "studying",
				EnrolledOn: time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC)})
		}
		if err := st.InsertStudents(ctx, students); err != nil {
			t.Fatal(err)
		}
		if err := st.FinishLoad(ctx); err != nil {
			t.Fatal(err)
		}
		list, err := st.Students(ctx, domain.StudentFilter{CollegeID: 10, Query: "фамилия0002"})
		if err != nil || list.Total != 1 || list.Items[0].Name.First != "Ерлан" {
			t.Fatalf("loaded student not found: %+v %v", list, err)
		}
		c := domain.College{BIN: bin(t, "99034000202"), Name: domain.Names{KK: "Жаңа", RU: "Новый"}, RegionID: 75, CityID: 1, Ownership: "private"}
		if err := st.CreateCollege(ctx, &c); err != nil || c.ID <= 10 {
			t.Fatalf("create after load: id %d, %v", c.ID, err)
		}

		bad := []domain.Student{students[0], students[1]}
		bad[0].ID, bad[0].IIN = 5000, mustIIN(t, "0801015", 9990)
		bad[1].ID, bad[1].IIN = 5001, "080101500000"
		err = st.InsertStudents(ctx, bad)
		if err == nil || !strings.Contains(err.Error(), "row 2") {
			t.Fatalf("bad batch: %v", err)
		}
		wantCode(t, err, domain.EINVALID, "iin")
		if _, err := st.Student(ctx, 5000); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("the valid row of a failed batch was written: %v", err)
		}
	})
}

func mustIIN(t *testing.T, prefix string, from int) string {
	for i := from; ; i++ {
		if s, ok := domain.CompleteIdentifier(fmt.Sprintf("%s%04d", prefix, i)); ok {
			return s
		}
	}
}
