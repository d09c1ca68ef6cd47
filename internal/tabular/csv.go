package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

func readCSV(name string, b []byte, opt Options) (*Table, error) {
	text, enc, err := decode(name, b)
	if err != nil {
		return nil, err
	}
	text, delim := sepLine(text)
	if delim == 0 {
		delim = sniffDelimiter(text)
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delim
	r.FieldsPerRecord = -1 // rows may be short or carry trailing empty columns
	var recs []record
	for {
		cells, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, NewErrors([]*Error{quoteError(name, text, err)}, 0)
		}
		line, _ := r.FieldPos(0)
		recs = append(recs, record{line: line, cells: cells})
	}
	t := &Table{File: name, Format: "csv", Encoding: enc, Delimiter: delim}
	return build(t, recs, opt, true)
}

// decode returns the text of a CSV file as UTF-8 and the encoding it was
// in. A byte-order mark decides; without one, bytes that are valid UTF-8 are
// UTF-8, and anything else is taken for Windows-1251, the "ANSI" code page
// of Russian and Kazakh Windows (in which any byte sequence is valid, so the
// order of the checks matters).
func decode(name string, b []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		body := b[len(bomUTF8):]
		if !utf8.Valid(body) {
			return "", "", NewErrors([]*Error{fileError(name, invalidUTF8Line(body), "", "error.file.encoding",
				"the file starts as UTF-8 but has bytes that are not UTF-8 here: save it again as CSV UTF-8")}, 0)
		}
		return string(body), "utf-8 bom", nil
	case bytes.HasPrefix(b, bomUTF16LE):
		s, err := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder().Bytes(b[len(bomUTF16LE):])
		return string(s), "utf-16le", err
	case bytes.HasPrefix(b, bomUTF16BE):
		s, err := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder().Bytes(b[len(bomUTF16BE):])
		return string(s), "utf-16be", err
	case utf8.Valid(b):
		return string(b), "utf-8", nil
	default:
		s, err := charmap.Windows1251.NewDecoder().Bytes(b)
		return string(s), "windows-1251", err
	}
}

// invalidUTF8Line is the 1-based line of the first byte that is not UTF-8.
func invalidUTF8Line(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return bytes.Count(b[:i], []byte("\n")) + 1
		}
		i += size
	}
	return 0
}

// sepLine honours the "sep=;" first line with which Excel marks the
// delimiter of a CSV. The line is blanked rather than cut so that line
// numbers stay those of the file.
func sepLine(text string) (string, rune) {
	first, rest, _ := strings.Cut(text, "\n")
	first = strings.TrimRight(first, "\r")
	if len(first) == len("sep=;") && strings.HasPrefix(strings.ToLower(first), "sep=") {
		if d := rune(first[4]); d == ',' || d == ';' || d == '\t' || d == '|' {
			return "\n" + rest, d
		}
	}
	return text, 0
}

// sniffSample is how many records the delimiter is judged on.
const sniffSample = 50

// sniffDelimiter picks the delimiter that splits the first records into the
// same number of fields most often. Names contain commas and the odd
// semicolon, but not on every line and not the same number of times, while
// the real delimiter recurs identically: consistency beats count. A
// candidate whose quotes do not parse loses. Ties go to tab, then semicolon
// (the Excel default where the decimal separator is a comma, as in
// Kazakhstan and Russia), then comma.
func sniffDelimiter(text string) rune {
	type score struct{ parses, freq, fields int }
	better := func(a, b score) bool {
		if a.parses != b.parses {
			return a.parses > b.parses
		}
		if a.freq != b.freq {
			return a.freq > b.freq
		}
		return a.fields > b.fields
	}
	best, bestScore := '\t', score{}
	for i, d := range []rune{'\t', ';', ','} {
		r := csv.NewReader(strings.NewReader(text))
		r.Comma = d
		r.FieldsPerRecord = -1
		s := score{parses: 1}
		counts := map[int]int{}
		for n := 0; n < sniffSample; n++ {
			cells, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				s.parses = 0
				break
			}
			if len(cells) > 1 {
				counts[len(cells)]++
			}
		}
		for fields, freq := range counts {
			if freq > s.freq || freq == s.freq && fields > s.fields {
				s.freq, s.fields = freq, fields
			}
		}
		if i == 0 || better(s, bestScore) {
			best, bestScore = d, s
		}
	}
	return best
}

// quoteError explains a CSV syntax error: the only ones encoding/csv
// reports with FieldsPerRecord < 0 are misplaced quotation marks. The error
// is placed at the start of the record, where the field that opened the
// quote is; the message gives the exact line and character too.
func quoteError(name, text string, err error) *Error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return &Error{File: name, Err: err}
	}
	if pe.Line != pe.StartLine {
		// The quote opened on StartLine swallowed the lines after it; where
		// the parser finally gave up says nothing useful.
		return &Error{File: name, Line: pe.StartLine, Err: domain.Errorf(domain.EINVALID, "error.file.unclosed_quote",
			"a quoted field starting on this line is not closed: check its quotation marks (inner ones are doubled: \"\")")}
	}
	char := runeColumn(text, pe.Line, pe.Column)
	de := domain.Errorf(domain.EINVALID, "error.file.quote",
		"misplaced quotation mark at line %d, character %d: a field with quotation marks or delimiters must be enclosed in quotes, with inner quotes doubled (\"\")",
		pe.Line, char).With("line", strconv.Itoa(pe.Line)).With("char", strconv.Itoa(char))
	return &Error{File: name, Line: pe.StartLine, Err: de}
}

// runeColumn converts the 1-based byte column of encoding/csv into the
// 1-based character a person counts (Cyrillic letters take two bytes).
func runeColumn(text string, line, byteCol int) int {
	for n := 1; n < line; n++ {
		_, rest, ok := strings.Cut(text, "\n")
		if !ok {
			return byteCol
		}
		text = rest
	}
	text, _, _ = strings.Cut(text, "\n")
	if byteCol-1 > len(text) {
		return utf8.RuneCountInString(text) + 1
	}
	return utf8.RuneCountInString(text[:max(byteCol-1, 0)]) + 1
}
