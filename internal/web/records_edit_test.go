package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestInternationalCorrections: the college corrects its partner, a
// foreign specialist and a mobility from the lists' links, on forms filled
// with what is stored; a mistake comes back next to its field in the
// user's language; another college may neither change a partner the
// first works with nor open its records; every change is audited.
func TestInternationalCorrections(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	base := r.app.URL
	f := r.intlFixture(t)
	college := func(lang string) []string { return r.as(t, domain.RoleCollege, in(lang)...) }
	astana := append(r.asUser(t, r.astanaCoordinator), in("en")...)

	// The partner: the list links to its form, which holds what is stored.
	partnerEdit := "/international/partners/" + itoa(f.partner.ID) + "/edit"
	get(t, base, "/international/partners", college("en")...).expect(t, http.StatusOK, `href="`+partnerEdit+`"`)
	get(t, base, partnerEdit, college("en")...).expect(t, http.StatusOK, "Change the partner",
		`value="Оренбургский колледж экономики и информатики"`, `<option value="RU-ORE" selected>`)
	partner := url.Values{"name": {f.partner.Name}, "kind": {"college"}, "country": {"KZ"}, "ru_region": {"RU-ORE"}, "city": {"Оренбург"}}
	postForm(t, base, "/international/partners/"+itoa(f.partner.ID), partner, college("ru")...).
		expect(t, http.StatusBadRequest, "Страна: ", `value="Оренбург"`)
	partner.Set("country", "RU")
	partner.Set("city", "Оренбург, пр. Победы")
	p := postForm(t, base, "/international/partners/"+itoa(f.partner.ID), partner, college("en")...)
	if p.status != http.StatusSeeOther {
		t.Fatalf("partner: %d\n%s", p.status, excerpt(p.body))
	}
	get(t, base, p.header.Get("Location"), college("en")...).expect(t, http.StatusOK, "Оренбург, пр. Победы", "The changes are saved.")
	postForm(t, base, "/international/partners/"+itoa(f.partner.ID), partner, astana...).
		expect(t, http.StatusForbidden, "Another college works with this partner")

	// A foreign specialist: Astana's coordinator does not find it.
	reg := access.New(r.app.Store)
	spec := domain.ForeignSpecialist{FullName: "Hans Müller", Country: "DE", Role: domain.SpecialistExpert, StartsOn: date("2025-09-01")}
	if err := reg.SaveForeignSpecialist(testkit.As(r.users[domain.RoleCollege]), &spec); err != nil {
		t.Fatal(err)
	}
	specEdit := "/international/specialists/" + itoa(spec.ID) + "/edit"
	get(t, base, "/international/specialists", college("en")...).expect(t, http.StatusOK, `href="`+specEdit+`"`)
	get(t, base, specEdit, college("kk")...).expect(t, http.StatusOK, `value="Hans Müller"`, `value="2025-09-01"`)
	get(t, base, specEdit, astana...).expect(t, http.StatusNotFound)
	specForm := url.Values{"full_name": {"Hans Müller"}, "country": {"DE"}, "role": {"expert"}, "position": {"Эксперт WorldSkills"},
		"starts_on": {"2025-09-01"}, "ends_on": {"2025-08-01"}}
	postForm(t, base, "/international/specialists/"+itoa(spec.ID), specForm, college("en")...).
		expect(t, http.StatusBadRequest, "To: The end must not be before the start.", `value="Эксперт WorldSkills"`)
	specForm.Set("ends_on", "2027-06-30")
	if p := postForm(t, base, "/international/specialists/"+itoa(spec.ID), specForm, college("ru")...); p.status != http.StatusSeeOther {
		t.Fatalf("specialist: %d\n%s", p.status, excerpt(p.body))
	}
	postForm(t, base, "/international/specialists/"+itoa(spec.ID), specForm, astana...).expect(t, http.StatusNotFound)
	get(t, base, "/international/specialists", college("en")...).expect(t, http.StatusOK, "Эксперт WorldSkills", "30 June 2027")

	// A student's mobility gets its outcome once it ended.
	mob := domain.Mobility{Direction: domain.MobilityOutgoing, Participant: domain.ParticipantStudent, StudentID: r.aigerim.ID,
		Country: "RU", PartnerID: f.partner.ID, StartsOn: date("2026-02-02"), EndsOn: date("2026-03-27"), Funding: domain.FundingPartner}
	if err := reg.SaveMobility(testkit.As(r.users[domain.RoleCollege]), &mob); err != nil {
		t.Fatal(err)
	}
	mobEdit := "/international/mobility/" + itoa(mob.ID) + "/edit"
	get(t, base, "/international/mobility", college("en")...).expect(t, http.StatusOK, `href="`+mobEdit+`"`)
	get(t, base, "/international/mobility", r.as(t, domain.RoleMinistry, in("en")...)...).lacks(t, mobEdit)
	get(t, base, mobEdit, college("ru")...).expect(t, http.StatusOK, `value="`+itoa(r.aigerim.ID)+`"`, `value="2026-03-27"`)
	mobForm := url.Values{"direction": {"outgoing"}, "participant": {"student"}, "student_id": {"abc"}, "country": {"RU"},
		"partner_id": {itoa(f.partner.ID)}, "starts_on": {"2026-02-02"}, "ends_on": {"2026-03-27"}, "funding": {"partner"},
		"outcome": {"credits_recognised"}}
	postForm(t, base, "/international/mobility/"+itoa(mob.ID), mobForm, college("en")...).expect(t, http.StatusBadRequest, "Student&#39;s record number")
	mobForm.Set("student_id", itoa(r.aigerim.ID))
	if p := postForm(t, base, "/international/mobility/"+itoa(mob.ID), mobForm, college("en")...); p.status != http.StatusSeeOther {
		t.Fatalf("mobility: %d\n%s", p.status, excerpt(p.body))
	}
	get(t, base, "/international/mobility", college("ru")...).expect(t, http.StatusOK, r.aigerim.Name.Last)
	get(t, base, mobEdit, r.as(t, domain.RoleMinistry)...).expect(t, http.StatusForbidden)
	if got, err := r.app.Store.Mobility(context.Background(), mob.ID); err != nil || got.Outcome != domain.OutcomeCreditsRecognised {
		t.Fatalf("the outcome is not stored: %+v, %v", got, err)
	}

	for _, kind := range []string{"partner", "foreign_specialist", "mobility"} {
		audit, err := r.app.Store.Audit(context.Background(), domain.AuditFilter{RecordType: kind})
		if err != nil {
			t.Fatal(err)
		}
		updates := 0
		for _, e := range audit.Items {
			if e.Action == "update" {
				updates++
			}
		}
		if updates != 1 {
			t.Errorf("%s: %d changes audited, want 1", kind, updates)
		}
	}
}

// TestTeacherRecordCorrections: the college corrects a teacher's course
// and internship from the teacher's page and removes them after a
// confirmation; the due date follows; Astana's coordinator finds neither.
// The ministry removes a category nobody holds, and is told by name that
// a held one cannot go.
func TestTeacherRecordCorrections(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	base := r.app.URL
	ctx := testkit.As(r.users[domain.RoleCollege])
	reg := access.New(r.app.Store)
	today := time.Now()
	day := func(days int) string { return today.AddDate(0, 0, days).Format("2006-01-02") }
	course := domain.Course{TeacherID: r.curator.ID, Course: "Цифровые технологии в ТиПО", Provider: "НАО «Talap»", Hours: 72,
		Certificate: "T-0117", StartsOn: date(day(-30)), EndsOn: date(day(-10))}
	if err := reg.RecordCourse(ctx, &course); err != nil {
		t.Fatal(err)
	}
	internship := domain.Internship{TeacherID: r.curator.ID, EnterpriseID: r.energo.ID, Hours: 36, StartsOn: date(day(-60)),
		EndsOn: date(day(-50)), Note: "Подстанция"}
	if err := reg.RecordInternship(ctx, &internship); err != nil {
		t.Fatal(err)
	}
	if err := reg.SaveTeacherProfile(ctx, &domain.TeacherProfile{TeacherID: r.curator.ID, Category: "expert"}); err != nil {
		t.Fatal(err)
	}
	college := func(lang string) []string { return r.as(t, domain.RoleCollege, in(lang)...) }
	teacher := "/teachers/" + itoa(r.curator.ID)
	courseURL := teacher + "/courses/" + itoa(course.ID)
	internshipURL := teacher + "/internships/" + itoa(internship.ID)

	get(t, base, teacher+"/development", college("en")...).expect(t, http.StatusOK, `href="`+courseURL+`/edit"`, `href="`+internshipURL+`/edit"`, "Up to date")
	get(t, base, teacher+"/development", r.as(t, domain.RoleRegion, in("en")...)...).lacks(t, `href="`+courseURL+`/edit"`)
	get(t, base, courseURL+"/edit", college("en")...).expect(t, http.StatusOK, "Correct the course", `value="T-0117"`, `value="72"`,
		"Remove this course", `action="`+courseURL+`/delete"`)
	get(t, base, courseURL+"/edit", append(r.asUser(t, r.astanaCoordinator), in("en")...)...).expect(t, http.StatusNotFound)
	get(t, base, teacher+"/courses/"+itoa(course.ID)+"x/edit", college("en")...).expect(t, http.StatusNotFound)

	// The course ended years ago, not ten days ago: overdue.
	form := url.Values{"course": {course.Course}, "provider": {course.Provider}, "hours": {"0"}, "certificate": {"T-0117"},
		"starts_on": {"2019-03-04"}, "ends_on": {"2019-03-15"}}
	postForm(t, base, courseURL, form, college("ru")...).expect(t, http.StatusBadRequest, "Часов: Количество часов — целое число от 1 до 2000.", `value="2019-03-15"`)
	form.Set("hours", "80")
	if p := postForm(t, base, courseURL, form, college("en")...); p.status != http.StatusSeeOther {
		t.Fatalf("course: %d\n%s", p.status, excerpt(p.body))
	}
	get(t, base, teacher+"/development", college("en")...).expect(t, http.StatusOK, "15 March 2019", "Overdue", "The changes are saved.")

	// The internship moves to another enterprise; a BIN of none is refused.
	iform := url.Values{"enterprise_bin": {"000000000000"}, "hours": {"40"}, "starts_on": {day(-60)}, "ends_on": {day(-50)}, "note": {"Наладка"}}
	get(t, base, internshipURL+"/edit", college("kk")...).expect(t, http.StatusOK, `value="`+r.energo.BIN+`"`, "Подстанция")
	postForm(t, base, internshipURL, iform, college("en")...).expect(t, http.StatusBadRequest, "Enterprise&#39;s BIN", "Наладка")
	iform.Set("enterprise_bin", r.builder.BIN)
	if p := postForm(t, base, internshipURL, iform, college("en")...); p.status != http.StatusSeeOther {
		t.Fatalf("internship: %d\n%s", p.status, excerpt(p.body))
	}
	get(t, base, teacher+"/development", college("ru")...).expect(t, http.StatusOK, r.builder.Name.RU, "Наладка")

	// Removed, each after its confirmation; another college cannot.
	postForm(t, base, courseURL+"/delete", nil, append(r.asUser(t, r.astanaCoordinator), in("en")...)...).expect(t, http.StatusNotFound)
	for _, u := range []string{courseURL, internshipURL} {
		if p := postForm(t, base, u+"/delete", nil, college("en")...); p.status != http.StatusSeeOther || p.header.Get("Location") != teacher+"/development" {
			t.Fatalf("remove %s: %d %q", u, p.status, p.header.Get("Location"))
		}
	}
	get(t, base, teacher+"/development", college("en")...).expect(t, http.StatusOK, "The internship is removed.")
	page := get(t, base, teacher+"/development", college("en")...)
	page.lacks(t, "T-0117", "Наладка")
	postForm(t, base, courseURL+"/delete", nil, college("en")...).expect(t, http.StatusNotFound)
	for _, kind := range []string{"course", "internship"} {
		audit, err := r.app.Store.Audit(context.Background(), domain.AuditFilter{RecordType: kind})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range audit.Items {
			got = append(got, e.Action)
		}
		slices.Sort(got)
		if strings.Join(got, " ") != "create delete update" {
			t.Errorf("%s audited: %v, want a creation, a change and a removal", kind, got)
		}
	}

	// The scheme: a held category is refused by name, a free one goes.
	ministry := r.as(t, domain.RoleMinistry, in("en")...)
	postForm(t, base, "/admin/categories/expert/delete", nil, ministry...).
		expect(t, http.StatusConflict, "Teachers hold the category «teacher-expert» (1)", `value="teacher-expert"`)
	if p := postForm(t, base, "/admin/categories/researcher/delete", nil, ministry...); p.status != http.StatusSeeOther {
		t.Fatalf("remove a category: %d\n%s", p.status, excerpt(p.body))
	}
	get(t, base, "/admin/teacher-policy", ministry...).expect(t, http.StatusOK, "The category is removed from the scheme.")
	get(t, base, "/admin/teacher-policy", ministry...).lacks(t, "teacher-researcher")
	postForm(t, base, "/admin/categories/expert/delete", nil, college("en")...).expect(t, http.StatusForbidden)
}
