package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// importRegistry stores a college in Almaty with one group, and one in
// Astana with its coordinator's account, and returns their BINs.
func importRegistry(t *testing.T, dsn string) (binA, binB string) {
	t.Helper()
	st := testkit.OpenStore(t, dsn)
	ctx := context.Background()
	binA, _ = domain.CompleteIdentifier("99144001616")
	binB, _ = domain.CompleteIdentifier("99144001717")
	steps := []error{
		st.InsertColleges(ctx, []domain.College{
			{ID: 10, BIN: binA, Name: domain.Names{KK: "Алматы колледжі", RU: "Алматинский колледж"}, RegionID: 75, CityID: 1, Ownership: "state"},
			{ID: 11, BIN: binB, Name: domain.Names{KK: "Астана колледжі", RU: "Астанинский колледж"}, RegionID: 71, CityID: 2, Ownership: "state"},
		}),
		st.InsertProgrammes(ctx, []domain.Programme{
			{ID: 20, CollegeID: 10, SpecialtyCode: "01140100", DurationMonths: 34, HoursTotal: 100, HoursPractice: 50, HoursEnterprise: 10},
			{ID: 21, CollegeID: 11, SpecialtyCode: "01140100", DurationMonths: 34, HoursTotal: 100, HoursPractice: 50, HoursEnterprise: 10},
		}),
		st.InsertGroups(ctx, []domain.Group{
			{ID: 30, CollegeID: 10, ProgrammeID: 20, Code: "ПН-24-1", IntakeYear: 2024, Language: "ru"},
			{ID: 31, CollegeID: 11, ProgrammeID: 21, Code: "ПН-24-1", IntakeYear: 2024, Language: "kk"},
		}),
		st.FinishLoad(ctx),
	}
	if err := errors.Join(steps...); err != nil {
		t.Fatal(err)
	}
	testkit.NewUser(t, st, domain.User{Login: "astana-college", Role: domain.RoleCollege, CollegeID: 11})
	return binA, binB
}

// studentRows are n valid rows of a students' file at a college's group
// ПН-24-1, numbered from first.
func studentRows(t *testing.T, collegeBIN string, first, n int) []string {
	t.Helper()
	born := time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC)
	var rows []string
	for i := first; len(rows) < n; i++ {
		person, ok := domain.CompleteIdentifier(fmt.Sprintf("%s5%04d", born.AddDate(0, 0, i%365).Format("060102"), i/365))
		if !ok {
			continue
		}
		rows = append(rows, fmt.Sprintf("%s;Ахметов;Ерлан;%s;ПН-24-1;госзаказ;01.09.2024", person, collegeBIN))
	}
	return rows
}

const studentsHeader = "\uFEFFИИН;Фамилия;Имя;БИН колледжа;Группа;Финансирование;Дата зачисления\r\n"

// TestImportCommand drives `dualtrack import` as an administrator would,
// on both databases: a clean file, the same again, a dry run, a file with
// mistakes in Russian, and a user's scope with --as.
func TestImportCommand(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			dsn := db.DSN(t)
			binA, binB := importRegistry(t, dsn)
			file := writeFile(t, "students.csv", studentsHeader+strings.Join(studentRows(t, binA, 0, 3), "\r\n")+"\r\n")

			code, stdout, stderr := runCmd(t, "import", "students", file, "--db", dsn, "--dry-run")
			if code != 0 {
				t.Fatalf("dry run: exit %d, stderr %q", code, stderr)
			}
			wantContains(t, "dry run", stdout, "3 rows: 3 inserted, 0 updated, 0 unchanged.", "Dry run: nothing was written.")
			wantContains(t, "dry run's stderr", stderr, "Reading "+file+" (csv, utf-8 bom, semicolons)…")
			code, stdout, _ = runCmd(t, "import", "students", file, "--db", dsn)
			if code != 0 || !strings.Contains(stdout, "3 rows: 3 inserted, 0 updated, 0 unchanged.") {
				t.Fatalf("import: exit %d, %q", code, stdout)
			}
			code, stdout, _ = runCmd(t, "import", "--lang", "kk", "students", file, "--db", dsn)
			if code != 0 || !strings.Contains(stdout, "3 жол: 0 қосылды, 0 жаңартылды, 3 өзгеріссіз.") {
				t.Fatalf("again: exit %d, %q", code, stdout)
			}

			valid, _ := domain.CompleteIdentifier("08010150001")
			typo := valid[:11] + string(rune('0'+(valid[11]-'0'+1)%10))
			bad := writeFile(t, "bad.csv", studentsHeader+
				typo+";Оспанов;Данияр;"+binA+";ПН-24-1;госзаказ;01.09.2024\r\n"+
				strings.Join(studentRows(t, binA, 100, 1), "")+"\r\n"+
				strings.ReplaceAll(strings.Join(studentRows(t, binA, 200, 1), ""), "01.09.2024", "31.02.2026")+"\r\n")
			code, _, stderr = runCmd(t, "import", "students", bad, "--db", dsn, "--lang", "ru")
			if code != 1 {
				t.Fatalf("bad file: exit %d, stderr %q", code, stderr)
			}
			wantContains(t, "bad file", stderr,
				bad+":2: ИИН: Неверная контрольная цифра ИИН: проверьте номер на опечатку.\n",
				bad+":4: Дата зачисления: «31.02.2026» — не дата: запишите её как ДД.ММ.ГГГГ.\n",
				"dualtrack import: "+bad+": 2 ошибки, ничего не импортировано.\n")
			code, _, stderr = runCmd(t, "import", "students", bad, "--db", dsn, "--max-errors", "1")
			if code != 1 || strings.Contains(stderr, ":4:") {
				t.Fatalf("--max-errors 1: exit %d, %q", code, stderr)
			}
			wantContains(t, "--max-errors 1", stderr, "… and 1 more.\n", "2 problems, nothing imported.")

			// Astana's coordinator may not add students to a college in Almaty.
			other := writeFile(t, "other.csv", studentsHeader+strings.Join(studentRows(t, binA, 300, 1), "")+"\r\n"+
				strings.Join(studentRows(t, binB, 400, 1), "")+"\r\n")
			code, _, stderr = runCmd(t, "import", "students", other, "--db", dsn, "--as", "astana-college")
			if code != 1 {
				t.Fatalf("--as: exit %d, %q", code, stderr)
			}
			wantContains(t, "--as", stderr, other+":2: БИН колледжа: This row is outside your scope.\n", "1 problem, nothing imported.")
			if code, _, stderr = runCmd(t, "import", "teachers", other, "--db", dsn, "--as", "nobody"); code != 1 ||
				!strings.Contains(stderr, "--as nobody") {
				t.Errorf("--as an unknown login: exit %d, %q", code, stderr)
			}
		})
	}
}

func TestImportCommandUsage(t *testing.T) {
	code, _, stderr := runCmd(t, "import", "students", "--help")
	if code != 0 {
		t.Fatalf("--help: exit %d", code)
	}
	wantContains(t, "students --help", stderr, "Usage: dualtrack import KIND FILE", "employment", "Columns of students",
		"college_bin", `"БИН колледжа"`, `"Колледж БСН"`, "funding")
	if code, _, stderr = runCmd(t, "import", "offers", "--help"); code != 0 {
		t.Fatalf("offers --help: exit %d", code)
	}
	wantContains(t, "offers --help", stderr, "Columns of offers", "enterprise_bin", `"Номер"`, `"Нөмірі"`, "weekdays", "пн-пт")
	if code, _, stderr = runCmd(t, "import", "mentors", "x.csv"); code != 2 || !strings.Contains(stderr, "Cannot import mentors: the kinds are colleges") {
		t.Errorf("unknown kind: exit %d, %q", code, stderr)
	}
	if code, _, _ = runCmd(t, "import", "students"); code != 2 {
		t.Errorf("no file: exit %d", code)
	}
	if code, _, _ = runCmd(t, "import", "students", "x.csv", "--lang", "de"); code != 2 {
		t.Errorf("--lang de: exit %d", code)
	}
}

// TestImportKilled kills `dualtrack import` while it writes: the database
// is as before, and the same import then runs through.
func TestImportKilled(t *testing.T) {
	dsn := testkit.DSN(t)
	binA, _ := importRegistry(t, dsn)
	file := writeFile(t, "big.csv", studentsHeader+strings.Join(studentRows(t, binA, 0, 60_000), "\r\n")+"\r\n")

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "DUALTRACK_RUN_MAIN=1", "DUALTRACK_ARGS=import students "+file+" --db "+dsn)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stderr)
	if !sc.Scan() || !strings.HasPrefix(sc.Text(), "Reading ") {
		t.Fatalf("the import did not start: %q", sc.Text())
	}
	// The rows are on their way into the staging table now.
	time.Sleep(300 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the import ended before it was killed (%v): give it a bigger file", err)
	}

	st := testkit.OpenStore(t, dsn)
	counts, err := st.Counts(context.Background())
	if err != nil || counts.Students != 0 {
		t.Fatalf("after the kill: %d students, %v", counts.Students, err)
	}
	code, stdout, stderrText := runCmd(t, "import", "students", file, "--db", dsn)
	if code != 0 || !strings.Contains(stdout, "60,000 rows: 60,000 inserted") {
		t.Fatalf("the import again: exit %d, %q, %q", code, stdout, stderrText)
	}
}
