package importer_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/dualtrack/dualtrack/internal/demo"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/importer"
	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/tabular"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// BenchmarkImportStudents imports national student lists, 560,000 rows and
// a tenth of it, with every check, into the national demo dataset on each
// database:
//
//	go test -run '^$' -bench ImportStudents -benchtime 1x -timeout 1h ./internal/importer/
//
// "new" imports students the registry lacks (every row inserted), "same"
// the same file again (every row compared and left unchanged). rows/s is
// the whole import: reading the file, checking every row and the file
// against the registry, writing. peak-RSS-MB is the benchmark process's
// peak resident memory during the import (VmHWM, reset before it); it
// includes the benchmark's own bookkeeping (the IINs already used), so the
// figures to compare are those of the command line below, a process of its
// own.
//
// DUALTRACK_BENCH_DB=sqlite or DUALTRACK_BENCH_DB=postgres runs the one
// database. The national dataset is generated once into
// $TMPDIR/dualtrack-import-bench/national.db (a few minutes; or name an
// existing one in DUALTRACK_BENCH_SQLITE, which is copied, never changed)
// and, for PostgreSQL, into the throwaway cluster at every run (about five
// minutes), unless DUALTRACK_BENCH_POSTGRES is the URL of a database that
// holds it (dualtrack demo --db … --scale national), which is copied
// (CREATE DATABASE … TEMPLATE), never changed:
//
//	DUALTRACK_BENCH_DB=postgres DUALTRACK_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/national \
//	  go test -run '^$' -bench ImportStudents -benchtime 1x -timeout 1h ./internal/importer/
//
// The student files are UTF-8 CSV with a BOM and semicolons, as Excel
// saves "CSV UTF-8" on a Russian Windows, group after group as a national
// list put together from the colleges' lists is; they are left in that
// directory for timing the command line on them:
//
//	cp national.db copy.db && dualtrack migrate --db copy.db
//	/usr/bin/time -v dualtrack import students $TMPDIR/dualtrack-import-bench/students-sqlite-560000-1.csv --db copy.db
func BenchmarkImportStudents(b *testing.B) {
	for _, db := range testkit.Databases {
		if only := os.Getenv("DUALTRACK_BENCH_DB"); only != "" && only != db.Name {
			continue
		}
		b.Run(db.Name, func(b *testing.B) {
			dsn := nationalDatabase(b, db.Name)
			st := testkit.OpenStore(b, dsn)
			groups, taken := benchRegistry(b, db.Name, dsn)
			block := 0
			for _, n := range []int{56_000, 560_000} {
				var file string
				b.Run(fmt.Sprintf("new/rows=%d", n), func(b *testing.B) {
					for i := 0; i < b.N; i++ {
						b.StopTimer()
						file = studentFile(b, db.Name, n, block, groups, taken)
						block++
						b.StartTimer()
						res := benchImport(b, st, file)
						if res.Inserted != n {
							b.Fatalf("%+v: want %d inserted", res, n)
						}
					}
				})
				b.Run(fmt.Sprintf("same/rows=%d", n), func(b *testing.B) {
					for i := 0; i < b.N; i++ {
						if res := benchImport(b, st, file); res.Unchanged != n {
							b.Fatalf("%+v: want %d unchanged", res, n)
						}
					}
				})
			}
		})
	}
}

// benchImport imports a student file as the command line does and reports
// its speed and peak memory.
func benchImport(b *testing.B, st *store.Store, file string) domain.ImportResult {
	b.Helper()
	b.StopTimer()
	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS(b)
	b.StartTimer()
	start := time.Now()
	ctx := domain.WithActor(context.Background(), domain.Actor{Via: "cli"})
	opts, err := importer.ReadOptions(domain.ImportStudents, "")
	if err != nil {
		b.Fatal(err)
	}
	r, err := tabular.Open(file, opts)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	res, err := importer.Import(ctx, st, domain.ImportStudents, r, importer.Request{})
	if err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(res.Rows)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(peakRSS(b), "peak-RSS-MB")
	b.Logf("%s: %+v in %s, peak RSS %.0f MB", filepath.Base(file), res, elapsed.Round(time.Millisecond), peakRSS(b))
	return res
}

// nationalDatabase returns a fresh database holding the national demo
// dataset.
func nationalDatabase(b *testing.B, kind string) string {
	b.Helper()
	ctx := context.Background()
	if kind == "postgres" {
		if src := os.Getenv("DUALTRACK_BENCH_POSTGRES"); src != "" {
			return copyPostgres(b, src)
		}
		dsn := testkit.PostgresURL(b)
		st := testkit.OpenStore(b, dsn)
		start := time.Now()
		if _, err := demo.Generate(ctx, st, refdata.All(), demo.Options{Scale: demo.ScaleNational, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		b.Logf("generated the national dataset on PostgreSQL in %s", time.Since(start).Round(time.Second))
		return dsn
	}
	src := os.Getenv("DUALTRACK_BENCH_SQLITE")
	if src == "" {
		src = filepath.Join(benchDir(b), "national.db")
		if _, err := os.Stat(src); err != nil {
			start := time.Now()
			st, err := store.Open(ctx, src+".part")
			if err == nil {
				err = st.Migrate(ctx, refdata.All())
			}
			if err == nil {
				_, err = demo.Generate(ctx, st, refdata.All(), demo.Options{Scale: demo.ScaleNational, Seed: 1})
			}
			if err == nil {
				err = st.Checkpoint(ctx)
			}
			if st != nil {
				st.Close()
			}
			if err == nil {
				err = os.Rename(src+".part", src)
			}
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("generated %s in %s", src, time.Since(start).Round(time.Second))
		}
	}
	dst := filepath.Join(b.TempDir(), "national.db")
	if err := copyFile(src, dst); err != nil {
		b.Fatal(err)
	}
	// A database made by an older dualtrack gets this one's migrations.
	st, err := store.Open(ctx, dst)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx, refdata.All()); err != nil {
		b.Fatal(err)
	}
	return dst
}

// copyPostgres copies the database at src into a new one on the same
// server, dropped when the benchmark ends, and migrates the copy.
func copyPostgres(b *testing.B, src string) string {
	b.Helper()
	u, err := url.Parse(src)
	if err != nil {
		b.Fatal(err)
	}
	template := strings.TrimPrefix(u.Path, "/")
	name := fmt.Sprintf("bench_%d", os.Getpid())
	u.Path = "/postgres"
	admin, err := sql.Open("pgx", u.String())
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	start := time.Now()
	if _, err := admin.Exec(fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, pgx.Identifier{template}.Sanitize())); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if admin, err := sql.Open("pgx", u.String()); err == nil {
			admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			admin.Close()
		}
	})
	u.Path = "/" + name
	st := testkit.OpenStore(b, u.String())
	if err := st.Migrate(context.Background(), refdata.All()); err != nil {
		b.Fatal(err)
	}
	b.Logf("copied %s in %s", template, time.Since(start).Round(time.Second))
	return u.String()
}

// benchGroup is a group of the registry that generated students join.
type benchGroup struct {
	bin, code, specialty, qualification string
	intake                              int
}

// benchRegistry reads the groups of the registry and the IINs it has, so
// that a generated student is new.
func benchRegistry(b *testing.B, kind, dsn string) ([]benchGroup, map[string]bool) {
	b.Helper()
	driver, source := "sqlite", "file:"+dsn+"?_pragma=query_only(1)"
	if kind == "postgres" {
		driver, source = "pgx", dsn
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT c.bin, g.code, p.specialty_code, COALESCE(p.qualification_code, ''), g.intake_year
		FROM study_groups g JOIN colleges c ON c.id = g.college_id JOIN programmes p ON p.id = g.programme_id ORDER BY g.id`)
	if err != nil {
		b.Fatal(err)
	}
	var groups []benchGroup
	for rows.Next() {
		var g benchGroup
		if err := rows.Scan(&g.bin, &g.code, &g.specialty, &g.qualification, &g.intake); err != nil {
			b.Fatal(err)
		}
		groups = append(groups, g)
	}
	rows.Close()
	taken := map[string]bool{}
	rows, err = db.Query(`SELECT iin FROM students`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var iin string
		if err := rows.Scan(&iin); err != nil {
			b.Fatal(err)
		}
		taken[iin] = true
	}
	rows.Close()
	if len(groups) == 0 {
		b.Fatal("the registry has no groups")
	}
	return groups, taken
}

func benchDir(b *testing.B) string {
	dir := filepath.Join(os.TempDir(), "dualtrack-import-bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	return dir
}

var (
	benchLast   = []string{"Ахметов", "Сейтқалиев", "Нұрланов", "Ким", "Оспанов", "Жұмабаев", "Садықов", "Петров", "Әбдірахманов", "Қасымов"}
	benchMale   = []string{"Ерлан", "Нұрсұлтан", "Әлихан", "Данияр", "Асхат", "Иван", "Дмитрий", "Арман", "Тимур"}
	benchFemale = []string{"Айгерім", "Гүлнәр", "Әсел", "Мария", "Дана", "Жанар", "Әлия", "Камила"}
	benchFather = []string{"Серикович", "Нурланович", "Болатович", "Маратович", "Кайратович"}
)

// studentFile writes n students new to the registry of one kind of
// database, spread over its groups: block numbers files whose students
// differ. Every value is valid, so every check runs and passes.
func studentFile(b *testing.B, kind string, n, block int, groups []benchGroup, taken map[string]bool) string {
	b.Helper()
	path := filepath.Join(benchDir(b), fmt.Sprintf("students-%s-%d-%d.csv", kind, n, block))
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<16)
	w.WriteString("\uFEFFИИН;Фамилия;Имя;Отчество;Дата рождения;Пол;БИН колледжа;Группа;Код специальности;Код квалификации;" +
		"Финансирование;Статус;Телефон;Дата зачисления\r\n")
	// Like a national list put together from the colleges' lists: group
	// after group, each with its share of the students. Paid or targeted:
	// the national dataset's state-funded seats are all taken, so the
	// seats checks (which run over every file) would rightly refuse new
	// state-funded students.
	fundings := []string{"платное", "целевое"}
	written, serial := 0, 700_000*block
	for gi := 0; written < n; gi++ {
		g := groups[gi%len(groups)]
		for want := (n - written) / (len(groups) - gi%len(groups)); want > 0 && written < n; {
			serial++
			born := time.Date(g.intake-16, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, serial%365)
			female := serial%2 == 1
			century := byte('5')
			if born.Year() < 2000 {
				century = '3'
			}
			if female {
				century++
			}
			iin, ok := domain.CompleteIdentifier(born.Format("060102") + string(century) + fmt.Sprintf("%04d", (serial/365)%10000))
			if !ok || taken[iin] {
				continue
			}
			taken[iin] = true
			last, first, middle, sex := benchLast[serial%len(benchLast)], benchMale[serial%len(benchMale)], benchFather[serial%len(benchFather)], "м"
			if female {
				last, first, middle, sex = last+"а", benchFemale[serial%len(benchFemale)], strings.TrimSuffix(middle, "ович")+"овна", "ж"
			}
			fmt.Fprintf(w, "%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;обучается;+7 701 %03d %02d %02d;01.09.%d\r\n",
				iin, last, first, middle, born.Format("02.01.2006"), sex, g.bin, g.code, g.specialty, g.qualification,
				fundings[serial%2], serial%1000, serial%100, (serial/100)%100, g.intake)
			written++
			want--
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// resetPeakRSS starts a new measure of the peak resident memory (Linux).
func resetPeakRSS(b *testing.B) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("cannot reset the peak RSS: %v", err)
	}
}

// peakRSS is the peak resident memory since resetPeakRSS, in MB.
func peakRSS(b *testing.B) float64 {
	s, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(s), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

func copyFile(src, dst string) error {
	b, err := os.Open(src)
	if err != nil {
		return err
	}
	defer b.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := out.ReadFrom(b); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
