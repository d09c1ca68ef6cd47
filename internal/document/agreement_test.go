package document_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/dualtrack/dualtrack/internal/document"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// kazakhLetters are the letters of the Kazakh alphabet that Russian lacks.
const kazakhLetters = "ӘҒҚҢӨҰҮҺІәғқңөұүһі"

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// minorAwaiting is an agreement with a 17-year-old student, edited once:
// the college and the enterprise have approved version 2, the student and
// the guardian not yet, and the approvals of version 1 were cleared.
func minorAwaiting(t *testing.T) domain.Agreement {
	t.Helper()
	iin, ok := domain.CompleteIdentifier("08031560001")
	if !ok {
		t.Fatal("no check digit for the IIN")
	}
	at := func(d, h, m int) time.Time { return time.Date(2025, 8, d, h, m, 0, 0, time.UTC) }
	return domain.Agreement{
		ID: 1042, StudentID: 7, CollegeID: 1, EnterpriseID: 3, MentorID: 5,
		Position:     "Электромонтёр-стажёр, подстанция № 3",
		StartsOn:     day(2025, 9, 1),
		EndsOn:       day(2026, 6, 30),
		Weekdays:     domain.Weekdays(0).With(time.Monday).With(time.Wednesday).With(time.Friday),
		HoursPerWeek: 24, StipendTenge: 85000, MentorPay: 7000,
		GuardianName: "Әбілқасымова Гүлжаһан Өмірзаққызы",
		Status:       domain.AgreementAwaiting,
		Version:      2,
		CreatedAt:    at(20, 5, 30),
		UpdatedAt:    at(25, 4, 0),
		Approvals: []domain.Approval{
			{Party: domain.PartyEnterprise, Version: 2, Name: "Ким Виктор Сергеевич", At: at(25, 6, 45)},
			{Party: domain.PartyCollege, Version: 2, Name: "Сәрсенбаев Қайрат", At: at(25, 4, 10)},
			{Party: domain.PartyStudent, Version: 1, Name: "Әбілқасымова Айгерім", At: at(22, 12, 0), Cleared: true},
			{Party: domain.PartyCollege, Version: 1, Name: "Сәрсенбаев Қайрат", At: at(21, 9, 0), Cleared: true},
		},
		Student:           domain.PersonName{Last: "Әбілқасымова", First: "Айгерім", Middle: "Нұрланқызы"},
		StudentIIN:        iin,
		StudentBirth:      day(2008, 3, 15),
		GroupCode:         "ПО-23-1",
		College:           domain.Names{KK: "Алматы политехникалық колледжі", RU: "Алматинский политехнический колледж"},
		CollegeBIN:        "990340001015",
		CollegeAddress:    "Алматы, Абай даңғылы 1",
		Enterprise:        domain.Names{KK: "«Алматы Энерго Сервис» ЖШС", RU: "ТОО «Алматы Энерго Сервис»"},
		EnterpriseBIN:     "050440007771",
		EnterpriseAddress: "Алматы, Жібек жолы 50",
		Qualification:     domain.Names{KK: "Бағдарламалық қамтамасыз етуді әзірлеуші", RU: "Разработчик программного обеспечения"},
		QualificationCode: "4S06130103",
		Mentor:            "Һадиев Ұлан Ғалымұлы",
	}
}

// render prints a and reads the PDF back, failing on anything a reader
// would reject.
func render(t *testing.T, a domain.Agreement, lang string) ([]byte, *pdfFile) {
	t.Helper()
	var b bytes.Buffer
	if err := document.AgreementPDF(&b, a, lang); err != nil {
		t.Fatalf("AgreementPDF(%s): %v", lang, err)
	}
	return b.Bytes(), readPDF(t, b.Bytes())
}

// squash drops every space, so a phrase is found whichever way the lines
// were broken.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// expectText fails unless the pages, joined, contain every phrase.
func expectText(t *testing.T, pages []string, phrases ...string) {
	t.Helper()
	all := squash(strings.Join(pages, "\n"))
	for _, ph := range phrases {
		if !strings.Contains(all, squash(ph)) {
			t.Errorf("the PDF lacks %q", ph)
		}
	}
}

func lacksText(t *testing.T, pages []string, phrases ...string) {
	t.Helper()
	all := squash(strings.Join(pages, "\n"))
	for _, ph := range phrases {
		if strings.Contains(all, squash(ph)) {
			t.Errorf("the PDF must not contain %q", ph)
		}
	}
}

// TestAgreementPDF prints the same agreement in both languages and reads
// back every detail the standard form holds, in the language asked for,
// with the approvals of the current version and blank lines for the
// parties still to sign. The PDFs are saved for a person to look at.
func TestAgreementPDF(t *testing.T) {
	t.Parallel()
	a := minorAwaiting(t)
	planned := strconv.Itoa(a.PlannedHours())
	cases := []struct {
		lang    string
		phrases []string
	}{
		{"kk", []string{
			"Дуальды оқыту туралы ШАРТ", "№ 1042", "Жасалған күні: 20.08.2025", "№ 2 редакция",
			"Қазақстан Республикасы Еңбек кодексінің 119-бабына", "«Білім туралы» Қазақстан Республикасы Заңының 17-бабының 6-тармағына",
			"Алматы политехникалық колледжі", "БСН", "990340001015", "Алматы, Абай даңғылы 1",
			"«Алматы Энерго Сервис» ЖШС", "050440007771", "Алматы, Жібек жолы 50",
			"Әбілқасымова Айгерім Нұрланқызы", "ЖСН", a.StudentIIN, "Туған күні", "15.03.2008", "ПО-23-1",
			"4S06130103 «Бағдарламалық қамтамасыз етуді әзірлеуші»",
			"1.4. Білім алушының заңды өкілі", "Әбілқасымова Гүлжаһан Өмірзаққызы",
			"01.09.2025 – 30.06.2026", "дүйсенбі, сәрсенбі, жұма", "3.3. Кәсіпорындағы аптасына сағат саны 24",
			planned + " сағ. (44 апта × 24 сағ.)", "Электромонтёр-стажёр, подстанция № 3", "Һадиев Ұлан Ғалымұлы",
			"айына 85 000 теңге", "айына 7 000 теңге", "кемінде 60 пайызы Кәсіпорында",
			"4.1. Білім беру ұйымы:", "4.2. Кәсіпорын:", "4.3. Білім алушы:",
			"Күйі: Тараптардың келісуін күтуде.", "Келісімдер шарттың № 2 редакциясына қатысты.",
			"Алдыңғы редакциялардың келісімдері шарт талаптарының өзгеруіне байланысты күшін жойды.",
			"Келісілді: Сәрсенбаев Қайрат", "25.08.2025 09:10 (UTC+5)", "Келісілді: Ким Виктор Сергеевич", "25.08.2025 11:45 (UTC+5)",
			"(қолы, тегі және аты-жөнінің бас әріптері)",
		}},
		{"ru", []string{
			"ДОГОВОР о дуальном обучении", "№ 1042", "Дата составления: 20.08.2025", "Редакция № 2",
			"статьёй 119 Трудового кодекса Республики Казахстан", "пунктом 6 статьи 17 Закона Республики Казахстан «Об образовании»",
			"Алматинский политехнический колледж", "БИН", "990340001015", "Алматы, Абай даңғылы 1",
			"ТОО «Алматы Энерго Сервис»", "050440007771",
			"Әбілқасымова Айгерім Нұрланқызы", "ИИН", a.StudentIIN, "Дата рождения", "15.03.2008", "ПО-23-1",
			"4S06130103 «Разработчик программного обеспечения»",
			"с согласия законного представителя (Әбілқасымова Гүлжаһан Өмірзаққызы)",
			"с 01.09.2025 по 30.06.2026", "понедельник, среда, пятница", "3.3. Часов в неделю на Предприятии 24",
			planned + " ч (44 нед. × 24 ч)", "Электромонтёр-стажёр, подстанция № 3", "Һадиев Ұлан Ғалымұлы",
			"85 000 тенге в месяц", "7 000 тенге в месяц", "не менее 60 процентов",
			"4.1. Организация образования обязуется:", "4.2. Предприятие обязуется:", "4.3. Обучающийся обязуется:",
			"Статус: ожидает согласования Сторон.", "Согласования относятся к редакции № 2.",
			"Согласования предыдущих редакций аннулированы",
			"Согласовано: Сәрсенбаев Қайрат", "25.08.2025 09:10 (UTC+5)", "Согласовано: Ким Виктор Сергеевич",
			"(подпись, фамилия и инициалы)",
		}},
	}
	dir := testkit.ArtifactsDir(t)
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			b, pdf := render(t, a, c.lang)
			pages := pdf.text(t)
			expectText(t, pages, c.phrases...)
			// The student and the guardian have not approved version 2:
			// their old approval is not shown as if it counted.
			lacksText(t, pages, "Әбілқасымова Айгерім 22.08.2025", "21.08.2025")
			// Every page has its number out of the real total.
			if len(pages) < 2 {
				t.Fatalf("the agreement fits on %d page; the standard form's content takes more", len(pages))
			}
			for i, p := range pages {
				want := map[string]string{
					"kk": strconv.Itoa(i+1) + "-бет, барлығы " + strconv.Itoa(len(pages)),
					"ru": "Страница " + strconv.Itoa(i+1) + " из " + strconv.Itoa(len(pages)),
				}[c.lang]
				expectText(t, []string{p}, want)
				if strings.Contains(p, "{nb}") {
					t.Errorf("page %d shows the page-count placeholder", i+1)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, "agreement."+c.lang+".pdf"), b, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestAgreementPDFPrintsKazakhLetters: every Kazakh letter, upper and
// lower case, is drawn from a real glyph of the embedded font (not the
// "missing glyph" box), and the text carries each as its Unicode code, so
// it can be searched and copied. A font without these letters, or a font
// that is not embedded, fails here.
func TestAgreementPDFPrintsKazakhLetters(t *testing.T) {
	t.Parallel()
	a := minorAwaiting(t)
	a.Position = "Әліпби: АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
	for _, lang := range document.Languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			_, pdf := render(t, a, lang)
			expectText(t, pdf.text(t), a.Position)
			fonts := pdf.unicodeFonts(t)
			if len(fonts) != 2 {
				t.Fatalf("%d Unicode fonts embedded, want the regular and the bold face: %v", len(fonts), fonts)
			}
			for name, f := range fonts {
				if !bytes.HasPrefix(f.file, []byte{0, 1, 0, 0}) {
					t.Errorf("%s: the embedded font file is not TrueType: % x", name, f.file[:min(len(f.file), 4)])
				}
				if !strings.Contains(f.fileDict, "/Length1 "+strconv.Itoa(len(f.file))) {
					t.Errorf("%s: /Length1 does not match the font file's %d bytes: %s", name, len(f.file), f.fileDict)
				}
			}
			regular, ok := fonts["utf8dejavu"]
			if !ok {
				t.Fatalf("the regular face is not embedded: %v", fonts)
			}
			for _, r := range kazakhLetters {
				if regular.glyph(r) == 0 {
					t.Errorf("%c (U+%04X) has no glyph in the embedded font", r, r)
				}
			}
			// The check can fail: a letter the document does not use has
			// no glyph in the subset.
			if regular.glyph('Ꙗ') != 0 {
				t.Error("the subset maps a letter the document never prints; the glyph check proves nothing")
			}
		})
	}
}

// TestAgreementPDFStates: an adult's active agreement has no guardian and
// every party's approval; a terminated one gives the reason; a draft with
// nothing approved has a line to sign for each party.
func TestAgreementPDFStates(t *testing.T) {
	t.Parallel()
	adult := minorAwaiting(t)
	adult.StudentBirth = day(2005, 3, 15)
	adult.GuardianName = ""
	adult.Status, adult.ActiveOn = domain.AgreementActive, day(2025, 8, 26)
	adult.Approvals = append(adult.Approvals, domain.Approval{Party: domain.PartyStudent, Version: 2, Name: "Әбілқасымова Айгерім",
		At: time.Date(2025, 8, 26, 3, 0, 0, 0, time.UTC)})
	_, pdf := render(t, adult, "ru")
	pages := pdf.text(t)
	expectText(t, pages, "Статус: действует с 26.08.2025.", "Согласовано: Әбілқасымова Айгерім", "26.08.2025 08:00 (UTC+5)",
		"Договор вступает в силу со дня его согласования всеми Сторонами и действует по 30.06.2026 включительно.")
	lacksText(t, pages, "Законный представитель", "(подпись, фамилия и инициалы)", "с согласия законного представителя")

	ended := adult
	ended.Status, ended.EndedOn, ended.EndReason = domain.AgreementTerminated, day(2026, 1, 12), "Перевод на другое предприятие."
	_, pdf = render(t, ended, "kk")
	expectText(t, pdf.text(t), "Күйі: 12.01.2026 бұзылды. Себебі: Перевод на другое предприятие.")

	draft := minorAwaiting(t)
	draft.Status, draft.Version, draft.Approvals, draft.Mentor, draft.StipendTenge = domain.AgreementDraft, 1, nil, "", 0
	draft.PreviousID = 1001
	_, pdf = render(t, draft, "ru")
	pages = pdf.text(t)
	expectText(t, pages, "Статус: проект", "взамен договора № 1001", "3.6. Наставник от Предприятия не назначен",
		"3.7. Стипендия Обучающемуся не предусмотрена")
	lacksText(t, pages, "Согласовано:", "аннулированы")
	all := strings.Join(pages, "\n")
	if n := strings.Count(all, "(подпись, фамилия и инициалы)"); n != 4 {
		t.Errorf("%d lines to sign on, want 4: college, enterprise, student and guardian", n)
	}
}

// TestAgreementPDFMasked: a reader without personal-data rights gets the
// masked IIN and the year of birth only.
func TestAgreementPDFMasked(t *testing.T) {
	t.Parallel()
	a := minorAwaiting(t)
	full := a.StudentIIN
	a.StudentIIN, a.StudentBirth, a.Masked = domain.MaskIIN(full), day(2008, 1, 1), true
	_, pdf := render(t, a, "kk")
	pages := pdf.text(t)
	expectText(t, pages, "••••••••"+full[8:], "Туған жылы 2008")
	lacksText(t, pages, full, "01.01.2008")
}

// TestAgreementPDFUnprintable: what the font cannot print (an emoji, a
// control character) becomes U+FFFD instead of failing the download.
func TestAgreementPDFUnprintable(t *testing.T) {
	t.Parallel()
	a := minorAwaiting(t)
	a.Position = "Оператор 🚜 линии\x07 № 2\r\nсмена\tА"
	_, pdf := render(t, a, "ru")
	expectText(t, pdf.text(t), "Оператор \uFFFD линии\uFFFD № 2", "смена А")
}

// TestAgreementPDFSameBytes: a version prints the same bytes whenever it
// is downloaded.
func TestAgreementPDFSameBytes(t *testing.T) {
	t.Parallel()
	a := minorAwaiting(t)
	first, _ := render(t, a, "kk")
	second, _ := render(t, a, "kk")
	if !bytes.Equal(first, second) {
		t.Error("two prints of the same version differ")
	}
}

// TestAgreementPDFLanguage: only Kazakh and Russian; anything else is the
// caller's mistake, named by field, and nothing is written.
func TestAgreementPDFLanguage(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"en", "", "KK", "kz", "ru-RU"} {
		var b bytes.Buffer
		err := document.AgreementPDF(&b, minorAwaiting(t), lang)
		e, ok := err.(*domain.Error)
		if !ok || e.Code != domain.EINVALID || e.Field != "lang" || e.Key != "error.document.lang" {
			t.Errorf("lang %q: %v, want EINVALID about lang", lang, err)
		}
		if b.Len() != 0 {
			t.Errorf("lang %q: %d bytes written", lang, b.Len())
		}
	}
}

func BenchmarkAgreementPDF(b *testing.B) {
	t := &testing.T{}
	a := minorAwaiting(t)
	for b.Loop() {
		if err := document.AgreementPDF(io.Discard, a, "kk"); err != nil {
			b.Fatal(err)
		}
	}
}
