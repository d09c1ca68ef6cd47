package store_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// seatsOf reads the fixture's seats of a source for the 2023 intake.
func seatsOf(t *testing.T, st *store.Store, f fixture, source domain.SeatSource) domain.StateSeats {
	t.Helper()
	l, err := st.Seats(context.Background(), domain.SeatFilter{CollegeID: f.college.ID, Year: 2023, Source: source})
	if err != nil || l.Total != 1 {
		t.Fatalf("seats of %s: %+v, %v", source, l, err)
	}
	return l.Items[0]
}

// wantMessage checks that an error reads, in a language, with the parts given.
func wantMessage(t *testing.T, err error, lang string, parts ...string) {
	t.Helper()
	e := domain.AsError(err)
	msg := i18n.For(lang).TMap(e.Key, e.Params)
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("%s message %q lacks %q", lang, msg, p)
		}
	}
}

func TestStateSeatsEnrolment(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		serial := 0
		enrol := func(funding string, source domain.SeatSource) (domain.Student, error) {
			serial++
			s := f.student(t, serial, "Студентова", fmt.Sprint("Айгерім ", serial))
			s.Funding, s.SeatSource, s.EnterpriseID = funding, source, 0
			return s, st.CreateStudent(ctx, &s)
		}
		// Without the college's order for 2023 on record nothing is checked.
		first, err := enrol(domain.FundingState, "")
		if err != nil || first.SeatSource != "" {
			t.Fatalf("enrolment before any seats: %v, source %q", err, first.SeatSource)
		}

		// Two local seats: the student already enrolled takes one.
		local := domain.StateSeats{CollegeID: f.college.ID, QualificationCode: "4S06130103", Year: 2023, Source: domain.SeatLocal, Seats: 2}
		if err := st.SetSeats(ctx, &local); err != nil || local.Filled != 1 || local.RegionID != 75 {
			t.Fatalf("set seats: %v, %+v", err, local)
		}
		second, err := enrol(domain.FundingState, "")
		if err != nil || second.SeatSource != domain.SeatLocal {
			t.Fatalf("second enrolment: %v, source %q", err, second.SeatSource)
		}
		if got := seatsOf(t, st, f, domain.SeatLocal); got.Filled != 2 || got.Free() != 0 || got.Qualification.RU == "" {
			t.Fatalf("after the second: %+v", got)
		}
		if got, _ := st.Student(ctx, second.ID); got.SeatSource != domain.SeatLocal {
			t.Fatalf("stored source %q", got.SeatSource)
		}

		// Full: refused, naming the college, the qualification and the year
		// in the reader's language.
		_, err = enrol(domain.FundingState, "")
		if e := domain.AsError(err); e.Code != domain.ECONFLICT || e.Key != "error.seats.full" {
			t.Fatalf("overfill: %v", err)
		}
		wantMessage(t, err, "ru", "Алматинский политехнический колледж", "2023", "4S06130103", "2 из 2")
		wantMessage(t, err, "kk", "Алматы политехникалық колледжі", "2023")
		wantMessage(t, err, "en", "Almaty Polytechnic College", "2023")
		// A paid student takes no seat.
		if _, err := enrol(domain.FundingPaid, ""); err != nil {
			t.Fatalf("paid: %v", err)
		}
		if _, err := enrol(domain.FundingPaid, domain.SeatLocal); domain.AsError(err).Field != "seat_source" {
			t.Fatalf("a paid seat with a source: %v", err)
		}

		// A republican seat: the next enrolment takes it, whichever source
		// it asks for only if that one has room.
		rep := domain.StateSeats{CollegeID: f.college.ID, QualificationCode: "4S06130103", Year: 2023, Source: domain.SeatRepublican, Seats: 1}
		if err := st.SetSeats(ctx, &rep); err != nil || rep.Filled != 0 {
			t.Fatalf("republican seats: %v %+v", err, rep)
		}
		if _, err := enrol(domain.FundingState, domain.SeatLocal); domain.AsError(err).Key != "error.seats.source_full" {
			t.Fatalf("a full source asked for: %v", err)
		}
		third, err := enrol(domain.FundingState, "")
		if err != nil || third.SeatSource != domain.SeatRepublican {
			t.Fatalf("third enrolment: %v %q", err, third.SeatSource)
		}
		// Fewer seats than taken: refused.
		local.Seats = 1
		if err := st.SetSeats(ctx, &local); domain.AsError(err).Key != "error.seats.below_filled" || domain.AsError(err).Params["filled"] != "2" {
			t.Fatalf("fewer seats than taken: %v", err)
		}

		// Another qualification of the college in 2023 has no seats.
		web := domain.Programme{CollegeID: f.college.ID, SpecialtyCode: "06130100", QualificationCode: "3W06130102", DurationMonths: 22,
			HoursTotal: 3000, HoursPractice: 1000, HoursEnterprise: 500}
		mustDo(t, st.CreateProgramme(ctx, &web))
		webGroup := domain.Group{CollegeID: f.college.ID, ProgrammeID: web.ID, Code: "ВД-23-1", IntakeYear: 2023, Language: "ru"}
		mustDo(t, st.CreateGroup(ctx, &webGroup))
		serial++
		s := f.student(t, serial, "Веб", "Дизайнер")
		s.GroupID, s.ProgrammeID, s.EnterpriseID = webGroup.ID, web.ID, 0
		err = st.CreateStudent(ctx, &s)
		if domain.AsError(err).Key != "error.seats.none" {
			t.Fatalf("no seats for the qualification: %v", err)
		}
		wantMessage(t, err, "ru", "Алматинский политехнический колледж", "3W06130102", "2023")

		// Free first profession: a diploma holder is refused a free seat,
		// not a paid one.
		rep.Seats = 5
		mustDo(t, st.SetSeats(ctx, &rep))
		serial++
		holder := f.student(t, serial, "Дипломова", "Айша")
		holder.EnterpriseID = 0
		mustDo(t, st.InsertDiplomas(ctx, []domain.Diploma{{IIN: holder.IIN, Number: "ТКБ-0012345", QualificationCode: "3W07130101",
			AwardedOn: time.Date(2021, 6, 30, 0, 0, 0, 0, time.UTC)}}))
		err = st.CreateStudent(ctx, &holder)
		if e := domain.AsError(err); e.Code != domain.ECONFLICT || e.Key != "error.seats.first_profession" {
			t.Fatalf("diploma holder on a free seat: %v", err)
		}
		wantMessage(t, err, "ru", "ТКБ-0012345")
		holder.Funding = domain.FundingPaid
		mustDo(t, st.CreateStudent(ctx, &holder))

		// The overviews: the nation by region, the region by college.
		nation, err := st.SeatOverview(ctx, domain.SeatOverviewFilter{})
		if err != nil || nation.Year != 2023 || len(nation.Years) != 1 || len(nation.Rows) != 1 || nation.Rows[0].RegionID != 75 ||
			nation.Total.Seats != 7 || nation.Total.Filled != 3 || nation.Rows[0].Sources[0].Source != domain.SeatLocal ||
			nation.Rows[0].Sources[0].Filled != 2 || nation.Rows[0].Sources[1].Seats != 5 {
			t.Fatalf("the nation's seats: %+v, %v", nation, err)
		}
		region, err := st.SeatOverview(ctx, domain.SeatOverviewFilter{RegionID: 75, Year: 2023})
		if err != nil || len(region.Rows) != 1 || region.Rows[0].CollegeID != f.college.ID || region.Rows[0].Name.EN != "Almaty Polytechnic College" {
			t.Fatalf("the region's seats: %+v, %v", region, err)
		}
		if other, _ := st.SeatOverview(ctx, domain.SeatOverviewFilter{RegionID: 71}); len(other.Rows) != 0 || other.Total.Seats != 0 {
			t.Fatalf("another region: %+v", other)
		}
		full, err := st.Seats(ctx, domain.SeatFilter{RegionID: 75, Sort: "-fill"})
		if err != nil || full.Total != 2 || full.Items[0].Source != domain.SeatLocal {
			t.Fatalf("seats fullest first: %+v, %v", full, err)
		}
	})
}

// studentRows is an import file of students as rows.
func studentRows(rows ...domain.StudentRow) iter.Seq2[domain.StudentRow, error] {
	return func(yield func(domain.StudentRow, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// TestStateSeatsCountedWhateverWrites checks the seats taken as the bulk
// import and the bulk loader change students: a student moved to a paid
// seat gives the seat back, and an import that would overfill the seats
// is refused as a whole.
func TestStateSeatsCountedWhateverWrites(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := domain.WithActor(context.Background(), domain.System)
		f := newFixture(t, st)
		local := domain.StateSeats{CollegeID: f.college.ID, QualificationCode: "4S06130103", Year: 2023, Source: domain.SeatLocal, Seats: 2}
		mustDo(t, st.SetSeats(ctx, &local))
		a, b := f.student(t, 1, "Ахметова", "Дана"), f.student(t, 2, "Иванова", "Мария")
		a.ID, b.ID = 900, 901
		mustDo(t, st.InsertStudents(ctx, []domain.Student{a, b}))
		if got := seatsOf(t, st, f, domain.SeatLocal); got.Filled != 2 {
			t.Fatalf("after the bulk load: %+v", got)
		}
		row := func(line int, s domain.Student, funding string) domain.StudentRow {
			id, err := domain.ParseIIN("iin", s.IIN)
			if err != nil {
				t.Fatal(err)
			}
			return domain.StudentRow{Line: line, IIN: s.IIN, Name: s.Name, BirthDate: id.BirthDate, Sex: id.Sex, CollegeBIN: f.college.BIN,
				Group: f.group.Code, Funding: funding, Status: domain.StatusStudying, EnrolledOn: s.EnrolledOn}
		}
		// Dana moves to a paid seat: hers is free again.
		if _, err := st.ImportStudents(ctx, domain.ImportRequest{File: "students.csv"}, studentRows(row(2, a, domain.FundingPaid))); err != nil {
			t.Fatal(err)
		}
		if got := seatsOf(t, st, f, domain.SeatLocal); got.Filled != 1 {
			t.Fatalf("after the move to a paid seat: %+v", got)
		}
		// Two new state-funded students for the one free seat: refused.
		c, d := f.student(t, 3, "Сейтова", "Алия"), f.student(t, 4, "Нурова", "Асель")
		_, err := st.ImportStudents(ctx, domain.ImportRequest{File: "students.csv"},
			studentRows(row(2, c, domain.FundingState), row(3, d, domain.FundingState)))
		var problems *domain.ImportErrors
		if !errors.As(err, &problems) || problems.Total != 1 || problems.List[0].Line != 3 ||
			domain.AsError(problems.List[0].Err).Key != "error.seats.full" {
			t.Fatalf("an overfilling import: %v, want line 3 refused for a full quota", err)
		}
		if got := seatsOf(t, st, f, domain.SeatLocal); got.Filled != 1 {
			t.Fatalf("after the refused import: %+v", got)
		}
		if l, _ := st.Students(ctx, domain.StudentFilter{CollegeID: f.college.ID}); l.Total != 2 {
			t.Fatalf("the refused import wrote students: %d", l.Total)
		}
	})
}

// TestSeatImportChecks runs a students import (a dry run) over a quota: the rows beyond the free seats, a diploma holder, a
// graduate back for a second profession, and a qualification without
// seats are refused with the reason; a student staying on their seat, or
// moving to a paid one, is not.
func TestSeatImportChecks(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := domain.WithActor(context.Background(), domain.System)
		f := newFixture(t, st)
		local := domain.StateSeats{CollegeID: f.college.ID, QualificationCode: "4S06130103", Year: 2023, Source: domain.SeatLocal, Seats: 3}
		mustDo(t, st.SetSeats(ctx, &local))
		stored := []domain.Student{f.student(t, 1, "Ахметова", "Дана"), f.student(t, 2, "Иванова", "Мария"), f.student(t, 3, "Серікова", "Ару")}
		for i := range stored {
			stored[i].ID = int64(700 + i)
		}
		mustDo(t, st.InsertStudents(ctx, stored))
		if _, err := st.GraduateGroup(ctx, f.group.ID, date("2026-06-30")); err != nil {
			t.Fatal(err)
		}
		web := domain.Programme{CollegeID: f.college.ID, SpecialtyCode: "06130100", QualificationCode: "3W06130102", DurationMonths: 22,
			HoursTotal: 3000, HoursPractice: 1000, HoursEnterprise: 500}
		mustDo(t, st.CreateProgramme(ctx, &web))
		webGroup := domain.Group{CollegeID: f.college.ID, ProgrammeID: web.ID, Code: "ВД-23-1", IntakeYear: 2023, Language: "ru"}
		mustDo(t, st.CreateGroup(ctx, &webGroup))
		holder := f.student(t, 9, "Дипломова", "Айша")
		mustDo(t, st.InsertDiplomas(ctx, []domain.Diploma{{IIN: holder.IIN, Number: "ТКБ-77", AwardedOn: date("2020-06-30")}}))

		row := func(line int, s domain.Student, g domain.Group, funding string) domain.StudentRow {
			id, err := domain.ParseIIN("iin", s.IIN)
			if err != nil {
				t.Fatal(err)
			}
			return domain.StudentRow{Line: line, IIN: s.IIN, Name: s.Name, BirthDate: id.BirthDate, Sex: id.Sex,
				CollegeBIN: f.college.BIN, Group: g.Code, Funding: funding, Status: domain.StatusStudying, EnrolledOn: date("2023-09-01")}
		}
		// Three seats, three taken (graduates keep theirs): Дана moves to a
		// paid seat and Ару to another programme, which frees two seats for
		// the first two new students only. Ару, a graduate, may not take a
		// free seat for a second profession, and that programme has none.
		newcomer := func(serial int) domain.Student {
			return f.student(t, serial, "Новенькая", "Студентка")
		}
		_, err := st.ImportStudents(ctx, domain.ImportRequest{File: "students.csv", DryRun: true}, studentRows(
			row(2, stored[0], f.group, domain.FundingPaid),
			row(3, stored[1], f.group, domain.FundingState),
			row(4, newcomer(20), f.group, domain.FundingState),
			row(5, newcomer(21), f.group, domain.FundingState),
			row(6, holder, f.group, domain.FundingState),
			row(7, stored[2], webGroup, domain.FundingState),
			row(8, newcomer(22), webGroup, domain.FundingState),
		))
		var problems *domain.ImportErrors
		if !errors.As(err, &problems) {
			t.Fatalf("import over the quota: %v, want its rows refused", err)
		}
		errs := problems.List
		got := map[int]string{}
		for _, e := range errs {
			keys := append(strings.Fields(got[e.Line]), domain.AsError(e.Err).Key)
			slices.Sort(keys)
			got[e.Line] = strings.Join(keys, " ")
		}
		want := map[int]string{
			6: "error.seats.first_profession error.seats.full",
			7: "error.seats.first_profession_graduate error.seats.none",
			8: "error.seats.none",
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("row problems:\n got %v\nwant %v", got, want)
		}
		for _, e := range errs {
			if e.Line == 6 && domain.AsError(e.Err).Key == "error.seats.full" {
				wantMessage(t, e.Err, "kk", "Алматы политехникалық колледжі", "4S06130103", "2023")
				wantMessage(t, e.Err, "en", "Almaty Polytechnic College", "3 of 3")
				wantMessage(t, e.Err, "ru", "Разработчик программного обеспечения")
			}
		}
	})
}
