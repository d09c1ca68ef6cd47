package api_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// dualRecords are the first student's dual training, made the way the
// people involved make it, through the access layer with their own
// accounts: the Almaty enterprise's mentor record, linked to the mentor's
// account; the dual programme's competences; an open offer, approved by
// the Almaty college; the first student's application, accepted; the
// agreement it became, with the mentor named and approved by every party;
// a signed entry of last week with a photo; and an assessment. Every record
// lies inside the scope of every role of the fixture that may read it.
type dualRecords struct {
	mentor      domain.Mentor
	competences []domain.Competence
	offer       domain.Offer
	application domain.Application
	agreement   domain.Agreement
	entry       domain.LogbookEntry
	photo       domain.Photo
	photoData   []byte
}

// trainingStart is the Monday eight weeks before this one: agreements of
// the tests start then, so that past weeks can be written.
func trainingStart() time.Time {
	return domain.WeekStart(domain.DateInKazakhstan(time.Now())).AddDate(0, 0, -7*8)
}

// lastWeek is the Monday of the week before this one.
func lastWeek() time.Time {
	return domain.WeekStart(domain.DateInKazakhstan(time.Now())).AddDate(0, 0, -7)
}

// pngImage is a small valid PNG of the given shade.
func pngImage(t *testing.T, shade uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for x := range 4 {
		for y := range 3 {
			img.Set(x, y, color.RGBA{shade, 128, 255 - shade, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// jpegImage is a small valid JPEG.
func jpegImage(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func (f *fixture) addDual(t *testing.T, st *store.Store) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	guard := access.New(st)
	as := func(role domain.Role) context.Context { return testkit.As(f.users[role]) }
	d := &f.dualRecords

	d.competences = []domain.Competence{
		{ID: 901, ProgrammeID: f.dual.ID, Code: "ПК 1",
			Name: domain.Names{KK: "Бағдарламалық кодты әзірлеу", RU: "Разработка программного кода", EN: "Writing program code"}},
		{ID: 902, ProgrammeID: f.dual.ID, Code: "ПК 2",
			Name: domain.Names{KK: "Бағдарламаларды тестілеу", RU: "Тестирование программ", EN: "Testing programs"}},
	}
	must(st.InsertCompetences(context.Background(), d.competences))
	must(st.FinishLoad(context.Background()))

	d.mentor = domain.Mentor{UserID: f.users[domain.RoleMentor].ID, Name: "Серікбаев Нұрлан Асқарұлы", Position: "Аға инженер",
		Qualification: "Инженер-бағдарламашы", ExperienceYears: 12, Phone: "+7 727 250 11 22", PayPerTrainee: 7000}
	must(guard.SaveMentor(as(domain.RoleEnterprise), &d.mentor))

	start := trainingStart()
	d.offer = domain.Offer{CollegeID: f.college.ID, QualificationCode: "4S06130103", CityID: 1, Capacity: 3,
		StartsOn: start, EndsOn: start.AddDate(1, 0, -1), Weekdays: domain.Weekdays(0).With(time.Monday).With(time.Tuesday).With(time.Wednesday),
		HoursPerWeek: 24, Requirements: "Go, SQL", StipendTenge: 60000}
	must(guard.SaveOffer(as(domain.RoleEnterprise), &d.offer))
	must(guard.SubmitOffer(as(domain.RoleEnterprise), d.offer.ID))
	must(guard.ApproveOffer(as(domain.RoleCollege), d.offer.ID))
	must(guard.OpenOffer(as(domain.RoleEnterprise), d.offer.ID))

	d.application = domain.Application{OfferID: d.offer.ID, Note: "Мен Go тілін үйренемін"}
	must(guard.Apply(as(domain.RoleStudent), &d.application))
	agreementID, err := guard.AcceptApplication(as(domain.RoleEnterprise), d.application.ID)
	must(err)
	a, err := guard.Agreement(as(domain.RoleEnterprise), agreementID)
	must(err)
	terms := a.Terms()
	terms.MentorID, terms.Position, terms.MentorPay = d.mentor.ID, "Стажёр-бағдарламашы", 7000
	must(guard.EditAgreement(as(domain.RoleEnterprise), a.ID, a.Version, terms))
	must(guard.SendForSignature(as(domain.RoleEnterprise), a.ID))
	if a, err = guard.Agreement(as(domain.RoleEnterprise), a.ID); err != nil {
		t.Fatal(err)
	}
	for role, party := range map[domain.Role]domain.Party{domain.RoleCollege: domain.PartyCollege,
		domain.RoleEnterprise: domain.PartyEnterprise, domain.RoleStudent: domain.PartyStudent} {
		must(guard.ApproveAgreement(as(role), a.ID, a.Version, party))
	}
	if d.agreement, err = guard.Agreement(as(domain.RoleCollege), a.ID); err != nil {
		t.Fatal(err)
	}
	if d.agreement.Status != domain.AgreementActive {
		t.Fatalf("the fixture's agreement is %s after every approval", d.agreement.Status)
	}

	d.entry = domain.LogbookEntry{WeekStart: lastWeek(), Days: d.offer.Weekdays, Hours: 24,
		Tasks: "REST API, тесттер, код шолуы", Competences: []int64{901}}
	must(guard.SaveEntry(as(domain.RoleStudent), &d.entry))
	d.photoData = pngImage(t, 10)
	if d.photo, err = guard.AddPhoto(as(domain.RoleStudent), d.entry.ID, d.photoData); err != nil {
		t.Fatal(err)
	}
	must(guard.SubmitEntry(as(domain.RoleStudent), d.entry.ID))
	must(guard.SignEntry(as(domain.RoleMentor), d.entry.ID))
	must(guard.AssessCompetence(as(domain.RoleMentor), &domain.CompetenceAssessment{StudentID: f.students[0].ID,
		CompetenceID: 901, Level: 4, Comment: "Өз бетінше жұмыс істейді"}))
}
