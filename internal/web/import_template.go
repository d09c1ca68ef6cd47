package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"unicode"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/importer"
)

// importTemplate downloads the header row of a kind of file, in the
// reader's language, as a CSV that Excel opens as it is: UTF-8 with a byte
// order mark, and the separator Excel expects in that language (a
// semicolon on Kazakh and Russian Windows, a comma in English). Filled in
// and saved, it imports.
func (h *Web) importTemplate(w http.ResponseWriter, r *http.Request) {
	k := domain.ImportKind(r.PathValue("kind"))
	specs, err := importer.Columns(k)
	if err != nil {
		h.fail(w, r, domain.NotFound("template"))
		return
	}
	v := h.newView(r, "imports")
	headers := make([]string, len(specs))
	for i, c := range specs {
		headers[i] = columnHeader(c, v.Lang)
	}
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	cw := csv.NewWriter(&b)
	if v.Lang != "en" {
		cw.Comma = ';'
	}
	cw.UseCRLF = true
	cw.Write(headers)
	cw.Flush()
	hd := w.Header()
	hd.Set("Content-Type", "text/csv; charset=utf-8")
	hd.Set("Content-Disposition", `attachment; filename="`+string(k)+"-"+v.Lang+`.csv"`)
	hd.Set("Content-Language", v.Lang)
	hd.Set("Cache-Control", "private, no-cache")
	hd.Set("Vary", "Accept-Language, Cookie")
	hd.Set("X-Content-Type-Options", "nosniff")
	w.Write(b.Bytes())
}

// columnHeader is the header of a column as a file in lang would write
// it, chosen among the headers the importer accepts for it (which are not
// marked by language): in English the first in Latin letters; in Russian
// the first in Cyrillic without Kazakh letters; in Kazakh the shortest
// with Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і), else the last in
// Cyrillic, which the importer lists after the Russian ones. The column's
// own name, accepted too, is the last resort.
func columnHeader(c importer.ColumnSpec, lang string) string {
	var latin, russian, kazakh, lastCyrillic string
	for _, hd := range c.Headers {
		switch {
		case isLatin(hd):
			if latin == "" {
				latin = hd
			}
		case strings.ContainsAny(strings.ToLower(hd), "әғқңөұүһі"):
			if kazakh == "" || len([]rune(hd)) < len([]rune(kazakh)) {
				kazakh = hd
			}
			lastCyrillic = hd
		default:
			if russian == "" {
				russian = hd
			}
			lastCyrillic = hd
		}
	}
	var choices []string
	switch lang {
	case "kk":
		choices = []string{kazakh, lastCyrillic, latin}
	case "ru":
		choices = []string{russian, lastCyrillic, latin}
	default:
		choices = []string{latin}
	}
	for _, s := range choices {
		if s != "" {
			return s
		}
	}
	return c.Name
}

// isLatin reports whether every letter of s is a Latin one.
func isLatin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.In(r, unicode.Latin) {
			return false
		}
	}
	return true
}
