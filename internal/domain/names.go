package domain

import (
	"strings"
	"unicode"
)

// Languages of the user interface, in the order of the language switcher.
var Languages = []string{"kk", "ru", "en"}

// Names holds a name in the three languages of the product. Official names
// are kept as published; a missing translation falls back to another language
// rather than showing an empty cell.
type Names struct {
	KK string `json:"kk"`
	RU string `json:"ru"`
	EN string `json:"en"`
}

// In returns the name in lang, falling back to Russian, Kazakh, then English.
func (n Names) In(lang string) string {
	var first string
	switch lang {
	case "kk":
		first = n.KK
	case "ru":
		first = n.RU
	case "en":
		first = n.EN
	}
	for _, s := range []string{first, n.RU, n.KK, n.EN} {
		if s != "" {
			return s
		}
	}
	return ""
}

// Empty reports whether no language has a name.
func (n Names) Empty() bool { return n.KK == "" && n.RU == "" && n.EN == "" }

// cyrillicOrder is the Kazakh Cyrillic alphabet, which contains the Russian
// one: Ә after А, Ғ after Г, Қ after К, and so on.
const cyrillicOrder = "аәбвгғдежзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"

// cyrillicRank maps each letter of cyrillicOrder to a code point in
// U+0400…U+0429, in alphabet order. Unicode puts the Kazakh letters after Я,
// so a byte-order sort of plain text would list Әбілов after Яковлев; the
// remapped key sorts as a Kazakh or Russian reader expects. U+0400…U+042F are
// capital letters, which never occur in a lower-cased key, so nothing clashes.
var cyrillicRank = func() map[rune]rune {
	m := map[rune]rune{}
	i := rune(0)
	for _, r := range cyrillicOrder {
		m[r] = 0x400 + i
		i++
	}
	return m
}()

// SearchKey normalises text for case-insensitive search and sorting in any
// of the three languages: lower case, ё as е, runs of spaces and punctuation
// as one space, and Cyrillic letters remapped to sort in alphabet order (see
// cyrillicRank). Both the stored key and the user's query go through it, so
// the database compares plain bytes, a name prefix is an index range, and no
// database collation is involved. The key is for comparing, never for display.
func SearchKey(parts ...string) string {
	var b strings.Builder
	space := false
	for _, p := range parts {
		for _, r := range p {
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				r = unicode.ToLower(r)
				if r == 'ё' {
					r = 'е'
				}
				if ranked, ok := cyrillicRank[r]; ok {
					r = ranked
				}
				b.WriteRune(r)
			default:
				space = true
			}
		}
		space = true
	}
	return b.String()
}
