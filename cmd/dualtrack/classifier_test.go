package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/testkit"
)

const shippedClassifier = "../../internal/refdata/data/kz_tvet_classifier_partial.csv"

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func wantContains(t *testing.T, what, got string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(got, p) {
			t.Errorf("%s lacks %q:\n%s", what, p, got)
		}
	}
}

// TestClassifierImportCommand drives `dualtrack classifier import` as an
// administrator would, on both databases: the shipped file changes nothing,
// a dry run reports without writing, the import writes what the dry run
// said, a repeat changes nothing, and a bad file is refused row by row.
func TestClassifierImportCommand(t *testing.T) {
	good := "\uFEFFКод;Наименование на русском языке;Атауы (қаз)\r\n" +
		"01140100;Педагогика и методика начального обучения;Бастауыш білім беру педагогикасы мен әдістемесі\r\n" +
		"07320500;Строительство зданий (тест);Ғимараттар құрылысы (тест)\r\n" +
		"3W07320501;Каменщик;Тас қалаушы\r\n"
	bad := "Код;Наименование на русском языке\r\n" +
		"07320500;Строительство зданий (тест)\r\n" +
		"0732050;Без нуля\r\n" +
		"3W09990101;Неизвестная\r\n" +
		"07320500;Дубль\r\n"
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			dsn := db.DSN(t)
			goodPath := writeFile(t, "official.csv", good)

			code, stdout, stderr := runCmd(t, "classifier", "import", shippedClassifier, "--db", dsn)
			if code != 0 || stderr != "" {
				t.Fatalf("shipped file: exit %d, stderr %q", code, stderr)
			}
			wantContains(t, "shipped import", stdout, "70 specialties, 32 qualifications",
				"specialties:    0 added, 0 updated, 70 unchanged", "qualifications: 0 added, 0 updated, 32 unchanged")

			// Flags may follow the file.
			code, stdout, stderr = runCmd(t, "classifier", "import", goodPath, "--dry-run", "--db", dsn)
			if code != 0 || stderr != "" {
				t.Fatalf("dry run: exit %d, stderr %q", code, stderr)
			}
			dryReport := stdout
			wantContains(t, "dry run", stdout, "(utf-8 bom, semicolons)", "specialties:    1 added, 1 updated, 0 unchanged",
				"qualifications: 1 added, 0 updated, 0 unchanged", `01140100   kk: "" → "Бастауыш білім беру педагогикасы мен әдістемесі"`,
				"dry run: nothing was written")

			code, stdout, stderr = runCmd(t, "classifier", "import", "--db", dsn, goodPath)
			if code != 0 || stderr != "" {
				t.Fatalf("import: exit %d, stderr %q", code, stderr)
			}
			if want := strings.TrimSuffix(dryReport, "dry run: nothing was written\n"); stdout != want {
				t.Errorf("the import reported\n%s\nthe dry run promised\n%s", stdout, want)
			}

			code, stdout, _ = runCmd(t, "classifier", "import", goodPath, "--db", dsn)
			if code != 0 {
				t.Fatalf("second import: exit %d", code)
			}
			wantContains(t, "second import", stdout, "0 added, 0 updated, 2 unchanged", "0 added, 0 updated, 1 unchanged")
			if strings.Contains(stdout, "names changed") {
				t.Errorf("second import changed names:\n%s", stdout)
			}

			badPath := writeFile(t, "bad.csv", bad)
			code, stdout, stderr = runCmd(t, "classifier", "import", badPath, "--db", dsn)
			if code != 1 || stdout != "" {
				t.Fatalf("bad file: exit %d, stdout %q", code, stdout)
			}
			want := badPath + `:3: column Код: "0732050" is neither a specialty code (8 digits) nor a qualification code (3W or 4S and 8 digits)` + "\n" +
				badPath + `:5: column Код: code 07320500 is also on row 2: keep one of the two rows` + "\n" +
				"dualtrack classifier: " + badPath + ": 2 problems, nothing imported\n"
			if stderr != want {
				t.Errorf("bad file, stderr:\n%s\nwant:\n%s", stderr, want)
			}

			// The unknown specialty is found against the registry.
			unknown := writeFile(t, "unknown.csv", "Код;Наименование\r\n3W09990101;Неизвестная\r\n")
			code, _, stderr = runCmd(t, "classifier", "import", unknown, "--db", dsn)
			if want := unknown + ":2: column Код: specialty 09990100 of qualification 3W09990101 is neither in the file nor in the registry\n" +
				"dualtrack classifier: " + unknown + ": 1 problem, nothing imported\n"; code != 1 || stderr != want {
				t.Errorf("unknown specialty: exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
			}
		})
	}
}

func TestClassifierCommandUsage(t *testing.T) {
	for _, c := range []struct {
		args   []string
		code   int
		stderr []string
	}{
		{[]string{"classifier"}, 2, []string{"Usage: dualtrack classifier SUBCOMMAND", "import FILE"}},
		{[]string{"classifier", "--help"}, 0, []string{"Usage: dualtrack classifier SUBCOMMAND"}},
		{[]string{"classifier", "export"}, 2, []string{`unknown subcommand "export"`}},
		{[]string{"classifier", "import", "--help"}, 0, []string{"Usage: dualtrack classifier import FILE [--db PATH|URL] [--dry-run] [--sheet NAME]",
			"Наименование на русском языке", "name_kk", "-dry-run", "-sheet"}},
		{[]string{"classifier", "import"}, 2, []string{"Usage: dualtrack classifier import FILE"}},
		{[]string{"classifier", "import", "a.csv", "b.csv"}, 2, []string{"Usage: dualtrack classifier import FILE"}},
		{[]string{"classifier", "import", "--no-such-flag", "a.csv"}, 2, []string{"flag provided but not defined"}},
		{[]string{"classifier", "import", filepath.Join(t.TempDir(), "missing.csv")}, 1, []string{"no such file"}},
	} {
		code, stdout, stderr := runCmd(t, c.args...)
		if code != c.code || stdout != "" {
			t.Errorf("%v: exit %d (want %d), stdout %q", c.args, code, c.code, stdout)
		}
		wantContains(t, strings.Join(c.args, " "), stderr, c.stderr...)
	}
}
