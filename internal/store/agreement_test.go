package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// training is the fixture of the dual-training tests: the registry
// fixture, a mentor with an account, the college's coordinator, HR of the
// enterprise, and a clock the test moves.
type training struct {
	fixture
	st          *store.Store
	now         time.Time
	mentor      domain.Mentor
	mentorUser  domain.User
	coordinator domain.User
	hr          domain.User
	serial      int
}

func ymd(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func newTraining(t *testing.T, st *store.Store) *training {
	t.Helper()
	tr := &training{fixture: newFixture(t, st), st: st, now: time.Date(2026, 8, 20, 9, 0, 0, 0, time.UTC)}
	st.Now = func() time.Time { return tr.now }
	tr.coordinator = testkit.NewUser(t, st, domain.User{Login: "coordinator", Name: "Жұмабаева Гүлнар", Role: domain.RoleCollege, CollegeID: tr.college.ID})
	tr.hr = testkit.NewUser(t, st, domain.User{Login: "hr.office", Name: "Ли Ольга", Role: domain.RoleEnterprise, EnterpriseID: tr.enterprise.ID})
	tr.mentor, tr.mentorUser = tr.newMentor(t, tr.enterprise.ID, "Сейітов Ерлан", "erlan")
	return tr
}

// newMentor stores a mentor of enterprise with an account of login.
func (tr *training) newMentor(t *testing.T, enterpriseID int64, name, login string) (domain.Mentor, domain.User) {
	t.Helper()
	u := testkit.NewUser(t, tr.st, domain.User{Login: login, Name: name, Role: domain.RoleMentor, EnterpriseID: enterpriseID})
	m := domain.Mentor{EnterpriseID: enterpriseID, UserID: u.ID, Name: name, Qualification: "Инженер-программист", ExperienceYears: 12,
		PayPerTrainee: 7000}
	if err := tr.st.SaveMentor(context.Background(), &m); err != nil {
		t.Fatal(err)
	}
	return m, u
}

// newStudent stores an adult student (born 15 March 2007) with no
// enterprise yet, and the student's account.
func (tr *training) newStudent(t *testing.T, last, first string) (domain.Student, domain.User) {
	t.Helper()
	tr.serial++
	s := tr.student(t, tr.serial, last, first)
	s.EnterpriseID = 0
	return tr.storeStudent(t, s)
}

// newMinor stores a student born 20 May 2010: 16 on 1 September 2026.
func (tr *training) newMinor(t *testing.T, last, first string) (domain.Student, domain.User) {
	t.Helper()
	s := tr.student(t, 1, last, first)
	for serial := 1; ; serial++ {
		if iin, ok := domain.CompleteIdentifier(fmt.Sprintf("1005206%04d", serial)); ok {
			s.IIN = iin
			break
		}
	}
	s.EnterpriseID = 0
	return tr.storeStudent(t, s)
}

func (tr *training) storeStudent(t *testing.T, s domain.Student) (domain.Student, domain.User) {
	t.Helper()
	if err := tr.st.CreateStudent(context.Background(), &s); err != nil {
		t.Fatal(err)
	}
	u := testkit.NewUser(t, tr.st, domain.User{Login: fmt.Sprintf("student%d", s.ID), Name: s.Name.Full(), Role: domain.RoleStudent,
		CollegeID: tr.college.ID, StudentID: s.ID})
	return s, u
}

// terms are valid terms with the fixture's mentor: Monday to Wednesday,
// 24 hours a week, from Monday 7 September 2026 to 30 June 2027.
func (tr *training) terms() domain.Agreement {
	return domain.Agreement{EnterpriseID: tr.enterprise.ID, MentorID: tr.mentor.ID, Position: "Техник-программист",
		StartsOn: ymd(2026, 9, 7), EndsOn: ymd(2027, 6, 30),
		Weekdays:     domain.Weekdays(0).With(time.Monday).With(time.Tuesday).With(time.Wednesday),
		HoursPerWeek: 24, StipendTenge: 85000, MentorPay: 7000}
}

// draft creates a draft agreement on a for the student.
func (tr *training) draft(t *testing.T, s domain.Student, a domain.Agreement) domain.Agreement {
	t.Helper()
	a.StudentID = s.ID
	if err := tr.st.CreateAgreement(testkit.As(tr.coordinator), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// approve records party's approval of the current version as user.
func (tr *training) approve(t *testing.T, id int64, party domain.Party, u domain.User) domain.Agreement {
	t.Helper()
	a, err := tr.st.Agreement(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.st.ApproveAgreement(testkit.As(u), id, a.Version, party); err != nil {
		t.Fatalf("approve for %s: %v", party, err)
	}
	a, err = tr.st.Agreement(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// activate sends the student's draft for signature and has the three
// parties sign it.
func (tr *training) activate(t *testing.T, s domain.Student, su domain.User, a domain.Agreement) domain.Agreement {
	t.Helper()
	a = tr.draft(t, s, a)
	if err := tr.st.SendForSignature(context.Background(), a.ID); err != nil {
		t.Fatal(err)
	}
	tr.approve(t, a.ID, domain.PartyCollege, tr.coordinator)
	tr.approve(t, a.ID, domain.PartyEnterprise, tr.hr)
	a = tr.approve(t, a.ID, domain.PartyStudent, su)
	if a.Status != domain.AgreementActive {
		t.Fatalf("signed by every party, the agreement is %s", a.Status)
	}
	return a
}

func wantAgreementState(t *testing.T, err error, status domain.AgreementStatus) {
	t.Helper()
	if e := wantKey(t, err, domain.ECONFLICT, "", "error.agreement.state"); e.Params["status"] != string(status) {
		t.Fatalf("status param = %q, want %q", e.Params["status"], status)
	}
}

func TestAgreementApprovalFlow(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		tr := newTraining(t, st)
		dana, danaUser := tr.newStudent(t, "Ахметова", "Дана")

		a := tr.terms()
		a.StudentID = dana.ID
		a.Position = "  Техник-программист  "
		if err := st.CreateAgreement(testkit.As(tr.coordinator), &a); err != nil {
			t.Fatal(err)
		}
		got, err := st.Agreement(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Everything the printed agreement shows is there.
		if got.Status != domain.AgreementDraft || got.Version != 1 || got.CollegeID != tr.college.ID || got.Position != "Техник-программист" ||
			got.Student.Last != "Ахметова" || got.StudentIIN != dana.IIN || !got.StudentBirth.Equal(ymd(2007, 3, 15)) ||
			got.GroupCode != "ПО-23-1" || got.College.RU != tr.college.Name.RU || got.CollegeBIN != tr.college.BIN ||
			got.CollegeAddress != tr.college.Address || got.Enterprise.RU != tr.enterprise.Name.RU || got.EnterpriseBIN != tr.enterprise.BIN ||
			got.EnterpriseAddress != "Алматы" || got.QualificationCode != "4S06130103" ||
			got.Qualification.RU != "Разработчик программного обеспечения" || got.Mentor != "Сейітов Ерлан" ||
			got.Weekdays.String() != "123" || !got.StartsOn.Equal(ymd(2026, 9, 7)) || len(got.Approvals) != 0 {
			t.Fatalf("agreement as read: %+v", got)
		}
		if parties := got.RequiredParties(); len(parties) != 3 {
			t.Fatalf("an adult's agreement needs %v", parties)
		}
		again := tr.terms()
		again.StudentID = dana.ID
		wantKey(t, st.CreateAgreement(ctx, &again), domain.ECONFLICT, "", "error.agreement.live")

		// Nobody signs a draft.
		wantAgreementState(t, st.ApproveAgreement(testkit.As(tr.coordinator), a.ID, 1, domain.PartyCollege), domain.AgreementDraft)
		if err := st.SendForSignature(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		wantAgreementState(t, st.SendForSignature(ctx, a.ID), domain.AgreementAwaiting)

		got = tr.approve(t, a.ID, domain.PartyCollege, tr.coordinator)
		wantKey(t, st.ApproveAgreement(testkit.As(tr.hr), a.ID, 2, domain.PartyEnterprise), domain.ECONFLICT, "", "error.agreement.stale")
		wantKey(t, st.ApproveAgreement(testkit.As(tr.coordinator), a.ID, 1, domain.PartyGuardian), domain.EINVALID, "party",
			"error.agreement.guardian_not_needed")
		// Approving twice changes nothing.
		got = tr.approve(t, a.ID, domain.PartyCollege, tr.coordinator)
		if got.Status != domain.AgreementAwaiting || len(got.Approvals) != 1 || !got.Approved(domain.PartyCollege) ||
			got.Approvals[0].Name != "Жұмабаева Гүлнар" || got.Approvals[0].UserID != tr.coordinator.ID {
			t.Fatalf("after the college's approval: %+v", got)
		}
		tr.approve(t, a.ID, domain.PartyEnterprise, tr.hr)
		// The last signature at 01:30 on 25 August in Kazakhstan, still
		// the 24th in UTC: the training runs from the 25th.
		tr.now = time.Date(2026, 8, 24, 20, 30, 0, 0, time.UTC)
		got = tr.approve(t, a.ID, domain.PartyStudent, danaUser)
		if got.Status != domain.AgreementActive || !got.ActiveOn.Equal(ymd(2026, 8, 25)) || len(got.Approvals) != 3 {
			t.Fatalf("after the last approval: %+v", got)
		}

		// The student now trains at the enterprise under the mentor.
		s, err := st.Student(ctx, dana.ID)
		if err != nil || s.EnterpriseID != tr.enterprise.ID || s.MentorID != tr.mentor.ID || s.MentorUserID != tr.mentorUser.ID {
			t.Fatalf("student: %+v, %v", s, err)
		}
		trainees, err := st.Students(ctx, domain.StudentFilter{MentorID: tr.mentorUser.ID})
		if err != nil || trainees.Total != 1 || trainees.Items[0].ID != dana.ID || trainees.Items[0].MentorUserID != tr.mentorUser.ID {
			t.Fatalf("the mentor's trainees: %+v, %v", trainees, err)
		}

		// Saving the same terms is no edit.
		if err := st.EditAgreement(ctx, a.ID, 1, got.Terms()); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.Agreement(ctx, a.ID); got.Version != 1 || got.Status != domain.AgreementActive {
			t.Fatalf("an unchanged save made version %d, %s", got.Version, got.Status)
		}
		// Any edit clears every approval and the parties sign again.
		terms := got.Terms()
		terms.HoursPerWeek = 20
		tr.now = time.Date(2026, 9, 10, 11, 0, 0, 0, time.UTC)
		if err := st.EditAgreement(testkit.As(tr.coordinator), a.ID, 1, terms); err != nil {
			t.Fatal(err)
		}
		wantKey(t, st.EditAgreement(ctx, a.ID, 1, terms), domain.ECONFLICT, "", "error.agreement.stale")
		got, _ = st.Agreement(ctx, a.ID)
		if got.Version != 2 || got.Status != domain.AgreementAwaiting || got.HoursPerWeek != 20 || len(got.Approvals) != 3 {
			t.Fatalf("after the edit: %+v", got)
		}
		for _, ap := range got.Approvals {
			if !ap.Cleared || ap.Version != 1 || got.Approved(ap.Party) {
				t.Fatalf("an approval survived the edit: %+v", ap)
			}
		}
		for _, p := range []struct {
			party domain.Party
			user  domain.User
		}{{domain.PartyStudent, danaUser}, {domain.PartyCollege, tr.coordinator}, {domain.PartyEnterprise, tr.hr}} {
			got = tr.approve(t, a.ID, p.party, p.user)
		}
		// Who approved what and when is kept, newest version first; the
		// training has run since the first activation.
		if got.Status != domain.AgreementActive || len(got.Approvals) != 6 || !got.ActiveOn.Equal(ymd(2026, 8, 25)) {
			t.Fatalf("signed again: %+v", got)
		}
		for i, ap := range got.Approvals {
			if (i < 3) != (ap.Version == 2 && !ap.Cleared) {
				t.Fatalf("approval %d: %+v", i, ap)
			}
		}

		// Lists by the filters of each role.
		for name, f := range map[string]domain.AgreementFilter{
			"college":     {CollegeID: tr.college.ID},
			"status":      {Status: domain.AgreementActive},
			"enterprise":  {EnterpriseID: tr.enterprise.ID},
			"region":      {RegionID: 75},
			"mentor":      {MentorID: tr.mentor.ID},
			"mentor user": {MentorUserID: tr.mentorUser.ID},
			"student":     {StudentID: dana.ID},
			"group":       {GroupID: tr.group.ID},
			"name":        {Query: "ахмет"},
		} {
			list, err := st.Agreements(ctx, f)
			if err != nil || list.Total != 1 || len(list.Items) != 1 || list.Items[0].ID != a.ID || len(list.Items[0].Approvals) != 6 {
				t.Fatalf("%s: %+v, %v", name, list, err)
			}
		}
		for name, f := range map[string]domain.AgreementFilter{
			"status": {Status: domain.AgreementDraft},
			"region": {RegionID: 71},
			"name":   {Query: "Бек"},
		} {
			if list, err := st.Agreements(ctx, f); err != nil || list.Total != 0 {
				t.Fatalf("%s: %+v, %v", name, list, err)
			}
		}
		_, err = st.Agreements(ctx, domain.AgreementFilter{Status: "signed"})
		wantCode(t, err, domain.EINVALID, "status")

		// Every change is in the audit log.
		log, err := st.Audit(ctx, domain.AuditFilter{RecordType: "agreement", RecordID: itoa(a.ID)})
		if err != nil || log.Total != 9 { // create, send, 3 approvals, edit, 3 approvals
			t.Fatalf("audit of the agreement: %d entries, %v", log.Total, err)
		}
	})
}

func TestAgreementGuardianForMinor(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		tr := newTraining(t, st)
		aru, aruUser := tr.newMinor(t, "Серікқызы", "Аружан")

		// A draft may wait for the guardian's name (an enterprise accepting
		// a minor's application does not know it); sending it for
		// signature may not.
		a := tr.draft(t, aru, tr.terms())
		wantKey(t, st.SendForSignature(ctx, a.ID), domain.EINVALID, "guardian_name", "error.agreement.guardian")
		terms := a.Terms()
		terms.GuardianName = "Серіков Нұрлан"
		if err := st.EditAgreement(ctx, a.ID, a.Version, terms); err != nil {
			t.Fatal(err)
		}
		if err := st.SendForSignature(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		tr.approve(t, a.ID, domain.PartyCollege, tr.coordinator)
		tr.approve(t, a.ID, domain.PartyEnterprise, tr.hr)
		got := tr.approve(t, a.ID, domain.PartyStudent, aruUser)
		if got.Status != domain.AgreementAwaiting || len(got.RequiredParties()) != 4 {
			t.Fatalf("without the guardian: %+v", got)
		}
		// The coordinator records the guardian's approval given in person.
		got = tr.approve(t, a.ID, domain.PartyGuardian, tr.coordinator)
		if got.Status != domain.AgreementActive || got.Approvals[0].Party != domain.PartyGuardian || got.Approvals[0].Name != "Серіков Нұрлан" {
			t.Fatalf("with the guardian: %+v", got)
		}
		// Moving the start past the 18th birthday drops the guardian.
		terms = got.Terms()
		terms.StartsOn, terms.GuardianName = ymd(2028, 6, 1), ""
		terms.EndsOn = ymd(2029, 6, 1)
		if err := st.EditAgreement(ctx, a.ID, got.Version, terms); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.Agreement(ctx, a.ID); len(got.RequiredParties()) != 3 {
			t.Fatalf("an adult on the first day needs %v", got.RequiredParties())
		}
	})
}

func TestMentorLimitAndEnterprise(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		tr := newTraining(t, st)
		settings := domain.DefaultDualSettings
		settings.MaxTraineesPerMentor = 1
		if err := st.UpdateDualSettings(ctx, settings); err != nil {
			t.Fatal(err)
		}
		dana, _ := tr.newStudent(t, "Ахметова", "Дана")
		asel, _ := tr.newStudent(t, "Бекова", "Әсел")
		maria, _ := tr.newStudent(t, "Иванова", "Мария")

		// A draft needs no mentor, but it cannot go for signature without.
		noMentor := tr.terms()
		noMentor.MentorID = 0
		first := tr.draft(t, dana, noMentor)
		wantKey(t, st.SendForSignature(ctx, first.ID), domain.EINVALID, "mentor_id", "error.mentor.required")
		terms := first.Terms()
		terms.MentorID = tr.mentor.ID
		if err := st.EditAgreement(ctx, first.ID, 1, terms); err != nil {
			t.Fatal(err)
		}
		if err := st.SendForSignature(ctx, first.ID); err != nil {
			t.Fatal(err)
		}

		// The mentor has the one trainee the policy allows.
		full := func(err error) {
			t.Helper()
			e := wantKey(t, err, domain.ECONFLICT, "mentor_id", "error.mentor.full")
			if e.Params["name"] != "Сейітов Ерлан" || e.Params["max"] != "1" {
				t.Fatalf("params: %v", e.Params)
			}
		}
		second := tr.terms()
		second.StudentID = asel.ID
		full(st.CreateAgreement(ctx, &second))
		second = tr.draft(t, asel, noMentor)
		terms = second.Terms()
		terms.MentorID = tr.mentor.ID
		full(st.EditAgreement(ctx, second.ID, 1, terms))

		// A mentor of another enterprise is refused.
		other := domain.Enterprise{BIN: bin(t, "05044000888"), Name: domain.Names{RU: "ТОО «Астана Строй»"}, RegionID: 71, CityID: 2,
			Industry: "F", Employees: 120}
		if err := st.CreateEnterprise(ctx, &other); err != nil {
			t.Fatal(err)
		}
		stranger, _ := tr.newMentor(t, other.ID, "Ким Анна", "anna")
		terms.MentorID = stranger.ID
		wantKey(t, st.EditAgreement(ctx, second.ID, 1, terms), domain.EINVALID, "mentor_id", "error.mentor.enterprise")
		wantKey(t, st.ChangeMentor(ctx, first.ID, stranger.ID, "перевод"), domain.EINVALID, "mentor_id", "error.mentor.enterprise")

		// Another mentor of the enterprise has room.
		colleague, _ := tr.newMentor(t, tr.enterprise.ID, "Омаров Бауыржан", "baur")
		terms.MentorID = colleague.ID
		if err := st.EditAgreement(ctx, second.ID, 1, terms); err != nil {
			t.Fatal(err)
		}
		if err := st.SendForSignature(ctx, second.ID); err != nil {
			t.Fatal(err)
		}
		// Nor can a change of mentor go past the limit.
		full(st.ChangeMentor(ctx, second.ID, tr.mentor.ID, "перевод"))
		// Raising the limit makes room.
		settings.MaxTraineesPerMentor = 3
		if err := st.UpdateDualSettings(ctx, settings); err != nil {
			t.Fatal(err)
		}
		third := tr.terms()
		third = tr.draft(t, maria, third)
		if err := st.SendForSignature(ctx, third.ID); err != nil {
			t.Fatal(err)
		}
	})
}

func TestChangeOfMentorAndEnterprise(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		tr := newTraining(t, st)
		dana, danaUser := tr.newStudent(t, "Ахметова", "Дана")
		a := tr.activate(t, dana, danaUser, tr.terms())

		// Two signed weeks.
		tr.now = time.Date(2026, 9, 18, 16, 0, 0, 0, time.UTC)
		for _, monday := range []time.Time{ymd(2026, 9, 7), ymd(2026, 9, 14)} {
			tr.signedWeek(t, dana, monday, 24)
		}

		colleague, colleagueUser := tr.newMentor(t, tr.enterprise.ID, "Омаров Бауыржан", "baur")
		wantKey(t, st.ChangeMentor(ctx, a.ID, colleague.ID, "  "), domain.EINVALID, "reason", "error.agreement.reason")
		if err := st.ChangeMentor(testkit.As(tr.hr), a.ID, colleague.ID, "Ерлан Сейітов в отпуске"); err != nil {
			t.Fatal(err)
		}
		got, _ := st.Agreement(ctx, a.ID)
		if got.Status != domain.AgreementActive || got.Version != 1 || got.MentorID != colleague.ID || got.Mentor != "Омаров Бауыржан" ||
			!got.Approved(domain.PartyCollege) || !got.Approved(domain.PartyEnterprise) || !got.Approved(domain.PartyStudent) {
			t.Fatalf("a change of mentor must keep the approvals: %+v", got)
		}
		if s, _ := st.Student(ctx, dana.ID); s.MentorID != colleague.ID || s.MentorUserID != colleagueUser.ID {
			t.Fatalf("student's mentor: %+v", s)
		}
		if list, _ := st.Students(ctx, domain.StudentFilter{MentorID: tr.mentorUser.ID}); list.Total != 0 {
			t.Fatalf("the former mentor still has trainees: %+v", list)
		}

		// A move to another enterprise ends the agreement and starts a draft
		// from tomorrow; the logbook and hours stay with the student.
		other := domain.Enterprise{BIN: bin(t, "05044000888"), Name: domain.Names{RU: "ТОО «Алатау Сервис»"}, RegionID: 75, CityID: 1,
			Industry: "D", Employees: 80}
		if err := st.CreateEnterprise(ctx, &other); err != nil {
			t.Fatal(err)
		}
		newMentor, _ := tr.newMentor(t, other.ID, "Ким Анна", "anna")
		tr.now = time.Date(2026, 9, 23, 10, 0, 0, 0, time.UTC)
		_, err := st.ChangeEnterprise(ctx, a.ID, tr.enterprise.ID, colleague.ID, "переезд")
		wantKey(t, err, domain.EINVALID, "enterprise_id", "error.agreement.same_enterprise")
		_, err = st.ChangeEnterprise(ctx, a.ID, other.ID, tr.mentor.ID, "переезд")
		wantKey(t, err, domain.EINVALID, "mentor_id", "error.mentor.enterprise")
		nextID, err := st.ChangeEnterprise(testkit.As(tr.coordinator), a.ID, other.ID, newMentor.ID, "Семья переехала в Талгар")
		if err != nil {
			t.Fatal(err)
		}
		old, _ := st.Agreement(ctx, a.ID)
		next, _ := st.Agreement(ctx, nextID)
		if old.Status != domain.AgreementTerminated || old.EndReason != "Семья переехала в Талгар" || !old.EndedOn.Equal(ymd(2026, 9, 23)) {
			t.Fatalf("old agreement: %+v", old)
		}
		if next.Status != domain.AgreementDraft || next.PreviousID != a.ID || next.EnterpriseID != other.ID || next.MentorID != newMentor.ID ||
			!next.StartsOn.Equal(ymd(2026, 9, 24)) || !next.EndsOn.Equal(old.EndsOn) || next.Weekdays != old.Weekdays ||
			next.HoursPerWeek != 24 || len(next.Approvals) != 0 {
			t.Fatalf("new agreement: %+v", next)
		}
		if s, _ := st.Student(ctx, dana.ID); s.EnterpriseID != 0 {
			t.Fatalf("the student still trains at %d", s.EnterpriseID)
		}
		_, err = st.ChangeEnterprise(ctx, a.ID, other.ID, newMentor.ID, "ещё раз")
		wantAgreementState(t, err, domain.AgreementTerminated)

		changes, err := st.PartyChanges(ctx, dana.ID)
		if err != nil || len(changes) != 2 {
			t.Fatalf("changes: %+v, %v", changes, err)
		}
		if c := changes[0]; c.Kind != domain.ChangeEnterprise || c.FromID != tr.enterprise.ID || c.ToID != other.ID ||
			c.Reason != "Семья переехала в Талгар" || c.By != "coordinator" {
			t.Fatalf("enterprise change: %+v", c)
		}
		if c := changes[1]; c.Kind != domain.ChangeMentor || c.AgreementID != a.ID || c.FromID != tr.mentor.ID || c.ToID != colleague.ID ||
			c.Reason != "Ерлан Сейітов в отпуске" || c.By != "hr.office" {
			t.Fatalf("mentor change: %+v", c)
		}

		entries, err := st.Entries(ctx, domain.EntryFilter{StudentID: dana.ID})
		if err != nil || entries.Total != 2 {
			t.Fatalf("the logbook after the move: %+v, %v", entries, err)
		}
		p, err := st.Progress(ctx, dana.ID)
		if err != nil || p.AgreementID != nextID || p.SignedHours != 48 || p.WeeksSigned != 2 || p.Enterprise.RU != "ТОО «Алатау Сервис»" {
			t.Fatalf("progress after the move: %+v, %v", p, err)
		}
	})
}

func TestCompleteAndTerminate(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		tr := newTraining(t, st)
		dana, danaUser := tr.newStudent(t, "Ахметова", "Дана")
		asel, _ := tr.newStudent(t, "Бекова", "Әсел")
		a := tr.activate(t, dana, danaUser, tr.terms())

		wantKey(t, st.CompleteAgreement(ctx, a.ID), domain.EINVALID, "ends_on", "error.agreement.not_ended")
		tr.now = time.Date(2027, 6, 30, 12, 0, 0, 0, time.UTC)
		if err := st.CompleteAgreement(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := st.Agreement(ctx, a.ID)
		if got.Status != domain.AgreementCompleted || !got.EndedOn.Equal(ymd(2027, 6, 30)) {
			t.Fatalf("completed: %+v", got)
		}
		wantAgreementState(t, st.TerminateAgreement(ctx, a.ID, "поздно"), domain.AgreementCompleted)
		wantAgreementState(t, st.CompleteAgreement(ctx, a.ID), domain.AgreementCompleted)
		wantAgreementState(t, st.EditAgreement(ctx, a.ID, 1, got.Terms()), domain.AgreementCompleted)

		b := tr.draft(t, asel, tr.terms())
		wantKey(t, st.TerminateAgreement(ctx, b.ID, ""), domain.EINVALID, "reason", "error.agreement.reason")
		if err := st.TerminateAgreement(ctx, b.ID, "Студентка перевелась в другой колледж"); err != nil {
			t.Fatal(err)
		}
		got, _ = st.Agreement(ctx, b.ID)
		if got.Status != domain.AgreementTerminated || got.EndReason != "Студентка перевелась в другой колледж" || !got.ActiveOn.IsZero() {
			t.Fatalf("terminated: %+v", got)
		}
		if _, err := st.Agreement(ctx, 999999); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("a missing agreement: %v", err)
		}
		wantCode(t, st.SendForSignature(ctx, 999999), domain.ENOTFOUND, "")
	})
}

func TestWorkRecords(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		tr := newTraining(t, st)
		var students []domain.Student
		var users []domain.User
		for _, n := range [][2]string{{"Ахметова", "Дана"}, {"Бекова", "Әсел"}, {"Иванова", "Мария"}, {"Жақсыбек", "Ерлан"}, {"Ли", "Виктор"}} {
			s, u := tr.newStudent(t, n[0], n[1])
			students, users = append(students, s), append(users, u)
		}
		terms := tr.terms()
		active := tr.activate(t, students[0], users[0], terms)
		completed := tr.activate(t, students[1], users[1], terms)
		ended := tr.activate(t, students[2], users[2], terms)
		tr.draft(t, students[3], terms)
		never := tr.draft(t, students[4], terms)
		if err := st.TerminateAgreement(ctx, never.ID, "Отказ студента"); err != nil {
			t.Fatal(err)
		}
		tr.now = time.Date(2027, 1, 15, 10, 0, 0, 0, time.UTC)
		if err := st.TerminateAgreement(ctx, ended.ID, "Отчислен"); err != nil {
			t.Fatal(err)
		}
		tr.now = time.Date(2027, 7, 1, 10, 0, 0, 0, time.UTC)
		if err := st.CompleteAgreement(ctx, completed.ID); err != nil {
			t.Fatal(err)
		}

		var got []domain.WorkRecord
		err := st.WorkRecords(ctx, domain.AgreementFilter{CollegeID: tr.college.ID, Page: domain.Page{Size: 1}}, func(r domain.WorkRecord) error {
			got = append(got, r)
			return nil
		})
		if err != nil || len(got) != 3 {
			t.Fatalf("work records: %+v, %v", got, err)
		}
		want := []struct {
			id     int64
			iin    string
			end    time.Time
			status domain.AgreementStatus
		}{
			{active.ID, students[0].IIN, ymd(2027, 6, 30), domain.AgreementActive},
			{completed.ID, students[1].IIN, ymd(2027, 7, 1), domain.AgreementCompleted},
			{ended.ID, students[2].IIN, ymd(2027, 1, 15), domain.AgreementTerminated},
		}
		for i, w := range want {
			r := got[i]
			if r.AgreementID != w.id || r.StudentIIN != w.iin || !r.EndsOn.Equal(w.end) || r.Status != w.status ||
				!r.StartsOn.Equal(ymd(2026, 9, 7)) || r.EnterpriseBIN != tr.enterprise.BIN || r.Enterprise.RU != tr.enterprise.Name.RU ||
				r.Position != "Техник-программист" || r.Student.Last == "" {
				t.Fatalf("record %d: %+v, want %+v", i, r, w)
			}
		}
		// Filters apply, and the callback's error stops the stream.
		n := 0
		stop := fmt.Errorf("enough")
		err = st.WorkRecords(ctx, domain.AgreementFilter{Status: domain.AgreementTerminated}, func(r domain.WorkRecord) error {
			n++
			return stop
		})
		if err != stop || n != 1 {
			t.Fatalf("stopped stream: %d records, %v", n, err)
		}
	})
}

// Two coordinators creating an agreement for one student at the same moment:
// one succeeds, the other is told the student already has one.
func TestOneLiveAgreementUnderRace(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		tr := newTraining(t, st)
		dana, _ := tr.newStudent(t, "Ахметова", "Дана")
		var warm sync.WaitGroup
		for range 16 {
			warm.Go(func() { st.Agreements(ctx, domain.AgreementFilter{}) })
		}
		warm.Wait()
		errs := make(chan error, 4)
		for range 4 {
			go func() {
				a := tr.terms()
				a.StudentID, a.MentorID = dana.ID, 0
				errs <- st.CreateAgreement(ctx, &a)
			}()
		}
		created := 0
		for range 4 {
			switch err := <-errs; {
			case err == nil:
				created++
			case domain.AsError(err).Key != "error.agreement.live" || domain.ErrorCode(err) != domain.ECONFLICT:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if list, _ := st.Agreements(ctx, domain.AgreementFilter{StudentID: dana.ID}); created != 1 || list.Total != 1 {
			t.Fatalf("%d created, %d stored; want 1", created, list.Total)
		}
	})
}
