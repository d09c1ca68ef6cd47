package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// agreementMentors are the two mentors at Energo the agreement tests name:
// the placement fixture's (the mentor account's own record) and a second
// one to change to.
type agreementMentors struct {
	first, second domain.Mentor
}

var agreementFixtures = struct {
	sync.Mutex
	m map[*registry]*agreementMentors
}{m: map[*registry]*agreementMentors{}}

func (r *registry) agreementMentors(t testing.TB) *agreementMentors {
	t.Helper()
	first := r.placements(t).mentor
	agreementFixtures.Lock()
	defer agreementFixtures.Unlock()
	if am, ok := agreementFixtures.m[r]; ok {
		return am
	}
	am := &agreementMentors{first: first, second: domain.Mentor{EnterpriseID: r.energo.ID, Name: "Иманбаева Сәуле Қанатқызы",
		Position: "Мастер участка", Qualification: "Электромонтёр", ExperienceYears: 9, PayPerTrainee: 6500}}
	if err := r.app.Store.SaveMentor(testkit.As(r.users[domain.RoleEnterprise]), &am.second); err != nil {
		t.Fatal(err)
	}
	agreementFixtures.m[r] = am
	return am
}

// nextMonday is the first day of an agreement that starts next week.
func nextMonday() time.Time {
	return domain.WeekStart(domain.DateInKazakhstan(time.Now())).AddDate(0, 0, 7)
}

// agreementForm is the form of a new agreement's terms: Monday to
// Wednesday, 24 hours a week, from startsOn for 40 weeks.
func agreementForm(startsOn time.Time, changes ...string) url.Values {
	f := url.Values{
		"position":         {"Стажёр-программист"},
		"starts_on":        {startsOn.Format(time.DateOnly)},
		"ends_on":          {startsOn.AddDate(0, 0, 7*40-3).Format(time.DateOnly)},
		"weekdays":         {"1", "2", "3"},
		"hours_per_week":   {"24"},
		"stipend_tenge":    {"60000"},
		"mentor_pay_tenge": {"7000"},
	}
	for i := 0; i+1 < len(changes); i += 2 {
		f.Set(changes[i], changes[i+1])
	}
	return f
}

// createdAgreement is the ID in the Location of a created agreement.
func createdAgreement(t testing.TB, p page) int64 {
	t.Helper()
	loc := p.header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/agreements/"), 10, 64)
	if p.status != http.StatusSeeOther || err != nil {
		t.Fatalf("no agreement created: status %d, Location %q; body:\n%s", p.status, loc, excerpt(p.body))
	}
	return id
}

// approve posts a party's approval of a version.
func approve(t testing.TB, r *registry, id int64, party domain.Party, version int, as []string) page {
	t.Helper()
	return postForm(t, r.app.URL, "/agreements/"+itoa(id)+"/approve",
		url.Values{"party": {string(party)}, "version": {strconv.Itoa(version)}}, as...)
}

// storedAgreement reads an agreement from the store, beyond any scope.
func storedAgreement(t testing.TB, r *registry, id int64) domain.Agreement {
	t.Helper()
	a, err := r.app.Store.Agreement(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// activeAgreement makes an agreement in force for a student at Energo
// through the store, each party approving as its fixture user: forty
// weeks, of which eight have passed.
func activeAgreement(t testing.TB, r *registry, s domain.Student, guardian string) domain.Agreement {
	t.Helper()
	st := r.app.Store
	m := r.agreementMentors(t).first
	a := domain.Agreement{StudentID: s.ID, EnterpriseID: r.energo.ID, MentorID: m.ID, Position: "Стажёр-электромонтёр",
		StartsOn: nextMonday().AddDate(0, 0, -7*9), EndsOn: nextMonday().AddDate(0, 0, 7*31-3),
		Weekdays: domain.Weekdays(0).With(time.Monday).With(time.Thursday), HoursPerWeek: 16, StipendTenge: 45000, MentorPay: 6000,
		GuardianName: guardian}
	college := testkit.As(r.users[domain.RoleCollege])
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.CreateAgreement(college, &a))
	must(st.SendForSignature(college, a.ID))
	must(st.ApproveAgreement(college, a.ID, 1, domain.PartyCollege))
	must(st.ApproveAgreement(testkit.As(r.users[domain.RoleEnterprise]), a.ID, 1, domain.PartyEnterprise))
	must(st.ApproveAgreement(testkit.As(domain.User{ID: r.users[domain.RoleStudent].ID, Role: domain.RoleStudent, Name: s.Name.Full()}),
		a.ID, 1, domain.PartyStudent))
	if guardian != "" {
		must(st.ApproveAgreement(college, a.ID, 1, domain.PartyGuardian))
	}
	a = storedAgreement(t, r, a.ID)
	if a.Status != domain.AgreementActive {
		t.Fatalf("the agreement is %s after every approval", a.Status)
	}
	return a
}

// TestAgreementSignedEditedSignedAgain is the tripartite agreement's life
// as its parties see it: the coordinator finds the student and the
// enterprise and drafts it, sends it, the college, the enterprise and the
// student approve in turn and it comes into force; the enterprise changes
// the hours, which clears every approval and says so; a form or a button
// of the old version is refused with the reason; all three approve again.
func TestAgreementSignedEditedSignedAgain(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	m := r.agreementMentors(t).first
	college := r.as(t, domain.RoleCollege, "Accept-Language", "en")
	enterprise := r.as(t, domain.RoleEnterprise, "Accept-Language", "en")
	student := r.as(t, domain.RoleStudent, "Accept-Language", "en")
	base := r.app.URL

	// The list offers a new agreement; the form first finds the student,
	// then the enterprise, whose mentors it then lists.
	get(t, base, "/agreements", college...).expect(t, http.StatusOK, `href="/agreements/new"`, "No agreements yet.")
	get(t, base, "/agreements/new", college...).expect(t, http.StatusOK, "Start of the last name, or the IIN")
	get(t, base, "/agreements/new?q="+url.QueryEscape("Әбілқас"), college...).
		expect(t, http.StatusOK, `<option value="`+itoa(r.aigerim.ID)+`">Әбілқасымова Айгерім · ПО-23-1</option>`)
	get(t, base, "/agreements/new?student="+itoa(r.aigerim.ID)+"&q="+url.QueryEscape("Энерго"), college...).
		expect(t, http.StatusOK, "Enterprise name or BIN", `<option value="`+itoa(r.energo.ID)+`">Almaty Energo Service LLP · `+r.energo.BIN)
	p := get(t, base, "/agreements/new?student="+itoa(r.aigerim.ID)+"&enterprise_id="+itoa(r.energo.ID), college...)
	p.expect(t, http.StatusOK, "Әбілқасымова Айгерім", "Almaty Energo Service LLP", `<option value="`+itoa(m.ID)+`">`,
		"The student is an adult on the first day")
	p.lacks(t, `name="guardian_name"`)

	form := agreementForm(nextMonday(), "mentor_id", itoa(m.ID))
	form.Set("student_id", itoa(r.aigerim.ID))
	form.Set("enterprise_id", itoa(r.energo.ID))
	id := createdAgreement(t, postForm(t, base, "/agreements", form, college...))
	self := "/agreements/" + itoa(id)
	get(t, base, self, college...).expect(t, http.StatusOK, "The draft agreement was created.", ">Draft<", "Send for approval")

	// A second draft for the same student is refused, on the form.
	postForm(t, base, "/agreements", form, college...).expect(t, http.StatusConflict,
		"The student already has an agreement in force or in preparation.")

	postForm(t, base, self+"/send", url.Values{}, college...).expect(t, http.StatusSeeOther)
	p = get(t, base, self, student...)
	p.expect(t, http.StatusOK, ">Awaiting signatures<", "0 of 3 approved", "I approve the agreement")
	p.lacks(t, "Approve for the college", "Approve for the enterprise", "Change the terms")

	// The enterprise cannot sign for the college.
	approve(t, r, id, domain.PartyCollege, 1, enterprise).expect(t, http.StatusForbidden, "You cannot sign for this party.")

	approve(t, r, id, domain.PartyCollege, 1, college).expect(t, http.StatusSeeOther)
	get(t, base, self, college...).expect(t, http.StatusOK, "The approval was recorded.", "1 of 3 approved", "Test college, ")
	approve(t, r, id, domain.PartyEnterprise, 1, enterprise).expect(t, http.StatusSeeOther)
	approve(t, r, id, domain.PartyStudent, 1, student).expect(t, http.StatusSeeOther)
	p = get(t, base, self, student...)
	p.expect(t, http.StatusOK, "Every party approved: the agreement is in force.", ">Active<", "Әбілқасымова Айгерім, ")
	p.lacks(t, "Waiting", `id="approvals-cleared"`)

	// The enterprise changes the hours: a new version, every approval
	// cleared, and the page says so to everyone.
	edit := get(t, base, self+"/edit", enterprise...)
	edit.expect(t, http.StatusOK, `name="version" value="1"`, "any change of the terms makes a new version", `value="24"`)
	changed := agreementForm(nextMonday(), "mentor_id", itoa(m.ID), "hours_per_week", "20", "version", "1")
	postForm(t, base, self, changed, enterprise...).expect(t, http.StatusSeeOther)
	p = get(t, base, self, enterprise...)
	p.expect(t, http.StatusOK, "The terms were saved as a new version. Every approval was cleared: all parties must approve again.",
		`id="approvals-cleared"`, "The terms were changed (version 2): every approval given before was cleared.",
		">Awaiting signatures<", "0 of 3 approved", "Cleared approvals")
	if n := strings.Count(p.body, ">Cleared<"); n != 3 {
		t.Errorf("%d cleared approvals listed, want the 3 of version 1", n)
	}
	get(t, base, self, student...).expect(t, http.StatusOK, `id="approvals-cleared"`, "I approve the agreement")

	// Someone still on version 1 is told why, and shown the new terms.
	stale := postForm(t, base, self, agreementForm(nextMonday(), "mentor_id", itoa(m.ID), "hours_per_week", "30", "version", "1"), college...)
	stale.expect(t, http.StatusConflict, "The agreement was changed by someone else meanwhile.", `name="version" value="2"`,
		`id="hours_per_week" name="hours_per_week" value="20"`)
	approve(t, r, id, domain.PartyStudent, 1, student).expect(t, http.StatusConflict,
		"The agreement was changed by someone else meanwhile.", "I approve the agreement")
	if a := storedAgreement(t, r, id); a.HoursPerWeek != 20 || a.Version != 2 || a.Approved(domain.PartyStudent) {
		t.Fatalf("after the stale requests: %d hours, version %d, student approved %v", a.HoursPerWeek, a.Version, a.Approved(domain.PartyStudent))
	}

	// All three sign again.
	approve(t, r, id, domain.PartyStudent, 2, student).expect(t, http.StatusSeeOther)
	approve(t, r, id, domain.PartyEnterprise, 2, enterprise).expect(t, http.StatusSeeOther)
	approve(t, r, id, domain.PartyCollege, 2, college).expect(t, http.StatusSeeOther)
	p = get(t, base, self, college...)
	p.expect(t, http.StatusOK, "Every party approved: the agreement is in force.", ">Active<", "Approvals of version 2")
	p.lacks(t, `id="approvals-cleared"`)
	a := storedAgreement(t, r, id)
	cleared := 0
	for _, ap := range a.Approvals {
		if ap.Cleared {
			cleared++
		}
	}
	if a.Status != domain.AgreementActive || a.Version != 2 || len(a.Approvals) != 6 || cleared != 3 {
		t.Errorf("stored: %s, version %d, %d approvals of which %d cleared; want active, 2, 6 and 3", a.Status, a.Version, len(a.Approvals), cleared)
	}

	// Saving the same terms changes nothing and keeps the approvals.
	postForm(t, base, self, agreementForm(nextMonday(), "mentor_id", itoa(m.ID), "hours_per_week", "20", "version", "2"), college...).
		expect(t, http.StatusSeeOther)
	get(t, base, self, college...).expect(t, http.StatusOK, "Nothing changed; the approvals stand.", ">Active<")
}

// TestAgreementMinorNeedsGuardian: an agreement of a student under 18 on
// the first day cannot go for signature without the guardian's name, and it comes
// into force only once the college records the guardian's approval. Its
// period over, the college completes it.
func TestAgreementMinorNeedsGuardian(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	m := r.agreementMentors(t).first
	minor := r.students[3] // born 15.03.2007: 17 on 2 September 2024
	minorUser := testkit.NewUser(t, r.app.Store, domain.User{Login: "minor-student", Role: domain.RoleStudent,
		CollegeID: r.almaty.ID, StudentID: minor.ID, Name: minor.Name.Full()})
	college := r.as(t, domain.RoleCollege, "Accept-Language", "ru")
	enterprise := r.as(t, domain.RoleEnterprise, "Accept-Language", "ru")
	student := r.asUser(t, minorUser)
	start := time.Date(2024, 9, 2, 0, 0, 0, 0, time.UTC)

	// Enterprise HR drafts with its own enterprise. A draft may wait for
	// the guardian's name (HR accepting a minor's application does not know
	// it); sending it for signature may not.
	get(t, r.app.URL, "/agreements/new?student="+itoa(minor.ID), enterprise...).
		expect(t, http.StatusOK, "ТОО «Алматы Энерго Сервис»", "Сейтжанов Болат Маратович")
	form := agreementForm(start, "mentor_id", itoa(m.ID))
	form.Set("student_id", itoa(minor.ID))
	id := createdAgreement(t, postForm(t, r.app.URL, "/agreements", form, enterprise...))
	self := "/agreements/" + itoa(id)
	postForm(t, r.app.URL, self+"/send", url.Values{}, enterprise...).
		expect(t, http.StatusBadRequest, "Обучающемуся нет 18 лет на дату начала")
	if a := storedAgreement(t, r, id); a.Status != domain.AgreementDraft {
		t.Fatalf("sent without the guardian: %s", a.Status)
	}
	form.Set("version", "1")
	form.Set("guardian_name", "Бөкейханова Гүлжаһан Өмірзаққызы")
	postForm(t, r.app.URL, self, form, enterprise...).expect(t, http.StatusSeeOther)

	postForm(t, r.app.URL, self+"/send", url.Values{}, enterprise...).expect(t, http.StatusSeeOther)
	approve(t, r, id, domain.PartyCollege, 2, college).expect(t, http.StatusSeeOther)
	approve(t, r, id, domain.PartyEnterprise, 2, enterprise).expect(t, http.StatusSeeOther)
	approve(t, r, id, domain.PartyStudent, 2, student).expect(t, http.StatusSeeOther)
	p := get(t, r.app.URL, self, college...)
	p.expect(t, http.StatusOK, ">Ожидает подписей<", "согласовано 3 из 4", "Законный представитель",
		"Бөкейханова Гүлжаһан Өмірзаққызы", "Записать согласие законного представителя")
	if a := storedAgreement(t, r, id); a.Status != domain.AgreementAwaiting {
		t.Fatalf("the agreement is %s without the guardian's approval", a.Status)
	}
	// Only the college records it.
	approve(t, r, id, domain.PartyGuardian, 2, enterprise).expect(t, http.StatusForbidden)
	approve(t, r, id, domain.PartyGuardian, 2, college).expect(t, http.StatusSeeOther)
	get(t, r.app.URL, self, college...).expect(t, http.StatusOK, "Все стороны согласовали: договор вступил в силу.", ">Действует<",
		"Отметить как исполненный")
	a := storedAgreement(t, r, id)
	for _, ap := range a.Approvals {
		if ap.Party == domain.PartyGuardian && ap.Name != "Бөкейханова Гүлжаһан Өмірзаққызы" {
			t.Errorf("the guardian's approval is recorded as %q", ap.Name)
		}
	}
	// Its period is over: the college completes it; enterprise HR may not.
	get(t, r.app.URL, self, enterprise...).lacks(t, "Отметить как исполненный")
	postForm(t, r.app.URL, self+"/complete", url.Values{}, enterprise...).expect(t, http.StatusForbidden)
	postForm(t, r.app.URL, self+"/complete", url.Values{}, college...).expect(t, http.StatusSeeOther)
	get(t, r.app.URL, self, college...).expect(t, http.StatusOK, "Договор отмечен как исполненный.", ">Исполнен<")
	// An adult's agreement has no guardian to approve.
	adult := activeAgreement(t, r, r.aigerim, "")
	get(t, r.app.URL, "/agreements/"+itoa(adult.ID), college...).lacks(t, "Законный представитель")
}

// TestAgreementPDFDownload: the agreement downloads as a PDF in Kazakh and
// in Russian with its file name; another language is refused in the
// user's language; another college's coordinator finds nothing.
func TestAgreementPDFDownload(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	a := activeAgreement(t, r, r.aigerim, "")
	self := "/agreements/" + itoa(a.ID)
	get(t, r.app.URL, self, r.as(t, domain.RoleStudent, "Accept-Language", "en")...).
		expect(t, http.StatusOK, `href="`+self+`/pdf?lang=kk"`, `href="`+self+`/pdf?lang=ru"`, "PDF in Kazakh", "PDF in Russian")
	for _, role := range []domain.Role{domain.RoleStudent, domain.RoleCollege, domain.RoleEnterprise, domain.RoleMentor, domain.RoleMinistry} {
		for _, lang := range []string{"kk", "ru"} {
			p := get(t, r.app.URL, self+"/pdf?lang="+lang, r.as(t, role)...)
			if p.status != http.StatusOK {
				t.Fatalf("%s, %s: status %d; body:\n%s", role, lang, p.status, excerpt(p.body))
			}
			want := `attachment; filename="agreement-` + itoa(a.ID) + "-" + lang + `.pdf"`
			if ct, cd := p.header.Get("Content-Type"), p.header.Get("Content-Disposition"); ct != "application/pdf" || cd != want {
				t.Errorf("%s, %s: Content-Type %q, Content-Disposition %q", role, lang, ct, cd)
			}
			if !strings.HasPrefix(p.body, "%PDF-1.") || !strings.HasSuffix(strings.TrimSpace(p.body), "%%EOF") {
				t.Errorf("%s, %s: the body is not a PDF: %q…", role, lang, p.body[:min(len(p.body), 20)])
			}
			if p.header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s, %s: a PDF with personal data may be cached: %q", role, lang, p.header.Get("Cache-Control"))
			}
		}
	}
	// Both languages differ, and one language is the same bytes each time.
	kk := get(t, r.app.URL, self+"/pdf?lang=kk", r.as(t, domain.RoleCollege)...).body
	ru := get(t, r.app.URL, self+"/pdf?lang=ru", r.as(t, domain.RoleCollege)...).body
	if kk == ru || kk != get(t, r.app.URL, self+"/pdf?lang=kk", r.as(t, domain.RoleCollege)...).body {
		t.Error("the Kazakh and Russian PDFs are the same, or one language prints differently twice")
	}
	get(t, r.app.URL, self+"/pdf?lang=en", r.as(t, domain.RoleCollege)...).
		expect(t, http.StatusBadRequest, "The agreement is printed in Kazakh (kk) or Russian (ru) only.")
	get(t, r.app.URL, self+"/pdf?lang=kk", r.asUser(t, r.astanaCoordinator)...).expect(t, http.StatusNotFound)
	get(t, r.app.URL, self+"/pdf?lang=kk").expect(t, http.StatusSeeOther)
}

// TestWorkRecordsCSV: the work-experience records download with a BOM and
// the header row in the user's language; the IIN is whole for the roles
// that work with the person and masked for the others; only agreements
// that came into force are work experience.
func TestWorkRecordsCSV(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	a := activeAgreement(t, r, r.aigerim, "")
	// A draft is no work experience.
	draft := domain.Agreement{StudentID: r.students[1].ID, EnterpriseID: r.energo.ID, Position: "Стажёр",
		StartsOn: nextMonday(), EndsOn: nextMonday().AddDate(0, 3, 0), Weekdays: domain.Weekdays(0).With(time.Friday), HoursPerWeek: 8}
	if err := r.app.Store.CreateAgreement(testkit.As(r.users[domain.RoleCollege]), &draft); err != nil {
		t.Fatal(err)
	}
	iin := r.aigerim.IIN
	masked := "••••••••" + iin[8:]
	cases := []struct {
		role domain.Role
		lang string
		iin  string
		head string
	}{
		{domain.RoleCollege, "ru", iin, "№ договора,Начало,Окончание,БИН предприятия,Предприятие,ИИН студента,Студент,Должность,Статус"},
		{domain.RoleEnterprise, "kk", iin, "Шарт №,Басталуы,Аяқталуы,Кәсіпорынның БСН,Кәсіпорын,Білім алушының ЖСН,Білім алушы,Лауазымы,Күйі"},
		{domain.RoleStudent, "en", iin, "Agreement No.,Start,End,Enterprise BIN,Enterprise,Student IIN,Student,Position,Status"},
		{domain.RoleMinistry, "ru", masked, ""},
		{domain.RoleRegion, "en", masked, ""},
		{domain.RoleMentor, "en", masked, ""},
		{domain.RoleAuditor, "kk", masked, ""},
	}
	for _, c := range cases {
		p := get(t, r.app.URL, "/agreements/work-records.csv", r.as(t, c.role, "Cookie", "lang="+c.lang)...)
		if p.status != http.StatusOK || p.header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			!strings.HasPrefix(p.header.Get("Content-Disposition"), `attachment; filename="work-records-`) {
			t.Fatalf("%s: status %d, %q, %q; body:\n%s", c.role, p.status, p.header.Get("Content-Type"), p.header.Get("Content-Disposition"), excerpt(p.body))
		}
		body, ok := strings.CutPrefix(p.body, "\uFEFF")
		if !ok {
			t.Errorf("%s: the file does not start with the UTF-8 BOM", c.role)
		}
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", c.role, err)
		}
		if c.head != "" && strings.Join(rows[0], ",") != c.head {
			t.Errorf("%s, %s: header %q, want %q", c.role, c.lang, strings.Join(rows[0], ","), c.head)
		}
		if len(rows) != 2 {
			t.Fatalf("%s: %d rows, want the header and the agreement in force: %q", c.role, len(rows), rows)
		}
		row := rows[1]
		want := []string{itoa(a.ID), a.StartsOn.Format(time.DateOnly), a.EndsOn.Format(time.DateOnly), r.energo.BIN, "", c.iin,
			"Әбілқасымова Айгерім", "Стажёр-электромонтёр", ""}
		for i, w := range want {
			if w != "" && row[i] != w {
				t.Errorf("%s: column %d is %q, want %q", c.role, i+1, row[i], w)
			}
		}
		if c.iin == masked && strings.Contains(p.body, iin) {
			t.Errorf("%s sees the whole IIN", c.role)
		}
	}
	// Another college's coordinator gets the header only; the filter
	// applies; a bad status is the user's mistake.
	p := get(t, r.app.URL, "/agreements/work-records.csv", r.asUser(t, r.astanaCoordinator)...)
	if rows, _ := csv.NewReader(strings.NewReader(strings.TrimPrefix(p.body, "\uFEFF"))).ReadAll(); p.status != http.StatusOK || len(rows) != 1 {
		t.Errorf("another college's records: status %d, rows %q", p.status, rows)
	}
	p = get(t, r.app.URL, "/agreements/work-records.csv?status=terminated", r.as(t, domain.RoleCollege)...)
	if strings.Contains(p.body, iin) {
		t.Error("the status filter does not apply to the records")
	}
	get(t, r.app.URL, "/agreements/work-records.csv?status=signed", r.as(t, domain.RoleCollege, "Accept-Language", "en")...).
		expect(t, http.StatusBadRequest, "Unknown agreement status.")
}

// TestAgreementList: each role sees its own agreements; the coordinator
// filters by state and searches by name; the badges show the state.
func TestAgreementList(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	active := activeAgreement(t, r, r.aigerim, "")
	draft := domain.Agreement{StudentID: r.students[16].ID, EnterpriseID: r.energo.ID, Position: "Стажёр",
		StartsOn: nextMonday(), EndsOn: nextMonday().AddDate(0, 3, 0), Weekdays: domain.Weekdays(0).With(time.Friday), HoursPerWeek: 8}
	if err := r.app.Store.CreateAgreement(testkit.As(r.users[domain.RoleCollege]), &draft); err != nil {
		t.Fatal(err)
	}
	aigerim, other := r.aigerim.Name.Full(), r.students[16].Name.Full()
	cases := []struct {
		as            []string
		shown, hidden []string
		summary       string
	}{
		{r.as(t, domain.RoleCollege, "Accept-Language", "en"), []string{aigerim, other}, nil, "2 agreements"},
		{r.as(t, domain.RoleEnterprise, "Accept-Language", "en"), []string{aigerim, other}, nil, "2 agreements"},
		{r.as(t, domain.RoleMinistry, "Accept-Language", "en"), []string{aigerim, other}, nil, "2 agreements"},
		{r.as(t, domain.RoleStudent, "Accept-Language", "en"), []string{aigerim}, []string{other}, "1 agreement"},
		// The mentor is named on the active agreement only.
		{r.as(t, domain.RoleMentor, "Accept-Language", "en"), []string{aigerim}, []string{other}, "1 agreement"},
		// The teacher supervises group A, not Өтебаева's group A2.
		{r.as(t, domain.RoleTeacher, "Accept-Language", "en"), []string{aigerim}, []string{other}, "1 agreement"},
		{append(r.asUser(t, r.astanaCoordinator), "Accept-Language", "en"), nil, []string{aigerim, other}, "0 agreements"},
	}
	for i, c := range cases {
		p := get(t, r.app.URL, "/agreements", c.as...)
		p.expect(t, http.StatusOK, "<strong>"+c.summary+"</strong>")
		p.expect(t, http.StatusOK, c.shown...)
		p.lacks(t, c.hidden...)
		if i == len(cases)-1 {
			p.expect(t, http.StatusOK, "No agreements yet.")
		}
	}
	college := r.as(t, domain.RoleCollege, "Accept-Language", "ru")
	p := get(t, r.app.URL, "/agreements?status=active", college...)
	p.expect(t, http.StatusOK, aigerim, `<span class="badge state-active">Действует</span>`, "<strong>1 договор</strong>",
		`href="/agreements/work-records.csv?status=active"`)
	p.lacks(t, other)
	p = get(t, r.app.URL, "/agreements?q="+url.QueryEscape("Өтеб"), college...)
	p.expect(t, http.StatusOK, other, `<span class="badge state-draft">Черновик</span>`)
	p.lacks(t, aigerim)
	p = get(t, r.app.URL, "/agreements?status=terminated", append(college, "HX-Request", "true")...)
	p.expect(t, http.StatusOK, "Нет договоров, подходящих под фильтр.")
	p.lacks(t, "<html")
	get(t, r.app.URL, "/agreements/"+itoa(active.ID), r.asUser(t, r.astanaCoordinator)...).expect(t, http.StatusNotFound)
	get(t, r.app.URL, "/agreements?status=nope", college...).expect(t, http.StatusBadRequest)
}

// TestAgreementChanges: the mentor changes with a reason and the
// approvals stand; the student moves to another enterprise, which ends the
// agreement and opens a draft; an agreement ends only with a reason.
func TestAgreementChanges(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	ms := r.agreementMentors(t)
	a := activeAgreement(t, r, r.aigerim, "")
	self := "/agreements/" + itoa(a.ID)
	college := r.as(t, domain.RoleCollege, "Accept-Language", "en")
	enterprise := r.as(t, domain.RoleEnterprise, "Accept-Language", "en")

	p := get(t, r.app.URL, self, enterprise...)
	p.expect(t, http.StatusOK, "Change the mentor", "Terminate the agreement", ms.second.Name)
	p.lacks(t, "Move to another enterprise") // the college's step
	postForm(t, r.app.URL, self+"/mentor", url.Values{"mentor_id": {itoa(ms.second.ID)}}, enterprise...).
		expect(t, http.StatusBadRequest, "Reason: Write the reason.")
	postForm(t, r.app.URL, self+"/mentor", url.Values{"mentor_id": {itoa(ms.second.ID)}, "reason": {"Болат Маратович в отпуске"}}, enterprise...).
		expect(t, http.StatusSeeOther)
	get(t, r.app.URL, self, enterprise...).expect(t, http.StatusOK, "The mentor was changed; the approvals stand.", ">Active<")
	get(t, r.app.URL, self, college...).expect(t, http.StatusOK, "Mentor changed", ms.first.Name+" → "+ms.second.Name,
		"Болат Маратович в отпуске")
	if got := storedAgreement(t, r, a.ID); got.MentorID != ms.second.ID || got.Version != 1 || !got.Approved(domain.PartyStudent) {
		t.Errorf("after the change of mentor: mentor %d, version %d", got.MentorID, got.Version)
	}

	// The college moves the student: find the enterprise, choose it, give
	// the reason.
	get(t, r.app.URL, self+"?enterprise_q="+url.QueryEscape("Құрылыс"), college...).
		expect(t, http.StatusOK, `<option value="`+itoa(r.builder.ID)+`">Astana Qurylys JSC · `+r.builder.BIN)
	get(t, r.app.URL, self+"?enterprise_id="+itoa(r.builder.ID), college...).
		expect(t, http.StatusOK, "<strong>Astana Qurylys JSC</strong>", `name="enterprise_id" value="`+itoa(r.builder.ID)+`"`)
	postForm(t, r.app.URL, self+"/enterprise", url.Values{"enterprise_id": {itoa(r.builder.ID)}}, college...).
		expect(t, http.StatusBadRequest, "Write the reason.", "<strong>Astana Qurylys JSC</strong>")
	p = postForm(t, r.app.URL, self+"/enterprise", url.Values{"enterprise_id": {itoa(r.builder.ID)}, "reason": {"Предприятие сократило участок"}}, college...)
	next := createdAgreement(t, p)
	get(t, r.app.URL, "/agreements/"+itoa(next), college...).expect(t, http.StatusOK, "The old agreement ended and a draft with the new enterprise was created.",
		">Draft<", "Astana Qurylys JSC", `href="`+self+`"`, "Enterprise changed", "Предприятие сократило участок")
	get(t, r.app.URL, self, college...).expect(t, http.StatusOK, ">Terminated<", "Предприятие сократило участок")

	// Ending the new draft needs a reason too.
	nextSelf := "/agreements/" + itoa(next)
	postForm(t, r.app.URL, nextSelf+"/terminate", url.Values{"reason": {" "}}, college...).
		expect(t, http.StatusBadRequest, "Write the reason.")
	postForm(t, r.app.URL, nextSelf+"/terminate", url.Values{"reason": {"Студент переведён на заочное обучение"}}, college...).
		expect(t, http.StatusSeeOther)
	get(t, r.app.URL, nextSelf, college...).expect(t, http.StatusOK, "The agreement was terminated.", ">Terminated<")
	get(t, r.app.URL, nextSelf+"/edit", college...).expect(t, http.StatusConflict, "This cannot be done while the agreement is Terminated.")
}

// TestAgreementPagesEveryLanguage renders the agreement pages in their
// states, in every language, and fails on anything untranslated.
func TestAgreementPagesEveryLanguage(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	a := activeAgreement(t, r, r.aigerim, "")
	minor := domain.Agreement{StudentID: r.students[3].ID, EnterpriseID: r.energo.ID, MentorID: r.agreementMentors(t).first.ID,
		Position: "Стажёр", StartsOn: time.Date(2024, 9, 2, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2025, 5, 30, 0, 0, 0, 0, time.UTC),
		Weekdays: domain.Weekdays(0).With(time.Thursday).With(time.Friday), HoursPerWeek: 8, GuardianName: "Бөкейханова Гүлжаһан"}
	ctx := testkit.As(r.users[domain.RoleCollege])
	if err := r.app.Store.CreateAgreement(ctx, &minor); err != nil {
		t.Fatal(err)
	}
	if err := r.app.Store.SendForSignature(ctx, minor.ID); err != nil {
		t.Fatal(err)
	}
	if err := r.app.Store.ApproveAgreement(ctx, minor.ID, 1, domain.PartyCollege); err != nil {
		t.Fatal(err)
	}
	if err := r.app.Store.EditAgreement(ctx, minor.ID, 1, func() domain.Terms { t := minor.Terms(); t.HoursPerWeek = 16; return t }()); err != nil {
		t.Fatal(err)
	}
	id, mid := itoa(a.ID), itoa(minor.ID)
	pages := []struct {
		role   domain.Role
		method string
		path   string
		form   url.Values
		status int
		htmx   bool
	}{
		{role: domain.RoleCollege, path: "/agreements", status: http.StatusOK},
		{role: domain.RoleCollege, path: "/agreements?status=awaiting&q=" + url.QueryEscape("Бөк"), status: http.StatusOK, htmx: true},
		{role: domain.RoleAuditor, path: "/agreements?page=5", status: http.StatusOK},
		{role: domain.RoleCollege, path: "/agreements/" + id, status: http.StatusOK},
		{role: domain.RoleCollege, path: "/agreements/" + id + "?enterprise_q=nothing", status: http.StatusOK},
		{role: domain.RoleCollege, path: "/agreements/" + id + "?enterprise_id=" + itoa(r.builder.ID), status: http.StatusOK},
		{role: domain.RoleCollege, path: "/agreements/" + mid, status: http.StatusOK},
		{role: domain.RoleMinistry, path: "/agreements/" + mid, status: http.StatusOK},
		{role: domain.RoleStudent, path: "/agreements/" + id, status: http.StatusOK},
		{role: domain.RoleMentor, path: "/agreements/" + id, status: http.StatusOK},
		{role: domain.RoleEnterprise, path: "/agreements/" + mid + "/edit", status: http.StatusOK},
		{role: domain.RoleCollege, path: "/agreements/new", status: http.StatusOK},
		{role: domain.RoleCollege, path: "/agreements/new?q=nobody", status: http.StatusOK},
		{role: domain.RoleCollege, path: "/agreements/new?student=" + itoa(r.students[5].ID) + "&q=" + url.QueryEscape("Энерго"), status: http.StatusOK},
		{role: domain.RoleCollege, path: "/agreements/new?student=" + itoa(r.students[5].ID) + "&enterprise_id=" + itoa(r.energo.ID), status: http.StatusOK},
		{role: domain.RoleEnterprise, method: http.MethodPost, path: "/agreements", form: url.Values{"student_id": {itoa(r.students[5].ID)}, "hours_per_week": {"x"}}, status: http.StatusBadRequest},
		{role: domain.RoleEnterprise, method: http.MethodPost, path: "/agreements/" + mid, form: agreementForm(nextMonday(), "version", "1"), status: http.StatusConflict},
		{role: domain.RoleCollege, method: http.MethodPost, path: "/agreements/" + id + "/send", form: url.Values{}, status: http.StatusConflict},
		{role: domain.RoleCollege, method: http.MethodPost, path: "/agreements/" + id + "/terminate", form: url.Values{}, status: http.StatusBadRequest},
		{role: domain.RoleCollege, path: "/agreements/" + id + "/pdf?lang=en", status: http.StatusBadRequest},
	}
	for _, lang := range i18n.Languages {
		for _, pg := range pages {
			headers := append([]string{"Cookie", "lang=" + lang}, r.as(t, pg.role)...)
			if pg.htmx {
				headers = append(headers, "HX-Request", "true")
			}
			var p page
			if pg.method == http.MethodPost {
				p = postForm(t, r.app.URL, pg.path, pg.form, headers...)
			} else {
				p = get(t, r.app.URL, pg.path, headers...)
			}
			if p.status != pg.status {
				t.Errorf("%s %s %s: status %d, want %d; body:\n%s", lang, pg.method, pg.path, p.status, pg.status, excerpt(p.body))
			}
			for _, m := range untranslated.FindAllString(p.body, -1) {
				t.Errorf("%s %s %s: untranslated %q", lang, pg.method, pg.path, m)
			}
		}
	}
}

// agreementProbes are the route matrix's requests for the agreement pages,
// for a visitor signed in as u. They read the logbook fixture's agreement
// of Aigerim, which every role's scope holds, and change nothing: each
// change is refused for a missing reason, a missing version, the
// agreement's state, or a number that names no agreement — answers only a
// request the policy let through can get.
func (r *registry) agreementProbes(t testing.TB, u domain.User) map[string]probe {
	a := r.logbook(t).aigerim
	self := "/agreements/" + itoa(a.ID)
	none := "/agreements/999999999"
	return map[string]probe{
		"GET /agreements":                  {"GET", "/agreements", nil, http.StatusOK},
		"GET /agreements/work-records.csv": {"GET", "/agreements/work-records.csv", nil, http.StatusOK},
		"GET /agreements/new":              {"GET", "/agreements/new?student=" + itoa(r.aigerim.ID), nil, http.StatusOK},
		"POST /agreements":                 {"POST", "/agreements", url.Values{"student_id": {itoa(r.aigerim.ID)}}, http.StatusBadRequest},
		"GET /agreements/{id}":             {"GET", self, nil, http.StatusOK},
		"GET /agreements/{id}/edit":        {"GET", self + "/edit", nil, http.StatusOK},
		"POST /agreements/{id}":            {"POST", self, url.Values{"position": {"Стажёр"}}, http.StatusBadRequest},
		"POST /agreements/{id}/send":       {"POST", self + "/send", url.Values{}, http.StatusConflict},
		"POST /agreements/{id}/approve":    {"POST", self + "/approve", url.Values{"party": {"college"}}, http.StatusBadRequest},
		"POST /agreements/{id}/complete":   {"POST", none + "/complete", url.Values{}, http.StatusNotFound},
		"POST /agreements/{id}/terminate":  {"POST", self + "/terminate", url.Values{"reason": {""}}, http.StatusBadRequest},
		"POST /agreements/{id}/mentor":     {"POST", self + "/mentor", url.Values{"reason": {""}}, http.StatusBadRequest},
		"POST /agreements/{id}/enterprise": {"POST", none + "/enterprise", url.Values{}, http.StatusNotFound},
		"GET /agreements/{id}/pdf":         {"GET", self + "/pdf?lang=kk", nil, http.StatusOK},
	}
}

// TestBrowserAgreementSignedEditedSignedAgain is the journey of issue 4
// in headless Chromium: three parties, each in a browser of their own
// (the college coordinator and enterprise HR in Russian, the student in
// Kazakh), sign an agreement, which comes into force; enterprise HR
// changes the hours, and every party's page says the approvals were
// cleared; they sign again. Screenshots of each step go to the artifacts.
func TestBrowserAgreementSignedEditedSignedAgain(t *testing.T) {
	// Not parallel, as TestBrowser: Chromium needs the machine's cores.
	r := newRegistry(t, testkit.DSN(t))
	m := r.agreementMentors(t).first
	// The coordinator drafted the agreement and sent it for signature.
	a := domain.Agreement{StudentID: r.aigerim.ID, EnterpriseID: r.energo.ID, MentorID: m.ID, Position: "Стажёр-программист",
		StartsOn: nextMonday(), EndsOn: nextMonday().AddDate(0, 0, 7*40-3),
		Weekdays: domain.Weekdays(0).With(time.Monday).With(time.Tuesday).With(time.Wednesday), HoursPerWeek: 24,
		StipendTenge: 60000, MentorPay: 7000}
	coordinator := testkit.As(r.users[domain.RoleCollege])
	if err := r.app.Store.CreateAgreement(coordinator, &a); err != nil {
		t.Fatal(err)
	}
	if err := r.app.Store.SendForSignature(coordinator, a.ID); err != nil {
		t.Fatal(err)
	}
	self := "/agreements/" + itoa(a.ID)
	browser := startChromium(t)

	// party is one person's browser: a tab in a browser context of its
	// own, so its cookies (the session, the language) are its own.
	type party struct {
		name string
		*tab
	}
	// open signs the person in, in the language they chose with the
	// switcher.
	open := func(name string, u domain.User, lang string) party {
		t.Helper()
		p := party{name: name, tab: newTab(t, browser, r.app.URL)}
		p.signIn(u.Login, lang, "/")
		return p
	}
	view := func(p party) {
		t.Helper()
		p.open(self)
		p.do(p.name+": the agreement's page", chromedp.WaitVisible(chromedp.CSS("#agreement-status")))
	}
	// sign opens the agreement and presses the party's one approve button.
	sign := func(p party, wantStatus string) {
		t.Helper()
		view(p)
		if n := p.count(`form[action$="/approve"] button`); n != 1 {
			t.Fatalf("%s: %d approve buttons, want their own party's one", p.name, n)
		}
		p.navigate(p.name+": approve", chromedp.Click(chromedp.CSS(`form[action$="/approve"] button`)))
		p.do(p.name+": wait for the confirmation", chromedp.WaitVisible(chromedp.CSS(".flash")))
		if got := p.text("#agreement-status"); got != wantStatus {
			t.Fatalf("%s: after approving the agreement is %q, want %q", p.name, got, wantStatus)
		}
	}

	college := open("college", r.users[domain.RoleCollege], "ru")
	enterprise := open("enterprise", r.users[domain.RoleEnterprise], "ru")
	student := open("student", r.users[domain.RoleStudent], "kk")

	view(college)
	if lead := college.text("main > p.note"); !strings.Contains(lead, "согласовано 0 из 3") {
		t.Fatalf("the coordinator reads %q before anyone signs", lead)
	}
	college.screenshot("agreement.awaiting.ru.png")
	sign(college, "Ожидает подписей")
	sign(enterprise, "Ожидает подписей")
	sign(student, "Күшінде")
	if flash := student.text(".flash"); !strings.Contains(flash, "шарт күшіне енді") {
		t.Errorf("the student reads %q after the last approval", flash)
	}
	student.screenshot("agreement.active.kk.png")

	// Enterprise HR changes the hours a week.
	enterprise.open(self + "/edit")
	enterprise.do("change the hours", chromedp.WaitVisible(chromedp.CSS("#hours_per_week")),
		chromedp.SetValue(chromedp.CSS("#hours_per_week"), "20"))
	enterprise.screenshot("agreement.edit.ru.png")
	enterprise.navigate("save the change", chromedp.Click(chromedp.CSS(`main form[method="post"] button[type="submit"]`)))
	enterprise.do("the page says the approvals were cleared", chromedp.WaitVisible(chromedp.CSS("#approvals-cleared")))
	if got, flash := enterprise.text("#agreement-status"), enterprise.text(".flash"); got != "Ожидает подписей" ||
		!strings.Contains(flash, "Все согласования аннулированы") {
		t.Fatalf("after the edit: status %q, confirmation %q", got, flash)
	}
	enterprise.screenshot("agreement.cleared.ru.png")
	// Each party sees it, with no approval standing.
	for _, p := range []party{college, student} {
		view(p)
		p.do(p.name+" is told the approvals were cleared", chromedp.WaitVisible(chromedp.CSS("#approvals-cleared")))
		if n := p.count(`#approvals tbody .badge.off`); n != 3 {
			t.Fatalf("%s sees %d parties waiting, want all 3", p.name, n)
		}
	}
	student.screenshot("agreement.cleared.kk.png")

	// They sign again.
	sign(student, "Қол қоюды күтуде")
	sign(college, "Ожидает подписей")
	sign(enterprise, "Действует")
	if n := enterprise.count(`#approvals-cleared`); n != 0 {
		t.Errorf("the cleared notice stays after every party signed again (%d)", n)
	}
	enterprise.screenshot("agreement.signed-again.ru.png")
	if got := storedAgreement(t, r, a.ID); got.Status != domain.AgreementActive || got.Version != 2 || got.HoursPerWeek != 20 {
		t.Errorf("stored: %s, version %d, %d hours a week", got.Status, got.Version, got.HoursPerWeek)
	}
}
