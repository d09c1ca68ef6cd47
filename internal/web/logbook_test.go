package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// logbook is what the logbook pages need on top of the shared registry:
// the mentor record of the fixture's mentor account, the dual programme's
// competences, and agreements in force naming that mentor at Energo.
type logbook struct {
	mentor      domain.Mentor
	competences []domain.Competence
	thisWeek    time.Time // the current week's Monday, as the store counts weeks

	// Aigerim (the fixture's student account) trains since ten weeks ago
	// and has entries in every state, one for each request of the route
	// matrix that changes one.
	aigerim                            domain.Agreement
	shown, toCorrect, toEdit, toSubmit int64
	toAddPhoto, toDeletePhoto, toSign  int64
	toReturn, toReview                 int64
	photo, photoToDelete               int64

	// writer has an account of her own and trains since three weeks ago
	// without an entry: the tests write her logbook.
	writer     domain.Student
	writerUser domain.User
	// behind trains since six weeks ago and has written nothing.
	behind domain.Student
	// done finished a four-week agreement a year ago, every week signed.
	done domain.Student
}

var logbookFixtures = struct {
	sync.Mutex
	m map[*registry]*logbook
}{m: map[*registry]*logbook{}}

// IDs of the loaded records: far above what the registry hands out, so
// they never meet another fixture's.
const (
	agreementIDs  = 910000
	entryIDs      = 920000
	competenceIDs = 930000
)

// logbook makes the registry's logbook records the first time. The mentor
// record is the placement fixture's (one account, one mentor).
func (r *registry) logbook(t testing.TB) *logbook {
	t.Helper()
	mentor := r.placements(t).mentor
	logbookFixtures.Lock()
	defer logbookFixtures.Unlock()
	if lb, ok := logbookFixtures.m[r]; ok {
		return lb
	}
	ctx := context.Background()
	st := r.app.Store
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	lb := &logbook{mentor: mentor, thisWeek: domain.WeekStart(domain.DateInKazakhstan(time.Now()))}
	lb.competences = []domain.Competence{
		{ID: competenceIDs + 1, ProgrammeID: r.software.ID, Code: "ПК 1",
			Name: domain.Names{KK: "Бағдарламалық модульдерді әзірлеу", RU: "Разработка программных модулей", EN: "Developing software modules"}},
		{ID: competenceIDs + 2, ProgrammeID: r.software.ID, Code: "ПК 2",
			Name: domain.Names{KK: "Дерекқорлармен жұмыс", RU: "Работа с базами данных", EN: "Working with databases"}},
		{ID: competenceIDs + 3, ProgrammeID: r.software.ID, Code: "ПК 3",
			Name: domain.Names{KK: "Бағдарламаларды тестілеу", RU: "Тестирование программ", EN: "Testing software"}},
	}
	must(st.InsertCompetences(ctx, lb.competences))

	lb.writer, lb.behind, lb.done = r.students[10], r.students[12], r.students[13]
	weeksAgo := func(n int) time.Time { return lb.thisWeek.AddDate(0, 0, -7*n) }
	lb.aigerim = r.agreement(agreementIDs+1, r.aigerim, mentor, weeksAgo(10), 40)
	done := r.agreement(agreementIDs+4, lb.done, mentor, weeksAgo(56), 4)
	done.Status, done.EndedOn = domain.AgreementCompleted, done.EndsOn
	must(st.InsertAgreements(ctx, []domain.Agreement{lb.aigerim,
		r.agreement(agreementIDs+2, lb.writer, mentor, weeksAgo(3), 36),
		r.agreement(agreementIDs+3, lb.behind, mentor, weeksAgo(6), 36),
		done}))

	id := int64(entryIDs)
	var entries []domain.LogbookEntry
	entry := func(a domain.Agreement, monday time.Time, status domain.EntryStatus) int64 {
		id++
		e := domain.LogbookEntry{ID: id, StudentID: a.StudentID, AgreementID: a.ID, WeekStart: monday, Version: 1, Current: true,
			Days: a.Weekdays, Hours: a.HoursPerWeek, Tasks: "тестирование, код-ревью", Competences: []int64{competenceIDs + 1},
			Status: status, CreatedAt: monday.AddDate(0, 0, 4)}
		if status != domain.EntryDraft {
			e.SubmittedAt = monday.AddDate(0, 0, 4).Add(15 * time.Hour)
		}
		if status == domain.EntrySigned {
			e.SignedAt, e.SignedBy = e.SubmittedAt.Add(24*time.Hour), mentor.Name
		}
		entries = append(entries, e)
		return id
	}
	lb.shown = entry(lb.aigerim, weeksAgo(10), domain.EntryDraft) // signed below, with its photo
	lb.toCorrect = entry(lb.aigerim, weeksAgo(9), domain.EntrySigned)
	lb.toEdit = entry(lb.aigerim, weeksAgo(8), domain.EntryDraft)
	lb.toSubmit = entry(lb.aigerim, weeksAgo(7), domain.EntryDraft)
	lb.toAddPhoto = entry(lb.aigerim, weeksAgo(6), domain.EntryDraft)
	lb.toDeletePhoto = entry(lb.aigerim, weeksAgo(5), domain.EntryDraft)
	lb.toSign = entry(lb.aigerim, weeksAgo(4), domain.EntrySubmitted)
	lb.toReturn = entry(lb.aigerim, weeksAgo(3), domain.EntrySubmitted)
	lb.toReview = entry(lb.aigerim, weeksAgo(2), domain.EntrySigned)
	for _, monday := range domain.Weeks(done.StartsOn, done.EndsOn) {
		entry(done, monday, domain.EntrySigned)
	}
	must(st.InsertEntries(ctx, entries))
	must(st.FinishLoad(ctx))

	photo := pngImage(t)
	p, err := st.AddPhoto(ctx, lb.shown, photo)
	must(err)
	lb.photo = p.ID
	p, err = st.AddPhoto(ctx, lb.toDeletePhoto, photo)
	must(err)
	lb.photoToDelete = p.ID
	// Work done without a user acts as the agreement's mentor.
	must(st.SubmitEntry(ctx, lb.shown))
	must(st.SignEntry(ctx, lb.shown))

	lb.writerUser = testkit.NewUser(t, st, domain.User{Login: "logbook-writer", Role: domain.RoleStudent, CollegeID: r.almaty.ID,
		StudentID: lb.writer.ID, Name: lb.writer.Name.Full()})
	logbookFixtures.m[r] = lb
	return lb
}

// agreement is an agreement in force at Energo naming mentor, from startsOn
// for so many weeks, Monday to Wednesday, 24 hours a week, approved by the
// three parties the week before it started.
func (r *registry) agreement(id int64, s domain.Student, mentor domain.Mentor, startsOn time.Time, weeks int) domain.Agreement {
	approved := startsOn.AddDate(0, 0, -7)
	a := domain.Agreement{ID: id, StudentID: s.ID, CollegeID: s.CollegeID, EnterpriseID: r.energo.ID, MentorID: mentor.ID,
		Position: "Стажёр-программист", StartsOn: startsOn, EndsOn: startsOn.AddDate(0, 0, 7*weeks-3),
		Weekdays: domain.Weekdays(0).With(time.Monday).With(time.Tuesday).With(time.Wednesday), HoursPerWeek: 24,
		StipendTenge: 60000, MentorPay: 7000, Status: domain.AgreementActive, Version: 1, ActiveOn: approved,
		StudentBirth: s.BirthDate}
	for _, p := range []domain.Party{domain.PartyCollege, domain.PartyEnterprise, domain.PartyStudent} {
		a.Approvals = append(a.Approvals, domain.Approval{Party: p, Version: 1, Name: "Подписант " + string(p), At: approved})
	}
	return a
}

// pngImage is a real PNG: a small picture of a gold sun on sky blue.
func pngImage(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for x := range 16 {
		for y := range 16 {
			c := color.RGBA{0, 137, 167, 255}
			if (x-8)*(x-8)+(y-8)*(y-8) < 16 {
				c = color.RGBA{245, 183, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// postMultipart sends a form with a file in the field "photo", as the
// entry form does; no file when name is "".
func postMultipart(t testing.TB, base, path string, form url.Values, name string, file []byte, headers ...string) page {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if name != "" {
		fw, err := mw.CreateFormFile("photo", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, base+path, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	setHeaders(req, headers)
	return do(t, req)
}

// week is a Monday as the forms and URLs write it.
func week(monday time.Time) string { return monday.Format(time.DateOnly) }

// entryForm is a weekly entry of Monday to Wednesday, 24 hours.
func entryForm(monday time.Time, then string, competences ...int64) url.Values {
	f := url.Values{"week": {week(monday)}, "days": {"1", "2", "3"}, "hours": {"24"},
		"tasks": {"монтаж кабеля, тестирование API"}, "then": {then}}
	for _, c := range competences {
		f.Add("competences", itoa(c))
	}
	return f
}

// currentEntry is the student's current entry of a week, from the store.
func currentEntry(t testing.TB, r *registry, studentID int64, monday time.Time) (domain.LogbookEntry, bool) {
	t.Helper()
	list, err := r.app.Store.Entries(context.Background(), domain.EntryFilter{StudentID: studentID, CurrentOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(list.Items, func(e domain.LogbookEntry) bool { return e.WeekStart.Equal(monday) })
	if i < 0 {
		return domain.LogbookEntry{}, false
	}
	return list.Items[i], true
}

// enWeek names a week as the English pages do.
func enWeek(monday time.Time) string {
	sunday := monday.AddDate(0, 0, 6)
	switch {
	case monday.Year() != sunday.Year():
		return monday.Format("2 January 2006") + " – " + sunday.Format("2 January 2006")
	case monday.Month() != sunday.Month():
		return monday.Format("2 January") + " – " + sunday.Format("2 January 2006")
	}
	return monday.Format("2") + "–" + sunday.Format("2 January 2006")
}

// TestWeeklyEntry follows one week of the logbook: the student opens the
// form from the logbook's big button with the agreement's days and hours
// filled in, writes and submits it with a photo; a text file passed off as
// a photo is refused, translated, and nothing is saved; the mentor signs
// the entry from the queue; the signed entry is locked; a correction is a
// new version that keeps the signed one; a returned entry shows the
// mentor's comment; the college supervisor reviews.
func TestWeeklyEntry(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		ctx := context.Background()
		lb := r.logbook(t)
		student := append(r.asUser(t, lb.writerUser), in("en")...)
		mentor := r.as(t, domain.RoleMentor, in("en")...)
		thisWeek, lastWeek := lb.thisWeek, lb.thisWeek.AddDate(0, 0, -7)

		p := get(t, r.app.URL, "/logbook", student...)
		p.expect(t, http.StatusOK, "<h1>Logbook</h1>", `href="/logbook/new?week=`+week(thisWeek)+`">Write this week&#39;s entry</a>`,
			"3 weeks without an entry", `<span class="badge state missing">missing</span>`, enWeek(lastWeek),
			"0 of 72 h planned to date are signed", "Mon, Tue, Wed · 24 h a week")

		form := get(t, r.app.URL, "/logbook/new?week="+week(thisWeek), student...)
		form.expect(t, http.StatusOK, `enctype="multipart/form-data"`, `name="week" value="`+week(thisWeek)+`"`,
			`id="day-1" name="days" value="1" checked>`, `id="day-3" name="days" value="3" checked>`,
			`id="day-4" name="days" value="4">`, `name="hours" value="24"`, "Developing software modules",
			`accept="image/*" capture="environment"`, `name="then" value="submit">Save and submit</button>`)

		// A text file named like a photo: refused by its content, the form
		// back as typed, nothing saved.
		bad := postMultipart(t, r.app.URL, "/logbook", entryForm(thisWeek, "submit"), "photo.png", []byte("just some text, not a picture"), student...)
		bad.expect(t, http.StatusBadRequest, "Only JPEG, PNG or WebP images can be attached.", "монтаж кабеля, тестирование API")
		if _, ok := currentEntry(t, r, lb.writer.ID, thisWeek); ok {
			t.Fatal("the entry was saved although its photo was refused")
		}
		ru := postMultipart(t, r.app.URL, "/logbook", entryForm(thisWeek, "submit"), "photo.png", []byte("текст"), append(r.asUser(t, lb.writerUser), in("ru")...)...)
		ru.expect(t, http.StatusBadRequest, "Можно прикрепить только изображения JPEG, PNG или WebP.")

		photo := pngImage(t)
		sent := postMultipart(t, r.app.URL, "/logbook", entryForm(thisWeek, "submit", lb.competences[0].ID, lb.competences[2].ID), "site.png", photo, student...)
		sent.expectRedirect(t, "/logbook")
		e, ok := currentEntry(t, r, lb.writer.ID, thisWeek)
		if !ok || e.Status != domain.EntrySubmitted || e.Hours != 24 || e.Days.String() != "123" || len(e.Competences) != 2 {
			t.Fatalf("the entry after save and submit: %+v", e)
		}
		p = get(t, r.app.URL, "/logbook", student...)
		p.expect(t, http.StatusOK, "The entry is sent to the mentor to sign.", "This week&#39;s entry waits for the mentor&#39;s signature.",
			`<span class="badge state submitted">waiting for the mentor</span>`)
		p.lacks(t, "Write this week&#39;s entry")

		show := get(t, r.app.URL, "/logbook/"+itoa(e.ID), student...)
		full, err := r.app.Store.Entry(ctx, e.ID)
		if err != nil || len(full.Photos) != 1 {
			t.Fatalf("the photo was not stored (%v, %+v)", err, full.Photos)
		}
		photoURL := "/photos/" + itoa(full.Photos[0].ID)
		show.expect(t, http.StatusOK, `<img src="`+photoURL+`"`, "Developing software modules", "Testing software", "24 h")
		img := get(t, r.app.URL, photoURL, student...)
		img.expect(t, http.StatusOK)
		if img.body != string(photo) || img.header.Get("Content-Type") != "image/png" || img.header.Get("X-Content-Type-Options") != "nosniff" ||
			img.header.Get("Content-Disposition") != "inline" {
			t.Errorf("the photo comes back as %q, %q, %q (%d bytes)", img.header.Get("Content-Type"), img.header.Get("X-Content-Type-Options"),
				img.header.Get("Content-Disposition"), len(img.body))
		}
		// Another college's coordinator knows nothing of it.
		get(t, r.app.URL, photoURL, r.asUser(t, r.astanaCoordinator)...).expect(t, http.StatusNotFound)
		get(t, r.app.URL, "/logbook/"+itoa(e.ID), r.asUser(t, r.astanaCoordinator)...).expect(t, http.StatusNotFound)

		// The mentor's home and queue: one action signs it.
		get(t, r.app.URL, "/", mentor...).expect(t, http.StatusOK, `href="/logbook/queue"`, "entries wait for your signature")
		queue := get(t, r.app.URL, "/logbook/queue", mentor...)
		queue.expect(t, http.StatusOK, lb.writer.Name.Full(), enWeek(thisWeek), `action="/logbook/`+itoa(e.ID)+`/sign"`,
			"монтаж кабеля, тестирование API", "Your trainees")
		postForm(t, r.app.URL, "/logbook/"+itoa(e.ID)+"/sign", url.Values{"from": {"queue"}}, mentor...).expectRedirect(t, "/logbook/queue")
		get(t, r.app.URL, "/logbook/queue", mentor...).expect(t, http.StatusOK, "The entry is signed.")
		get(t, r.app.URL, "/logbook/queue", mentor...).lacks(t, `action="/logbook/`+itoa(e.ID)+`/sign"`)

		p = get(t, r.app.URL, "/logbook", student...)
		p.expect(t, http.StatusOK, "This week&#39;s entry is signed.", `<span class="badge state signed">signed</span>`)

		// Signed is locked: no edit, no change, no photo.
		get(t, r.app.URL, "/logbook/"+itoa(e.ID)+"/edit", student...).expectRedirect(t, "/logbook/"+itoa(e.ID))
		locked := postForm(t, r.app.URL, "/logbook/"+itoa(e.ID), entryForm(thisWeek, "save"), student...)
		locked.expect(t, http.StatusConflict, "This cannot be done while the entry is signed.")
		postMultipart(t, r.app.URL, "/logbook/"+itoa(e.ID)+"/photos", url.Values{}, "more.png", photo, student...).
			expect(t, http.StatusConflict, "This cannot be done while the entry is signed.")
		if again, _ := r.app.Store.Entry(ctx, e.ID); again.Tasks != e.Tasks || again.Status != domain.EntrySigned {
			t.Fatalf("the signed entry changed: %+v", again)
		}

		// A correction is a new version; the signed one stays and counts.
		c := postForm(t, r.app.URL, "/logbook/"+itoa(e.ID)+"/correct", url.Values{}, student...)
		if c.status != http.StatusSeeOther || !strings.HasSuffix(c.header.Get("Location"), "/edit") {
			t.Fatalf("correct: status %d to %q", c.status, c.header.Get("Location"))
		}
		v2, _ := currentEntry(t, r, lb.writer.ID, thisWeek)
		if v2.ID == e.ID || v2.Version != 2 || v2.Status != domain.EntryDraft {
			t.Fatalf("the correction: %+v", v2)
		}
		get(t, r.app.URL, c.header.Get("Location"), student...).expect(t, http.StatusOK, "монтаж кабеля, тестирование API", `action="/logbook/`+itoa(v2.ID)+`"`)
		versions := get(t, r.app.URL, "/logbook/"+itoa(v2.ID), student...)
		versions.expect(t, http.StatusOK, "<strong>version 2</strong>", `<a href="/logbook/`+itoa(e.ID)+`">version 1</a>`,
			`<span class="badge state signed">signed</span>`, `<span class="badge state draft">draft</span>`)
		get(t, r.app.URL, "/logbook/"+itoa(e.ID), student...).expect(t, http.StatusOK, "A newer version of this week exists.")
		if old, _ := r.app.Store.Entry(ctx, e.ID); old.Status != domain.EntrySigned {
			t.Fatalf("the signed version changed: %+v", old)
		}
		get(t, r.app.URL, "/students/"+itoa(lb.writer.ID)+"/training", student...).expect(t, http.StatusOK, "24 of 72 h planned to date are signed")

		// Last week, returned with the mentor's comment; a return needs one.
		postForm(t, r.app.URL, "/logbook", entryForm(lastWeek, "submit"), student...).expectRedirect(t, "/logbook")
		last, _ := currentEntry(t, r, lb.writer.ID, lastWeek)
		postForm(t, r.app.URL, "/logbook/"+itoa(last.ID)+"/return", url.Values{"comment": {"  "}}, mentor...).
			expect(t, http.StatusBadRequest, "Write what should be corrected.")
		postForm(t, r.app.URL, "/logbook/"+itoa(last.ID)+"/return", url.Values{"comment": {"Укажите, какие тесты писали"}, "from": {"queue"}}, mentor...).
			expectRedirect(t, "/logbook/queue")
		get(t, r.app.URL, "/logbook", student...).expect(t, http.StatusOK, `<span class="badge state returned">returned</span>`,
			"Mentor&#39;s comment: Укажите, какие тесты писали")
		edit := get(t, r.app.URL, "/logbook/"+itoa(last.ID)+"/edit", student...)
		edit.expect(t, http.StatusOK, "Укажите, какие тесты писали")
		// Resubmitted, it is the mentor's again.
		postForm(t, r.app.URL, "/logbook/"+itoa(last.ID), entryForm(lastWeek, "submit"), student...).expectRedirect(t, "/logbook")
		get(t, r.app.URL, "/logbook/queue", mentor...).expect(t, http.StatusOK, `action="/logbook/`+itoa(last.ID)+`/sign"`)

		// The college supervisor reviews the signed week.
		teacher := r.as(t, domain.RoleTeacher, in("en")...)
		get(t, r.app.URL, "/logbook/"+itoa(e.ID), teacher...).expect(t, http.StatusOK, `action="/logbook/`+itoa(e.ID)+`/review"`)
		postForm(t, r.app.URL, "/logbook/"+itoa(e.ID)+"/review", url.Values{"comment": {"Хорошо"}}, teacher...).expectRedirect(t, "/logbook/"+itoa(e.ID))
		get(t, r.app.URL, "/logbook/"+itoa(e.ID), teacher...).expect(t, http.StatusOK, "Reviewed", "Хорошо")

		// Another student cannot write into this one's logbook.
		postForm(t, r.app.URL, "/logbook/"+itoa(v2.ID), entryForm(thisWeek, "save"), r.as(t, domain.RoleStudent)...).expect(t, http.StatusNotFound)
	})
}

// TestEntryFormProblems: what the student gets wrong comes back on the
// form, translated and naming the field, and a week outside the agreement
// is refused.
func TestEntryFormProblems(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	lb := r.logbook(t)
	student := append(r.asUser(t, lb.writerUser), in("en")...)
	cases := []struct {
		change []string
		status int
		want   string
	}{
		{[]string{"days", ""}, http.StatusBadRequest, "Days at the enterprise: Choose at least one day at the enterprise."},
		{[]string{"hours", "abc"}, http.StatusBadRequest, "Hours this week: Hours must be at least 1 and at most 24 for the days chosen."},
		{[]string{"hours", "30"}, http.StatusBadRequest, "at most 24 for the days chosen"},
		{[]string{"tasks", "   "}, http.StatusBadRequest, "What you did: Write what you did; a few keywords are enough."},
		{[]string{"competences", "999"}, http.StatusBadRequest, "This competence is not in your programme&#39;s list."},
		{[]string{"week", week(lb.thisWeek.AddDate(0, 0, 7))}, http.StatusConflict, "The week is outside the agreement&#39;s period or still ahead."},
		{[]string{"week", week(lb.thisWeek.AddDate(0, 0, -70))}, http.StatusConflict, "The week is outside the agreement&#39;s period or still ahead."},
	}
	for _, c := range cases {
		f := entryForm(lb.thisWeek, "submit")
		if c.change[1] == "" {
			f.Del(c.change[0])
		} else {
			f.Set(c.change[0], c.change[1])
		}
		p := postMultipart(t, r.app.URL, "/logbook", f, "", nil, student...)
		p.expect(t, c.status, c.want)
		if c.change[0] == "days" {
			// The days come back as the student left them: none.
			p.lacks(t, `value="1" checked>`)
		}
	}
	if _, ok := currentEntry(t, r, lb.writer.ID, lb.thisWeek); ok {
		t.Error("a refused entry was saved")
	}
	// Without an agreement in force there is no form to fill in.
	other := testkit.NewUser(t, r.app.Store, domain.User{Login: "no-agreement", Role: domain.RoleStudent, CollegeID: r.almaty.ID, StudentID: r.students[14].ID})
	get(t, r.app.URL, "/logbook/new", append(r.asUser(t, other), in("en")...)...).
		expect(t, http.StatusConflict, "Entries can be written only under an active agreement, signed by every party.")
	get(t, r.app.URL, "/logbook", append(r.asUser(t, other), in("en")...)...).expect(t, http.StatusOK, "You have no dual-training agreement yet.")
	// A week already written opens its entry.
	postForm(t, r.app.URL, "/logbook", entryForm(lb.thisWeek, "save"), student...)
	e, _ := currentEntry(t, r, lb.writer.ID, lb.thisWeek)
	get(t, r.app.URL, "/logbook/new?week="+week(lb.thisWeek.AddDate(0, 0, 2)), student...).expectRedirect(t, "/logbook/"+itoa(e.ID)+"/edit")
	get(t, r.app.URL, "/logbook/new?week=someday", student...).expect(t, http.StatusBadRequest, "Choose the week by its Monday.")
}

// TestNeedsAttention: a student who has written nothing for six weeks is on
// the coordinator's list with a badge per reason and a link to the
// training page; the teacher sees the groups they supervise; the ministry
// and a region choose a college; another college's list is empty.
func TestNeedsAttention(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		lb := r.logbook(t)
		coordinator := r.as(t, domain.RoleCollege, in("en")...)
		p := get(t, r.app.URL, "/attention", coordinator...)
		p.expect(t, http.StatusOK, "Needs attention: Almaty Polytechnic College", lb.behind.Name.Full(),
			`href="/students/`+itoa(lb.behind.ID)+`/training"`,
			`<span class="badge reason missing_weeks">6 missing weeks</span>`,
			`<span class="badge reason behind_plan">behind the plan by 100%</span>`,
			"0 of 144 h planned to date are signed")
		p.lacks(t, lb.done.Name.Full()) // completed: not in training any more
		all := get(t, r.app.URL, "/attention?all=yes", coordinator...)
		all.expect(t, http.StatusOK, lb.behind.Name.Full(), lb.writer.Name.Full(), r.aigerim.Name.Full(), "students with an agreement")
		get(t, r.app.URL, "/attention?all=yes", append(coordinator, "HX-Request", "true")...).expect(t, http.StatusOK, `<section id="results"`)
		get(t, r.app.URL, "/attention?per_page=1", coordinator...).expect(t, http.StatusOK, `rel="next"`)

		// The curator of group A, where all of them study.
		get(t, r.app.URL, "/attention", r.as(t, domain.RoleTeacher, in("en")...)...).expect(t, http.StatusOK, lb.behind.Name.Full())
		get(t, r.app.URL, "/", r.as(t, domain.RoleTeacher, in("en")...)...).expect(t, http.StatusOK, "students need attention")
		get(t, r.app.URL, "/", coordinator...).expect(t, http.StatusOK, "students need attention", `href="/attention"`)

		// Above the college: choose one.
		ministry := r.as(t, domain.RoleMinistry, in("en")...)
		get(t, r.app.URL, "/attention", ministry...).expect(t, http.StatusOK, "Choose a college", `<option value="`+itoa(r.almaty.ID)+`">`)
		get(t, r.app.URL, "/attention?college="+itoa(r.almaty.ID), ministry...).expect(t, http.StatusOK, lb.behind.Name.Full())
		region := r.as(t, domain.RoleRegion, in("en")...)
		get(t, r.app.URL, "/attention?college="+itoa(r.almaty.ID), region...).expect(t, http.StatusOK, lb.behind.Name.Full())
		get(t, r.app.URL, "/attention?college="+itoa(r.astana.ID), region...).lacks(t, lb.behind.Name.Full())
		get(t, r.app.URL, "/attention?college=abc", ministry...).expect(t, http.StatusBadRequest)

		// Another college's coordinator sees none of them.
		get(t, r.app.URL, "/attention", append(r.asUser(t, r.astanaCoordinator), in("en")...)...).lacks(t, lb.behind.Name.Full())
		get(t, r.app.URL, "/attention", r.as(t, domain.RoleEnterprise, in("en")...)...).expect(t, http.StatusOK, "kept by colleges")
	})
}

// TestTrainingAndAssessment: the training page shows the hours, the weeks
// missing and admission; the mentor assesses a competence 1 to 5; the
// final assessment is refused for a logbook with missing weeks, which the
// refusal lists, and recorded for a complete one.
func TestTrainingAndAssessment(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	lb := r.logbook(t)
	coordinator := r.as(t, domain.RoleCollege, in("en")...)
	mentor := r.as(t, domain.RoleMentor, in("en")...)
	training := "/students/" + itoa(lb.behind.ID) + "/training"
	firstMissing := lb.thisWeek.AddDate(0, 0, -42)

	p := get(t, r.app.URL, training, coordinator...)
	p.expect(t, http.StatusOK, "<h1>"+lb.behind.Name.Full()+"</h1>", "0 of 144 h planned to date are signed",
		"6 weeks without an entry", enWeek(firstMissing), "Not admitted yet", `action="/students/`+itoa(lb.behind.ID)+`/final-assessment"`)
	p.lacks(t, `/assessments"`) // the coordinator does not assess competences

	refused := postForm(t, r.app.URL, training[:len(training)-len("/training")]+"/final-assessment", url.Values{"grade": {"5"}}, coordinator...)
	refused.expect(t, http.StatusBadRequest, "Not admitted to the final assessment: the logbook has no signed entry for", enWeek(firstMissing))
	ru := postForm(t, r.app.URL, "/students/"+itoa(lb.behind.ID)+"/final-assessment", url.Values{"grade": {"5"}}, r.as(t, domain.RoleCollege, in("ru")...)...)
	ru.expect(t, http.StatusBadRequest, "Не допущен к итоговой аттестации", firstMissing.Format("02.01")+"–")
	if finals, _ := r.app.Store.FinalAssessments(context.Background(), lb.behind.ID); len(finals) != 0 {
		t.Fatalf("a refused final assessment was recorded: %+v", finals)
	}
	postForm(t, r.app.URL, "/students/"+itoa(lb.done.ID)+"/final-assessment", url.Values{"grade": {"7"}}, coordinator...).
		expect(t, http.StatusBadRequest, "The grade must be from 2 to 5.")
	done := get(t, r.app.URL, "/students/"+itoa(lb.done.ID)+"/training", coordinator...)
	done.expect(t, http.StatusOK, "Admitted to the final assessment")
	postForm(t, r.app.URL, "/students/"+itoa(lb.done.ID)+"/final-assessment", url.Values{"grade": {"4"}, "comment": {"Уверенно"}}, coordinator...).
		expectRedirect(t, "/students/"+itoa(lb.done.ID)+"/training#final")
	get(t, r.app.URL, "/students/"+itoa(lb.done.ID)+"/training", coordinator...).expect(t, http.StatusOK, "4 (good)", "Уверенно")
	// Only the college records it.
	postForm(t, r.app.URL, "/students/"+itoa(lb.done.ID)+"/final-assessment", url.Values{"grade": {"5"}}, mentor...).expect(t, http.StatusForbidden)

	// The mentor assesses a trainee's competence.
	writer := "/students/" + itoa(lb.writer.ID)
	get(t, r.app.URL, writer+"/training", mentor...).expect(t, http.StatusOK, `action="`+writer+`/assessments"`, "ПК 2 Working with databases")
	postForm(t, r.app.URL, writer+"/assessments", url.Values{"competence_id": {itoa(lb.competences[1].ID)}, "level": {"9"}}, mentor...).
		expect(t, http.StatusBadRequest, "Level: The level must be from 1 to 5.")
	postForm(t, r.app.URL, writer+"/assessments", url.Values{"competence_id": {"abc"}, "level": {"3"}}, mentor...).expect(t, http.StatusBadRequest)
	postForm(t, r.app.URL, writer+"/assessments", url.Values{"competence_id": {itoa(lb.competences[1].ID)}, "level": {"4"}, "comment": {"Пишет сложные запросы"}}, mentor...).
		expectRedirect(t, writer+"/training#competences")
	// The assessor is named as the mentor record names them, as on a
	// signed week, not by the account's name.
	assessed := get(t, r.app.URL, writer+"/training", coordinator...)
	assessed.expect(t, http.StatusOK, "4 of 5", "Пишет сложные запросы", lb.mentor.Name)
	assessed.lacks(t, r.users[domain.RoleMentor].Name)
	postForm(t, r.app.URL, writer+"/assessments", url.Values{"competence_id": {itoa(lb.competences[1].ID)}, "level": {"2"}}, coordinator...).
		expect(t, http.StatusForbidden)
	// Another college's student is not found.
	get(t, r.app.URL, writer+"/training", r.asUser(t, r.astanaCoordinator)...).expect(t, http.StatusNotFound)
}

// TestDualSettings: the ministry changes the policy settings; a value out
// of range comes back naming the setting and its bounds.
func TestDualSettings(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	ministry := r.as(t, domain.RoleMinistry, in("en")...)
	get(t, r.app.URL, "/settings/dual", ministry...).expect(t, http.StatusOK, `name="behind_plan_percent" value="15"`, `name="max_trainees_per_mentor" value="10"`)
	form := url.Values{"max_trainees_per_mentor": {"12"}, "behind_plan_percent": {"0"}, "missing_weeks": {"3"}, "unsigned_days": {"10"},
		"mentor_inactive_days": {"30"}}
	bad := postForm(t, r.app.URL, "/settings/dual", form, ministry...)
	bad.expect(t, http.StatusBadRequest, "Behind the plan by more than, %: This setting must be from 1 to 100.", `name="max_trainees_per_mentor" value="12"`,
		`aria-describedby="behind_plan_percent-error"`)
	form.Set("behind_plan_percent", "twenty")
	postForm(t, r.app.URL, "/settings/dual", form, ministry...).expect(t, http.StatusBadRequest, "This setting must be from 1 to 100.", `value="twenty"`)
	form.Set("behind_plan_percent", "20")
	postForm(t, r.app.URL, "/settings/dual", form, ministry...).expectRedirect(t, "/settings/dual")
	get(t, r.app.URL, "/settings/dual", ministry...).expect(t, http.StatusOK, "The settings are saved.", `name="behind_plan_percent" value="20"`,
		`name="missing_weeks" value="3"`)
	s, err := r.app.Store.DualSettings(context.Background())
	if err != nil || s.BehindPlanPercent != 20 || s.MaxTraineesPerMentor != 12 || s.MentorInactiveDays != 30 {
		t.Fatalf("settings stored: %+v, %v", s, err)
	}
	postForm(t, r.app.URL, "/settings/dual", form, r.as(t, domain.RoleCollege)...).expect(t, http.StatusForbidden)
}

// TestHomeShowsOwnWorkFirst: each role's own work comes before the
// registry's totals.
func TestHomeShowsOwnWorkFirst(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	lb := r.logbook(t)
	cases := []struct {
		as   []string
		want []string
	}{
		{append(r.asUser(t, lb.writerUser), in("en")...), []string{"My dual training", "Agreement with Almaty Energo Service LLP: in force.",
			`href="/logbook/new?week=` + week(lb.thisWeek) + `">Write this week&#39;s entry</a>`, "0 of 72 h planned to date are signed",
			"weeks without an entry"}},
		{r.as(t, domain.RoleMentor, in("en")...), []string{"My trainees&#39; logbooks", `<span class="stat-value">2</span>`,
			"entries wait for your signature"}},
		{r.as(t, domain.RoleCollege, in("en")...), []string{"The college&#39;s dual training", "students need attention",
			"agreements await signatures"}},
		{r.as(t, domain.RoleEnterprise, in("en")...), []string{"Placements at the enterprise", "Offers: open", "applications to decide",
			`href="/mentors"`}},
		{r.as(t, domain.RoleMinistry, in("en")...), []string{`href="/settings/dual"`}},
	}
	for _, c := range cases {
		p := get(t, r.app.URL, "/", c.as...)
		p.expect(t, http.StatusOK, c.want...)
		if mine, totals := strings.Index(p.body, `class="mine`), strings.Index(p.body, "The registry today"); mine < 0 || mine > totals {
			t.Errorf("the user's own work is not before the totals")
		}
	}
	get(t, r.app.URL, "/", in("en")...).lacks(t, `class="mine`)
}

// TestLogbookPagesEveryLanguage renders the logbook, training, attention
// and settings pages as the roles that use them, in every language, and
// fails on anything untranslated.
func TestLogbookPagesEveryLanguage(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	lb := r.logbook(t)
	pages := []struct {
		as     []string
		path   string
		status int
	}{
		{r.as(t, domain.RoleStudent), "/logbook", http.StatusOK},
		{r.as(t, domain.RoleStudent), "/logbook/new?week=" + week(lb.thisWeek), http.StatusOK},
		{r.as(t, domain.RoleStudent), "/logbook/" + itoa(lb.toEdit) + "/edit", http.StatusOK},
		{r.as(t, domain.RoleStudent), "/logbook/" + itoa(lb.shown), http.StatusOK},
		{r.as(t, domain.RoleStudent), "/logbook/" + itoa(lb.toDeletePhoto), http.StatusOK},
		{r.as(t, domain.RoleStudent), "/", http.StatusOK},
		{r.asUser(t, lb.writerUser), "/logbook", http.StatusOK},
		{r.as(t, domain.RoleMentor), "/logbook/queue", http.StatusOK},
		{r.as(t, domain.RoleMentor), "/logbook/" + itoa(lb.toSign), http.StatusOK},
		{r.as(t, domain.RoleMentor), "/students/" + itoa(r.aigerim.ID) + "/training", http.StatusOK},
		{r.as(t, domain.RoleMentor), "/", http.StatusOK},
		{r.as(t, domain.RoleTeacher), "/logbook/" + itoa(lb.toReview), http.StatusOK},
		{r.as(t, domain.RoleCollege), "/attention", http.StatusOK},
		{r.as(t, domain.RoleCollege), "/attention?all=yes&per_page=2&page=2", http.StatusOK},
		{r.as(t, domain.RoleCollege), "/attention?page=40", http.StatusOK},
		{r.as(t, domain.RoleCollege), "/students/" + itoa(lb.behind.ID) + "/training", http.StatusOK},
		{r.as(t, domain.RoleCollege), "/students/" + itoa(lb.done.ID) + "/training", http.StatusOK},
		{r.as(t, domain.RoleCollege), "/", http.StatusOK},
		{r.as(t, domain.RoleEnterprise), "/", http.StatusOK},
		{r.as(t, domain.RoleEnterprise), "/attention", http.StatusOK},
		{r.as(t, domain.RoleMinistry), "/attention", http.StatusOK},
		{r.as(t, domain.RoleMinistry), "/settings/dual", http.StatusOK},
		{r.as(t, domain.RoleAuditor), "/logbook/" + itoa(lb.shown), http.StatusOK},
		{r.as(t, domain.RoleRegion), "/students/" + itoa(r.students[15].ID) + "/training", http.StatusOK},
	}
	for _, lang := range i18n.Languages {
		for _, pg := range pages {
			p := get(t, r.app.URL, pg.path, append([]string{"Cookie", "lang=" + lang}, pg.as...)...)
			if p.status != pg.status {
				t.Errorf("%s %s: status %d, want %d; body:\n%s", lang, pg.path, p.status, pg.status, excerpt(p.body))
			}
			for _, m := range untranslated.FindAllString(p.body, -1) {
				t.Errorf("%s %s: untranslated %q", lang, pg.path, m)
			}
		}
		// The forms' problems, too.
		p := postForm(t, r.app.URL, "/settings/dual", url.Values{"max_trainees_per_mentor": {"0"}}, append([]string{"Cookie", "lang=" + lang}, r.as(t, domain.RoleMinistry)...)...)
		for _, m := range untranslated.FindAllString(p.body, -1) {
			t.Errorf("%s settings problem: untranslated %q", lang, m)
		}
	}
}

// logbookProbes are the route matrix's requests for the logbook pages, for
// a visitor signed in as u. Each request that changes an entry has an
// entry of its own in the state it needs.
func (r *registry) logbookProbes(t testing.TB, u domain.User) map[string]probe {
	lb := r.logbook(t)
	id := itoa
	settings := url.Values{}
	for k, v := range map[string]int{"max_trainees_per_mentor": 10, "behind_plan_percent": 15, "missing_weeks": 2, "unsigned_days": 14,
		"mentor_inactive_days": 21} {
		settings.Set(k, fmt.Sprint(v))
	}
	return map[string]probe{
		"GET /logbook":               {"GET", "/logbook", nil, http.StatusOK},
		"GET /logbook/new":           {"GET", "/logbook/new?week=" + week(lb.thisWeek), nil, http.StatusOK},
		"POST /logbook":              {"POST", "/logbook", entryForm(lb.thisWeek, "save"), http.StatusSeeOther},
		"GET /logbook/queue":         {"GET", "/logbook/queue", nil, http.StatusOK},
		"GET /logbook/{id}":          {"GET", "/logbook/" + id(lb.shown), nil, http.StatusOK},
		"GET /logbook/{id}/edit":     {"GET", "/logbook/" + id(lb.toEdit) + "/edit", nil, http.StatusOK},
		"POST /logbook/{id}":         {"POST", "/logbook/" + id(lb.toEdit), entryForm(lb.thisWeek, "save"), http.StatusSeeOther},
		"POST /logbook/{id}/submit":  {"POST", "/logbook/" + id(lb.toSubmit) + "/submit", url.Values{}, http.StatusSeeOther},
		"POST /logbook/{id}/correct": {"POST", "/logbook/" + id(lb.toCorrect) + "/correct", url.Values{}, http.StatusSeeOther},
		// The matrix posts plain forms: without a file the photo is asked
		// for (the upload itself is TestWeeklyEntry's).
		"POST /logbook/{id}/photos":   {"POST", "/logbook/" + id(lb.toAddPhoto) + "/photos", url.Values{}, http.StatusBadRequest},
		"POST /logbook/{id}/sign":     {"POST", "/logbook/" + id(lb.toSign) + "/sign", url.Values{}, http.StatusSeeOther},
		"POST /logbook/{id}/return":   {"POST", "/logbook/" + id(lb.toReturn) + "/return", url.Values{"comment": {"Добавьте фото"}}, http.StatusSeeOther},
		"POST /logbook/{id}/review":   {"POST", "/logbook/" + id(lb.toReview) + "/review", url.Values{"comment": {""}}, http.StatusSeeOther},
		"GET /photos/{id}":            {"GET", "/photos/" + id(lb.photo), nil, http.StatusOK},
		"POST /photos/{id}/delete":    {"POST", "/photos/" + id(lb.photoToDelete) + "/delete", url.Values{}, http.StatusSeeOther},
		"GET /students/{id}/training": {"GET", "/students/" + id(r.aigerim.ID) + "/training", nil, http.StatusOK},
		"POST /students/{id}/assessments": {"POST", "/students/" + id(r.aigerim.ID) + "/assessments",
			url.Values{"competence_id": {id(lb.competences[0].ID)}, "level": {"3"}}, http.StatusSeeOther},
		"POST /students/{id}/final-assessment": {"POST", "/students/" + id(lb.done.ID) + "/final-assessment", url.Values{"grade": {"5"}}, http.StatusSeeOther},
		"GET /attention":                       {"GET", "/attention", nil, http.StatusOK},
		"GET /settings/dual":                   {"GET", "/settings/dual", nil, http.StatusOK},
		"POST /settings/dual":                  {"POST", "/settings/dual", settings, http.StatusSeeOther},
	}
}
