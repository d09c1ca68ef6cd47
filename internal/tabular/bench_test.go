package tabular_test

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"

	"github.com/dualtrack/dualtrack/internal/tabular"
)

// The benchmarks read a national student list, 560,000 rows, and a tenth of
// it, to show the speed and that memory does not grow with the file:
//
//	go test -run '^$' -bench ReadStudents -benchtime 2x ./internal/tabular/
//
// rows/s is the reading speed; peak-heap-MB the largest heap in use,
// sampled every 8,192 rows (garbage not yet collected included); B/row the
// bytes allocated per row. The files are generated on first use into
// $TMPDIR/dualtrack-tabular-bench (about 100 MB; delete it at will).

var benchOpts = tabular.Options{
	Aliases: map[string]string{
		"ИИН": "iin", "ЖСН": "iin", "Фамилия": "last_name", "Тегі": "last_name", "Имя": "first_name", "Аты": "first_name",
		"Отчество": "patronymic", "Әкесінің аты": "patronymic", "Дата рождения": "birth_date", "Туған күні": "birth_date",
		"Пол": "sex", "Жынысы": "sex", "БИН колледжа": "college_bin", "Колледж БСН": "college_bin",
		"Код специальности": "specialty_code", "Мамандық коды": "specialty_code",
		"Код квалификации": "qualification_code", "Біліктілік коды": "qualification_code",
		"Группа": "group", "Топ": "group", "Курс": "year", "Оқу формасы": "study_form", "Форма обучения": "study_form",
		"Язык обучения": "language", "Оқыту тілі": "language", "Дата зачисления": "enrolled", "Қабылданған күні": "enrolled",
		"Телефон": "phone", "Примечание": "note", "Ескертпе": "note",
	},
	Digits: map[string]int{"iin": 12, "college_bin": 12, "specialty_code": 8},
}

func BenchmarkReadStudentsCSV(b *testing.B)  { benchmarkRead(b, "csv") }
func BenchmarkReadStudentsXLSX(b *testing.B) { benchmarkRead(b, "xlsx") }

func benchmarkRead(b *testing.B, format string) {
	for _, n := range []int{56_000, 560_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			path := studentFile(b, format, n)
			var before, m runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var peak uint64
			rows := 0
			b.ResetTimer()
			for b.Loop() {
				r, err := tabular.Open(path, benchOpts)
				if err != nil {
					b.Fatal(err)
				}
				for {
					row, err := r.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					if len(row.Values[0]) != 12 {
						b.Fatalf("line %d: IIN %q", row.Line, row.Values[0])
					}
					if rows++; rows%8192 == 0 {
						runtime.ReadMemStats(&m)
						peak = max(peak, m.HeapInuse)
					}
				}
				if err := r.Close(); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&m)
			if rows != n*b.N {
				b.Fatalf("read %d rows, want %d", rows, n*b.N)
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(m.TotalAlloc-before.TotalAlloc)/float64(rows), "B/row")
		})
	}
}

// studentFile returns a generated student list of n rows: a Windows-1251
// CSV with semicolons as Excel saves it on a Russian Windows, or a
// workbook. It is made once and kept in a cache directory.
func studentFile(b *testing.B, format string, n int) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "dualtrack-tabular-bench")
	path := filepath.Join(dir, fmt.Sprintf("students-v2-%d.%s", n, format))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	tmp := filepath.Join(dir, "part-"+filepath.Base(path)) // excelize saves by the extension
	start := time.Now()
	var err error
	if format == "csv" {
		err = writeStudentsCSV(tmp, n)
	} else {
		err = writeStudentsXLSX(tmp, n)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		b.Fatal(err)
	}
	b.Logf("generated %s in %v", path, time.Since(start).Round(time.Millisecond))
	return path
}

// student is one generated row.
type student struct {
	iin, last, first, patronymic, birth, sex, bin, specialty, qualification, group, year, form, language, enrolled, phone, note string
}

// Names in Russian letters for the Windows-1251 file, which cannot hold
// Kazakh ones, and in Kazakh for the workbook.
var (
	lastNamesRu  = []string{"Ахметов", "Иванов", "Сейткалиев", "Нурланов", "Ким", "Оспанов", "Жумабаев", "Садыков", "Петров", "Абдрахманов", "Касымов", "Смагулов", "Бекмуханбетов", "Ли", "Шевченко", "Ермеков"}
	lastNamesKk  = []string{"Әлиханов", "Бөкейханов", "Сейтқалиев", "Нұрланов", "Ким", "Оспанов", "Жұмабаев", "Садықов", "Петров", "Әбдірахманов", "Қасымов", "Смағұлов", "Бекмұханбетов", "Ли", "Шевченко", "Ермеков"}
	maleRu       = []string{"Ерлан", "Нурсултан", "Алихан", "Данияр", "Асхат", "Иван", "Дмитрий", "Арман", "Тимур", "Бауыржан", "Ержан", "Виктор"}
	maleKk       = []string{"Ерлан", "Нұрсұлтан", "Әлихан", "Данияр", "Асхат", "Иван", "Дмитрий", "Арман", "Тимур", "Бауыржан", "Ержан", "Ғабит"}
	femaleRu     = []string{"Айгерим", "Гульнар", "Асель", "Мария", "Дана", "Жанар", "Алия", "Камила", "Анна", "Сауле"}
	femaleKk     = []string{"Айгерім", "Гүлнәр", "Әсел", "Мария", "Дана", "Жанар", "Әлия", "Камила", "Анна", "Сәуле"}
	fathers      = []string{"Серик", "Нурлан", "Ерлан", "Болат", "Марат", "Асхат", "Кайрат", "Жомарт"}
	specialties  = []string{"01140100", "06130100", "07161300", "10130300", "04110100", "07130700", "09130100", "02150100"}
	formsRu      = []string{"очная", "заочная"}
	formsKk      = []string{"күндізгі", "сырттай"}
	languagesRu  = []string{"казахский", "русский"}
	languagesKk  = []string{"қазақ", "орыс"}
	collegeCount = 800
)

func newStudents(seed uint64) func(kazakh bool) student {
	rnd := rand.New(rand.NewPCG(seed, 2024))
	bins := make([]string, collegeCount)
	for i := range bins {
		bins[i] = withCheckDigit(rnd, fmt.Sprintf("%02d%02d4", 90+rnd.IntN(10), 1+rnd.IntN(12)))
	}
	pick := func(s []string) string { return s[rnd.IntN(len(s))] }
	return func(kazakh bool) student {
		born := time.Date(2004+rnd.IntN(6), time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rnd.IntN(365))
		female := rnd.IntN(2) == 1
		sex := "5"
		if female {
			sex = "6"
		}
		s := student{
			iin:       withCheckDigit(rnd, born.Format("060102")+sex),
			birth:     born.Format("02.01.2006"),
			bin:       pick(bins),
			specialty: pick(specialties),
			year:      fmt.Sprint(1 + rnd.IntN(4)),
			enrolled:  time.Date(born.Year()+16, time.September, 1, 0, 0, 0, 0, time.UTC).Format("02.01.2006"),
			phone:     fmt.Sprintf("+7 7%02d %03d %02d %02d", rnd.IntN(100), rnd.IntN(1000), rnd.IntN(100), rnd.IntN(100)),
		}
		s.qualification = "4S" + s.specialty + fmt.Sprintf("%02d", 1+rnd.IntN(5))
		s.group = fmt.Sprintf("%s-%d-%d", []string{"ПО", "ТМ", "БУ", "ЭС"}[rnd.IntN(4)], 21+rnd.IntN(4), 1+rnd.IntN(3))
		last, male, fem, forms, languages := lastNamesRu, maleRu, femaleRu, formsRu, languagesRu
		if kazakh {
			last, male, fem, forms, languages = lastNamesKk, maleKk, femaleKk, formsKk, languagesKk
		}
		s.form, s.language = pick(forms), pick(languages)
		s.last, s.first, s.sex, s.patronymic = pick(last), pick(male), "м", pick(fathers)+"ович"
		if female {
			s.last, s.first, s.sex, s.patronymic = s.last+"а", pick(fem), "ж", pick(fathers)+"овна"
		}
		if rnd.IntN(20) == 0 {
			s.note = `переведён из колледжа "Болашак"; приказ № 12`
		}
		return s
	}
}

// withCheckDigit completes the first digits of an IIN or a BIN with random
// digits to 11 and the check digit of the Kazakh standard.
func withCheckDigit(rnd *rand.Rand, prefix string) string {
	for {
		d := []byte(prefix)
		for len(d) < 11 {
			d = append(d, byte('0'+rnd.IntN(10)))
		}
		sum := 0
		for i, c := range d {
			sum += int(c-'0') * (i + 1)
		}
		check := sum % 11
		if check == 10 {
			sum = 0
			for i, c := range d {
				sum += int(c-'0') * ((i+2)%11 + 1)
			}
			if check = sum % 11; check == 10 {
				continue
			}
		}
		return string(d) + string(rune('0'+check))
	}
}

func writeStudentsCSV(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	enc := transform.NewWriter(f, charmap.Windows1251.NewEncoder())
	w := bufio.NewWriterSize(enc, 1<<16)
	w.WriteString("ИИН;Фамилия;Имя;Отчество;Дата рождения;Пол;БИН колледжа;Код специальности;Код квалификации;Группа;Курс;Форма обучения;Язык обучения;Дата зачисления;Телефон;Примечание\r\n")
	next := newStudents(1)
	for range n {
		s := next(false)
		note := s.note
		if note != "" {
			note = `"` + strings.ReplaceAll(note, `"`, `""`) + `"`
		}
		fmt.Fprintf(w, "%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s\r\n", s.iin, s.last, s.first, s.patronymic, s.birth, s.sex,
			s.bin, s.specialty, s.qualification, s.group, s.year, s.form, s.language, s.enrolled, s.phone, note)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	return f.Close()
}

// writeStudentsXLSX writes the workbook as Excel saves one, which is not
// how excelize's stream writer does: every text in a shared-string table
// (sharedStrings.xml) that the sheet refers to by number, dates as numbers
// with a date format from styles.xml, a fifth of the IINs as numbers.
func writeStudentsXLSX(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	z := zip.NewWriter(f)
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	parts := [][2]string{
		{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<workbook ` + ns + ` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="` + rel + `styles" Target="styles.xml"/>` +
			`<Relationship Id="rId3" Type="` + rel + `sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/styles.xml", `<styleSheet ` + ns + `><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
			`<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>` +
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
			`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
			`<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`},
	}
	for _, p := range parts {
		w, err := z.Create(p[0])
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, xml.Header+p[1]); err != nil {
			return err
		}
	}

	sst := map[string]int{}
	var texts []string
	ref := func(s string) int {
		i, ok := sst[s]
		if !ok {
			i = len(texts)
			sst[s] = i
			texts = append(texts, s)
		}
		return i
	}
	sheet, err := z.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(sheet, 1<<16)
	w.WriteString(xml.Header + `<worksheet ` + ns + `><sheetData>`)
	writeRow := func(r int, cells []any) {
		fmt.Fprintf(w, `<row r="%d">`, r)
		for c, v := range cells {
			name, _ := excelize.CoordinatesToCellName(c+1, r)
			switch v := v.(type) {
			case string:
				if v != "" {
					fmt.Fprintf(w, `<c r="%s" t="s"><v>%d</v></c>`, name, ref(v))
				}
			case int64:
				fmt.Fprintf(w, `<c r="%s"><v>%d</v></c>`, name, v)
			case time.Time: // a date: days since 30 December 1899, shown through format 14
				fmt.Fprintf(w, `<c r="%s" s="1"><v>%d</v></c>`, name, int(v.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours()/24))
			}
		}
		w.WriteString(`</row>`)
	}
	writeRow(1, []any{"ЖСН", "Тегі", "Аты", "Әкесінің аты", "Туған күні", "Жынысы", "Колледж БСН", "Мамандық коды", "Біліктілік коды",
		"Топ", "Курс", "Оқу формасы", "Оқыту тілі", "Қабылданған күні", "Телефон", "Ескертпе"})
	date := func(d string) time.Time {
		t, _ := time.Parse("02.01.2006", d)
		return t
	}
	next := newStudents(1)
	for i := range n {
		s := next(true)
		var iin any = s.iin
		if i%5 == 0 {
			iin, _ = strconv.ParseInt(s.iin, 10, 64) // an IIN that Excel took for a number
		}
		writeRow(i+2, []any{iin, s.last, s.first, s.patronymic, date(s.birth), s.sex, s.bin, s.specialty, s.qualification,
			s.group, s.year, s.form, s.language, date(s.enrolled), s.phone, s.note})
	}
	w.WriteString(`</sheetData></worksheet>`)
	if err := w.Flush(); err != nil {
		return err
	}

	strs, err := z.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	w = bufio.NewWriterSize(strs, 1<<16)
	fmt.Fprintf(w, xml.Header+`<sst %s count="%d" uniqueCount="%d">`, ns, len(texts), len(texts))
	for _, t := range texts {
		w.WriteString("<si><t>")
		xml.EscapeText(w, []byte(t))
		w.WriteString("</t></si>")
	}
	w.WriteString("</sst>")
	if err := w.Flush(); err != nil {
		return err
	}
	if err := z.Close(); err != nil {
		return err
	}
	return f.Close()
}
