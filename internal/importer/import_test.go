package importer_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/importer"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/tabular"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// kindFile is a clean file of one kind: its header in each language and
// its rows (in Russian letters, which Windows-1251 can hold).
type kindFile struct {
	kind       domain.ImportKind
	ru, kk, en []string
	rows       func(r *fixture) [][]string
	// stored checks what the registry holds after the import.
	stored func(t *testing.T, r *fixture)
}

func kindFiles(t *testing.T) []kindFile {
	return []kindFile{
		{kind: domain.ImportColleges,
			ru: []string{"БИН", "Наименование на казахском языке", "Наименование на русском языке", "Регион", "Город", "Форма собственности", "Адрес"},
			kk: []string{"БСН", "Атауы (қаз)", "Атауы (орыс)", "Облыс", "Қала", "Меншік нысаны", "Мекенжай"},
			en: []string{"BIN", "Name (kk)", "Name (ru)", "Region", "City", "Ownership", "Address"},
			rows: func(r *fixture) [][]string {
				return [][]string{
					{bin(t, "99054000303"), "Кокшетау колледжи", "Кокшетауский политехнический колледж", "Акмолинская область", "Кокшетау", "государственная", "ул. Абая, 1"},
					{bin(t, "99054000404"), "Шымкент колледжи", "Шымкентский колледж сервиса", "79", "", "частная", `ул. Байтурсынова, 5, "Бизнес-центр"`},
					{bin(t, "99054000505"), "Алматы колледжи", "Алматинский колледж связи", "г. Алматы", "Алматы", "state", "пр. Абая, 10"},
				}
			},
			stored: func(t *testing.T, r *fixture) {
				list, err := r.st.Colleges(context.Background(), domain.CollegeFilter{RegionID: 11})
				must(t, err)
				if list.Total != 1 || list.Items[0].Name.RU != "Кокшетауский политехнический колледж" || list.Items[0].Ownership != "state" {
					t.Errorf("Akmola's colleges: %+v", list.Items)
				}
			}},
		{kind: domain.ImportEnterprises,
			ru: []string{"БИН", "Наименование", "Регион", "Город", "ОКЭД", "Численность работников"},
			kk: []string{"БСН", "Атауы (орыс)", "Өңір", "Елді мекен", "ЭҚЖЖ", "Қызметкерлер саны"},
			en: []string{"BIN", "Name (ru)", "Region", "City", "Industry", "Employees"},
			rows: func(r *fixture) [][]string {
				return [][]string{
					{bin(t, "99064000505"), "ТОО «Карагандинский машзавод»", "35", "Караганда", "28.22", "1200"},
					{bin(t, "99064000606"), "АО «Астана Софт»", "KZ-71", "", "J", "85"},
				}
			},
			stored: func(t *testing.T, r *fixture) {
				list, err := r.st.Enterprises(context.Background(), domain.EnterpriseFilter{RegionID: 35})
				must(t, err)
				if list.Total != 1 || list.Items[0].Industry != "C" || list.Items[0].Employees != 1200 {
					t.Errorf("Karaganda's enterprises: %+v", list.Items)
				}
			}},
		{kind: domain.ImportStudents,
			ru: []string{"ИИН", "Фамилия", "Имя", "Отчество", "Дата рождения", "Пол", "БИН колледжа", "Группа", "Код специальности", "Код квалификации", "Финансирование", "Статус", "Телефон", "Дата зачисления"},
			kk: []string{"ЖСН", "Тегі", "Аты", "Әкесінің аты", "Туған күні", "Жынысы", "Колледж БСН", "Топ", "Мамандық коды", "Біліктілік коды", "Қаржыландыру", "Мәртебесі", "Телефон", "Қабылданған күні"},
			en: []string{"IIN", "Last name", "First name", "Middle name", "Birth date", "Sex", "College BIN", "Group", "Specialty code", "Qualification code", "Funding", "Status", "Phone", "Enrolled on"},
			rows: func(r *fixture) [][]string {
				return [][]string{
					// A specialty code whose leading zero Excel dropped.
					{iin(t, "080315", false, 1001), "Ахметов", "Ерлан", "Серикович", "15.03.2008", "м", r.binA, groupDesign, "2120200", "4S02120203", "госзаказ", "обучается", "+7 701 111 22 33", "01.09.2024"},
					{iin(t, "071130", true, 1002), "Иванова", "Мария", "", "", "ж", r.binA, groupPrimary, "01140100", "", "платное", "", "+7 702 000 00 00; доб. 5", "25.08.2024"},
					{iin(t, "080101", true, 1003), "Ким", "Анна", "Викторовна", "2008-01-01", "", r.binB, groupSport, "", "", "целевое", "академический отпуск", "", "2024-09-01"},
				}
			},
			stored: func(t *testing.T, r *fixture) {
				list, err := r.st.Students(context.Background(), domain.StudentFilter{CollegeID: r.collegeA})
				must(t, err)
				if list.Total != 2 {
					t.Fatalf("college A's students: %+v", list.Items)
				}
				for _, s := range list.Items {
					if s.Name.Last == "Иванова" && (s.Funding != "paid" || s.Status != "studying" || s.Sex != "F" || s.Phone != "+7 702 000 00 00; доб. 5" ||
						s.BirthDate.Format(time.DateOnly) != "2007-11-30" || s.GroupCode != groupPrimary) {
						t.Errorf("Иванова: %+v", s)
					}
				}
			}},
		{kind: domain.ImportTeachers,
			ru: []string{"ИИН", "Фамилия", "Имя", "Отчество", "БИН колледжа", "Должность", "Телефон", "Дата приёма на работу"},
			kk: []string{"ЖСН", "Тегі", "Аты", "Әкесінің аты", "Колледж БСН", "Лауазымы", "Телефон", "Жұмысқа қабылданған күні"},
			en: []string{"IIN", "Last name", "First name", "Middle name", "College BIN", "Position", "Phone", "Hired on"},
			rows: func(r *fixture) [][]string {
				return [][]string{
					{iinOf(t, time.Date(1979, 4, 12, 0, 0, 0, 0, time.UTC), false, 2001), "Сейткалиев", "Болат", "Маратович", r.binA, "мастер производственного обучения", "", "30.08.2010"},
					{iinOf(t, time.Date(1985, 6, 20, 0, 0, 0, 0, time.UTC), true, 2002), "Петрова", "Ольга", "", r.binB, "преподаватель", "+7 705 123 45 67", "01.09.2015"},
				}
			},
			stored: func(t *testing.T, r *fixture) {
				list, err := r.st.Teachers(context.Background(), domain.TeacherFilter{CollegeID: r.collegeB})
				must(t, err)
				if list.Total != 1 || list.Items[0].Position != "teacher" || list.Items[0].Sex != "F" {
					t.Errorf("college B's teachers: %+v", list.Items)
				}
			}},
		{kind: domain.ImportEmployment,
			ru: []string{"ИИН", "БИН работодателя", "Дата начала", "Дата окончания", "Должность"},
			kk: []string{"ЖСН", "Жұмыс берушінің БСН", "Басталған күні", "Аяқталған күні", "Лауазымы"},
			en: []string{"IIN", "Employer BIN", "Start date", "End date", "Position"},
			rows: func(r *fixture) [][]string {
				person := iin(t, "040202", false, 3001)
				return [][]string{
					{person, bin(t, "99074000707"), "01.07.2024", "31.12.2024", "Сварщик"},
					{person, bin(t, "99074000808"), "15.01.2025", "", "Сварщик 4 разряда"},
				}
			},
			stored: func(t *testing.T, r *fixture) {}},
	}
}

// TestImportFormats imports a clean file of every kind, as Excel saves it
// on a Russian Windows (Windows-1251 with semicolons, Russian headers), as
// CSV UTF-8 (a byte-order mark, commas, Kazakh headers) and as a workbook
// (English headers, dates as date cells, codes Excel took for numbers);
// the same file again changes nothing and audits nothing but the import.
func TestImportFormats(t *testing.T) {
	for _, kf := range kindFiles(t) {
		for _, format := range []string{"cp1251", "utf8bom", "xlsx"} {
			t.Run(string(kf.kind)+"/"+format, func(t *testing.T) {
				testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
					r := newFixture(t, st)
					rows := kf.rows(r)
					var path string
					switch format {
					case "cp1251":
						path = writeCP1251(t, "list.csv", append([][]string{kf.ru}, rows...))
					case "utf8bom":
						path = writeUTF8BOM(t, "list.csv", ',', append([][]string{kf.kk}, rows...))
					case "xlsx":
						path = writeXLSX(t, "list.xlsx", asExcel(append([][]string{kf.en}, rows...)))
					}
					before := registryCounts(t, st)
					wantCounts(t, mustImport(t, st, kf.kind, path), len(rows), len(rows), 0, 0)
					kf.stored(t, r)
					after := registryCounts(t, st)
					wantCounts(t, mustImport(t, st, kf.kind, path), len(rows), 0, 0, len(rows))
					if again := registryCounts(t, st); again != after {
						t.Errorf("the same file again changed the registry: %+v, then %+v", after, again)
					}
					if after == before && kf.kind != domain.ImportEmployment {
						t.Errorf("the import changed nothing: %+v", after)
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
}

// jsonObject decodes an audit entry's record.
func jsonObject(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return m
}

// asExcel turns the cells of a file into what a workbook holds: a date as a
// date cell, a 12-digit number as a number (losing a leading zero), the
// rest as text.
func asExcel(rows [][]string) [][]any {
	date := regexp.MustCompile(`^\d\d\.\d\d\.\d{4}$`)
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = make([]any, len(r))
		for j, v := range r {
			out[i][j] = v
			if i == 0 {
				continue
			}
			if date.MatchString(v) {
				d, _ := time.Parse("02.01.2006", v)
				out[i][j] = d
			} else if n, err := strconv.ParseInt(v, 10, 64); err == nil && len(v) == 12 {
				out[i][j] = n
			}
		}
	}
	return out
}

// TestImportStudentsChanges imports a workbook in Kazakh over a registry
// that has some of its students: new ones are added, changed ones updated
// with an audit entry each (before and after), the others left alone, and
// columns the file lacks keep their stored values.
func TestImportStudentsChanges(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		r := newFixture(t, st)
		erlan, aigerim, asel := iin(t, "080315", false, 1001), iin(t, "071130", true, 1002), iin(t, "081005", true, 1004)
		first := writeCP1251(t, "first.csv", [][]string{
			{"ИИН", "Фамилия", "Имя", "Отчество", "БИН колледжа", "Группа", "Финансирование", "Телефон", "Дата зачисления"},
			{erlan, "Ахметов", "Ерлан", "Серикович", r.binA, groupDesign, "госзаказ", "+7 701 111 22 33", "01.09.2024"},
			{aigerim, "Серикова", "Айгерим", "", r.binA, groupPrimary, "платное", "+7 702 222 33 44", "01.09.2024"},
		})
		wantCounts(t, mustImport(t, st, domain.ImportStudents, first), 2, 2, 0, 0)

		// The Kazakh spelling of Айгерім, a changed status, no phone column.
		second := writeXLSX(t, "екінші.xlsx", [][]any{
			{"ЖСН", "Тегі", "Аты", "Әкесінің аты", "Колледж БСН", "Топ", "Қаржыландыру", "Мәртебесі", "Қабылданған күні"},
			{erlan, "Ахметов", "Ерлан", "Серикович", r.binA, groupDesign, "мемлекеттік тапсырыс", "оқиды", time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC)},
			{aigerim, "Серікова", "Айгерім", "", r.binA, groupPrimary, "ақылы", "академиялық демалыс", time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC)},
			{asel, "Нұрланова", "Әсел", "Нұрланқызы", r.binA, groupDesign, "мақсатты", "", time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC)},
		})
		wantCounts(t, mustImport(t, st, domain.ImportStudents, second), 3, 1, 1, 1)

		list, err := st.Students(context.Background(), domain.StudentFilter{Query: aigerim})
		must(t, err)
		if list.Total != 1 || list.Items[0].Name.First != "Айгерім" || list.Items[0].Status != "academic_leave" ||
			list.Items[0].Phone != "+7 702 222 33 44" {
			t.Errorf("after the second file: %+v", list.Items)
		}
		entries, err := st.Audit(context.Background(), domain.AuditFilter{RecordType: "student", Page: domain.Page{Size: 10}})
		must(t, err)
		if len(entries.Items) != 1 {
			t.Fatalf("audit of the update: %+v", entries.Items)
		}
		e := entries.Items[0]
		before, after := jsonObject(t, e.Before), jsonObject(t, e.After)
		if e.Action != "import_update" || e.Login != "cli" || e.CollegeID != r.collegeA || e.RegionID != 75 ||
			before["status"] != "studying" || after["status"] != "academic_leave" || after["first_name"] != "Айгерім" {
			t.Errorf("audit of the update: %+v", e)
		}
		if _, ok := after["phone"]; ok {
			t.Errorf("the phone, which the file lacks, is audited as changed: %s", e.After)
		}
		imports, err := st.Audit(context.Background(), domain.AuditFilter{RecordType: "import", Page: domain.Page{Size: 10}})
		must(t, err)
		if len(imports.Items) != 2 {
			t.Fatalf("audit of the imports: %+v", imports.Items)
		}
		if last := jsonObject(t, imports.Items[0].After); last["file"] != second || last["inserted"] != 1.0 || last["updated"] != 1.0 || last["unchanged"] != 1.0 {
			t.Errorf("audit of the last import: %+v", last)
		}
	})
}

// TestImportBadRows: a file with mistakes writes nothing and lists every
// one with its line and column, in Russian and in Kazakh.
func TestImportBadRows(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		r := newFixture(t, st)
		good := iin(t, "080315", false, 1001)
		twice := iin(t, "071130", true, 1002)
		unknownBIN := bin(t, "99084000909")
		path := writeCP1251(t, "плохой.csv", [][]string{
			{"Список обучающихся на 01.09.2024"},
			{"ИИН", "Фамилия", "Имя", "БИН колледжа", "Группа", "Код специальности", "Финансирование", "Дата зачисления"},
			{good, "Ахметов", "Ерлан", r.binA, groupDesign, "02120200", "госзаказ", "01.09.2024"},
			{wrongCheckDigit(iin(t, "080101", false, 1005)), "Оспанов", "Данияр", r.binA, groupDesign, "", "госзаказ", "01.09.2024"},
			{twice, "Иванова", "Мария", r.binA, groupPrimary, "99999999", "платное", "01.09.2024"},
			{iin(t, "080202", false, 1006), "Ким", "Виктор", r.binA, groupPrimary, "", "госзаказ", "31.02.2026"},
			{twice, "Иванова", "Мария", r.binA, groupPrimary, "", "платное", "01.09.2024"},
			{iin(t, "080303", false, 1007), "Петров", "Иван", unknownBIN, groupDesign, "", "госзаказ", "01.09.2024"},
			{iin(t, "080404", false, 1008), "Садыков", "Арман", r.binA, "ДО-99-9", "", "грант", "01.09.2024"},
			{iin(t, "080505", false, 1009), "Жумабаев", "Тимур", r.binA, groupPrimary, "", "бесплатно", "01.09.2024"},
			{iin(t, "080606", false, 1010), "Смагулов", "Асхат", r.binA, groupPrimary, "02120200", "госзаказ", "01.09.2024"},
		})
		before := registryCounts(t, st)
		_, err := runFile(cli, t, st, domain.ImportStudents, path, false)
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("want EINVALID, got %v", err)
		}
		wantProblems(t, problems(t, err, "ru"), []string{
			"4: ИИН: Неверная контрольная цифра ИИН: проверьте номер на опечатку.",
			"5: Код специальности: В классификаторе нет кода 99999999.",
			"6: Дата зачисления: «31.02.2026» — не дата: запишите её как ДД.ММ.ГГГГ.",
			"7: ИИН: " + twice + " есть и в строке 5: оставьте одну из двух строк.",
			"8: БИН колледжа: В реестре нет колледжа с БИН " + unknownBIN + ".",
			"9: Группа: В колледже с БИН " + r.binA + " нет группы ДО-99-9.",
			"10: Финансирование: «бесплатно» — не из списка: state (госзаказ, мемлекеттік тапсырыс); paid (платное, ақылы); targeted (целевое, мақсатты).",
			"11: Код специальности: 02120200 — не программа группы ПН-24-1: у неё 01140100.",
		})
		kk := problems(t, err, "kk")
		if len(kk) != 8 || kk[0] != "4: ИИН: ЖСН-нің бақылау цифры қате: нөмірді тексеріңіз." ||
			kk[3] != "7: ИИН: "+twice+" 5-жолда да бар: екі жолдың біреуін қалдырыңыз." ||
			kk[4] != "8: БИН колледжа: Тізілімде БСН-і "+unknownBIN+" колледж жоқ." {
			t.Errorf("in Kazakh:\n%s", strings.Join(kk, "\n"))
		}
		if after := registryCounts(t, st); after != before {
			t.Errorf("a file with mistakes changed the registry: %+v, then %+v", before, after)
		}
		if n := auditEntries(t, st, "import"); n != 0 {
			t.Errorf("%d import entries for a file that failed", n)
		}

		// A dry run reports the same problems; of a clean file, the same
		// counts as the import, and writes nothing.
		_, dry := runFile(cli, t, st, domain.ImportStudents, path, true)
		wantProblems(t, problems(t, dry, "en"), problems(t, err, "en"))
		clean := writeCP1251(t, "clean.csv", [][]string{
			{"ИИН", "Фамилия", "Имя", "БИН колледжа", "Группа", "Финансирование", "Дата зачисления"},
			{good, "Ахметов", "Ерлан", r.binA, groupDesign, "госзаказ", "01.09.2024"},
		})
		res, err := runFile(cli, t, st, domain.ImportStudents, clean, true)
		must(t, err)
		wantCounts(t, res, 1, 1, 0, 0)
		if after := registryCounts(t, st); after != before || !res.DryRun || auditEntries(t, st, "import") != 0 {
			t.Errorf("a dry run changed the registry: %+v, then %+v", before, after)
		}
		wantCounts(t, mustImport(t, st, domain.ImportStudents, clean), 1, 1, 0, 0)
	})
}

// TestImportManyProblems: a file wrong throughout reports its first
// problems by line, whichever check found them, and counts the rest.
func TestImportManyProblems(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		r := newFixture(t, st)
		rows := [][]string{{"ИИН", "Фамилия", "Имя", "БИН колледжа", "Группа", "Финансирование", "Дата зачисления"}}
		born := time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 0; i < 200; i++ {
			person := iinOf(t, born.AddDate(0, 0, i), false, 1)
			switch {
			case i < 100: // an unknown group, found by the store
				rows = append(rows, []string{person, "Ахметов", "Ерлан", r.binA, "Х-1", "госзаказ", "01.09.2024"})
			default: // an impossible date, found while reading
				rows = append(rows, []string{person, "Ахметов", "Ерлан", r.binA, groupDesign, "госзаказ", "30.02.2024"})
			}
		}
		datesFirst := append([][]string{rows[0]}, append(rows[101:], rows[1:101]...)...)
		for name, file := range map[string][][]string{"groups first": rows, "dates first": datesFirst} {
			_, err := runFile(cli, t, st, domain.ImportStudents, writeUTF8BOM(t, "wrong.csv", ';', file), false)
			var es *tabular.Errors
			if !errors.As(err, &es) || len(es.List) != importer.MaxErrors || es.Total() != 200 {
				t.Fatalf("%s: want %d problems of 200, got %v", name, importer.MaxErrors, err)
			}
			column := map[string]string{"groups first": "Группа", "dates first": "Дата зачисления"}[name]
			for i, e := range es.List {
				if e.Line != i+2 || e.Column != column {
					t.Fatalf("%s: problem %d: line %d, column %s", name, i, e.Line, e.Column)
				}
			}
		}
	})
}

// TestImportPlaces: regions by KATO or ISO code or by any of their names,
// cities by name within the region, and the problems of each.
func TestImportPlaces(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		newFixture(t, st)
		row := func(n int, region, city string) []string {
			return []string{bin(t, fmt.Sprintf("990940%05d", n)), "Тест колледжі", "Тест колледж", region, city, "частная"}
		}
		header := []string{"БИН", "Атауы", "Наименование", "Облыс", "Қала", "Меншік нысаны"}
		clean := writeUTF8BOM(t, "places.csv", ';', [][]string{header,
			row(1, "Ақмола облысы", "Көкшетау"),
			row(2, "Акмолинская обл.", "кокшетау"),
			row(3, "akmola region", "Kokshetau"),
			row(4, "11", "КОКШЕТАУ"),
			row(5, "KZ-75", ""),
			row(6, "г. Алматы", "Алматы"),
			row(7, "Алматинская область", "Қонаев"),
		})
		wantCounts(t, mustImport(t, st, domain.ImportColleges, clean), 7, 7, 0, 0)
		for region, want := range map[int]int{11: 4, 75: 2, 19: 1} {
			list, err := st.Colleges(context.Background(), domain.CollegeFilter{RegionID: region, Query: "Тест"})
			must(t, err)
			if list.Total != want {
				t.Errorf("region %d: %d colleges, want %d", region, list.Total, want)
			}
		}

		bad := writeUTF8BOM(t, "bad-places.csv", ';', [][]string{header,
			row(11, "Марс", "Олимп"),
			row(12, "Алматы", "Алматы"),
			row(13, "Акмолинская область", ""),
			row(14, "Акмолинская область", "Астана"),
			{wrongCheckDigit(bin(t, "99094000015")), "Тест колледжі", "Тест колледж", "71", "", "кооперативная"},
			row(1, "11", "Кокшетау"),
			row(1, "11", "Кокшетау"),
			{bin(t, "99094000016"), "?ызылорда колледжі", "Кызылординский колледж", "43", "Кызылорда", "государственная"},
		})
		_, err := runFile(cli, t, st, domain.ImportColleges, bad, false)
		wantProblems(t, problems(t, err, "ru"), []string{
			"2: Облыс: Нет региона «Марс»: укажите его двузначный код КАТО (75 — Алматы) или название.",
			"3: Облыс: «Алматы» подходит к нескольким регионам: укажите двузначный код КАТО.",
			"4: Қала: Укажите город: Акмолинская область — область, а не город республиканского значения.",
			"5: Қала: Нет города «Астана» в регионе Акмолинская область.",
			"6: БИН: Неверная контрольная цифра БИН: проверьте номер на опечатку.",
			"6: Меншік нысаны: «кооперативная» — не из списка: state (государственная, мемлекеттік); private (частная, жеке).",
			"8: БИН: " + row(1, "", "")[0] + " есть и в строке 7: оставьте одну из двух строк.",
			"9: Атауы: В «?ызылорда колледжі» вместо букв стоит «?»: сохраните файл как «CSV UTF-8» или XLSX, а не в ANSI (Windows-1251).",
		})
	})
}

// TestImportHeader: a column no header of the kind fits, and a required
// column the file lacks, stop the import before any row is read.
func TestImportHeader(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		r := newFixture(t, st)
		path := writeXLSX(t, "columns.xlsx", [][]any{
			{"ЖСН", "Тегі", "Аты", "Колледж БСН", "Топ", "Курс", "Қабылданған күні"},
			{iin(t, "080315", false, 1001), "Ахметов", "Ерлан", r.binA, groupDesign, "2", "01.09.2024"},
		})
		_, err := runFile(cli, t, st, domain.ImportStudents, path, false)
		wantProblems(t, problems(t, err, "en"), []string{
			"1: F (Курс): No column of this import is headed «Курс»: rename it to one of the accepted headers or delete the column.",
			"1: : No funding column: add a column headed one of: funding, Source of funding, Финансирование, Источник финансирования, Вид финансирования, Форма оплаты, Қаржыландыру, Қаржыландыру көзі.",
		})
		if n := registryCounts(t, st).Students; n != 0 {
			t.Errorf("%d students after a file with a wrong header", n)
		}
	})
}

// TestImportColumnsHeaders: within a kind, no header is accepted for two
// columns, and every column has headers in Cyrillic (Kazakh and Russian)
// and in Latin letters.
func TestImportColumnsHeaders(t *testing.T) {
	cyrillic := regexp.MustCompile(`\p{Cyrillic}`)
	latin := regexp.MustCompile(`\p{Latin}`)
	for _, k := range domain.ImportKinds {
		cols, err := importer.Columns(k)
		must(t, err)
		seen := map[string]string{}
		for _, c := range cols {
			var cyr, lat bool
			for _, h := range append([]string{c.Name}, c.Headers...) {
				n := tabular.NormalizeHeader(h)
				if other, ok := seen[n]; ok && other != c.Name {
					t.Errorf("%s: %q is a header of both %s and %s", k, h, other, c.Name)
				}
				seen[n] = c.Name
				cyr = cyr || cyrillic.MatchString(n)
				lat = lat || latin.MatchString(h) && h != c.Name
			}
			if !cyr || !lat {
				t.Errorf("%s: column %s lacks a Cyrillic or an English header: %v", k, c.Name, c.Headers)
			}
		}
	}
	if _, err := importer.Columns("mentors"); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("an unknown kind: %v", err)
	}
}

// TestImportCancelled: an import stopped half-way leaves the registry as
// it was, and the same file then imports.
func TestImportCancelled(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		r := newFixture(t, st)
		rows := [][]string{{"ИИН", "Фамилия", "Имя", "БИН колледжа", "Группа", "Финансирование", "Дата зачисления"}}
		born := time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 0; len(rows) <= 10_000; i++ {
			person := iinOf(t, born.AddDate(0, 0, i%365), i%2 == 0, 10*(i/365))
			rows = append(rows, []string{person, "Ахметов", "Ерлан", r.binA, groupDesign, "госзаказ", "01.09.2024"})
		}
		path := writeUTF8BOM(t, "big.csv", ';', rows)
		before := registryCounts(t, st)
		ctx, cancel := context.WithCancel(cli)
		opts, err := importer.ReadOptions(domain.ImportStudents, "")
		must(t, err)
		tr, err := tabular.Open(path, opts)
		must(t, err)
		defer tr.Close()
		_, err = importer.Import(ctx, st, domain.ImportStudents, tr, importer.Request{Progress: func(n int) {
			if n >= 4096 {
				cancel()
			}
		}})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("want the import cancelled, got %v", err)
		}
		if after := registryCounts(t, st); after != before {
			t.Errorf("a cancelled import changed the registry: %+v, then %+v", before, after)
		}
		wantCounts(t, mustImport(t, st, domain.ImportStudents, path), 10_000, 10_000, 0, 0)
	})
}
