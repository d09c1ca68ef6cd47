package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// fixture is a small registry: one college in Almaty with a dual programme,
// a group, an enterprise, and students.
type fixture struct {
	college    domain.College
	enterprise domain.Enterprise
	programme  domain.Programme
	group      domain.Group
}

func bin(t *testing.T, first11 string) string {
	t.Helper()
	s, ok := domain.CompleteIdentifier(first11)
	if !ok {
		t.Fatalf("no check digit for %s", first11)
	}
	return s
}

func newFixture(t *testing.T, st *store.Store) fixture {
	t.Helper()
	ctx := context.Background()
	f := fixture{
		college: domain.College{BIN: bin(t, "99034000101"), Name: domain.Names{KK: "Алматы политехникалық колледжі", RU: "Алматинский политехнический колледж", EN: "Almaty Polytechnic College"},
			RegionID: 75, CityID: 1, Ownership: domain.OwnershipState, Address: "Алматы, Абай даңғылы 1"},
		enterprise: domain.Enterprise{BIN: bin(t, "05044000777"), Name: domain.Names{RU: "ТОО «Алматы Энерго Сервис»"}, RegionID: 75, CityID: 1, Industry: "D", Employees: 450},
	}
	if err := st.CreateCollege(ctx, &f.college); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateEnterprise(ctx, &f.enterprise); err != nil {
		t.Fatal(err)
	}
	f.programme = domain.Programme{CollegeID: f.college.ID, SpecialtyCode: "06130100", QualificationCode: "4S06130103",
		DurationMonths: 34, Dual: true, HoursTotal: 5760, HoursPractice: 2000, HoursEnterprise: 1400}
	if err := st.CreateProgramme(ctx, &f.programme); err != nil {
		t.Fatal(err)
	}
	f.group = domain.Group{CollegeID: f.college.ID, ProgrammeID: f.programme.ID, Code: "ПО-23-1", IntakeYear: 2023, Language: "kk"}
	if err := st.CreateGroup(ctx, &f.group); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f fixture) student(t *testing.T, serial int, last, first string) domain.Student {
	return domain.Student{
		IIN:  bin(t, fmt.Sprintf("0703156%04d", serial)), // 15 March 2007, girl
		Name: domain.PersonName{Last: last, First: first}, CollegeID: f.college.ID, GroupID: f.group.ID,
		ProgrammeID: f.programme.ID, Funding: domain.FundingState, Status: domain.StatusStudying,
		EnrolledOn: time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC), EnterpriseID: f.enterprise.ID,
	}
}

func wantCode(t *testing.T, err error, code, field string) {
	t.Helper()
	var e *domain.Error
	if !errors.As(err, &e) || e.Code != code || (field != "" && e.Field != field) {
		t.Fatalf("got error %v, want code %s on field %q", err, code, field)
	}
}

func TestReferenceDataLoaded(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		regions, err := st.Regions(ctx)
		if err != nil || len(regions) != 20 {
			t.Fatalf("regions: %d, %v", len(regions), err)
		}
		almaty, err := st.Region(ctx, 75)
		if err != nil || almaty.Name.RU != "г. Алматы" || almaty.ISO != "KZ-75" {
			t.Fatalf("region 75 = %+v, %v", almaty, err)
		}
		if _, err := st.Region(ctx, 99); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("region 99: want not found, got %v", err)
		}
		cities, err := st.Cities(ctx, 63)
		if err != nil || len(cities) != 6 || cities[0].Name.RU != "Усть-Каменогорск" {
			t.Fatalf("East Kazakhstan cities: %+v, %v", cities, err)
		}
		specs, _ := st.Specialties(ctx)
		quals, _ := st.Qualifications(ctx, "06130100")
		if len(specs) != 70 || len(quals) != 3 {
			t.Fatalf("classifier: %d specialties, %d qualifications of 06130100", len(specs), len(quals))
		}
		fields, _ := st.ISCEDFields(ctx)
		if len(fields) != 219 {
			t.Fatalf("ISCED-F: %d", len(fields))
		}
	})
}

func TestRegistryRoundTrip(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		for i, n := range [][2]string{{"Әбілқасымова", "Айгерім"}, {"Иванова", "Мария"}, {"Ахметова", "Дана"}} {
			s := f.student(t, i+1, n[0], n[1])
			if err := st.CreateStudent(ctx, &s); err != nil {
				t.Fatalf("student %d: %v", i, err)
			}
		}
		got, err := st.College(ctx, f.college.ID)
		if err != nil || got.Students != 3 || got.DualStudents != 3 || got.Name != f.college.Name {
			t.Fatalf("college = %+v, %v", got, err)
		}
		e, err := st.Enterprise(ctx, f.enterprise.ID)
		if err != nil || e.Trainees != 3 {
			t.Fatalf("enterprise = %+v, %v", e, err)
		}

		// Search by the start of the name is case-insensitive, in Kazakh too.
		list, err := st.Students(ctx, domain.StudentFilter{Query: "ӘБІЛ"})
		if err != nil || list.Total != 1 || list.Items[0].Name.First != "Айгерім" {
			t.Fatalf("search ӘБІЛ: %+v, %v", list, err)
		}
		s := list.Items[0]
		if s.BirthDate.Format(time.DateOnly) != "2007-03-15" || s.Sex != domain.Female || s.GroupCode != "ПО-23-1" ||
			s.Enterprise.RU != "ТОО «Алматы Энерго Сервис»" || !s.Dual || s.Qualification.RU != "Разработчик программного обеспечения" {
			t.Fatalf("student as listed: %+v", s)
		}
		// Sorted by name, paginated.
		list, err = st.Students(ctx, domain.StudentFilter{RegionID: 75, Qualification: "4S06130103", Page: domain.Page{Number: 1, Size: 2}})
		if err != nil || list.Total != 3 || len(list.Items) != 2 || list.Items[0].Name.Last != "Ахметова" || list.Pages() != 2 {
			t.Fatalf("filtered page 1: %+v, %v", list, err)
		}
		list, _ = st.Students(ctx, domain.StudentFilter{Qualification: "06130100", Page: domain.Page{Number: 2, Size: 2}})
		// Kazakh alphabet order: Ахметова, Әбілқасымова, Иванова.
		if len(list.Items) != 1 || list.Items[0].Name.Last != "Иванова" {
			t.Fatalf("page 2: %+v", list.Items)
		}
		list, _ = st.Students(ctx, domain.StudentFilter{RegionID: 71})
		if list.Total != 0 || len(list.Items) != 0 {
			t.Fatalf("Astana should have no students: %+v", list)
		}
		// Whole IIN finds the person.
		list, _ = st.Students(ctx, domain.StudentFilter{Query: s.IIN})
		if list.Total != 1 {
			t.Fatalf("search by IIN: %+v", list)
		}

		colleges, err := st.Colleges(ctx, domain.CollegeFilter{Query: "политехнич"})
		if err != nil || colleges.Total != 1 {
			t.Fatalf("college search: %+v, %v", colleges, err)
		}
		colleges, _ = st.Colleges(ctx, domain.CollegeFilter{Query: "50%_"})
		if colleges.Total != 0 {
			t.Fatalf("LIKE wildcards in the query must be literal: %+v", colleges)
		}
		ents, err := st.Enterprises(ctx, domain.EnterpriseFilter{Industry: "D", RegionID: 75, Sort: domain.SortTraineesDesc})
		if err != nil || ents.Total != 1 {
			t.Fatalf("enterprises: %+v, %v", ents, err)
		}
		counts, err := st.Counts(ctx)
		if err != nil || counts.Students != 3 || counts.DualStudents != 3 || counts.Colleges != 1 || counts.Regions != 20 {
			t.Fatalf("counts: %+v, %v", counts, err)
		}
	})
}

func TestRegistryRejectsBadInput(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)

		dup := f.college
		dup.ID = 0
		wantCode(t, st.CreateCollege(ctx, &dup), domain.ECONFLICT, "bin")

		wrongCity := domain.College{BIN: bin(t, "99034000202"), Name: f.college.Name, RegionID: 71, CityID: 1, Ownership: "state"}
		wantCode(t, st.CreateCollege(ctx, &wrongCity), domain.EINVALID, "city_id")

		lowShare := domain.Programme{CollegeID: f.college.ID, SpecialtyCode: "06130100", DurationMonths: 34, Dual: true,
			HoursTotal: 5760, HoursPractice: 2000, HoursEnterprise: 1199}
		wantCode(t, st.CreateProgramme(ctx, &lowShare), domain.EINVALID, "hours_enterprise")

		unknownSpec := domain.Programme{CollegeID: f.college.ID, SpecialtyCode: "99999900", DurationMonths: 34, HoursTotal: 10}
		wantCode(t, st.CreateProgramme(ctx, &unknownSpec), domain.EINVALID, "specialty_code")

		s := f.student(t, 1, "Серікова", "Аружан")
		if err := st.CreateStudent(ctx, &s); err != nil {
			t.Fatal(err)
		}
		again := f.student(t, 1, "Серікова", "Аружан")
		wantCode(t, st.CreateStudent(ctx, &again), domain.ECONFLICT, "iin")

		wrongSex := f.student(t, 2, "Серіков", "Нұрлан")
		wrongSex.Sex = domain.Male
		wantCode(t, st.CreateStudent(ctx, &wrongSex), domain.EINVALID, "sex")

		otherGroup := f.student(t, 3, "Қасымова", "Әсел")
		otherGroup.GroupID = f.group.ID + 100
		wantCode(t, st.CreateStudent(ctx, &otherGroup), domain.EINVALID, "group_id")

		_, err := st.Student(ctx, 424242)
		wantCode(t, err, domain.ENOTFOUND, "")
		_, err = st.Students(ctx, domain.StudentFilter{Sort: "age"})
		wantCode(t, err, domain.EINVALID, "sort")
		_, err = st.Students(ctx, domain.StudentFilter{Page: domain.Page{Size: 1000}})
		wantCode(t, err, domain.EINVALID, "per_page")
	})
}

func TestUpsertClassifier(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		specs := []domain.Specialty{
			{Code: "06130100", Name: domain.Names{RU: "Программное обеспечение (по видам)", KK: "Бағдарламалық қамтамасыз ету (түрлері бойынша)", EN: "Software (by type)"}},
			{Code: "07159900", Name: domain.Names{RU: "Сварочное дело (по видам)", KK: "Дәнекерлеу ісі (түрлері бойынша)"}},
		}
		quals := []domain.Qualification{{Code: "3W07159901", Name: domain.Names{RU: "Электрогазосварщик", KK: "Электргазбен дәнекерлеуші"}}}
		ch, err := st.UpsertClassifier(ctx, specs, quals)
		if err != nil {
			t.Fatal(err)
		}
		if ch.SpecialtiesAdded != 1 || ch.SpecialtiesUpdated != 1 || ch.QualificationsAdded != 1 || len(ch.Changed) != 1 || ch.Changed[0] != "06130100" {
			t.Fatalf("change = %+v", ch)
		}
		ch, _ = st.UpsertClassifier(ctx, specs, quals)
		if ch.SpecialtiesUnchanged != 2 || ch.QualificationsUnchanged != 1 {
			t.Fatalf("second run should change nothing: %+v", ch)
		}
		// A qualification whose specialty is nowhere fails, and nothing of
		// the batch is written.
		_, err = st.UpsertClassifier(ctx,
			[]domain.Specialty{{Code: "07150200", Name: domain.Names{RU: "Новая"}}},
			[]domain.Qualification{{Code: "3W08880101", Name: domain.Names{RU: "Сирота"}}})
		wantCode(t, err, domain.EINVALID, "specialty_code")
		if _, err := st.Specialty(ctx, "07150200"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("failed import left a specialty behind: %v", err)
		}
		// Reference loading at start never overwrites an imported name.
		sp, _ := st.Specialty(ctx, "06130100")
		if sp.Name.EN != "Software (by type)" {
			t.Fatalf("name = %+v", sp.Name)
		}
	})
}

func TestCollegeNames(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		all, err := st.CollegeNames(ctx, 0)
		if err != nil || len(all) != 1 || all[0].ID != f.college.ID || all[0].Name != f.college.Name || all[0].RegionID != 75 {
			t.Fatalf("all colleges: %+v, %v", all, err)
		}
		none, err := st.CollegeNames(ctx, 71)
		if err != nil || len(none) != 0 {
			t.Fatalf("Astana: %+v, %v", none, err)
		}
	})
}
