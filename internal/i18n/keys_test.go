package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestErrorKeysTranslated finds every "error.…" message key written in the
// Go code of the product and checks that each language has it, so a new
// validation message cannot ship untranslated.
func TestErrorKeysTranslated(t *testing.T) {
	key := regexp.MustCompile(`"(error\.[a-z_]+(?:\.[a-z_]+)*)"`)
	root := filepath.Join("..", "..")
	found := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			found[m[1]] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < 20 {
		t.Fatalf("found only %d error keys; is the walk looking at the right folder?", len(found))
	}
	for k, path := range found {
		for _, lang := range Languages {
			if !For(lang).Has(k) {
				t.Errorf("%s: key %q (used in %s) is missing", lang, k, path)
			}
		}
	}
}
