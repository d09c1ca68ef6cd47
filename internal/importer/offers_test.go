package importer_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// offerFixture adds two enterprises to the registry: X in Almaty and Y in
// Karaganda.
type offerFixture struct {
	*fixture
	binX, binY string
	entX, entY int64
}

func newOfferFixture(t *testing.T, st *store.Store) *offerFixture {
	t.Helper()
	f := &offerFixture{fixture: newFixture(t, st), binX: bin(t, "99204002020"), binY: bin(t, "99204002121"), entX: 50, entY: 51}
	ctx := context.Background()
	must(t, st.InsertEnterprises(ctx, []domain.Enterprise{
		{ID: f.entX, BIN: f.binX, Name: domain.Names{RU: "ТОО «Алматы Текстиль»"}, RegionID: 75, CityID: 1, Industry: "C"},
		{ID: f.entY, BIN: f.binY, Name: domain.Names{RU: "ТОО «Карагандинский спорткомплекс»"}, RegionID: 35, CityID: 5, Industry: "R"},
	}))
	must(t, st.FinishLoad(ctx))
	return f
}

// The header of an offers file in each language.
var offerHeaders = map[string][]string{
	"ru": {"БИН предприятия", "Номер", "Код квалификации", "Город", "Количество мест", "Дата начала", "Дата окончания", "Дни",
		"Часов в неделю", "Требования", "Стипендия", "Целевая подготовка", "БИН колледжа"},
	"kk": {"Кәсіпорынның БСН", "Нөмірі", "Біліктілік коды", "Қала", "Орын саны", "Басталу күні", "Аяқталу күні", "Күндер",
		"Аптасына сағат", "Талаптар", "Шәкіртақы", "Мақсатты даярлау", "Колледж БСН"},
	"en": {"Enterprise BIN", "Reference", "Qualification code", "City", "Capacity", "Start date", "End date", "Weekdays",
		"Hours per week", "Requirements", "Stipend", "Reserved", "Partner college BIN"},
}

// offerRows are three clean offers, in Russian letters (which Windows-1251
// holds): two of X in Almaty, one of Y in Karaganda reserved for targeted
// training.
func (f *offerFixture) offerRows() [][]string {
	return [][]string{
		{f.binX, "V-2025/01", "4S02120203", "Алматы", "5", "01.09.2025", "31.05.2026", "пн-пт", "20",
			"Знание швейного оборудования; аккуратность", "60 000", "нет", f.binA},
		{f.binX, "V-2025/02", "4s02120203", "г. Алматы", "2", "01.09.2025", "31.12.2025", "Пн, Ср, Пт", "12", "", "", "", ""},
		{f.binY, "17", "4S01140503", "Караганда", "3", "15.01.2026", "15.06.2026", "135", "24", "", "0", "да", ""},
	}
}

// offersOf are an enterprise's offers by reference.
func offersOf(t *testing.T, st *store.Store, enterprise int64) map[string]domain.Offer {
	t.Helper()
	list, err := st.Offers(context.Background(), domain.OfferFilter{EnterpriseID: enterprise, Page: domain.Page{Size: 100}})
	must(t, err)
	out := map[string]domain.Offer{}
	for _, o := range list.Items {
		out[o.Ref] = o
	}
	return out
}

// offerCount is how many offers the registry has.
func offerCount(t *testing.T, st *store.Store) int {
	t.Helper()
	list, err := st.Offers(context.Background(), domain.OfferFilter{Page: domain.Page{Size: 1}})
	must(t, err)
	return list.Total
}

// TestImportOffersFormats imports a clean offers file as Excel saves it on
// a Russian Windows (Windows-1251, semicolons), as CSV UTF-8 with Kazakh
// headers and as a workbook with English headers: the offers come in as
// drafts, placed in the region of their city, and the same file again
// changes nothing and audits nothing but the import.
func TestImportOffersFormats(t *testing.T) {
	for _, format := range []string{"cp1251", "utf8bom", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
				f := newOfferFixture(t, st)
				rows := f.offerRows()
				var path string
				switch format {
				case "cp1251":
					path = writeCP1251(t, "предложения.csv", append([][]string{offerHeaders["ru"]}, rows...))
				case "utf8bom":
					rows[1][7] = "дс, ср, жм"
					path = writeUTF8BOM(t, "ұсыныстар.csv", ',', append([][]string{offerHeaders["kk"]}, rows...))
				case "xlsx":
					rows[1][7] = "Mon, Wed, Fri"
					path = writeXLSX(t, "offers.xlsx", asExcel(append([][]string{offerHeaders["en"]}, rows...)))
				}
				wantCounts(t, mustImport(t, st, domain.ImportOffers, path), 3, 3, 0, 0)

				x := offersOf(t, st, f.entX)
				first, second := x["V-2025/01"], x["V-2025/02"]
				if len(x) != 2 || first.Status != domain.OfferDraft || first.RegionID != 75 || first.CityID != 1 ||
					first.CollegeID != f.collegeA || first.Capacity != 5 || first.Weekdays.String() != "12345" ||
					first.HoursPerWeek != 20 || first.StipendTenge != 60000 || first.Reserved ||
					first.Requirements != "Знание швейного оборудования; аккуратность" ||
					first.StartsOn.Format(time.DateOnly) != "2025-09-01" || first.EndsOn.Format(time.DateOnly) != "2026-05-31" {
					t.Errorf("X's first offer: %+v", first)
				}
				if second.QualificationCode != "4S02120203" || second.CityID != 1 || second.CollegeID != 0 ||
					second.Weekdays.String() != "135" || second.StipendTenge != 0 || second.Status != domain.OfferDraft {
					t.Errorf("X's second offer: %+v", second)
				}
				y := offersOf(t, st, f.entY)["17"]
				if y.RegionID != 35 || !y.Reserved || y.Weekdays.String() != "135" || y.HoursPerWeek != 24 || y.Status != domain.OfferDraft {
					t.Errorf("Y's offer: %+v", y)
				}

				wantCounts(t, mustImport(t, st, domain.ImportOffers, path), 3, 0, 0, 3)
				if n := offerCount(t, st); n != 3 {
					t.Errorf("%d offers after the same file twice, want 3", n)
				}
				if n := auditEntries(t, st, "import"); n != 2 {
					t.Errorf("%d import entries in the audit log, want 2", n)
				}
				if n := auditEntries(t, st, "import_update"); n != 0 {
					t.Errorf("%d records audited as updated, want 0", n)
				}
			})
		})
	}
}

// TestImportOffersChanges: a later list updates the drafts and the offers
// referred back (which stay referred), keeps what its missing columns
// hold, passes over the submitted ones it repeats as they are, and is
// refused whole for a row that would change an open offer.
func TestImportOffersChanges(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		f := newOfferFixture(t, st)
		ctx := context.Background()
		wantCounts(t, mustImport(t, st, domain.ImportOffers,
			writeCP1251(t, "first.csv", append([][]string{offerHeaders["ru"]}, f.offerRows()...))), 3, 3, 0, 0)
		referred, open := offersOf(t, st, f.entX)["V-2025/02"], offersOf(t, st, f.entY)["17"]
		must(t, st.SubmitOffer(ctx, referred.ID))
		must(t, st.ReferOffer(ctx, referred.ID, "Укажите требования к студентам"))
		must(t, st.SubmitOffer(ctx, open.ID))
		must(t, st.ApproveOffer(ctx, open.ID))
		must(t, st.OpenOffer(ctx, open.ID))

		// No requirements, stipend, reservation or college columns: the
		// stored values stay.
		header := []any{"Enterprise BIN", "Reference", "Qualification code", "City", "Capacity", "Start date", "End date", "Weekdays", "Hours per week"}
		sep1, may31 := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 5, 31, 0, 0, 0, 0, time.UTC)
		second := writeXLSX(t, "second.xlsx", [][]any{header,
			{f.binX, "V-2025/01", "4S02120203", "Almaty", 8, sep1, may31, "Mon–Fri", 20},
			{f.binX, "V-2025/02", "4S02120203", "Almaty", 2, sep1, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), "1,3,5", 16},
			{f.binY, 17, "4S01140503", "Karagandy", 3, time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC), "135", 24},
			{f.binX, "V-2025/03", "4S02120203", "Қонаев", 1, sep1, may31, "сб", 8},
		})
		wantCounts(t, mustImport(t, st, domain.ImportOffers, second), 4, 1, 2, 1)

		x := offersOf(t, st, f.entX)
		if o := x["V-2025/01"]; o.Capacity != 8 || o.StipendTenge != 60000 || o.CollegeID != f.collegeA || o.Status != domain.OfferDraft ||
			o.Requirements != "Знание швейного оборудования; аккуратность" {
			t.Errorf("the updated draft: %+v", o)
		}
		if o := x["V-2025/02"]; o.HoursPerWeek != 16 || o.Status != domain.OfferReferred || o.ReferralReason != "Укажите требования к студентам" {
			t.Errorf("the updated referred offer: %+v", o)
		}
		if o := x["V-2025/03"]; o.RegionID != 19 || o.Weekdays.String() != "6" || o.Status != domain.OfferDraft {
			t.Errorf("the new offer: %+v", o)
		}
		if o := offersOf(t, st, f.entY)["17"]; o.Status != domain.OfferOpen || o.Capacity != 3 {
			t.Errorf("the open offer: %+v", o)
		}
		entries, err := st.Audit(ctx, domain.AuditFilter{RecordType: "offer", Page: domain.Page{Size: 20}})
		must(t, err)
		updates := map[string]map[string]any{}
		for _, e := range entries.Items {
			if e.Action == "import_update" {
				updates[e.RecordID] = jsonObject(t, e.After)
				if e.Login != "cli" || e.RegionID != 75 {
					t.Errorf("audit of an imported update: %+v", e)
				}
				if before := jsonObject(t, e.Before); e.RecordID == strconv.FormatInt(x["V-2025/01"].ID, 10) && before["capacity"] != 5.0 {
					t.Errorf("before the update: %s", e.Before)
				}
			}
		}
		if len(updates) != 2 || updates[strconv.FormatInt(x["V-2025/01"].ID, 10)]["capacity"] != 8.0 || updates[strconv.FormatInt(x["V-2025/02"].ID, 10)]["hours_per_week"] != 16.0 {
			t.Errorf("audit of the updates: %v", updates)
		}

		// More places on the open offer: refused, and nothing else of the
		// file is written either.
		third := writeCP1251(t, "third.csv", [][]string{offerHeaders["ru"][:9],
			{f.binX, "V-2025/01", "4S02120203", "Алматы", "9", "01.09.2025", "31.05.2026", "пн-пт", "20"},
			{f.binY, "17", "4S01140503", "Караганда", "4", "15.01.2026", "15.06.2026", "135", "24"},
		})
		_, err = runFile(cli, t, st, domain.ImportOffers, third, false)
		wantProblems(t, problems(t, err, "ru"), []string{
			"3: Номер: Предложение 17 открыто для заявок и больше не меняется: для новых условий закройте его и укажите новый номер.",
		})
		wantProblems(t, problems(t, err, "kk"), []string{
			"3: Номер: 17 ұсынысы бойынша өтінімдер қабылдануда, ол енді өзгермейді: жаңа шарттар үшін оны жауып, жаңа нөмір беріңіз.",
		})
		if o := offersOf(t, st, f.entX)["V-2025/01"]; o.Capacity != 8 {
			t.Errorf("a refused file changed a draft: %+v", o)
		}
	})
}

// TestImportOffersBadRows: a file with mistakes writes nothing and lists
// every one with its line and column; a dry run finds the same, and of a
// clean file counts what the import would do and writes nothing.
func TestImportOffersBadRows(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		f := newOfferFixture(t, st)
		unknownEnterprise, unknownCollege := bin(t, "99214002222"), bin(t, "99214002323")
		row := func(ref string) []string {
			return []string{f.binX, ref, "4S02120203", "Алматы", "5", "01.09.2025", "31.05.2026", "пн-пт", "20", "", "", "", ""}
		}
		with := func(r []string, column int, value string) []string {
			r[column] = value
			return r
		}
		bad := writeCP1251(t, "плохой.csv", [][]string{offerHeaders["ru"],
			row("V-1"),
			with(row("V-2"), 0, wrongCheckDigit(f.binX)),
			with(row("V-3"), 2, "4S99999999"),
			with(row("V-4"), 3, "Марс"),
			with(row("V-5"), 6, "31.08.2025"),
			row("V-1"),
			with(row("V-7"), 0, unknownEnterprise),
			with(with(row("V-8"), 7, "пн-ХХ"), 4, "0"),
			with(with(row("V-9"), 10, "много"), 11, "может быть"),
			with(row("V-10"), 12, unknownCollege),
			with(row("V-11"), 8, "45"),
		})
		_, err := runFile(cli, t, st, domain.ImportOffers, bad, false)
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("want EINVALID, got %v", err)
		}
		wantProblems(t, problems(t, err, "ru"), []string{
			"3: БИН предприятия: Неверная контрольная цифра БИН: проверьте номер на опечатку.",
			"4: Код квалификации: В классификаторе нет кода 4S99999999.",
			"5: Город: В реестре нет города «Марс»: укажите город или посёлок, где проходит практика.",
			"6: Дата окончания: Период должен заканчиваться позже начала и не быть длиннее допустимого.",
			"7: Номер: Предложение V-1 этого предприятия есть и в строке 2: оставьте одну из двух строк.",
			"8: БИН предприятия: В реестре нет предприятия с БИН " + unknownEnterprise + ".",
			"9: Дни: «пн-ХХ» — не список дней: напишите, например, пн-пт, пн, ср, пт или 135 (1 — понедельник).",
			"9: Количество мест: Количество мест — от 1 до 1000.",
			"10: Стипендия: Укажите сумму в тенге, 0 или больше.",
			"10: Целевая подготовка: «может быть» — не из списка: yes (да, иә); no (нет, жоқ).",
			"11: БИН колледжа: В реестре нет колледжа с БИН " + unknownCollege + ".",
			"12: Часов в неделю: Часов в неделю — от 1 до 40, не более 8 в день.",
		})
		if n := offerCount(t, st); n != 0 {
			t.Errorf("a file with mistakes wrote %d offers", n)
		}
		if n := auditEntries(t, st, "import"); n != 0 {
			t.Errorf("%d import entries for a file that failed", n)
		}

		_, dry := runFile(cli, t, st, domain.ImportOffers, bad, true)
		wantProblems(t, problems(t, dry, "en"), problems(t, err, "en"))
		clean := writeCP1251(t, "clean.csv", [][]string{offerHeaders["ru"], row("V-1"), row("V-2")})
		res, err := runFile(cli, t, st, domain.ImportOffers, clean, true)
		must(t, err)
		wantCounts(t, res, 2, 2, 0, 0)
		if n := offerCount(t, st); n != 0 || !res.DryRun || auditEntries(t, st, "import") != 0 {
			t.Errorf("a dry run wrote %d offers", n)
		}
		wantCounts(t, mustImport(t, st, domain.ImportOffers, clean), 2, 2, 0, 0)
	})
}

// TestImportOffersScope: an enterprise imports its own offers only, a
// regional department the offers at sites in its region, the ministry
// any; other roles may not import offers at all.
func TestImportOffersScope(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		f := newOfferFixture(t, st)
		svc := guarded(st)
		hrX := testkit.As(testkit.NewUser(t, st, domain.User{Role: domain.RoleEnterprise, EnterpriseID: f.entX}))
		karaganda := testkit.As(testkit.NewUser(t, st, domain.User{Role: domain.RoleRegion, RegionID: 35}))
		ministry := testkit.As(testkit.NewUser(t, st, domain.User{Role: domain.RoleMinistry}))
		rows := f.offerRows()

		both := writeCP1251(t, "both.csv", [][]string{offerHeaders["ru"], rows[0], rows[2]})
		_, err := runFile(hrX, t, svc, domain.ImportOffers, both, false)
		wantProblems(t, problems(t, err, "ru"), []string{"3: БИН предприятия: Эта строка вне вашей зоны ответственности."})
		own := writeCP1251(t, "own.csv", [][]string{offerHeaders["ru"], rows[0], rows[1]})
		res, err := runFile(hrX, t, svc, domain.ImportOffers, own, false)
		must(t, err)
		wantCounts(t, res, 2, 2, 0, 0)
		entries, err := st.Audit(context.Background(), domain.AuditFilter{RecordType: "import", Page: domain.Page{Size: 10}})
		must(t, err)
		if len(entries.Items) != 1 || entries.Items[0].Login != "enterprise-user" {
			t.Errorf("the enterprise's import in the audit log: %+v", entries.Items)
		}

		// Karaganda's department: sites in Karaganda only, and not an
		// offer stored at a site elsewhere, moved there.
		_, err = runFile(karaganda, t, svc, domain.ImportOffers, both, false)
		wantProblems(t, problems(t, err, "en"), []string{"2: Город: This row is outside your scope."})
		moved := writeCP1251(t, "moved.csv", [][]string{offerHeaders["ru"], rows[2],
			{f.binX, "V-2025/01", "4S02120203", "Темиртау", "5", "01.09.2025", "31.05.2026", "пн-пт", "20", "", "", "", ""}})
		_, err = runFile(karaganda, t, svc, domain.ImportOffers, moved, false)
		wantProblems(t, problems(t, err, "en"), []string{"3: Номер: Offer V-2025/01 is at a site outside your scope: it can be changed only there."})
		res, err = runFile(karaganda, t, svc, domain.ImportOffers, writeCP1251(t, "y.csv", [][]string{offerHeaders["ru"], rows[2]}), false)
		must(t, err)
		wantCounts(t, res, 1, 1, 0, 0)

		res, err = runFile(ministry, t, svc, domain.ImportOffers, moved, false)
		must(t, err)
		wantCounts(t, res, 2, 0, 1, 1)
		if o := offersOf(t, st, f.entX)["V-2025/01"]; o.RegionID != 35 {
			t.Errorf("the offer the ministry moved: %+v", o)
		}

		college := testkit.As(testkit.NewUser(t, st, domain.User{Role: domain.RoleCollege, CollegeID: f.collegeA}))
		auditor := testkit.As(testkit.NewUser(t, st, domain.User{Role: domain.RoleAuditor, ExpiresAt: time.Now().Add(time.Hour)}))
		for name, ctx := range map[string]context.Context{"college": college, "auditor": auditor} {
			if _, err := runFile(ctx, t, svc, domain.ImportOffers, own, false); domain.ErrorCode(err) != domain.EFORBIDDEN {
				t.Errorf("%s imports offers: %v", name, err)
			}
		}
		if _, err := runFile(context.Background(), t, svc, domain.ImportOffers, own, false); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("the public imports offers: %v", err)
		}
	})
}
