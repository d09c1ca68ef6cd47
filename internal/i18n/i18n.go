// Package i18n holds the Kazakh, Russian and English catalogs of every
// string the product shows, and picks the user's language. Catalogs are
// flat JSON objects from a message key to its text, one file per area and
// language (catalog/errors.kk.json, catalog/web.ru.json, …), merged on
// first use; a key defined twice stops the program; {name} marks a placeholder. A plural message has one key per
// CLDR form: "x.one", "x.few", "x.many", "x.other" (Russian uses all four,
// Kazakh and English one and other). The tests fail on any key missing or
// empty in a language.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/language"
)

// Languages in the order of the language switcher; Default is used when
// nothing the browser asks for is available.
var (
	Languages = []string{"kk", "ru", "en"}
	Default   = "kk"
)

//go:embed catalog/*.json
var files embed.FS

// catalogs maps a language to its messages. They are parsed on first use,
// not at start-up: parsing takes about 12 ms, which every command would
// otherwise pay, dualtrack match among them, whose whole run is a few times
// that and which shows no translated text. A broken catalog still panics
// (the catalogs are embedded, so it is a build that must not ship), and the
// tests parse every catalog, so none does.
var catalogs = sync.OnceValue(func() map[string]map[string]string {
	m := make(map[string]map[string]string)
	for _, lang := range Languages {
		m[lang] = make(map[string]string)
		names, _ := fs.Glob(files, "catalog/*."+lang+".json")
		for _, name := range names {
			b, err := files.ReadFile(name)
			if err != nil {
				panic(fmt.Sprintf("i18n: %s: %v", name, err))
			}
			var msgs map[string]string
			if err := json.Unmarshal(b, &msgs); err != nil {
				panic(fmt.Sprintf("i18n: %s: %v", name, err))
			}
			for k, v := range msgs {
				if _, dup := m[lang][k]; dup {
					panic(fmt.Sprintf("i18n: %s: key %q is defined in another catalog file too", name, k))
				}
				m[lang][k] = v
			}
		}
	}
	return m
})

// Keys returns every key of a language's catalog, sorted.
func Keys(lang string) []string {
	msgs := catalogs()[lang]
	keys := make([]string, 0, len(msgs))
	for k := range msgs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Supported reports whether lang is one of the product's languages.
func Supported(lang string) bool { return slices.Contains(Languages, lang) }

// Printer formats messages in one language.
type Printer struct {
	Lang string
}

// For returns the printer of lang, or of the default language.
func For(lang string) Printer {
	if !Supported(lang) {
		lang = Default
	}
	return Printer{Lang: lang}
}

// T returns the message for key with placeholders filled from pairs of
// name, value. A missing key shows as the key itself, so it is noticed in
// review; the catalog tests keep that from shipping.
func (p Printer) T(key string, pairs ...any) string {
	msg, ok := catalogs()[p.Lang][key]
	if !ok {
		return key
	}
	return fill(msg, pairs)
}

// TMap is T with the placeholders in a map, as domain errors carry them.
// A value named "name.<lang>" fills {name} in that language, so an error
// can name a college in the reader's language (domain.Error.WithNames).
func (p Printer) TMap(key string, params map[string]string) string {
	pairs := make([]any, 0, 2*len(params))
	for k, v := range params {
		if base, lang, ok := strings.Cut(k, "."); ok {
			if lang == p.Lang {
				pairs = append(pairs, base, v)
			}
			continue
		}
		if _, ok := params[k+"."+p.Lang]; ok {
			continue
		}
		pairs = append(pairs, k, v)
	}
	return p.T(key, pairs...)
}

// Has reports whether the catalog has key.
func (p Printer) Has(key string) bool {
	_, ok := catalogs()[p.Lang][key]
	return ok
}

// Plural returns the plural form of key for n, with {n} set to n formatted
// for the language and further placeholders from pairs.
func (p Printer) Plural(key string, n int, pairs ...any) string {
	return p.T(key+"."+PluralForm(p.Lang, n), append([]any{"n", p.Number(n)}, pairs...)...)
}

// Number formats an integer with the language's digit grouping: a
// non-breaking space in Kazakh and Russian ("560 000"), a comma in English.
func (p Printer) Number(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := "\u00a0"
	if p.Lang == "en" {
		sep = ","
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// PluralForm returns the CLDR plural category of an integer n in lang.
func PluralForm(lang string, n int) string {
	if n < 0 {
		n = -n
	}
	if lang == "ru" {
		switch {
		case n%10 == 1 && n%100 != 11:
			return "one"
		case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
			return "few"
		default:
			return "many"
		}
	}
	if n == 1 {
		return "one"
	}
	return "other"
}

// PluralForms lists the forms a plural message needs in lang.
func PluralForms(lang string) []string {
	if lang == "ru" {
		return []string{"one", "few", "many"}
	}
	return []string{"one", "other"}
}

func fill(msg string, pairs []any) string {
	if len(pairs) == 0 || !strings.Contains(msg, "{") {
		return msg
	}
	args := make([]string, 0, len(pairs))
	for i := 0; i+1 < len(pairs); i += 2 {
		args = append(args, "{"+fmt.Sprint(pairs[i])+"}", fmt.Sprint(pairs[i+1]))
	}
	return strings.NewReplacer(args...).Replace(msg)
}

// CookieName is the cookie that remembers a browser's chosen language.
const CookieName = "lang"

var matcher = language.NewMatcher([]language.Tag{language.Kazakh, language.Russian, language.English})

// FromRequest picks the language of a request: an explicit ?lang=, then the
// remembered cookie, then the best match of Accept-Language, then Default.
func FromRequest(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); Supported(l) {
		return l
	}
	if c, err := r.Cookie(CookieName); err == nil && Supported(c.Value) {
		return c.Value
	}
	return FromAcceptLanguage(r.Header.Get("Accept-Language"))
}

// FromAcceptLanguage matches an Accept-Language header to a product
// language; Default when nothing matches.
func FromAcceptLanguage(header string) string {
	if header == "" {
		return Default
	}
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return Default
	}
	_, idx, conf := matcher.Match(tags...)
	if conf == language.No {
		return Default
	}
	return Languages[idx]
}
