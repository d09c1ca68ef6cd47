package demo

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"unicode"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The name lists are the project's own (no name library has Cyrillic), one
// entry a line, # for comments. names_test.go checks their sizes.
//
//go:embed names/*.txt
var nameFiles embed.FS

// lists holds the parsed name lists.
type lists struct {
	kkMale, kkFemale, kkSurnames []string
	// Kazakh patronymics come in two styles: Серікұлы/Серікқызы and
	// Серикович/Сериковна. Each pair is {male, female}.
	kkPatronymicKazakh, kkPatronymicRussian [][2]string
	ruMale, ruFemale, ruSurnames            []string
	ruPatronymics                           [][2]string
	russianFirst                            map[string]bool // the names of ruMale and ruFemale

	streets       [][2]string // {kk, ru}
	eponyms       [][3]string // {kk, ru genitive, en}
	cityAdjective map[string]string
	collegeBrands []collegeBrand
	kindergartens []string
	brandRoots    []string
	// industryWords are the second words of company names by OKED section.
	industryWords map[string][]string
}

// collegeBrand is the name of a private college; only, if set, is the one
// kind of college that may bear it (a medical name for a medical college).
type collegeBrand struct{ name, only string }

// names parses the embedded lists once. They are part of the binary, so a
// malformed line is a programming error caught by the tests.
var names = sync.OnceValue(func() *lists {
	l := &lists{
		kkMale:        readLines("kk_male.txt"),
		kkFemale:      readLines("kk_female.txt"),
		kkSurnames:    readLines("kk_surnames.txt"),
		ruMale:        readLines("ru_male.txt"),
		ruFemale:      readLines("ru_female.txt"),
		ruSurnames:    readLines("ru_surnames.txt"),
		kindergartens: readLines("kindergartens.txt"),
		brandRoots:    readLines("brand_roots.txt"),
		cityAdjective: map[string]string{},
		industryWords: map[string][]string{},
		russianFirst:  map[string]bool{},
	}
	for _, n := range append(append([]string(nil), l.ruMale...), l.ruFemale...) {
		l.russianFirst[n] = true
	}
	for _, f := range readFields("kk_patronymics.txt", 2) {
		if strings.HasSuffix(f[0], "ұлы") {
			l.kkPatronymicKazakh = append(l.kkPatronymicKazakh, [2]string{f[0], f[1]})
		} else {
			l.kkPatronymicRussian = append(l.kkPatronymicRussian, [2]string{f[0], f[1]})
		}
	}
	for _, f := range readFields("ru_patronymics.txt", 2) {
		l.ruPatronymics = append(l.ruPatronymics, [2]string{f[0], f[1]})
	}
	for _, line := range readLines("college_brands.txt") {
		name, only, _ := strings.Cut(line, ";")
		l.collegeBrands = append(l.collegeBrands, collegeBrand{name, only})
	}
	for _, f := range readFields("streets.txt", 2) {
		l.streets = append(l.streets, [2]string{f[0], f[1]})
	}
	for _, f := range readFields("eponyms.txt", 3) {
		l.eponyms = append(l.eponyms, [3]string{f[0], f[1], f[2]})
	}
	for _, f := range readFields("city_adjectives.txt", 2) {
		l.cityAdjective[f[0]] = f[1]
	}
	for _, f := range readFields("industry_words.txt", 2) {
		l.industryWords[f[0]] = append(l.industryWords[f[0]], f[1])
	}
	return l
})

func readLines(file string) []string {
	b, err := nameFiles.ReadFile("names/" + file)
	if err != nil {
		panic(err)
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out
}

func readFields(file string, n int) [][]string {
	var out [][]string
	for _, line := range readLines(file) {
		f := strings.Split(line, ";")
		if len(f) != n {
			panic(fmt.Sprintf("demo names/%s: %q has %d fields, want %d", file, line, len(f), n))
		}
		out = append(out, f)
	}
	return out
}

// femaleSurname turns a male surname into the female form: Ахметов →
// Ахметова, Ильин → Ильина, Островский → Островская, Серікұлы → Серікқызы;
// Сейітқали, Шевченко and Шмидт stay as they are.
func femaleSurname(s string) string {
	switch {
	case strings.HasSuffix(s, "ұлы"):
		return strings.TrimSuffix(s, "ұлы") + "қызы"
	case strings.HasSuffix(s, "ский"), strings.HasSuffix(s, "цкий"):
		return strings.TrimSuffix(s, "ий") + "ая"
	case strings.HasSuffix(s, "ов"), strings.HasSuffix(s, "ев"), strings.HasSuffix(s, "ёв"),
		strings.HasSuffix(s, "ин"), strings.HasSuffix(s, "ын"):
		return s + "а"
	}
	return s
}

func bySex[T any](sex domain.Sex, male, female T) T {
	if sex == domain.Female {
		return female
	}
	return male
}

// kazakhName draws a Kazakh name. kazakhStyle is the share of patronymics
// written -ұлы/-қызы rather than -ович/-овна, which varies by region.
func (l *lists) kazakhName(r *rand.Rand, sex domain.Sex, kazakhStyle float64) domain.PersonName {
	n := domain.PersonName{First: pick(r, bySex(sex, l.kkMale, l.kkFemale))}
	if chance(r, 0.04) {
		// Since the 1990s some families take the surname from the
		// grandfather's name with -ұлы/-қызы; they seldom add a patronymic.
		n.Last = pick(r, l.kkMale) + bySex(sex, "ұлы", "қызы")
		return n
	}
	n.Last = pick(r, l.kkSurnames)
	if sex == domain.Female {
		n.Last = femaleSurname(n.Last)
	}
	if chance(r, 0.08) {
		return n // registered without a patronymic
	}
	p := pick(r, l.kkPatronymicRussian)
	if chance(r, kazakhStyle) {
		p = pick(r, l.kkPatronymicKazakh)
	}
	n.Middle = bySex(sex, p[0], p[1])
	return n
}

// russianName draws a name of a Russian-speaking family (Russian, Ukrainian
// or German surname, Russian first name and patronymic).
func (l *lists) russianName(r *rand.Rand, sex domain.Sex) domain.PersonName {
	n := domain.PersonName{
		First: pick(r, bySex(sex, l.ruMale, l.ruFemale)),
		Last:  pick(r, l.ruSurnames),
	}
	if sex == domain.Female {
		n.Last = femaleSurname(n.Last)
	}
	p := pick(r, l.ruPatronymics)
	n.Middle = bySex(sex, p[0], p[1])
	return n
}

// latin spells Kazakh and Russian Cyrillic in Latin letters for the English
// forms of company and college names (the usual passport-style spelling).
var latin = map[rune]string{
	'а': "a", 'ә': "a", 'б': "b", 'в': "v", 'г': "g", 'ғ': "g", 'д': "d", 'е': "e", 'ё': "yo",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'і': "i", 'к': "k", 'қ': "k", 'л': "l", 'м': "m",
	'н': "n", 'ң': "n", 'о': "o", 'ө': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ұ': "u", 'ү': "u", 'ф': "f", 'х': "kh", 'һ': "h", 'ц': "ts", 'ч': "ch", 'ш': "sh",
	'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
}

func transliterate(s string) string {
	var b strings.Builder
	for _, c := range s {
		lower := unicode.ToLower(c)
		t, ok := latin[lower]
		if !ok {
			b.WriteRune(c)
			continue
		}
		if lower != c && t != "" {
			t = strings.ToUpper(t[:1]) + t[1:]
		}
		b.WriteString(t)
	}
	return b.String()
}

// capitalise upper-cases the first letter.
func capitalise(s string) string {
	for i, c := range s {
		return string(unicode.ToUpper(c)) + s[i+len(string(c)):]
	}
	return s
}
