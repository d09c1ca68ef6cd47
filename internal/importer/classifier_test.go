package importer_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/importer"
	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/tabular"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// shipped is the partial classifier migrations load; its format must import
// as it is.
const shipped = "../refdata/data/kz_tvet_classifier_partial.csv"

// write saves text in an encoding (nil: UTF-8 as is) into the test's
// temporary directory, as office software would save it.
func write(t *testing.T, name, text string, enc encoding.Encoding) string {
	t.Helper()
	b := []byte(text)
	if enc != nil {
		var err error
		if b, err = enc.NewEncoder().Bytes(b); err != nil {
			t.Fatalf("encode %s: %v", name, err)
		}
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// workbook saves rows, from A1 down, as the first sheet of an XLSX file.
// A nil row stays blank; numbers are stored as numbers, as Excel stores a
// code typed without a leading apostrophe.
func workbook(t *testing.T, name string, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// printed returns the problems of err as the command line prints them,
// with the temporary directory cut from the file names.
func printed(t *testing.T, err error) []string {
	t.Helper()
	var es *tabular.Errors
	if !errors.As(err, &es) {
		t.Fatalf("want *tabular.Errors, got %T: %v", err, err)
	}
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("code %q, want %q", domain.ErrorCode(err), domain.EINVALID)
	}
	var out []string
	for _, e := range es.List {
		out = append(out, strings.TrimPrefix(e.Error(), filepath.Dir(e.File)+string(filepath.Separator)))
	}
	return out
}

func equalLines(t *testing.T, got, want []string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestReadShippedClassifier(t *testing.T) {
	c, err := importer.ReadClassifierFile(shipped, "")
	if err != nil {
		t.Fatal(err)
	}
	specs, quals := refdata.Classifier()
	for i := range specs {
		specs[i].Validate()
	}
	for i := range quals {
		quals[i].Validate()
	}
	if !reflect.DeepEqual(c.Specialties, specs) {
		t.Errorf("specialties differ from what migrations load: %d read, %d shipped", len(c.Specialties), len(specs))
	}
	if !reflect.DeepEqual(c.Qualifications, quals) {
		t.Errorf("qualifications differ from what migrations load: %d read, %d shipped", len(c.Qualifications), len(quals))
	}
	if len(c.Specialties) != 70 || len(c.Qualifications) != 32 {
		t.Errorf("%d specialties, %d qualifications; want 70 and 32", len(c.Specialties), len(c.Qualifications))
	}
}

// TestClassifierLayouts reads the official list as people retype it: with
// a title, in Russian, Kazakh or English headers, with the row type in
// Russian, or with separate specialty and qualification code columns.
func TestClassifierLayouts(t *testing.T) {
	spec := domain.Specialty{Code: "07320500", ISCEDCode: "0732", Name: domain.Names{RU: "Строительство", KK: "Құрылыс"}}
	qual := domain.Qualification{Code: "3W07320501", SpecialtyCode: "07320500", Level: domain.LevelWorker, Name: domain.Names{RU: "Каменщик", KK: "Тас қалаушы"}}
	for _, c := range []struct{ name, text string }{
		{"russian.csv", "Классификатор специальностей и квалификаций;;\n" +
			"Код;Наименование на русском языке;Наименование на казахском языке\n" +
			"07320500;Строительство;Құрылыс\n3W07320501;Каменщик;Тас   қалаушы\n"},
		{"kazakh.csv", "Коды,Атауы (қаз),Атауы (орыс)\n07320500,Құрылыс,Строительство\n3w07320501,Тас қалаушы,Каменщик\n"},
		{"english.csv", "Code\tName (ru)\tName (kk)\n07320500\tСтроительство\tҚұрылыс\n3W07320501\tКаменщик\tТас қалаушы\n"},
		{"typed.csv", "Код;Тип;Наименование (рус);Атауы\n07320500;Специальность;Строительство;Құрылыс\n3W07320501;квалификация;Каменщик;Тас қалаушы\n"},
		{"two-codes.csv", "Код специальности;Код квалификации;Наименование;Атауы\n" +
			"07320500;;Строительство;Құрылыс\n07320500;3W07320501;Каменщик;\"Тас\nқалаушы\"\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := importer.ReadClassifierFile(write(t, c.name, c.text, nil), "")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Specialties, []domain.Specialty{spec}) {
				t.Errorf("specialties %+v", got.Specialties)
			}
			if !reflect.DeepEqual(got.Qualifications, []domain.Qualification{qual}) {
				t.Errorf("qualifications %+v", got.Qualifications)
			}
		})
	}
}

// TestClassifierRowErrors gives a file with many kinds of bad rows among
// good ones: every problem is reported at once, each with its row and
// column, and nothing is returned to import.
func TestClassifierRowErrors(t *testing.T) {
	text := "code,row_type,specialty_code,name_ru,name_kk\n" +
		"01140100,specialty,01140100,Педагогика,\n" + // 2: good
		"0114010,,,Без нуля,\n" + // 3: a code that is neither kind
		"01140500,specialty,,,\n" + // 4: no name
		"4S01140503,qualification,01140100,Тренер,\n" + // 5: wrong specialty
		"3W01140101,specialty,,Учитель,\n" + // 6: type against code
		"01120100,курс,,Дошкольное,\n" + // 7: unknown type
		"01140100,,,Педагогика дубль,\n" + // 8: duplicate of row 2
		"4S01140502,,,,Спорт жатты?тырушысы\n" + // 9: Kazakh letter lost
		"01130100,specialty,01130200,Начальное,\n" + // 10: specialty code repeats another
		"01120200,specialty,,Дошкольное,\n" // 11: good
	_, err := importer.ReadClassifierFile(write(t, "bad.csv", text, nil), "")
	equalLines(t, printed(t, err), []string{
		`bad.csv:3: column code: "0114010" is neither a specialty code (8 digits) nor a qualification code (3W or 4S and 8 digits)`,
		`bad.csv:4: column name_ru: a name in at least one language is required`,
		`bad.csv:5: column specialty_code: qualification code must continue its specialty code`,
		`bad.csv:6: column row_type: the row type is specialty but 3W01140101 is a qualification code`,
		`bad.csv:7: column row_type: unknown row type "курс": write specialty or qualification`,
		`bad.csv:8: column code: code 01140100 is also on row 2: keep one of the two rows`,
		`bad.csv:9: column name_kk: the name "Спорт жатты?тырушысы" has "?" where letters were lost: save the file as CSV UTF-8 or XLSX, not ANSI (Windows-1251)`,
		`bad.csv:10: column specialty_code: a specialty row must repeat its own code here, not 01130200`,
	})
}

func TestClassifierHeaderErrors(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []string
	}{
		{"no-code.csv", "Наименование;Атауы\nПедагогика;Педагогика\n", []string{
			"no-code.csv:1: no code column: add a column headed one of: code, Код, Коды, Кодтар, Шифр, Код специальности и квалификации, Код специальности, квалификации, Мамандық және біліктілік коды"}},
		{"no-name.csv", "Классификатор\nКод;Примечание\n01140100;нет\n", []string{
			"no-name.csv:2: no name column: add a column headed one of: " + namesAccepted()}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := importer.ReadClassifierFile(write(t, c.name, c.text, nil), "")
			equalLines(t, printed(t, err), c.want)
		})
	}
}

func namesAccepted() string {
	var parts []string
	for _, c := range importer.ClassifierColumns() {
		if strings.HasPrefix(c.Name, "name_") {
			parts = append(parts, strings.Join(append([]string{c.Name}, c.Headers...), ", ")) // no header repeats a name_* column name
		}
	}
	return strings.Join(parts, "; ")
}

func TestClassifierErrorCap(t *testing.T) {
	text := "code,name_ru\n" + strings.Repeat("12x,x\n", 60)
	_, err := importer.ReadClassifierFile(write(t, "many.csv", text, nil), "")
	var es *tabular.Errors
	if !errors.As(err, &es) || len(es.List) != importer.MaxErrors || es.Omitted != 10 {
		t.Fatalf("got %v", err)
	}
}

// registry is what the tests compare to prove that nothing was written.
func registry(t *testing.T, st *store.Store) ([]domain.Specialty, []domain.Qualification) {
	t.Helper()
	ctx := context.Background()
	specs, err := st.Specialties(ctx)
	if err != nil {
		t.Fatal(err)
	}
	quals, err := st.Qualifications(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	return specs, quals
}

func unchanged(t *testing.T, st *store.Store, specs []domain.Specialty, quals []domain.Qualification) {
	t.Helper()
	s, q := registry(t, st)
	if !reflect.DeepEqual(s, specs) || !reflect.DeepEqual(q, quals) {
		t.Errorf("the registry changed: %d → %d specialties, %d → %d qualifications", len(specs), len(s), len(quals), len(q))
	}
}

func importFile(t *testing.T, st *store.Store, path string, dryRun bool) importer.ClassifierReport {
	t.Helper()
	c, err := importer.ReadClassifierFile(path, "")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := c.Import(context.Background(), st, dryRun)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func counts(rep importer.ClassifierReport) [6]int {
	return [6]int{rep.SpecialtiesAdded, rep.SpecialtiesUpdated, rep.SpecialtiesUnchanged,
		rep.QualificationsAdded, rep.QualificationsUpdated, rep.QualificationsUnchanged}
}

func TestImportShippedUnchanged(t *testing.T) {
	t.Parallel()
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		specs, quals := registry(t, st)
		rep := importFile(t, st, shipped, false)
		if counts(rep) != [6]int{0, 0, 70, 0, 0, 32} || rep.Changed != nil {
			t.Errorf("report %+v, want all 70 + 32 unchanged", rep)
		}
		unchanged(t, st, specs, quals)
	})
}

// officialRuKk is the official list in Russian and Kazakh, saved by Excel
// as "CSV UTF-8" (with a byte-order mark, semicolons, a title line).
const officialRuKk = "\uFEFFКлассификатор специальностей и квалификаций ТиПО;;\r\n" +
	"Код;Наименование на русском языке;Наименование на казахском языке\r\n" +
	"01140100;Педагогика и методика начального обучения;Бастауыш білім беру педагогикасы мен әдістемесі\r\n" + // adds a Kazakh name
	"06130100;Программное обеспечение (по видам);Бағдарламалық қамтамасыз ету\r\n" + // as stored; its English name stays
	"4S06130103;Разработчик программного обеспечения;Бағдарламалық қамтамасыз етуді әзірлеуші\r\n" +
	"07320500;Строительство зданий (тест);Ғимараттар құрылысы (тест)\r\n" + // new
	"3W07320501;Каменщик;Тас қалаушы\r\n" + // new, under the new specialty
	"4S06130199;Тестировщик программного обеспечения;Бағдарламалық қамтамасыз етуді тестілеуші\r\n" // new, under a stored one

func TestImportClassifier(t *testing.T) {
	t.Parallel()
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		path := write(t, "official.csv", officialRuKk, nil)
		specs, quals := registry(t, st)

		dry := importFile(t, st, path, true)
		if want := [6]int{1, 1, 1, 2, 0, 1}; counts(dry) != want || !dry.DryRun {
			t.Errorf("dry run %v, want %v", counts(dry), want)
		}
		unchanged(t, st, specs, quals)

		rep := importFile(t, st, path, false)
		if !reflect.DeepEqual(rep.ClassifierChange, dry.ClassifierChange) {
			t.Errorf("the dry run promised %+v, the import did %+v", dry.ClassifierChange, rep.ClassifierChange)
		}
		want := []importer.Renamed{{Code: "01140100",
			Old: domain.Names{RU: "Педагогика и методика начального обучения"},
			New: domain.Names{RU: "Педагогика и методика начального обучения", KK: "Бастауыш білім беру педагогикасы мен әдістемесі"}}}
		if !reflect.DeepEqual(rep.Renamed, want) {
			t.Errorf("renamed %+v, want %+v", rep.Renamed, want)
		}

		sp, err := st.Specialty(ctx, "07320500")
		if err != nil || sp.ISCEDCode != "0732" || sp.Name.KK != "Ғимараттар құрылысы (тест)" {
			t.Errorf("new specialty %+v, %v", sp, err)
		}
		q, err := st.Qualification(ctx, "3W07320501")
		if err != nil || q.SpecialtyCode != "07320500" || q.Level != domain.LevelWorker || q.Name.RU != "Каменщик" {
			t.Errorf("new qualification %+v, %v", q, err)
		}
		if sp, _ := st.Specialty(ctx, "06130100"); sp.Name.EN != "Software" {
			t.Errorf("the English name of 06130100 is %q: a file without English names must keep it", sp.Name.EN)
		}

		again := importFile(t, st, path, false)
		if counts(again) != [6]int{0, 0, 3, 0, 0, 3} || again.Changed != nil {
			t.Errorf("second import %+v, want everything unchanged", again)
		}
	})
}

// TestImportEncodings imports new codes from the files Kazakh offices
// produce: Excel's "Unicode text" (UTF-16LE, tabs), an ANSI CSV
// (Windows-1251, semicolons; Russian only, since it has no Kazakh
// letters), and a workbook whose code Excel stored as a number.
func TestImportEncodings(t *testing.T) {
	t.Parallel()
	files := []struct {
		name, code string
		file       func(t *testing.T) string
	}{
		{"utf16le.txt", "07320500", func(t *testing.T) string {
			return write(t, "utf16le.txt", "Код\tНаименование на русском языке\tАтауы (қаз)\r\n"+
				"07320500\tСтроительство зданий (тест)\tҒимараттар құрылысы (тест)\r\n3W07320501\tКаменщик\tТас қалаушы\r\n",
				unicode.UTF16(unicode.LittleEndian, unicode.UseBOM))
		}},
		{"ansi.csv", "07320600", func(t *testing.T) string {
			return write(t, "ansi.csv", "Код;Наименование\r\n07320600;Строительство зданий (тест)\r\n3W07320601;Каменщик\r\n", charmap.Windows1251)
		}},
		{"numeric.xlsx", "07320900", func(t *testing.T) string {
			return workbook(t, "numeric.xlsx", [][]any{
				{"Классификатор специальностей"}, nil,
				{"Code", "Name (en)", "Атауы (орыс)"},
				{7320900, "Building construction (test)", "Строительство зданий (тест)"},
				{"3W07320901", "Bricklayer", "Каменщик"},
			})
		}},
	}
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		for _, f := range files {
			rep := importFile(t, st, f.file(t), false)
			if counts(rep) != [6]int{1, 0, 0, 1, 0, 0} {
				t.Errorf("%s: report %v, want one specialty and one qualification added", f.name, counts(rep))
			}
			sp, err := st.Specialty(context.Background(), f.code)
			if err != nil || sp.Name.RU != "Строительство зданий (тест)" {
				t.Errorf("%s: specialty %+v, %v", f.name, sp, err)
			}
		}
	})
}

// TestImportBadRowWritesNothing: a file with one bad row among good ones is
// refused as a whole, naming the row and the column.
func TestImportBadRowWritesNothing(t *testing.T) {
	t.Parallel()
	files := []struct {
		file func(t *testing.T) string
		want string
	}{
		{func(t *testing.T) string {
			return write(t, "utf16le.txt", "Код\tНаименование на русском языке\r\n07320500\tСтроительство (тест)\r\n"+
				"3W07320501\t\r\n4S06130199\tТестировщик\r\n", unicode.UTF16(unicode.LittleEndian, unicode.UseBOM))
		}, "utf16le.txt:3: column Наименование на русском языке: a name in at least one language is required"},
		{func(t *testing.T) string {
			// A number with a digit too many cannot be repaired.
			return workbook(t, "numeric.xlsx", [][]any{{"Код", "Наименование"}, {"07320500", "Строительство (тест)"}, {173205001, "Лишняя цифра"}})
		}, `numeric.xlsx:3: column A (Код): "173205001" is neither a specialty code (8 digits) nor a qualification code (3W or 4S and 8 digits)`},
	}
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		specs, quals := registry(t, st)
		for _, f := range files {
			_, err := importer.ReadClassifierFile(f.file(t), "")
			equalLines(t, printed(t, err), []string{f.want})
		}
		unchanged(t, st, specs, quals)
	})
}

// TestImportUnknownSpecialty: a qualification whose specialty is in
// neither the file nor the registry stops the import, in a dry run too; the
// message names the row and the cell that names the specialty.
func TestImportUnknownSpecialty(t *testing.T) {
	t.Parallel()
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		path := write(t, "unknown.csv", "code,specialty_code,name_ru\n"+
			"07320500,,Строительство (тест)\n"+
			"3W09990101,09990100,Неизвестная\n"+
			"3W07320501,,Каменщик\n"+
			"4S08880101,,Ещё одна\n", nil)
		c, err := importer.ReadClassifierFile(path, "")
		if err != nil {
			t.Fatal(err)
		}
		specs, quals := registry(t, st)
		for _, dryRun := range []bool{true, false} {
			_, err := c.Import(context.Background(), st, dryRun)
			equalLines(t, printed(t, err), []string{
				"unknown.csv:3: column specialty_code: specialty 09990100 of qualification 3W09990101 is neither in the file nor in the registry",
				"unknown.csv:5: column code: specialty 08880100 of qualification 4S08880101 is neither in the file nor in the registry",
			})
		}
		unchanged(t, st, specs, quals)
	})
}
