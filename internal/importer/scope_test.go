package importer_test

import (
	"context"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestImportScope: an import touches only records within the importing
// user's scope, and says which rows are outside it instead of skipping
// them; roles the policy does not allow are refused outright.
func TestImportScope(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		r := newFixture(t, st)
		must(t, st.InsertEnterprises(context.Background(), []domain.Enterprise{{ID: 40, BIN: bin(t, "99104001010"),
			Name: domain.Names{RU: "ТОО «Тест»"}, RegionID: 71, CityID: 2, Industry: "C"}}))
		must(t, st.FinishLoad(context.Background()))
		astana := testkit.As(testkit.NewUser(t, st, domain.User{Role: domain.RoleRegion, RegionID: 71}))
		collegeA := testkit.As(testkit.NewUser(t, st, domain.User{Role: domain.RoleCollege, CollegeID: r.collegeA}))
		hr := testkit.As(testkit.NewUser(t, st, domain.User{Role: domain.RoleEnterprise, EnterpriseID: 40}))
		auditor := testkit.As(testkit.NewUser(t, st, domain.User{Role: domain.RoleAuditor, ExpiresAt: time.Now().Add(time.Hour)}))
		svc := guarded(st)

		header := []string{"ИИН", "Фамилия", "Имя", "БИН колледжа", "Группа", "Финансирование", "Дата зачисления"}
		atB := iin(t, "080315", false, 1001)
		students := writeCP1251(t, "students.csv", [][]string{header,
			{atB, "Ахметов", "Ерлан", r.binB, groupSport, "госзаказ", "01.09.2024"},
			{iin(t, "080316", false, 1002), "Оспанов", "Данияр", r.binA, groupDesign, "госзаказ", "01.09.2024"},
		})
		before := registryCounts(t, st)
		_, err := runFile(astana, t, svc, domain.ImportStudents, students, false)
		wantProblems(t, problems(t, err, "ru"), []string{"3: БИН колледжа: Эта строка вне вашей зоны ответственности."})
		_, err = runFile(collegeA, t, svc, domain.ImportStudents, students, false)
		wantProblems(t, problems(t, err, "en"), []string{"2: БИН колледжа: This row is outside your scope."})
		if after := registryCounts(t, st); after != before {
			t.Errorf("refused imports changed the registry: %+v, then %+v", before, after)
		}

		// The ministry imports both; then the student at college B shows
		// up in college A's list: moving them is college B's to record.
		res, err := runFile(testkit.As(testkit.NewUser(t, st, domain.User{Role: domain.RoleMinistry})), t, svc, domain.ImportStudents, students, false)
		must(t, err)
		wantCounts(t, res, 2, 2, 0, 0)
		transfer := writeCP1251(t, "transfer.csv", [][]string{header,
			{atB, "Ахметов", "Ерлан", r.binA, groupDesign, "госзаказ", "01.09.2024"},
			{iin(t, "080317", true, 1003), "Ким", "Анна", r.binA, groupDesign, "платное", "01.09.2024"},
		})
		_, err = runFile(collegeA, t, svc, domain.ImportStudents, transfer, false)
		wantProblems(t, problems(t, err, "kk"), []string{"2: ИИН: " + atB + " сіздің жауапкершілік аймағыңыздан тыс тіркелген: жазбаны тек сол жерде өзгертуге болады."})
		own := writeCP1251(t, "own.csv", [][]string{header,
			{iin(t, "080317", true, 1003), "Ким", "Анна", r.binA, groupDesign, "платное", "01.09.2024"},
		})
		res, err = runFile(collegeA, t, svc, domain.ImportStudents, own, false)
		must(t, err)
		wantCounts(t, res, 1, 1, 0, 0)
		entries, err := st.Audit(context.Background(), domain.AuditFilter{RecordType: "import", CollegeID: r.collegeA, Page: domain.Page{Size: 10}})
		must(t, err)
		if len(entries.Items) != 1 || entries.Items[0].Login != "college-user" {
			t.Errorf("the college's import in the audit log: %+v", entries.Items)
		}

		// A regional department: colleges of its region only, and not a
		// college registered in another region.
		colleges := writeUTF8BOM(t, "colleges.csv", ';', [][]string{
			{"БСН", "Атауы", "Наименование", "Облыс", "Қала", "Меншік нысаны"},
			{bin(t, "99114001111"), "Астана колледжі", "Астанинский колледж", "71", "", "мемлекеттік"},
			{bin(t, "99114001212"), "Алматы колледжі", "Алматинский колледж", "75", "", "мемлекеттік"},
			{r.binA, "Алматы дизайн колледжі", "Алматинский колледж дизайна", "71", "", "мемлекеттік"},
		})
		_, err = runFile(astana, t, svc, domain.ImportColleges, colleges, false)
		wantProblems(t, problems(t, err, "en"), []string{
			"3: Облыс: This row is outside your scope.",
			"4: БСН: " + r.binA + " is registered outside your scope: it can be changed only there.",
		})

		// Employment: a regional department records its colleges' people;
		// the ministry anyone.
		employment := writeUTF8BOM(t, "employment.csv", ',', [][]string{
			{"IIN", "Employer BIN", "Start date", "End date", "Position"},
			{atB, bin(t, "99124001313"), "01.07.2025", "", "Тренер"},
			{iin(t, "000101", false, 1), bin(t, "99124001313"), "01.07.2025", "", "Тренер"},
		})
		_, err = runFile(astana, t, svc, domain.ImportEmployment, employment, false)
		wantProblems(t, problems(t, err, "en"), []string{
			"3: IIN: " + iin(t, "000101", false, 1) + " is not a student or graduate of a college in your scope.",
		})
		res, err = runFile(cli, t, st, domain.ImportEmployment, employment, false)
		must(t, err)
		wantCounts(t, res, 2, 2, 0, 0)

		for name, ctx := range map[string]context.Context{"enterprise": hr, "auditor": auditor, "college": collegeA} {
			if _, err := runFile(ctx, t, svc, domain.ImportEmployment, employment, false); domain.ErrorCode(err) != domain.EFORBIDDEN {
				t.Errorf("%s imports employment: %v", name, err)
			}
		}
		if _, err := runFile(hr, t, svc, domain.ImportStudents, own, false); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("enterprise imports students: %v", err)
		}
		if _, err := runFile(context.Background(), t, svc, domain.ImportStudents, own, false); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("the public imports students: %v", err)
		}
	})
}

// TestImportEmploymentExtracts: a later extract of the register sets the
// end date of a contract that ended; the same contract twice in a file is
// a problem; the person and employer need not be in the registry.
func TestImportEmploymentExtracts(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		person, employer := iin(t, "040202", false, 3001), bin(t, "99134001414")
		header := []string{"ИИН", "БИН работодателя", "Дата начала", "Дата окончания", "Должность"}
		first := writeCP1251(t, "2025-01.csv", [][]string{header, {person, employer, "01.07.2024", "", "Сварщик"}})
		wantCounts(t, mustImport(t, st, domain.ImportEmployment, first), 1, 1, 0, 0)
		later := writeCP1251(t, "2025-06.csv", [][]string{header,
			{person, employer, "01.07.2024", "31.05.2025", "Сварщик"},
			{person, bin(t, "99134001515"), "02.06.2025", "", "Сварщик 5 разряда"},
		})
		wantCounts(t, mustImport(t, st, domain.ImportEmployment, later), 2, 1, 1, 0)
		wantCounts(t, mustImport(t, st, domain.ImportEmployment, later), 2, 0, 0, 2)
		entries, err := st.Audit(context.Background(), domain.AuditFilter{RecordType: "employment_record", Page: domain.Page{Size: 10}})
		must(t, err)
		if len(entries.Items) != 1 || jsonObject(t, entries.Items[0].Before)["ends_on"] != nil ||
			jsonObject(t, entries.Items[0].After)["ends_on"] != "2025-05-31" {
			t.Errorf("audit of the ended contract: %+v", entries.Items)
		}

		bad := writeCP1251(t, "bad.csv", [][]string{header,
			{person, employer, "01.07.2024", "31.05.2025", "Сварщик"},
			{person, employer, "01.07.2024", "30.06.2025", "Сварщик"},
			{person, employer, "01.09.2025", "31.08.2025", ""},
		})
		_, err = runFile(cli, t, st, domain.ImportEmployment, bad, false)
		wantProblems(t, problems(t, err, "ru"), []string{
			"3: Дата начала: Тот же договор (ИИН, БИН работодателя и дата начала) есть и в строке 2: оставьте одну из двух строк.",
			"4: Дата окончания: Дата окончания раньше даты начала.",
			"4: Должность: Ячейка пуста: заполните её.",
		})
	})
}
