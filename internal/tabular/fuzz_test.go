package tabular_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"flag"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	unicodeenc "golang.org/x/text/encoding/unicode"

	"github.com/dualtrack/dualtrack/internal/tabular"
)

// The seeds are added with f.Add and also committed under testdata/fuzz,
// with the inputs fuzzing has found, so that a plain go test replays them
// all. Run a fuzz test with -rewrite-seeds to write its seeds again.
var rewriteSeeds = flag.Bool("rewrite-seeds", false, "write the seeds of the fuzz tests to testdata/fuzz")

func csvSeeds(t testing.TB) map[string][]byte {
	t.Helper()
	ansi, err := charmap.Windows1251.NewEncoder().String("sep=;\r\nСписок студентов;;;\r\nИИН;Фамилия;Имя;Дата рождения\r\n" +
		"070315500123;Ахметов;Ерлан;15.03.2007\r\n\r\n070315600124;\"Ким; Ли\";\"Анна \"\"Ан\"\"\";16.03.2007;;\r\n")
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicodeenc.UTF16(unicodeenc.LittleEndian, unicodeenc.UseBOM).NewEncoder().String("ЖСН\tТегі\tАты\r\n070315500123\tӘлиханов\tНұрсұлтан\r\n")
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{
		"ansi-semicolon":  []byte(ansi),
		"utf16-tab":       []byte(utf16),
		"bom-comma-quote": []byte("\uFEFFIIN,Фамилия,Имя\n070315500123,\"Ахметов,\nАхмет\",\"Ерлан \"\"Еркош\"\"\"\n 070315600124 , \"Ли\" ,Анна\n"),
		"kazakh":          []byte("ЖСН;Тегі;Аты;Туған күні\n070315500123;Әлиханов;Нұрсұлтан;15.03.2007\n70315600124;Бөкейханова;Гүлнәр;16.03.2007\n"),
		"unclosed":        []byte("ИИН;Фамилия\n070315500123;\"Ахметов\n070315600124;Ли\n"),
		"bare-quote":      []byte("ИИН;Фамилия\n070315500123;Ким \"Виктор\"\n070315600124;\"Ли\"Анна;лишнее\n"),
		"broken-utf8":     []byte("ИИН;Фамилия\n070315500123;Ахм\xffетов\n"),
		"pipe":            []byte("sep=|\nИИН|Фамилия\n070315500123|Ахметов\n"),
	}
}

func headerSeeds() []string {
	return []string{"Код специальности", "  АТАУЫ (ҚАЗ.) ", "Наименование\nна русском языке", "ЖСН", "\uFEFFIIN",
		"Туған\u00a0 күні", "İstanbul ſ ß ǅ", "Ғ Ү Ұ Қ Ө Ә Һ І Ң Ё"}
}

// writeSeeds saves values as the seed corpus of the fuzz test name, in the
// file format of go test.
func writeSeeds(t testing.TB, name string, seeds map[string]any) {
	t.Helper()
	dir := filepath.Join("testdata", "fuzz", name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for file, v := range seeds {
		var lit string
		switch v := v.(type) {
		case []byte:
			lit = "[]byte(" + strconv.Quote(string(v)) + ")"
		case string:
			lit = "string(" + strconv.Quote(v) + ")"
		}
		if err := os.WriteFile(filepath.Join(dir, "seed-"+file), []byte("go test fuzz v1\n"+lit+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checkRead reads data to the end and checks what every caller relies on:
// no panic, problems as *Errors or *Error with a message key, as many
// values as columns, lines increasing, values trimmed and valid UTF-8.
func checkRead(t *testing.T, name string, data []byte) {
	r, err := tabular.NewReader(name, bytes.NewReader(data), int64(len(data)), studentOpts)
	if err != nil {
		var es *tabular.Errors
		if !errors.As(err, &es) {
			t.Fatalf("open: %T %v, want *tabular.Errors", err, err)
		}
		for _, e := range es.List {
			if key(e) == "" {
				t.Fatalf("open: problem without a message key: %v", e)
			}
		}
		return
	}
	defer r.Close()
	if len(r.Columns) == 0 || r.HeaderLine < 1 {
		t.Fatalf("header on line %d with columns %+v", r.HeaderLine, r.Columns)
	}
	prev := r.HeaderLine
	for calls := 0; ; calls++ {
		if calls > len(data)+1 {
			t.Fatalf("more than %d rows from %d bytes", calls, len(data))
		}
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var e *tabular.Error
			if !errors.As(err, &e) || key(e) == "" || e.Line < 1 {
				t.Fatalf("row error %T %v: want a *tabular.Error with a key and a line", err, err)
			}
			continue
		}
		if len(row.Values) != len(r.Columns) {
			t.Fatalf("line %d: %d values for %d columns", row.Line, len(row.Values), len(r.Columns))
		}
		if row.Line <= prev {
			t.Fatalf("line %d after line %d", row.Line, prev)
		}
		prev = row.Line
		for _, v := range row.Values {
			if !utf8.ValidString(v) || strings.TrimSpace(v) != v {
				t.Fatalf("line %d: value %q", row.Line, v)
			}
		}
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("after the end: %v, want io.EOF", err)
	}
}

func FuzzReadCSV(f *testing.F) {
	seeds := csvSeeds(f)
	if *rewriteSeeds {
		m := map[string]any{}
		for k, v := range seeds {
			m[k] = v
		}
		writeSeeds(f, "FuzzReadCSV", m)
	}
	for _, k := range slices.Sorted(maps.Keys(seeds)) {
		f.Add(seeds[k])
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "fuzz.csv", data) })
}

func FuzzReadXLSX(f *testing.F) {
	path := filepath.Join(f.TempDir(), "students.xlsx")
	studentsWorkbook(f, path)
	workbook, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	stored := storedZip(f, workbook, nil)
	// The rewritten archive must still be the workbook, or the fuzzer
	// would only ever see a broken ZIP.
	r, err := tabular.NewReader("stored.xlsx", bytes.NewReader(stored), int64(len(stored)), studentOpts)
	if err != nil {
		f.Fatal(err)
	}
	if row, err := r.Next(); err != nil || r.Value(row, "last_name") != "Әлиханов" {
		f.Fatalf("stored workbook: %+v %v", row, err)
	}
	r.Close()
	if *rewriteSeeds {
		writeSeeds(f, "FuzzReadXLSX", map[string]any{"students": workbook, "students-stored": stored})
	}
	f.Add(workbook)
	f.Add(stored)
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "fuzz.xlsx", data) })
}

// storedZip rewrites a ZIP archive with its entries uncompressed and their
// checksums zeroed, which archive/zip does not verify: a mutation of the
// seed then reaches the XML of the workbook rather than failing the
// decompression or the checksum.
// forge, when not nil, may alter each entry's header.
func storedZip(t testing.TB, b []byte, forge func(*zip.FileHeader)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		h := &zip.FileHeader{Name: f.Name, Method: zip.Store, CompressedSize64: uint64(len(content)), UncompressedSize64: uint64(len(content))}
		if forge != nil {
			forge(h)
		}
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(content); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// isKazakhRussian reports whether r is a letter of the Kazakh or Russian
// alphabet.
func isKazakhRussian(r rune) bool {
	return r >= 'А' && r <= 'я' || r == 'Ё' || r == 'ё' || strings.ContainsRune("ӘәҒғҚқҢңӨөҰұҮүҺһІі", r)
}

func FuzzHeaderMapping(f *testing.F) {
	if *rewriteSeeds {
		m := map[string]any{}
		for i, s := range headerSeeds() {
			m[strconv.Itoa(i)] = s
		}
		writeSeeds(f, "FuzzHeaderMapping", m)
	}
	for _, s := range headerSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := tabular.NormalizeHeader(s)
		if again := tabular.NormalizeHeader(n); again != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, again)
		}
		if up, low := tabular.NormalizeHeader(strings.ToUpper(s)), tabular.NormalizeHeader(strings.ToLower(s)); up != n || low != n {
			t.Fatalf("case matters: %q → %q, upper %q, lower %q", s, n, up, low)
		}
		spaced := " \t" + strings.Join(strings.Fields(s), " \r\n\u00a0 ") + "\n"
		if got := tabular.NormalizeHeader(spaced); got != n {
			t.Fatalf("spacing matters: %q → %q, %q → %q", s, n, spaced, got)
		}
		// Kazakh and Russian letters are kept, in lower case and in
		// order: not dropped, not transliterated.
		var want, got []rune
		for _, r := range s {
			if isKazakhRussian(r) {
				want = append(want, unicode.ToLower(r))
			}
		}
		for _, r := range n {
			if isKazakhRussian(r) {
				got = append(got, r)
			}
		}
		if !isSubsequence(want, got) {
			t.Fatalf("letters of %q: %q, want %q kept", s, string(got), string(want))
		}

		// The header, typed in upper case with spaces around it, names the
		// column it is an alias of.
		if n == "" || !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			return
		}
		header := `"` + strings.ReplaceAll(strings.ToUpper(" "+s+" "), `"`, `""`) + "\"\n1\n"
		r, err := tabular.NewReader("h.csv", strings.NewReader(header), int64(len(header)), tabular.Options{Aliases: map[string]string{s: "column"}})
		if err != nil {
			t.Fatalf("header %q: %v", header, err)
		}
		defer r.Close()
		if len(r.Columns) != 1 || r.Columns[0].Name != "column" || len(r.Unknown()) != 0 {
			t.Fatalf("header %q read as %+v, unknown %+v", header, r.Columns, r.Unknown())
		}
	})
}

func isSubsequence(sub, of []rune) bool {
	i := 0
	for _, r := range of {
		if i < len(sub) && sub[i] == r {
			i++
		}
	}
	return i == len(sub)
}
