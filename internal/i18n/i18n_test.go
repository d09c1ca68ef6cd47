package i18n

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// baseKeys strips plural suffixes so that a plural message counts as one key.
func baseKeys(lang string) map[string][]string {
	m := map[string][]string{}
	for _, k := range Keys(lang) {
		base, form := k, ""
		for _, f := range []string{"one", "few", "many", "other"} {
			if strings.HasSuffix(k, "."+f) {
				base, form = strings.TrimSuffix(k, "."+f), f
			}
		}
		m[base] = append(m[base], form)
	}
	return m
}

// TestCatalogsComplete fails on any key that one language has and another
// lacks, on any empty message, on placeholders that differ between
// languages, and on plural messages without every form the language needs.
func TestCatalogsComplete(t *testing.T) {
	all := map[string]bool{}
	for _, lang := range Languages {
		for k := range baseKeys(lang) {
			all[k] = true
		}
	}
	for key := range all {
		var placeholders []string
		for i, lang := range Languages {
			forms, ok := baseKeys(lang)[key]
			if !ok {
				t.Errorf("%s: missing key %q", lang, key)
				continue
			}
			if forms[0] != "" {
				for _, need := range PluralForms(lang) {
					if !slices.Contains(forms, need) {
						t.Errorf("%s: plural %q lacks form %q", lang, key, need)
					}
				}
			}
			for _, f := range forms {
				k := key
				if f != "" {
					k += "." + f
				}
				msg := catalogs()[lang][k]
				if strings.TrimSpace(msg) == "" {
					t.Errorf("%s: empty message %q", lang, k)
				}
				got := placeholder.FindAllString(msg, -1)
				slices.Sort(got)
				got = slices.Compact(got)
				if f != "" {
					got = slices.DeleteFunc(got, func(s string) bool { return s == "{n}" })
				}
				if i == 0 && placeholders == nil {
					placeholders = got
				} else if !slices.Equal(got, placeholders) && f == "" {
					t.Errorf("%s: %q has placeholders %v, other languages %v", lang, k, got, placeholders)
				}
			}
		}
	}
}

func TestPluralForm(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"ru", 1, "one"}, {"ru", 21, "one"}, {"ru", 11, "many"}, {"ru", 2, "few"}, {"ru", 24, "few"},
		{"ru", 12, "many"}, {"ru", 5, "many"}, {"ru", 0, "many"}, {"kk", 1, "one"}, {"kk", 5, "other"}, {"en", 0, "other"},
	} {
		if got := PluralForm(c.lang, c.n); got != c.want {
			t.Errorf("PluralForm(%s, %d) = %s, want %s", c.lang, c.n, got, c.want)
		}
	}
}

func TestNumber(t *testing.T) {
	if got := For("ru").Number(560123); got != "560\u00a0123" {
		t.Errorf("ru: %q", got)
	}
	if got := For("en").Number(1234567); got != "1,234,567" {
		t.Errorf("en: %q", got)
	}
	if got := For("kk").Number(999); got != "999" {
		t.Errorf("kk: %q", got)
	}
}

func TestFromAcceptLanguage(t *testing.T) {
	for header, want := range map[string]string{
		"":                             Default,
		"ru-RU,ru;q=0.9,en;q=0.8":      "ru",
		"kk-KZ":                        "kk",
		"en-GB,en;q=0.9":               "en",
		"de-DE":                        Default,
		"fr;q=0.9, ru;q=0.5, kk;q=0.4": "ru",
	} {
		if got := FromAcceptLanguage(header); got != want {
			t.Errorf("FromAcceptLanguage(%q) = %s, want %s", header, got, want)
		}
	}
}
