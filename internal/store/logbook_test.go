package store_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// week is an entry of monday: Monday to Wednesday, hours in all.
func week(s domain.Student, monday time.Time, hours int) domain.LogbookEntry {
	return domain.LogbookEntry{StudentID: s.ID, WeekStart: monday,
		Days:  domain.Weekdays(0).With(time.Monday).With(time.Tuesday).With(time.Wednesday),
		Hours: hours, Tasks: "настройка сервера, резервное копирование"}
}

// mentorOf is the account of the mentor named by the student's agreement.
func (tr *training) mentorOf(t *testing.T, s domain.Student) domain.User {
	t.Helper()
	ctx := context.Background()
	got, err := tr.st.Student(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	u, err := tr.st.User(ctx, got.MentorUserID)
	if err != nil {
		t.Fatalf("mentor account of %d: %v", got.MentorUserID, err)
	}
	return u
}

// submittedWeek writes and submits the student's entry of monday.
func (tr *training) submittedWeek(t *testing.T, s domain.Student, monday time.Time, hours int) domain.LogbookEntry {
	t.Helper()
	e := week(s, monday, hours)
	if err := tr.st.SaveEntry(context.Background(), &e); err != nil {
		t.Fatalf("week of %s: %v", monday.Format(time.DateOnly), err)
	}
	if err := tr.st.SubmitEntry(context.Background(), e.ID); err != nil {
		t.Fatal(err)
	}
	return e
}

// signedWeek writes, submits and has the mentor sign the week.
func (tr *training) signedWeek(t *testing.T, s domain.Student, monday time.Time, hours int) domain.LogbookEntry {
	t.Helper()
	e := tr.submittedWeek(t, s, monday, hours)
	if err := tr.st.SignEntry(testkit.As(tr.mentorOf(t, s)), e.ID); err != nil {
		t.Fatal(err)
	}
	return e
}

func wantEntryState(t *testing.T, err error, status domain.EntryStatus) {
	t.Helper()
	if e := wantKey(t, err, domain.ECONFLICT, "", "error.entry.state"); e.Params["status"] != string(status) {
		t.Fatalf("status param = %q, want %q", e.Params["status"], status)
	}
}

func TestNoEntryBeforeActive(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		tr := newTraining(t, st)
		dana, danaUser := tr.newStudent(t, "Ахметова", "Дана")
		tr.now = time.Date(2026, 9, 10, 12, 0, 0, 0, time.UTC)
		e := week(dana, ymd(2026, 9, 7), 24)
		wantKey(t, st.SaveEntry(ctx, &e), domain.ECONFLICT, "", "error.entry.no_agreement")

		a := tr.draft(t, dana, tr.terms())
		wantKey(t, st.SaveEntry(ctx, &e), domain.ECONFLICT, "", "error.entry.no_agreement")
		if err := st.SendForSignature(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		tr.approve(t, a.ID, domain.PartyCollege, tr.coordinator)
		tr.approve(t, a.ID, domain.PartyEnterprise, tr.hr)
		wantKey(t, st.SaveEntry(ctx, &e), domain.ECONFLICT, "", "error.entry.no_agreement")
		tr.approve(t, a.ID, domain.PartyStudent, danaUser)
		if err := st.SaveEntry(ctx, &e); err != nil {
			t.Fatalf("under the active agreement: %v", err)
		}
		if list, _ := st.Entries(ctx, domain.EntryFilter{StudentID: dana.ID}); list.Total != 1 {
			t.Fatalf("entries: %+v", list)
		}
	})
}

func TestLogbookFlow(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		tr := newTraining(t, st)
		dana, danaUser := tr.newStudent(t, "Ахметова", "Дана")
		other := domain.Programme{CollegeID: tr.college.ID, SpecialtyCode: "06130100", QualificationCode: "4S06130103",
			DurationMonths: 34, HoursTotal: 5760, HoursPractice: 2000, HoursEnterprise: 600}
		if err := st.CreateProgramme(ctx, &other); err != nil {
			t.Fatal(err)
		}
		if err := st.InsertCompetences(ctx, []domain.Competence{
			{ID: 101, ProgrammeID: tr.programme.ID, Code: "ПК 2", Name: domain.Names{RU: "Администрирование серверов"}},
			{ID: 102, ProgrammeID: tr.programme.ID, Code: "ПК 1", Name: domain.Names{RU: "Разработка модулей"}},
			{ID: 103, ProgrammeID: other.ID, Code: "ПК 1", Name: domain.Names{RU: "Чужая компетенция"}},
		}); err != nil {
			t.Fatal(err)
		}
		tr.activate(t, dana, danaUser, tr.terms())
		tr.now = time.Date(2026, 9, 17, 18, 0, 0, 0, time.UTC) // Thursday of the second week

		for name, monday := range map[string]time.Time{
			"before the start": ymd(2026, 8, 31),
			"next week":        ymd(2026, 9, 21),
			"after the end":    ymd(2027, 7, 5),
		} {
			e := week(dana, monday, 24)
			if err := st.SaveEntry(ctx, &e); domain.AsError(err).Key != "error.entry.outside" || domain.ErrorCode(err) != domain.ECONFLICT {
				t.Fatalf("%s: %v", name, err)
			}
		}
		notMonday := week(dana, ymd(2026, 9, 8), 24)
		wantKey(t, st.SaveEntry(ctx, &notMonday), domain.EINVALID, "week_start", "error.entry.week")
		foreign := week(dana, ymd(2026, 9, 7), 24)
		foreign.Competences = []int64{101, 103}
		wantKey(t, st.SaveEntry(ctx, &foreign), domain.EINVALID, "competences", "error.entry.competence")

		e := week(dana, ymd(2026, 9, 7), 20)
		e.Competences = []int64{101, 102, 101}
		if err := st.SaveEntry(ctx, &e); err != nil {
			t.Fatal(err)
		}
		if e.Status != domain.EntryDraft || e.Version != 1 || !e.Current || len(e.Competences) != 2 {
			t.Fatalf("new entry: %+v", e)
		}
		dup := week(dana, ymd(2026, 9, 7), 24)
		wantKey(t, st.SaveEntry(ctx, &dup), domain.ECONFLICT, "", "error.entry.duplicate")

		// The student corrects the draft and submits it.
		e.Hours, e.Tasks = 24, "  настройка сервера  "
		if err := st.SaveEntry(ctx, &e); err != nil {
			t.Fatal(err)
		}
		if err := st.SubmitEntry(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
		e.Hours = 22
		wantEntryState(t, st.SaveEntry(ctx, &e), domain.EntrySubmitted)

		// The mentor's queue holds it.
		queue, err := st.Entries(ctx, domain.EntryFilter{MentorUserID: tr.mentorUser.ID, Status: domain.EntrySubmitted})
		if err != nil || queue.Total != 1 || queue.Items[0].ID != e.ID || queue.Items[0].Student.Last != "Ахметова" {
			t.Fatalf("queue: %+v, %v", queue, err)
		}

		// Only the trainee's mentor signs or returns; a return says why.
		_, colleagueUser := tr.newMentor(t, tr.enterprise.ID, "Омаров Бауыржан", "baur")
		wantCode(t, st.SignEntry(testkit.As(colleagueUser), e.ID), domain.EFORBIDDEN, "")
		wantCode(t, st.SignEntry(testkit.As(tr.hr), e.ID), domain.EFORBIDDEN, "")
		mentor := testkit.As(tr.mentorUser)
		wantKey(t, st.ReturnEntry(mentor, e.ID, "  "), domain.EINVALID, "comment", "error.entry.comment")
		if err := st.ReturnEntry(mentor, e.ID, "Добавьте, какие серверы"); err != nil {
			t.Fatal(err)
		}
		got, _ := st.Entry(ctx, e.ID)
		if got.Status != domain.EntryReturned || got.Comment != "Добавьте, какие серверы" || got.SignedBy != "" {
			t.Fatalf("returned: %+v", got)
		}
		wantEntryState(t, st.SignEntry(mentor, e.ID), domain.EntryReturned)
		got.Tasks = "настройка серверов 1С и почты"
		if err := st.SaveEntry(ctx, &got); err != nil {
			t.Fatal(err)
		}
		if err := st.SubmitEntry(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
		tr.now = time.Date(2026, 9, 18, 9, 30, 0, 0, time.UTC)
		if err := st.SignEntry(mentor, e.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = st.Entry(ctx, e.ID)
		if got.Status != domain.EntrySigned || got.SignedBy != "Сейітов Ерлан" || !got.SignedAt.Equal(tr.now) || got.Hours != 24 ||
			got.Tasks != "настройка серверов 1С и почты" {
			t.Fatalf("signed: %+v", got)
		}

		// A signed entry is locked.
		got.Hours = 20
		wantEntryState(t, st.SaveEntry(ctx, &got), domain.EntrySigned)
		wantEntryState(t, st.SubmitEntry(ctx, e.ID), domain.EntrySigned)
		wantEntryState(t, st.ReturnEntry(mentor, e.ID, "ещё"), domain.EntrySigned)
		_, err = st.AddPhoto(ctx, e.ID, pngPhoto(t))
		wantEntryState(t, err, domain.EntrySigned)

		// The college supervisor reviews it.
		wantCode(t, st.ReviewEntry(testkit.As(tr.coordinator), e.ID+1000, ""), domain.ENOTFOUND, "")
		if err := st.ReviewEntry(testkit.As(tr.coordinator), e.ID, "Хорошо"); err != nil {
			t.Fatal(err)
		}
		got, _ = st.Entry(ctx, e.ID)
		if got.ReviewedBy != "Жұмабаева Гүлнар" || got.ReviewComment != "Хорошо" || got.ReviewedAt.IsZero() {
			t.Fatalf("reviewed: %+v", got)
		}

		// A correction is a new version; the signed one counts until the
		// correction is signed.
		hours := func() int {
			t.Helper()
			p, err := st.Progress(ctx, dana.ID)
			if err != nil {
				t.Fatal(err)
			}
			return p.SignedHours
		}
		if h := hours(); h != 24 {
			t.Fatalf("signed hours: %d", h)
		}
		fix, err := st.CorrectEntry(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if fix.ID == e.ID || fix.Version != 2 || !fix.Current || fix.Status != domain.EntryDraft || fix.Hours != 24 ||
			len(fix.Competences) != 2 || !fix.WeekStart.Equal(ymd(2026, 9, 7)) {
			t.Fatalf("correction: %+v", fix)
		}
		_, err = st.CorrectEntry(ctx, e.ID)
		wantEntryState(t, err, domain.EntrySigned)
		if old, _ := st.Entry(ctx, e.ID); old.Current || old.Status != domain.EntrySigned {
			t.Fatalf("the old version: %+v", old)
		}
		fix.Hours = 18
		if err := st.SaveEntry(ctx, &fix); err != nil {
			t.Fatal(err)
		}
		if err := st.SubmitEntry(ctx, fix.ID); err != nil {
			t.Fatal(err)
		}
		if h := hours(); h != 24 {
			t.Fatalf("signed hours while the correction waits: %d", h)
		}
		if err := st.SignEntry(mentor, fix.ID); err != nil {
			t.Fatal(err)
		}
		if h := hours(); h != 18 {
			t.Fatalf("signed hours after the correction: %d", h)
		}
		all, _ := st.Entries(ctx, domain.EntryFilter{StudentID: dana.ID})
		current, _ := st.Entries(ctx, domain.EntryFilter{StudentID: dana.ID, CurrentOnly: true})
		if all.Total != 2 || current.Total != 1 || current.Items[0].ID != fix.ID || all.Items[0].Version != 2 {
			t.Fatalf("versions: %+v / %+v", all, current)
		}
		if log, _ := st.Audit(ctx, domain.AuditFilter{RecordType: "logbook_entry"}); log.Total < 10 {
			t.Fatalf("logbook writes audited: %d", log.Total)
		}
	})
}

// pngPhoto and jpegPhoto are small real images.
func pngPhoto(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegPhoto(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestEntryPhotos(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		tr := newTraining(t, st)
		dana, danaUser := tr.newStudent(t, "Ахметова", "Дана")
		tr.activate(t, dana, danaUser, tr.terms())
		tr.now = time.Date(2026, 9, 10, 12, 0, 0, 0, time.UTC)
		e := week(dana, ymd(2026, 9, 7), 24)
		if err := st.SaveEntry(ctx, &e); err != nil {
			t.Fatal(err)
		}

		pngBytes, jpegBytes := pngPhoto(t), jpegPhoto(t)
		p, err := st.AddPhoto(ctx, e.ID, pngBytes)
		if err != nil || p.ContentType != "image/png" || p.Size != len(pngBytes) || p.EntryID != e.ID {
			t.Fatalf("png: %+v, %v", p, err)
		}
		meta, data, err := st.Photo(ctx, p.ID)
		if err != nil || meta.ContentType != "image/png" || !bytes.Equal(data, pngBytes) {
			t.Fatalf("photo read back: %+v, %d bytes, %v", meta, len(data), err)
		}
		j, err := st.AddPhoto(ctx, e.ID, jpegBytes)
		if err != nil || j.ContentType != "image/jpeg" {
			t.Fatalf("jpeg: %+v, %v", j, err)
		}

		// A text file named photo.jpg is still text; a large file is refused
		// whatever it holds.
		_, err = st.AddPhoto(ctx, e.ID, []byte("Это не фотография, а текст.\n"))
		wantKey(t, err, domain.EINVALID, "photo", "error.photo.type")
		_, err = st.AddPhoto(ctx, e.ID, nil)
		wantKey(t, err, domain.EINVALID, "photo", "error.photo.type")
		big := append(append([]byte{}, pngBytes...), make([]byte, domain.MaxPhotoBytes)...)
		_, err = st.AddPhoto(ctx, e.ID, big)
		if e := wantKey(t, err, domain.EINVALID, "photo", "error.photo.size"); e.Params["max"] != "5" {
			t.Fatalf("size params: %v", e.Params)
		}

		for range 3 {
			if _, err := st.AddPhoto(ctx, e.ID, jpegBytes); err != nil {
				t.Fatal(err)
			}
		}
		_, err = st.AddPhoto(ctx, e.ID, pngBytes)
		if e := wantKey(t, err, domain.EINVALID, "photo", "error.photo.count"); e.Params["max"] != "5" {
			t.Fatalf("count params: %v", e.Params)
		}
		got, _ := st.Entry(ctx, e.ID)
		if len(got.Photos) != 5 || got.Photos[0].ID != p.ID || got.Photos[0].ContentType != "image/png" {
			t.Fatalf("photos of the entry: %+v", got.Photos)
		}
		if err := st.DeletePhoto(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.Photo(ctx, p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("deleted photo: %v", err)
		}
		if _, err := st.AddPhoto(ctx, e.ID, pngBytes); err != nil {
			t.Fatalf("room again after a deletion: %v", err)
		}

		// Once submitted, the photos are locked with the entry; a correction
		// starts with copies of them.
		if err := st.SubmitEntry(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
		wantEntryState(t, st.DeletePhoto(ctx, j.ID), domain.EntrySubmitted)
		if err := st.SignEntry(testkit.As(tr.mentorUser), e.ID); err != nil {
			t.Fatal(err)
		}
		fix, err := st.CorrectEntry(ctx, e.ID)
		if err != nil || len(fix.Photos) != 5 {
			t.Fatalf("correction: %+v, %v", fix, err)
		}
		if err := st.DeletePhoto(ctx, fix.Photos[0].ID); err != nil {
			t.Fatal(err)
		}
		if old, _ := st.Entry(ctx, e.ID); len(old.Photos) != 5 {
			t.Fatalf("the signed version lost a photo: %+v", old.Photos)
		}
	})
}
