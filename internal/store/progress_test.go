package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// mondays lists n Mondays from the first.
func mondays(first time.Time, n int) []time.Time {
	var weeks []time.Time
	for i := range n {
		weeks = append(weeks, first.AddDate(0, 0, 7*i))
	}
	return weeks
}

func TestNeedsAttention(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		tr := newTraining(t, st)
		idle, _ := tr.newMentor(t, tr.enterprise.ID, "Омаров Бауыржан", "baur")

		// Ли is in a second group, supervised by a teacher.
		curator := domain.Teacher{IIN: mustIIN(t, "8001153", 1), Name: domain.PersonName{Last: "Нұрланова", First: "Сәуле"},
			CollegeID: tr.college.ID, Position: domain.PositionMaster, HiredOn: ymd(2015, 9, 1)}
		if err := st.CreateTeacher(ctx, &curator); err != nil {
			t.Fatal(err)
		}
		second := domain.Group{CollegeID: tr.college.ID, ProgrammeID: tr.programme.ID, Code: "ПО-23-2", IntakeYear: 2023, Language: "ru",
			CuratorID: curator.ID}
		if err := st.CreateGroup(ctx, &second); err != nil {
			t.Fatal(err)
		}

		type student struct {
			domain.Student
			user domain.User
		}
		add := func(last, first string, group int64, mentor int64) student {
			t.Helper()
			tr.serial++
			s := tr.student(t, tr.serial, last, first)
			s.EnterpriseID, s.GroupID = 0, group
			var st student
			st.Student, st.user = tr.storeStudent(t, s)
			terms := tr.terms()
			terms.MentorID = mentor
			tr.activate(t, st.Student, st.user, terms)
			return st
		}
		onTrack := add("Ахметова", "Дана", tr.group.ID, tr.mentor.ID)
		behind := add("Бекова", "Әсел", tr.group.ID, tr.mentor.ID)
		missing := add("Иванова", "Мария", tr.group.ID, tr.mentor.ID)
		unsigned := add("Жақсыбек", "Ерлан", tr.group.ID, idle.ID)
		waiting := add("Ли", "Виктор", second.ID, tr.mentor.ID)

		// Eight weeks from 7 September: each student writes on Friday and
		// the mentor signs at once, except as each case says.
		weeks := mondays(ymd(2026, 9, 7), 8)
		for i, monday := range weeks {
			friday := monday.AddDate(0, 0, 4)
			tr.now = friday.Add(17 * time.Hour)
			tr.signedWeek(t, onTrack.Student, monday, 24)
			tr.signedWeek(t, behind.Student, monday, 16)
			if i < 6 {
				tr.signedWeek(t, missing.Student, monday, 24)
			}
			tr.submittedWeek(t, unsigned.Student, monday, 24)
			if i != 5 {
				tr.signedWeek(t, waiting.Student, monday, 24)
			} else {
				tr.now = friday.Add(24 * time.Hour) // Saturday 17 October; never signed
				tr.submittedWeek(t, waiting.Student, monday, 24)
			}
		}
		tr.now = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC) // the Monday after the eighth week

		p, err := st.Progress(ctx, missing.ID)
		if err != nil {
			t.Fatal(err)
		}
		planned := len(domain.Weeks(ymd(2026, 9, 7), ymd(2027, 6, 30))) * 24
		if p.WeeksPast != 8 || p.PlannedToDate != 192 || p.SignedHours != 144 || p.WeeksSigned != 6 || p.PlannedTotal != planned ||
			!slices.EqualFunc(p.MissingWeeks, weeks[6:], time.Time.Equal) || p.Mentor != "Сейітов Ерлан" || p.GroupCode != "ПО-23-1" ||
			!slices.Equal(p.Attention, []domain.Attention{domain.AttentionBehindPlan, domain.AttentionMissingWeeks}) {
			t.Fatalf("progress of the student with missing weeks: %+v", p)
		}
		if p, _ := st.Progress(ctx, unsigned.ID); !p.OldestUnsigned.Equal(time.Date(2026, 9, 11, 17, 0, 0, 0, time.UTC)) ||
			len(p.MissingWeeks) != 0 || p.SignedHours != 0 || !p.MentorActedAt.IsZero() {
			t.Fatalf("progress of the student whose mentor never signs: %+v", p)
		}

		want := []struct {
			name      string
			attention []domain.Attention
		}{
			{"Жақсыбек", []domain.Attention{domain.AttentionBehindPlan, domain.AttentionUnsigned, domain.AttentionMentorInactive}},
			{"Иванова", []domain.Attention{domain.AttentionBehindPlan, domain.AttentionMissingWeeks}},
			{"Бекова", []domain.Attention{domain.AttentionBehindPlan}},
			{"Ли", []domain.Attention{domain.AttentionUnsigned}},
			{"Ахметова", []domain.Attention{}},
		}
		check := func(got []domain.Progress, want []struct {
			name      string
			attention []domain.Attention
		}) {
			t.Helper()
			if len(got) != len(want) {
				t.Fatalf("got %d students, want %d: %+v", len(got), len(want), got)
			}
			for i, w := range want {
				if got[i].Student.Last != w.name || !slices.Equal(got[i].Attention, w.attention) {
					t.Fatalf("row %d: %s %v, want %s %v", i, got[i].Student.Last, got[i].Attention, w.name, w.attention)
				}
			}
		}
		list, err := st.NeedsAttention(ctx, domain.AttentionFilter{CollegeID: tr.college.ID})
		if err != nil || list.Total != 4 {
			t.Fatalf("needs attention: %+v, %v", list, err)
		}
		check(list.Items, want[:4])
		for _, p := range list.Items {
			wantMissing := []time.Time{}
			if p.Student.Last == "Иванова" {
				wantMissing = weeks[6:]
			}
			if !slices.EqualFunc(p.MissingWeeks, wantMissing, time.Time.Equal) || p.WeeksPast != 8 || p.PlannedToDate != 192 {
				t.Fatalf("figures of %s: %+v", p.Student.Last, p)
			}
		}
		all, err := st.NeedsAttention(ctx, domain.AttentionFilter{CollegeID: tr.college.ID, All: true})
		if err != nil || all.Total != 5 {
			t.Fatalf("all: %+v, %v", all, err)
		}
		check(all.Items, want)
		page, _ := st.NeedsAttention(ctx, domain.AttentionFilter{CollegeID: tr.college.ID, Page: domain.Page{Number: 2, Size: 2}})
		check(page.Items, want[2:4])
		if page.Total != 4 {
			t.Fatalf("page total: %d", page.Total)
		}
		group, _ := st.NeedsAttention(ctx, domain.AttentionFilter{CollegeID: tr.college.ID, GroupID: tr.group.ID})
		check(group.Items, want[:3])
		curated, _ := st.NeedsAttention(ctx, domain.AttentionFilter{CollegeID: tr.college.ID, CuratorID: curator.ID})
		check(curated.Items, want[3:4])
		if acted := curated.Items[0].MentorActedAt; !acted.Equal(time.Date(2026, 10, 30, 17, 0, 0, 0, time.UTC)) {
			t.Fatalf("the mentor last acted at %v", acted)
		}
		// The teacher's scope holds the same student in the other lists.
		if list, err := st.Agreements(ctx, domain.AgreementFilter{CuratorID: curator.ID}); err != nil || list.Total != 1 ||
			list.Items[0].StudentID != waiting.ID {
			t.Fatalf("agreements of the curator's groups: %+v, %v", list, err)
		}
		if list, err := st.Entries(ctx, domain.EntryFilter{CuratorID: curator.ID}); err != nil || list.Total != 8 ||
			list.Items[0].StudentID != waiting.ID || !list.Items[0].WeekStart.Equal(weeks[7]) {
			t.Fatalf("entries of the curator's groups: %+v, %v", list, err)
		}
		if list, _ := st.Entries(ctx, domain.EntryFilter{CollegeID: tr.college.ID, Status: domain.EntrySubmitted}); list.Total != 9 {
			t.Fatalf("entries waiting in the college: %d", list.Total)
		}
		if list, _ := st.Entries(ctx, domain.EntryFilter{MentorID: idle.ID, EnterpriseID: tr.enterprise.ID, RegionID: 75}); list.Total != 8 {
			t.Fatalf("entries for the idle mentor: %d", list.Total)
		}
		_, err = st.NeedsAttention(ctx, domain.AttentionFilter{})
		wantCode(t, err, domain.EINVALID, "college_id")

		// The thresholds are policy: at 40% Бекова is no longer behind.
		settings := domain.DefaultDualSettings
		settings.BehindPlanPercent = 40
		if err := st.UpdateDualSettings(ctx, settings); err != nil {
			t.Fatal(err)
		}
		list, _ = st.NeedsAttention(ctx, domain.AttentionFilter{CollegeID: tr.college.ID})
		check(list.Items, []struct {
			name      string
			attention []domain.Attention
		}{
			{"Жақсыбек", []domain.Attention{domain.AttentionBehindPlan, domain.AttentionUnsigned, domain.AttentionMentorInactive}},
			{"Иванова", []domain.Attention{domain.AttentionMissingWeeks}},
			{"Ли", []domain.Attention{domain.AttentionUnsigned}},
		})
	})
}

func TestAdmissionAndFinalAssessment(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		tr := newTraining(t, st)
		dana, danaUser := tr.newStudent(t, "Ахметова", "Дана")
		asel, _ := tr.newStudent(t, "Бекова", "Әсел")

		ad, err := st.Admission(ctx, asel.ID)
		if err != nil || !ad.NoAgreement || ad.Admitted {
			t.Fatalf("without an agreement: %+v, %v", ad, err)
		}
		f := domain.FinalAssessment{StudentID: asel.ID, Grade: 5}
		wantKey(t, st.RecordFinalAssessment(ctx, &f), domain.EINVALID, "grade", "error.assessment.no_agreement")

		// Four weeks of training, two of them signed.
		terms := tr.terms()
		terms.EndsOn = ymd(2026, 10, 4)
		tr.activate(t, dana, danaUser, terms)
		tr.now = time.Date(2026, 10, 10, 12, 0, 0, 0, time.UTC)
		weeks := mondays(ymd(2026, 9, 7), 4)
		tr.signedWeek(t, dana, weeks[0], 24)
		tr.submittedWeek(t, dana, weeks[1], 24)
		tr.signedWeek(t, dana, weeks[2], 24)

		ad, err = st.Admission(ctx, dana.ID)
		if err != nil || ad.Admitted || ad.NoAgreement || !slices.EqualFunc(ad.MissingWeeks, []time.Time{weeks[1], weeks[3]}, time.Time.Equal) {
			t.Fatalf("admission: %+v, %v", ad, err)
		}
		f = domain.FinalAssessment{StudentID: dana.ID, Grade: 5, Comment: "Отлично"}
		e := wantKey(t, st.RecordFinalAssessment(testkit.As(tr.coordinator), &f), domain.EINVALID, "grade", "error.assessment.not_admitted")
		if e.Params["count"] != "2" || e.Params["weeks"] != "2026-09-14, 2026-09-28" {
			t.Fatalf("params: %v", e.Params)
		}
		f.Grade = 6
		wantCode(t, st.RecordFinalAssessment(ctx, &f), domain.EINVALID, "grade")

		entries, _ := st.Entries(ctx, domain.EntryFilter{StudentID: dana.ID, Status: domain.EntrySubmitted})
		if err := st.SignEntry(testkit.As(tr.mentorUser), entries.Items[0].ID); err != nil {
			t.Fatal(err)
		}
		tr.signedWeek(t, dana, weeks[3], 24)
		if ad, _ := st.Admission(ctx, dana.ID); !ad.Admitted || len(ad.MissingWeeks) != 0 {
			t.Fatalf("every week signed: %+v", ad)
		}
		f.Grade = 5
		if err := st.RecordFinalAssessment(testkit.As(tr.coordinator), &f); err != nil {
			t.Fatal(err)
		}
		finals, err := st.FinalAssessments(ctx, dana.ID)
		if err != nil || len(finals) != 1 || finals[0].Grade != 5 || finals[0].RecordedBy != "Жұмабаева Гүлнар" || finals[0].Comment != "Отлично" {
			t.Fatalf("final assessments: %+v, %v", finals, err)
		}
	})
}

func TestCompetenceAssessment(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		tr := newTraining(t, st)
		dana, danaUser := tr.newStudent(t, "Ахметова", "Дана")
		asel, _ := tr.newStudent(t, "Бекова", "Әсел")
		other := domain.Programme{CollegeID: tr.college.ID, SpecialtyCode: "06130100", QualificationCode: "4S06130103",
			DurationMonths: 34, HoursTotal: 5760, HoursPractice: 2000, HoursEnterprise: 600}
		if err := st.CreateProgramme(ctx, &other); err != nil {
			t.Fatal(err)
		}
		if err := st.InsertCompetences(ctx, []domain.Competence{
			{ID: 201, ProgrammeID: tr.programme.ID, Code: "ПК 2", Name: domain.Names{RU: "Администрирование серверов"}},
			{ID: 202, ProgrammeID: tr.programme.ID, Code: "ПК 1", Name: domain.Names{RU: "Разработка модулей"}},
			{ID: 203, ProgrammeID: other.ID, Code: "ПК 1", Name: domain.Names{RU: "Чужая компетенция"}},
		}); err != nil {
			t.Fatal(err)
		}
		list, err := st.Competences(ctx, tr.programme.ID)
		if err != nil || len(list) != 2 || list[0].Code != "ПК 1" || list[1].Name.RU != "Администрирование серверов" {
			t.Fatalf("competences: %+v, %v", list, err)
		}
		a := tr.activate(t, dana, danaUser, tr.terms())
		mentor := testkit.As(tr.mentorUser)

		c := domain.CompetenceAssessment{StudentID: asel.ID, CompetenceID: 201, Level: 3}
		wantKey(t, st.AssessCompetence(mentor, &c), domain.ECONFLICT, "", "error.competence.no_agreement")
		c = domain.CompetenceAssessment{StudentID: dana.ID, CompetenceID: 203, Level: 3}
		wantKey(t, st.AssessCompetence(mentor, &c), domain.EINVALID, "competence_id", "error.competence.programme")
		c = domain.CompetenceAssessment{StudentID: dana.ID, CompetenceID: 201, Level: 6}
		wantCode(t, st.AssessCompetence(mentor, &c), domain.EINVALID, "level")

		// The assessor is named by the mentor record, as a signed week's
		// signer is, not by the account's name.
		renamed := tr.mentor
		renamed.Name = "Сейітов Ерлан Маратұлы"
		if err := st.SaveMentor(ctx, &renamed); err != nil {
			t.Fatal(err)
		}
		for i, level := range []int{2, 4} {
			tr.now = time.Date(2026, 10, 1+i, 12, 0, 0, 0, time.UTC)
			c = domain.CompetenceAssessment{StudentID: dana.ID, CompetenceID: 201, Level: level, Comment: fmt.Sprintf("оценка %d", i+1)}
			if err := st.AssessCompetence(mentor, &c); err != nil {
				t.Fatal(err)
			}
		}
		got, err := st.Assessments(ctx, dana.ID)
		if err != nil || len(got) != 2 || got[0].Level != 4 || got[0].AgreementID != a.ID || got[0].AssessedBy != "Сейітов Ерлан Маратұлы" ||
			got[0].Competence.RU != "Администрирование серверов" || got[1].Level != 2 || !strings.HasPrefix(got[1].Comment, "оценка") {
			t.Fatalf("assessments: %+v, %v", got, err)
		}
	})
}

// BenchmarkNeedsAttention measures the coordinator's needs-attention list
// of a college of 2,000 students in active training under 200 mentors at
// 20 enterprises, with twelve weeks of logbook each: most weeks signed,
// some missing, some waiting for the mentor, some returned.
//
//	go test ./internal/store -run '^$' -bench NeedsAttention -benchtime 50x
func BenchmarkNeedsAttention(b *testing.B) {
	for _, db := range testkit.Databases {
		b.Run(db.Name, func(b *testing.B) {
			st := testkit.OpenStore(b, db.DSN(b))
			collegeID := loadCollege(b, st, 2000)
			ctx := context.Background()
			f := domain.AttentionFilter{CollegeID: collegeID}
			list, err := st.NeedsAttention(ctx, f)
			if err != nil || list.Total == 0 || list.Total == 2000 {
				b.Fatalf("the generated college: %d of 2000 need attention, %v", list.Total, err)
			}
			var before, after syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_SELF, &before)
			for b.Loop() {
				if _, err := st.NeedsAttention(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
			syscall.Getrusage(syscall.RUSAGE_SELF, &after)
			// The process's CPU time per call, which on a shared machine says
			// more than the wall clock (for PostgreSQL it leaves out the
			// server's share).
			cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

// loadCollege generates a college of n students in active training through
// the bulk loader and returns its ID; the store's clock is set to the
// Wednesday after the twelfth week.
func loadCollege(b *testing.B, st *store.Store, n int) int64 {
	b.Helper()
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	st.Now = func() time.Time { return now }
	identifier := func(prefix string, from *int) string {
		for {
			*from++
			if s, ok := domain.CompleteIdentifier(fmt.Sprintf("%s%04d", prefix, *from)); ok {
				return s
			}
		}
	}
	serial := 0
	college := domain.College{ID: 1, BIN: identifier("9903400", &serial), Name: domain.Names{KK: "Колледжі", RU: "Колледж"}, RegionID: 75, CityID: 1,
		Ownership: domain.OwnershipState, Address: "Алматы"}
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(st.InsertColleges(ctx, []domain.College{college}))
	must(st.InsertProgrammes(ctx, []domain.Programme{{ID: 1, CollegeID: 1, SpecialtyCode: "06130100", QualificationCode: "4S06130103",
		DurationMonths: 34, Dual: true, HoursTotal: 5760, HoursPractice: 2000, HoursEnterprise: 1400}}))
	var groups []domain.Group
	for g := range n / 25 {
		groups = append(groups, domain.Group{ID: int64(g + 1), CollegeID: 1, ProgrammeID: 1, Code: fmt.Sprintf("ПО-%03d", g), IntakeYear: 2023, Language: "kk"})
	}
	must(st.InsertGroups(ctx, groups))
	var enterprises []domain.Enterprise
	serial = 0
	for e := range 20 {
		enterprises = append(enterprises, domain.Enterprise{ID: int64(e + 1), BIN: identifier("0504400", &serial),
			Name: domain.Names{RU: fmt.Sprintf("ТОО «Предприятие %d»", e)}, RegionID: 75, CityID: 1, Industry: "D", Employees: 300})
	}
	must(st.InsertEnterprises(ctx, enterprises))
	var mentors []domain.Mentor
	for m := range n / 10 {
		mentors = append(mentors, domain.Mentor{ID: int64(m + 1), EnterpriseID: int64(m%20 + 1), Name: fmt.Sprintf("Наставник %03d", m),
			Qualification: "Инженер"})
	}
	must(st.InsertMentors(ctx, mentors))

	birth := ymd(2007, 3, 15)
	students := make([]domain.Student, n)
	agreements := make([]domain.Agreement, n)
	var entries []domain.LogbookEntry
	weeks := mondays(ymd(2026, 9, 7), 12)
	days := domain.Weekdays(0).With(time.Monday).With(time.Tuesday).With(time.Wednesday)
	serial = 0
	for i := range n {
		id := int64(i + 1)
		mentor := mentors[i%len(mentors)]
		students[i] = domain.Student{ID: id, IIN: identifier("0703156", &serial), Name: domain.PersonName{Last: fmt.Sprintf("Студент%04d", i), First: "Дана"},
			CollegeID: 1, GroupID: int64(i/25 + 1), ProgrammeID: 1, Funding: domain.FundingState, Status: domain.StatusStudying,
			EnrolledOn: ymd(2023, 9, 1), EnterpriseID: mentor.EnterpriseID}
		activeOn := ymd(2026, 9, 1)
		agreements[i] = domain.Agreement{ID: id, StudentID: id, CollegeID: 1, EnterpriseID: mentor.EnterpriseID, MentorID: mentor.ID,
			Position: "Техник", StartsOn: weeks[0], EndsOn: ymd(2027, 6, 30), Weekdays: days, HoursPerWeek: 24,
			Status: domain.AgreementActive, Version: 1, ActiveOn: activeOn, StudentBirth: birth,
			Approvals: []domain.Approval{
				{Party: domain.PartyCollege, Version: 1, Name: "Координатор", At: activeOn.Add(9 * time.Hour)},
				{Party: domain.PartyEnterprise, Version: 1, Name: "HR", At: activeOn.Add(10 * time.Hour)},
				{Party: domain.PartyStudent, Version: 1, Name: "Студент", At: activeOn.Add(11 * time.Hour)},
			}}
		for w, monday := range weeks {
			// One student in eight skips the last two weeks; one in five has
			// the last week waiting for the mentor; one in eleven has a week
			// returned; one in nine logs fewer hours.
			if i%8 == 0 && w >= 10 {
				continue
			}
			e := domain.LogbookEntry{ID: int64(len(entries) + 1), StudentID: id, AgreementID: id, WeekStart: monday, Version: 1, Current: true,
				Days: days, Hours: 24, Tasks: "монтаж, наладка", Status: domain.EntrySigned,
				SubmittedAt: monday.Add(4*24*time.Hour + 17*time.Hour), SignedAt: monday.Add(5*24*time.Hour + 10*time.Hour), SignedBy: mentor.Name}
			if i%9 == 0 {
				e.Hours = 16
			}
			switch {
			case i%5 == 0 && w == 11:
				e.Status, e.SignedAt, e.SignedBy = domain.EntrySubmitted, time.Time{}, ""
			case i%11 == 0 && w == 6:
				e.Status, e.SignedAt, e.Comment = domain.EntryReturned, time.Time{}, "Опишите подробнее"
			}
			entries = append(entries, e)
		}
	}
	must(st.InsertStudents(ctx, students))
	must(st.InsertAgreements(ctx, agreements))
	must(st.InsertEntries(ctx, entries))
	must(st.FinishLoad(ctx))
	return college.ID
}
