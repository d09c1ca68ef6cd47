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

// SearchKey normalises text for case-insensitive search in any of the three
// languages: lower case, ё as е, runs of spaces and punctuation as one space.
// Both the stored key and the user's query go through it, so the database
// compares plain bytes and needs no collation of its own.
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
				b.WriteRune(r)
			default:
				space = true
			}
		}
		space = true
	}
	return b.String()
}
